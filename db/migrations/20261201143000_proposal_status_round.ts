import { sql, type Kysely } from "kysely";

// The round in which a proposal was withdrawn or merged, so its author can read its history round
// by round. Rows changed before this column existed get the round that was open when they were
// last updated (a proposal row is updated only by that change).
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("proposals").addColumn("status_round_id", "text", (c) => c.references("rounds.id").onDelete("set null")).execute();
  await sql`
    update proposals set status_round_id = (
      select r.id from rounds r
      where r.deliberation_id = proposals.deliberation_id and r.opened_at <= proposals.updated_at
      order by r.number desc limit 1
    )
    where status <> 'active'
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("proposals").dropColumn("status_round_id").execute();
}
