/**
 * Bridging by matrix factorisation (app/consensus/matrix-factorisation.ts, decision 055), on synthetic
 * votes with planted structure: two opposed camps of unequal size; "bridging" statements both camps
 * agree with, "partisan" statements one camp agrees with and the other rejects, "mild" statements both
 * camps agree with moderately, and statements both camps reject.
 */
import { describe, expect, it } from "vitest";
import { computeDeclaredGroups } from "../../app/consensus/declared-groups";
import {
  bootstrapMfRange,
  combineMfBootstrap,
  compareBridging,
  computeMatrixFactorisation,
  fitMatrixFactorisation,
  prepareMfData,
  type MfResult,
} from "../../app/consensus/matrix-factorisation";
import { buildSparseMatrix, type CompactVotes, type SparseMatrix } from "../../app/consensus/sparse-matrix";
import { seededRandom } from "../../app/consensus/stats";

type Kind = "bridging" | "partisanA" | "partisanB" | "mild" | "rejected" | "passy";

/** [agree, disagree] probabilities per camp (the rest is pass) */
const PROFILE: Record<Kind, [[number, number], [number, number]]> = {
  bridging: [[0.85, 0.1], [0.85, 0.1]],
  partisanA: [[0.85, 0.1], [0.1, 0.85]],
  partisanB: [[0.1, 0.85], [0.85, 0.1]],
  mild: [[0.6, 0.35], [0.6, 0.35]],
  rejected: [[0.1, 0.85], [0.1, 0.85]],
  passy: [[0.45, 0.05], [0.45, 0.05]],
};

const KINDS: Kind[] = [
  "bridging", "partisanA", "mild", "rejected", "partisanB", "bridging", "partisanA", "mild",
  "partisanA", "bridging", "rejected", "partisanB", "mild", "partisanA", "bridging", "partisanB",
  "mild", "partisanA", "rejected", "partisanB", "mild", "partisanA", "partisanB", "rejected",
];

interface Synthetic {
  compact: CompactVotes;
  m: SparseMatrix;
  camp: number[];
}

/**
 * P participants, the first `shareA` of them in camp A; each sees each statement with probability
 * `density`. `override(u, s)` may replace a vote's [agree, disagree] probabilities.
 */
function synthetic(seed: number, P: number, shareA: number, kinds: readonly Kind[], density: number, override?: (u: number, s: number) => [number, number] | null): Synthetic {
  const rand = seededRandom(seed);
  const nA = Math.round(P * shareA);
  const rows: number[] = [];
  const cols: number[] = [];
  const values: number[] = [];
  const camp: number[] = [];
  for (let u = 0; u < P; u++) {
    const c = u < nA ? 0 : 1;
    camp.push(c);
    kinds.forEach((kind, s) => {
      if (rand() >= density) return;
      const [pa, pd] = override?.(u, s) ?? PROFILE[kind][c];
      const x = rand();
      rows.push(u);
      cols.push(s);
      values.push(x < pa ? 1 : x < pa + pd ? -1 : 0);
    });
  }
  const compact: CompactVotes = { participantCount: P, statementCount: kinds.length, rows: Int32Array.from(rows), cols: Int32Array.from(cols), values: Int8Array.from(values) };
  return { compact, m: buildSparseMatrix(compact), camp };
}

/** share of agree votes and mean vote per statement, straight from the matrix */
function rawRates(m: SparseMatrix) {
  const agree = new Float64Array(m.statementCount);
  const sum = new Float64Array(m.statementCount);
  const n = new Float64Array(m.statementCount);
  for (let p = 0; p < m.values.length; p++) {
    const s = m.cols[p]!;
    n[s]! += 1;
    sum[s]! += m.values[p]!;
    if (m.values[p] === 1) agree[s]! += 1;
  }
  return { agreeRate: Array.from(agree, (a, s) => a / n[s]!), meanVote: Array.from(sum, (x, s) => x / n[s]!) };
}

