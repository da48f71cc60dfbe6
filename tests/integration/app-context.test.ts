import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSessionCookie, getUser } from "../../app/auth/session.server";
import { createAppContext, type AppContext } from "../../app/context/app-context.server";
import type { DomainEvent } from "../../app/context/domain-events";
import { createScheduler, type JobOutcome } from "../../app/context/scheduler.server";
import { listMyDeliberations } from "../../app/deliberation/deliberation-service.server";
import { createProposal } from "../../app/deliberation/proposal-service.server";
import { advancePhase, openRound } from "../../app/deliberation/round-service.server";
import { castVote } from "../../app/deliberation/vote-service.server";
import { getEnv } from "../../app/env.server";
import { installResultsHandlers } from "../../app/results/install.server";
import { readRoundConsensus, resultsStamp } from "../../app/results/round-results.server";
import { findCachedResults } from "../../app/results/results-cache-repository.server";
import { createProcessLocks } from "../../app/scale/locks";
import { createImportJob, findImportJob } from "../../app/interop/import-job-repository.server";
import { discardUnfinishedImports } from "../../app/interop/polis-import.server";
import { createDatabase, type DB } from "../../db/connection";
import { migrateToLatest } from "../../db/migrate";
import { memberContext } from "../helpers/context";
import { makeDeliberation, proposalInput, type TestDeliberation } from "../helpers/scenario";
import { createTestDb, freshDatabase } from "../helpers/test-db";

/** A deliberation in `app` with `n` participants in voting, on a ballot of two statements. */
async function votingDeliberation(app: AppContext, title: string, n: number) {
  const d = await makeDeliberation(app, title);
  const people: string[] = [];
  for (let i = 0; i < n; i++) people.push(await d.join(`${title} member ${i}`, { group: i % 2 }));
  const fac = () => d.ctx(d.facilitatorId);
  await openRound(await fac());
  await createProposal(await d.ctx(people[0]!), proposalInput({ title: `${title} one` }));
  await createProposal(await d.ctx(people[1]!), proposalInput({ title: `${title} two` }));
  await advancePhase(await fac(), "proposing");
  await advancePhase(await fac(), "discussing");
  const ballot = await app.db
    .selectFrom("proposal_versions as v")
    .innerJoin("proposals as p", "p.id", "v.proposal_id")
    .select("v.id")
    .where("p.deliberation_id", "=", d.id)
    .where("v.frozen_at", "is not", null)
    .orderBy("v.title")
    .execute();
  return { d, people, ballot: ballot.map((b) => b.id) };
}

async function roundOf(db: DB, d: TestDeliberation) {
  return db.selectFrom("rounds").select(["id", "phase"]).where("deliberation_id", "=", d.id).executeTakeFirstOrThrow();
}

