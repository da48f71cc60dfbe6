/** Small statistical helpers used across the engine. Pure and deterministic. */
import type { Interval } from "./types";

const Z95 = 1.959963984540054;

/** Wilson score interval for a proportion; [0, 1] when n = 0. */
export function wilsonInterval(successes: number, n: number, z = Z95): Interval {
  if (!(n > 0)) return { low: 0, high: 1 };
  const p = successes / n;
  const z2 = z * z;
  const denom = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denom;
  const half = (z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / denom;
  return { low: Math.max(0, centre - half), high: Math.min(1, centre + half) };
}

/** Polis's one-proportion test with add-one smoothing: z for "more than half". */
export function propTest(successes: number, n: number): number {
  const s = successes + 1;
  const m = n + 1;
  return 2 * Math.sqrt(m) * (s / m - 0.5);
}

/** Polis's two-proportion test with add-one smoothing: z for "group differs from the rest". */
export function twoPropTest(succIn: number, nIn: number, succOut: number, nOut: number): number {
  const s1 = succIn + 1;
  const s2 = succOut + 1;
  const n1 = nIn + 1;
  const n2 = nOut + 1;
  const p1 = s1 / n1;
  const p2 = s2 / n2;
  const pHat = (s1 + s2) / (n1 + n2);
  if (pHat >= 1 || pHat <= 0) return 0;
  return (p1 - p2) / Math.sqrt(pHat * (1 - pHat) * (1 / n1 + 1 / n2));
}

/** Mulberry32: a tiny seeded PRNG, so every "random" choice is reproducible. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Adjusted Rand index between two labelings of the same items (1 = identical partitions). */
export function adjustedRandIndex(a: readonly (string | number)[], b: readonly (string | number)[]): number {
  if (a.length !== b.length) throw new Error("labelings differ in length");
  const n = a.length;
  if (n < 2) return 1;
  const table = new Map<string, number>();
  const rows = new Map<string | number, number>();
  const cols = new Map<string | number, number>();
  for (let i = 0; i < n; i++) {
    const key = `${a[i]}\u0000${b[i]}`;
    table.set(key, (table.get(key) ?? 0) + 1);
    rows.set(a[i]!, (rows.get(a[i]!) ?? 0) + 1);
    cols.set(b[i]!, (cols.get(b[i]!) ?? 0) + 1);
  }
  const c2 = (x: number) => (x * (x - 1)) / 2;
  let index = 0;
  for (const v of table.values()) index += c2(v);
  let sumRows = 0;
  for (const v of rows.values()) sumRows += c2(v);
  let sumCols = 0;
  for (const v of cols.values()) sumCols += c2(v);
  const expected = (sumRows * sumCols) / c2(n);
  const max = (sumRows + sumCols) / 2;
  if (max === expected) return 1;
  return (index - expected) / (max - expected);
}

/** Default number of bootstrap resamples and their seed (every bootstrap in the engine uses these). */
export const DEFAULT_RESAMPLES = 100;
export const DEFAULT_BOOTSTRAP_SEED = 20261202;

/**
 * Resample b of a participant bootstrap: how many times each of n items is drawn (n draws with
 * replacement), as a multiplicity per item. Depends only on (n, seed, b), so any thread, in any
 * order, draws the same resample; every bootstrap in the engine (map stability, robustness,
 * matrix factorisation) draws resample b the same way.
 */
export function bootstrapWeights(n: number, seed: number, b: number): Int32Array {
  const rand = seededRandom((seed ^ Math.imul(b + 1, 0x9e3779b1)) >>> 0);
  const w = new Int32Array(n);
  for (let t = 0; t < n; t++) w[Math.floor(rand() * n)]! += 1;
  return w;
}
