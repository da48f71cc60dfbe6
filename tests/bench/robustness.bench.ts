/**
 * `npx tsx tests/bench/robustness.bench.ts`: robustness checks (app/consensus/robustness.ts) and the
 * abnormal-ballot check at assembly scale, one thread: 10 000 participants × 1 000 statements at 5 %
 * density (≈ 500 000 votes), 6 declared groups, 5 regions, 100 bootstrap resamples.
 *
 * Data: planted group preferences (each group leans its own way on each statement; a vote follows
 * the lean with p 0.7, passes with p 0.1), votes in shuffled order, integer confidences on half of
 * them. Timed: untimed warm-up run, then 5 timed runs; median [min–max] of wall clock per phase,
 * and the process CPU time of the whole robustness computation (less disturbed by a busy machine).
 * Timings are printed, never asserted. BENCH_QUICK=1: 3 timed runs.
 */
import { checkAbnormalBallots } from "../../app/consensus/abnormal-ballots";
import { bootstrapRange, combineBootstrap, finishRobustness, prepareRobustness, type RobustnessInput } from "../../app/consensus/robustness";
import { buildSparseMatrix } from "../../app/consensus/sparse-matrix";
import { seededRandom } from "../../app/consensus/stats";
import { fmt, summarize } from "./stats";

const P = 10_000;
const S = 1_000;
const DENSITY = 0.05;
const G = 6;
const R = 5;

function dataSet(): RobustnessInput {
  const rand = seededRandom(140002);
  const groupOf = Array.from({ length: P }, () => `g${Math.floor(rand() ** 1.6 * G)}`); // unequal sizes
  const regionOf = Array.from({ length: P }, () => `r${Math.floor(rand() * R)}`);
  const lean = Float64Array.from({ length: G * S }, () => (rand() < 0.5 ? 1 : -1));
  const rows: number[] = [];
  const cols: number[] = [];
  const values: number[] = [];
  const conf: number[] = [];
  for (let i = 0; i < P; i++) {
    const g = Number(groupOf[i]!.slice(1));
    for (let j = 0; j < S; j++) {
      if (rand() >= DENSITY) continue;
      const x = rand();
      rows.push(i);
      cols.push(j);
      values.push(x < 0.1 ? 0 : x < 0.8 ? lean[g * S + j]! : -lean[g * S + j]!);
      conf.push(rand() < 0.5 ? 1 + Math.floor(rand() * 5) : NaN);
    }
  }
  // chronological order does not matter to the matrix; shuffle anyway, like real input
  const order = Int32Array.from(rows.keys());
  for (let k = order.length - 1; k > 0; k--) {
    const r = Math.floor(rand() * (k + 1));
    const t = order[k]!;
    order[k] = order[r]!;
    order[r] = t;
  }
  const matrix = buildSparseMatrix({
    participantCount: P,
    statementCount: S,
    rows: Int32Array.from(order, (k) => rows[k]!),
    cols: Int32Array.from(order, (k) => cols[k]!),
    values: Int8Array.from(order, (k) => values[k]!),
    confidences: Float32Array.from(order, (k) => conf[k]!),
  });
  return {
    matrix,
    statementIds: Array.from({ length: S }, (_, j) => `s${j}`),
    groups: Array.from({ length: G }, (_, g) => ({ id: `g${g}`, targetShare: 1 / G })),
    groupOf,
    regions: Array.from({ length: R }, (_, r) => ({ id: `r${r}` })),
    regionOf,
  };
}

const input = dataSet();
console.log(`robustness: ${P} participants × ${S} statements, ${input.matrix.values.length} votes, ${G} groups, ${R} regions, 100 resamples`);
const runs = process.env.BENCH_QUICK === "1" ? 3 : 5;
const times = { prepare: [] as number[], bootstrap: [] as number[], finish: [] as number[], total: [] as number[], totalCpu: [] as number[], abnormal: [] as number[] };
let last = "";
for (let run = 0; run <= runs; run++) {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const prepared = prepareRobustness(input);
  const t1 = performance.now();
  const keeps = combineBootstrap(prepared.plan, [bootstrapRange(prepared.plan, 0, prepared.plan.resamples)]);
  const t2 = performance.now();
  const result = finishRobustness(prepared, keeps);
  const t3 = performance.now();
  const cpu = process.cpuUsage(cpu0);
  checkAbnormalBallots(input);
  const t4 = performance.now();
  if (run === 0) {
    last = JSON.stringify(result.summary);
    continue; // warm-up
  }
  times.prepare.push(t1 - t0);
  times.bootstrap.push(t2 - t1);
  times.finish.push(t3 - t2);
  times.total.push(t3 - t0);
  times.totalCpu.push((cpu.user + cpu.system) / 1000);
  times.abnormal.push(t4 - t3);
}
for (const [k, v] of Object.entries(times)) {
  const s = summarize(v);
  console.log(`${k.padEnd(10)} median ${fmt(s.median).padStart(9)} [${fmt(s.min)}–${fmt(s.max)}]`);
}
console.log(`summary ${last}`);
