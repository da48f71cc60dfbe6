/**
 * Bridging by matrix factorisation (decision 055): every vote y_us (participant u, statement s;
 * agree +1, disagree −1, pass 0) is modelled as
 *
 *     y_us ≈ μ + i_u + i_s + f_u · f_s
 *
 * with one factor (optionally two). The factor f_u · f_s explains the main axis of disagreement; what a
 * statement keeps once that axis is explained away, μ + i_s (its "mfIntercept"), is the agreement it
 * draws from both sides at once. A statement that one camp agrees with and the other rejects puts its
 * signal into its factor, however large the agreeing camp: its intercept stays low (between the
 * midpoint of the two camps and, with a much bigger camp, a little above it; decision 055).
 *
 * Objective (Community Notes' form: mean squared error plus mean-square penalties, intercepts
 * penalised five times more than factors):
 *
 *     (1/R) Σ_votes (y − ŷ)²  +  λ_i (mean_u i_u² + mean_s i_s²)  +  λ_f (mean_u |f_u|² + mean_s |f_s|²)
 *
 * R votes, P participants and S statements in the fit; μ is not penalised. Times R this is an ordinary
 * ridge problem with penalty λ·R/P per participant parameter and λ·R/S per statement parameter, so the
 * shrinkage does not change with the size of the assembly. The penalties matter most where the data
 * cannot decide: moving every participant by c along the axis and every statement's intercept by −c·f_s
 * predicts the same votes. Per-participant penalties alone would put the axis' origin at the
 * head-count-weighted mean (the bigger camp's partisan statements would keep a high intercept); with
 * mean-square penalties and λ_i = 5 λ_f the statements' intercepts weigh as much as all participants
 * together, which pulls the origin towards the point where partisan statements have none.
 *
 * Fitting: deterministic alternating least squares. A sweep solves each participant's (i_u, f_u) in
 * closed form, then each statement's (i_s, f_s), then μ, then takes the exact minimum along each
 * direction the votes cannot see (the origin of the axis on both sides, the split between μ and the
 * intercepts, the scale of each factor), which the alternating steps alone would only creep along.
 * Statement factors start from a fixed seed; sweeps stop when no intercept, loading or μ moves by more
 * than the tolerance. Orientation is then fixed (two factors: principal axes of the statement
 * loadings; each axis signed so its largest |loading| is positive), so the output is deterministic.
 *
 * Order independence: participants are fitted in the canonical order of opinion-groups.ts, applied to
 * the votes the fit uses (so a vote the fit ignores cannot move anyone): neither participant ids, nor
 * the order of the participant list, nor the order of the votes change any number, including which
 * participants a bootstrap resample draws.
 *
 * Uncertainty: a participant bootstrap (bootstrapWeights: resample b depends only on (P, seed, b)),
 * each resample refitted with a few sweeps warm-started from the full fit (2 to 10, fewer as the
 * votes grow: BOOTSTRAP_WORK). bootstrapMfRange computes
 * any range of resamples and combineMfBootstrap assembles them; the result is identical however the
 * resamples are split (e.g. over worker threads).
 *
 * Privacy: the fit holds per-participant values (MfFit.participants). They
 * can identify people and never leave this module's internals: MfResult has statements only.
 *
 * Pure and deterministic: no I/O, no clock, no unseeded randomness, only + − × ÷ and √.
 */
import { canonicalOrder } from "./opinion-groups";
import type { SparseMatrix } from "./sparse-matrix";
import { bootstrapWeights, DEFAULT_BOOTSTRAP_SEED, DEFAULT_RESAMPLES, seededRandom } from "./stats";

export interface MfOptions {
  /** latent factors: 1 (default) or 2 */
  factors?: 1 | 2;
  /** penalty on intercepts (mean square, see the module comment); default 0.15 */
  lambdaIntercept?: number;
  /** penalty on factors; default 0.03 (intercepts 5× more) */
  lambdaFactor?: number;
  /**
   * "zero" (default): a pass is a vote of 0, between agree and disagree, as in the declared-group
   * agree rate where passes count against agreement. "exclude": passes are not data.
   */
  passes?: "zero" | "exclude";
  /** statements with fewer counted votes than this are left out of the fit and reported as null; default 10 */
  minVotes?: number;
  /** full fit: at most this many sweeps; default 200 */
  maxSweeps?: number;
  /** full fit: stop once no intercept, loading or μ moves by more than this in a sweep; default 1e-6 */
  tolerance?: number;
  /** bootstrap resamples; default DEFAULT_RESAMPLES (100). 0: no intervals */
  resamples?: number;
  /** bootstrap seed; default DEFAULT_BOOTSTRAP_SEED */
  seed?: number;
  /**
   * sweeps per resample, warm-started from the full fit. Default "auto": as many as fit in
   * BOOTSTRAP_WORK vote visits over all resamples, at least 2 and at most 10 (2 at 500,000 votes).
   */
  bootstrapSweeps?: number | "auto";
  /** interval percentiles; default 5 and 95 */
  percentiles?: { low: number; high: number };
}

export type MfSettings = Required<MfOptions>;

