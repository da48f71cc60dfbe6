import type { Executor } from "../../db/connection";
import type { PhaseDeadlineRow } from "../../db/schema";
import type { Phase } from "./phase-rules";

/** The deadline of one phase of a round, settled or not. */
export async function findPhaseDeadline(db: Executor, deliberationId: string, roundId: string, phase: Phase) {
  return db
    .selectFrom("phase_deadlines")
    .selectAll()
    .where("deliberation_id", "=", deliberationId)
    .where("round_id", "=", roundId)
    .where("phase", "=", phase)
    .executeTakeFirst();
}

/** Set (or move) a phase's deadline: a moved deadline is pending again, warned and claimed afresh. */
export async function upsertPhaseDeadline(db: Executor, row: Pick<PhaseDeadlineRow, "id" | "deliberation_id" | "round_id" | "phase" | "due_at" | "auto_advance" | "set_by" | "set_at">) {
  const pending = { warned_at: null, claimed_until: null, settled_at: null, outcome: null, failure: null };
  await db
    .insertInto("phase_deadlines")
    .values({ ...row, ...pending })
    .onConflict((oc) => oc.columns(["round_id", "phase"]).doUpdateSet({ due_at: row.due_at, auto_advance: row.auto_advance, set_by: row.set_by, set_at: row.set_at, ...pending }))
    .execute();
}

export async function deletePhaseDeadline(db: Executor, deliberationId: string, roundId: string, phase: Phase): Promise<boolean> {
  const r = await db.deleteFrom("phase_deadlines").where("deliberation_id", "=", deliberationId).where("round_id", "=", roundId).where("phase", "=", phase).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

/**
 * The phase `from` of this round is over: its pending deadline is settled in the transaction that
 * moved the round on — "advanced" when the deadline did it, "cancelled" when a facilitator did first.
 */
export async function settlePhaseDeadline(db: Executor, roundId: string, from: Phase, at: string, outcome: "advanced" | "cancelled") {
  await db.updateTable("phase_deadlines").set({ settled_at: at, outcome, claimed_until: null }).where("round_id", "=", roundId).where("phase", "=", from).where("settled_at", "is", null).execute();
}

/** A scheduled advance that cannot happen (nothing to vote on, no facilitator left): settled with a sentence. */
export async function failPhaseDeadline(db: Executor, id: string, at: string, failure: string) {
  await db.updateTable("phase_deadlines").set({ settled_at: at, outcome: "failed", failure, claimed_until: null }).where("id", "=", id).where("settled_at", "is", null).execute();
}

/** Pending deadlines of live deliberations due by `before`, soonest first (archived ones wait). */
export async function listPendingDeadlines(db: Executor, before: string, options: { autoAdvance?: boolean; unwarned?: boolean } = {}) {
  let q = db
    .selectFrom("phase_deadlines as pd")
    .innerJoin("deliberations as d", "d.id", "pd.deliberation_id")
    .innerJoin("rounds as r", "r.id", "pd.round_id")
    .selectAll("pd")
    .select("r.phase as round_phase")
    .where("pd.settled_at", "is", null)
    .where("pd.due_at", "<=", before)
    .where("d.archived_at", "is", null);
  if (options.autoAdvance) q = q.where("pd.auto_advance", "=", 1);
  if (options.unwarned) q = q.where("pd.warned_at", "is", null);
  return q.orderBy("pd.due_at").limit(100).execute();
}

/**
 * Take the lease on a due advance with one UPDATE: only the instance whose UPDATE changed the row
 * fires it. A lease (not a flag) so that an instance that dies after claiming does not lose the
 * advance: it is claimed again once the lease runs out. `dueAt` guards against a deadline moved meanwhile.
 */
export async function claimDueAdvance(db: Executor, id: string, dueAt: string, now: string, until: string): Promise<boolean> {
  const r = await db
    .updateTable("phase_deadlines")
    .set({ claimed_until: until })
    .where("id", "=", id)
    .where("due_at", "=", dueAt)
    .where("auto_advance", "=", 1)
    .where("settled_at", "is", null)
    .where((eb) => eb.or([eb("claimed_until", "is", null), eb("claimed_until", "<=", now)]))
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Mark "deadline approaching" as told for this `due_at`, once across instances. */
export async function claimWarning(db: Executor, id: string, dueAt: string, now: string): Promise<boolean> {
  const r = await db.updateTable("phase_deadlines").set({ warned_at: now }).where("id", "=", id).where("due_at", "=", dueAt).where("warned_at", "is", null).where("settled_at", "is", null).executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** The user of the facilitator an automatic advance acts as: the one who set it while still a facilitator, else the longest-standing one. */
export async function findAdvancingFacilitator(db: Executor, deliberationId: string, preferredMembershipId: string | null): Promise<string | undefined> {
  const rows = await db
    .selectFrom("memberships")
    .select(["id", "user_id"])
    .where("deliberation_id", "=", deliberationId)
    .where("role", "=", "facilitator")
    .where("removed_at", "is", null)
    .orderBy("created_at")
    .orderBy("id")
    .execute();
  return (rows.find((r) => r.id === preferredMembershipId) ?? rows[0])?.user_id;
}

