/**
 * Votes over HTTP (part of `npm run bench:votes`): the production build as a real server process on
 * a fresh SQLite file with the demo seeded, new signed-in participants voting on the demo's ballot,
 * each vote a new row cast as a browser does (tests/bench/http-voter.ts) — with JavaScript (fetcher)
 * and without — at 8 and 32 voters at once, next to `/healthz` at the same concurrency in the same
 * run (the reference: the same server answering without touching the database). Runs interleave,
 * so drift on the machine hits every measure alike. At the end the rows stored must equal the votes
 * counted. The load generator shares the machine's cores with the server.
 */
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { createDatabase } from "../../db/connection";
import { startServerProcess } from "../helpers/instances";
import { runLoad, type LoadResult } from "./http-load";
import { planVote, voteCapacity, voteOverHttp, type VotePath } from "./http-voter";
import { seedDemoVoters } from "./scale-fixture";
import { fmt, percentile, recordRow } from "./stats";

const VOTES = Number(process.env.BENCH_HTTP_VOTES ?? 300);
const PROBES = Number(process.env.BENCH_HTTP_PROBES ?? 1000);
const RUNS = Number(process.env.BENCH_HTTP_RUNS ?? 3);
const WARMUP = 100;
const CONCURRENCIES = [8, 32];
const PATHS: VotePath[] = ["fetcher", "no-js"];
const SECRET = "accord-bench-session-secret-0123456789abcdef";
const METRICS_TOKEN = "accord-bench-metrics-token";
/** Targets (docs/decisions/042): 5,000 participants through the demo's 14 cards in 30 minutes; a save answered within a second. */
const TARGET_VOTES_PER_SECOND = 40;
const TARGET_P99_MS = 1000;

const median = (xs: number[]) => percentile([...xs].sort((a, b) => a - b), 50);
const spread = (xs: number[], digits = 0) => `${median(xs).toFixed(digits)} [${Math.min(...xs).toFixed(digits)}–${Math.max(...xs).toFixed(digits)}]`;