export const MF_DEFAULTS: Readonly<MfSettings> = Object.freeze({
  factors: 1,
  lambdaIntercept: 0.15,
  lambdaFactor: 0.03,
  passes: "zero",
  minVotes: 10,
  maxSweeps: 200,
  tolerance: 1e-6,
  resamples: DEFAULT_RESAMPLES,
  seed: DEFAULT_BOOTSTRAP_SEED,
  bootstrapSweeps: "auto",
  percentiles: Object.freeze({ low: 5, high: 95 }),
});

/**
 * Vote visits the automatic bootstrapSweeps allows over all resamples (resamples × sweeps × votes):
 * 100 resamples × 2 sweeps at 500,000 votes. Warm starts converge fast where that matters (2 sweeps
 * keep ≥ 99 % of the fully refitted spread at that size) but more slowly on small, sparse sets (94 %
 * with 10 votes per participant), where more sweeps cost little.
 */
export const BOOTSTRAP_WORK = 1e8;

/** Seed of the statement loadings the full fit starts from (fixed: the fit must be reproducible). */
const INIT_SEED = 0x6d660001;

/**
 * The votes the fit uses, in the fit's own layout: active participants (≥ 1 counted vote) in
 * canonical order, each row holding only counted votes on statements that have at least minVotes.
 * Plain typed arrays, so it can be passed to a worker thread as it is.
 */
export interface MfData {
  settings: MfSettings;
  /** sweeps per resample (settings.bootstrapSweeps, "auto" resolved for these votes) */
  bootstrapSweeps: number;
  statementCount: number;
  /** counted votes per statement (passes count unless passes = "exclude") */
  statementVotes: Int32Array;
  /** 1 if the statement is in the fit */
  included: Uint8Array;
  includedCount: number;
  /** rows (active participants, canonical order) */
  rowCount: number;
  rowStart: Int32Array;
  cols: Int32Array;
  values: Int8Array;
}

/**
 * The full fit, parameters interleaved: per row of MfData [i_u, f_u1, (f_u2)], per statement
 * [i_s, f_s1, (f_s2)]. The participants' values are internal only: never publish or store them.
 */
export interface MfFit {
  factors: number;
  mu: number;
  participants: Float64Array;
  statements: Float64Array;
  sweeps: number;
  converged: boolean;
}

/** Bootstrap resamples [from, to): μ + i_s per resample and statement (NaN: not in the fit), row-major. */
export interface MfBootstrapRange {
  from: number;
  to: number;
  statementCount: number;
  intercepts: Float64Array;
}

export interface MfStatement {
  index: number;
  /** counted votes */
  votes: number;
  /** μ + i_s on the vote scale (−1…+1); null with fewer than minVotes votes */
  intercept: number | null;
  /** bootstrap percentile interval of the intercept; null without resamples or intercept */
  interval: { low: number; high: number } | null;
  /** loading on the main axis of disagreement (sign: the largest |loading| is positive) */
  factor: number | null;
  /** loading on the second axis (only with factors = 2) */
  factor2?: number | null;
}

/** Plain, JSON-serialisable, rounded to 4 decimals; statements only, never participants. */
export interface MfResult {
  factors: number;
  lambda: { intercept: number; factor: number };
  passes: "zero" | "exclude";
  minVotes: number;
  /** μ: the overall mean vote the intercepts are measured from */
  globalMean: number | null;
  sweeps: number;
  converged: boolean;
  resamples: number;
  seed: number;
  bootstrapSweeps: number;
  percentiles: { low: number; high: number };
  statements: MfStatement[];
}

const round4 = (x: number) => {
  const r = Math.round(x * 1e4) / 1e4;
  return r === 0 ? 0 : r; // no −0
};

/** Resolve options against MF_DEFAULTS, rejecting values the fit cannot use. */
export function mfSettings(options: MfOptions = {}): MfSettings {
  const given = Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)) as MfOptions;
  const s: MfSettings = { ...MF_DEFAULTS, ...given, percentiles: { ...(given.percentiles ?? MF_DEFAULTS.percentiles) } };
  if (s.factors !== 1 && s.factors !== 2) throw new Error("factors must be 1 or 2");
  if (!(s.lambdaIntercept > 0) || !(s.lambdaFactor > 0)) throw new Error("penalties must be positive");
  if (!(s.minVotes >= 1)) throw new Error("minVotes must be at least 1");
  if (!Number.isInteger(s.resamples) || s.resamples < 0) throw new Error("resamples must be a non-negative integer");
  if (s.bootstrapSweeps !== "auto" && (!Number.isInteger(s.bootstrapSweeps) || s.bootstrapSweeps < 1)) throw new Error("bootstrapSweeps must be a positive integer");
  if (!(s.percentiles.low >= 0 && s.percentiles.low < s.percentiles.high && s.percentiles.high <= 100)) throw new Error("percentiles must satisfy 0 ≤ low < high ≤ 100");
  return s;
}