const interceptsOf = (r: MfResult, kinds: readonly Kind[], kind: Kind) => r.statements.filter((s) => kinds[s.index] === kind).map((s) => s.intercept!);
const factorsOf = (r: MfResult, kinds: readonly Kind[], kind: Kind) => r.statements.filter((s) => kinds[s.index] === kind).map((s) => Math.abs(s.factor!));

describe("matrix factorisation on two opposed camps", () => {
  // camp A is three quarters of the assembly, so A's partisan statements have a high raw agree rate
  const data = synthetic(11, 400, 0.75, KINDS, 0.5);
  const result = computeMatrixFactorisation(data.m, { resamples: 30 });
  const raw = rawRates(data.m);

  it("converges and fits every statement", () => {
    expect(result.converged).toBe(true);
    expect(result.statements.every((s) => s.intercept !== null && s.factor !== null)).toBe(true);
  });

  it("gives the planted bridging statements the highest intercepts", () => {
    const bridging = interceptsOf(result, KINDS, "bridging");
    const others = result.statements.filter((s) => KINDS[s.index] !== "bridging").map((s) => s.intercept!);
    expect(Math.min(...bridging)).toBeGreaterThan(Math.max(...others));
  });

  it("keeps the bigger camp's partisan statements low although their raw agree rate is high", () => {
    const partisanA = KINDS.flatMap((k, s) => (k === "partisanA" ? [s] : []));
    const mild = KINDS.flatMap((k, s) => (k === "mild" ? [s] : []));
    const mean = (xs: number[]) => xs.reduce((x, y) => x + y, 0) / xs.length;
    const intercept = (s: number) => result.statements[s]!.intercept!;
    // the premise: by raw agree rate, camp A's partisan statements beat the mild cross-camp ones…
    expect(mean(partisanA.map((s) => raw.agreeRate[s]!))).toBeGreaterThan(mean(mild.map((s) => raw.agreeRate[s]!)) + 0.03);
    // …by intercept they fall below them, and far below their own mean vote
    expect(mean(partisanA.map(intercept))).toBeLessThan(mean(mild.map(intercept)) - 0.05);
    for (const s of partisanA) expect(intercept(s)).toBeLessThan(raw.meanVote[s]! - 0.2);
    // and both camps' partisan statements end up near the midpoint, well below the bridging ones
    const partisan = [...interceptsOf(result, KINDS, "partisanA"), ...interceptsOf(result, KINDS, "partisanB")];
    for (const x of partisan) expect(Math.abs(x)).toBeLessThan(0.25);
  });

  it("puts partisan statements on the factor, with opposite signs for the two camps", () => {
    const partisan = [...factorsOf(result, KINDS, "partisanA"), ...factorsOf(result, KINDS, "partisanB")];
    const bridging = factorsOf(result, KINDS, "bridging");
    expect(Math.min(...partisan)).toBeGreaterThan(3 * Math.max(...bridging));
    const signA = result.statements.filter((s) => KINDS[s.index] === "partisanA").map((s) => Math.sign(s.factor!));
    const signB = result.statements.filter((s) => KINDS[s.index] === "partisanB").map((s) => Math.sign(s.factor!));
    expect(new Set(signA).size).toBe(1);
    expect(new Set(signB).size).toBe(1);
    expect(signA[0]).toBe(-signB[0]!);
  });

  it("orients the axis: the largest |loading| is positive", () => {
    const largest = result.statements.reduce((best, s) => (Math.abs(s.factor!) > Math.abs(best.factor!) ? s : best));
    expect(largest.factor!).toBeGreaterThan(0);
  });

  it("with two factors, still ranks the bridging statements first and the partisan ones low", () => {
    const two = computeMatrixFactorisation(data.m, { factors: 2, resamples: 10 });
    expect(two.factors).toBe(2);
    const bridging = interceptsOf(two, KINDS, "bridging");
    const others = two.statements.filter((s) => KINDS[s.index] !== "bridging").map((s) => s.intercept!);
    expect(Math.min(...bridging)).toBeGreaterThan(Math.max(...others));
    for (const s of two.statements) {
      if (KINDS[s.index] === "partisanA") expect(s.intercept!).toBeLessThan(raw.meanVote[s.index]! - 0.2);
      expect(typeof s.factor2).toBe("number");
    }
    // the main axis is the camps' axis: partisan statements load on the first factor more than on the second
    for (const s of two.statements) if (KINDS[s.index] === "partisanA" || KINDS[s.index] === "partisanB") expect(Math.abs(s.factor!)).toBeGreaterThan(Math.abs(s.factor2!));
  });
});

