/**
 * Polis-compatible latent opinion groups:
 * participants with ≥ min(7, S) votes → column-mean imputation in exact sparse form (a centred
 * missing cell is 0, so cost grows with votes, not P × S) → two principal components by power
 * iteration from a fixed seed → sparsity scaling √(S / own votes) → k-means into ≤ 100 base
 * clusters → weighted k-means of base clusters for k ∈ 2…5, k chosen by silhouette (or given:
 * options.k, e.g. the k chosen by bootstrap stability in map-stability.ts) →
 * group-informed consensus, and representative and consensus statements selected at a controlled
 * false-discovery rate (Benjamini–Hochberg, q = 0.1 by default). opinionMapBasis is the map up to the
 * grouping for every k tried, so the bootstrap and the final groups share one computation.
 *
 * Moderated-out statements (options.moderatedOut) are treated as Polis treats them: Polis sets
 * such a statement's column to 0 for everyone, so it carries no weight in the components and counts
 * as a vote of every participant in the sparsity scaling (√(S / (own votes on the other statements
 * + moderated-out statements anyone voted on))). Their votes still count towards the 7-vote
 * minimum and in every per-group tally, but they are never selected as representative or consensus
 * statements. See docs/decisions/057-polis-fidelity.md.
 *
 * Order- and label-independent: before any seeded or order-sensitive step the included participants
 * are put in a canonical order that depends on their votes alone (compareVoteRows), and opinion
 * groups are labelled by size, then by their first member in that order. Participant ids, the order
 * of the participant list and the order in which votes were cast (beyond "the latest one wins")
 * cannot change k, the partition, the labels, the map or any statement result. Participants with
 * identical votes are interchangeable in that order; swapping them changes no array the computation
 * reads, so they cannot change the result either.
 */
import type { SparseMatrix } from "./sparse-matrix";
import { benjaminiHochberg, DEFAULT_FDR_Q, normalUpperTail } from "./fdr";
import { propTest, seededRandom, twoPropTest } from "./stats";

export interface OpinionGroupOptions {
  seed?: number;
  maxBaseClusters?: number;
  minK?: number;
  maxK?: number;
  /**
   * false-discovery rate for representative and consensus statements (Benjamini–Hochberg over every
   * statement × group test, and over every statement for consensus)
   */
  fdrQ?: number;
  /**
   * Use this number of groups instead of the silhouette's choice, when it is one of the k tried
   * (otherwise the silhouette's choice stands). For a k chosen by bootstrap stability
   * (map-stability.ts) or held by the live group-k smoother (smoothGroupK).
   */
  k?: number;
  /**
   * per statement index: true when the statement is moderated out (Polis's `moderated` = −1); see
   * the header. Missing or shorter than S: the rest count as not moderated out.
   */
  moderatedOut?: readonly boolean[];
}

export interface RepresentativeStatement {
  statement: number;
  direction: "agree" | "disagree";
  /** share of the group voting this way (add-one smoothed) */
  probability: number;
  /** how much more likely than the rest of the participants */
  ratio: number;
  z: number;
  zRatio: number;
  /** one-sided p-value of the weaker of the two tests, doubled for the two directions tried */
  p: number;
}

/** A statement every opinion group votes the same way on (Polis's "consensus statements"). */
export interface ConsensusStatement {
  statement: number;
  direction: "agree" | "disagree";
  /** the lowest, over groups, share voting this way (add-one smoothed) */
  probability: number;
  /** one-sided p-value of the least convinced group, doubled for the two directions tried */
  p: number;
}

export interface OpinionGroupsResult {
  /** included participant indices (enough votes) */
  included: Int32Array;
  /** 2-D projection per included participant, x then y */
  projection: Float64Array;
  /** group index per included participant */
  assignment: Int32Array;
  k: number;
  groupSizes: number[];
  silhouette: number | null;
  /** ∏g (Ag + 1) / (Sg + 2) per statement; NaN when no groups */
  groupInformedConsensus: Float64Array;
  /** per group: agree/disagree/seen counts per statement */
  groupCounts: { agree: Int32Array; disagree: Int32Array; seen: Int32Array }[];
  representative: RepresentativeStatement[][];
  /** statements all groups vote the same way on, selected at the same false-discovery rate */
  consensusStatements: ConsensusStatement[];
  /** the false-discovery rate q used for both selections */
  fdrQ: number;
  components: [Float64Array, Float64Array];
}

const DEFAULTS = { seed: 20240310, maxBaseClusters: 100, minK: 2, maxK: 5, fdrQ: DEFAULT_FDR_Q };

/** The options computeOpinionGroups runs with, defaults filled in. */
export type ResolvedOpinionOptions = typeof DEFAULTS;

export function resolveOpinionOptions(options: OpinionGroupOptions = {}): ResolvedOpinionOptions {
  const o = { ...DEFAULTS, ...options };
  return { seed: o.seed, maxBaseClusters: o.maxBaseClusters, minK: o.minK, maxK: o.maxK, fdrQ: o.fdrQ };
}

/** One k tried on the map: its grouping of the included participants and its silhouette. */
export interface KClustering {
  /** the k asked of k-means */
  k: number;
  /** non-empty groups (k, unless k-means left a group empty) */
  groups: number;
  silhouette: number;
  /** group per included participant in canonical order; groups labelled by size, then first member */
  assignment: Int32Array;
}