/** The fit's view of a vote matrix (built with buildSparseMatrix, rows in statement order). */
export function prepareMfData(m: SparseMatrix, options: MfOptions = {}): MfData {
  const settings = mfSettings(options);
  const S = m.statementCount;
  const P = m.participantCount;
  const passes = settings.passes === "zero";
  const statementVotes = new Int32Array(S);
  for (let p = 0; p < m.values.length; p++) if (passes || m.values[p] !== 0) statementVotes[m.cols[p]!]! += 1;
  const included = new Uint8Array(S);
  let includedCount = 0;
  for (let s = 0; s < S; s++) {
    if (statementVotes[s]! >= settings.minVotes) {
      included[s] = 1;
      includedCount++;
    }
  }
  // The kept votes alone, in participant order; participants with none are left out.
  const keptPerRow = new Int32Array(P);
  let total = 0;
  let active = 0;
  for (let i = 0; i < P; i++) {
    let c = 0;
    for (let p = m.rowStart[i]!; p < m.rowStart[i + 1]!; p++) if (included[m.cols[p]!] === 1 && (passes || m.values[p] !== 0)) c++;
    keptPerRow[i] = c;
    total += c;
    if (c > 0) active++;
  }
  const keptStart = new Int32Array(active + 1);
  const keptCols = new Int32Array(total);
  const keptValues = new Int8Array(total);
  let w = 0;
  let r = 0;
  for (let i = 0; i < P; i++) {
    if (keptPerRow[i] === 0) continue;
    for (let p = m.rowStart[i]!; p < m.rowStart[i + 1]!; p++) {
      if (included[m.cols[p]!] !== 1 || (!passes && m.values[p] === 0)) continue;
      keptCols[w] = m.cols[p]!;
      keptValues[w] = m.values[p]!;
      w++;
    }
    keptStart[++r] = w;
  }
  const kept: SparseMatrix = { participantCount: active, statementCount: S, rowStart: keptStart, cols: keptCols, values: keptValues, confidences: new Float32Array(0) };
  // Canonical order of those rows, so that the fit and the resamples depend on the kept votes alone.
  const all = new Int32Array(active);
  for (let t = 0; t < active; t++) all[t] = t;
  const order = canonicalOrder(kept, all);
  const rowStart = new Int32Array(active + 1);
  const cols = new Int32Array(total);
  const values = new Int8Array(total);
  w = 0;
  for (let t = 0; t < active; t++) {
    const i = order[t]!;
    const end = keptStart[i + 1]!;
    for (let p = keptStart[i]!; p < end; p++, w++) {
      cols[w] = keptCols[p]!;
      values[w] = keptValues[p]!;
    }
    rowStart[t + 1] = w;
  }
  const bootstrapSweeps =
    settings.bootstrapSweeps === "auto" ? Math.min(10, Math.max(2, Math.floor(BOOTSTRAP_WORK / Math.max(1, settings.resamples * total)))) : settings.bootstrapSweeps;
  return { settings, bootstrapSweeps, statementCount: S, statementVotes, included, includedCount, rowCount: active, rowStart, cols, values };
}

// ---------------------------------------------------------------------------------------------
// Alternating least squares

/** Parameters, interleaved: per row [i_u, f_u…], per statement [i_s, f_s…] (stride factors + 1). */
interface State {
  mu: number;
  pp: Float64Array;
  sp: Float64Array;
}

/** Ridge constants (penalty × R / count) for one weighting of the participants. */
interface Ridge {
  R: number; // weighted votes
  W: number; // weighted participants
  a: number;
  f: number;
  b: number;
  g: number;
}

function ridgeFor(d: MfData, w: Int32Array): Ridge {
  let R = 0;
  let W = 0;
  for (let r = 0; r < d.rowCount; r++) {
    R += w[r]! * (d.rowStart[r + 1]! - d.rowStart[r]!);
    W += w[r]!;
  }
  const { lambdaIntercept: li, lambdaFactor: lf } = d.settings;
  const perP = W > 0 ? R / W : 0;
  const perS = d.includedCount > 0 ? R / d.includedCount : 0;
  return { R, W, a: li * perP, f: lf * perP, b: li * perS, g: lf * perS };
}

/** Solve the small SPD system A x = rhs in place (Gaussian elimination; A is n×n row-major). */
function solveSmall(A: Float64Array, rhs: Float64Array, n: number): void {
  for (let c = 0; c < n; c++) {
    const pivot = A[c * n + c]!;
    for (let r = c + 1; r < n; r++) {
      const factor = A[r * n + c]! / pivot;
      if (factor === 0) continue;
      for (let t = c; t < n; t++) A[r * n + t]! -= factor * A[c * n + t]!;
      rhs[r]! -= factor * rhs[c]!;
    }
  }
  for (let r = n - 1; r >= 0; r--) {
    let x = rhs[r]!;
    for (let t = r + 1; t < n; t++) x -= A[r * n + t]! * rhs[t]!;
    rhs[r] = x / A[r * n + r]!;
  }
}

/**
 * Symmetric 3×3 solve [[a00 a01 a02] [a01 a11 a12] [a02 a12 a22]] x = r by the adjugate, into
 * out[o…o+2].
 */
function solve3(a00: number, a01: number, a02: number, a11: number, a12: number, a22: number, r0: number, r1: number, r2: number, out: Float64Array, o: number): void {
  const c00 = a11 * a22 - a12 * a12;
  const c01 = a02 * a12 - a01 * a22;
  const c02 = a01 * a12 - a02 * a11;
  const c11 = a00 * a22 - a02 * a02;
  const c12 = a01 * a02 - a00 * a12;
  const c22 = a00 * a11 - a01 * a01;
  const det = a00 * c00 + a01 * c01 + a02 * c02;
  out[o] = (c00 * r0 + c01 * r1 + c02 * r2) / det;
  out[o + 1] = (c01 * r0 + c11 * r1 + c12 * r2) / det;
  out[o + 2] = (c02 * r0 + c12 * r1 + c22 * r2) / det;
}

