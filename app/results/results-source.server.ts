/**
 * Where a round's results come from: the snapshot of a closed round (and nothing else), or the
 * live data of a round still voting, in the same shape (`ResultsSource`).
 */
import { createHash, randomBytes } from "node:crypto";
import type { Executor } from "../../db/connection";
import { loadDeliberationView } from "../deliberation/access.server";
import { effectiveThresholds } from "../deliberation/consensus-settings";
import { listBallot, toBallotVersion } from "../deliberation/proposal-repository.server";
import { listEligibleVoters, listRoundVotes } from "../deliberation/vote-repository.server";
import type { ResultsSource } from "./round-consensus";
import { encodeSnapshot, type RoundSnapshot, type SnapshotVersion } from "./round-snapshot";
import { findSnapshotHash, findSnapshotRow, insertSnapshot, listClosedRoundsWithoutSnapshot, parseSnapshot } from "./snapshot-repository.server";

/** The round's data as it is now (ballot, eligible voters, votes in force, current settings). */
async function readCurrent(db: Executor, deliberationId: string, roundId: string) {
  const deliberation = await loadDeliberationView(db, deliberationId);
  if (!deliberation) return null;
  const [ballot, votes, voters] = await Promise.all([listBallot(db, deliberationId, roundId), listRoundVotes(db, deliberationId, roundId), listEligibleVoters(db, deliberationId)]);
  // one vote per (voter, version) is a database constraint; only eligible voters on the ballot count,
  // ordered by voter then ballot position so not even the order of voting is kept (bucketed: linear)
  const column = new Map(ballot.map((b, i) => [b.id, i]));
  type Counted = RoundSnapshot["votes"][number];
  const byVoter = new Map<string, (Counted & { c: number })[]>(voters.map((v) => [v.id, []]));
  for (const v of votes) {
    const c = column.get(v.version_id);
    const list = byVoter.get(v.membership_id);
    if (c === undefined || !list) continue;
    list.push({ voterId: v.membership_id, versionId: v.version_id, choice: v.choice, confidence: v.confidence, ...(v.reason && v.choice !== "agree" ? { reason: v.reason } : {}), c });
  }
  const counted: Counted[] = [];
  // voters in code-unit order of their ids (what a plain sort() of the ids gives)
  for (const [, list] of [...byVoter.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    for (const { c: _c, ...v } of list.sort((a, b) => a.c - b.c)) counted.push(v);
  }
  return {
    deliberation,
    ballot: ballot.map(toBallotVersion),
    voters: voters.map((v) => ({ id: v.id, groupId: v.stakeholder_group_id, regionId: v.region_id })),
    votes: counted,
  };
}

/** A source with the ballot's full texts (a snapshot, or live data in the same shape). */
export type FullSource = Omit<ResultsSource, "ballot"> & { ballot: SnapshotVersion[] };

/** A round still open: its live data in the results-source shape. */
export async function loadLiveSource(db: Executor, deliberationId: string, roundId: string): Promise<FullSource | null> {
  const current = await readCurrent(db, deliberationId, roundId);
  if (!current) return null;
  const d = current.deliberation;
  return {
    roundId,
    thresholds: effectiveThresholds(d.thresholds, d.minGroupSize),
    minGroupSize: d.minGroupSize,
    groups: d.groups,
    regions: d.regions,
    ballot: current.ballot,
    voters: current.voters,
    votes: current.votes,
  };
}

/**
 * Freeze what the round's results depend on. Call inside the transaction that closes the round,
 * so no vote can land between the phase change and the snapshot.
 */
export async function takeRoundSnapshot(db: Executor, deliberationId: string, round: { id: string; number: number }, closedAt: string): Promise<RoundSnapshot> {
  const current = await readCurrent(db, deliberationId, round.id);
  if (!current) throw new Error(`deliberation ${deliberationId} not found`);
  const d = current.deliberation;
  const snapshot: RoundSnapshot = {
    schema: 1,
    roundId: round.id,
    roundNumber: round.number,
    closedAt,
    idSeed: randomBytes(16).toString("hex"),
    thresholds: effectiveThresholds(d.thresholds, d.minGroupSize),
    minGroupSize: d.minGroupSize,
    attributionMode: d.attributionMode,
    groups: d.groups.map((g) => ({ id: g.id, name: g.name, targetShare: g.targetShare })),
    regions: d.regions.map((r) => ({ id: r.id, name: r.name })),
    ballot: current.ballot,
    voters: current.voters,
    votes: current.votes,
  };
  const payload = encodeSnapshot(snapshot);
  await insertSnapshot(db, { round_id: round.id, created_at: closedAt, payload, sha256: createHash("sha256").update(payload).digest("hex") });
  return snapshot;
}

// A snapshot never changes once written: decoded ones are kept (bounded), checked by their hash, so
// a results page or a report does not parse megabytes of votes on every request.
const decoded = new Map<string, { snapshot: RoundSnapshot; sha256: string }>();

export async function findSnapshot(db: Executor, roundId: string): Promise<{ snapshot: RoundSnapshot; sha256: string } | null> {
  const sha256 = await findSnapshotHash(db, roundId);
  if (!sha256) return null;
  const hit = decoded.get(roundId);
  if (hit && hit.sha256 === sha256) return hit;
  const row = await findSnapshotRow(db, roundId);
  if (!row) return null;
  const value = { snapshot: parseSnapshot(row.payload), sha256: row.sha256 };
  if (decoded.size >= 4) decoded.delete(decoded.keys().next().value!);
  decoded.set(roundId, value);
  return value;
}

/** Databases from before snapshots: freeze closed rounds as they are now, once, at start. */
export async function backfillSnapshots(db: Executor): Promise<number> {
  const rounds = await listClosedRoundsWithoutSnapshot(db);
  for (const r of rounds) await takeRoundSnapshot(db, r.deliberation_id, { id: r.id, number: r.number }, r.closed_at ?? new Date().toISOString());
  return rounds.length;
}