/**
 * Everything the opinion map decides before k is chosen: the included participants in canonical
 * order, their rows, the column means, the two components, the projection (canonical order), the
 * base clusters and the grouping for every k tried. computeOpinionGroups is opinionGroupsFromBasis
 * of this; map-stability.ts resamples it.
 */
export interface OpinionMapBasis {
  input: SparseMatrix;
  options: ResolvedOpinionOptions;
  /** included participant indices (of `input`), in canonical order */
  canonical: Int32Array;
  /** their rows, row r is canonical[r] */
  rows: SparseMatrix;
  /** the rows the map is built from: `rows` without the votes on moderated-out statements */
  mapRows: SparseMatrix;
  /** moderated-out statements anyone voted on: a vote of everyone's in the sparsity scaling (Polis's zeroed columns) */
  extraVotes: number;
  /** 1 per moderated-out statement (never representative or consensus) */
  moderatedOut: Uint8Array;
  mean: Float64Array;
  components: [Float64Array, Float64Array];
  /** x, y per row of `rows` */
  projection: Float64Array;
  /** base cluster per row (compact numbering, empty base clusters dropped); null when nothing can be split */
  baseOf: Int32Array | null;
  baseCount: number;
  /** every k tried, increasing; empty when nothing can be split */
  perK: KClustering[];
  /** index in perK of the silhouette's choice; -1 when perK is empty */
  best: number;
}

export function computeOpinionGroups(input: SparseMatrix, options: OpinionGroupOptions = {}): OpinionGroupsResult {
  return opinionGroupsFromBasis(opinionMapBasis(input, options), options.k);
}

/** The map up to (and including) the grouping for every k tried: see OpinionMapBasis. */
export function opinionMapBasis(input: SparseMatrix, options: OpinionGroupOptions = {}): OpinionMapBasis {
  const o = resolveOpinionOptions(options);
  const S = input.statementCount;
  const minVotes = Math.min(7, S);
  const includedList: number[] = [];
  for (let i = 0; i < input.participantCount; i++) {
    const n = input.rowStart[i + 1]! - input.rowStart[i]!;
    if (n >= minVotes && n > 0) includedList.push(i);
  }
  // Everything below runs over the included participants in canonical order (by their votes, not
  // their index): `m` holds their rows in that order, row r is canonical[r].
  const canonical = canonicalOrder(input, Int32Array.from(includedList));
  const m = rowsInOrder(input, canonical);
  const P = canonical.length;
  const included = new Int32Array(P);
  for (let r = 0; r < P; r++) included[r] = r;

  // The map is built from the statements not moderated out (`a`); a moderated-out statement that
  // anyone voted on is a constant 0 column in Polis, so it adds one "vote" to everyone's count.
  const modOut = new Uint8Array(S);
  for (let j = 0; j < S; j++) if (options.moderatedOut?.[j] === true) modOut[j] = 1;
  const outSeen = new Uint8Array(S);
  for (let p = 0; p < input.rowStart[input.participantCount]!; p++) if (modOut[input.cols[p]!]) outSeen[input.cols[p]!] = 1;
  let outVoted = 0;
  for (let j = 0; j < S; j++) outVoted += outSeen[j]!;
  const a = outVoted > 0 ? withoutStatements(m, modOut) : m;

  // Column means over included participants' votes (imputed value for their missing cells).
  const mean = columnMeans(a, included, null);
  const [w1, w2] = topTwoComponents(a, included, null, mean, o.seed);
  const projection = new Float64Array(P * 2);
  projectRows(a, included, mean, w1, w2, projection, outVoted);
  const clustering = clusterProjection(projection, P, o);
  return { input, options: o, canonical, rows: m, mapRows: a, extraVotes: outVoted, moderatedOut: modOut, mean, components: [w1, w2], projection, ...clustering };
}

/**
 * The opinion groups of a map basis with the silhouette's k, or with `k` when it is one of the k
 * tried. Everything per group (counts, group-informed consensus, representative and consensus
 * statements) follows from that grouping.
 */
export function opinionGroupsFromBasis(basis: OpinionMapBasis, k?: number): OpinionGroupsResult {
  const { input, canonical, rows: m, projection, options: o } = basis;
  const S = input.statementCount;
  const P = canonical.length;
  const { assignment, k: groupCount, silhouette } = chooseClustering(basis, k);
  const groupSizes = Array.from({ length: groupCount }, () => 0);
  for (let r = 0; r < P; r++) groupSizes[assignment[r]!]! += 1;

  const groupCounts = Array.from({ length: groupCount }, () => ({ agree: new Int32Array(S), disagree: new Int32Array(S), seen: new Int32Array(S) }));
  for (let r = 0; r < P; r++) {
    const g = groupCounts[assignment[r]!]!;
    for (let p = m.rowStart[r]!; p < m.rowStart[r + 1]!; p++) {
      const c = m.cols[p]!;
      const v = m.values[p]!;
      g.seen[c]! += 1;
      if (v === 1) g.agree[c]! += 1;
      else if (v === -1) g.disagree[c]! += 1;
    }
  }
  const gic = new Float64Array(S).fill(groupCount > 0 ? 1 : NaN);
  if (groupCount > 0) for (const g of groupCounts) for (let j = 0; j < S; j++) gic[j]! *= (g.agree[j]! + 1) / (g.seen[j]! + 2);

  const representative = selectRepresentative(groupCounts, S, o.fdrQ, basis.moderatedOut);
  const consensusStatements = groupCount >= 2 ? selectConsensus(groupCounts, S, o.fdrQ, basis.moderatedOut) : [];
  // Report per participant in index order, as callers expect.
  const out = byParticipantIndex(input.participantCount, canonical, projection, assignment);
  return { ...out, k: groupCount, groupSizes, silhouette, groupInformedConsensus: gic, groupCounts, representative, consensusStatements, fdrQ: o.fdrQ, components: basis.components };
}

