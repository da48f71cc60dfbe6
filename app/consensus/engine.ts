/**
 * The consensus engine's entry point: votes in, opinion groups + declared-group statistics +
 * codification out. Pure and deterministic: the same input gives the same output, byte for byte.
 */
import { consensusScore } from "./consensus-score";
import { checkAbnormalBallots, type AbnormalBallotsResult } from "./abnormal-ballots";
import { computeRobustness, type RobustnessResult } from "./robustness";
import { compareBridging, computeMatrixFactorisation, type BridgingComparison, type MfResult } from "./matrix-factorisation";
import { computeMapStability, holdGroupK, stabilityAtK, type GroupKState, type MapStability, type MapStabilityOptions } from "./map-stability";
import { compareVoteRows, opinionGroupsFromBasis, opinionMapBasis, type ConsensusStatement, type RepresentativeStatement } from "./opinion-groups";
import { buildSparseMatrix, type CompactVotes, type SparseMatrix } from "./sparse-matrix";
import { codifyStatement, type Codification, type NamedGroupStat } from "./codify";
import { computeDeclaredGroups, type StatementGroupView } from "./declared-groups";
import { wilsonInterval } from "./stats";
import { DEFAULT_THRESHOLDS, type EngineGroup, type EngineVote, type EngineParticipant, type Thresholds } from "./types";

export interface IndexedVotes {
  participantIds: string[];
  statementIds: string[];
  compact: CompactVotes;
}

/** Map id-based votes (chronological) to the compact indexed form; invalid rows are skipped. */
export function indexVotes(votes: readonly EngineVote[], statementIds: readonly string[], participantIds?: readonly string[]): IndexedVotes {
  const sIndex = new Map(statementIds.map((id, i) => [id, i]));
  const pIds: string[] = participantIds ? [...participantIds] : [];
  const pIndex = new Map(pIds.map((id, i) => [id, i]));
  const rows: number[] = [];
  const cols: number[] = [];
  const values: number[] = [];
  const conf: number[] = [];
  for (const v of votes) {
    const c = sIndex.get(v.statementId);
    if (c === undefined || (v.value !== 1 && v.value !== -1 && v.value !== 0)) continue;
    let r = pIndex.get(v.participantId);
    if (r === undefined) {
      if (participantIds) continue;
      r = pIds.length;
      pIds.push(v.participantId);
      pIndex.set(v.participantId, r);
    }
    rows.push(r);
    cols.push(c);
    values.push(v.value);
    conf.push(typeof v.confidence === "number" ? v.confidence : NaN);
  }
  return {
    participantIds: pIds,
    statementIds: [...statementIds],
    compact: {
      participantCount: pIds.length,
      statementCount: statementIds.length,
      rows: Int32Array.from(rows),
      cols: Int32Array.from(cols),
      values: Int8Array.from(values),
      confidences: Float32Array.from(conf),
    },
  };
}

export interface OpinionGroupsOutput {
  k: number;
  silhouette: number | null;
  /** participant id → opinion group index (only participants with enough votes) */
  groups: Record<string, number>;
  groupSizes: number[];
  /** 2-D opinion map points (rounded to 4 decimals for stable output) */
  points: { participantId: string; x: number; y: number; group: number }[];
  statements: { id: string; agree: number; disagree: number; pass: number; groupInformedConsensus: number | null }[];
  representative: { group: number; statements: (Omit<RepresentativeStatement, "statement"> & { id: string })[] }[];
  /** statements every opinion group votes the same way on (false-discovery rate fdrQ) */
  consensusStatements: (Omit<ConsensusStatement, "statement"> & { id: string })[];
  /** the false-discovery rate used to select representative and consensus statements */
  fdrQ: number;
  /** bootstrap stability of the map (map-stability.ts); resamples 0 when not assessed */
  stability: MapStability;
  /** the live group-k smoother's state after this computation; null when it was not asked for */
  groupK: GroupKState | null;
}

const round4 = (x: number) => Math.round(x * 1e4) / 1e4;

