import { describe, expect, it } from "vitest";
import { adjustedRandIndex, bootstrapWeights, propTest, seededRandom, twoPropTest, wilsonInterval } from "../../app/consensus/stats";

/**
 * Every expected number below was computed by hand (formula written out in the comment), not
 * copied from the implementation's output.
 */
describe("wilsonInterval", () => {
  // z = 1.959964, z² = 3.841459.
  it("8 of 10 → [0.490, 0.943]", () => {
    // p = 0.8, z²/n = 0.384146, denom = 1.384146
    // centre = (0.8 + 0.192073) / 1.384146 = 0.716740
    // half = 1.959964 · √(0.016 + 0.009604) / 1.384146 = 1.959964 · 0.160012 / 1.384146 = 0.226579
    const { low, high } = wilsonInterval(8, 10);
    expect(low).toBeCloseTo(0.490, 3);
    expect(high).toBeCloseTo(0.943, 3);
  });

  it("5 of 10 is symmetric around one half → [0.237, 0.763]", () => {
    // centre = 0.5; half = 1.959964 · √(0.025 + 0.009604) / 1.384146 = 0.263412
    const { low, high } = wilsonInterval(5, 10);
    expect(low).toBeCloseTo(0.2366, 4);
    expect(high).toBeCloseTo(0.7634, 4);
    expect(low + high).toBeCloseTo(1, 12);
  });

  it("0 of 10 → [0, z²/n / (1 + z²/n)] = [0, 0.2775]; 10 of 10 mirrors it", () => {
    // with p = 0 the half-width equals the centre: low = 0, high = 0.384146 / 1.384146 = 0.277532
    const none = wilsonInterval(0, 10);
    expect(none.low).toBeCloseTo(0, 12);
    expect(none.high).toBeCloseTo(0.277532, 5);
    const all = wilsonInterval(10, 10);
    expect(all.low).toBeCloseTo(0.722468, 5);
    expect(all.high).toBeCloseTo(1, 12);
  });

  it("0 of 0 → [0, 1] (nothing is known)", () => {
    expect(wilsonInterval(0, 0)).toEqual({ low: 0, high: 1 });
    expect(wilsonInterval(0, -3)).toEqual({ low: 0, high: 1 });
    expect(wilsonInterval(0, NaN)).toEqual({ low: 0, high: 1 });
  });

  it("uses the z it is given: 8 of 10 at z = 1 → [0.6491, 0.8964]", () => {
    // denom = 1.1; centre = (0.8 + 0.05) / 1.1 = 0.772727; half = √(0.016 + 0.0025) / 1.1 = 0.123650
    const { low, high } = wilsonInterval(8, 10, 1);
    expect(low).toBeCloseTo(0.649077, 5);
    expect(high).toBeCloseTo(0.896377, 5);
  });

  it("narrows as n grows at the same proportion and always contains p", () => {
    const small = wilsonInterval(8, 10);
    const large = wilsonInterval(800, 1000);
    expect(large.high - large.low).toBeLessThan(small.high - small.low);
    for (const [s, n] of [[1, 3], [7, 9], [50, 51], [123, 400]] as const) {
      const { low, high } = wilsonInterval(s, n);
      expect(low).toBeLessThanOrEqual(s / n);
      expect(high).toBeGreaterThanOrEqual(s / n);
      expect(low).toBeGreaterThanOrEqual(0);
      expect(high).toBeLessThanOrEqual(1);
    }
  });
});

describe("propTest (Polis: 2·√(n+1)·((s+1)/(n+1) − ½))", () => {
  it("8 of 8 → 2·3·(1 − ½) = 3", () => {
    expect(propTest(8, 8)).toBeCloseTo(3, 12);
  });
  it("24 of 24 → 2·5·½ = 5", () => {
    expect(propTest(24, 24)).toBeCloseTo(5, 12);
  });
  it("0 of 0 → 2·1·(1 − ½) = 1 (the add-one prior leans to 'more than half')", () => {
    expect(propTest(0, 0)).toBeCloseTo(1, 12);
  });
  it("3 of 8 → 6·(4/9 − ½) = −1/3", () => {
    expect(propTest(3, 8)).toBeCloseTo(-1 / 3, 12);
  });
  it("0 of 15 → 2·4·(1/16 − ½) = −3.5", () => {
    expect(propTest(0, 15)).toBeCloseTo(-3.5, 12);
  });
});

describe("twoPropTest (Polis: add one to every count, pooled standard error)", () => {
  it("8 of 9 vs 0 of 9 → (0.9 − 0.1) / √(0.25 · 0.2) = 3.5777", () => {
    // s1 = 9, n1 = 10, s2 = 1, n2 = 10; p̂ = 10/20
    expect(twoPropTest(8, 9, 0, 9)).toBeCloseTo(0.8 / Math.sqrt(0.05), 10);
    expect(twoPropTest(8, 9, 0, 9)).toBeCloseTo(3.577709, 5);
  });
  it("is antisymmetric: swapping in and out flips the sign", () => {
    expect(twoPropTest(0, 9, 8, 9)).toBeCloseTo(-3.577709, 5);
  });
  it("3 of 3 vs 1 of 5 → (1 − 1/3) / √(0.6·0.4·(1/4 + 1/6)) = 2.1082", () => {
    // s1 = 4, n1 = 4, s2 = 2, n2 = 6; p̂ = 6/10; variance = 0.24 · 5/12 = 0.1
    expect(twoPropTest(3, 3, 1, 5)).toBeCloseTo((2 / 3) / Math.sqrt(0.1), 10);
    expect(twoPropTest(3, 3, 1, 5)).toBeCloseTo(2.108185, 5);
  });
  it("equal proportions → 0", () => {
    expect(twoPropTest(4, 9, 4, 9)).toBe(0);
  });
  it("a degenerate pooled proportion gives 0, not NaN or ∞", () => {
    expect(twoPropTest(5, 4, 5, 4)).toBe(0);
  });
});

