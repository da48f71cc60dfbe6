/**
 * Stability of the opinion map (issue 14, decision 054): does the grouping replicate when the
 * participants are resampled?
 *
 * Participant bootstrap: resample b draws the included participants, in canonical order, by
 * bootstrapWeights(P, seed, b), so it depends only on the votes, never on participant ids or list
 * order. A participant drawn w times counts w times — in the column means, in the principal
 * components (Cᵀ W C), in the base clusters and in the weights of the base centres — which is the
 * map of the resample with that row written out w times, computed without copying rows. Each resample
 * recomputes the whole map: column means, the two components (power iteration warm-started from the
 * full map's components, run to the same tolerance, so it converges to the resample's own subspace in
 * a few steps), the projection, the base clusters (Lloyd's iterations started from the full map's base
 * clusters, recentred on the resample's positions) and k-means of the base centres for every k tried.
 *
 * Reported, over the participants present in a resample (each counted once):
 * - per k tried: the adjusted Rand index (ARI) between the resample's grouping and the full map's
 *   (mean, median, 10th and 90th percentile, min, max); the k "replicates" when its mean ARI ≥ minAri;
 * - per opinion group of the full map: Hennig's clusterwise stability, the mean over resamples of the
 *   best Jaccard similarity between the group's present members and any group of the resample;
 * - the share of resamples whose own silhouette-best k is each k.
 * The map's k is the best-silhouette k among those that replicate; when none does, the silhouette's k
 * stands and the map is marked `stable: false`.
 *
 * The work splits by resample: mapStabilityRange computes the partial result of any range of
 * resample indices from the inputs alone, combineMapStability puts partials together in resample
 * order. Every resample's numbers are computed the same way whichever thread runs it, and combined in
 * index order, so the result is byte-identical however the range is split (parallel/ runs ranges in
 * worker threads).
 *
 * Pure and deterministic: no I/O, no clock, seeded randomness only.
 */
import {
  bestBySilhouette,
  columnMeans,
  groupBaseCentres,
  opinionMapBasis,
  projectRows,
  topTwoComponents,
  type OpinionGroupOptions,
  type OpinionMapBasis,
} from "./opinion-groups";
import type { SparseMatrix } from "./sparse-matrix";
import { bootstrapWeights, DEFAULT_BOOTSTRAP_SEED, DEFAULT_RESAMPLES } from "./stats";

/** A k replicates when its mean ARI over resamples reaches this (decision 054). */
export const DEFAULT_MIN_ARI = 0.6;
/** Recomputations in a row that must choose the same new k before the live map switches to it. */
export const DEFAULT_K_STREAK = 3;
/**
 * A resample's components stop when the subspace turns by less than this per step (the full map's:
 * 1e-5). At 1e-3 the positions move far less than resampling moves them; checked against cold-started
 * components run to 1e-6: the same mean ARIs within ±0.01 on planted and pure-noise data.
 */
const RESAMPLE_TOLERANCE = 1e-3;
/**
 * At most this many power steps per resample (warm-started from the full map). Where the second and
 * third eigenvalues are close (votes without a clear second axis) the subspace turns slowly and each
 * resample could take 150 steps — 100 resamples of 4,000 × 300 took 100 s. A subspace that has not
 * settled in 25 steps from the full map's is itself a sign of an unstable map, and the ARI says so.
 */
const RESAMPLE_MAX_STEPS = 25;
/**
 * Lloyd's iterations at most for a resample's base clusters. They start from the full map's base
 * clusters recentred on the resample's positions, so a few steps settle them (after the first step,
 * only a few dozen of 10,000 participants change cells per step). Checked against base clusters
 * fitted afresh (k-means++ as for the full map) and against 1…30 steps: the same mean ARIs within
 * ±0.03, except for a k that merges two planted groups (k 2 of 3 groups: ±0.08, not upwards).
 */
const BASE_ITERATIONS = 5;

