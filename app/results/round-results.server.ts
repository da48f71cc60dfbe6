/**
 * Computing and caching round results. A closed round's results come from its snapshot alone
 * (stamp = the snapshot's hash, so they never go stale); an open round's from its live data.
 * Reading never computes and never schedules: the writes that change results (a vote, a phase
 * change, a membership or settings change, server start) schedule the recomputation.
 */
import type { Executor } from "../../db/connection";
import { computeMovement, type Movement } from "../consensus/movement";
import type { Thresholds } from "../consensus/types";
import type { AppContext } from "../context/app-context.server";
import type { JobOutcome } from "../context/scheduler.server";
import { findCachedResults, listRoundsWithResults, liveStamp, storeCachedResults } from "./results-cache-repository.server";
import { findSnapshot, loadLiveSource } from "./results-source.server";
import { findSnapshotHash } from "./snapshot-repository.server";
import type { GroupKState } from "../consensus/map-stability";
import { computeRoundConsensus, RESULTS_METHOD, type ResultsSource, type RoundConsensus } from "./round-consensus";
import { computeRoundConsensusOffThread } from "./round-consensus-off-thread.server";

export type { RoundConsensus } from "./round-consensus";

/** The source and the stamp a round's results are computed from. */
async function sourceOf(db: Executor, deliberationId: string, roundId: string): Promise<{ source: ResultsSource; stamp: string; basis: RoundConsensus["basis"] } | null> {
  const frozen = await findSnapshot(db, roundId);
  if (frozen) return { source: frozen.snapshot, stamp: `snapshot:${frozen.sha256}`, basis: "snapshot" };
  const [source, stamp] = await Promise.all([loadLiveSource(db, deliberationId, roundId), liveStamp(db, deliberationId, roundId)]);
  return source ? { source, stamp: `live:${stamp}`, basis: "live" } : null;
}

/** The stamp a round's cached results must carry to be fresh. */
export async function resultsStamp(db: Executor, deliberationId: string, roundId: string): Promise<string> {
  const sha256 = await findSnapshotHash(db, roundId);
  return sha256 ? `snapshot:${sha256}` : `live:${await liveStamp(db, deliberationId, roundId)}`;
}

/** Compute a round's results and store them with the stamp they were computed from. */
export async function recomputeRound(db: Executor, deliberationId: string, roundId: string): Promise<RoundConsensus | null> {
  const from = await sourceOf(db, deliberationId, roundId);
  if (!from) return null;
  // live results hold their number of opinion groups until a new one has been chosen several
  // recomputations in a row (decision 060): the state travels in the cached payload
  const groupK = from.basis === "live" ? await previousGroupK(db, roundId) : undefined;
  // off the event loop: a large round's bootstraps take seconds of CPU
  const payload = await computeRoundConsensusOffThread({ source: from.source, computedAt: new Date().toISOString(), basis: from.basis, groupK });
  await storeCachedResults(db, { round_id: roundId, stamp: from.stamp, computed_at: payload.computedAt, payload: JSON.stringify(payload) });
  return payload;
}

/** The group-k smoother's state in the round's last live results; null when there are none (or another method's). */
async function previousGroupK(db: Executor, roundId: string): Promise<GroupKState | null> {
  const cached = await findCachedResults(db, roundId);
  if (!cached) return null;
  try {
    const payload = JSON.parse(cached.payload) as Partial<RoundConsensus>;
    if (payload.basis !== "live" || payload.method !== RESULTS_METHOD) return null;
    return payload.opinion?.groupK ?? null;
  } catch {
    return null;
  }
}

/** How long a crashed instance can keep the recompute of a round from the others (a run takes well under this). */
const RECOMPUTE_LOCK_TTL_MS = 5 * 60_000;

/** Recompute a round's results a moment after the last change (debounced on `app.scheduler`). */
export function scheduleRoundRecompute(app: AppContext, deliberationId: string, roundId: string, delay?: number): void {
  app.scheduler.schedule(`round:${roundId}`, () => recomputeOnce(app, deliberationId, roundId), delay);
}

/**
 * One computation per stamp across every instance: under the round's lock, results already
 * cached for the current stamp (another instance computed them) are not computed again; when
 * another instance holds the lock, try again after the debounce delay (its run may predate the
 * latest change).
 */
async function recomputeOnce(app: AppContext, deliberationId: string, roundId: string): Promise<JobOutcome> {
  const outcome = await app.locks.tryWithLock(`results:${roundId}`, RECOMPUTE_LOCK_TTL_MS, async (): Promise<JobOutcome> => {
    const [stamp, cached] = await Promise.all([resultsStamp(app.db, deliberationId, roundId), findCachedResults(app.db, roundId)]);
    if (cached?.stamp === stamp && parseCached(roundId, cached)) return "skipped";
    await recomputeRound(app.db, deliberationId, roundId);
    return "computed";
  });
  if (outcome.ran) return outcome.value;
  scheduleRoundRecompute(app, deliberationId, roundId);
  return "deferred";
}

