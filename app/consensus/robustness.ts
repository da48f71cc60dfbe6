/**
 * Robustness of each codification (issue 14, item 2): would a statement keep its classification
 *  (a) without any one of the groups compared (that group's participants dropped entirely: from the
 *      overall figures and from the groups compared),
 *  (b) without any one region (that region's participants dropped),
 *  (c) under each weighting of the overall figures — head-count (the engine's), target-share (the
 *      overall agree rate, pass rate and mean confidence become means of the groups' weighted by their
 *      target share; needs declared groups) and equal-group (every group compared weighs the same),
 *  (d) across a participant bootstrap (resample b drawn by `bootstrapWeights`; a participant drawn k
 *      times counts k times in every count): the share of resamples in which it keeps its class?
 *
 * A statement is robust when every check keeps its class and the bootstrap share is at least
 * `minBootstrapShare` (default 0.9: a class that a tenth of plausible re-draws of the same assembly
 * would change is reported as fragile, even when no single group or region explains it).
 *
 * Counts are taken once, as a (region × statement × group) cross-tab, so (a)–(c) are subtractions;
 * the bootstrap is one weighted pass over the votes per resample. The bootstrap is split into a pure
 * per-range function (`bootstrapRange`) and a pure combine (`combineBootstrap`) of integer counts, so
 * ranges can run in worker threads and give the same result however they are split.
 *
 * Pure and deterministic: no I/O, no clock, seeded resampling, stable ordering, 4-decimal rounding.
 */
import { CLASS_CODE, CLASSIFICATIONS, FIELDS, addVotes, classifyCells, codifyCells, resolveCompared, round4, type CompareInput } from "./codify-tally";
import type { SparseMatrix } from "./sparse-matrix";
import { DEFAULT_BOOTSTRAP_SEED, DEFAULT_RESAMPLES, bootstrapWeights } from "./stats";
import { DEFAULT_THRESHOLDS, type Classification, type Thresholds } from "./types";

export interface RobustnessInput {
  /** the vote matrix the engine codified (latest vote per participant and statement) */
  matrix: SparseMatrix;
  /** statement id per matrix column */
  statementIds: readonly string[];
  /** declared stakeholder groups, in the engine's order */
  groups: readonly { id: string; targetShare: number }[];
  /** declared group id per participant index (null: none) */
  groupOf: readonly (string | null | undefined)[];
  regions?: readonly { id: string }[];
  /** region id per participant index (null: none) */
  regionOf?: readonly (string | null | undefined)[];
  /**
   * Full-data opinion group per participant index (null: not assigned), used when no declared group
   * has participants, as the engine does. The checks keep this assignment: dropping a group or a
   * region, or resampling, does not re-cluster.
   */
  opinionOf?: readonly (number | null | undefined)[];
  opinionK?: number;
  thresholds?: Partial<Thresholds>;
}

export interface RobustnessOptions {
  /** bootstrap resamples (default DEFAULT_RESAMPLES = 100; 0 skips the bootstrap) */
  resamples?: number;
  seed?: number;
  /** robust needs at least this share of resamples keeping the class (default 0.9) */
  minBootstrapShare?: number;
}

export const DEFAULT_MIN_BOOTSTRAP_SHARE = 0.9;

export type Weighting = "target_share" | "equal_group";

/** Why a statement is fragile: only the checks that differ from its class (machine-readable). */
export type FragileBecause =
  | { check: "without_group"; group: string; becomes: Classification }
  | { check: "without_region"; region: string; becomes: Classification }
  | { check: "weighting"; weighting: Weighting; becomes: Classification }
  | { check: "bootstrap"; share: number };

export interface StatementRobustness {
  id: string;
  classification: Classification;
  robust: boolean;
  /** share of resamples keeping the class (4 decimals); null when no resample was drawn */
  bootstrapShare: number | null;
  withoutGroup: { group: string; classification: Classification }[];
  withoutRegion: { region: string; classification: Classification }[];
  /** null: the weighting is not applicable (target share without declared groups; no groups at all) */
  weighting: { headCount: Classification; targetShare: Classification | null; equalGroup: Classification | null };
  because: FragileBecause[];
}