export interface MapStabilityOptions extends OpinionGroupOptions {
  /** bootstrap resamples (default DEFAULT_RESAMPLES = 100); 0 skips the bootstrap */
  resamples?: number;
  /** seed of the participant bootstrap (default DEFAULT_BOOTSTRAP_SEED) */
  bootstrapSeed?: number;
  /** mean ARI at which a k replicates (default 0.6) */
  minAri?: number;
  /**
   * The live map's group-k state after the previous recomputation (smoothGroupK); null for the first
   * one. Given (even null), the k shown follows the smoother; left out, the k is this computation's
   * own. Only for a live map: a closed round is computed from its data alone.
   */
  groupK?: GroupKState | null;
}

/**
 * What a range of resamples needs, as numbers and typed arrays only (so it crosses to a worker thread
 * without copying objects): the included participants' rows in canonical order, the full map's
 * components, base clusters and grouping for every k tried.
 */
export interface MapStabilityInputs {
  participants: number;
  statements: number;
  resamples: number;
  bootstrapSeed: number;
  minAri: number;
  seed: number;
  minK: number;
  maxK: number;
  /** moderated-out statements anyone voted on: added to every row's vote count in the sparsity scaling */
  extraVotes: number;
  rowStart: Int32Array;
  cols: Int32Array;
  values: Int8Array;
  /** the full map's first component, then its second (2 × statements) */
  components: Float64Array;
  /** full map's base cluster per participant (canonical order) */
  baseOf: Int32Array;
  baseCount: number;
  /** the k tried on the full map, increasing */
  ks: Int32Array;
  /** per k tried: non-empty groups, silhouette */
  groups: Int32Array;
  silhouettes: Float64Array;
  /** per k tried, the full grouping of every participant (canonical order): ks.length × participants */
  labels: Int32Array;
  /** index in ks of the silhouette's choice; -1 when nothing can be split */
  best: number;
}

/** The result of resamples from…to−1: per resample, in index order. */
export interface MapStabilityPartial {
  from: number;
  to: number;
  /** the resample's own silhouette-best number of groups (1 when it cannot be split) */
  bestK: Int32Array;
  /** (to − from) × ks.length: ARI between the resample's grouping and the full one at that k */
  ari: Float64Array;
  /** (to − from) × ks.length × maxGroups: best Jaccard of each full group; NaN when absent from the resample */
  jaccard: Float64Array;
}

export interface AriSummary {
  mean: number;
  median: number;
  p10: number;
  p90: number;
  min: number;
  max: number;
}

export interface GroupStability {
  /** opinion group index (0 = A), as computeOpinionGroups labels the groups at this k */
  group: number;
  /** members in the full map */
  size: number;
  /** mean best Jaccard over the resamples the group is present in; null without a bootstrap */
  stability: number | null;
}

export interface KStability {
  k: number;
  silhouette: number;
  /** mean ARI over resamples (null without a bootstrap) */
  meanAri: number | null;
  replicates: boolean | null;
  ari: AriSummary | null;
  groups: GroupStability[];
}

/** Plain, JSON-serialisable; numbers rounded to 4 decimals. */
export interface MapStability {
  /** resamples run (0: bootstrap skipped, or nothing to split) */
  resamples: number;
  seed: number;
  minAri: number;
  /** the map's k: best silhouette among the k that replicate (the silhouette's k when none does) */
  k: number;
  kBySilhouette: number;
  /** false when no k replicates ("unstable"); null when not assessed */
  stable: boolean | null;
  perK: KStability[];
  /** share of resamples whose own silhouette-best k is each k; null without a bootstrap */
  kStability: { k: number; share: number }[] | null;
  /** ARI distribution at the map's k */
  ari: AriSummary | null;
  /** clusterwise stability of the map's groups at k */
  groups: GroupStability[];
}

const round4 = (x: number) => Math.round(x * 1e4) / 1e4;

