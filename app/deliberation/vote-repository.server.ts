import type { Executor } from "../../db/connection";
import { newId } from "../auth/crypto.server";
import type { DisagreeReason } from "./disagree-reasons";
import { liveVoter } from "../eligibility/voters.server";

type Choice = "agree" | "disagree" | "pass";

/**
 * Insert or change a vote in one statement. The unique (version, member) constraint plus
 * ON CONFLICT makes concurrent double submits land as one row, whichever arrives last.
 */
export async function upsertVote(
  db: Executor,
  input: { roundId: string; versionId: string; membershipId: string; choice: Choice; confidence: number | null; reason?: DisagreeReason | null },
) {
  const reason = input.choice === "agree" ? null : (input.reason ?? null);
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
      reason,
      created_at: now,
      updated_at: now,
    })
    .onConflict((oc) =>
      oc.columns(["version_id", "membership_id"]).doUpdateSet({ choice: input.choice, confidence: input.confidence, reason, updated_at: now }),
    )
    .execute();
}

export async function listMyVotes(db: Executor, roundId: string, membershipId: string) {
  return db
    .selectFrom("votes")
    .select(["version_id", "choice", "confidence", "reason"])
    .where("round_id", "=", roundId)
    .where("membership_id", "=", membershipId)
    .execute();
}

/** Every vote of a round from current members, in time order, with the voter's group and region (no identities). */
export async function listRoundVotes(db: Executor, deliberationId: string, roundId: string) {
  return db
    .selectFrom("votes")
    .innerJoin("memberships as m", "m.id", "votes.membership_id")
    .select(["votes.version_id", "votes.membership_id", "votes.choice", "votes.confidence", "votes.reason", "m.stakeholder_group_id", "m.region_id"])
    .where("m.deliberation_id", "=", deliberationId)
    .where("m.removed_at", "is", null)
    .where("votes.round_id", "=", roundId)
    .orderBy("votes.updated_at")
    .orderBy("votes.id")
    .execute();
}

/** Members eligible to vote (the one rule: voters.server.ts) with their group and region. */
export async function listEligibleVoters(db: Executor, deliberationId: string) {
  return db
    .selectFrom("memberships")
    .select(["id", "stakeholder_group_id", "region_id"])
    .where("deliberation_id", "=", deliberationId)
    .where(liveVoter())
    .orderBy("created_at")
    .orderBy("id")
    .execute();
}

/** A member's vote on one version (for undo: what a new vote replaces). */
export async function findMyVote(db: Executor, versionId: string, membershipId: string) {
  return db
    .selectFrom("votes")
    .select(["choice", "confidence", "reason"])
    .where("version_id", "=", versionId)
    .where("membership_id", "=", membershipId)
    .executeTakeFirst();
}

/** Set the reason on a member's Disagree or Pass (an Agree never has one); true when a vote was changed. */
export async function setMyVoteReason(db: Executor, versionId: string, membershipId: string, reason: DisagreeReason) {
  const result = await db
    .updateTable("votes")
    .set({ reason, updated_at: new Date().toISOString() })
    .where("version_id", "=", versionId)
    .where("membership_id", "=", membershipId)
    .where("choice", "<>", "agree")
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

export async function deleteMyVote(db: Executor, versionId: string, membershipId: string) {
  await db.deleteFrom("votes").where("version_id", "=", versionId).where("membership_id", "=", membershipId).execute();
}

/** Remember a member's last vote and what it replaced (one step of undo per member). */
export async function saveUndoStep(
  db: Executor,
  step: { membershipId: string; roundId: string; versionId: string; previous: { choice: Choice; confidence: number | null; reason: DisagreeReason | null } | null },
) {
  const values = {
    round_id: step.roundId,
    version_id: step.versionId,
    previous_choice: step.previous?.choice ?? null,
    previous_confidence: step.previous?.confidence ?? null,
    previous_reason: step.previous?.reason ?? null,
    created_at: new Date().toISOString(),
  };
  await db
    .insertInto("vote_undo")
    .values({ membership_id: step.membershipId, ...values })
    .onConflict((oc) => oc.column("membership_id").doUpdateSet(values))
    .execute();
}

export async function findUndoStep(db: Executor, membershipId: string, roundId: string) {
  return db
    .selectFrom("vote_undo")
    .select(["version_id", "previous_choice", "previous_confidence", "previous_reason"])
    .where("membership_id", "=", membershipId)
    .where("round_id", "=", roundId)
    .executeTakeFirst();
}

export async function deleteUndoStep(db: Executor, membershipId: string) {
  await db.deleteFrom("vote_undo").where("membership_id", "=", membershipId).execute();
}

/** Whether a member has a vote in the round (a change that would stop them counting is refused then: decision 048). */
export async function hasVoteInRound(db: Executor, roundId: string, membershipId: string): Promise<boolean> {
  const r = await db.selectFrom("votes").select("id").where("round_id", "=", roundId).where("membership_id", "=", membershipId).limit(1).executeTakeFirst();
  return r !== undefined;
}

/** Whether the membership is a live voter now (voters.server.ts), read inside the vote's transaction. */
export async function isLiveVoter(db: Executor, deliberationId: string, membershipId: string): Promise<boolean> {
  const r = await db.selectFrom("memberships").select("id").where("id", "=", membershipId).where("deliberation_id", "=", deliberationId).where(liveVoter()).executeTakeFirst();
  return r !== undefined;
}
