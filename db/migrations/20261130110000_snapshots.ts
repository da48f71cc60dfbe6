import type { Kysely } from "kysely";

// Closed means frozen: a snapshot of each closed round; labelled re-analyses of a closed round
// with other thresholds; the open-data bundle stored with each published report version.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("round_snapshots")
    .addColumn("round_id", "text", (c) => c.primaryKey().references("rounds.id").onDelete("cascade"))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("payload", "text", (c) => c.notNull())
    .addColumn("sha256", "text", (c) => c.notNull())
    .execute();
  await db.schema
    .createTable("round_analyses")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("round_id", "text", (c) => c.notNull().references("rounds.id").onDelete("cascade"))
    .addColumn("label", "text", (c) => c.notNull())
    .addColumn("thresholds", "text", (c) => c.notNull())
    .addColumn("created_by", "text", (c) => c.notNull().references("memberships.id"))
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("round_analyses_round").on("round_analyses").columns(["round_id", "created_at"]).execute();
  await db.schema
    .createTable("report_files")
    .addColumn("report_id", "text", (c) => c.notNull().references("reports.id").onDelete("cascade"))
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("position", "integer", (c) => c.notNull())
    .addColumn("content", "text", (c) => c.notNull())
    .addColumn("bytes", "integer", (c) => c.notNull())
    .addColumn("sha256", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("report_files_pk", ["report_id", "name"])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("report_files").ifExists().execute();
  await db.schema.dropTable("round_analyses").ifExists().execute();
  await db.schema.dropTable("round_snapshots").ifExists().execute();
}