/** Statement sufficient statistics per statement: one factor [Σw, Σw·r, Σw·f, Σw·f², Σw·r·f]. */
const ACC1 = 5;
/** two factors [Σw, Σw·r, Σw·f1, Σw·f2, Σw·f1², Σw·f1·f2, Σw·f2², Σw·r·f1, Σw·r·f2] */
const ACC2 = 9;

/**
 * Participants (one factor): each row's (i_u, f_u) in closed form unless `update` is false (a warm
 * start whose participants already answer these statements), then the statements' sums. r is the
 * vote less μ and the other side's intercept. A row's own weight cancels from its own update.
 */
function participantsOne(d: MfData, w: Int32Array, mu: number, pp: Float64Array, sp: Float64Array, ra: number, rf: number, update: boolean, acc: Float64Array): void {
  const { rowStart, cols, values } = d;
  const n = d.rowCount;
  for (let u = 0; u < n; u++) {
    const wu = w[u]!;
    if (wu === 0) continue;
    const start = rowStart[u]!;
    const end = rowStart[u + 1]!;
    if (update) {
      let sg = 0;
      let sgg = 0;
      let sr = 0;
      let srg = 0;
      for (let p = start; p < end; p++) {
        const q = cols[p]! << 1;
        const g = sp[q + 1]!;
        const r = values[p]! - mu - sp[q]!;
        sg += g;
        sgg += g * g;
        sr += r;
        srg += r * g;
      }
      const A00 = end - start + ra;
      const A11 = sgg + rf;
      const det = A00 * A11 - sg * sg;
      pp[2 * u] = (A11 * sr - sg * srg) / det;
      pp[2 * u + 1] = (A00 * srg - sg * sr) / det;
    }
    const base = mu + pp[2 * u]!;
    const wf = wu * pp[2 * u + 1]!;
    const wff = wf * pp[2 * u + 1]!;
    for (let p = start; p < end; p++) {
      const q = cols[p]! * ACC1;
      const r = values[p]! - base;
      acc[q]! += wu;
      acc[q + 1]! += wu * r;
      acc[q + 2]! += wf;
      acc[q + 3]! += wff;
      acc[q + 4]! += wf * r;
    }
  }
}

/** The same with two factors. */
function participantsTwo(d: MfData, w: Int32Array, mu: number, pp: Float64Array, sp: Float64Array, ra: number, rf: number, update: boolean, acc: Float64Array): void {
  const { rowStart, cols, values } = d;
  const n = d.rowCount;
  for (let u = 0; u < n; u++) {
    const wu = w[u]!;
    if (wu === 0) continue;
    const start = rowStart[u]!;
    const end = rowStart[u + 1]!;
    const o = 3 * u;
    if (update) {
      let s1 = 0;
      let s2 = 0;
      let s11 = 0;
      let s12 = 0;
      let s22 = 0;
      let sr = 0;
      let sr1 = 0;
      let sr2 = 0;
      for (let p = start; p < end; p++) {
        const q = 3 * cols[p]!;
        const g1 = sp[q + 1]!;
        const g2 = sp[q + 2]!;
        const r = values[p]! - mu - sp[q]!;
        s1 += g1;
        s2 += g2;
        s11 += g1 * g1;
        s12 += g1 * g2;
        s22 += g2 * g2;
        sr += r;
        sr1 += r * g1;
        sr2 += r * g2;
      }
      solve3(end - start + ra, s1, s2, s11 + rf, s12, s22 + rf, sr, sr1, sr2, pp, o);
    }
    const base = mu + pp[o]!;
    const f1 = pp[o + 1]!;
    const f2 = pp[o + 2]!;
    const wf1 = wu * f1;
    const wf2 = wu * f2;
    const w11 = wf1 * f1;
    const w12 = wf1 * f2;
    const w22 = wf2 * f2;
    for (let p = start; p < end; p++) {
      const q = cols[p]! * ACC2;
      const r = values[p]! - base;
      acc[q]! += wu;
      acc[q + 1]! += wu * r;
      acc[q + 2]! += wf1;
      acc[q + 3]! += wf2;
      acc[q + 4]! += w11;
      acc[q + 5]! += w12;
      acc[q + 6]! += w22;
      acc[q + 7]! += wf1 * r;
      acc[q + 8]! += wf2 * r;
    }
  }
}

/**
 * Each statement's (i_s, f_s) in closed form from its sums; returns the weighted sum of residuals
 * afterwards (for μ).
 */
