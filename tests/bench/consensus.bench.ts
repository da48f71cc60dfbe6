/**
 * `npm run bench:consensus`: the opinion-group engine (buildSparseMatrix + computeOpinionGroups) at
 * assembly scale, against a reference implementation of the same algorithm in Python
 * (numpy + scipy + scikit-learn, tests/bench/reference_consensus.py) on the same data, in the same run.
 *
 * Data sets: synthetic sparse vote sets with planted opinion structure (3 latent groups with random
 * ±1 preference vectors; a vote follows its group's preference with p 0.7, the opposite 0.15, pass 0.15;
 * each participant's density varies ×0.25…×1.75 around the set's density; votes in shuffled,
 * "chronological" order), generated deterministically as CompactVotes typed arrays, plus every Polis
 * export in tests/fixtures/polis (parsePolisExport + indexVotes). BENCH_QUICK=1 skips the 100k set.
 *
 * Each data set is written as raw arrays (rows.i32, cols.i32, values.i8) to a temp dir. Each side runs
 * in a child process of its own per data set: one cold run first (peak RSS = maxRSS right after it:
 * a process that has loaded the data and run the computation once), then untimed warm-up runs (until
 * WARMUP_MS or WARMUP_RUNS: V8's JIT needs a few calls before small inputs run at full speed), then
 * the timed runs (5, or 3 for the 100k set): wall-clock median [min–max], and CPU time (user + system
 * of the whole process) which a busy machine disturbs less. Timings are printed, never asserted.
 * Exits 1 if the Python reference cannot run.
 *
 * Map stability (decision 054): on the 10k×1k @5% set, a child of its own computes the map once
 * (opinionMapBasis), then the bootstrap (100 resamples) in one thread (computeMapStability) and in a
 * pool of 2 worker threads (createMapStabilityPool): one cold run each, then 5 timed runs each,
 * median [min–max], the speed-up, and whether both gave the same JSON. The pool is started once
 * before the timed runs; its start (under tsx: workers load TypeScript) is printed separately.
 * The robustness suite (issue 14) adds, on the same set and in the same child, the codification
 * checks (6 declared groups, 5 regions, round-robin) and bridging by matrix factorisation, each with
 * 100 resamples, in one thread and with their resamples in the same pool; the total of the three
 * against the 2 s goal, the speed-up, and whether pool and thread gave the same JSON.
 *
 * Environment: BENCH_QUICK=1 skips the 100k set; BENCH_REF_THREADS (default 1, like Accord) sets the
 * reference's OpenMP/BLAS threads; BENCH_PYTHON overrides /usr/bin/python3; BENCH_STABILITY_ONLY=1 runs
 * the map-stability section alone (no Python needed).
 * Internal: `node --import tsx tests/bench/consensus.bench.ts --worker <dir> <runs>` is the Accord child,
 * `… --stability <dir> <runs>` the map-stability child.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { indexVotes } from "../../app/consensus/engine";
import { computeMapStability, type MapStability } from "../../app/consensus/map-stability";
import { computeMatrixFactorisation, fitMatrixFactorisation, prepareMfData } from "../../app/consensus/matrix-factorisation";
import { computeRobustness, finishRobustness, prepareRobustness, type RobustnessInput } from "../../app/consensus/robustness";
import { computeOpinionGroups, kmeans, opinionMapBasis } from "../../app/consensus/opinion-groups";
import { createMapStabilityPool } from "../../app/consensus/parallel/map-stability-pool.server";
import { buildSparseMatrix, type CompactVotes } from "../../app/consensus/sparse-matrix";
import { adjustedRandIndex, seededRandom } from "../../app/consensus/stats";
import { parsePolisExport } from "../../app/interop/polis-format";

/** Debian's interpreter, which has python3-sklearn (the pyenv `python3` on PATH does not) */
const PYTHON = process.env.BENCH_PYTHON ?? "/usr/bin/python3";
const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, "../..");
const SELF = fileURLToPath(import.meta.url);
const REFERENCE = path.join(here, "reference_consensus.py");

// ---------------------------------------------------------------------------------------------
// Raw array files shared by both sides