/** Latent opinion groups (Polis-compatible) for a set of votes. */
export function computeOpinionGroupsFor(input: IndexedVotes, options: MapStabilityOptions = {}): OpinionGroupsOutput {
  const m = buildSparseMatrix(input.compact);
  // k: the best silhouette among the k that replicate under the bootstrap (a forced k wins)
  const basis = opinionMapBasis(m, options);
  const own = computeMapStability(basis, options);
  // a live map holds its k until a new one has been chosen several recomputations in a row
  const groupK = options.k === undefined && options.groupK !== undefined ? holdGroupK(options.groupK, own) : null;
  const stability = groupK ? stabilityAtK(own, groupK.k) : own;
  const res = opinionGroupsFromBasis(basis, options.k ?? stability.k);
  const S = m.statementCount;
  const agree = new Int32Array(S);
  const disagree = new Int32Array(S);
  const pass = new Int32Array(S);
  for (let p = 0; p < m.values.length; p++) {
    const v = m.values[p]!;
    const c = m.cols[p]!;
    if (v === 1) agree[c]! += 1;
    else if (v === -1) disagree[c]! += 1;
    else pass[c]! += 1;
  }
  const groups: Record<string, number> = {};
  const points: OpinionGroupsOutput["points"] = [];
  for (let r = 0; r < res.included.length; r++) {
    const id = input.participantIds[res.included[r]!]!;
    groups[id] = res.assignment[r]!;
    points.push({ participantId: id, x: round4(res.projection[2 * r]!), y: round4(res.projection[2 * r + 1]!), group: res.assignment[r]! });
  }
  return {
    k: res.k,
    silhouette: res.silhouette === null ? null : round4(res.silhouette),
    groups,
    groupSizes: res.groupSizes,
    points,
    statements: input.statementIds.map((id, j) => ({
      id,
      agree: agree[j]!,
      disagree: disagree[j]!,
      pass: pass[j]!,
      groupInformedConsensus: Number.isFinite(res.groupInformedConsensus[j]!) ? res.groupInformedConsensus[j]! : null,
    })),
    representative: res.representative.map((list, g) => ({
      group: g,
      statements: list.map(({ statement, ...rest }) => ({ id: input.statementIds[statement]!, ...rest })),
    })),
    consensusStatements: res.consensusStatements.map(({ statement, ...rest }) => ({ id: input.statementIds[statement]!, ...rest })),
    fdrQ: res.fdrQ,
    stability,
    groupK,
  };
}


export interface ConsensusInput {
  /**
   * moderatedOut: a statement hidden by moderation (Polis's `moderated` = −1). It is still counted
   * and classified, but does not place participants on the map and is never a representative or
   * consensus statement (opinion-groups.ts).
   */
  statements: readonly { id: string; moderatedOut?: boolean }[];
  participants: readonly EngineParticipant[];
  /** chronological: the latest vote per (participant, statement) wins */
  votes: readonly EngineVote[];
  groups: readonly EngineGroup[];
  regions?: readonly { id: string; name: string }[];
  thresholds?: Partial<Thresholds>;
  /** opinion-map options, and the bootstrap's: resamples (default 100; 0: no bootstrap, k by silhouette), bootstrapSeed */
  options?: MapStabilityOptions;
}

export interface StatementConsensus {
  id: string;
  declared: StatementGroupView;
  regions: StatementGroupView | null;
  /** Polis's raw product over opinion groups, kept for compatibility (it shrinks as groups multiply) */
  groupInformedConsensus: number | null;
  /** geometric-mean consensus score over the groups compared (consensus-score.ts); null without groups */
  consensusScore: number | null;
  codification: Codification;
  /** which groups the codification compared: declared stakeholder groups, or opinion groups when none */
  comparedBy: "stakeholder_groups" | "opinion_groups";
}

export interface ConsensusResult {
  thresholds: Thresholds;
  participants: number;
  voters: number;
  opinion: OpinionGroupsOutput;
  statements: StatementConsensus[];
  /** would each codification hold without a group or region, under other weightings, across a bootstrap? (robustness.ts) */
  robustness: RobustnessResult;
  /** straight-line (and, with timing, too fast) ballots, flagged with what they move (abnormal-ballots.ts) */
  abnormal: AbnormalBallotsResult;
  /** bridging by matrix factorisation: per statement its intercept once the main divide is explained away */
  mf: MfResult;
  /** where MF bridging and declared-group bridging (the lowest group's rate) disagree; null without declared groups */
  bridgingComparison: BridgingComparison | null;
}

/**
 * Compute everything the results page and the report need, from plain arrays.
 * Deterministic: no clock, no unseeded randomness, stable ordering everywhere.
 */