function statements(d: MfData, sp: Float64Array, rb: number, rg: number, acc: Float64Array): number {
  const S = d.statementCount;
  const included = d.included;
  let residual = 0;
  if (d.settings.factors === 1) {
    for (let s = 0; s < S; s++) {
      if (included[s] !== 1) continue;
      const q = s * ACC1;
      const A00 = acc[q]! + rb;
      const A01 = acc[q + 2]!;
      const A11 = acc[q + 3]! + rg;
      const det = A00 * A11 - A01 * A01;
      const b = (A11 * acc[q + 1]! - A01 * acc[q + 4]!) / det;
      const g = (A00 * acc[q + 4]! - A01 * acc[q + 1]!) / det;
      sp[2 * s] = b;
      sp[2 * s + 1] = g;
      residual += acc[q + 1]! - b * acc[q]! - g * acc[q + 2]!;
    }
  } else {
    for (let s = 0; s < S; s++) {
      if (included[s] !== 1) continue;
      const q = s * ACC2;
      const o = 3 * s;
      solve3(acc[q]! + rb, acc[q + 2]!, acc[q + 3]!, acc[q + 4]! + rg, acc[q + 5]!, acc[q + 6]! + rg, acc[q + 1]!, acc[q + 7]!, acc[q + 8]!, sp, o);
      residual += acc[q + 1]! - sp[o]! * acc[q]! - sp[o + 1]! * acc[q + 2]! - sp[o + 2]! * acc[q + 3]!;
    }
  }
  return residual;
}

/**
 * One sweep: participants (unless updateParticipants is false), statements, μ, then the exact steps
 * along the directions the votes cannot see. Returns the largest change of μ + i_s, a loading, or μ.
 */
function sweep(d: MfData, st: State, w: Int32Array, ridge: Ridge, acc: Float64Array, prev: Float64Array, updateParticipants: boolean): number {
  const k = d.settings.factors;
  const K = k + 1;
  prev.set(st.sp);
  const prevMu = st.mu;
  acc.fill(0);
  if (k === 1) participantsOne(d, w, st.mu, st.pp, st.sp, ridge.a, ridge.f, updateParticipants, acc);
  else participantsTwo(d, w, st.mu, st.pp, st.sp, ridge.a, ridge.f, updateParticipants, acc);
  const residual = statements(d, st.sp, ridge.b, ridge.g, acc);
  if (ridge.R > 0) st.mu += residual / ridge.R;
  gaugeSteps(d, st, w, ridge);
  let change = Math.abs(st.mu - prevMu);
  for (let s = 0; s < d.statementCount; s++) {
    if (d.included[s] !== 1) continue;
    change = Math.max(change, Math.abs(st.sp[s * K]! + st.mu - prev[s * K]! - prevMu));
    for (let t = 1; t < K; t++) change = Math.max(change, Math.abs(st.sp[s * K + t]! - prev[s * K + t]!));
  }
  return change;
}

/**
 * Exact minimisation of the penalty along the directions that leave every prediction unchanged, in
 * turn: (1) the origin of the participants' axis, f_u + c with i_s − c·f_s; (2) the origin of the
 * statements' axis, f_s + e with i_u − e·f_u; (3) the scale of each factor, f_u·α with f_s / α;
 * (4) the split between μ and the intercepts. Each step lowers the objective or leaves it as it is.
 * The participants' sums are taken once and carried through the steps algebraically, so the
 * participants are read once and rewritten once.
 */
function gaugeSteps(d: MfData, st: State, w: Int32Array, ridge: Ridge): void {
  const k = d.settings.factors;
  const K = k + 1;
  const S = d.statementCount;
  const P = d.rowCount;
  const { pp, sp } = st;
  const { included } = d;
  const W = ridge.W;
  if (!(W > 0) || d.includedCount === 0) return;
  // Σ w f, Σ w f fᵀ, Σ w a f, Σ w a over the participants
  const F = new Float64Array(k);
  const FF = new Float64Array(k * k);
  const AF = new Float64Array(k);
  let A = 0;
  for (let u = 0; u < P; u++) {
    const wu = w[u]!;
    if (wu === 0) continue;
    const au = pp[u * K]!;
    A += wu * au;
    for (let t = 0; t < k; t++) {
      const wf = wu * pp[u * K + 1 + t]!;
      F[t]! += wf;
      AF[t]! += wf * au;
      for (let t2 = 0; t2 < k; t2++) FF[t * k + t2]! += wf * pp[u * K + 1 + t2]!;
    }
  }
  const M = new Float64Array(k * k);

  // (1) participants' origin: (ρf W I + ρb Σ_s g gᵀ) c = ρb Σ_s b g − ρf Σ_u w f
  const c = new Float64Array(k);
  for (let s = 0; s < S; s++) {
    if (included[s] !== 1) continue;
    for (let t = 0; t < k; t++) {
      c[t]! += ridge.b * sp[s * K]! * sp[s * K + 1 + t]!;
      for (let t2 = 0; t2 < k; t2++) M[t * k + t2]! += ridge.b * sp[s * K + 1 + t]! * sp[s * K + 1 + t2]!;
    }
  }
  for (let t = 0; t < k; t++) {
    c[t]! -= ridge.f * F[t]!;
    M[t * k + t]! += ridge.f * W;
  }
  solveSmall(M, c, k);
  for (let s = 0; s < S; s++) {
    if (included[s] !== 1) continue;
    for (let t = 0; t < k; t++) sp[s * K]! -= c[t]! * sp[s * K + 1 + t]!;
  }
  // the sums for f + c
  for (let t = 0; t < k; t++) AF[t]! += A * c[t]!;
  for (let t = 0; t < k; t++) for (let t2 = 0; t2 < k; t2++) FF[t * k + t2]! += F[t]! * c[t2]! + c[t]! * F[t2]! + W * c[t]! * c[t2]!;
  for (let t = 0; t < k; t++) F[t]! += W * c[t]!;

  // (2) statements' origin: (ρg S I + ρa Σ_u w f fᵀ) e = ρa Σ_u w a f − ρg Σ_s g
  const e = new Float64Array(k);
  for (let t = 0; t < k; t++) {
    e[t] = ridge.a * AF[t]!;
    for (let t2 = 0; t2 < k; t2++) M[t * k + t2] = ridge.a * FF[t * k + t2]!;
    M[t * k + t]! += ridge.g * d.includedCount;
  }
  for (let s = 0; s < S; s++) {
    if (included[s] !== 1) continue;
    for (let t = 0; t < k; t++) e[t]! -= ridge.g * sp[s * K + 1 + t]!;
  }
  solveSmall(M, e, k);
  for (let s = 0; s < S; s++) {
    if (included[s] !== 1) continue;
    for (let t = 0; t < k; t++) sp[s * K + 1 + t]! += e[t]!;
  }
  // the sum of a − e·(f + c)
  for (let t = 0; t < k; t++) A -= e[t]! * F[t]!;

  // (3) scale per axis: α⁴ = ρg Σ g² / (ρf Σ w f²)
  const alpha = new Float64Array(k).fill(1);
  for (let t = 0; t < k; t++) {
    let gg = 0;
    for (let s = 0; s < S; s++) if (included[s] === 1) gg += sp[s * K + 1 + t]! * sp[s * K + 1 + t]!;
    const ff = FF[t * k + t]!;
    if (!(gg > 0) || !(ff > 0)) continue;
    alpha[t] = Math.sqrt(Math.sqrt((ridge.g * gg) / (ridge.f * ff)));
    for (let s = 0; s < S; s++) if (included[s] === 1) sp[s * K + 1 + t]! /= alpha[t]!;
  }

  // (4) μ against the intercepts: statement intercepts average 0, participant intercepts weighted-average 0
  let sb = 0;
  for (let s = 0; s < S; s++) if (included[s] === 1) sb += sp[s * K]!;
  const db = sb / d.includedCount;
  for (let s = 0; s < S; s++) if (included[s] === 1) sp[s * K]! -= db;
  const da = A / W;
  st.mu += db + da;

  // the participants at once: f ← α ⊙ (f + c), a ← a − e·(f + c) − da
  for (let u = 0; u < P; u++) {
    let a = pp[u * K]! - da;
    for (let t = 0; t < k; t++) {
      const f = pp[u * K + 1 + t]! + c[t]!;
      a -= e[t]! * f;
      pp[u * K + 1 + t] = alpha[t]! * f;
    }
    pp[u * K] = a;
  }
}