function writeDataSet(dir: string, v: CompactVotes) {
  const raw = (a: Int32Array | Int8Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength);
  writeFileSync(path.join(dir, "meta.json"), JSON.stringify({ participants: v.participantCount, statements: v.statementCount, votes: v.rows.length }));
  writeFileSync(path.join(dir, "rows.i32"), raw(v.rows));
  writeFileSync(path.join(dir, "cols.i32"), raw(v.cols));
  writeFileSync(path.join(dir, "values.i8"), raw(v.values));
}

function readBytes(file: string): ArrayBuffer {
  const b = readFileSync(file);
  return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;
}

function readDataSet(dir: string): CompactVotes {
  const meta = JSON.parse(readFileSync(path.join(dir, "meta.json"), "utf8")) as { participants: number; statements: number };
  return {
    participantCount: meta.participants,
    statementCount: meta.statements,
    rows: new Int32Array(readBytes(path.join(dir, "rows.i32"))),
    cols: new Int32Array(readBytes(path.join(dir, "cols.i32"))),
    values: new Int8Array(readBytes(path.join(dir, "values.i8"))),
  };
}

// ---------------------------------------------------------------------------------------------
// Worker: the Accord side for one data set, in a process of its own

/** untimed runs after the cold one, on both sides: at most this many, and no more once this much time is spent */
const WARMUP_RUNS = 10;
const WARMUP_MS = 500;

interface WorkerResult {
  ms: number[];
  cpuMs: number[];
  buildMs: number[];
  coldMs: number;
  maxRssKb: number;
  baselineRssKb: number;
  k: number;
  silhouette: number | null;
  included: number;
  distinctVotes: number;
  baseKmeansMs: number;
}

function worker(dir: string, runs: number) {
  const votes = readDataSet(dir);
  const baselineRssKb = Math.round(process.memoryUsage().rss / 1024);
  const once = () => {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    const m = buildSparseMatrix(votes);
    const t1 = performance.now();
    const res = computeOpinionGroups(m);
    const t2 = performance.now();
    const c = process.cpuUsage(c0);
    return { m, res, ms: t2 - t0, buildMs: t1 - t0, cpuMs: (c.user + c.system) / 1000 };
  };
  const cold = once();
  const maxRssKb = process.resourceUsage().maxRSS; // KiB
  const warmStart = performance.now();
  for (let r = 0; r < WARMUP_RUNS && performance.now() - warmStart < WARMUP_MS; r++) once();
  const ms: number[] = [];
  const cpuMs: number[] = [];
  const buildMs: number[] = [];
  for (let r = 0; r < runs; r++) {
    const x = once();
    ms.push(x.ms);
    cpuMs.push(x.cpuMs);
    buildMs.push(x.buildMs);
  }
  // Diagnostic only (not in the timings): the engine's base k-means alone, same arguments and seed.
  const P = cold.res.included.length;
  const t0 = performance.now();
  if (P > 0) kmeans(cold.res.projection, null, P, Math.min(100, P), 20240310, 30);
  const baseKmeansMs = performance.now() - t0;
  writeFileSync(path.join(dir, "accord_included.i32"), Buffer.from(cold.res.included.buffer, cold.res.included.byteOffset, cold.res.included.byteLength));
  writeFileSync(path.join(dir, "accord_labels.i32"), Buffer.from(cold.res.assignment.buffer, cold.res.assignment.byteOffset, cold.res.assignment.byteLength));
  const out: WorkerResult = {
    ms,
    cpuMs,
    buildMs,
    coldMs: cold.ms,
    maxRssKb,
    baselineRssKb,
    k: cold.res.k,
    silhouette: cold.res.silhouette,
    included: P,
    distinctVotes: cold.m.values.length,
    baseKmeansMs,
  };
  process.stdout.write(JSON.stringify(out) + "\n");
}

// ---------------------------------------------------------------------------------------------
// Map-stability child: the bootstrap of one data set, in one thread and in a pool of 2 workers

const STABILITY_RESAMPLES = 100;
const STABILITY_WORKERS = 2;