export interface RobustnessSummary {
  robust: number;
  fragile: number;
  byClass: Record<Classification, { robust: number; fragile: number }>;
}

export interface RobustnessResult {
  comparedBy: "stakeholder_groups" | "opinion_groups";
  /** the groups dropped one at a time (ids as in the codification: declared id or `opinion-<g>`) */
  groups: string[];
  /** the regions dropped one at a time (those with at least one participant, in the given order) */
  regions: string[];
  settings: { resamples: number; seed: number; minBootstrapShare: number };
  summary: RobustnessSummary;
  statements: StatementRobustness[];
}

/**
 * What the bootstrap needs, as plain data (typed arrays, numbers, strings): it can be posted to a
 * worker thread as is.
 */
export interface BootstrapPlan {
  participantCount: number;
  statementCount: number;
  rowStart: Int32Array;
  cols: Int32Array;
  values: Int8Array;
  confidences: Float32Array;
  /** compared-group index per participant (ids.length: none) */
  groupOf: Int32Array;
  ids: string[];
  /** full-data class code per statement (CLASS_CODE) */
  baseClass: Uint8Array;
  /**
   * the thresholds a resample is codified with: the sample-size rules (minVotes, minGroupSize) are
   * off, except for statements whose full-data class is insufficient data. A resample has as many
   * participants as the data by construction, so its random dips below a minimum say nothing about
   * whether the opinions behind a class hold; the size rules judge the data actually collected.
   */
  thresholds: Thresholds;
  /** the thresholds as given, for statements whose full-data class is insufficient data */
  sizeThresholds: Thresholds;
  resamples: number;
  seed: number;
}

export interface BootstrapPartial {
  from: number;
  to: number;
  /** per statement: resamples in [from, to) in which it kept its class */
  keeps: Int32Array;
}

type Deterministic = Omit<StatementRobustness, "robust" | "bootstrapShare" | "because">;

export interface RobustnessPrepared {
  plan: BootstrapPlan;
  comparedBy: RobustnessResult["comparedBy"];
  regions: string[];
  minBootstrapShare: number;
  statements: Deterministic[];
}

/**
 * Everything but the bootstrap: the cross-tab, the full-data classes and checks (a)–(c), and the
 * bootstrap plan. Cost: one pass over the votes plus (groups + regions + 3) codifications per statement.
 */