/**
 * Orientation, so that equal fits print equal numbers: with two factors, rotate to the principal
 * axes of the statement loadings (largest first; a rotation changes no prediction and no penalty);
 * then sign every axis so that its largest |loading| (first statement on ties) is positive.
 */
function orient(d: MfData, st: State): void {
  const k = d.settings.factors;
  const K = k + 1;
  const S = d.statementCount;
  const P = d.rowCount;
  const { pp, sp } = st;
  const { included } = d;
  if (k === 2) {
    let xx = 0;
    let xy = 0;
    let yy = 0;
    for (let s = 0; s < S; s++) {
      if (included[s] !== 1) continue;
      const x = sp[3 * s + 1]!;
      const y = sp[3 * s + 2]!;
      xx += x * x;
      xy += x * y;
      yy += y * y;
    }
    let c = 1;
    let sn = 0;
    if (xy !== 0) {
      // eigenvector of [[xx, xy], [xy, yy]] for the larger eigenvalue, by square roots only
      const half = (xx - yy) / 2;
      const top = (xx + yy) / 2 + Math.sqrt(half * half + xy * xy);
      const norm = Math.sqrt(xy * xy + (top - xx) * (top - xx));
      c = xy / norm;
      sn = (top - xx) / norm;
    } else if (yy > xx) {
      c = 0;
      sn = 1;
    }
    // new axis 1 = (c, sn), new axis 2 = (−sn, c)
    const rotate = (arr: Float64Array, n: number) => {
      for (let i = 0; i < n; i++) {
        const x = arr[3 * i + 1]!;
        const y = arr[3 * i + 2]!;
        arr[3 * i + 1] = c * x + sn * y;
        arr[3 * i + 2] = -sn * x + c * y;
      }
    };
    rotate(sp, S);
    rotate(pp, P);
  }
  for (let t = 1; t < K; t++) {
    let best = 0;
    let bestAbs = -1;
    for (let s = 0; s < S; s++) {
      if (included[s] !== 1) continue;
      const abs = Math.abs(sp[s * K + t]!);
      if (abs > bestAbs) {
        bestAbs = abs;
        best = s;
      }
    }
    if (bestAbs > 0 && sp[best * K + t]! < 0) {
      for (let s = 0; s < S; s++) sp[s * K + t] = -sp[s * K + t]!;
      for (let u = 0; u < P; u++) pp[u * K + t] = -pp[u * K + t]!;
    }
  }
}

const accSize = (d: MfData) => d.statementCount * (d.settings.factors === 1 ? ACC1 : ACC2);