/** After a membership or settings change: the open round (if voting) recomputes. */
export async function scheduleOpenRoundRecompute(app: AppContext, deliberationId: string): Promise<void> {
  const rounds = await app.db.selectFrom("rounds").select(["id"]).where("deliberation_id", "=", deliberationId).where("phase", "=", "voting").execute();
  for (const r of rounds) scheduleRoundRecompute(app, deliberationId, r.id);
}

// Parsed payloads, keyed by round and computation time: a results page reads the same cached JSON
// on every request, and parsing it dominated the page's time. Bounded; a new computation replaces it.
const parsed = new Map<string, { computedAt: string; value: RoundConsensus }>();
function parseCached(roundId: string, row: { computed_at: string; payload: string }): RoundConsensus | null {
  const hit = parsed.get(roundId);
  if (hit && hit.computedAt === row.computed_at) return hit.value;
  const value = JSON.parse(row.payload) as RoundConsensus;
  if (value.schema !== 3) return null; // computed by an older version: wait for the recomputation
  if (parsed.size >= 8) parsed.delete(parsed.keys().next().value!);
  parsed.set(roundId, { computedAt: row.computed_at, value });
  return value;
}

export type CachedConsensus = { status: "ready"; result: RoundConsensus; stale: boolean } | { status: "computing" };

/** The cached consensus of a round as it is; `stale` when the data changed since it was computed. */
export async function readRoundConsensus(db: Executor, deliberationId: string, roundId: string): Promise<CachedConsensus> {
  const [stamp, cached] = await Promise.all([resultsStamp(db, deliberationId, roundId), findCachedResults(db, roundId)]);
  const result = cached ? parseCached(roundId, cached) : null;
  if (!cached || !result) return { status: "computing" };
  return { status: "ready", result, stale: cached.stamp !== stamp };
}

/** The round's consensus, computed now when the cache is missing or stale (report building, tools). */
export async function freshRoundConsensus(db: Executor, deliberationId: string, roundId: string): Promise<RoundConsensus | null> {
  const cached = await readRoundConsensus(db, deliberationId, roundId);
  if (cached.status === "ready" && !cached.stale) return cached.result;
  return recomputeRound(db, deliberationId, roundId);
}

/**
 * A labelled re-analysis of a closed round with other thresholds: computed from the round's
 * snapshot with only the thresholds replaced; never stored as the round's result.
 */
export async function computeAnalysis(db: Executor, roundId: string, thresholds: Thresholds): Promise<RoundConsensus | null> {
  const frozen = await findSnapshot(db, roundId);
  if (!frozen) return null;
  return computeRoundConsensus({ ...frozen.snapshot, thresholds }, new Date().toISOString(), "snapshot").payload;
}

/** Agreement and spread of each proposal in every earlier round that has cached results. */
export async function movementFor(db: Executor, rounds: { id: string; number: number }[], current: RoundConsensus): Promise<Map<string, Movement[]>> {
  const history = new Map<string, { round: number; agreeRate: number | null; spread: number | null }[]>();
  for (const r of rounds) {
    let payload: RoundConsensus | null = current;
    if (r.id !== current.roundId) {
      const cached = await findCachedResults(db, r.id);
      payload = cached ? parseCached(r.id, cached) : null;
      if (!payload) continue;
    }
    for (const s of payload.statements) {
      const rated = s.groups.filter((g) => g.agreeRate !== null).map((g) => g.agreeRate!);
      const list = history.get(s.proposalId) ?? [];
      list.push({ round: r.number, agreeRate: s.overall.agreeRate, spread: rated.length >= 2 ? Math.max(...rated) - Math.min(...rated) : null });
      history.set(s.proposalId, list);
    }
  }
  const out = new Map<string, Movement[]>();
  for (const [proposalId, points] of history) out.set(proposalId, computeMovement(points));
  return out;
}

/** On start: schedule results for every round that has votes to show and no fresh cache. */
export async function warmResultsCache(app: AppContext): Promise<number> {
  const db = app.db;
  const rounds = await listRoundsWithResults(db);
  let scheduled = 0;
  for (const r of rounds) {
    const [stamp, cached] = await Promise.all([resultsStamp(db, r.deliberation_id, r.id), findCachedResults(db, r.id)]);
    if (cached?.stamp === stamp && parseCached(r.id, cached)) continue;
    scheduleRoundRecompute(app, r.deliberation_id, r.id, 0);
    scheduled++;
  }
  return scheduled;
}