export function computeConsensus(input: ConsensusInput): ConsensusResult {
  const thresholds: Thresholds = { ...DEFAULT_THRESHOLDS, ...(input.thresholds ?? {}) };
  const statementIds = input.statements.map((s) => s.id);
  const indexed = indexVotes(input.votes, statementIds, input.participants.map((p) => p.id));
  const m = buildSparseMatrix(indexed.compact);
  const moderatedOut = input.statements.map((s) => s.moderatedOut === true);
  const opinion = computeOpinionGroupsFor(indexed, moderatedOut.includes(true) ? { ...input.options, moderatedOut } : input.options);
  const groupOf = input.participants.map((p) => p.groupId ?? null);
  const regionOf = input.participants.map((p) => p.regionId ?? null);
  const declared = computeDeclaredGroups(m, { groups: input.groups.map((g) => ({ id: g.id, targetShare: g.targetShare })), groupOf });
  const regions = input.regions?.length
    ? computeDeclaredGroups(m, { groups: input.regions.map((r) => ({ id: r.id, targetShare: 1 })), groupOf: regionOf })
    : null;
  const names = new Map(input.groups.map((g) => [g.id, g.name]));
  const present = new Set(groupOf.filter((g): g is string => g !== null));
  const useDeclared = input.groups.some((g) => present.has(g.id));

  // Opinion-group stats per statement, for deliberations without declared groups (e.g. Polis imports).
  const opinionStats: NamedGroupStat[][] = statementIds.map(() => []);
  if (!useDeclared && opinion.k > 0) {
    const counts = Array.from({ length: opinion.k }, () => statementIds.map(() => ({ a: 0, d: 0, p: 0 })));
    const pIndex = new Map(indexed.participantIds.map((id, i) => [id, i]));
    for (const [pid, g] of Object.entries(opinion.groups)) {
      const i = pIndex.get(pid)!;
      for (let q = m.rowStart[i]!; q < m.rowStart[i + 1]!; q++) {
        const c = counts[g]![m.cols[q]!]!;
        const v = m.values[q]!;
        if (v === 1) c.a++;
        else if (v === -1) c.d++;
        else c.p++;
      }
    }
    statementIds.forEach((_, j) => {
      opinionStats[j] = counts.map((per, g) => {
        const { a, d, p } = per[j]!;
        const n = a + d + p;
        return { groupId: `opinion-${g}`, name: opinionGroupName(g), agree: a, disagree: d, pass: p, n, agreeRate: n ? a / n : null, interval: n ? wilsonInterval(a, n) : null, meanConfidence: null };
      });
    });
  }

  const statements = statementIds.map((id, j) => {
    const view = declared[j]!;
    const groups: NamedGroupStat[] = useDeclared
      ? view.groups.filter((g) => present.has(g.groupId)).map((g) => ({ ...g, name: names.get(g.groupId) ?? g.groupId }))
      : opinionStats[j]!;
    return {
      id,
      declared: view,
      regions: regions ? regions[j]! : null,
      groupInformedConsensus: opinion.statements[j]!.groupInformedConsensus,
      consensusScore: consensusScore(groups.map((g) => ({ agree: g.agree, n: g.n })), thresholds.minGroupSize),
      codification: codifyStatement(view.overall, groups, view.passRate, thresholds),
      comparedBy: useDeclared ? ("stakeholder_groups" as const) : ("opinion_groups" as const),
    };
  });
  let voters = 0;
  for (let i = 0; i < m.participantCount; i++) if (m.rowStart[i + 1]! > m.rowStart[i]!) voters++;
  // The checks compare what the codification compared: declared groups, else the map's opinion
  // groups. Their bootstrap draws participants by position, so the participants go in a canonical
  // order first (votes, then group, then region, by their place in the lists given): participant
  // ids and the order of any list cannot change a resample, and `verify` recomputes it from a bundle.
  const opinionOfIndex = indexed.participantIds.map((id) => opinion.groups[id] ?? null);
  const order = canonicalParticipants(m, groupOf, regionOf, input.groups.map((g) => g.id), (input.regions ?? []).map((r) => r.id));
  const checked = {
    matrix: permuteRows(m, order),
    statementIds,
    groups: input.groups.map((g) => ({ id: g.id, targetShare: g.targetShare })),
    groupOf: Array.from(order, (i) => groupOf[i] ?? null),
    opinionOf: Array.from(order, (i) => opinionOfIndex[i] ?? null),
    opinionK: opinion.k,
    thresholds,
  };
  const robustness = computeRobustness(
    { ...checked, regions: input.regions?.map((r) => ({ id: r.id })) ?? [], regionOf: Array.from(order, (i) => regionOf[i] ?? null) },
    { resamples: input.options?.resamples, seed: input.options?.bootstrapSeed },
  );
  // too-fast ballots can only be judged where the votes carry when they were cast (a Polis export
  // does; Accord's frozen snapshots keep no times, so its own rounds are judged on the straight-line flags)
  const castAt = castTimesByParticipant(input, statementIds);
  const abnormal = checkAbnormalBallots(castAt ? { ...checked, castAtMs: Array.from(order, (i) => (castAt[i]!.length > 0 ? castAt[i]! : null)) } : checked);
  const mf = computeMatrixFactorisation(m, { resamples: input.options?.resamples, seed: input.options?.bootstrapSeed });
  const bridgingComparison = useDeclared
    ? compareBridging(
        mf.statements.map((s) => s.intercept),
        statements.map((s) => s.declared.bridging?.rate ?? null),
      )
    : null;
  return { thresholds, participants: input.participants.length, voters, opinion, statements, robustness, abnormal, mf, bridgingComparison };
}