/** The full fit by alternating least squares, from a fixed seed, oriented. */
export function fitMatrixFactorisation(d: MfData): MfFit {
  const k = d.settings.factors;
  const K = k + 1;
  const st: State = { mu: 0, pp: new Float64Array(d.rowCount * K), sp: new Float64Array(d.statementCount * K) };
  const ones = new Int32Array(d.rowCount).fill(1);
  const ridge = ridgeFor(d, ones);
  let sweeps = 0;
  let converged = false;
  if (ridge.R > 0 && d.includedCount > 0) {
    let total = 0;
    for (let p = 0; p < d.values.length; p++) total += d.values[p]!;
    st.mu = total / ridge.R;
    const rand = seededRandom(INIT_SEED);
    for (let s = 0; s < d.statementCount; s++) {
      if (d.included[s] !== 1) continue;
      for (let t = 1; t < K; t++) st.sp[s * K + t] = rand() - 0.5;
    }
    const acc = new Float64Array(accSize(d));
    const prev = new Float64Array(st.sp.length);
    while (sweeps < d.settings.maxSweeps) {
      const change = sweep(d, st, ones, ridge, acc, prev, true);
      sweeps++;
      if (change <= d.settings.tolerance) {
        converged = true;
        break;
      }
    }
    orient(d, st);
  }
  return { factors: k, mu: st.mu, participants: st.pp, statements: st.sp, sweeps, converged };
}

/**
 * Bootstrap resamples [from, to) of the participants (resample b drawn by bootstrapWeights over the
 * canonical rows), each refitted with bootstrapSweeps sweeps from the full fit. Pure: any split of
 * 0…resamples into ranges, computed anywhere, combines to the same result.
 */
export function bootstrapMfRange(d: MfData, fit: MfFit, from: number, to: number): MfBootstrapRange {
  const S = d.statementCount;
  const K = d.settings.factors + 1;
  if (!(Number.isInteger(from) && Number.isInteger(to) && 0 <= from && from <= to)) throw new Error("bad bootstrap range");
  const intercepts = new Float64Array((to - from) * S).fill(NaN);
  if (fit.sweeps === 0) return { from, to, statementCount: S, intercepts };
  const acc = new Float64Array(accSize(d));
  const prev = new Float64Array(fit.statements.length);
  const st: State = { mu: 0, pp: new Float64Array(fit.participants.length), sp: new Float64Array(fit.statements.length) };
  for (let rs = from; rs < to; rs++) {
    const w = bootstrapWeights(d.rowCount, d.settings.seed, rs);
    st.mu = fit.mu;
    st.pp.set(fit.participants);
    st.sp.set(fit.statements);
    const ridge = ridgeFor(d, w);
    // The first sweep refits the statements only: the participants' full-fit values already answer
    // the full fit's statements, and a participant's own weight cancels from its own update.
    for (let t = 0; t < d.bootstrapSweeps; t++) sweep(d, st, w, ridge, acc, prev, t > 0);
    const base = (rs - from) * S;
    for (let s = 0; s < S; s++) if (d.included[s] === 1) intercepts[base + s] = st.mu + st.sp[s * K]!;
  }
  return { from, to, statementCount: S, intercepts };
}

/** Percentile (0…100) of sorted values, linear between order statistics. */
function percentile(sorted: Float64Array, q: number): number {
  const h = ((sorted.length - 1) * q) / 100;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo]! + (h - lo) * (sorted[hi]! - sorted[lo]!);
}

/**
 * The published result: the full fit's statement values and the bootstrap intervals assembled from
 * ranges that must cover 0…resamples − 1 exactly once, in any order.
 */
export function combineMfBootstrap(d: MfData, fit: MfFit, ranges: readonly MfBootstrapRange[]): MfResult {
  const settings = d.settings;
  const S = d.statementCount;
  const B = settings.resamples;
  const sorted = [...ranges].sort((x, y) => x.from - y.from);
  let next = 0;
  for (const r of sorted) {
    if (r.from !== next || r.statementCount !== S || r.intercepts.length !== (r.to - r.from) * S) throw new Error("bootstrap ranges must cover every resample exactly once");
    next = r.to;
  }
  if (next !== B) throw new Error("bootstrap ranges must cover every resample exactly once");
  const k = fit.factors;
  const K = k + 1;
  const fitted = fit.sweeps > 0;
  const sample = new Float64Array(B);
  const statements: MfStatement[] = [];
  for (let s = 0; s < S; s++) {
    const inFit = fitted && d.included[s] === 1;
    let interval: MfStatement["interval"] = null;
    if (inFit && B > 0) {
      let t = 0;
      for (const r of sorted) for (let b = 0; b < r.to - r.from; b++) sample[t++] = r.intercepts[b * S + s]!;
      sample.sort();
      interval = { low: round4(percentile(sample, settings.percentiles.low)), high: round4(percentile(sample, settings.percentiles.high)) };
    }
    const out: MfStatement = {
      index: s,
      votes: d.statementVotes[s]!,
      intercept: inFit ? round4(fit.mu + fit.statements[s * K]!) : null,
      interval,
      factor: inFit ? round4(fit.statements[s * K + 1]!) : null,
    };
    if (k === 2) out.factor2 = inFit ? round4(fit.statements[s * K + 2]!) : null;
    statements.push(out);
  }
  return {
    factors: k,
    lambda: { intercept: settings.lambdaIntercept, factor: settings.lambdaFactor },
    passes: settings.passes,
    minVotes: settings.minVotes,
    globalMean: fitted ? round4(fit.mu) : null,
    sweeps: fit.sweeps,
    converged: fit.converged,
    resamples: B,
    seed: settings.seed,
    bootstrapSweeps: d.bootstrapSweeps,
    percentiles: { ...settings.percentiles },
    statements,
  };
}

