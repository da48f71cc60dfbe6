import type { Kysely } from "kysely";

// The participation monitor reads each voter of a round with their vote count and first vote
// (decision 050): with round, member and time in one index the read never touches the votes table.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex("votes_round_member_idx").on("votes").columns(["round_id", "membership_id", "created_at"]).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex("votes_round_member_idx").execute();
}
