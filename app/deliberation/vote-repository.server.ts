import type { Executor } from "../../db/connection";
import { newId } from "../auth/crypto.server";

/**
 * Insert or change a vote in one statement. The unique (version, member) constraint plus
 * ON CONFLICT makes concurrent double submits land as one row, whichever arrives last.
 */
export async function upsertVote(
  db: Executor,
  input: { roundId: string; versionId: string; membershipId: string; choice: "agree" | "disagree" | "pass"; confidence: number | null },
) {
  const now = new Date().toISOString();
  await db
    .insertInto("votes")
    .values({
      id: newId(),
      round_id: input.roundId,
      version_id: input.versionId,
      membership_id: input.membershipId,
      choice: input.choice,
      confidence: input.confidence,
      created_at: now,
      updated_at: now,
    })
    .onConflict((oc) =>
      oc.columns(["version_id", "membership_id"]).doUpdateSet({ choice: input.choice, confidence: input.confidence, updated_at: now }),
    )
    .execute();
}

export async function listMyVotes(db: Executor, roundId: string, membershipId: string) {
  return db
    .selectFrom("votes")
    .select(["version_id", "choice", "confidence"])
    .where("round_id", "=", roundId)
    .where("membership_id", "=", membershipId)
    .execute();
}

/** Every vote of a round from current members, in time order, with the voter's group and region (no identities). */
export async function listRoundVotes(db: Executor, deliberationId: string, roundId: string) {
  return db
    .selectFrom("votes")
    .innerJoin("memberships as m", "m.id", "votes.membership_id")
    .select(["votes.version_id", "votes.membership_id", "votes.choice", "votes.confidence", "m.stakeholder_group_id", "m.region_id"])
    .where("m.deliberation_id", "=", deliberationId)
    .where("m.removed_at", "is", null)
    .where("votes.round_id", "=", roundId)
    .orderBy("votes.updated_at")
    .orderBy("votes.id")
    .execute();
}

/** Participants eligible to vote (live participant memberships) with their group. */
export async function listEligibleVoters(db: Executor, deliberationId: string) {
  return db
    .selectFrom("memberships")
    .select(["id", "stakeholder_group_id", "region_id"])
    .where("deliberation_id", "=", deliberationId)
    .where("role", "=", "participant")
    .where("removed_at", "is", null)
    .orderBy("created_at")
    .orderBy("id")
    .execute();
}