describe("determinism", () => {
  const data = synthetic(5, 250, 0.6, KINDS, 0.6);

  it("gives identical JSON for the same input", () => {
    const a = JSON.stringify(computeMatrixFactorisation(data.m, { resamples: 20 }));
    const b = JSON.stringify(computeMatrixFactorisation(buildSparseMatrix(data.compact), { resamples: 20 }));
    expect(b).toBe(a);
  });

  it("does not depend on the order of participants or of votes", () => {
    const rand = seededRandom(99);
    const P = data.compact.participantCount;
    const relabel = Array.from({ length: P }, (_, i) => i);
    for (let i = P - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      [relabel[i], relabel[j]] = [relabel[j]!, relabel[i]!];
    }
    const n = data.compact.rows.length;
    const order = Array.from({ length: n }, (_, i) => i);
    for (let i = n - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    const shuffled: CompactVotes = {
      participantCount: P,
      statementCount: data.compact.statementCount,
      rows: Int32Array.from(order, (k) => relabel[data.compact.rows[k]!]!),
      cols: Int32Array.from(order, (k) => data.compact.cols[k]!),
      values: Int8Array.from(order, (k) => data.compact.values[k]!),
    };
    const a = JSON.stringify(computeMatrixFactorisation(data.m, { resamples: 20 }));
    expect(JSON.stringify(computeMatrixFactorisation(buildSparseMatrix(shuffled), { resamples: 20 }))).toBe(a);
  });

  it("combines bootstrap ranges, computed separately and given in any order, into the sequential result", () => {
    const d = prepareMfData(data.m, { resamples: 40 });
    const fit = fitMatrixFactorisation(d);
    const sequential = JSON.stringify(combineMfBootstrap(d, fit, [bootstrapMfRange(d, fit, 0, 40)]));
    // each range from its own copy of the inputs, as a worker thread would receive them
    const copy = () => structuredClone({ d, fit });
    const ranges = [[25, 40], [0, 1], [1, 25]].map(([from, to]) => {
      const c = copy();
      return bootstrapMfRange(c.d, c.fit, from!, to!);
    });
    expect(JSON.stringify(combineMfBootstrap(d, fit, ranges))).toBe(sequential);
    expect(() => combineMfBootstrap(d, fit, [ranges[0]!, ranges[2]!])).toThrow();
    expect(() => combineMfBootstrap(d, fit, [...ranges, ranges[1]!])).toThrow();
  });
});

describe("bootstrap intervals", () => {
  it("contain the point estimate", () => {
    for (const seed of [21, 22]) {
      const r = computeMatrixFactorisation(synthetic(seed, 300, 0.7, KINDS, 0.5).m, { resamples: 60 });
      for (const s of r.statements) {
        expect(s.interval!.low).toBeLessThanOrEqual(s.intercept!);
        expect(s.interval!.high).toBeGreaterThanOrEqual(s.intercept!);
        expect(s.interval!.high).toBeGreaterThan(s.interval!.low);
      }
    }
  });

  it("narrow with more participants", () => {
    const width = (r: MfResult) => r.statements.map((s) => s.interval!.high - s.interval!.low);
    const small = width(computeMatrixFactorisation(synthetic(31, 150, 0.7, KINDS, 0.5).m, { resamples: 60 }));
    const large = width(computeMatrixFactorisation(synthetic(32, 1200, 0.7, KINDS, 0.5).m, { resamples: 60 }));
    const mean = (xs: number[]) => xs.reduce((x, y) => x + y, 0) / xs.length;
    // eight times the participants: about a third of the width (1/√8 ≈ 0.35)
    expect(mean(large)).toBeLessThan(0.5 * mean(small));
    for (let s = 0; s < KINDS.length; s++) expect(large[s]!).toBeLessThan(small[s]!);
  });
});

describe("minimum data, passes and privacy", () => {
  it("reports statements below minVotes as null, and their votes do not move any other number", () => {
    const kinds: Kind[] = [...KINDS, "bridging"];
    const few = new Set([3, 50, 77, 120, 190]); // the only participants who see the last statement
    const rand = seededRandom(8);
    const base = synthetic(41, 200, 0.7, KINDS, 0.5);
    const rows = [...base.compact.rows];
    const cols = [...base.compact.cols];
    const values = [...base.compact.values];
    for (const u of few) {
      rows.push(u);
      cols.push(KINDS.length);
      values.push(rand() < 0.5 ? 1 : -1);
    }
    const withFew = buildSparseMatrix({ participantCount: 200, statementCount: kinds.length, rows: Int32Array.from(rows), cols: Int32Array.from(cols), values: Int8Array.from(values) });
    const withoutFew = buildSparseMatrix({ ...base.compact, statementCount: kinds.length });
    const a = computeMatrixFactorisation(withFew, { resamples: 20, minVotes: 10 });
    const b = computeMatrixFactorisation(withoutFew, { resamples: 20, minVotes: 10 });
    const last = a.statements[KINDS.length]!;
    expect(last).toEqual({ index: KINDS.length, votes: few.size, intercept: null, interval: null, factor: null });
    expect(a.statements.slice(0, KINDS.length)).toEqual(b.statements.slice(0, KINDS.length));
    // with a lower threshold the statement is fitted
    expect(computeMatrixFactorisation(withFew, { resamples: 0, minVotes: 5 }).statements[KINDS.length]!.intercept).not.toBeNull();
  });

  it("counts passes as 0 by default, and can leave them out", () => {
    const kinds: Kind[] = [...KINDS.slice(0, 12), "passy", "passy"];
    const { m } = synthetic(51, 300, 0.7, kinds, 0.5);
    const zero = computeMatrixFactorisation(m, { resamples: 0 });
    const exclude = computeMatrixFactorisation(m, { resamples: 0, passes: "exclude" });
    const bridgingZero = Math.min(...interceptsOf(zero, kinds, "bridging"));
    for (const s of [12, 13]) {
      // half the votes are passes: counted as 0 they halve the statement's agreement…
      expect(zero.statements[s]!.intercept!).toBeLessThan(bridgingZero - 0.2);
      // …left out, 9 in 10 of the remaining votes agree, as for the bridging statements
      expect(exclude.statements[s]!.intercept!).toBeGreaterThan(zero.statements[s]!.intercept! + 0.2);
      expect(exclude.statements[s]!.votes).toBeLessThan(zero.statements[s]!.votes);
    }
    expect(zero.statements[0]!.interval).toBeNull(); // no resamples, no intervals
  });

  it("outputs statements only: no per-participant value, nothing but plain rounded data", () => {
    const r = computeMatrixFactorisation(synthetic(61, 120, 0.5, KINDS, 0.7).m, { resamples: 10 });
    expect(Object.keys(r).sort()).toEqual(["bootstrapSweeps", "converged", "factors", "globalMean", "lambda", "minVotes", "passes", "percentiles", "resamples", "seed", "statements", "sweeps"]);
    expect(r.statements).toHaveLength(KINDS.length);
    for (const s of r.statements) {
      expect(Object.keys(s).sort()).toEqual(["factor", "index", "intercept", "interval", "votes"]);
      for (const x of [s.intercept!, s.factor!, s.interval!.low, s.interval!.high]) expect(Math.round(x * 1e4) / 1e4).toBe(x);
    }
    expect(JSON.parse(JSON.stringify(r))).toEqual(r);
  });

  it("gives null everywhere when no statement has enough votes", () => {
    const r = computeMatrixFactorisation(synthetic(71, 8, 0.5, KINDS, 0.5).m, { resamples: 5 });
    expect(r.globalMean).toBeNull();
    expect(r.statements.every((s) => s.intercept === null && s.interval === null)).toBe(true);
  });
});

describe("comparison with declared-group bridging", () => {
  it("agrees with itself and flags both kinds of disagreement when the orders are reversed", () => {
    const mf = [0.9, 0.5, 0.1, -0.2];
    const same = compareBridging(mf, [0.8, 0.6, 0.4, 0.2]);
    expect(same.rankCorrelation).toBe(1);
    expect(same.disagreements).toEqual([]);
    expect(same.largestRankDifferences).toEqual([]);
    const reversed = compareBridging(mf, [0.2, 0.4, 0.6, 0.8]);
    expect(reversed.rankCorrelation).toBe(-1);
    // n = 4: the top quarter is rank 1, the bottom half ranks 3 and 4
    expect(reversed.disagreements.map((d) => [d.index, d.kind])).toEqual([[0, "mf_only"], [3, "declared_only"]]);
    expect(reversed.largestRankDifferences.map((d) => d.index)).toEqual([0, 3, 1, 2]);
  });

  it("leaves out statements missing either measure and shares ranks on ties", () => {
    const c = compareBridging([0.7, null, 0.7, 0.1, 0.3], [0.5, 0.9, null, 0.2, 0.6]);
    expect(c.compared).toBe(3);
    const ranks = c.largestRankDifferences.map((d) => [d.index, d.mfRank, d.declaredRank]);
    // statements 0, 3, 4: MF ranks 1, 3, 2; declared ranks 2, 3, 1
    expect(ranks).toEqual([[0, 1, 2], [4, 2, 1]]);
    const tied = compareBridging([1, 1, 0], [0.1, 0.2, 0.3]);
    expect(tied.largestRankDifferences.find((d) => d.index === 0)!.mfRank).toBe(1.5);
  });

  it("flags a statement that bridges the opinion camps but not a small declared group", () => {
    // Three declared groups cut across both camps; a small fourth group ("Z", 24 people drawn from
    // both camps) rejects statement 0, a statement everyone else agrees with.
    const P = 480;
    const groupOf = (u: number) => (u % 20 === 7 ? "Z" : `g${u % 3}`);
    const planted = 0;
    const data = synthetic(81, P, 0.7, KINDS, 0.6, (u, s) => (s === planted && groupOf(u) === "Z" ? [0.1, 0.85] : null));
    const mf = computeMatrixFactorisation(data.m, { resamples: 0 });
    const groups = ["g0", "g1", "g2", "Z"].map((id) => ({ id, targetShare: 0.25 }));
    const declared = computeDeclaredGroups(data.m, { groups, groupOf: Array.from({ length: P }, (_, u) => groupOf(u)) });
    const c = compareBridging(mf.statements.map((s) => s.intercept), declared.map((v) => v.bridging?.rate ?? null));
    expect(c.compared).toBe(KINDS.length);
    expect(c.disagreements.filter((d) => d.kind === "mf_only").map((d) => d.index)).toEqual([planted]);
    // the other bridging statements are bridging by both measures
    for (const d of c.disagreements) expect(KINDS[d.index] === "bridging" && d.index !== planted).toBe(false);
    expect(c.rankCorrelation!).toBeGreaterThan(0);
    expect(c.largestRankDifferences[0]!.index).toBe(planted);
  });
});