export function prepareRobustness(input: RobustnessInput, options: RobustnessOptions = {}): RobustnessPrepared {
  const t: Thresholds = { ...DEFAULT_THRESHOLDS, ...(input.thresholds ?? {}) };
  const m = input.matrix;
  const P = m.participantCount;
  const S = m.statementCount;
  if (input.statementIds.length !== S) throw new Error("one statement id per matrix column is needed");
  const resamples = Math.max(0, Math.floor(options.resamples ?? DEFAULT_RESAMPLES));
  const seed = options.seed ?? DEFAULT_BOOTSTRAP_SEED;
  const minBootstrapShare = options.minBootstrapShare ?? DEFAULT_MIN_BOOTSTRAP_SHARE;

  const compareInput: CompareInput = { participantCount: P, groups: input.groups, groupOf: input.groupOf, opinionOf: input.opinionOf, opinionK: input.opinionK };
  const compared = resolveCompared(compareInput);
  const ids = compared.ids;
  const C = ids.length;
  const width = C + 1;
  const cell = width * FIELDS;

  const regionList = input.regions ?? [];
  const R = regionList.length;
  const regionIndex = new Map(regionList.map((r, i) => [r.id, i]));
  const regionOf = new Int32Array(P).fill(R);
  for (let i = 0; i < P; i++) {
    const r = input.regionOf?.[i];
    if (r !== null && r !== undefined) regionOf[i] = regionIndex.get(r) ?? R;
  }
  const members = new Float64Array((R + 1) * width);
  for (let i = 0; i < P; i++) members[regionOf[i]! * width + compared.of[i]!]! += 1;
  const groupMembers = new Float64Array(width);
  for (let r = 0; r <= R; r++) for (let c = 0; c < width; c++) groupMembers[c]! += members[r * width + c]!;

  // cells[((r · S + j) · (C + 1) + c) · FIELDS]: region r (R: none), statement j, group c (C: none)
  const cells = new Float64Array((R + 1) * S * cell);
  addVotes(m, compared.of, C, regionOf, cells);
  let total = cells;
  if (R > 0) {
    total = new Float64Array(S * cell);
    for (let r = 0; r <= R; r++) {
      const base = r * S * cell;
      for (let x = 0; x < S * cell; x++) total[x]! += cells[base + x]!;
    }
  }
  const droppedRegions: number[] = [];
  for (let r = 0; r < R; r++) {
    let n = 0;
    for (let c = 0; c < width; c++) n += members[r * width + c]!;
    if (n > 0) droppedRegions.push(r);
  }

  const all = new Uint8Array(C).fill(1);
  const present = new Uint8Array(C);
  const scratch = new Float64Array(cell);
  const shares = compared.targetShares;
  const targetWeights = shares && shares.some((s) => s > 0) ? Float64Array.from(shares, (s) => Math.max(0, s)) : null;
  const equalWeights = C > 0 ? new Float64Array(C).fill(1) : null;

  const baseClass = new Uint8Array(S);
  const statements: Deterministic[] = [];
  for (let j = 0; j < S; j++) {
    const off = j * cell;
    const classification = codifyCells(total, off, ids, all, t).classification;
    baseClass[j] = CLASS_CODE[classification];

    const withoutGroup: Deterministic["withoutGroup"] = [];
    for (let g = 0; g < C; g++) {
      for (let x = 0; x < cell; x++) scratch[x] = total[off + x]!;
      for (let f = 0; f < FIELDS; f++) scratch[g * FIELDS + f] = 0;
      present.set(all);
      present[g] = 0;
      withoutGroup.push({ group: ids[g]!, classification: codifyCells(scratch, 0, ids, present, t).classification });
    }

    const withoutRegion: Deterministic["withoutRegion"] = [];
    for (const r of droppedRegions) {
      const roff = (r * S + j) * cell;
      for (let x = 0; x < cell; x++) scratch[x] = total[off + x]! - cells[roff + x]!;
      for (let c = 0; c < C; c++) present[c] = groupMembers[c]! - members[r * width + c]! > 0 ? 1 : 0;
      withoutRegion.push({ region: regionList[r]!.id, classification: codifyCells(scratch, 0, ids, present, t).classification });
    }

    statements.push({
      id: input.statementIds[j]!,
      classification,
      withoutGroup,
      withoutRegion,
      weighting: {
        headCount: classification,
        targetShare: targetWeights ? codifyCells(total, off, ids, all, t, targetWeights).classification : null,
        equalGroup: equalWeights ? codifyCells(total, off, ids, all, t, equalWeights).classification : null,
      },
    });
  }

  return {
    plan: {
      participantCount: P,
      statementCount: S,
      rowStart: m.rowStart,
      cols: m.cols,
      values: m.values,
      confidences: m.confidences,
      groupOf: compared.of,
      ids,
      baseClass,
      thresholds: { ...t, minVotes: 0, minGroupSize: 0 },
      sizeThresholds: t,
      resamples,
      seed,
    },
    comparedBy: compared.comparedBy,
    regions: droppedRegions.map((r) => regionList[r]!.id),
    minBootstrapShare,
    statements,
  };
}

/** Resamples per pass over the votes in `bootstrapRange` (the unrolled adds assume 8). */
const BLOCK = 8;

/**
 * Resamples [from, to) of the bootstrap: per statement, how many of them keep its full-data class.
 * Resample b depends only on (participant count, seed, b), so any split of [0, resamples) over any
 * number of threads gives the same counts. Opinion groups keep their full-data assignment (a
 * resample does not re-cluster): the check asks whether the same groups would still be read the same
 * way, not whether the grouping itself is stable. A group with no participant drawn is left out of
 * the comparison, as the engine leaves out a declared group with no participants.
 */
