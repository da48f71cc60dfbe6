/**
 * Codification from counts: the groups the engine compares, a flat per-(statement × group) tally of
 * agree / disagree / pass / confidence, and `codifyStatement` applied to a tally (optionally with the
 * "overall" figures re-weighted across groups). Shared by the robustness checks and the
 * abnormal-ballot check, which both ask "what would the codification be with other participants or
 * other weights", and answer it by adding and subtracting counts instead of re-running the engine.
 */
import { codifyStatement, type Codification, type NamedGroupStat } from "./codify";
import type { GroupStat } from "./declared-groups";
import type { SparseMatrix } from "./sparse-matrix";
import { wilsonInterval } from "./stats";
import type { Classification, Thresholds } from "./types";

/** Fields per cell: agree, disagree, pass, confidence sum, confidence count. */
export const FIELDS = 5;

export const CLASSIFICATIONS: readonly Classification[] = ["agreement", "disagreement", "uncertainty", "insufficient_data", "no_consensus"];
export const CLASS_CODE: Record<Classification, number> = { agreement: 0, disagreement: 1, uncertainty: 2, insufficient_data: 3, no_consensus: 4 };

export interface CompareInput {
  participantCount: number;
  /** declared stakeholder groups, in the engine's order */
  groups: readonly { id: string; targetShare: number }[];
  /** declared group id per participant index (null: none) */
  groupOf: readonly (string | null | undefined)[];
  /** full-data opinion group per participant index (null or out of range: none) */
  opinionOf?: readonly (number | null | undefined)[];
  /** number of opinion groups (the engine's `opinion.k`) */
  opinionK?: number;
}

export interface ComparedGroups {
  comparedBy: "stakeholder_groups" | "opinion_groups";
  /** group ids as the engine names them in a codification: the declared id, or `opinion-<g>` */
  ids: string[];
  /** target share per compared group (declared groups only) */
  targetShares: number[] | null;
  /** compared-group index per participant; `ids.length` for a participant in none */
  of: Int32Array;
}

/**
 * The groups the engine's codification compares (engine.ts `computeConsensus`): the declared
 * stakeholder groups that have at least one participant, in declared order; when none has, the
 * opinion groups. A participant in neither counts in the overall figures only.
 */
export function resolveCompared(input: CompareInput): ComparedGroups {
  const P = input.participantCount;
  const present = new Set<string>();
  for (let i = 0; i < P; i++) {
    const g = input.groupOf[i];
    if (g !== null && g !== undefined) present.add(g);
  }
  const declared = input.groups.filter((g) => present.has(g.id));
  if (declared.length > 0) {
    const index = new Map(declared.map((g, c) => [g.id, c]));
    const of = new Int32Array(P).fill(declared.length);
    for (let i = 0; i < P; i++) {
      const g = input.groupOf[i];
      if (g !== null && g !== undefined) of[i] = index.get(g) ?? declared.length;
    }
    return { comparedBy: "stakeholder_groups", ids: declared.map((g) => g.id), targetShares: declared.map((g) => g.targetShare), of };
  }
  const k = input.opinionK ?? 0;
  const of = new Int32Array(P).fill(k);
  for (let i = 0; i < P; i++) {
    const g = input.opinionOf?.[i];
    if (typeof g === "number" && Number.isInteger(g) && g >= 0 && g < k) of[i] = g;
  }
  return { comparedBy: "opinion_groups", ids: Array.from({ length: k }, (_, g) => `opinion-${g}`), targetShares: null, of };
}

/**
 * Add every vote of the matrix into `cells`, laid out as ((bucket · S + j) · (C + 1) + c) · FIELDS:
 * bucket from `bucketOf` (e.g. a region; pass null for one bucket), c the compared group (C: none).
 * `include` (optional) restricts the tally to the participants it marks.
 */