/** Everything in one thread: prepare, fit, all resamples, combine. */
export function computeMatrixFactorisation(m: SparseMatrix, options: MfOptions = {}): MfResult {
  const d = prepareMfData(m, options);
  const fit = fitMatrixFactorisation(d);
  return combineMfBootstrap(d, fit, [bootstrapMfRange(d, fit, 0, d.settings.resamples)]);
}

// ---------------------------------------------------------------------------------------------
// Comparison with declared-group bridging

export interface BridgingComparisonOptions {
  /** "top" means rank ≤ top × n (default 0.25: the top quarter) */
  top?: number;
  /** "bottom" means rank > (1 − bottom) × n (default 0.5: the bottom half) */
  bottom?: number;
  /** how many largest rank differences to list (default 10) */
  limit?: number;
}

export interface BridgingDisagreement {
  index: number;
  /** mf_only: top by MF intercept, bottom by declared groups; declared_only: the other way round */
  kind: "mf_only" | "declared_only";
  /** 1 = most bridging; ties share their mean rank */
  mfRank: number;
  declaredRank: number;
  mfIntercept: number;
  declaredRate: number;
}

export interface BridgingComparison {
  /** statements with both measures */
  compared: number;
  /** Spearman's rank correlation (mean ranks on ties); null with fewer than 3 statements or a constant measure */
  rankCorrelation: number | null;
  top: number;
  bottom: number;
  /** by statement index */
  disagreements: BridgingDisagreement[];
  /** the statements whose ranks differ most (|difference| descending, then index); difference = mfRank − declaredRank */
  largestRankDifferences: { index: number; mfRank: number; declaredRank: number; difference: number }[];
}

/** Ranks, 1 = largest value, ties sharing the mean of their ranks. */
function descendingRanks(values: readonly number[]): Float64Array {
  const n = values.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((x, y) => values[y]! - values[x]! || x - y);
  const ranks = new Float64Array(n);
  for (let a = 0; a < n; ) {
    let b = a + 1;
    while (b < n && values[order[b]!] === values[order[a]!]) b++;
    const mean = (a + 1 + b) / 2;
    for (let t = a; t < b; t++) ranks[order[t]!] = mean;
    a = b;
  }
  return ranks;
}

/**
 * Where MF bridging (intercepts) and declared-group bridging (the lowest declared group's agree rate
 * per statement, StatementGroupView.bridging.rate) disagree. Statements missing either measure are
 * left out. Both are compared by rank only, so their different scales do not matter.
 */
export function compareBridging(mfIntercepts: readonly (number | null)[], declaredRates: readonly (number | null)[], options: BridgingComparisonOptions = {}): BridgingComparison {
  const top = options.top ?? 0.25;
  const bottom = options.bottom ?? 0.5;
  const limit = options.limit ?? 10;
  if (mfIntercepts.length !== declaredRates.length) throw new Error("one value per statement on both sides");
  const idx: number[] = [];
  for (let s = 0; s < mfIntercepts.length; s++) {
    const x = mfIntercepts[s];
    const y = declaredRates[s];
    if (typeof x === "number" && Number.isFinite(x) && typeof y === "number" && Number.isFinite(y)) idx.push(s);
  }
  const n = idx.length;
  const xs = idx.map((s) => mfIntercepts[s]!);
  const ys = idx.map((s) => declaredRates[s]!);
  const rx = descendingRanks(xs);
  const ry = descendingRanks(ys);
  let rankCorrelation: number | null = null;
  if (n >= 3) {
    const mean = (n + 1) / 2;
    let sxy = 0;
    let sxx = 0;
    let syy = 0;
    for (let t = 0; t < n; t++) {
      const dx = rx[t]! - mean;
      const dy = ry[t]! - mean;
      sxy += dx * dy;
      sxx += dx * dx;
      syy += dy * dy;
    }
    if (sxx > 0 && syy > 0) rankCorrelation = round4(sxy / Math.sqrt(sxx * syy));
  }
  const isTop = (r: number) => r <= top * n;
  const isBottom = (r: number) => r > (1 - bottom) * n;
  const disagreements: BridgingDisagreement[] = [];
  const diffs: BridgingComparison["largestRankDifferences"] = [];
  for (let t = 0; t < n; t++) {
    const common = { index: idx[t]!, mfRank: rx[t]!, declaredRank: ry[t]! };
    if (isTop(rx[t]!) && isBottom(ry[t]!)) disagreements.push({ ...common, kind: "mf_only", mfIntercept: round4(xs[t]!), declaredRate: round4(ys[t]!) });
    else if (isTop(ry[t]!) && isBottom(rx[t]!)) disagreements.push({ ...common, kind: "declared_only", mfIntercept: round4(xs[t]!), declaredRate: round4(ys[t]!) });
    diffs.push({ ...common, difference: rx[t]! - ry[t]! });
  }
  diffs.sort((p, q) => Math.abs(q.difference) - Math.abs(p.difference) || p.index - q.index);
  return { compared: n, rankCorrelation, top, bottom, disagreements, largestRankDifferences: diffs.slice(0, limit).filter((x) => x.difference !== 0) };
}