describe("seededRandom", () => {
  it("repeats the same sequence for the same seed and stays in [0, 1)", () => {
    const a = seededRandom(42);
    const b = seededRandom(42);
    const xs = Array.from({ length: 1000 }, () => a());
    const ys = Array.from({ length: 1000 }, () => b());
    expect(xs).toEqual(ys);
    for (const x of xs) {
      expect(x).toBeGreaterThanOrEqual(0);
      expect(x).toBeLessThan(1);
    }
    const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
    expect(Math.abs(mean - 0.5)).toBeLessThan(0.05);
  });
  it("differs for a different seed", () => {
    const a = seededRandom(1);
    const b = seededRandom(2);
    expect(Array.from({ length: 10 }, () => a())).not.toEqual(Array.from({ length: 10 }, () => b()));
  });
});

describe("adjustedRandIndex", () => {
  it("identical partitions → 1", () => {
    expect(adjustedRandIndex([0, 0, 1, 1, 2, 2], [0, 0, 1, 1, 2, 2])).toBeCloseTo(1, 12);
  });

  it("the same partition under other labels → 1", () => {
    expect(adjustedRandIndex([0, 0, 1, 1, 2, 2], ["c", "c", "a", "a", "b", "b"])).toBeCloseTo(1, 12);
    expect(adjustedRandIndex(["x", "y", "x", "y"], [7, 3, 7, 3])).toBeCloseTo(1, 12);
  });

  it("[0,0,1,1] vs [0,0,1,2] → 4/7", () => {
    // pairs together in both: 1 (the two 0s); Σ C(row,2) = 2, Σ C(col,2) = 1, C(4,2) = 6
    // expected = 2·1/6 = 1/3, max = 1.5 → (1 − 1/3) / (1.5 − 1/3) = 4/7
    expect(adjustedRandIndex([0, 0, 1, 1], [0, 0, 1, 2])).toBeCloseTo(4 / 7, 12);
  });

  it("[0,0,0,1,1,1] vs [0,0,1,1,2,2] → 0.8 / 3.3", () => {
    // cells 2,1,1,2 → index 2; rows 3,3 → 6; cols 2,2,2 → 3; C(6,2) = 15
    // expected = 6·3/15 = 1.2, max = 4.5 → (2 − 1.2) / (4.5 − 1.2) = 0.242424…
    expect(adjustedRandIndex([0, 0, 0, 1, 1, 1], [0, 0, 1, 1, 2, 2])).toBeCloseTo(0.8 / 3.3, 12);
  });

  it("a crossed partition is worse than chance: [0,0,1,1] vs [0,1,0,1] → −0.5", () => {
    // index 0; rows 2; cols 2; expected 2·2/6 = 2/3; max 2 → (0 − 2/3)/(2 − 2/3) = −0.5
    expect(adjustedRandIndex([0, 0, 1, 1], [0, 1, 0, 1])).toBeCloseTo(-0.5, 12);
  });

  it("one cluster vs all singletons → 0", () => {
    expect(adjustedRandIndex([0, 0, 0, 0], [0, 1, 2, 3])).toBeCloseTo(0, 12);
  });

  it("independent random labelings → ≈ 0", () => {
    const r = seededRandom(7);
    const n = 5000;
    const a = Array.from({ length: n }, () => Math.floor(r() * 3));
    const b = Array.from({ length: n }, () => Math.floor(r() * 4));
    expect(Math.abs(adjustedRandIndex(a, b))).toBeLessThan(0.01);
  });

  it("is symmetric", () => {
    const a = [0, 0, 1, 1, 1, 2, 2, 0];
    const b = [1, 1, 1, 0, 0, 2, 2, 2];
    expect(adjustedRandIndex(a, b)).toBeCloseTo(adjustedRandIndex(b, a), 12);
  });

  it("refuses labelings of different lengths", () => {
    expect(() => adjustedRandIndex([0, 1], [0, 1, 2])).toThrow();
  });
});

describe("bootstrap weights", () => {
  it("draw n items with replacement, the same way for the same (n, seed, resample)", () => {
    const a = bootstrapWeights(500, 7, 3);
    expect(a.reduce((s, x) => s + x, 0)).toBe(500);
    expect([...bootstrapWeights(500, 7, 3)]).toEqual([...a]);
    expect([...bootstrapWeights(500, 7, 4)]).not.toEqual([...a]);
    // about 1 − 1/e of the items are drawn at least once
    const drawn = a.filter((x) => x > 0).length / 500;
    expect(drawn).toBeGreaterThan(0.55);
    expect(drawn).toBeLessThan(0.71);
  });
});