/** Whether computeMapStability was handed a map basis (rather than a vote matrix). */
export function isOpinionMapBasis(x: SparseMatrix | OpinionMapBasis): x is OpinionMapBasis {
  return "canonical" in x && "perK" in x;
}

/**
 * Bootstrap stability of the opinion map, in this thread. Takes the vote matrix, or the basis of a
 * map already computed (opinionMapBasis), which saves computing the full map twice: then
 * `opinionGroupsFromBasis(basis, result.k)` is the map to show. The map's own options (seed, minK,
 * maxK, maxBaseClusters) apply when a matrix is given; a basis keeps those it was computed with.
 */
export function computeMapStability(input: SparseMatrix | OpinionMapBasis, options: MapStabilityOptions = {}): MapStability {
  const basis = isOpinionMapBasis(input) ? input : opinionMapBasis(input, options);
  const inputs = mapStabilityInputs(basis, options);
  return combineMapStability(inputs, [mapStabilityRange(inputs, 0, inputs.resamples)]);
}

/** The inputs of the resample ranges, from a map basis. Resamples is 0 when nothing can be split. */
export function mapStabilityInputs(basis: OpinionMapBasis, options: MapStabilityOptions = {}): MapStabilityInputs {
  const P = basis.canonical.length;
  const S = basis.rows.statementCount;
  const requested = options.resamples ?? DEFAULT_RESAMPLES;
  if (!(Number.isInteger(requested) && requested >= 0)) throw new Error(`resamples must be a whole number ≥ 0, not ${requested}`);
  const K = basis.perK.length;
  const components = new Float64Array(2 * S);
  components.set(basis.components[0], 0);
  components.set(basis.components[1], S);
  const labels = new Int32Array(K * P);
  basis.perK.forEach((c, i) => labels.set(c.assignment, i * P));
  return {
    participants: P,
    statements: S,
    resamples: K > 0 ? requested : 0,
    bootstrapSeed: options.bootstrapSeed ?? DEFAULT_BOOTSTRAP_SEED,
    minAri: options.minAri ?? DEFAULT_MIN_ARI,
    seed: basis.options.seed,
    minK: basis.options.minK,
    maxK: basis.options.maxK,
    rowStart: basis.mapRows.rowStart,
    cols: basis.mapRows.cols,
    values: basis.mapRows.values,
    extraVotes: basis.extraVotes,
    components,
    baseOf: basis.baseOf ?? new Int32Array(P),
    baseCount: basis.baseCount,
    ks: Int32Array.from(basis.perK, (c) => c.k),
    groups: Int32Array.from(basis.perK, (c) => c.groups),
    silhouettes: Float64Array.from(basis.perK, (c) => c.silhouette),
    labels,
    best: basis.best,
  };
}

const maxGroupsOf = (inputs: MapStabilityInputs) => inputs.ks.reduce((a, k) => Math.max(a, k), 0);

/**
 * Resamples from…to−1 (a pure function of the inputs and the indices): for each, the map recomputed on
 * the resampled participants and compared with the full map at every k tried.
 */
export function mapStabilityRange(inputs: MapStabilityInputs, from: number, to: number): MapStabilityPartial {
  if (!(Number.isInteger(from) && Number.isInteger(to) && 0 <= from && from <= to && to <= inputs.resamples)) throw new Error(`bad resample range ${from}…${to} of ${inputs.resamples}`);
  const P = inputs.participants;
  const S = inputs.statements;
  const K = inputs.ks.length;
  const G = maxGroupsOf(inputs);
  const n = to - from;
  const out: MapStabilityPartial = { from, to, bestK: new Int32Array(n), ari: new Float64Array(n * K), jaccard: new Float64Array(n * K * G) };
  if (n === 0) return out;
  const m: SparseMatrix = { participantCount: P, statementCount: S, rowStart: inputs.rowStart, cols: inputs.cols, values: inputs.values, confidences: new Float32Array(0) };
  const start: [Float64Array, Float64Array] = [inputs.components.subarray(0, S), inputs.components.subarray(S, 2 * S)];
  // scratch, fully rewritten for each resample (nothing carries from one resample to the next)
  const scratch = { centred: new Float64Array(inputs.values.length), weights: new Float64Array(P), positions: new Float64Array(2 * P), present: new Int32Array(P) };
  for (let b = from; b < to; b++) resampleOnce(inputs, m, start, b, scratch, out, b - from, G);
  return out;
}

