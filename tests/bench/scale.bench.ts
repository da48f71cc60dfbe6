/**
 * Scale-out, measured (issue 10): the same votes over HTTP through
 *   (a) one instance on SQLite (the embedded default) — the reference,
 *   (b) one instance on PostgreSQL + Redis,
 *   (c) two instances on one PostgreSQL + one Redis, requests alternating between them,
 * all real server processes of the production build, same load generator, same run; then a
 * comment's fan-out through (c): posted over HTTP to A, timed until every reader has it, with
 * the readers on B vs the readers on A.
 *
 * The load generator runs in this process, on the same two cores as the servers: what two
 * instances add here is bounded by the cores they share. PostgreSQL runs as the test cluster
 * does (fsync off; SQLite runs WAL with synchronous=NORMAL, which does not sync each commit either).
 *
 *   npm run bench:scale      (BENCH_VOTES=4000 BENCH_CONCURRENCY=32 BENCH_READERS=50 to change sizes)
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import * as Y from "yjs";
import { createDatabase, type DatabaseConfig, type DB } from "../../db/connection";
import { createAppContext } from "../../app/context/app-context.server";
import { getEnv } from "../../app/env.server";
import { COMMENTS_MAP, commentsDocName } from "../../app/collab/document-names";
import { connect, destroy, peers, synced } from "../helpers/collab-peers";
import { collabToken } from "../helpers/collab-tokens";
import { startInstances, startServerProcess, type Instance, type Instances } from "../helpers/instances";
import { startPgCluster } from "../helpers/pg-cluster";
import { findRedisServer } from "../helpers/redis-server";
import { runLoad, type LoadResult } from "./http-load";
import { seedVotingFixture, type VotingFixture } from "./scale-fixture";
import { fmt, percentile } from "./stats";

const VOTES = Number(process.env.BENCH_VOTES ?? 4000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 32);
const PARTICIPANTS = Number(process.env.BENCH_PARTICIPANTS ?? 400);
const PROPOSALS = Number(process.env.BENCH_PROPOSALS ?? 20);
const READERS = Number(process.env.BENCH_READERS ?? 50);
const COMMENTS = Number(process.env.BENCH_COMMENTS ?? 20);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const SECRET = "accord-bench-session-secret-0123456789abcdef";
process.env.SESSION_SECRET = SECRET;

if (!findRedisServer()) throw new Error("bench:scale needs redis-server (Debian's redis-server package) and PostgreSQL (postgresql).");

/** One vote per request through the ballot's form post (no JavaScript): 302 when stored. */
function voter(fixture: VotingFixture, bases: string[], offset: number) {
  return async (i: number) => {
    const n = i + offset;
    const base = bases[n % bases.length]!;
    const cookie = fixture.cookies[n % fixture.cookies.length]!;
    const versionId = fixture.versionIds[Math.floor(n / fixture.cookies.length) % fixture.versionIds.length]!;
    const res = await fetch(`${base}/d/${fixture.deliberationId}/vote`, {
      method: "POST",
      redirect: "manual",
      headers: { Cookie: cookie, Origin: base, "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ versionId, choice: n % 3 === 0 ? "disagree" : "agree", confidence: String((n % 5) + 1), next: "0" }),
    });
    await res.arrayBuffer();
    return res.status === 302;
  };
}

interface Setup {
  label: string;
  bases: string[];
  db: DB;
  fixture: VotingFixture;
  stop: () => Promise<void>;
}

async function seeded(label: string, bases: string[], database: DatabaseConfig, stop: () => Promise<void>): Promise<Setup> {
  const db = createDatabase(database);
  const fixture = await seedVotingFixture(db, { participants: PARTICIPANTS, proposals: PROPOSALS, sessionSecret: SECRET });
  return { label, bases, db, fixture, stop: async () => { await db.destroy(); await stop(); } };
}

const pg = await startPgCluster();
process.env.ACCORD_TEST_PG_URL = pg.url("").replace(/\/$/, "");
process.env.TEST_DATABASE = "postgres";
const setups: Setup[] = [];
try {
  console.log(`Accord scale benchmark: ${VOTES} votes per run over HTTP (form post), concurrency ${CONCURRENCY}, ${RUNS} runs per setup; ${PARTICIPANTS} participants × ${PROPOSALS} red lines\n`);
  const dir = mkdtempSync(path.join(tmpdir(), "accord-bench-scale-"));
  const file = path.join(dir, "accord.db");
  const sqliteEnv = { NODE_ENV: "production", PORT: "0", HOST: "127.0.0.1", DATABASE_PATH: file, DATABASE_URL: "", REDIS_URL: "", SESSION_SECRET: SECRET, LOG_LEVEL: "info", SEED_DEMO: "false" };
  const lone: Instance = await startServerProcess(sqliteEnv);
  setups.push(await seeded("1 instance, SQLite", [lone.url], { path: file }, async () => {
    lone.child.kill("SIGTERM");
    await lone.exited;
    rmSync(dir, { recursive: true, force: true });
  }));
  const one: Instances = await startInstances(1, { SEED_DEMO: "false" });
  setups.push(await seeded("1 instance, PostgreSQL + Redis", [one.url(0)], one.database, () => one.stopAll()));
  const two: Instances = await startInstances(2, { SEED_DEMO: "false" });
  setups.push(await seeded("2 instances, PostgreSQL + Redis", [two.url(0), two.url(1)], two.database, () => two.stopAll()));

  // warm every server's code paths, then interleave the runs so drift on the machine hits each setup alike
  for (const s of setups) await runLoad({ total: 300, concurrency: CONCURRENCY, send: voter(s.fixture, s.bases, 10_000_000) });
  const results = new Map<string, LoadResult[]>(setups.map((s) => [s.label, []]));
  for (let r = 0; r < RUNS; r++) {
    for (const s of setups) results.get(s.label)!.push(await runLoad({ total: VOTES, concurrency: CONCURRENCY, send: voter(s.fixture, s.bases, r * VOTES) }));
  }
  const median = (xs: number[]) => percentile([...xs].sort((a, b) => a - b), 50);
  const summary = (label: string) => {
    const rs = results.get(label)!;
    return { perSecond: median(rs.map((x) => x.perSecond)), low: Math.min(...rs.map((x) => x.perSecond)), high: Math.max(...rs.map((x) => x.perSecond)), p50: median(rs.map((x) => x.p50)), p99: median(rs.map((x) => x.p99)), failures: rs.reduce((n, x) => n + x.failures, 0) };
  };
  const ref = summary(setups[0]!.label);
  console.log("Votes (median of runs [lowest–highest]; p50/p99 latency, medians of runs):");
  for (const s of setups) {
    const x = summary(s.label);
    console.log(
      `  ${s.label.padEnd(34)} ${x.perSecond.toFixed(0).padStart(5)} votes/s [${x.low.toFixed(0)}–${x.high.toFixed(0)}]  p50 ${fmt(x.p50).padStart(8)}  p99 ${fmt(x.p99).padStart(8)}  ` +
        `throughput ${(x.perSecond / ref.perSecond).toFixed(2)}× SQLite, time per vote ${(ref.perSecond / x.perSecond).toFixed(2)}× SQLite` +
        (x.failures ? `  (${x.failures} FAILED requests)` : ""),
    );
  }
  const [, onePg, twoPg] = setups.map((s) => summary(s.label));
  console.log(`  two instances vs one on PostgreSQL: ${(twoPg!.perSecond / onePg!.perSecond).toFixed(2)}× the throughput (2 cores shared by both servers, PostgreSQL, Redis and the load generator)\n`);

  // Comment fan-out through the two instances: readers on B vs readers on A, a comment posted to A.
  const two2 = setups[2]!;
  const [a, b] = two2.bases as [string, string];
  await two2.db.updateTable("rounds").set({ phase: "discussing" }).where("deliberation_id", "=", two2.fixture.deliberationId).execute();
  const app = createAppContext({ db: two2.db, config: getEnv() });
  const proposal = await two2.db.selectFrom("proposals").select("id").where("deliberation_id", "=", two2.fixture.deliberationId).orderBy("id").executeTakeFirstOrThrow();
  const members = await two2.db.selectFrom("memberships").select("id").where("deliberation_id", "=", two2.fixture.deliberationId).orderBy("id").limit(READERS * 2).execute();
  const fanOut = async (readersAt: string, offset: number) => {
    const readers = await Promise.all(members.slice(offset, offset + READERS).map(async (m, i) => connect(readersAt, commentsDocName(proposal.id), await collabToken(app, m.id), { label: `reader ${i}` })));
    await synced(...readers);
    const samples: number[] = [];
    for (let c = 0; c < COMMENTS + 2; c++) {
      const body = `Fan-out ${readersAt === a ? "A" : "B"} ${c} ${Math.random().toString(36).slice(2)}`;
      const arrived = readers.map(
        (r) =>
          new Promise<number>((resolve) => {
            const map = r.doc.getMap(COMMENTS_MAP);
            const seen = () => [...map.values()].some((x) => (x as { body?: string }).body === body);
            const observer = (_e: Y.YMapEvent<unknown>) => {
              if (seen()) {
                map.unobserve(observer);
                resolve(performance.now());
              }
            };
            map.observe(observer);
          }),
      );
      const t0 = performance.now();
      const res = await fetch(`${a}/d/${two2.fixture.deliberationId}/proposals/${proposal.id}`, {
        method: "POST",
        redirect: "manual",
        headers: { Cookie: two2.fixture.cookies[c % two2.fixture.cookies.length]!, Origin: a, "Content-Type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ intent: "comment", stance: "supports", body }),
      });
      await res.arrayBuffer();
      if (res.status !== 302) throw new Error(`posting a comment answered ${res.status}`);
      const last = Math.max(...(await Promise.all(arrived)));
      if (c >= 2) samples.push(last - t0); // two warm-up comments
    }
    for (const r of readers) destroy(r);
    const sorted = samples.sort((x, y) => x - y);
    return { p50: percentile(sorted, 50), p99: percentile(sorted, 99), min: sorted[0]!, max: sorted[sorted.length - 1]! };
  };
  const local = await fanOut(a, 0);
  const remote = await fanOut(b, READERS);
  console.log(`Comment fan-out, posted over HTTP to A until all ${READERS} readers have it (${COMMENTS} comments each):`);
  console.log(`  readers on A (same instance)     p50 ${fmt(local.p50).padStart(8)}  p99 ${fmt(local.p99).padStart(8)}  [${fmt(local.min)}–${fmt(local.max)}]`);
  console.log(`  readers on B (through Redis)     p50 ${fmt(remote.p50).padStart(8)}  p99 ${fmt(remote.p99).padStart(8)}  [${fmt(remote.min)}–${fmt(remote.max)}]  ratio p50 ${(remote.p50 / local.p50).toFixed(2)}×, p99 ${(remote.p99 / local.p99).toFixed(2)}× readers on A`);
} finally {
  for (const p of [...peers]) destroy(p);
  for (const s of setups) await s.stop().catch(() => {});
  pg.stop();
}
