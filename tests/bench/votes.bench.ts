/**
 * Voting and results at assembly scale, on a real SQLite file:
 * - casting votes through the repository (upsert on the unique pair) vs a raw prepared
 *   better-sqlite3 statement doing the same upsert (reference, same file, same run);
 * - computing basic results in TypeScript vs the same counts as one SQL GROUP BY (reference);
 * - votes over HTTP through the production server, with and without JavaScript, vs /healthz
 *   (tests/bench/votes-over-http.ts).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import SQLite from "better-sqlite3";
import { createDatabase } from "../../db/connection";
import { migrateToLatest } from "../../db/migrate";
import { newId } from "../../app/auth/crypto.server";
import { computeBasicResults } from "../../app/consensus/basic-results";
import { upsertVote, listRoundVotes } from "../../app/deliberation/vote-repository.server";
import { fmt, line, recordRow, summarize, timeIt } from "./stats";
import { benchVotesOverHttp } from "./votes-over-http";

const PARTICIPANTS = Number(process.env.BENCH_PARTICIPANTS ?? 5000);
const PROPOSALS = Number(process.env.BENCH_PROPOSALS ?? 200);
const DENSITY = 0.3;
const RUNS = 5;

const dir = mkdtempSync(path.join(tmpdir(), "accord-bench-"));
const file = path.join(dir, "bench.db");
const db = createDatabase({ path: file });
await migrateToLatest(db);

// Fixture: one deliberation, 5 groups, N participants, P frozen versions in a voting round.
const now = new Date().toISOString();
const userId = newId();
const delibId = newId();
const roundId = newId();
await db.insertInto("users").values({ id: userId, email: null, password_hash: null, display_name: "Bench", created_at: now }).execute();
await db.insertInto("deliberations").values({ id: delibId, title: "Bench", question: "Bench question?", description: "", attribution_mode: "chatham_house", results_visibility: "after_close", min_group_size: 5, created_by: userId, created_at: now, updated_at: now }).execute();
const groups = Array.from({ length: 5 }, (_, i) => ({ id: newId(), deliberation_id: delibId, name: `G${i}`, target_share: 0.2, position: i }));
await db.insertInto("stakeholder_groups").values(groups).execute();
await db.insertInto("rounds").values({ id: roundId, deliberation_id: delibId, number: 1, phase: "voting", opened_at: now, voting_opened_at: now, closed_at: null }).execute();
const members = Array.from({ length: PARTICIPANTS }, (_, i) => ({ id: newId(), deliberation_id: delibId, user_id: userId + i, role: "participant" as const, stakeholder_group_id: groups[i % 5]!.id, region_id: null, pseudonym: `Delegate ${i + 1}`, created_at: now, removed_at: null }));
const users = members.map((m, i) => ({ id: m.user_id, email: null, password_hash: null, display_name: `P${i}`, created_at: now }));
await db.transaction().execute(async (tx) => {
  for (let i = 0; i < users.length; i += 200) await tx.insertInto("users").values(users.slice(i, i + 200)).execute();
  for (let i = 0; i < members.length; i += 200) await tx.insertInto("memberships").values(members.slice(i, i + 200)).execute();
  const pid = members[0]!.id;
  for (let p = 0; p < PROPOSALS; p++) {
    const proposalId = newId();
    await tx.insertInto("proposals").values({ id: proposalId, deliberation_id: delibId, author_membership_id: pid, status: "active", merged_into_id: null, status_reason: null, created_at: now, updated_at: now }).execute();
    await tx.insertInto("proposal_versions").values({ id: `v${p}`, proposal_id: proposalId, version_number: 1, round_id: roundId, title: `T${p}`, statement: "AI systems must not …", rationale: "r", category: "malfunctions.deception", indicator: "i", threshold_value: "1", threshold_unit: "%", trigger: "t", response: "r", scope: "deployment", evidence_links: "[]", created_by_membership_id: pid, created_at: now, frozen_at: now }).execute();
  }
});

// Deterministic sparse vote set.
let seed = 42;
const rand = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
const votes: { m: string; v: string; c: "agree" | "disagree" | "pass" }[] = [];
for (const m of members) for (let p = 0; p < PROPOSALS; p++) if (rand() < DENSITY) votes.push({ m: m.id, v: `v${p}`, c: rand() < 0.6 ? "agree" : rand() < 0.7 ? "disagree" : "pass" });
console.log(`Accord vote benchmark: ${PARTICIPANTS} participants × ${PROPOSALS} proposals at ${DENSITY * 100} % = ${votes.length} votes (${RUNS} runs each)\n`);

// 1. Casting votes, one at a time as requests do (each its own implicit transaction).
const SAMPLE = 2000;
const raw = new SQLite(file);
raw.pragma("journal_mode = WAL");
raw.pragma("synchronous = NORMAL");
const rawUpsert = raw.prepare(
  `insert into votes (id, round_id, version_id, membership_id, choice, confidence, created_at, updated_at)
   values (?, ?, ?, ?, ?, null, ?, ?) on conflict (version_id, membership_id) do update set choice = excluded.choice, updated_at = excluded.updated_at`,
);
const ours: number[] = [];
const ref: number[] = [];
for (let r = 0; r < RUNS; r++) {
  const slice = votes.slice(r * SAMPLE, (r + 1) * SAMPLE);
  ours.push((await timeIt(async () => {
    for (const v of slice) await upsertVote(db, { roundId, versionId: v.v, membershipId: v.m, choice: v.c, confidence: null });
  })) / slice.length);
  ref.push((await timeIt(() => {
    for (const v of slice) rawUpsert.run(newId(), roundId, v.v, v.m, v.c === "agree" ? "disagree" : "agree", now, now);
  })) / slice.length);
}
line("castVote upsert (Kysely, per vote)", summarize(ours), summarize(ref), "raw better-sqlite3");
row("castVote upsert (Kysely, per vote)", summarize(ours), summarize(ref), "raw better-sqlite3");

// Load the full vote set for the results benchmark.
raw.exec("delete from votes");
const insertAll = raw.transaction(() => {
  for (const v of votes) rawUpsert.run(newId(), roundId, v.v, v.m, v.c, now, now);
});
insertAll();

// 2. Results: load + compute in TypeScript vs one SQL aggregate doing the same counts.
const statementIds = Array.from({ length: PROPOSALS }, (_, p) => `v${p}`);
const voters = members.map((m) => ({ voterId: m.id, groupId: m.stakeholder_group_id }));
const tsRuns: number[] = [];
const sqlRuns: number[] = [];
const aggregate = raw.prepare(
  `select v.version_id, m.stakeholder_group_id, v.choice, count(*) n from votes v join memberships m on m.id = v.membership_id
   where v.round_id = ? group by v.version_id, m.stakeholder_group_id, v.choice`,
);
let checksum = 0;
for (let r = 0; r < RUNS; r++) {
  tsRuns.push(await timeIt(async () => {
    const rows = await listRoundVotes(db, delibId, roundId);
    const res = computeBasicResults(statementIds, groups.map((g) => g.id), rows.map((x) => ({ statementId: x.version_id, voterId: x.membership_id, choice: x.choice, confidence: x.confidence, groupId: x.stakeholder_group_id })), voters);
    checksum = res.statements.reduce((s, st) => s + st.overall.agree, 0);
  }));
  sqlRuns.push(await timeIt(() => aggregate.all(roundId)));
}
const sqlAgree = (aggregate.all(roundId) as { choice: string; n: number }[]).filter((r) => r.choice === "agree").reduce((s, r) => s + r.n, 0);
if (sqlAgree !== checksum) throw new Error(`results disagree with the SQL reference: ${checksum} vs ${sqlAgree}`);
line(`results (load + compute, ${votes.length} votes)`, summarize(tsRuns), summarize(sqlRuns), "SQL GROUP BY");
row(`results (load + compute, ${votes.length} votes)`, summarize(tsRuns), summarize(sqlRuns), "SQL GROUP BY");
console.log(`\npeak RSS ${(process.memoryUsage().rss / 1024 / 1024).toFixed(0)} MB; totals agree with the SQL reference (${checksum} agree votes).`);

raw.close();
await db.destroy();
rmSync(dir, { recursive: true, force: true });

await benchVotesOverHttp();

function row(measure: string, o: ReturnType<typeof summarize>, r: ReturnType<typeof summarize>, refLabel: string) {
  const range = (x: ReturnType<typeof summarize>) => `${fmt(x.median)} [${fmt(x.min)}–${fmt(x.max)}]`;
  recordRow({ measure, ours: range(o), reference: `${refLabel} ${range(r)}`, ratio: `${(o.median / r.median).toFixed(2)}×`, target: "—", met: null });
}
