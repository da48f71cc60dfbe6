import type { Kysely } from "kysely";

// The ballot (issue 11): why a participant disagreed or passed (optional, one of five reasons, null
// otherwise), the order each participant sees the ballot in (a facilitator setting), and the one
// step a participant can undo (their last vote, with what it replaced).
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("votes").addColumn("reason", "text").execute();
  await db.schema.alterTable("deliberations").addColumn("ballot_order", "text", (c) => c.notNull().defaultTo("random")).execute();
  await db.schema
    .createTable("vote_undo")
    .addColumn("membership_id", "text", (c) => c.primaryKey().references("memberships.id").onDelete("cascade"))
    .addColumn("round_id", "text", (c) => c.notNull().references("rounds.id").onDelete("cascade"))
    .addColumn("version_id", "text", (c) => c.notNull().references("proposal_versions.id").onDelete("cascade"))
    // the vote this one replaced; a null choice means there was none (undo deletes the vote)
    .addColumn("previous_choice", "text")
    .addColumn("previous_confidence", "integer")
    .addColumn("previous_reason", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("vote_undo").ifExists().execute();
  await db.schema.alterTable("deliberations").dropColumn("ballot_order").execute();
  await db.schema.alterTable("votes").dropColumn("reason").execute();
}
