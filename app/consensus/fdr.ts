/**
 * False-discovery-rate control (Benjamini–Hochberg) and the normal tail it needs. Pure and
 * deterministic: ties are broken by index, so the same p-values always select the same tests.
 */

/** Default q: at most one in ten of the statements reported as distinctive is expected to be a fluke. */
export const DEFAULT_FDR_Q = 0.1;

/**
 * erfc(x) for x ≥ 0: a Taylor series of erf below 2.5, a continued fraction (modified Lentz) above;
 * relative error near 1e-14 over the whole range, enough to rank p-values far into the tail.
 */
function erfcNonNegative(x: number): number {
  if (x < 2.5) {
    // erf(x) = 2/√π Σ (−1)^n x^(2n+1) / (n! (2n+1))
    let term = x;
    let sum = x;
    const x2 = x * x;
    for (let n = 1; n < 200; n++) {
      term *= -x2 / n;
      const add = term / (2 * n + 1);
      sum += add;
      if (Math.abs(add) < 1e-17 * Math.abs(sum)) break;
    }
    return 1 - (2 / Math.sqrt(Math.PI)) * sum;
  }
  // erfc(x) = exp(−x²)/√π · 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + 2/(x + …)))))
  const tiny = 1e-300;
  let f = x;
  let c = x;
  let d = 0;
  for (let n = 1; n < 500; n++) {
    const a = n / 2;
    d = x + a * d;
    d = Math.abs(d) < tiny ? tiny : d;
    c = x + a / c;
    c = Math.abs(c) < tiny ? tiny : c;
    d = 1 / d;
    const delta = c * d;
    f *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  return Math.exp(-x * x) / (Math.sqrt(Math.PI) * f);
}

/** P(Z ≥ z) for a standard normal Z (upper tail): the one-sided p-value of a z-score. */
export function normalUpperTail(z: number): number {
  if (Number.isNaN(z)) return 1;
  if (z >= 0) return 0.5 * erfcNonNegative(z / Math.SQRT2);
  return 1 - 0.5 * erfcNonNegative(-z / Math.SQRT2);
}

/**
 * Benjamini–Hochberg step-up procedure: the tests rejected at false-discovery rate q. With m tests
 * sorted by p-value, the largest rank i with p(i) ≤ i·q/m and every test ranked before it are
 * rejected. Returns a flag per test, in the input order.
 */
export function benjaminiHochberg(pValues: readonly number[], q: number = DEFAULT_FDR_Q): boolean[] {
  const m = pValues.length;
  const rejected = new Array<boolean>(m).fill(false);
  if (m === 0 || !(q > 0)) return rejected;
  const order = pValues.map((_, i) => i).sort((a, b) => pValues[a]! - pValues[b]! || a - b);
  let cut = -1;
  for (let rank = 0; rank < m; rank++) {
    const p = pValues[order[rank]!]!;
    if (p <= ((rank + 1) * q) / m) cut = rank;
  }
  for (let rank = 0; rank <= cut; rank++) rejected[order[rank]!] = true;
  return rejected;
}
