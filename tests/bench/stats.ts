/** Small helpers for benchmarks: medians, percentiles and a spread, printed as ratios. */
import { appendFileSync } from "node:fs";
export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i]!;
}

export function summarize(samples: number[]) {
  const s = [...samples].sort((a, b) => a - b);
  return { median: percentile(s, 50), p99: percentile(s, 99), min: s[0]!, max: s[s.length - 1]!, n: s.length };
}

export function fmt(ms: number): string {
  return ms >= 100 ? `${ms.toFixed(0)} ms` : ms >= 1 ? `${ms.toFixed(2)} ms` : `${(ms * 1000).toFixed(1)} µs`;
}

export function line(label: string, ours: ReturnType<typeof summarize>, ref: ReturnType<typeof summarize>, refLabel: string) {
  const ratio = ours.median / ref.median;
  console.log(
    `${label.padEnd(44)} median ${fmt(ours.median).padStart(9)} [${fmt(ours.min)}–${fmt(ours.max)}]  ` +
      `vs ${refLabel} ${fmt(ref.median)} [${fmt(ref.min)}–${fmt(ref.max)}]  ratio ${ratio.toFixed(2)}×`,
  );
}

export async function timeIt(fn: () => unknown | Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  await fn();
  return performance.now() - t0;
}

/** One row of the `npm run bench` table. */
export interface BenchRow {
  measure: string;
  ours: string;
  reference: string;
  ratio: string;
  target: string;
  /** null: no target set for this measure. */
  met: boolean | null;
}

/** Hands a row to `npm run bench` (run-all.ts names the file in BENCH_TABLE); a bench run alone just prints. */
export function recordRow(row: BenchRow): void {
  const file = process.env.BENCH_TABLE;
  if (file) appendFileSync(file, `${JSON.stringify(row)}\n`);
}
