import { createHash } from "node:crypto";
import type { Kysely } from "kysely";
import type { Executor } from "../../db/connection";
import { holdTransactionLock } from "../../db/dialect";
import type { Database } from "../../db/schema";
import { assertAllowed, assertFound, assertNoConflict } from "../refusal";
import { t } from "../i18n/i18n";
import { toRoundView, type MemberContext } from "./access.server";
import { categoryLabels } from "./category-service.server";
import { findBallotOrder } from "./deliberation-repository.server";
import type { DisagreeReason } from "./disagree-reasons";
import { findBallotEntryForVote, listBallot, toBallotVersion, type BallotVersion } from "./proposal-repository.server";
import { requirePhase } from "./proposal-service.server";
import type { VoteInput } from "./schemas";
import { deleteMyVote, deleteUndoStep, findMyVote, findUndoStep, isLiveVoter, listMyVotes, saveUndoStep, setMyVoteReason, upsertVote } from "./vote-repository.server";

/** Only voters vote: the one rule of voters.server.ts (participants, and facilitators who said they also vote). */
function requireVoter(ctx: MemberContext) {
  assertAllowed(ctx.membership.role !== "observer", "errors.observersReadOnly");
  assertAllowed(ctx.membership.votes, "coFacilitators.errors.declareToVote");
}

type CardEntry = NonNullable<Awaited<ReturnType<typeof findBallotEntryForVote>>>;

/**
 * Write to the member's own vote on one card of the current round's ballot: only participants,
 * only while the round is voting. The phase is checked again inside the write's transaction, under
 * a shared lock on the round that the close holds exclusively: a write racing the close either lands
 * before the round's snapshot is taken (and is counted) or is refused — never stored uncounted.
 */
async function onBallotCard(ctx: MemberContext, versionId: string, db: Executor, write: (tx: Executor, entry: CardEntry | undefined, roundId: string) => Promise<void>): Promise<void> {
  requireVoter(ctx);
  requirePhase(ctx, "vote");
  const current = ctx.round;
  const inTx = async (tx: Executor) => {
    await holdTransactionLock(tx, "roundPhase", current.id, "shared");
    // still a voter now (a facilitator may have stopped voting since the request began)
    assertAllowed(await isLiveVoter(tx, ctx.deliberation.id, ctx.membership.id), "coFacilitators.errors.declareToVote");
    const entry = await findBallotEntryForVote(tx, ctx.deliberation.id, current.id, versionId);
    requirePhase({ ...ctx, round: entry ? toRoundView(entry.round) : null }, "vote");
    await write(tx, entry, current.id);
  };
  if (db.isTransaction) await inTx(db);
  else await (db as Kysely<Database>).transaction().execute(inTx);
  await ctx.app.events.publish({ type: "votes-changed", deliberationId: ctx.deliberation.id, roundId: current.id });
}

/**
 * Cast or change a vote on a frozen version of the current round. Allowed only to participants,
 * only in the voting phase, only on this round's ballot. Pass a transaction to cast many at once.
 */
export async function castVote(ctx: MemberContext, input: VoteInput, db: Executor = ctx.app.db): Promise<void> {
  await onBallotCard(ctx, input.versionId, db, async (tx, entry, roundId) => {
    assertFound(entry?.onBallot || null, "errors.versionNotOnBallot");
    const previous = await findMyVote(tx, input.versionId, ctx.membership.id);
    await upsertVote(tx, { roundId, versionId: input.versionId, membershipId: ctx.membership.id, choice: input.choice, confidence: input.confidence, reason: input.reason ?? null });
    await saveUndoStep(tx, { membershipId: ctx.membership.id, roundId, versionId: input.versionId, previous: previous ?? null });
  });
}

/**
 * Undo the member's own last vote on this round's ballot: delete it, or put back the vote it
 * replaced. One step only, only while the round is voting; `versionId` names the card the undo
 * button was shown on, so a stale button never undoes a later vote.
 */
