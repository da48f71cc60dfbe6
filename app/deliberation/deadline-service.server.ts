import { newId } from "../auth/crypto.server";
import { findUserById } from "../auth/user-repository.server";
import type { AppContext } from "../context/app-context.server";
import { t } from "../i18n/i18n";
import { logger } from "../observability/logger.server";
import { isRefusal, refuse, refuseFields, type MessageKey } from "../refusal";
import { loadMemberContext, requireRole, type MemberContext } from "./access.server";
import { claimDueAdvance, claimWarning, deletePhaseDeadline, failPhaseDeadline, findAdvancingFacilitator, findPhaseDeadline, listPendingDeadlines, settlePhaseDeadline, upsertPhaseDeadline } from "./deadline-repository.server";
import { zonedTimeToUtc } from "./deadline-time";
import { DEADLINE_FORM } from "./schemas";
import { nextPhase, type Phase } from "./phase-rules";
import { advancePhase } from "./round-service.server";

/** How far ahead a deadline may be set: long enough for a Delphi round between convenings. */
export const DEADLINE_MAX_DAYS = 90;
/** "deadline approaching" is told this long before. */
export const WARN_BEFORE_MS = 24 * 3600_000;
/** How long an instance holds a claimed advance before another may try it (it died meanwhile). */
const LEASE_MS = 2 * 60_000;

export interface PhaseDeadlineView {
  /** ISO 8601 UTC */
  dueAt: string;
  phase: Phase;
  autoAdvance: boolean;
  /** the phase an automatic advance moves to */
  next: Phase | null;
  /** why the automatic advance did not happen (a sentence), when it failed */
  failure: string | null;
}

/** The deadline of the current phase of the current round, if one is set. */
export async function getPhaseDeadline(ctx: MemberContext): Promise<PhaseDeadlineView | null> {
  const round = ctx.round;
  if (!round || round.phase === "closed") return null;
  const row = await findPhaseDeadline(ctx.app.db, ctx.deliberation.id, round.id, round.phase);
  if (!row) return null;
  return {
    dueAt: row.due_at,
    phase: round.phase,
    autoAdvance: row.auto_advance === 1,
    next: nextPhase(round.phase),
    failure: row.outcome === "failed" && row.failure ? t(row.failure as MessageKey) : null,
  };
}

/** The current phase's deadline as a page shows it: also written out in UTC, and the server's now (for the first countdown). */
export async function deadlineForPage(ctx: MemberContext): Promise<(PhaseDeadlineView & { serverNow: string }) | null> {
  const view = await getPhaseDeadline(ctx);
  if (!view) return null;
  // why an automatic advance failed is for the facilitators, who can act on it
  const failure = ctx.membership.role === "facilitator" ? view.failure : null;
  return { ...view, failure, serverNow: ctx.app.clock.now().toISOString() };
}

export interface DeadlineInput {
  /** a wall-clock time, as <input type="datetime-local"> sends it */
  dueAt: string;
  /** the IANA zone that time is in */
  timeZone: string;
  autoAdvance: boolean;
}

/**
 * Set (or move) the deadline of the current phase. It must lie ahead, by the application clock,
 * and within DEADLINE_MAX_DAYS. Moving it schedules the advance afresh.
 */
export async function setPhaseDeadline(ctx: MemberContext, input: DeadlineInput): Promise<PhaseDeadlineView> {
  requireRole(ctx, ["facilitator"]);
  const round = ctx.round;
  if (!round || round.phase === "closed") return refuse(409, "deadlines.closedRound");
  const due = zonedTimeToUtc(input.dueAt, input.timeZone);
  if (!due) return refuseFields({ dueAt: [t("deadlines.validation.badDateTime")] }, undefined, { form: DEADLINE_FORM });
  const now = ctx.app.clock.now();
  const lead = due.getTime() - now.getTime();
  if (lead <= 0) refuseFields({ dueAt: [t("deadlines.validation.inPast")] }, undefined, { form: DEADLINE_FORM });
  if (lead > DEADLINE_MAX_DAYS * 86_400_000) refuseFields({ dueAt: [t("deadlines.validation.tooFar", { days: DEADLINE_MAX_DAYS })] }, undefined, { form: DEADLINE_FORM });
  await upsertPhaseDeadline(ctx.app.db, {
    id: newId(),
    deliberation_id: ctx.deliberation.id,
    round_id: round.id,
    phase: round.phase,
    due_at: due.toISOString(),
    auto_advance: input.autoAdvance ? 1 : 0,
    set_by: ctx.membership.id,
    set_at: now.toISOString(),
  });
  return { dueAt: due.toISOString(), phase: round.phase, autoAdvance: input.autoAdvance, next: nextPhase(round.phase), failure: null };
}