describe("two application contexts on two databases in one process", () => {
  let one: Awaited<ReturnType<typeof createTestDb>>;
  let two: Awaited<ReturnType<typeof createTestDb>>;
  beforeAll(async () => {
    one = await createTestDb();
    two = await createTestDb();
  });
  afterAll(async () => {
    await one?.cleanup();
    await two?.cleanup();
  });

  it("used alternately, they never see each other's data, events or sessions", async () => {
    const seen: Record<"one" | "two", DomainEvent[]> = { one: [], two: [] };
    const offOne = one.app.events.subscribe((e) => void seen.one.push(e));
    const offTwo = two.app.events.subscribe((e) => void seen.two.push(e));
    try {
      // built step by step, alternating between the two contexts
      const a = await makeDeliberation(one.app, "Only in one");
      const b = await makeDeliberation(two.app, "Only in two");
      const aMember = await a.join("One's member");
      const bMember = await b.join("Two's member");
      await openRound(await a.ctx(a.facilitatorId));
      await openRound(await b.ctx(b.facilitatorId));
      await createProposal(await a.ctx(aMember), proposalInput({ title: "A statement of one" }));
      await createProposal(await b.ctx(bMember), proposalInput({ title: "A statement of two" }));
      for (const d of [a, b]) {
        await advancePhase(await d.ctx(d.facilitatorId), "proposing");
        await advancePhase(await d.ctx(d.facilitatorId), "discussing");
      }
      const versionOf = async (db: DB, d: TestDeliberation) =>
        (await db.selectFrom("proposal_versions as v").innerJoin("proposals as p", "p.id", "v.proposal_id").select("v.id").where("p.deliberation_id", "=", d.id).executeTakeFirstOrThrow()).id;
      await castVote(await a.ctx(aMember), { versionId: await versionOf(one.db, a), choice: "agree", confidence: 4 });
      await castVote(await b.ctx(bMember), { versionId: await versionOf(two.db, b), choice: "disagree", confidence: 2 });
      await one.app.scheduler.flush();
      await two.app.scheduler.flush();

      // data: each database holds its own deliberation only
      expect((await listMyDeliberations(one.db, a.facilitatorId)).map((d) => d.title)).toEqual(["Only in one"]);
      expect(await listMyDeliberations(two.db, a.facilitatorId)).toEqual([]);
      expect((await listMyDeliberations(two.db, b.facilitatorId)).map((d) => d.title)).toEqual(["Only in two"]);
      expect(await one.db.selectFrom("deliberations").select("id").execute()).toEqual([{ id: a.id }]);
      expect(await two.db.selectFrom("deliberations").select("id").execute()).toEqual([{ id: b.id }]);
      // results: each computed in its own database, from its own votes
      const ra = await readRoundConsensus(one.db, a.id, (await roundOf(one.db, a)).id);
      const rb = await readRoundConsensus(two.db, b.id, (await roundOf(two.db, b)).id);
      expect(ra.status === "ready" && ra.result.statements.map((s) => [s.title, s.overall.agree, s.overall.disagree])).toEqual([["A statement of one", 1, 0]]);
      expect(rb.status === "ready" && rb.result.statements.map((s) => [s.title, s.overall.agree, s.overall.disagree])).toEqual([["A statement of two", 0, 1]]);
      // events: each bus heard its own deliberation only, and both heard something
      const about = (events: DomainEvent[]) => new Set(events.map((e) => ("deliberationId" in e ? e.deliberationId : "?")));
      expect(about(seen.one)).toEqual(new Set([a.id]));
      expect(about(seen.two)).toEqual(new Set([b.id]));
      expect(seen.one.some((e) => e.type === "votes-changed")).toBe(true);
      // sessions: a cookie of one context's database opens nothing in the other
      const cookie = (await createSessionCookie(one.app, new Request("http://localhost/"), aMember)).split(";")[0]!;
      const asked = new Request("http://localhost/", { headers: { Cookie: cookie } });
      expect((await getUser(one.app, asked))?.id).toBe(aMember);
      expect(await getUser(two.app, asked)).toBeNull();
    } finally {
      offOne();
      offTwo();
    }
  });
});