export async function benchVotesOverHttp(): Promise<void> {
  if (!existsSync("build/server/index.js")) throw new Error("bench:votes serves the production build: run `npm run build` first.");
  const dir = mkdtempSync(path.join(tmpdir(), "accord-bench-http-"));
  const file = path.join(dir, "accord.db");
  const server = await startServerProcess({ NODE_ENV: "production", PORT: "0", HOST: "127.0.0.1", DATABASE_PATH: file, DATABASE_URL: "", REDIS_URL: "", SESSION_SECRET: SECRET, LOG_LEVEL: "info", SEED_DEMO: "true", METRICS_TOKEN });
  const db = createDatabase({ path: file });
  try {
    const base = server.url;
    const needed = WARMUP * PATHS.length + RUNS * PATHS.length * CONCURRENCIES.length * VOTES;
    const fixture = await seedDemoVoters(db, { distinctVotes: needed, sessionSecret: SECRET });
    if (voteCapacity(fixture) < needed) throw new Error("not enough (voter, card) pairs for distinct votes");
    console.log(
      `\nVotes over HTTP: the demo's ballot (${fixture.versionIds.length} cards), ${fixture.cookies.length} new signed-in voters, ${VOTES} votes per run and path, ` +
        `${PROBES} /healthz per run, ${RUNS} runs; production build, SQLite, one server process`,
    );

    /** A counter of the server's /metrics, summed over its labels. */
    const metric = async (name: string) => {
      const res = await fetch(`${base}/metrics`, { headers: { Authorization: `Bearer ${METRICS_TOKEN}` } });
      const text = await res.text();
      if (res.status !== 200) throw new Error(`/metrics answered ${res.status}`);
      return text.split("\n").filter((l) => l.startsWith(`${name} `) || l.startsWith(`${name}{`)).reduce((s, l) => s + Number(l.split(" ").pop()), 0);
    };
    // Votes schedule a results recompute for after 1 s of quiet: wait for it before the next run,
    // so that no run (the /healthz reference above all) pays for the work of the one before.
    const settle = async () => {
      const before = await metric("accord_results_recompute_duration_seconds_count");
      for (const deadline = Date.now() + 20_000; Date.now() < deadline; await new Promise((r) => setTimeout(r, 100))) {
        if ((await metric("accord_results_recompute_duration_seconds_count")) > before) return;
      }
    };
    const castBefore = await metric("accord_votes_cast_total");

    let n = 0; // the next vote's number: every vote a new (voter, card) pair
    let counted = 0;
    const votes = async (votePath: VotePath, total: number, concurrency: number) => {
      const from = n;
      n += total;
      const r = await runLoad({ total, concurrency, send: (i) => voteOverHttp(base, votePath, planVote(fixture, from + i)) });
      counted += r.requests - r.failures;
      return r;
    };
    const healthz = (total: number, concurrency: number) =>
      runLoad({
        total,
        concurrency,
        send: async () => {
          const res = await fetch(`${base}/healthz`);
          await res.arrayBuffer();
          return res.status === 200;
        },
      });

    for (const p of PATHS) await votes(p, WARMUP, 8);
    await settle();
    await healthz(500, 8);
    const results = new Map<string, LoadResult[]>();
    const add = (key: string, r: LoadResult) => results.set(key, [...(results.get(key) ?? []), r]);
    for (let run = 0; run < RUNS; run++) {
      for (const c of CONCURRENCIES) {
        add(`healthz ${c}`, await healthz(PROBES, c));
        for (const p of PATHS) {
          add(`${p} ${c}`, await votes(p, VOTES, c));
          await settle();
        }
      }
    }

    console.log("median of runs [lowest–highest]; p50/p99 latency per vote (all its requests), medians of runs");
    for (const c of CONCURRENCIES) {
      const ref = results.get(`healthz ${c}`)!;
      console.log(`  /healthz, ${String(c).padStart(2)} at once      ${spread(ref.map((r) => r.perSecond)).padStart(20)} req/s    p50 ${fmt(median(ref.map((r) => r.p50))).padStart(8)}  p99 ${fmt(median(ref.map((r) => r.p99))).padStart(8)}`);
      for (const p of PATHS) {
        const rs = results.get(`${p} ${c}`)!;
        // per run, against the /healthz of the same run: how many probes' worth of time one vote takes
        const ratios = rs.map((r, i) => ref[i]!.perSecond / r.perSecond);
        const p50Ratios = rs.map((r, i) => r.p50 / ref[i]!.p50);
        const failures = rs.reduce((s, r) => s + r.failures, 0);
        const perSecond = median(rs.map((r) => r.perSecond));
        const p50 = median(rs.map((r) => r.p50));
        const p99 = median(rs.map((r) => r.p99));
        console.log(
          `  vote, ${p.padEnd(7)} ${String(c).padStart(2)} at once ${spread(rs.map((r) => r.perSecond)).padStart(20)} votes/s  p50 ${fmt(p50).padStart(8)}  p99 ${fmt(p99).padStart(8)} [${fmt(Math.min(...rs.map((r) => r.p99)))}–${fmt(Math.max(...rs.map((r) => r.p99)))}]  ` +
            `a vote takes ${spread(ratios, 1)}× a /healthz request, p50 ${median(p50Ratios).toFixed(1)}×` +
            (failures ? `  (${failures} FAILED)` : ""),
        );
        recordRow({
          measure: `vote over HTTP, ${p === "fetcher" ? "fetcher (POST .data + revalidation)" : "no-JS (POST → 302 → page)"}, ${c} at once`,
          ours: `${spread(rs.map((r) => r.perSecond))} votes/s, p50 ${fmt(p50)} p99 ${fmt(p99)}`,
          reference: `/healthz ${spread(ref.map((r) => r.perSecond))} req/s`,
          ratio: `${median(ratios).toFixed(1)}× time per request`,
          target: `≥ ${TARGET_VOTES_PER_SECOND} votes/s, p99 ≤ ${fmt(TARGET_P99_MS)}`,
          met: failures === 0 && perSecond >= TARGET_VOTES_PER_SECOND && p99 <= TARGET_P99_MS,
        });
      }
    }

    // the bench's own honesty: every vote it counted is a stored row, and nothing else was stored
    const stored = await db
      .selectFrom("votes")
      .innerJoin("memberships", "memberships.id", "votes.membership_id")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("memberships.deliberation_id", "=", fixture.deliberationId)
      .where("memberships.pseudonym", "like", "Bench voter %")
      .executeTakeFirstOrThrow();
    const castByServer = (await metric("accord_votes_cast_total")) - castBefore;
    console.log(`  votes counted as cast: ${counted} of ${n} sent; rows stored by the bench's voters: ${Number(stored.n)}; votes the server counted (/metrics): ${castByServer}`);
    if (Number(stored.n) !== counted) throw new Error(`the database holds ${stored.n} bench votes but the bench counted ${counted}`);
  } finally {
    await db.destroy();
    server.child.kill("SIGTERM");
    await server.exited;
    rmSync(dir, { recursive: true, force: true });
  }
}