function chooseClustering(basis: OpinionMapBasis, k: number | undefined): { assignment: Int32Array; k: number; silhouette: number | null } {
  const P = basis.canonical.length;
  if (P === 0) return { assignment: new Int32Array(0), k: 0, silhouette: null };
  const forced = k === undefined ? -1 : basis.perK.findIndex((c) => c.k === k);
  const at = forced >= 0 ? forced : basis.best;
  if (at < 0) return { assignment: new Int32Array(P), k: 1, silhouette: null };
  const c = basis.perK[at]!;
  return { assignment: c.assignment, k: c.groups, silhouette: c.silhouette };
}

/**
 * Column means of the given rows' votes, each row counted `weights[r]` times (once when null): the
 * value imputed for a missing cell.
 */
export function columnMeans(m: SparseMatrix, rows: Int32Array, weights: Float64Array | null): Float64Array {
  const S = m.statementCount;
  const colSum = new Float64Array(S);
  const colN = new Float64Array(S);
  for (const i of rows) {
    const w = weights ? weights[i]! : 1;
    for (let p = m.rowStart[i]!; p < m.rowStart[i + 1]!; p++) {
      colSum[m.cols[p]!]! += w * m.values[p]!;
      colN[m.cols[p]!]! += w;
    }
  }
  const mean = new Float64Array(S);
  for (let j = 0; j < S; j++) mean[j] = colN[j]! > 0 ? colSum[j]! / colN[j]! : 0;
  return mean;
}

/**
 * The map position of each given row: its centred votes times the two components, scaled by
 * √(S / own votes) (a sparse voter is not pulled to the centre). Row i goes to out[2i], out[2i + 1].
 */
export function projectRows(m: SparseMatrix, rows: Int32Array, mean: Float64Array, w1: Float64Array, w2: Float64Array, out: Float64Array, extraVotes = 0): void {
  const S = m.statementCount;
  for (const i of rows) {
    let x = 0;
    let y = 0;
    for (let p = m.rowStart[i]!; p < m.rowStart[i + 1]!; p++) {
      const c = m.cols[p]!;
      const v = m.values[p]! - mean[c]!;
      x += v * w1[c]!;
      y += v * w2[c]!;
    }
    // ≥ 1 vote: an included participant voted, on a statement kept or on one moderated out
    const scale = Math.sqrt(S / Math.max(1, m.rowStart[i + 1]! - m.rowStart[i]! + extraVotes));
    out[2 * i] = x * scale;
    out[2 * i + 1] = y * scale;
  }
}

/**
 * The canonical order of participants: by their votes, compared statement by statement in ballot
 * order (the first statement where two participants differ decides: disagree < pass < agree < no
 * vote). A total order on distinct vote vectors; only identical vote vectors tie.
 */
export function compareVoteRows(m: SparseMatrix, a: number, b: number): number {
  return voteRowComparator(m)(a, b);
}

function voteRowComparator(m: SparseMatrix): (a: number, b: number) => number {
  const { rowStart, cols, values } = m;
  return (a, b) => {
    let p = rowStart[a]!;
    let q = rowStart[b]!;
    const pEnd = rowStart[a + 1]!;
    const qEnd = rowStart[b + 1]!;
    for (; p < pEnd && q < qEnd; p++, q++) {
      const ca = cols[p]!;
      const cb = cols[q]!;
      // a voted on an earlier statement that b did not vote on: a's vote < b's "no vote"
      if (ca !== cb) return ca - cb;
      const d = values[p]! - values[q]!;
      if (d !== 0) return d;
    }
    // the one that ran out has "no vote" where the other has a vote
    return qEnd - q - (pEnd - p);
  };
}

/**
 * The participants sorted by compareVoteRows. Fast path: a numeric sort on each row's first two
 * (statement, vote) codes, packed with the position into one exact float; equal prefixes are then
 * settled by the full comparison.
 */