interface StabilityResult {
  basisMs: number;
  singleColdMs: number;
  singleMs: number[];
  singleCpuMs: number[];
  poolStartMs: number;
  poolThreads: number;
  poolColdMs: number;
  poolMs: number[];
  identical: boolean;
  /** codification robustness and MF with its bootstrap: one thread, and their resamples in the pool (after a warm-up) */
  robustnessMs: number[];
  mfMs: number[];
  robustnessPoolMs: number[];
  mfPoolMs: number[];
  summary: Pick<MapStability, "k" | "kBySilhouette" | "stable" | "ari" | "groups" | "kStability">;
}

async function stabilityWorker(dir: string, runs: number) {
  const m = buildSparseMatrix(readDataSet(dir));
  let t0 = performance.now();
  const basis = opinionMapBasis(m);
  const basisMs = performance.now() - t0;
  const options = { resamples: STABILITY_RESAMPLES };
  t0 = performance.now();
  const reference = JSON.stringify(computeMapStability(basis, options));
  const singleColdMs = performance.now() - t0;
  const singleMs: number[] = [];
  const singleCpuMs: number[] = [];
  for (let r = 0; r < runs; r++) {
    const c0 = process.cpuUsage();
    t0 = performance.now();
    computeMapStability(basis, options);
    singleMs.push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    singleCpuMs.push((c.user + c.system) / 1000);
  }
  t0 = performance.now();
  const pool = createMapStabilityPool({ workers: STABILITY_WORKERS });
  const poolThreads = await pool.ready();
  const poolStartMs = performance.now() - t0;
  let identical = true;
  t0 = performance.now();
  let result = await pool.run(basis, options);
  const poolColdMs = performance.now() - t0;
  identical &&= JSON.stringify(result) === reference;
  const poolMs: number[] = [];
  for (let r = 0; r < runs; r++) {
    t0 = performance.now();
    result = await pool.run(basis, options);
    poolMs.push(performance.now() - t0);
    identical &&= JSON.stringify(result) === reference;
  }
  // the rest of the robustness suite: the codification checks (6 declared groups, 5 regions,
  // assigned round-robin: groups unrelated to the votes, the hardest case for "robust") and bridging
  // by matrix factorisation with its bootstrap; the prepared parts (and MF's full fit) in this
  // thread, the bootstraps' resamples in one thread and in the same pool
  const G = 6;
  const R = 5;
  const robustnessInput: RobustnessInput = {
    matrix: m,
    statementIds: Array.from({ length: m.statementCount }, (_, j) => `s${j}`),
    groups: Array.from({ length: G }, (_, g) => ({ id: `g${g}`, targetShare: 1 / G })),
    groupOf: Array.from({ length: m.participantCount }, (_, i) => `g${i % G}`),
    regions: Array.from({ length: R }, (_, r) => ({ id: `r${r}` })),
    regionOf: Array.from({ length: m.participantCount }, (_, i) => `r${(i * 7) % R}`),
  };
  const suite = { robustnessMs: [] as number[], mfMs: [] as number[], robustnessPoolMs: [] as number[], mfPoolMs: [] as number[] };
  const resampled = { resamples: STABILITY_RESAMPLES };
  for (let r = 0; r <= runs; r++) {
    t0 = performance.now();
    const robustSingle = JSON.stringify(computeRobustness(robustnessInput, resampled));
    const t1 = performance.now();
    const mfSingle = JSON.stringify(computeMatrixFactorisation(m, resampled));
    const t2 = performance.now();
    const prepared = prepareRobustness(robustnessInput, resampled);
    const robustPooled = JSON.stringify(finishRobustness(prepared, await pool.classes(prepared.plan)));
    const t3 = performance.now();
    const data = prepareMfData(m, resampled);
    const mfPooled = JSON.stringify(await pool.mf(data, fitMatrixFactorisation(data)));
    const t4 = performance.now();
    identical &&= robustSingle === robustPooled && mfSingle === mfPooled;
    if (r === 0) continue; // warm-up
    suite.robustnessMs.push(t1 - t0);
    suite.mfMs.push(t2 - t1);
    suite.robustnessPoolMs.push(t3 - t2);
    suite.mfPoolMs.push(t4 - t3);
  }
  await pool.close();
  const { k, kBySilhouette, stable, ari, groups, kStability } = result;
  const out: StabilityResult = { basisMs, singleColdMs, singleMs, singleCpuMs, poolStartMs, poolThreads, poolColdMs, poolMs, identical, ...suite, summary: { k, kBySilhouette, stable, ari, groups, kStability } };
  process.stdout.write(JSON.stringify(out) + "\n");
}