/** Remove the current phase's deadline (and its scheduled advance); nothing to remove is not an error. */
export async function clearPhaseDeadline(ctx: MemberContext): Promise<void> {
  requireRole(ctx, ["facilitator"]);
  const round = ctx.round;
  if (!round || round.phase === "closed") return;
  await deletePhaseDeadline(ctx.app.db, ctx.deliberation.id, round.id, round.phase);
}

/**
 * One pass of the deadline poller: tell "deadline approaching" for deadlines less than a day away,
 * and fire the scheduled advances that are due — missed ones too (the server was down). Each is
 * claimed with a single UPDATE first, so when several instances (or contexts) run this at once,
 * each deadline is told and fired by one of them. A fired advance is the facilitator's own
 * `advancePhase`, acting as the facilitator who set it (or another one, if they left).
 */
export async function runDueDeadlines(app: AppContext): Promise<{ warned: number; advanced: number }> {
  const now = app.clock.now();
  const nowIso = now.toISOString();
  let warned = 0;
  let advanced = 0;
  for (const row of await listPendingDeadlines(app.db, new Date(now.getTime() + WARN_BEFORE_MS).toISOString(), { unwarned: true })) {
    if (row.due_at <= nowIso || row.round_phase !== row.phase) continue;
    if (!(await claimWarning(app.db, row.id, row.due_at, nowIso))) continue;
    warned++;
    await app.events.publish({ type: "deadline-approaching", deliberationId: row.deliberation_id, roundId: row.round_id, phase: row.phase, dueAt: row.due_at, autoAdvance: row.auto_advance === 1 });
  }
  for (const row of await listPendingDeadlines(app.db, nowIso, { autoAdvance: true })) {
    const lease = new Date(now.getTime() + LEASE_MS).toISOString();
    if (!(await claimDueAdvance(app.db, row.id, row.due_at, nowIso, lease))) continue;
    if (await fireAdvance(app, row, nowIso)) advanced++;
  }
  return { warned, advanced };
}

async function fireAdvance(app: AppContext, row: { id: string; deliberation_id: string; round_id: string; phase: Phase; round_phase: Phase; set_by: string | null }, nowIso: string): Promise<boolean> {
  // the round moved on without settling this row (it cannot, normally): nothing to fire
  if (row.round_phase !== row.phase) {
    await settlePhaseDeadline(app.db, row.round_id, row.phase, nowIso, "cancelled");
    return false;
  }
  const userId = await findAdvancingFacilitator(app.db, row.deliberation_id, row.set_by);
  const user = userId ? await findUserById(app.db, userId) : undefined;
  const ctx = user ? await loadMemberContext(app, user, row.deliberation_id) : null;
  if (!ctx) {
    await failPhaseDeadline(app.db, row.id, nowIso, "deadlines.noFacilitator");
    return false;
  }
  try {
    await advancePhase(ctx, row.phase, { byDeadline: true });
    return true;
  } catch (error) {
    if (!isRefusal(error)) throw error;
    // e.g. nothing to vote on: the facilitator sees why, and the round waits for them
    if (error.key === "errors.phaseChanged") await settlePhaseDeadline(app.db, row.round_id, row.phase, nowIso, "cancelled");
    else await failPhaseDeadline(app.db, row.id, nowIso, error.key);
    logger().info({ deliberationId: row.deliberation_id, reason: error.key }, "a scheduled phase advance did not happen");
    return false;
  }
}

export interface DeadlinePoller {
  /** The pass made at start: it fires the advances that fell due while no server ran. */
  firstRun: Promise<void>;
  stop(): Promise<void>;
}

/** Run `runDueDeadlines` now and every `intervalMs` until stopped; one pass at a time. */
export function startDeadlinePoller(app: AppContext, intervalMs: number): DeadlinePoller {
  let running: Promise<void> | null = null;
  let stopped = false;
  const pass = (): Promise<void> => {
    if (stopped) return Promise.resolve();
    running ??= runDueDeadlines(app)
      .then(() => undefined, (error: unknown) => logger().error({ err: error }, "the deadline poller failed"))
      .finally(() => {
        running = null;
      });
    return running;
  };
  const firstRun = pass();
  const timer = setInterval(() => void pass(), intervalMs);
  timer.unref?.();
  return {
    firstRun,
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