function resampleOnce(
  inputs: MapStabilityInputs,
  m: SparseMatrix,
  start: [Float64Array, Float64Array],
  b: number,
  scratch: { centred: Float64Array; weights: Float64Array; positions: Float64Array; present: Int32Array },
  out: MapStabilityPartial,
  slot: number,
  G: number,
) {
  const P = inputs.participants;
  const K = inputs.ks.length;
  const draws = bootstrapWeights(P, inputs.bootstrapSeed, b);
  const { weights, present, positions } = scratch;
  let n = 0;
  for (let r = 0; r < P; r++) {
    weights[r] = draws[r]!;
    if (draws[r]! > 0) present[n++] = r;
  }
  const rows = present.subarray(0, n);

  // the map of the resample
  const mean = columnMeans(m, rows, weights);
  const [c1, c2] = topTwoComponents(m, rows, weights, mean, start, scratch.centred, RESAMPLE_MAX_STEPS, RESAMPLE_TOLERANCE, false);
  projectRows(m, rows, mean, c1, c2, positions, inputs.extraVotes);
  const points = new Float64Array(2 * n);
  const pointWeights = new Float64Array(n);
  for (let t = 0; t < n; t++) {
    points[2 * t] = positions[2 * rows[t]!]!;
    points[2 * t + 1] = positions[2 * rows[t]! + 1]!;
    pointWeights[t] = weights[rows[t]!]!;
  }

  // base clusters: the full map's, recentred on the resample's positions, then Lloyd's iterations
  const B0 = inputs.baseCount;
  const sums = new Float64Array(2 * B0);
  const mass = new Float64Array(B0);
  for (let t = 0; t < n; t++) {
    const c = inputs.baseOf[rows[t]!]!;
    sums[2 * c]! += pointWeights[t]! * points[2 * t]!;
    sums[2 * c + 1]! += pointWeights[t]! * points[2 * t + 1]!;
    mass[c]! += pointWeights[t]!;
  }
  const warm: number[] = [];
  const cell = new Int32Array(B0).fill(-1);
  for (let c = 0; c < B0; c++) {
    if (mass[c]! === 0) continue;
    cell[c] = warm.length / 2;
    warm.push(sums[2 * c]! / mass[c]!, sums[2 * c + 1]! / mass[c]!);
  }
  const k0 = warm.length / 2;
  const initial = new Int32Array(n);
  for (let t = 0; t < n; t++) initial[t] = cell[inputs.baseOf[rows[t]!]!]!;
  const base = boundedLloyd(points, pointWeights, n, Float64Array.from(warm), k0, BASE_ITERATIONS, initial);
  const remap = new Int32Array(k0).fill(-1);
  const centres: number[] = [];
  const baseWeights: number[] = [];
  for (let c = 0; c < k0; c++) {
    if (base.sizes[c]! === 0) continue;
    remap[c] = baseWeights.length;
    centres.push(base.centres[2 * c]!, base.centres[2 * c + 1]!);
    baseWeights.push(base.sizes[c]!);
  }
  const B = baseWeights.length;
  const baseOf = new Int32Array(n);
  for (let t = 0; t < n; t++) baseOf[t] = remap[base.assignment[t]!]!;
  const tried = groupBaseCentres(Float64Array.from(centres), Float64Array.from(baseWeights), B, inputs);
  const best = bestBySilhouette(tried);
  out.bestK[slot] = best < 0 ? 1 : nonEmpty(tried[best]!.labels, tried[best]!.k, baseWeights);

  // compare with the full map at every k tried there (a k the resample could not try: one group)
  const resampleLabels = new Int32Array(n);
  for (let ki = 0; ki < K; ki++) {
    const k = inputs.ks[ki]!;
    const mine = tried.find((t) => t.k === k);
    const H = mine ? k : 1;
    for (let t = 0; t < n; t++) resampleLabels[t] = mine ? mine.labels[baseOf[t]!]! : 0;
    const Gk = inputs.groups[ki]!;
    const full = inputs.labels.subarray(ki * P, (ki + 1) * P);
    const table = new Float64Array(Gk * H);
    for (let t = 0; t < n; t++) table[full[rows[t]!]! * H + resampleLabels[t]!]! += 1;
    out.ari[slot * K + ki] = ariOfTable(table, Gk, H, n);
    const jac = out.jaccard.subarray((slot * K + ki) * G, (slot * K + ki + 1) * G).fill(NaN);
    const colSum = new Float64Array(H);
    for (let g = 0; g < Gk; g++) for (let h = 0; h < H; h++) colSum[h]! += table[g * H + h]!;
    for (let g = 0; g < Gk; g++) {
      let rowSum = 0;
      for (let h = 0; h < H; h++) rowSum += table[g * H + h]!;
      if (rowSum === 0) continue;
      let bestJ = 0;
      for (let h = 0; h < H; h++) {
        const both = table[g * H + h]!;
        bestJ = Math.max(bestJ, both / (rowSum + colSum[h]! - both));
      }
      jac[g] = bestJ;
    }
  }
}