function printStability(name: string, st: StabilityResult, accordMs: number | null, refMs: number | null) {
  const single = stats(st.singleMs).median;
  const pooled = stats(st.poolMs).median;
  const { k, kBySilhouette, stable, ari, groups, kStability } = st.summary;
  console.log(`\nMap stability (decision 054), ${name}, ${STABILITY_RESAMPLES} resamples (participant bootstrap, warm-started PCA, every k in 2…5):`);
  if (accordMs !== null) console.log(`  for reference, the map itself: computeOpinionGroups ${fmtMs(accordMs)} (table above)${refMs !== null ? `, Python reference ${fmtMs(refMs)}` : ""}; opinionMapBasis in this child ${fmtMs(st.basisMs)}`);
  else console.log(`  for reference, the map itself: opinionMapBasis ${fmtMs(st.basisMs)} (not counted below)`);
  console.log(`  single thread (computeMapStability):      ${fmtSpread(st.singleMs)}, CPU ${fmtMs(stats(st.singleCpuMs).median)}; first (cold) run ${fmtMs(st.singleColdMs)}`);
  console.log(`  worker pool (${STABILITY_WORKERS} workers, started):      ${fmtSpread(st.poolMs)}; first run ${fmtMs(st.poolColdMs)}; pool start ${fmtMs(st.poolStartMs)} (${st.poolThreads} threads)`);
  console.log(`  speed-up ${(single / pooled).toFixed(2)}× (medians); same JSON in both: ${st.identical ? "✓" : "✗"}`);
  console.log(`  result: k ${k} (silhouette ${kBySilhouette}), ${stable ? "stable" : "unstable"}; ARI median ${ari?.median} [p10 ${ari?.p10}, p90 ${ari?.p90}]; group stability ${groups.map((g) => g.stability).join(" / ")}; k by resample ${kStability?.map((x) => `${x.k}: ${x.share}`).join(", ")}`);
  console.log(`  goal (printed, not asserted): ≤ 1.2 s with ${STABILITY_WORKERS} workers → ${fmtMs(pooled)} ${pooled <= 1200 ? "✓" : "✗"}`);
  const robust = stats(st.robustnessMs).median;
  const mf = stats(st.mfMs).median;
  const robustPool = stats(st.robustnessPoolMs).median;
  const mfPool = stats(st.mfPoolMs).median;
  console.log(`\nThe robustness suite (issue 14), ${name}, ${STABILITY_RESAMPLES} resamples each; one thread | resamples in the pool of ${STABILITY_WORKERS}:`);
  console.log(`  map stability:                    ${fmtSpread(st.singleMs)} | ${fmtSpread(st.poolMs)}`);
  console.log(`  codification robustness:          ${fmtSpread(st.robustnessMs)} | ${fmtSpread(st.robustnessPoolMs)}  (6 groups, 5 regions, 3 weightings, bootstrap)`);
  console.log(`  bridging by MF (fit + bootstrap): ${fmtSpread(st.mfMs)} | ${fmtSpread(st.mfPoolMs)}`);
  const total = pooled + robustPool + mfPool;
  const totalSingle = single + robust + mf;
  console.log(`  total ${fmtMs(totalSingle)} in one thread, ${fmtMs(total)} with the pool: speed-up ${(totalSingle / total).toFixed(2)}× (medians); same JSON both ways: ${st.identical ? "✓" : "✗"}${accordMs !== null ? `; ${(total / accordMs).toFixed(1)}× the map itself` : ""}`);
  console.log(`  goal (printed, not asserted): < 2 s with worker threads → ${fmtMs(total)} ${total < 2000 ? "✓" : "✗"}`);
}

function runStability(dir: string): StabilityResult {
  return JSON.parse(runChild(process.execPath, ["--import", "tsx", SELF, "--stability", dir, "5"], "map-stability child")) as StabilityResult;
}

// ---------------------------------------------------------------------------------------------
// Data sets

interface DataSet {
  name: string;
  votes: CompactVotes;
  /** participant index → planted or Polis group, where known */
  truth: Map<number, string>;
  truthLabel: "planted" | "Polis";
  runs: number;
}

