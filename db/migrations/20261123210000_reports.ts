import type { Kysely } from "kysely";

// Published consensus reports: immutable snapshots of the report model with a content hash.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("deliberations").addColumn("public_reports", "integer", (c) => c.notNull().defaultTo(0)).execute();
  await db.schema
    .createTable("reports")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("deliberation_id", "text", (c) => c.notNull().references("deliberations.id").onDelete("cascade"))
    .addColumn("round_id", "text", (c) => c.notNull().references("rounds.id"))
    .addColumn("version", "integer", (c) => c.notNull())
    .addColumn("model", "text", (c) => c.notNull())
    .addColumn("hash", "text", (c) => c.notNull())
    .addColumn("published_at", "text", (c) => c.notNull())
    .addColumn("published_by", "text", (c) => c.notNull().references("memberships.id"))
    .addUniqueConstraint("reports_version_unique", ["deliberation_id", "version"])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("reports").ifExists().execute();
  await db.schema.alterTable("deliberations").dropColumn("public_reports").execute();
}