/**
 * Weighted Lloyd's iterations from the given centres (updated in place), with Hamerly's bounds: a
 * point whose distance to its centre is within half the gap from that centre to its nearest other
 * centre, or within its lower bound on the second-nearest centre, cannot change, and is not
 * searched again. The assignment each step is the nearest centre, as in plain Lloyd; stops by the
 * same rule as the full map's k-means (nobody moves, or the centres move less than 1e-4 of the map's
 * extent). `initial` (optional) is each point's starting cluster, when the centres are its means:
 * then a step in which nobody moves ends it at once.
 */
export function boundedLloyd(points: Float64Array, weights: Float64Array, n: number, centres: Float64Array, k: number, maxIter: number, initial?: Int32Array) {
  let extent = 1e-12;
  for (let i = 0; i < 2 * n; i++) extent = Math.max(extent, Math.abs(points[i]!));
  const assignment = new Int32Array(n).fill(-1);
  const upper = new Float64Array(n);
  const lower = new Float64Array(n);
  const half = new Float64Array(k);
  const moved = new Float64Array(k);
  const sums = new Float64Array(2 * k);
  const sizes = new Float64Array(k);
  const nearestTwo = (i: number) => {
    const x = points[2 * i]!;
    const y = points[2 * i + 1]!;
    let bestC = 0;
    let bestD = Infinity;
    let secondD = Infinity;
    for (let c = 0; c < k; c++) {
      const dx = x - centres[2 * c]!;
      const dy = y - centres[2 * c + 1]!;
      const d = dx * dx + dy * dy;
      if (d < bestD) {
        secondD = bestD;
        bestD = d;
        bestC = c;
      } else if (d < secondD) secondD = d;
    }
    upper[i] = Math.sqrt(bestD);
    lower[i] = Math.sqrt(secondD);
    return bestC;
  };
  if (initial) {
    for (let i = 0; i < n; i++) {
      const a = initial[i]!;
      const dx = points[2 * i]! - centres[2 * a]!;
      const dy = points[2 * i + 1]! - centres[2 * a + 1]!;
      assignment[i] = a;
      upper[i] = Math.sqrt(dx * dx + dy * dy);
      lower[i] = 0; // second-nearest unknown yet
    }
  }
  for (let iter = 0; iter < maxIter; iter++) {
    let changed = 0;
    for (let c = 0; c < k; c++) {
      let nearest = Infinity;
      for (let e = 0; e < k; e++) {
        if (e === c) continue;
        const dx = centres[2 * c]! - centres[2 * e]!;
        const dy = centres[2 * c + 1]! - centres[2 * e + 1]!;
        nearest = Math.min(nearest, dx * dx + dy * dy);
      }
      half[c] = Math.sqrt(nearest) / 2;
    }
    for (let i = 0; i < n; i++) {
      const a = assignment[i]!;
      if (a >= 0) {
        const bound = Math.max(half[a]!, lower[i]!);
        if (upper[i]! <= bound) continue;
        const dx = points[2 * i]! - centres[2 * a]!;
        const dy = points[2 * i + 1]! - centres[2 * a + 1]!;
        upper[i] = Math.sqrt(dx * dx + dy * dy);
        if (upper[i]! <= bound) continue;
      }
      const c = nearestTwo(i);
      if (c !== a) {
        assignment[i] = c;
        changed++;
      }
    }
    sums.fill(0);
    sizes.fill(0);
    for (let i = 0; i < n; i++) {
      const c = assignment[i]!;
      sums[2 * c]! += points[2 * i]! * weights[i]!;
      sums[2 * c + 1]! += points[2 * i + 1]! * weights[i]!;
      sizes[c]! += weights[i]!;
    }
    let shift = 0;
    let far = -1;
    let farthest = 0;
    let second = 0;
    for (let c = 0; c < k; c++) {
      moved[c] = 0;
      if (sizes[c]! > 0) {
        const nx = sums[2 * c]! / sizes[c]!;
        const ny = sums[2 * c + 1]! / sizes[c]!;
        const dx = nx - centres[2 * c]!;
        const dy = ny - centres[2 * c + 1]!;
        shift = Math.max(shift, Math.abs(dx), Math.abs(dy));
        moved[c] = Math.sqrt(dx * dx + dy * dy);
        centres[2 * c] = nx;
        centres[2 * c + 1] = ny;
      }
      if (moved[c]! > farthest) {
        second = farthest;
        farthest = moved[c]!;
        far = c;
      } else if (moved[c]! > second) second = moved[c]!;
    }
    if (changed === 0 || shift < 1e-4 * extent) break;
    for (let i = 0; i < n; i++) {
      const a = assignment[i]!;
      upper[i]! += moved[a]!;
      lower[i]! -= a === far ? second : farthest;
    }
  }
  return { assignment, centres, sizes };
}

