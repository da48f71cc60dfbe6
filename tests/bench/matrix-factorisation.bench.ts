/**
 * `npm run bench:mf`: bridging by matrix factorisation (app/consensus/matrix-factorisation.ts) at the
 * size decision 055 budgets for — 10,000 participants × 1,000 statements at 5 % density (≈ 500,000
 * votes), one thread, default options (one factor, 100 resamples) — and how much of the bootstrap's
 * spread the warm-started resamples keep, against resamples refitted with many more sweeps.
 *
 * Data: two camps (60 % / 40 %); a statement is bridging (both agree), partisan for either camp, or
 * split (both 45 % agree), a quarter each; a vote follows its camp's leaning with p 0.8, the opposite
 * 0.1, pass 0.1; each participant's density varies ×0.25…×1.75. Timings are printed, never asserted.
 * BENCH_MF_RUNS (default 3) timed runs after one cold run.
 */
import { bootstrapMfRange, combineMfBootstrap, fitMatrixFactorisation, prepareMfData, type MfOptions, type MfResult } from "../../app/consensus/matrix-factorisation";
import { buildSparseMatrix, type SparseMatrix } from "../../app/consensus/sparse-matrix";
import { seededRandom } from "../../app/consensus/stats";

function dataSet(P: number, S: number, density: number, seed: number): SparseMatrix {
  const rand = seededRandom(seed);
  const kind = Array.from({ length: S }, () => Math.floor(rand() * 4));
  const rows: number[] = [];
  const cols: number[] = [];
  const values: number[] = [];
  for (let u = 0; u < P; u++) {
    const camp = u < 0.6 * P ? 0 : 1;
    const d = density * (0.25 + 1.5 * rand());
    for (let s = 0; s < S; s++) {
      if (rand() >= d) continue;
      const k = kind[s]!;
      const agree = k === 0 ? 0.8 : k === 3 ? 0.45 : (k === 1) === (camp === 0) ? 0.8 : 0.1;
      const disagree = k === 3 ? 0.45 : 0.9 - agree;
      const x = rand();
      rows.push(u);
      cols.push(s);
      values.push(x < agree ? 1 : x < agree + disagree ? -1 : 0);
    }
  }
  return buildSparseMatrix({ participantCount: P, statementCount: S, rows: Int32Array.from(rows), cols: Int32Array.from(cols), values: Int8Array.from(values) });
}

/** CPU time of this process in ms (user + system): a busy machine disturbs it less than wall-clock time */
const cpu = () => {
  const c = process.cpuUsage();
  return (c.user + c.system) / 1000;
};

function timed(m: SparseMatrix, options: MfOptions) {
  const w0 = performance.now();
  const c0 = cpu();
  const d = prepareMfData(m, options);
  const c1 = cpu();
  const fit = fitMatrixFactorisation(d);
  const c2 = cpu();
  const range = bootstrapMfRange(d, fit, 0, d.settings.resamples);
  const c3 = cpu();
  const result = combineMfBootstrap(d, fit, [range]);
  const c4 = cpu();
  return { result, prepare: c1 - c0, fit: c2 - c1, bootstrap: c3 - c2, combine: c4 - c3, total: c4 - c0, wall: performance.now() - w0 };
}

const fmt = (x: number) => x.toFixed(0).padStart(5);
const runs = Number(process.env.BENCH_MF_RUNS ?? 3);
const m = dataSet(10_000, 1_000, 0.05, 20261202);
console.log(`matrix factorisation: ${m.participantCount} participants × ${m.statementCount} statements, ${m.values.length} votes; CPU ms (wall ms for the total)`);
for (const factors of [1, 2] as const) {
  const options: MfOptions = { factors };
  const rows: ReturnType<typeof timed>[] = [];
  for (let r = 0; r <= runs; r++) rows.push(timed(m, options));
  const [cold, ...warm] = rows;
  const median = (key: "prepare" | "fit" | "bootstrap" | "combine" | "total" | "wall") => warm.map((x) => x[key]).sort((a, b) => a - b)[Math.floor(warm.length / 2)]!;
  console.log(`factors ${factors}: full fit ${cold!.result.sweeps} sweeps (converged: ${cold!.result.converged}), ${cold!.result.resamples} resamples × ${cold!.result.bootstrapSweeps} sweeps`);
  console.log(`  cold  : prepare ${fmt(cold!.prepare)}  fit ${fmt(cold!.fit)}  bootstrap ${fmt(cold!.bootstrap)}  combine ${fmt(cold!.combine)}  total ${fmt(cold!.total)} (wall ${fmt(cold!.wall)})`);
  console.log(`  median: prepare ${fmt(median("prepare"))}  fit ${fmt(median("fit"))}  bootstrap ${fmt(median("bootstrap"))}  combine ${fmt(median("combine"))}  total ${fmt(median("total"))} (wall ${fmt(median("wall"))})`);
}

// How much spread the default warm-started resamples keep, against 20 sweeps per resample.
const width = (r: MfResult) => r.statements.map((s) => (s.interval ? s.interval.high - s.interval.low : NaN));
const reference = width(timed(m, { resamples: 30, bootstrapSweeps: 20 }).result);
for (const sweeps of [1, 2, 3, 5]) {
  const w = width(timed(m, { resamples: 30, bootstrapSweeps: sweeps }).result);
  let ratio = 0;
  let n = 0;
  for (let s = 0; s < w.length; s++) {
    if (!(reference[s]! > 0)) continue;
    ratio += w[s]! / reference[s]!;
    n++;
  }
  console.log(`bootstrap sweeps ${sweeps}: mean interval width ${(ratio / n).toFixed(3)} × that of 20 sweeps`);
}