/** P × S with planted structure; each cell voted with probability ≈ density (geometric skipping). */
function synthetic(name: string, P: number, S: number, density: number, seed: number, runs: number): DataSet {
  const rand = seededRandom(seed);
  const G = 3;
  const share = [0.45, 0.35, 0.2];
  const pref = Array.from({ length: G }, () => Int8Array.from({ length: S }, () => (rand() < 0.5 ? 1 : -1)));
  let cap = Math.ceil(P * S * density * 1.1) + 1024;
  let rows = new Int32Array(cap);
  let cols = new Int32Array(cap);
  let values = new Int8Array(cap);
  let n = 0;
  const truth = new Map<number, string>();
  for (let i = 0; i < P; i++) {
    const u = rand();
    const g = u < share[0]! ? 0 : u < share[0]! + share[1]! ? 1 : 2;
    truth.set(i, String(g));
    const d = Math.min(1, density * (0.25 + 1.5 * rand()));
    const logq = Math.log(1 - d);
    for (let j = -1; ; ) {
      j += d >= 1 ? 1 : 1 + Math.floor(Math.log(1 - rand()) / logq);
      if (j >= S) break;
      if (n === cap) {
        cap *= 2;
        const grow = <T extends Int32Array | Int8Array>(a: T, make: (len: number) => T) => {
          const b = make(cap);
          b.set(a);
          return b;
        };
        rows = grow(rows, (l) => new Int32Array(l));
        cols = grow(cols, (l) => new Int32Array(l));
        values = grow(values, (l) => new Int8Array(l));
      }
      const r = rand();
      const p = pref[g]![j]!;
      rows[n] = i;
      cols[n] = j;
      values[n] = r < 0.7 ? p : r < 0.85 ? -p : 0;
      n++;
    }
  }
  // shuffle into an interleaved "chronological" order (Fisher–Yates)
  for (let a = n - 1; a > 0; a--) {
    const b = Math.floor(rand() * (a + 1));
    const r = rows[a]!, c = cols[a]!, v = values[a]!;
    rows[a] = rows[b]!;
    cols[a] = cols[b]!;
    values[a] = values[b]!;
    rows[b] = r;
    cols[b] = c;
    values[b] = v;
  }
  return {
    name,
    votes: { participantCount: P, statementCount: S, rows: rows.slice(0, n), cols: cols.slice(0, n), values: values.slice(0, n) },
    truth,
    truthLabel: "planted",
    runs,
  };
}

function polisFixture(dir: string): DataSet {
  const read = (f: string) => (existsSync(path.join(dir, f)) ? readFileSync(path.join(dir, f), "utf8") : null);
  const exported = parsePolisExport({ comments: read("comments.csv")!, votes: read("votes.csv"), participantsVotes: read("participants-votes.csv") });
  const indexed = indexVotes(
    exported.votes.map((v) => ({ participantId: v.voterId, statementId: v.commentId, value: v.vote })),
    exported.comments.map((c) => c.id),
  );
  const truth = new Map<number, string>();
  indexed.participantIds.forEach((id, i) => {
    const g = exported.polisGroups.get(id);
    if (g !== undefined) truth.set(i, g);
  });
  return { name: `polis/${path.basename(dir)}`, votes: indexed.compact, truth, truthLabel: "Polis", runs: 5 };
}

// ---------------------------------------------------------------------------------------------
// Main: generate, run both sides per data set, compare, print

interface RefResult {
  ms: number[];
  cpu_ms: number[];
  cold_ms: number;
  maxrss_kb: number;
  baseline_rss_kb: number;
  k: number;
  silhouette: number | null;
  included: number;
  phases_ms: Record<string, number>;
  included_path: string;
  labels_path: string;
}

const stats = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return { median: s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2, min: s[0]!, max: s[s.length - 1]! };
};
const fmtMs = (ms: number) => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : ms >= 10 ? `${ms.toFixed(0)} ms` : `${ms.toFixed(1)} ms`);
const fmtSpread = (xs: number[]) => {
  const s = stats(xs);
  return `${fmtMs(s.median)} [${fmtMs(s.min).replace(/ (m?s)$/, "")}–${fmtMs(s.max)}]`;
};
const fmtMb = (kb: number) => `${(kb / 1024).toFixed(0)} MB`;
const fmtInt = (n: number) => n.toLocaleString("en-US");