function nonEmpty(labels: Int32Array, k: number, weights: readonly number[]): number {
  const used = new Uint8Array(k);
  labels.forEach((g, c) => {
    if (weights[c]! > 0) used[g] = 1;
  });
  return used.reduce((a, x) => a + x, 0);
}

/**
 * Adjusted Rand index from a contingency table (rows × cols counts over n items): the same formula
 * as adjustedRandIndex in stats.ts, without building string keys.
 */
export function ariOfTable(table: Float64Array, rows: number, cols: number, n: number): number {
  if (n < 2) return 1;
  const c2 = (x: number) => (x * (x - 1)) / 2;
  let index = 0;
  let sumRows = 0;
  const colSum = new Float64Array(cols);
  for (let i = 0; i < rows; i++) {
    let rowSum = 0;
    for (let j = 0; j < cols; j++) {
      const x = table[i * cols + j]!;
      index += c2(x);
      rowSum += x;
      colSum[j]! += x;
    }
    sumRows += c2(rowSum);
  }
  let sumCols = 0;
  for (let j = 0; j < cols; j++) sumCols += c2(colSum[j]!);
  const expected = (sumRows * sumCols) / c2(n);
  const max = (sumRows + sumCols) / 2;
  if (max === expected) return 1;
  return (index - expected) / (max - expected);
}