export function bootstrapRange(plan: BootstrapPlan, from: number, to: number): BootstrapPartial {
  if (!(Number.isInteger(from) && Number.isInteger(to) && 0 <= from && from <= to && to <= plan.resamples)) {
    throw new Error(`bootstrap range [${from}, ${to}) is not within [0, ${plan.resamples})`);
  }
  const { participantCount: P, statementCount: S, rowStart, cols, values, confidences, groupOf, ids, baseClass, thresholds: relaxed, sizeThresholds, seed } = plan;
  const INSUFFICIENT = CLASS_CODE.insufficient_data;
  const C = ids.length;
  const width = C + 1;
  const keeps = new Int32Array(S);
  if (to === from) return { from, to, keeps };
  // Resamples are taken BLOCK at a time: each vote is read once per block and added to the BLOCK
  // adjacent counters of its (statement, group, answer), which keeps the pass cache-friendly. Every
  // counter still receives the same additions in the same (participant) order as one resample at a
  // time would, so the block size does not change any result.
  const slot = new Int32Array(cols.length);
  for (let i = 0; i < P; i++) {
    const c = groupOf[i]!;
    for (let q = rowStart[i]!; q < rowStart[i + 1]!; q++) {
      const v = values[q]!;
      slot[q] = ((cols[q]! * width + c) * 3 + (v === 1 ? 0 : v === -1 ? 1 : 2)) * BLOCK;
    }
  }
  const counts = new Int32Array(S * width * 3 * BLOCK);
  // only the overall mean confidence enters a head-count codification: one sum per statement
  const confSum = new Float64Array(S * BLOCK);
  const confN = new Int32Array(S * BLOCK);
  const w = new Int32Array(P * BLOCK);
  const members = new Int32Array(width * BLOCK);
  const present = new Uint8Array(C);
  const cell = new Float64Array(width * FIELDS);
  for (let b0 = from; b0 < to; b0 += BLOCK) {
    const K = Math.min(BLOCK, to - b0);
    counts.fill(0);
    confSum.fill(0);
    confN.fill(0);
    members.fill(0);
    w.fill(0);
    for (let k = 0; k < K; k++) {
      const wk = bootstrapWeights(P, seed, b0 + k);
      for (let i = 0; i < P; i++) w[i * BLOCK + k] = wk[i]!;
    }
    for (let i = 0; i < P; i++) {
      const wb = i * BLOCK;
      const w0 = w[wb]!, w1 = w[wb + 1]!, w2 = w[wb + 2]!, w3 = w[wb + 3]!, w4 = w[wb + 4]!, w5 = w[wb + 5]!, w6 = w[wb + 6]!, w7 = w[wb + 7]!;
      if ((w0 | w1 | w2 | w3 | w4 | w5 | w6 | w7) === 0) continue;
      const mb = groupOf[i]! * BLOCK;
      for (let k = 0; k < BLOCK; k++) members[mb + k]! += w[wb + k]!;
      for (let q = rowStart[i]!; q < rowStart[i + 1]!; q++) {
        const o = slot[q]!;
        counts[o]! += w0;
        counts[o + 1]! += w1;
        counts[o + 2]! += w2;
        counts[o + 3]! += w3;
        counts[o + 4]! += w4;
        counts[o + 5]! += w5;
        counts[o + 6]! += w6;
        counts[o + 7]! += w7;
        const conf = confidences[q]!;
        if (conf === conf) {
          const co = cols[q]! * BLOCK;
          confSum[co]! += w0 * conf;
          confSum[co + 1]! += w1 * conf;
          confSum[co + 2]! += w2 * conf;
          confSum[co + 3]! += w3 * conf;
          confSum[co + 4]! += w4 * conf;
          confSum[co + 5]! += w5 * conf;
          confSum[co + 6]! += w6 * conf;
          confSum[co + 7]! += w7 * conf;
          confN[co]! += w0;
          confN[co + 1]! += w1;
          confN[co + 2]! += w2;
          confN[co + 3]! += w3;
          confN[co + 4]! += w4;
          confN[co + 5]! += w5;
          confN[co + 6]! += w6;
          confN[co + 7]! += w7;
        }
      }
    }
    for (let k = 0; k < K; k++) {
      for (let c = 0; c < C; c++) present[c] = members[c * BLOCK + k]! > 0 ? 1 : 0;
      for (let j = 0; j < S; j++) {
        // one statement's cells for resample k; the confidence goes to the "none" cell, which only
        // the overall figures read
        cell.fill(0);
        for (let c = 0; c < width; c++) {
          const o = ((j * width + c) * 3) * BLOCK + k;
          cell[c * FIELDS] = counts[o]!;
          cell[c * FIELDS + 1] = counts[o + BLOCK]!;
          cell[c * FIELDS + 2] = counts[o + 2 * BLOCK]!;
        }
        cell[C * FIELDS + 3] = confSum[j * BLOCK + k]!;
        cell[C * FIELDS + 4] = confN[j * BLOCK + k]!;
        if (classifyCells(cell, 0, C, present, baseClass[j] === INSUFFICIENT ? sizeThresholds : relaxed) === baseClass[j]) keeps[j]! += 1;
      }
    }
  }
  return { from, to, keeps };
}

