import { describe, expect, it } from "vitest";
import { benjaminiHochberg, normalUpperTail } from "../../app/consensus/fdr";
import { selectConsensus, selectRepresentative, type GroupCounts } from "../../app/consensus/opinion-groups";
import { seededRandom } from "../../app/consensus/stats";

describe("the normal upper tail", () => {
  it("matches tabulated values of the standard normal distribution", () => {
    // textbook table values
    expect(normalUpperTail(0)).toBeCloseTo(0.5, 14);
    expect(normalUpperTail(1.2816)).toBeCloseTo(0.1, 4);
    expect(normalUpperTail(1.959964)).toBeCloseTo(0.025, 7);
    expect(normalUpperTail(3)).toBeCloseTo(0.0013499, 7);
    expect(normalUpperTail(-1.644854)).toBeCloseTo(0.95, 7);
    expect(normalUpperTail(8) / 6.22096e-16).toBeCloseTo(1, 4);
    expect(normalUpperTail(Number.NaN)).toBe(1);
  });

  it("is continuous where the series hands over to the continued fraction", () => {
    const x = 2.5 * Math.SQRT2;
    expect(Math.abs(normalUpperTail(x - 1e-9) - normalUpperTail(x + 1e-9))).toBeLessThan(1e-11);
  });
});

describe("Benjamini–Hochberg", () => {
  it("rejects the largest rank under the line and every test before it (step-up)", () => {
    // m = 5, q = 0.1: lines 0.02, 0.04, 0.06, 0.08, 0.1. Rank 3 (0.055) is under; rank 2 (0.05 > 0.04) is not, but step-up keeps it.
    expect(benjaminiHochberg([0.5, 0.001, 0.05, 0.055, 0.3], 0.1)).toEqual([false, true, true, true, false]);
    expect(benjaminiHochberg([0.2, 0.3], 0.1)).toEqual([false, false]);
    expect(benjaminiHochberg([], 0.1)).toEqual([]);
  });

  it("controls the false-discovery rate when some hypotheses are false", () => {
    const rand = seededRandom(7);
    let fdrSum = 0;
    const runs = 300;
    for (let run = 0; run < runs; run++) {
      // 80 true nulls (uniform p) and 20 real effects (small p)
      const p = [...Array.from({ length: 80 }, () => rand()), ...Array.from({ length: 20 }, () => rand() * 0.002)];
      const rejected = benjaminiHochberg(p, 0.1);
      const r = rejected.filter(Boolean).length;
      const v = rejected.slice(0, 80).filter(Boolean).length;
      fdrSum += r ? v / r : 0;
      expect(rejected.slice(80).filter(Boolean).length).toBeGreaterThan(15);
    }
    expect(fdrSum / runs).toBeLessThanOrEqual(0.1);
  });
});

/** counts per group from a random vote matrix: agree/disagree/pass with the given probabilities */
function simulate(seed: number, groups: number, perGroup: number, S: number, agreeOf: (g: number, j: number) => number): GroupCounts[] {
  const rand = seededRandom(seed);
  return Array.from({ length: groups }, (_, g) => {
    const c = { agree: new Int32Array(S), disagree: new Int32Array(S), seen: new Int32Array(S) };
    for (let i = 0; i < perGroup; i++) {
      for (let j = 0; j < S; j++) {
        if (rand() < 0.3) continue; // not shown
        c.seen[j]! += 1;
        const u = rand();
        const a = agreeOf(g, j);
        if (u < a) c.agree[j]! += 1;
        else if (u < a + (1 - a) * 0.85) c.disagree[j]! += 1;
      }
    }
    return c;
  });
}

describe("representative statements selected at a false-discovery rate", () => {
  it("on null data (groups vote alike, no statement leans), reports a fluke in at most q of the runs on average", () => {
    let falseShare = 0;
    const seeds = 60;
    for (let seed = 1; seed <= seeds; seed++) {
      // agree with p 0.46 so agree and disagree are equally likely (pass 0.08): every null holds
      const counts = simulate(seed, 3, 40, 40, () => 0.46);
      const rep = selectRepresentative(counts, 40, 0.1);
      const cons = selectConsensus(counts, 40, 0.1);
      // every discovery is false here, so the false-discovery proportion is 1 whenever anything is reported
      falseShare += rep.some((l) => l.length > 0) ? 1 : 0;
      falseShare += cons.length > 0 ? 1 : 0;
    }
    expect(falseShare / (2 * seeds)).toBeLessThanOrEqual(0.1);
  });

  it("finds a group's planted statements, in their direction, and few others", () => {
    // statements 0–4: group 0 agrees strongly, the others disagree; the rest are noise
    const counts = simulate(3, 3, 60, 30, (g, j) => (j < 5 ? (g === 0 ? 0.9 : 0.1) : 0.46));
    const rep = selectRepresentative(counts, 30, 0.1);
    const ofGroup0 = rep[0]!.filter((r) => r.statement < 5);
    expect(ofGroup0.map((r) => r.statement).sort()).toEqual([0, 1, 2, 3, 4]);
    expect(ofGroup0.every((r) => r.direction === "agree" && r.p < 0.01)).toBe(true);
    const noise = rep.flat().filter((r) => r.statement >= 5).length;
    expect(noise).toBeLessThanOrEqual(2);
    // strongest first
    for (let i = 1; i < rep[0]!.length; i++) expect(rep[0]![i - 1]!.ratio * rep[0]![i - 1]!.probability * rep[0]![i - 1]!.z * rep[0]![i - 1]!.zRatio).toBeGreaterThanOrEqual(rep[0]![i]!.ratio * rep[0]![i]!.probability * rep[0]![i]!.z * rep[0]![i]!.zRatio);
  });

  it("selects as consensus only what every group agrees (or disagrees) with", () => {
    // statement 0: everyone agrees; 1: everyone disagrees; 2: only group 0 agrees
    const counts = simulate(4, 3, 50, 12, (g, j) => (j === 0 ? 0.9 : j === 1 ? 0.05 : j === 2 ? (g === 0 ? 0.9 : 0.1) : 0.46));
    const cons = selectConsensus(counts, 12, 0.1);
    const byStatement = new Map(cons.map((c) => [c.statement, c.direction]));
    expect(byStatement.get(0)).toBe("agree");
    expect(byStatement.get(1)).toBe("disagree");
    expect(byStatement.has(2)).toBe(false);
  });

  it("a group that has not voted on a statement gives no evidence for consensus", () => {
    const counts = simulate(5, 2, 50, 3, () => 0.9);
    counts[1]!.seen[0] = 0;
    counts[1]!.agree[0] = 0;
    counts[1]!.disagree[0] = 0;
    const cons = selectConsensus(counts, 3, 0.1);
    expect(cons.map((c) => c.statement)).not.toContain(0);
    expect(cons.map((c) => c.statement)).toContain(1);
  });
});