/**
 * The partial results of ranges that together cover resamples 0…R−1 (any split, any order), put
 * together in resample order, and the summary: per k, per group, the k chosen.
 */
export function combineMapStability(inputs: MapStabilityInputs, partials: readonly MapStabilityPartial[]): MapStability {
  const R = inputs.resamples;
  const K = inputs.ks.length;
  const G = maxGroupsOf(inputs);
  const sorted = [...partials].filter((p) => p.to > p.from).sort((a, b) => a.from - b.from);
  let covered = 0;
  for (const p of sorted) {
    if (p.from !== covered) throw new Error(`resample ranges must cover 0…${R - 1} once each (gap or overlap at ${covered})`);
    covered = p.to;
  }
  if (covered !== R) throw new Error(`resample ranges cover 0…${covered - 1}, not 0…${R - 1}`);
  const bestK = new Int32Array(R);
  const ari = new Float64Array(R * K);
  const jaccard = new Float64Array(R * K * G);
  for (const p of sorted) {
    bestK.set(p.bestK, p.from);
    ari.set(p.ari, p.from * K);
    jaccard.set(p.jaccard, p.from * K * G);
  }

  const P = inputs.participants;
  const groupSizes = (ki: number) => {
    const sizes = new Array<number>(inputs.groups[ki]!).fill(0);
    for (let r = 0; r < P; r++) sizes[inputs.labels[ki * P + r]!]! += 1;
    return sizes;
  };
  const perK: KStability[] = Array.from(inputs.ks, (k, ki) => {
    const sizes = groupSizes(ki);
    if (R === 0) return { k, silhouette: round4(inputs.silhouettes[ki]!), meanAri: null, replicates: null, ari: null, groups: sizes.map((size, group) => ({ group, size, stability: null })) };
    const values = Array.from({ length: R }, (_, b) => ari[b * K + ki]!);
    const summary = summarise(values);
    const groups = sizes.map((size, group) => {
      let sum = 0;
      let count = 0;
      for (let b = 0; b < R; b++) {
        const j = jaccard[(b * K + ki) * G + group]!;
        if (Number.isNaN(j)) continue;
        sum += j;
        count++;
      }
      return { group, size, stability: count > 0 ? round4(sum / count) : null };
    });
    return { k, silhouette: round4(inputs.silhouettes[ki]!), meanAri: summary.mean, replicates: summary.mean >= inputs.minAri, ari: summary, groups };
  });

  const kBySilhouette = inputs.best >= 0 ? inputs.ks[inputs.best]! : P > 0 ? 1 : 0;
  const chosen = chooseStableK(
    Array.from(inputs.ks, (k, ki) => ({ k, silhouette: inputs.silhouettes[ki]!, replicates: perK[ki]!.replicates })),
    kBySilhouette,
  );
  const at = perK.findIndex((c) => c.k === chosen.k);
  let kStability: MapStability["kStability"] = null;
  if (R > 0) {
    const counts = new Map<number, number>(Array.from(inputs.ks, (k) => [k, 0]));
    for (const k of bestK) counts.set(k, (counts.get(k) ?? 0) + 1);
    kStability = [...counts.entries()].sort((a, b) => a[0] - b[0]).map(([k, c]) => ({ k, share: round4(c / R) }));
  }
  return {
    resamples: R,
    seed: inputs.bootstrapSeed,
    minAri: inputs.minAri,
    k: chosen.k,
    kBySilhouette,
    stable: chosen.stable,
    perK,
    kStability,
    ari: at >= 0 ? perK[at]!.ari : null,
    groups: at >= 0 ? perK[at]!.groups : P > 0 ? [{ group: 0, size: P, stability: null }] : [],
  };
}

