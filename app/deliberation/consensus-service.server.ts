import type { Executor } from "../../db/connection";
import type { Codification } from "../consensus/codify";
import type { GroupStat } from "../consensus/declared-groups";
import { computeConsensus } from "../consensus/engine";
import { computeMovement, type Movement } from "../consensus/movement";
import type { Thresholds } from "../consensus/types";
import { getDb } from "../db.server";
import { loadDeliberationView } from "./access.server";
import { findCachedResults, loadRoundInputs, resultsStamp, storeCachedResults } from "./consensus-repository.server";
import { effectiveThresholds } from "./consensus-settings";
import { schedule } from "./results-scheduler.server";

export interface NamedStat extends GroupStat {
  name: string;
}

export interface StatementResult {
  versionId: string;
  proposalId: string;
  versionNumber: number;
  title: string;
  category: string;
  overall: GroupStat;
  passRate: number | null;
  groups: NamedStat[];
  regions: NamedStat[];
  bridging: { name: string; rate: number } | null;
  balanced: number | null;
  groupInformedConsensus: number | null;
  classification: Codification["classification"];
  reason: Codification["reason"];
  sides: Codification["sides"];
  spread: number | null;
  comparedBy: "stakeholder_groups" | "opinion_groups";
}

/** The cached, serialisable result of one round. Holds no participant identifier. */
export interface RoundConsensus {
  schema: 1;
  roundId: string;
  computedAt: string;
  thresholds: Thresholds;
  participants: number;
  voters: number;
  opinion: {
    k: number;
    silhouette: number | null;
    groupSizes: number[];
    /** map points, sorted by group then position, with the stakeholder group for filtering only */
    points: { x: number; y: number; group: number; stakeholderGroupId: string | null }[];
    representative: { group: number; statements: { versionId: string; direction: "agree" | "disagree"; probability: number; ratio: number }[] }[];
  };
  statements: StatementResult[];
}

/** Compute a round's consensus and store it with the stamp it was computed from. */
export async function recomputeRound(deliberationId: string, roundId: string, db: Executor = getDb()): Promise<RoundConsensus | null> {
  const stamp = await resultsStamp(db, deliberationId, roundId);
  const deliberation = await loadDeliberationView(deliberationId);
  if (!deliberation) return null;
  const { ballot, votes, participants } = await loadRoundInputs(db, deliberationId, roundId);
  const thresholds = effectiveThresholds(deliberation.thresholds, deliberation.minGroupSize);
  const result = computeConsensus({
    statements: ballot.map((b) => ({ id: b.id })),
    participants: participants.map((p) => ({ id: p.id, groupId: p.stakeholder_group_id, regionId: p.region_id })),
    votes: votes.map((v) => ({ participantId: v.membership_id, statementId: v.version_id, value: v.choice === "agree" ? 1 : v.choice === "disagree" ? -1 : 0, confidence: v.confidence })),
    groups: deliberation.groups.map((g) => ({ id: g.id, name: g.name, targetShare: g.targetShare })),
    regions: deliberation.regions,
    thresholds,
  });
  const groupName = new Map(deliberation.groups.map((g) => [g.id, g.name]));
  const regionName = new Map(deliberation.regions.map((r) => [r.id, r.name]));
  const stakeholderOf = new Map(participants.map((p) => [p.id, p.stakeholder_group_id]));
  const points = result.opinion.points
    .map((p) => ({ x: p.x, y: p.y, group: p.group, stakeholderGroupId: stakeholderOf.get(p.participantId) ?? null }))
    .sort((a, b) => a.group - b.group || a.x - b.x || a.y - b.y);
  const payload: RoundConsensus = {
    schema: 1,
    roundId,
    computedAt: new Date().toISOString(),
    thresholds: result.thresholds,
    participants: participants.length,
    voters: result.voters,
    opinion: {
      k: result.opinion.k,
      silhouette: result.opinion.silhouette,
      groupSizes: result.opinion.groupSizes,
      points,
      representative: result.opinion.representative.map((r) => ({
        group: r.group,
        statements: r.statements.map((s) => ({ versionId: s.id, direction: s.direction, probability: s.probability, ratio: s.ratio })),
      })),
    },
    statements: result.statements.map((s, j) => {
      const b = ballot[j]!;
      return {
        versionId: b.id,
        proposalId: b.proposal_id,
        versionNumber: b.version_number,
        title: b.title,
        category: b.category,
        overall: s.declared.overall,
        passRate: s.declared.passRate,
        groups: s.declared.groups.map((g) => ({ ...g, name: groupName.get(g.groupId) ?? "" })),
        regions: s.regions ? s.regions.groups.map((g) => ({ ...g, name: regionName.get(g.groupId) ?? "" })) : [],
        bridging: s.declared.bridging ? { name: groupName.get(s.declared.bridging.groupId) ?? "", rate: s.declared.bridging.rate } : null,
        balanced: s.declared.balanced,
        groupInformedConsensus: s.groupInformedConsensus,
        classification: s.codification.classification,
        reason: s.codification.reason,
        sides: s.codification.sides,
        spread: s.codification.spread,
        comparedBy: s.comparedBy,
      };
    }),
  };
  await storeCachedResults(db, { round_id: roundId, stamp, computed_at: payload.computedAt, payload: JSON.stringify(payload) });
  return payload;
}

