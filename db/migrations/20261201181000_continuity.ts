import type { Kysely } from "kysely";

// Continuity between convenings (docs/decisions/049). `continuations` says which deliberation was
// continued from which closed round of another; `proposal_lineage` ties each carried red line to
// the proposal it came from, with a frozen copy of that proposal's history (versions and per-round
// results, and the history it had itself carried). Nothing points at the source with a foreign
// key: deleting the source leaves the new deliberation and its history intact.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("continuations")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("deliberation_id", "text", (c) => c.notNull().unique().references("deliberations.id").onDelete("cascade"))
    .addColumn("source_deliberation_id", "text", (c) => c.notNull())
    .addColumn("source_title", "text", (c) => c.notNull())
    .addColumn("source_round_id", "text", (c) => c.notNull())
    .addColumn("source_round_number", "integer", (c) => c.notNull())
    .addColumn("source_report_version", "integer")
    .addColumn("members_carried", "integer", (c) => c.notNull())
    .addColumn("created_by", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("continuations_source_idx").on("continuations").column("source_deliberation_id").execute();
  await db.schema
    .createTable("proposal_lineage")
    .addColumn("proposal_id", "text", (c) => c.primaryKey().references("proposals.id").onDelete("cascade"))
    .addColumn("continuation_id", "text", (c) => c.notNull().references("continuations.id").onDelete("cascade"))
    .addColumn("source_proposal_id", "text", (c) => c.notNull())
    .addColumn("source_version_ids", "text", (c) => c.notNull())
    .addColumn("stages", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("proposal_lineage_continuation_idx").on("proposal_lineage").column("continuation_id").execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("proposal_lineage").ifExists().execute();
  await db.schema.dropTable("continuations").ifExists().execute();
}