export function addVotes(
  m: SparseMatrix,
  groupOf: Int32Array,
  compared: number,
  bucketOf: Int32Array | null,
  cells: Float64Array,
  include?: Uint8Array,
): void {
  const S = m.statementCount;
  const width = compared + 1;
  for (let i = 0; i < m.participantCount; i++) {
    if (include && !include[i]) continue;
    const c = groupOf[i]!;
    const bucket = bucketOf ? bucketOf[i]! : 0;
    const rowBase = bucket * S;
    for (let q = m.rowStart[i]!; q < m.rowStart[i + 1]!; q++) {
      const o = ((rowBase + m.cols[q]!) * width + c) * FIELDS;
      const v = m.values[q]!;
      cells[o + (v === 1 ? 0 : v === -1 ? 1 : 2)]! += 1;
      const conf = m.confidences[q]!;
      if (!Number.isNaN(conf)) {
        cells[o + 3]! += conf;
        cells[o + 4]! += 1;
      }
    }
  }
}

function groupStat(groupId: string, cells: Float64Array, o: number): NamedGroupStat {
  const agree = cells[o]!;
  const disagree = cells[o + 1]!;
  const pass = cells[o + 2]!;
  const n = agree + disagree + pass;
  const cn = cells[o + 4]!;
  return {
    groupId,
    name: groupId,
    agree,
    disagree,
    pass,
    n,
    agreeRate: n > 0 ? agree / n : null,
    interval: n > 0 ? wilsonInterval(agree, n) : null,
    meanConfidence: cn > 0 ? cells[o + 3]! / cn : null,
  };
}

/**
 * Codify one statement from its cells at `off` (C + 1 cells: the compared groups, then "none").
 * The overall figures sum every cell; the groups compared are those with `present[c]` set.
 * With `weights` (one per compared group), the overall agree rate, pass rate and mean confidence are
 * the weighted means of the present groups' (groups without votes, or with weight 0, left out), while
 * the overall vote count stays the head count (the "too few votes" rule is about evidence, not weight).
 * Groups are named by their id in the reason: callers here use the class, the engine writes reasons.
 */
export function codifyCells(
  cells: Float64Array,
  off: number,
  ids: readonly string[],
  present: ArrayLike<number>,
  t: Thresholds,
  weights: ArrayLike<number> | null = null,
): Codification {
  const C = ids.length;
  let agree = 0;
  let disagree = 0;
  let pass = 0;
  let confSum = 0;
  let confN = 0;
  for (let c = 0; c <= C; c++) {
    const o = off + c * FIELDS;
    agree += cells[o]!;
    disagree += cells[o + 1]!;
    pass += cells[o + 2]!;
    confSum += cells[o + 3]!;
    confN += cells[o + 4]!;
  }
  const n = agree + disagree + pass;
  const groups: NamedGroupStat[] = [];
  let wRate = 0;
  let wPass = 0;
  let wTotal = 0;
  let wConf = 0;
  let wConfTotal = 0;
  for (let c = 0; c < C; c++) {
    if (!present[c]) continue;
    const g = groupStat(ids[c]!, cells, off + c * FIELDS);
    groups.push(g);
    const w = weights ? weights[c]! : 0;
    if (w > 0 && g.n > 0) {
      wRate += w * g.agreeRate!;
      wPass += (w * g.pass) / g.n;
      wTotal += w;
      if (g.meanConfidence !== null) {
        wConf += w * g.meanConfidence;
        wConfTotal += w;
      }
    }
  }
  let overall: GroupStat;
  let passRate: number | null;
  if (!weights) {
    overall = {
      groupId: "all",
      agree,
      disagree,
      pass,
      n,
      agreeRate: n > 0 ? agree / n : null,
      interval: n > 0 ? wilsonInterval(agree, n) : null,
      meanConfidence: confN > 0 ? confSum / confN : null,
    };
    passRate = n > 0 ? pass / n : null;
  } else {
    const rate = wTotal > 0 ? wRate / wTotal : null;
    overall = {
      groupId: "all",
      agree,
      disagree,
      pass,
      n,
      agreeRate: rate,
      interval: rate !== null && n > 0 ? wilsonInterval(rate * n, n) : null,
      meanConfidence: wConfTotal > 0 ? wConf / wConfTotal : null,
    };
    passRate = wTotal > 0 ? wPass / wTotal : null;
  }
  return codifyStatement(overall, groups, passRate, t);
}