export function canonicalOrder(m: SparseMatrix, participants: Int32Array): Int32Array {
  const { rowStart, cols, values } = m;
  for (const i of participants) {
    for (let p = rowStart[i]! + 1; p < rowStart[i + 1]!; p++) {
      if (cols[p]! <= cols[p - 1]!) throw new Error("computeOpinionGroups needs each row in increasing statement order (use buildSparseMatrix)");
    }
  }
  const compare = voteRowComparator(m);
  const n = participants.length;
  // code of a (statement, vote) pair in the comparator's order; NONE ("no vote") sorts last
  const NONE = 3 * m.statementCount;
  const base = NONE + 1;
  if (base * base * n >= Number.MAX_SAFE_INTEGER) return participants.slice().sort(compare);
  const code = (p: number, end: number) => (p < end ? 3 * cols[p]! + values[p]! + 1 : NONE);
  const packed = new Float64Array(n);
  for (let t = 0; t < n; t++) {
    const i = participants[t]!;
    const start = rowStart[i]!;
    const end = rowStart[i + 1]!;
    packed[t] = (code(start, end) * base + code(start + 1, end)) * n + t;
  }
  packed.sort();
  const out = new Int32Array(n);
  const key = new Float64Array(n);
  for (let t = 0; t < n; t++) {
    const position = packed[t]! % n;
    out[t] = participants[position]!;
    key[t] = (packed[t]! - position) / n;
  }
  for (let a = 0; a < n; ) {
    let b = a + 1;
    while (b < n && key[b] === key[a]) b++;
    if (b - a > 1) out.subarray(a, b).sort(compare);
    a = b;
  }
  return out;
}

/** The given rows of a matrix, in the given order (so that every pass over them reads memory in order). */
function rowsInOrder(m: SparseMatrix, rows: Int32Array): SparseMatrix {
  const { rowStart: from, cols: fromCols, values: fromValues } = m;
  const rowStart = new Int32Array(rows.length + 1);
  for (let r = 0; r < rows.length; r++) rowStart[r + 1] = rowStart[r]! + from[rows[r]! + 1]! - from[rows[r]!]!;
  const n = rowStart[rows.length]!;
  const cols = new Int32Array(n);
  const values = new Int8Array(n);
  let w = 0;
  for (let r = 0; r < rows.length; r++) {
    const end = from[rows[r]! + 1]!;
    for (let p = from[rows[r]!]!; p < end; p++, w++) {
      cols[w] = fromCols[p]!;
      values[w] = fromValues[p]!;
    }
  }
  return { participantCount: rows.length, statementCount: m.statementCount, rowStart, cols, values, confidences: new Float32Array(0) };
}

/** The same rows, in the same order, without the votes on the flagged statements. */
function withoutStatements(m: SparseMatrix, drop: Uint8Array): SparseMatrix {
  const rowStart = new Int32Array(m.participantCount + 1);
  const cols: number[] = [];
  const values: number[] = [];
  for (let i = 0; i < m.participantCount; i++) {
    for (let p = m.rowStart[i]!; p < m.rowStart[i + 1]!; p++) {
      if (drop[m.cols[p]!]) continue;
      cols.push(m.cols[p]!);
      values.push(m.values[p]!);
    }
    rowStart[i + 1] = cols.length;
  }
  return { participantCount: m.participantCount, statementCount: m.statementCount, rowStart, cols: Int32Array.from(cols), values: Int8Array.from(values), confidences: new Float32Array(0) };
}

/** Projection and assignment rearranged from canonical order to increasing participant index. */
function byParticipantIndex(participantCount: number, canonical: Int32Array, projection: Float64Array, assignment: Int32Array) {
  const P = canonical.length;
  const rankOf = new Int32Array(participantCount).fill(-1);
  for (let r = 0; r < P; r++) rankOf[canonical[r]!] = r;
  const included = new Int32Array(P);
  const proj = new Float64Array(2 * P);
  const assign = new Int32Array(P);
  let t = 0;
  for (let i = 0; i < participantCount; i++) {
    const r = rankOf[i]!;
    if (r < 0) continue;
    included[t] = i;
    proj[2 * t] = projection[2 * r]!;
    proj[2 * t + 1] = projection[2 * r + 1]!;
    assign[t] = assignment[r]!;
    t++;
  }
  return { included, projection: proj, assignment: assign };
}

/**
 * The top two principal components by block power (subspace) iteration on Cᵀ W C (C the centred
 * votes of the given rows, W their weights: each row counted `weights[i]` times, once when null),
 * never forming it: each step is two passes over the votes. Starts from a fixed-seed random block,
 * or from a given block (a warm start: a bootstrap resample starts from the full map's components),
 * and stops when the 2-D subspace stops turning (1e-5) or after 150 steps; a final Rayleigh–Ritz
 * step rotates the block onto the two eigenvectors, largest first (so nearly equal eigenvalues
 * cannot stall it). `centred` is scratch space of the matrix's vote count (allocated when absent).
 * `rotate: false` skips the Rayleigh–Ritz step, for callers that need the subspace only (a bootstrap
 * resample: k-means sees only distances, which a rotation within the plane does not change).
 */