function ariOn(indices: Int32Array, labels: Int32Array, other: Map<number, string>): number | null {
  const a: number[] = [];
  const b: string[] = [];
  for (let r = 0; r < indices.length; r++) {
    const g = other.get(indices[r]!);
    if (g !== undefined) {
      a.push(labels[r]!);
      b.push(g);
    }
  }
  return a.length >= 2 ? adjustedRandIndex(a, b) : null;
}
const fmtAri = (x: number | null) => (x === null ? "–" : x.toFixed(3));

function checkPython() {
  const probe = spawnSync(PYTHON, ["-c", "import numpy, scipy, sklearn; print(sklearn.__version__, numpy.__version__, scipy.__version__)"], { encoding: "utf8" });
  if (probe.error || probe.status !== 0) {
    console.error(
      `The Python reference cannot run: ${PYTHON} with numpy, scipy and scikit-learn is needed.\n` +
        `Install it with: sudo apt-get install -y python3-sklearn   (it brings numpy and scipy)\n` +
        (probe.error ? String(probe.error) : probe.stderr.trim()),
    );
    process.exit(1);
  }
  const [sk, np, sc] = probe.stdout.trim().split(" ");
  return `scikit-learn ${sk}, numpy ${np}, scipy ${sc}`;
}

function runChild(cmd: string, args: string[], what: string, env: NodeJS.ProcessEnv = process.env): string {
  const res = spawnSync(cmd, args, { cwd: root, encoding: "utf8", maxBuffer: 64 << 20, env });
  if (res.error || res.status !== 0) throw new Error(`${what} failed (exit ${res.status}):\n${res.error ?? res.stderr}`);
  return res.stdout.trim().split("\n").pop()!;
}

