import type { Kysely } from "kysely";
import type { Executor } from "../../db/connection";
import { holdTransactionLock } from "../../db/dialect";
import type { Database } from "../../db/schema";
import { assertAllowed, assertFound } from "../refusal";
import { t } from "../i18n/i18n";
import { toRoundView, type MemberContext } from "./access.server";
import { categoryLabels } from "./category-service.server";
import { findBallotEntryForVote, listBallot, toBallotVersion, type BallotVersion } from "./proposal-repository.server";
import { requirePhase } from "./proposal-service.server";
import type { VoteInput } from "./schemas";
import { listMyVotes, upsertVote } from "./vote-repository.server";

function requireVoter(ctx: MemberContext) {
  assertAllowed(ctx.membership.role !== "observer", "errors.observersReadOnly");
  assertAllowed(ctx.membership.role === "participant", "errors.facilitatorsDoNotVote");
}

/**
 * Cast or change a vote on a frozen version of the current round. Allowed only to participants,
 * only in the voting phase, only on this round's ballot. Pass a transaction to cast many at once.
 */
export async function castVote(ctx: MemberContext, input: VoteInput, db: Executor = ctx.app.db): Promise<void> {
  requireVoter(ctx);
  requirePhase(ctx, "vote");
  const current = ctx.round;
  // The phase is checked again inside the write's transaction: a vote racing the close either lands
  // before the round's snapshot is taken (and is counted) or is refused — never stored uncounted.
  const write = async (tx: Executor) => {
    // the close holds this lock exclusively while it changes the phase and takes the snapshot
    await holdTransactionLock(tx, "roundPhase", current.id, "shared");
    const entry = await findBallotEntryForVote(tx, ctx.deliberation.id, current.id, input.versionId);
    requirePhase({ ...ctx, round: entry ? toRoundView(entry.round) : null }, "vote");
    assertFound(entry?.onBallot || null, "errors.versionNotOnBallot");
    await upsertVote(tx, { roundId: current.id, versionId: input.versionId, membershipId: ctx.membership.id, choice: input.choice, confidence: input.confidence });
  };
  if (db.isTransaction) await write(db);
  else await (db as Kysely<Database>).transaction().execute(write);
  await ctx.app.events.publish({ type: "votes-changed", deliberationId: ctx.deliberation.id, roundId: current.id });
}

export interface BallotItem extends Omit<BallotVersion, "evidenceLinks"> {
  /** the deliberation's name for the category */
  categoryLabel: string;
  myVote: { choice: "agree" | "disagree" | "pass"; confidence: number | null } | null;
}

export async function getBallot(ctx: MemberContext): Promise<{ items: BallotItem[]; voted: number }> {
  if (!ctx.round) return { items: [], voted: 0 };
  const db = ctx.app.db;
  const [ballot, mine, labels] = await Promise.all([
    listBallot(db, ctx.deliberation.id, ctx.round.id),
    listMyVotes(db, ctx.round.id, ctx.membership.id),
    categoryLabels(db, ctx.deliberation.id),
  ]);
  const byVersion = new Map(mine.map((v) => [v.version_id, v]));
  const items = ballot.map((b) => {
    const { evidenceLinks: _links, ...version } = toBallotVersion(b);
    const v = byVersion.get(b.id);
    return { ...version, categoryLabel: labels[b.category] ?? b.category, myVote: v ? { choice: v.choice, confidence: v.confidence } : null };
  });
  return { items, voted: items.filter((i) => i.myVote).length };
}

export { requireVoter };