export function topTwoComponents(
  m: SparseMatrix,
  included: Int32Array,
  weights: Float64Array | null,
  mean: Float64Array,
  start: number | readonly [Float64Array, Float64Array],
  centred: Float64Array = new Float64Array(m.values.length),
  maxIterations = 150,
  tolerance = 1e-5,
  rotate = true,
): [Float64Array, Float64Array] {
  const S = m.statementCount;
  for (const i of included) for (let p = m.rowStart[i]!; p < m.rowStart[i + 1]!; p++) centred[p] = m.values[p]! - mean[m.cols[p]!]!;
  const zero = (): [Float64Array, Float64Array] => [new Float64Array(S), new Float64Array(S)];
  const { rowStart, cols } = m;
  const multiply = (a: Float64Array, b: Float64Array, na: Float64Array, nb: Float64Array) => {
    na.fill(0);
    nb.fill(0);
    for (let t = 0; t < included.length; t++) {
      const i = included[t]!;
      const start = rowStart[i]!;
      const stop = rowStart[i + 1]!;
      let da = 0;
      let db = 0;
      for (let p = start; p < stop; p++) {
        const c = cols[p]!;
        const v = centred[p]!;
        da += v * a[c]!;
        db += v * b[c]!;
      }
      if (da === 0 && db === 0) continue;
      if (weights) {
        // a row drawn w times: w × its contribution (exact when w = 1)
        da *= weights[i]!;
        db *= weights[i]!;
      }
      for (let p = start; p < stop; p++) {
        const c = cols[p]!;
        const v = centred[p]!;
        na[c]! += v * da;
        nb[c]! += v * db;
      }
    }
  };
  let a = new Float64Array(S);
  let b = new Float64Array(S);
  const randomBlock = (seed: number) => {
    const rand = seededRandom(seed);
    for (let j = 0; j < S; j++) {
      a[j] = rand() - 0.5;
      b[j] = rand() - 0.5;
    }
  };
  if (typeof start === "number") randomBlock(start);
  else {
    a.set(start[0]);
    b.set(start[1]);
    let usable = normalize(a);
    if (usable) {
      orthogonalize(b, a);
      usable = normalize(b);
    }
    // a warm start without two directions (the full map had one): start from the fixed seed instead
    if (!usable) randomBlock(DEFAULTS.seed);
  }
  if (!normalize(a)) return zero();
  orthogonalize(b, a);
  if (!normalize(b)) return [orient(a), new Float64Array(S)];
  let na = new Float64Array(S);
  let nb = new Float64Array(S);
  for (let iter = 0; iter < maxIterations; iter++) {
    multiply(a, b, na, nb);
    if (!normalize(na)) return zero();
    orthogonalize(nb, na);
    const hasSecond = normalize(nb);
    // distance of the new block from the old subspace
    let diff = 0;
    for (const q of hasSecond ? [na, nb] : [na]) {
      let qa = 0;
      let qb = 0;
      for (let j = 0; j < S; j++) {
        qa += q[j]! * a[j]!;
        qb += q[j]! * b[j]!;
      }
      diff = Math.max(diff, Math.sqrt(Math.max(0, 1 - qa * qa - qb * qb)));
    }
    [a, na] = [na, a];
    [b, nb] = [nb, b];
    if (!hasSecond) {
      b.fill(0);
      return [orient(a), b];
    }
    if (diff < tolerance) break;
  }
  if (!rotate) return [a, b];
  // Rayleigh–Ritz: H = [a b]ᵀ CᵀC [a b] (2 × 2), rotate onto its eigenvectors.
  multiply(a, b, na, nb);
  let h11 = 0;
  let h12 = 0;
  let h22 = 0;
  for (let j = 0; j < S; j++) {
    h11 += a[j]! * na[j]!;
    h12 += a[j]! * nb[j]!;
    h22 += b[j]! * nb[j]!;
  }
  const theta = 0.5 * Math.atan2(2 * h12, h11 - h22);
  const cos = Math.cos(theta);
  const sin = Math.sin(theta);
  const first = new Float64Array(S);
  const second = new Float64Array(S);
  for (let j = 0; j < S; j++) {
    first[j] = cos * a[j]! + sin * b[j]!;
    second[j] = -sin * a[j]! + cos * b[j]!;
  }
  return [orient(first), orient(second)];
}

function orthogonalize(v: Float64Array, against: Float64Array) {
  let dot = 0;
  for (let j = 0; j < v.length; j++) dot += v[j]! * against[j]!;
  for (let j = 0; j < v.length; j++) v[j]! -= dot * against[j]!;
}

function normalize(v: Float64Array): boolean {
  let n = 0;
  for (let j = 0; j < v.length; j++) n += v[j]! * v[j]!;
  n = Math.sqrt(n);
  if (!(n > 1e-12)) return false;
  for (let j = 0; j < v.length; j++) v[j]! /= n;
  return true;
}

/** A component's sign is arbitrary; fix it so the largest loading is positive (determinism). */
function orient(v: Float64Array): Float64Array {
  let best = 0;
  for (let j = 0; j < v.length; j++) if (Math.abs(v[j]!) > Math.abs(best) + 1e-12) best = v[j]!;
  if (best < 0) for (let j = 0; j < v.length; j++) v[j] = -v[j]!;
  return v;
}

interface Clustering {
  baseOf: Int32Array | null;
  baseCount: number;
  perK: KClustering[];
  best: number;
}

