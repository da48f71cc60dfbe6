import type { Kysely } from "kysely";

// The participation monitor (docs/decisions/047): a region may have a target share of the
// assembly as stakeholder groups do (null: no target, so no alert for it), and each deliberation
// says by how many percentage points a group or region may fall short of its target before the
// monitor raises an alert.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("regions").addColumn("target_share", "real").execute();
  await db.schema.alterTable("deliberations").addColumn("participation_margin", "integer", (c) => c.notNull().defaultTo(5)).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("deliberations").dropColumn("participation_margin").execute();
  await db.schema.alterTable("regions").dropColumn("target_share").execute();
}
