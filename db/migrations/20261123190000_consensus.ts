import type { Kysely } from "kysely";

// Consensus settings per deliberation (JSON of threshold overrides) and a per-round results cache.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("deliberations").addColumn("thresholds", "text", (c) => c.notNull().defaultTo("{}")).execute();
  await db.schema
    .createTable("round_results")
    .addColumn("round_id", "text", (c) => c.primaryKey().references("rounds.id").onDelete("cascade"))
    .addColumn("stamp", "text", (c) => c.notNull())
    .addColumn("computed_at", "text", (c) => c.notNull())
    .addColumn("payload", "text", (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("round_results").ifExists().execute();
  await db.schema.alterTable("deliberations").dropColumn("thresholds").execute();
}