export function scheduleRoundRecompute(deliberationId: string, roundId: string, delay?: number): void {
  schedule(`round:${roundId}`, async () => {
    await recomputeRound(deliberationId, roundId);
  }, delay);
}

// Parsed payloads, keyed by round and computation time: a results page reads the same cached JSON
// on every request, and parsing it dominated the page's time. Bounded; a new computation replaces it.
const parsed = new Map<string, { computedAt: string; value: RoundConsensus }>();
function parseCached(roundId: string, row: { computed_at: string; payload: string }): RoundConsensus {
  const hit = parsed.get(roundId);
  if (hit && hit.computedAt === row.computed_at) return hit.value;
  const value = JSON.parse(row.payload) as RoundConsensus;
  if (parsed.size >= 8) parsed.delete(parsed.keys().next().value!);
  parsed.set(roundId, { computedAt: row.computed_at, value });
  return value;
}

export type CachedConsensus = { status: "ready"; result: RoundConsensus; stale: boolean } | { status: "computing" };

/**
 * The cached consensus of a round. Never computes in the request: a missing or stale cache
 * schedules a background recomputation and the page shows what is there (or "computing").
 */
export async function readRoundConsensus(deliberationId: string, roundId: string): Promise<CachedConsensus> {
  const db = getDb();
  const [stamp, cached] = await Promise.all([resultsStamp(db, deliberationId, roundId), findCachedResults(db, roundId)]);
  if (!cached) {
    scheduleRoundRecompute(deliberationId, roundId, 0);
    return { status: "computing" };
  }
  const stale = cached.stamp !== stamp;
  if (stale) scheduleRoundRecompute(deliberationId, roundId);
  return { status: "ready", result: parseCached(roundId, cached), stale };
}

/** Agreement and spread of each proposal in every earlier round that has cached results. */
export async function movementFor(deliberationId: string, rounds: { id: string; number: number }[], current: RoundConsensus): Promise<Map<string, Movement[]>> {
  const db = getDb();
  const history = new Map<string, { round: number; agreeRate: number | null; spread: number | null }[]>();
  for (const r of rounds) {
    let payload = current;
    if (r.id !== current.roundId) {
      const cached = await findCachedResults(db, r.id);
      if (!cached) {
        scheduleRoundRecompute(deliberationId, r.id, 0);
        continue;
      }
      payload = parseCached(r.id, cached);
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
export async function warmResultsCache(db: Executor): Promise<number> {
  const rounds = await db.selectFrom("rounds").select(["id", "deliberation_id"]).where("phase", "in", ["voting", "closed"]).execute();
  let scheduled = 0;
  for (const r of rounds) {
    const [stamp, cached] = await Promise.all([resultsStamp(db, r.deliberation_id, r.id), findCachedResults(db, r.id)]);
    if (cached?.stamp === stamp) continue;
    scheduleRoundRecompute(r.deliberation_id, r.id, 0);
    scheduled++;
  }
  return scheduled;
}