export async function undoLastVote(ctx: MemberContext, versionId: string, db: Executor = ctx.app.db): Promise<void> {
  await onBallotCard(ctx, versionId, db, async (tx, _entry, roundId) => {
    const step = await findUndoStep(tx, ctx.membership.id, roundId);
    assertNoConflict(step?.version_id === versionId, "ballot.errors.nothingToUndo");
    if (step.previous_choice === null) await deleteMyVote(tx, versionId, ctx.membership.id);
    else await upsertVote(tx, { roundId, versionId, membershipId: ctx.membership.id, choice: step.previous_choice, confidence: step.previous_confidence, reason: step.previous_reason });
    await deleteUndoStep(tx, ctx.membership.id);
  });
}

/**
 * Say why, after a Disagree or a Pass: sets the reason on the member's own vote on this version of
 * the current round's ballot, only while it is voting. Refused when there is no such vote, or it
 * is an Agree.
 */
export async function giveVoteReason(ctx: MemberContext, versionId: string, reason: DisagreeReason, db: Executor = ctx.app.db): Promise<void> {
  await onBallotCard(ctx, versionId, db, async (tx, entry) => {
    assertFound(entry?.onBallot || null, "errors.versionNotOnBallot");
    assertNoConflict(await setMyVoteReason(tx, versionId, ctx.membership.id, reason), "ballot.errors.reasonNeedsVote");
  });
}

export interface BallotItem extends Omit<BallotVersion, "evidenceLinks"> {
  /** the deliberation's name for the category */
  categoryLabel: string;
  myVote: { choice: "agree" | "disagree" | "pass"; confidence: number | null; reason: DisagreeReason | null } | null;
}

export interface Ballot {
  /** in this participant's order: not yet voted first, then voted; each part in the ballot order */
  items: BallotItem[];
  voted: number;
  order: "random" | "fixed";
  /** the card whose last vote can be undone now, if any */
  undoVersionId: string | null;
}

/** A participant's own stable position for a version: differs between participants, so order effects average out. */
function seededRank(membershipId: string, versionId: string): string {
  return createHash("sha256").update(`${membershipId}\u0000${versionId}`).digest("hex");
}

export async function getBallot(ctx: MemberContext): Promise<Ballot> {
  if (!ctx.round) return { items: [], voted: 0, order: "random", undoVersionId: null };
  const db = ctx.app.db;
  const [ballot, mine, order, undo, labels] = await Promise.all([
    listBallot(db, ctx.deliberation.id, ctx.round.id),
    listMyVotes(db, ctx.round.id, ctx.membership.id),
    findBallotOrder(db, ctx.deliberation.id),
    findUndoStep(db, ctx.membership.id, ctx.round.id),
    categoryLabels(db, ctx.deliberation.id),
  ]);
  const byVersion = new Map(mine.map((v) => [v.version_id, v]));
  const items = ballot.map((b, position) => {
    const { evidenceLinks: _links, ...version } = toBallotVersion(b);
    const v = byVersion.get(b.id);
    const item: BallotItem = { ...version, categoryLabel: labels[b.category] ?? b.category, myVote: v ? { choice: v.choice, confidence: v.confidence, reason: v.reason } : null };
    return { item, position, rank: order === "random" ? seededRank(ctx.membership.id, b.id) : "" };
  });
  items.sort((a, b) => Number(a.item.myVote !== null) - Number(b.item.myVote !== null) || (a.rank < b.rank ? -1 : a.rank > b.rank ? 1 : 0) || a.position - b.position);
  return {
    items: items.map((i) => i.item),
    voted: mine.filter((v) => byVersion.has(v.version_id) && ballot.some((b) => b.id === v.version_id)).length,
    order,
    undoVersionId: undo && ballot.some((b) => b.id === undo.version_id) ? undo.version_id : null,
  };
}

export { requireVoter };
