import { holdTransactionLock } from "../../db/dialect";
import { newId } from "../auth/crypto.server";
import { assertNoConflict, refuse } from "../refusal";
import { t } from "../i18n/i18n";
import type { MemberContext } from "./access.server";
import { nextPhase, type Phase } from "./phase-rules";
import { findLatestVersion, freezeDraftsOfRound, insertVersion } from "./proposal-repository.server";
import { findLatestRound, insertRound, updateRoundPhase } from "./round-repository.server";
import { recordAction } from "./action-log-service.server";
import { settlePhaseDeadline } from "./deadline-repository.server";

/**
 * Open the next round (round 1 first); the previous one must be closed. After the commit the new
 * round's first phase is announced like any other phase change (its notice email, live drafts).
 */
export async function openRound(ctx: MemberContext): Promise<number> {
  const opened = await openRoundInTransaction(ctx);
  await ctx.app.events.publish({ type: "phase-changed", deliberationId: ctx.deliberation.id, roundId: opened.roundId, phase: "proposing" });
  return opened.number;
}

async function openRoundInTransaction(ctx: MemberContext): Promise<{ number: number; roundId: string }> {
  return ctx.app.db.transaction().execute(async (tx) => {
    const latest = await findLatestRound(tx, ctx.deliberation.id);
    if (latest && latest.phase !== "closed") {
      refuse(409, "errors.roundStillOpen", { params: { number: latest.number, phase: t(`phases.${latest.phase}.name`) } });
    }
    const number = (latest?.number ?? 0) + 1;
    const id = newId();
    const openedAt = new Date().toISOString();
    await insertRound(tx, {
      id,
      deliberation_id: ctx.deliberation.id,
      number,
      phase: "proposing",
      opened_at: openedAt,
      voting_opened_at: null,
      closed_at: null,
    });
    await recordAction(tx, ctx, { kind: "round_opened", subject: { type: "round", id }, before: null, after: { phase: "proposing" } }, openedAt);
    return { number, roundId: id };
  });
}

/**
 * Move the current round one phase on. `from` is the phase the facilitator saw, so a double
 * click or two facilitators at once cannot skip a phase. Opening the vote freezes the text of
 * every active proposal as a version of this round: a draft written in this round is frozen as
 * it is; a proposal not revised since an earlier round gets a frozen copy, so each round's votes
 * bind to a version of that round. The phase's pending deadline is settled with the move:
 * `byDeadline` when its scheduled advance makes it, else cancelled (a facilitator was first).
 */
export async function advancePhase(ctx: MemberContext, from: Phase, options: { byDeadline?: boolean } = {}): Promise<Phase> {
  const result = await advancePhaseInTransaction(ctx, from, options.byDeadline === true);
  // results recompute; open draft editors reconnect with their new rights (editing only while discussing)
  await ctx.app.events.publish({ type: "phase-changed", deliberationId: ctx.deliberation.id, roundId: result.roundId, phase: result.to });
  return result.to;
}

async function advancePhaseInTransaction(ctx: MemberContext, from: Phase, byDeadline: boolean): Promise<{ to: Phase; roundId: string }> {
  return ctx.app.db.transaction().execute(async (tx) => {
    const round = await findLatestRound(tx, ctx.deliberation.id);
    assertNoConflict(round, "errors.noRound");
    // votes in flight finish first (they hold it shared); later ones wait and then find the new phase
    await holdTransactionLock(tx, "roundPhase", round.id, "exclusive");
    const phaseChanged = { params: { phase: t(`phases.${round.phase}.name`) } };
    assertNoConflict(round.phase === from, "errors.phaseChanged", phaseChanged);
    const to = nextPhase(round.phase);
    assertNoConflict(to, "errors.roundClosedAlready", { params: { number: round.number } });
    const now = new Date().toISOString();
    if (to === "voting") {
      const proposals = await tx
        .selectFrom("proposals")
        .select("id")
        .where("deliberation_id", "=", ctx.deliberation.id)
        .where("status", "=", "active")
        .execute();
      assertNoConflict(proposals.length > 0, "errors.nothingToVoteOn");
      await freezeDraftsOfRound(tx, ctx.deliberation.id, round.id, now);
      for (const p of proposals) {
        const latest = await findLatestVersion(tx, p.id);
        if (!latest || latest.round_id === round.id) continue;
        const { id: _id, ...rest } = latest;
        await insertVersion(tx, {
          ...rest,
          id: newId(),
          version_number: latest.version_number + 1,
          round_id: round.id,
          created_at: now,
          frozen_at: now,
        });
      }
    }
    const ok = await updateRoundPhase(tx, round.id, round.phase, {
      phase: to,
      ...(to === "voting" ? { voting_opened_at: now } : {}),
      ...(to === "closed" ? { closed_at: now } : {}),
    });
    assertNoConflict(ok, "errors.phaseChanged", phaseChanged);
    await recordAction(tx, ctx, { kind: "phase_changed", subject: { type: "round", id: round.id }, before: { phase: round.phase }, after: { phase: to } }, now);
    await settlePhaseDeadline(tx, round.id, from, ctx.app.clock.now().toISOString(), byDeadline ? "advanced" : "cancelled");
    // Closed means frozen: what the results depend on is stored in the same transaction.
    if (to === "closed") await ctx.app.events.runRoundClosingHook(tx, { deliberationId: ctx.deliberation.id, round, closedAt: now });
    return { to, roundId: round.id };
  });
}