describe("two instances on one database (two contexts sharing one lock service)", () => {
  let dbA: DB;
  let dbB: DB;
  let A: AppContext;
  let B: AppContext;
  let drop: () => Promise<void>;
  const runs: { who: "A" | "B"; key: string; outcome: JobOutcome | "failed" }[] = [];

  beforeAll(async () => {
    const fresh = await freshDatabase();
    drop = fresh.drop;
    // two connections (pools) to the same database, as two processes would have
    dbA = createDatabase(fresh.config);
    await migrateToLatest(dbA);
    dbB = createDatabase(fresh.config);
    const locks = createProcessLocks();
    // a debounce far longer than the test: nothing runs before drain(), whatever the machine's speed
    A = createAppContext({ db: dbA, config: getEnv(), locks, scheduler: createScheduler({ debounceMs: 600_000 }) });
    B = createAppContext({ db: dbB, config: getEnv(), locks, scheduler: createScheduler({ debounceMs: 600_000 }) });
    for (const [who, app] of [["A", A], ["B", B]] as const) {
      installResultsHandlers(app);
      app.scheduler.observe(({ key, outcome }) => void runs.push({ who, key, outcome }));
    }
  });
  afterAll(async () => {
    await A?.scheduler.stop();
    await B?.scheduler.stop();
    await dbA?.destroy();
    await dbB?.destroy();
    await drop?.();
  });

  /** Run what both instances have scheduled, again while a run left work for later (the lock was taken). */
  async function drain() {
    for (let pass = 0; pass < 6; pass++) await Promise.all([A.scheduler.flush(), B.scheduler.flush()]);
  }

  it("a vote storm on both and a close on A compute each round's results once per stamp; the other instance skips", async () => {
    const { d, people, ballot } = await votingDeliberation(A, "Shared", 8);
    const round = await roundOf(dbA, d);
    await drain(); // opening the vote computed once
    runs.length = 0;

    // votes land on both instances: each schedules a recompute of the same round
    for (const [i, person] of people.entries()) {
      const ctx = await memberContext(i % 2 === 0 ? A : B, d.id, person);
      for (const versionId of ballot) await castVote(ctx, { versionId, choice: i % 3 === 0 ? "disagree" : "agree", confidence: 3 });
    }
    expect(runs).toEqual([]); // debounced: nothing ran yet
    await drain();
    const key = `round:${round.id}`;
    const storm = runs.filter((r) => r.key === key);
    expect(storm.filter((r) => r.outcome === "computed")).toHaveLength(1);
    expect(storm.filter((r) => r.outcome === "skipped").length).toBeGreaterThanOrEqual(1);
    expect(storm.some((r) => r.outcome === "failed")).toBe(false);
    expect((await findCachedResults(dbA, round.id))?.stamp).toBe(await resultsStamp(dbA, d.id, round.id));

    // more votes on both, then A closes the round: one computation of the snapshot's results
    runs.length = 0;
    for (const [i, person] of people.entries()) {
      const ctx = await memberContext(i % 2 === 0 ? B : A, d.id, person);
      await castVote(ctx, { versionId: ballot[0]!, choice: "pass", confidence: 1 });
    }
    await advancePhase(await memberContext(A, d.id, d.facilitatorId), "voting");
    await drain();
    const closing = runs.filter((r) => r.key === key);
    expect(closing.filter((r) => r.outcome === "computed")).toHaveLength(1);
    expect(closing.filter((r) => r.outcome === "skipped").length).toBeGreaterThanOrEqual(1);
    const stamp = await resultsStamp(dbB, d.id, round.id);
    expect(stamp).toMatch(/^snapshot:/);
    expect((await findCachedResults(dbB, round.id))?.stamp).toBe(stamp);
    const cached = await readRoundConsensus(dbB, d.id, round.id);
    expect(cached.status === "ready" && !cached.stale && cached.result.statements.find((s) => s.title === "Shared one")!.overall.pass).toBe(8);
  });

  it("a starting instance leaves alone the Polis import another instance is running (its lock is held), and removes it once that lock is free", async () => {
    const owner = await makeDeliberation(A, "Import owner");
    const job = await createImportJob(dbA, { userId: owner.facilitatorId, title: "Running elsewhere", totalRows: 10 });
    let whileRunning = -1;
    // A runs the import (holds its lock); B starts meanwhile
    await A.locks.tryWithLock(`import:${job.id}`, 60_000, async () => {
      whileRunning = await discardUnfinishedImports(B);
    });
    expect(whileRunning).toBe(0);
    expect((await findImportJob(dbB, job.id, owner.facilitatorId))?.error).toBeNull();
    // A died (its lock gone): the next look removes the unfinished import
    expect(await discardUnfinishedImports(B)).toBe(1);
    expect((await findImportJob(dbB, job.id, owner.facilitatorId))?.error).not.toBeNull();
  });
});