/** Base clusters (≤ 100), then k ∈ minK…maxK over the weighted base centres, best silhouette wins. */
function clusterProjection(points: Float64Array, n: number, o: ResolvedOpinionOptions): Clustering {
  const none: Clustering = { baseOf: null, baseCount: 0, perK: [], best: -1 };
  if (n === 0) return none;
  const base = baseClusters(points, n, Math.min(o.maxBaseClusters, n), o.seed);
  // base centres with their weights (empty clusters dropped)
  const centres: number[] = [];
  const weights: number[] = [];
  const remap = new Int32Array(base.k).fill(-1);
  for (let c = 0; c < base.k; c++) {
    if (base.sizes[c]! === 0) continue;
    remap[c] = weights.length;
    centres.push(base.centres[2 * c]!, base.centres[2 * c + 1]!);
    weights.push(base.sizes[c]!);
  }
  const B = weights.length;
  const baseOf = new Int32Array(n);
  for (let r = 0; r < n; r++) baseOf[r] = remap[base.assignment[r]!]!;
  const tried = groupBaseCentres(Float64Array.from(centres), Float64Array.from(weights), B, o);
  const perK = tried.map((t) => {
    const { assignment, groups } = canonicalLabels(t.labels, t.k, baseOf, n);
    return { k: t.k, groups, silhouette: t.silhouette, assignment };
  });
  return { baseOf: perK.length ? baseOf : null, baseCount: B, perK, best: bestBySilhouette(perK) };
}

/**
 * Weighted k-means of the base centres for every k ∈ minK…maxK that the base clusters allow (best
 * of 5 seeded runs each), with the weighted silhouette of each; empty when fewer than two distinct
 * base centres (nothing to split). Labels are k-means' own, one per base centre.
 */
export function groupBaseCentres(centres: Float64Array, weights: Float64Array, B: number, o: Pick<ResolvedOpinionOptions, "seed" | "minK" | "maxK">): { k: number; labels: Int32Array; silhouette: number }[] {
  // distinct base centres decide whether there is anything to split
  if (B < 2 || distinctPoints(centres, B) < 2) return [];
  const out: { k: number; labels: Int32Array; silhouette: number }[] = [];
  for (let k = o.minK; k <= Math.min(o.maxK, B - 1 < o.minK ? B : B - 1); k++) {
    const runOf = (run: number) => kmeans(centres, weights, B, k, o.seed + 7919 * (run + 1) + k, 100);
    let bestRun = runOf(0);
    for (let run = 1; run < 5; run++) {
      const res = runOf(run);
      if (res.inertia < bestRun.inertia - 1e-12) bestRun = res;
    }
    out.push({ k, labels: bestRun.assignment, silhouette: weightedSilhouette(centres, weights, bestRun.assignment, k) });
  }
  return out;
}

/** Index of the best silhouette (a later k must beat an earlier one by more than 1e-9); -1 when empty. */
export function bestBySilhouette(list: readonly { silhouette: number }[]): number {
  let best = -1;
  list.forEach((c, i) => {
    if (best < 0 || c.silhouette > list[best]!.silhouette + 1e-9) best = i;
  });
  return best;
}

/**
 * Canonical labels: the largest group is 0 (A); equal sizes: the group whose first member in the
 * canonical participant order comes first. Never k-means' own label numbers.
 */
function canonicalLabels(labels: Int32Array, k: number, baseOf: Int32Array, n: number): { assignment: Int32Array; groups: number } {
  const size = new Float64Array(k);
  const first = new Int32Array(k).fill(n);
  for (let r = 0; r < n; r++) {
    const g = labels[baseOf[r]!]!;
    size[g]! += 1;
    if (first[g]! === n) first[g] = r;
  }
  const order = Array.from({ length: k }, (_, g) => g).filter((g) => size[g]! > 0);
  order.sort((a, b) => size[b]! - size[a]! || first[a]! - first[b]!);
  const relabel = new Int32Array(k).fill(-1);
  order.forEach((g, i) => (relabel[g] = i));
  const assignment = new Int32Array(n);
  for (let r = 0; r < n; r++) assignment[r] = relabel[labels[baseOf[r]!]!]!;
  return { assignment, groups: order.length };
}

/**
 * Base clusters: Lloyd's k-means on a fixed-seed sample of at most 2,500 points (the 2-D map has
 * far fewer distinguishable positions than that), then every point joins its nearest centre.
 * Below the sample size this is plain k-means on all points.
 */
function baseClusters(points: Float64Array, n: number, k: number, seed: number) {
  const SAMPLE = 2500;
  if (n <= SAMPLE) return kmeans(points, null, n, k, seed, 30);
  const rand = seededRandom(seed ^ 0x5bd1e995);
  // Fisher–Yates on indices, first SAMPLE taken: a uniform sample without replacement.
  const idx = new Int32Array(n);
  for (let i = 0; i < n; i++) idx[i] = i;
  for (let i = 0; i < SAMPLE; i++) {
    const j = i + Math.floor(rand() * (n - i));
    const tmp = idx[i]!;
    idx[i] = idx[j]!;
    idx[j] = tmp;
  }
  const sample = new Float64Array(2 * SAMPLE);
  for (let i = 0; i < SAMPLE; i++) {
    sample[2 * i] = points[2 * idx[i]!]!;
    sample[2 * i + 1] = points[2 * idx[i]! + 1]!;
  }
  const fitted = kmeans(sample, null, SAMPLE, k, seed, 30);
  const assignment = new Int32Array(n);
  const sizes = new Float64Array(k);
  let inertia = 0;
  for (let i = 0; i < n; i++) {
    const x = points[2 * i]!;
    const y = points[2 * i + 1]!;
    let bestC = 0;
    let bestD = Infinity;
    for (let c = 0; c < k; c++) {
      const dx = x - fitted.centres[2 * c]!;
      const dy = y - fitted.centres[2 * c + 1]!;
      const d = dx * dx + dy * dy;
      if (d < bestD) {
        bestD = d;
        bestC = c;
      }
    }
    assignment[i] = bestC;
    sizes[bestC]! += 1;
    inertia += bestD;
  }
  // centres of the full assignment (weights for the group step)
  const centres = new Float64Array(2 * k);
  for (let i = 0; i < n; i++) {
    const c = assignment[i]!;
    centres[2 * c]! += points[2 * i]!;
    centres[2 * c + 1]! += points[2 * i + 1]!;
  }
  for (let c = 0; c < k; c++) {
    if (sizes[c]! > 0) {
      centres[2 * c]! /= sizes[c]!;
      centres[2 * c + 1]! /= sizes[c]!;
    }
  }
  return { assignment, centres, sizes, inertia, k };
}