/** Participant indices ordered by their votes (compareVoteRows), then group, then region (list positions; none last), then confidences. */
function canonicalParticipants(m: SparseMatrix, groupOf: readonly (string | null)[], regionOf: readonly (string | null)[], groups: readonly string[], regions: readonly string[]): Int32Array {
  const gRank = new Map(groups.map((id, i) => [id, i]));
  const rRank = new Map(regions.map((id, i) => [id, i]));
  const rank = (map: Map<string, number>, id: string | null) => (id === null ? map.size : map.get(id) ?? map.size);
  const order = Int32Array.from({ length: m.participantCount }, (_, i) => i);
  // identical votes: the confidences given, statement by statement (none first)
  const confidence = (a: number, b: number) => {
    for (let p = m.rowStart[a]!, q = m.rowStart[b]!; p < m.rowStart[a + 1]!; p++, q++) {
      const x = Number.isNaN(m.confidences[p]!) ? -1 : m.confidences[p]!;
      const y = Number.isNaN(m.confidences[q]!) ? -1 : m.confidences[q]!;
      if (x !== y) return x - y;
    }
    return 0;
  };
  return order.sort((a, b) => compareVoteRows(m, a, b) || rank(gRank, groupOf[a] ?? null) - rank(gRank, groupOf[b] ?? null) || rank(rRank, regionOf[a] ?? null) - rank(rRank, regionOf[b] ?? null) || confidence(a, b));
}

/** The matrix with its rows in the given order (row r is order[r]). */
function permuteRows(m: SparseMatrix, order: Int32Array): SparseMatrix {
  const rowStart = new Int32Array(order.length + 1);
  for (let r = 0; r < order.length; r++) rowStart[r + 1] = rowStart[r]! + m.rowStart[order[r]! + 1]! - m.rowStart[order[r]!]!;
  const n = rowStart[order.length]!;
  const cols = new Int32Array(n);
  const values = new Int8Array(n);
  const confidences = new Float32Array(n);
  for (let r = 0; r < order.length; r++) {
    const from = m.rowStart[order[r]!]!;
    const len = rowStart[r + 1]! - rowStart[r]!;
    cols.set(m.cols.subarray(from, from + len), rowStart[r]!);
    values.set(m.values.subarray(from, from + len), rowStart[r]!);
    confidences.set(m.confidences.subarray(from, from + len), rowStart[r]!);
  }
  return { participantCount: order.length, statementCount: m.statementCount, rowStart, cols, values, confidences };
}

/** "A", "B", … for opinion group 0, 1, … */
export function opinionGroupName(index: number): string {
  return String.fromCharCode(65 + (index % 26));
}

/** Per participant (input order), the cast times of their votes on the ballot; null when no vote has one. */
function castTimesByParticipant(input: ConsensusInput, statementIds: readonly string[]): number[][] | null {
  const pIndex = new Map(input.participants.map((p, i) => [p.id, i]));
  const known = new Set(statementIds);
  let out: number[][] | null = null;
  for (const v of input.votes) {
    if (typeof v.castAtMs !== "number" || !Number.isFinite(v.castAtMs) || !known.has(v.statementId)) continue;
    const i = pIndex.get(v.participantId);
    if (i === undefined) continue;
    out ??= input.participants.map(() => []);
    out[i]!.push(v.castAtMs);
  }
  return out;
}
