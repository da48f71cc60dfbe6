/**
 * The report's own queries. Every query is scoped by deliberation id. Names and pseudonyms are
 * read only to be redacted from free text; they never enter the report model.
 */
import type { Executor } from "../../db/connection";
import { liveVoter } from "../eligibility/voters.server";

/** Every proposal id of the deliberation in order of creation (their 1-based position is the proposal number). */
export async function listProposalOrder(db: Executor, deliberationId: string): Promise<string[]> {
  const rows = await db.selectFrom("proposals").select("id").where("deliberation_id", "=", deliberationId).orderBy("created_at").orderBy("id").execute();
  return rows.map((r) => r.id);
}

/** Live voters (participants, facilitators who also vote) with their group / region id and whether they voted in the round. */
export async function listParticipation(db: Executor, deliberationId: string, roundId: string) {
  const [rows, voters] = await Promise.all([
    db
      .selectFrom("memberships as m")
      .select(["m.id", "m.stakeholder_group_id", "m.region_id"])
      .where("m.deliberation_id", "=", deliberationId)
      .where(liveVoter("m"))
      .orderBy("m.created_at")
      .orderBy("m.id")
      .execute(),
    // one pass over the round's votes (a correlated EXISTS per member rescanned them 5,000 times)
    db.selectFrom("votes").select("membership_id").distinct().where("round_id", "=", roundId).execute(),
  ]);
  const voted = new Set(voters.map((v) => v.membership_id));
  return rows.map((r) => ({ groupId: r.stakeholder_group_id, regionId: r.region_id, voted: voted.has(r.id) }));
}

/**
 * Visible arguments (stance supports / opposes, neither hidden nor deleted) on the given
 * proposals, optionally only those written up to a moment (the round's close). No author column.
 */
export async function listVisibleArguments(db: Executor, deliberationId: string, proposalIds: readonly string[], until: string | null) {
  if (proposalIds.length === 0) return [];
  let q = db
    .selectFrom("comments")
    .select(["proposal_id", "stance", "body"])
    .where("deliberation_id", "=", deliberationId)
    .where("proposal_id", "in", [...proposalIds])
    .where("stance", "in", ["supports", "opposes"])
    .where("hidden_at", "is", null)
    .where("deleted_at", "is", null);
  if (until) q = q.where("created_at", "<=", until);
  return q.orderBy("created_at").orderBy("id").execute();
}

/** Display names, emails and pseudonyms of everyone who ever was a member (to redact them from free text). */
export async function listNamesToRedact(db: Executor, deliberationId: string): Promise<string[]> {
  const rows = await db
    .selectFrom("memberships as m")
    .innerJoin("users as u", "u.id", "m.user_id")
    .select(["u.display_name", "u.email", "m.pseudonym"])
    .where("m.deliberation_id", "=", deliberationId)
    .execute();
  const out = new Set<string>();
  for (const r of rows) {
    for (const v of [r.display_name, r.email, r.pseudonym]) if (v && v.trim()) out.add(v.trim());
  }
  return [...out].sort();
}