function distinctPoints(points: Float64Array, n: number): number {
  const seen = new Set<string>();
  for (let i = 0; i < n && seen.size < 3; i++) seen.add(`${points[2 * i]!.toFixed(9)},${points[2 * i + 1]!.toFixed(9)}`);
  return seen.size;
}

/** Lloyd's k-means in 2-D with seeded k-means++ initialisation; optional point weights. */
export function kmeans(points: Float64Array, weights: Float64Array | null, n: number, k: number, seed: number, maxIter: number) {
  const rand = seededRandom(seed);
  const centres = new Float64Array(2 * k);
  const d2 = new Float64Array(n).fill(Infinity);
  const w = (i: number) => (weights ? weights[i]! : 1);
  let first = Math.floor(rand() * n);
  centres[0] = points[2 * first]!;
  centres[1] = points[2 * first + 1]!;
  for (let c = 1; c < k; c++) {
    let total = 0;
    for (let i = 0; i < n; i++) {
      const dx = points[2 * i]! - centres[2 * (c - 1)]!;
      const dy = points[2 * i + 1]! - centres[2 * (c - 1) + 1]!;
      d2[i] = Math.min(d2[i]!, dx * dx + dy * dy);
      total += d2[i]! * w(i);
    }
    let pick = n - 1;
    if (total > 0) {
      let target = rand() * total;
      for (let i = 0; i < n; i++) {
        target -= d2[i]! * w(i);
        if (target <= 0) {
          pick = i;
          break;
        }
      }
    } else pick = Math.floor(rand() * n);
    first = pick;
    centres[2 * c] = points[2 * pick]!;
    centres[2 * c + 1] = points[2 * pick + 1]!;
  }
  let extent = 1e-12;
  for (let i = 0; i < 2 * n; i++) extent = Math.max(extent, Math.abs(points[i]!));
  const assignment = new Int32Array(n).fill(-1);
  const sums = new Float64Array(2 * k);
  const sizes = new Float64Array(k);
  let inertia = 0;
  for (let iter = 0; iter < maxIter; iter++) {
    let changed = 0;
    inertia = 0;
    for (let i = 0; i < n; i++) {
      const x = points[2 * i]!;
      const y = points[2 * i + 1]!;
      let bestC = 0;
      let bestD = Infinity;
      for (let c = 0; c < k; c++) {
        const dx = x - centres[2 * c]!;
        const dy = y - centres[2 * c + 1]!;
        const d = dx * dx + dy * dy;
        if (d < bestD) {
          bestD = d;
          bestC = c;
        }
      }
      inertia += bestD * w(i);
      if (assignment[i] !== bestC) {
        assignment[i] = bestC;
        changed++;
      }
    }
    sums.fill(0);
    sizes.fill(0);
    for (let i = 0; i < n; i++) {
      const c = assignment[i]!;
      sums[2 * c]! += points[2 * i]! * w(i);
      sums[2 * c + 1]! += points[2 * i + 1]! * w(i);
      sizes[c]! += w(i);
    }
    let shift = 0;
    for (let c = 0; c < k; c++) {
      if (sizes[c]! > 0) {
        const nx = sums[2 * c]! / sizes[c]!;
        const ny = sums[2 * c + 1]! / sizes[c]!;
        shift = Math.max(shift, Math.abs(nx - centres[2 * c]!), Math.abs(ny - centres[2 * c + 1]!));
        centres[2 * c] = nx;
        centres[2 * c + 1] = ny;
      }
    }
    // Stop when nobody moves, or the centres move by less than 1e-4 of the map's extent.
    if (changed === 0 || shift < 1e-4 * extent) break;
  }
  return { assignment, centres, sizes, inertia, k };
}