/**
 * The map's k (decision 054): the best silhouette among the k that replicate (same tie rule as the
 * silhouette's own choice: a later k must beat an earlier one by more than 1e-9). When none
 * replicates, the silhouette's k, marked unstable; when replication was not assessed (null), the
 * silhouette's k, stability unknown.
 */
export function chooseStableK(perK: readonly { k: number; silhouette: number; replicates: boolean | null }[], kBySilhouette: number): { k: number; stable: boolean | null } {
  if (perK.length === 0 || perK.some((c) => c.replicates === null)) return { k: kBySilhouette, stable: null };
  const replicating = perK.filter((c) => c.replicates);
  if (replicating.length === 0) return { k: kBySilhouette, stable: false };
  return { k: replicating[bestBySilhouette(replicating)]!.k, stable: true };
}

/** Mean, median, 10th/90th percentile (linear interpolation between order statistics), min, max; rounded. */
function summarise(values: readonly number[]): AriSummary {
  const sorted = [...values].sort((a, b) => a - b);
  const q = (p: number) => {
    const h = (sorted.length - 1) * p;
    const lo = Math.floor(h);
    const hi = Math.min(sorted.length - 1, lo + 1);
    return sorted[lo]! + (h - lo) * (sorted[hi]! - sorted[lo]!);
  };
  let sum = 0;
  for (const v of values) sum += v;
  return {
    mean: round4(sum / values.length),
    median: round4(q(0.5)),
    p10: round4(q(0.1)),
    p90: round4(q(0.9)),
    min: round4(sorted[0]!),
    max: round4(sorted[sorted.length - 1]!),
  };
}

/** The live map's k across recomputations: the k shown, and the new k waiting for its streak. */
export interface GroupKState {
  k: number;
  /** a k other than `k` chosen by the latest recomputations; null when the latest chose `k` */
  candidate: number | null;
  /** consecutive recomputations that chose `candidate` */
  streak: number;
}

/**
 * Group-k smoother for live recomputation (as Polis does): the shown k changes only when the same
 * new k has been chosen by `streak` consecutive recomputations (default 3); any recomputation that
 * chooses the shown k, or another new k, starts the count again. The first recomputation (previous
 * null) shows its own k. Then compute the map with that k: computeOpinionGroups(m, { k: state.k }) or
 * opinionGroupsFromBasis(basis, state.k). Only for a live map: a closed round's result is
 * computed from its data alone, without this state.
 */
export function smoothGroupK(previous: GroupKState | null, chosen: number, streak: number = DEFAULT_K_STREAK): GroupKState {
  if (!(Number.isInteger(streak) && streak >= 1)) throw new Error(`streak must be a whole number ≥ 1, not ${streak}`);
  if (previous === null || chosen === previous.k) return { k: chosen, candidate: null, streak: 0 };
  const count = previous.candidate === chosen ? previous.streak + 1 : 1;
  if (count >= streak) return { k: chosen, candidate: null, streak: 0 };
  return { k: previous.k, candidate: chosen, streak: count };
}

/**
 * The live map's k after this recomputation: the smoother over the k this computation chose, when
 * the k it holds was tried here too and a map can be drawn at all (a held k that is no longer
 * possible, or a computation that cannot split anyone, starts the smoother again from its own k).
 */
export function holdGroupK(previous: GroupKState | null, stability: MapStability, streak: number = DEFAULT_K_STREAK): GroupKState {
  const held = previous && stability.k >= 2 && previous.k >= 2 && stability.perK.some((c) => c.k === previous.k) ? previous : null;
  return smoothGroupK(held, stability.k, streak);
}

/** The stability as reported at another k tried (the group-k smoother's): its ARI, its groups, whether it replicates. */
export function stabilityAtK(stability: MapStability, k: number): MapStability {
  const at = stability.perK.find((c) => c.k === k);
  if (!at || k === stability.k) return stability;
  return { ...stability, k, stable: at.replicates, ari: at.ari, groups: at.groups };
}