/**
 * Sum partial bootstrap counts. The partials must tile [0, resamples) exactly (any order, any split);
 * otherwise this throws rather than report a share over the wrong number of resamples.
 */
export function combineBootstrap(plan: BootstrapPlan, partials: readonly BootstrapPartial[]): Int32Array {
  const sorted = [...partials].filter((p) => p.to > p.from).sort((a, b) => a.from - b.from);
  let at = 0;
  const keeps = new Int32Array(plan.statementCount);
  for (const p of sorted) {
    if (p.from !== at || p.keeps.length !== plan.statementCount) throw new Error(`bootstrap partials do not tile [0, ${plan.resamples})`);
    for (let j = 0; j < keeps.length; j++) keeps[j]! += p.keeps[j]!;
    at = p.to;
  }
  if (at !== plan.resamples) throw new Error(`bootstrap partials do not tile [0, ${plan.resamples})`);
  return keeps;
}

/** The result, from the prepared checks and the combined bootstrap counts. */
export function finishRobustness(prepared: RobustnessPrepared, keeps: Int32Array): RobustnessResult {
  const { resamples, seed } = prepared.plan;
  const byClass = Object.fromEntries(CLASSIFICATIONS.map((c) => [c, { robust: 0, fragile: 0 }])) as RobustnessSummary["byClass"];
  let robustCount = 0;
  const statements = prepared.statements.map((s, j): StatementRobustness => {
    const because: FragileBecause[] = [];
    for (const g of s.withoutGroup) if (g.classification !== s.classification) because.push({ check: "without_group", group: g.group, becomes: g.classification });
    for (const r of s.withoutRegion) if (r.classification !== s.classification) because.push({ check: "without_region", region: r.region, becomes: r.classification });
    if (s.weighting.targetShare !== null && s.weighting.targetShare !== s.classification) {
      because.push({ check: "weighting", weighting: "target_share", becomes: s.weighting.targetShare });
    }
    if (s.weighting.equalGroup !== null && s.weighting.equalGroup !== s.classification) {
      because.push({ check: "weighting", weighting: "equal_group", becomes: s.weighting.equalGroup });
    }
    const share = resamples > 0 ? keeps[j]! / resamples : null;
    if (share !== null && share < prepared.minBootstrapShare) because.push({ check: "bootstrap", share: round4(share) });
    const robust = because.length === 0;
    if (robust) robustCount++;
    byClass[s.classification][robust ? "robust" : "fragile"] += 1;
    return {
      id: s.id,
      classification: s.classification,
      robust,
      bootstrapShare: share === null ? null : round4(share),
      withoutGroup: s.withoutGroup,
      withoutRegion: s.withoutRegion,
      weighting: s.weighting,
      because,
    };
  });
  return {
    comparedBy: prepared.comparedBy,
    groups: [...prepared.plan.ids],
    regions: prepared.regions,
    settings: { resamples, seed, minBootstrapShare: prepared.minBootstrapShare },
    summary: { robust: robustCount, fragile: statements.length - robustCount, byClass },
    statements,
  };
}

/** All four checks for every statement, on one thread (prepare → bootstrapRange(0, B) → finish). */
export function computeRobustness(input: RobustnessInput, options: RobustnessOptions = {}): RobustnessResult {
  const prepared = prepareRobustness(input, options);
  const keeps = combineBootstrap(prepared.plan, [bootstrapRange(prepared.plan, 0, prepared.plan.resamples)]);
  return finishRobustness(prepared, keeps);
}