/** Mean silhouette over weighted points (each base centre stands for `weight` participants). */
export function weightedSilhouette(points: Float64Array, weights: Float64Array, labels: Int32Array, k: number): number {
  const n = weights.length;
  let total = 0;
  let weightSum = 0;
  const sumTo = new Float64Array(k);
  const wTo = new Float64Array(k);
  for (let i = 0; i < n; i++) {
    sumTo.fill(0);
    wTo.fill(0);
    for (let j = 0; j < n; j++) {
      const dx = points[2 * i]! - points[2 * j]!;
      const dy = points[2 * i + 1]! - points[2 * j + 1]!;
      const d = Math.sqrt(dx * dx + dy * dy);
      const wj = i === j ? weights[j]! - 1 : weights[j]!;
      sumTo[labels[j]!]! += d * wj;
      wTo[labels[j]!]! += wj;
    }
    const own = labels[i]!;
    if (wTo[own]! <= 0) continue; // a singleton contributes 0 (standard convention)
    const a = sumTo[own]! / wTo[own]!;
    let b = Infinity;
    for (let c = 0; c < k; c++) if (c !== own && wTo[c]! > 0) b = Math.min(b, sumTo[c]! / wTo[c]!);
    if (!Number.isFinite(b)) continue;
    const s = Math.max(a, b) > 0 ? (b - a) / Math.max(a, b) : 0;
    total += s * weights[i]!;
    weightSum += weights[i]!;
  }
  return weightSum > 0 ? total / weightSum : -1;
}

export interface GroupCounts {
  agree: Int32Array;
  disagree: Int32Array;
  seen: Int32Array;
}

/**
 * Representative statements of every group, selected by Benjamini–Hochberg at rate q over all
 * statement × group tests. A (group, statement) pair is one test: for each direction the group
 * must vote that way more than half the time (one-proportion test) and more than the rest do
 * (two-proportion test); its p-value is the larger of the two one-sided p-values (both must
 * hold), the better direction's, doubled because two directions were tried. Each group's list is
 * ordered by Polis's metric (ratio × probability × both z), strongest first. Statements flagged in
 * `exclude` (moderated out) are not tested at all.
 */
export function selectRepresentative(groups: readonly GroupCounts[], S: number, q: number, exclude?: ArrayLike<number>): RepresentativeStatement[][] {
  const candidates: (RepresentativeStatement & { group: number; metric: number })[] = [];
  groups.forEach((g, gi) => {
    for (let j = 0; j < S; j++) {
      const seen = g.seen[j]!;
      if (seen === 0 || exclude?.[j]) continue;
      let restSeen = 0;
      let restAgree = 0;
      let restDisagree = 0;
      for (const h of groups) {
        if (h === g) continue;
        restSeen += h.seen[j]!;
        restAgree += h.agree[j]!;
        restDisagree += h.disagree[j]!;
      }
      let best: (RepresentativeStatement & { group: number; metric: number }) | null = null;
      for (const [direction, count, restCount] of [["agree", g.agree[j]!, restAgree], ["disagree", g.disagree[j]!, restDisagree]] as const) {
        const p = (count + 1) / (seen + 2);
        const pRest = (restCount + 1) / (restSeen + 2);
        const zP = propTest(count, seen);
        const zR = twoPropTest(count, seen, restCount, restSeen);
        const pValue = Math.min(1, 2 * Math.max(normalUpperTail(zP), normalUpperTail(zR)));
        const candidate = { group: gi, statement: j, direction, probability: p, ratio: p / pRest, z: zP, zRatio: zR, p: pValue, metric: (p / pRest) * p * zP * zR };
        if (!best || candidate.p < best.p || (candidate.p === best.p && candidate.metric > best.metric)) best = candidate;
      }
      candidates.push(best!);
    }
  });
  const rejected = benjaminiHochberg(candidates.map((c) => c.p), q);
  const out: (RepresentativeStatement & { metric: number })[][] = groups.map(() => []);
  candidates.forEach((c, i) => {
    if (!rejected[i]) return;
    const { group, ...rest } = c;
    out[group]!.push(rest);
  });
  return out.map((list) => list.sort((a, b) => b.metric - a.metric || a.statement - b.statement).map(({ metric: _m, ...rest }) => rest));
}

/**
 * Consensus statements: every group votes the same way (agree, or disagree) more than half the
 * time. A statement's p-value is the least convinced group's one-sided p-value (all must hold),
 * for the better direction, doubled for the two directions; Benjamini–Hochberg at rate q over the
 * statements. Ordered by the lowest group share, strongest first. Statements flagged in `exclude`
 * (moderated out) are not tested at all.
 */
export function selectConsensus(groups: readonly GroupCounts[], S: number, q: number, exclude?: ArrayLike<number>): ConsensusStatement[] {
  const candidates: ConsensusStatement[] = [];
  for (let j = 0; j < S; j++) {
    if (exclude?.[j]) continue;
    let best: ConsensusStatement | null = null;
    for (const direction of ["agree", "disagree"] as const) {
      let worstP = 0;
      let lowest = 1;
      for (const g of groups) {
        const count = direction === "agree" ? g.agree[j]! : g.disagree[j]!;
        if (g.seen[j]! === 0) {
          // a group that has not voted on it gives no evidence either way
          worstP = 1;
          lowest = 0;
          continue;
        }
        worstP = Math.max(worstP, normalUpperTail(propTest(count, g.seen[j]!)));
        lowest = Math.min(lowest, (count + 1) / (g.seen[j]! + 2));
      }
      const candidate = { statement: j, direction, probability: lowest, p: Math.min(1, 2 * worstP) };
      if (!best || candidate.p < best.p) best = candidate;
    }
    candidates.push(best!);
  }
  const rejected = benjaminiHochberg(candidates.map((c) => c.p), q);
  return candidates.filter((_, i) => rejected[i]).sort((a, b) => b.probability - a.probability || a.statement - b.statement);
}