/**
 * The class code (CLASS_CODE) that `codifyCells(cells, off, ids, present, t)` would give, head-count
 * weighting, without building the group objects and the reason: the same rules in the same order on
 * the same floating-point values (tests hold the two equal on random cells). For the bootstrap's
 * hot loop; everything else uses `codifyCells`.
 */
export function classifyCells(cells: Float64Array, off: number, compared: number, present: ArrayLike<number>, t: Thresholds): number {
  let agree = 0;
  let disagree = 0;
  let pass = 0;
  let confSum = 0;
  let confN = 0;
  for (let c = 0; c <= compared; c++) {
    const o = off + c * FIELDS;
    agree += cells[o]!;
    disagree += cells[o + 1]!;
    pass += cells[o + 2]!;
    confSum += cells[o + 3]!;
    confN += cells[o + 4]!;
  }
  const n = agree + disagree + pass;
  if (n < t.minVotes) return CLASS_CODE.insufficient_data;
  let rated = 0;
  let max = -Infinity;
  let min = Infinity;
  for (let c = 0; c < compared; c++) {
    if (!present[c]) continue;
    const o = off + c * FIELDS;
    const gn = cells[o]! + cells[o + 1]! + cells[o + 2]!;
    if (gn < t.minGroupSize) return CLASS_CODE.insufficient_data;
    if (gn > 0) {
      const rate = cells[o]! / gn;
      rated++;
      if (rate > max) max = rate;
      if (rate < min) min = rate;
    }
  }
  if (n > 0 && pass / n >= t.uncertaintyPassRate) return CLASS_CODE.uncertainty;
  if (confN > 0 && confSum / confN <= t.uncertaintyConfidence) return CLASS_CODE.uncertainty;
  let everyGroupAgrees = true;
  for (let c = 0; c < compared && everyGroupAgrees; c++) {
    if (!present[c]) continue;
    const o = off + c * FIELDS;
    const gn = cells[o]! + cells[o + 1]! + cells[o + 2]!;
    if (gn > 0 && !(cells[o]! / gn >= t.agreementGroupRate && wilsonInterval(cells[o]!, gn).low >= t.agreementLowerBound)) everyGroupAgrees = false;
  }
  if (everyGroupAgrees) {
    const overallRate = n > 0 ? agree / n : 0;
    const overallLow = n > 0 ? wilsonInterval(agree, n).low : 0;
    if (overallRate >= t.agreementOverall && (rated > 0 || overallLow >= t.agreementLowerBound)) return CLASS_CODE.agreement;
  }
  if (rated >= 2 && max - min >= t.disagreementSpread) return CLASS_CODE.disagreement;
  for (let c = 0; c < compared; c++) {
    if (!present[c]) continue;
    const o = off + c * FIELDS;
    const gn = cells[o]! + cells[o + 1]! + cells[o + 2]!;
    if (gn > 0) {
      const w = wilsonInterval(cells[o]!, gn);
      if (w.high - w.low > t.uncertaintyIntervalWidth) return CLASS_CODE.uncertainty;
    }
  }
  return CLASS_CODE.no_consensus;
}

/** Head-count overall agree rate of a statement's cells at `off` (null without votes). */
export function overallAgreeRate(cells: Float64Array, off: number, compared: number): number | null {
  let agree = 0;
  let n = 0;
  for (let c = 0; c <= compared; c++) {
    const o = off + c * FIELDS;
    agree += cells[o]!;
    n += cells[o]! + cells[o + 1]! + cells[o + 2]!;
  }
  return n > 0 ? agree / n : null;
}

export const round4 = (x: number) => Math.round(x * 1e4) / 1e4;