async function main() {
  const quick = process.env.BENCH_QUICK === "1";
  // Accord runs on one thread; so does the reference unless BENCH_REF_THREADS says otherwise (OpenMP
  // in sklearn's KMeans and BLAS would otherwise use both cores, and spin badly when the machine is busy).
  const refThreads = String(Math.max(1, Number(process.env.BENCH_REF_THREADS ?? 1) || 1));
  const refEnv = { ...process.env, OMP_NUM_THREADS: refThreads, OPENBLAS_NUM_THREADS: refThreads, MKL_NUM_THREADS: refThreads };
  const versions = checkPython();
  const started = performance.now();

  const makers: (() => DataSet)[] = [
    () => synthetic("synthetic 1k×100 @30%", 1_000, 100, 0.3, 101, 5),
    () => synthetic("synthetic 10k×1k @5%", 10_000, 1_000, 0.05, 102, 5),
  ];
  if (!quick) makers.push(() => synthetic("synthetic 100k×2k @1%", 100_000, 2_000, 0.01, 103, 3));
  const fixtureRoot = path.join(root, "tests/fixtures/polis");
  for (const d of readdirSync(fixtureRoot, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name).sort()) {
    makers.push(() => polisFixture(path.join(fixtureRoot, d)));
  }

  console.log(`Accord consensus benchmark: buildSparseMatrix + computeOpinionGroups vs the same algorithm in Python (${versions}, ${PYTHON})`);
  console.log(`Reference threads: ${refThreads} (BENCH_REF_THREADS; Accord is single-threaded). Load average at start: ${loadavg().map((x) => x.toFixed(2)).join(" ")} on ${cpus().length} cores.`);
  console.log(`Node ${process.version}; each side in its own child process per data set: 1 cold run (peak RSS read after it), warm-up (≤ ${WARMUP_RUNS} runs / ${WARMUP_MS} ms), then 5 timed runs (3 for 100k).${quick ? " BENCH_QUICK=1: 100k set skipped." : ""}\n`);

  const tmp = mkdtempSync(path.join(tmpdir(), "accord-consensus-bench-"));
  const rows: string[][] = [];
  const notes: string[] = [];
  const goals: Record<string, { accord: WorkerResult; ref: RefResult }> = {};
  let stability: { name: string; result: StabilityResult; accordMs: number; refMs: number } | null = null;
  try {
    for (const [i, make] of makers.entries()) {
      const ds = make();
      const dir = path.join(tmp, String(i));
      rmSync(dir, { recursive: true, force: true });
      mkdirSync(dir);
      writeDataSet(dir, ds.votes);
      process.stderr.write(`… ${ds.name}: ${fmtInt(ds.votes.rows.length)} votes — Accord`);
      const accord = JSON.parse(runChild(process.execPath, ["--import", "tsx", SELF, "--worker", dir, String(ds.runs)], `Accord worker on ${ds.name}`)) as WorkerResult;
      process.stderr.write(` ${fmtMs(stats(accord.ms).median)}, reference`);
      const ref = JSON.parse(runChild(PYTHON, [REFERENCE, dir, String(ds.runs), String(WARMUP_RUNS), String(WARMUP_MS)], `Python reference on ${ds.name}`, refEnv)) as RefResult;
      process.stderr.write(` ${fmtMs(stats(ref.ms).median)}\n`);

      const aInc = new Int32Array(readBytes(path.join(dir, "accord_included.i32")));
      const aLab = new Int32Array(readBytes(path.join(dir, "accord_labels.i32")));
      const rInc = new Int32Array(readBytes(ref.included_path));
      const rLab = new Int32Array(readBytes(ref.labels_path));
      const refMap = new Map<number, string>();
      rInc.forEach((p, r) => refMap.set(p, String(rLab[r]!)));
      const ariRef = ariOn(aInc, aLab, refMap);
      const ariTruth = ariOn(aInc, aLab, ds.truth);
      const refTruth = ariOn(rInc, rLab, ds.truth);
      const ratio = stats(ref.ms).median / stats(accord.ms).median;
      const cpuRatio = stats(ref.cpu_ms).median / stats(accord.cpuMs).median;
      const { P, S } = { P: ds.votes.participantCount, S: ds.votes.statementCount };
      rows.push([
        ds.name,
        `${fmtInt(P)}×${fmtInt(S)}`,
        fmtInt(ds.votes.rows.length),
        fmtSpread(accord.ms),
        fmtMs(accord.coldMs),
        `${fmtMb(accord.maxRssKb)} (+${fmtMb(accord.maxRssKb - accord.baselineRssKb)})`,
        fmtSpread(ref.ms),
        `${fmtMb(ref.maxrss_kb)} (+${fmtMb(ref.maxrss_kb - ref.baseline_rss_kb)})`,
        `${ratio.toFixed(1)}×`,
        `${cpuRatio.toFixed(1)}×`,
        `${accord.k}/${ref.k}`,
        fmtAri(ariRef),
        `${fmtAri(ariTruth)} ${ds.truthLabel}`,
        fmtAri(refTruth),
      ]);
      const build = stats(accord.buildMs).median;
      const phases = Object.entries(ref.phases_ms).map(([k, v]) => `${k} ${fmtMs(v)}`).join(", ");
      notes.push(
        `${ds.name}: included ${fmtInt(accord.included)}/${fmtInt(P)} (ref ${fmtInt(ref.included)}), distinct votes ${fmtInt(accord.distinctVotes)}; ` +
          `Accord CPU ${fmtMs(stats(accord.cpuMs).median)} vs ref CPU ${fmtMs(stats(ref.cpu_ms).median)}; Accord buildSparseMatrix ${fmtMs(build)} + computeOpinionGroups ${fmtMs(stats(accord.ms).median - build)} (base k-means alone ≈ ${fmtMs(accord.baseKmeansMs)}); ` +
          `silhouette ${accord.silhouette?.toFixed(3) ?? "–"} vs ref ${ref.silhouette?.toFixed(3) ?? "–"}; reference phases: ${phases}`,
      );
      if (ds.name.includes("10k×1k") || ds.name.includes("100k×2k")) goals[ds.name] = { accord, ref };
      if (ds.name.includes("10k×1k")) {
        process.stderr.write(`… ${ds.name}: map stability`);
        stability = { name: ds.name, result: runStability(dir), accordMs: stats(accord.ms).median, refMs: stats(ref.ms).median };
        process.stderr.write(` ${fmtMs(stats(stability.result.poolMs).median)} with ${STABILITY_WORKERS} workers\n`);
      }
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }

  const header = ["data set", "P×S", "votes", "Accord median [min–max]", "1st (cold)", "peak RSS (Δ)", "reference median [min–max]", "ref peak RSS (Δ)", "ref/Accord", "CPU ratio", "k A/ref", "ARI(A,ref)", "ARI(A,Polis|planted)", "ARI(ref,same)"];
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c]!.length)));
  const right = new Set([1, 2, 4, 8, 9, 10, 11]);
  const fmtRow = (r: string[]) => r.map((cell, c) => (right.has(c) ? cell.padStart(widths[c]!) : cell.padEnd(widths[c]!))).join("  ");
  console.log(fmtRow(header));
  console.log(widths.map((w) => "─".repeat(w)).join("  "));
  for (const r of rows) console.log(fmtRow(r));
  console.log("\nref/Accord = reference median ÷ Accord median (\"Accord is N× faster\"), wall clock; CPU ratio = the same with CPU-time medians (user + system). Peak RSS = maxRSS of the child process after loading the data and one computation; Δ = over its RSS with the data loaded.");
  console.log("ARI(A,ref): Accord's groups vs the reference's; ARI(A,Polis|planted): vs Polis's group-id (participants-votes.csv, participants Polis grouped) or the planted latent group; ARI(ref,same): the reference vs that same column.\n");
  console.log("Goals (printed, not asserted):");
  const g10 = Object.entries(goals).find(([n]) => n.includes("10k×1k"));
  if (g10) {
    const [, { accord, ref }] = g10;
    const med = stats(accord.ms).median;
    const ratio = stats(ref.ms).median / med;
    console.log(`  10k×1k @5%:  ≤ 1 s → ${fmtMs(med)} ${med <= 1000 ? "✓" : "✗"};  ≥ 5× faster than the reference → ${ratio.toFixed(1)}× ${ratio >= 5 ? "✓" : "✗"}`);
  }
  const g100 = Object.entries(goals).find(([n]) => n.includes("100k×2k"));
  if (g100) {
    const [, { accord }] = g100;
    const med = stats(accord.ms).median;
    console.log(`  100k×2k @1%: ≤ 5 s → ${fmtMs(med)} ${med <= 5000 ? "✓" : "✗"};  within 1 GB → peak RSS ${fmtMb(accord.maxRssKb)} ${accord.maxRssKb <= 1024 * 1024 ? "✓" : "✗"}`);
  } else console.log("  100k×2k @1%: ≤ 5 s within 1 GB → skipped (BENCH_QUICK=1)");
  if (stability) printStability(stability.name, stability.result, stability.accordMs, stability.refMs);
  console.log("\nDetails:");
  for (const n of notes) console.log(`  ${n}`);
  console.log(`\nLoad average at end: ${loadavg().map((x) => x.toFixed(2)).join(" ")} (other work on this ${cpus().length}-core machine widens the spreads).`);
  console.log(`Total benchmark wall time ${fmtMs(performance.now() - started)}.`);
}

/** BENCH_STABILITY_ONLY=1: the map-stability section alone, on the 10k×1k @5% set. */
function stabilityOnly() {
  console.log(`Accord map-stability benchmark. Node ${process.version}; load average at start: ${loadavg().map((x) => x.toFixed(2)).join(" ")} on ${cpus().length} cores.`);
  const tmp = mkdtempSync(path.join(tmpdir(), "accord-stability-bench-"));
  try {
    const ds = synthetic("synthetic 10k×1k @5%", 10_000, 1_000, 0.05, 102, 5);
    writeDataSet(tmp, ds.votes);
    printStability(ds.name, runStability(tmp), null, null);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  console.log(`\nLoad average at end: ${loadavg().map((x) => x.toFixed(2)).join(" ")}.`);
}

const fail = (error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
};
if (process.argv[2] === "--worker") worker(process.argv[3]!, Number(process.argv[4]));
else if (process.argv[2] === "--stability") await stabilityWorker(process.argv[3]!, Number(process.argv[4])).catch(fail);
else if (process.env.BENCH_STABILITY_ONLY === "1") stabilityOnly();
else await main().catch(fail);
