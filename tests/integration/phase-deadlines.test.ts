/**
 * Phase deadlines and scheduled advances (issue 12): set and validated over HTTP against the
 * production build, shown in the banner; fired by the poller with an injected clock (never a
 * sleep), once when two application contexts on one database race, after a restart, and not at
 * all when a facilitator advanced by hand first. Both engines.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAppContext, type AppContext, type Clock } from "../../app/context/app-context.server";
import type { DomainEvent } from "../../app/context/domain-events";
import { runDueDeadlines, setPhaseDeadline, startDeadlinePoller } from "../../app/deliberation/deadline-service.server";
import { toZonedInput } from "../../app/deliberation/deadline-time";
import { createProposal } from "../../app/deliberation/proposal-service.server";
import { advancePhase, openRound } from "../../app/deliberation/round-service.server";
import { getEnv } from "../../app/env.server";
import { en } from "../../app/i18n/en";
import { installResultsHandlers } from "../../app/results/install.server";
import { createDatabase, type DatabaseConfig, type DB } from "../../db/connection";
import { migrateToLatest } from "../../db/migrate";
import { memberContext } from "../helpers/context";
import { clientFor } from "../helpers/round-scenario";
import { makeDeliberation, proposalInput, type TestDeliberation } from "../helpers/scenario";
import { freshDatabase, testEngine } from "../helpers/test-db";
import { Client, startTestServer } from "../helpers/test-server";

const HOUR = 3600_000;

/** A clock the test moves by hand. */
function testClock(start = Date.now()): Clock & { set(ms: number): void; ms(): number } {
  let now = start;
  return { now: () => new Date(now), set: (ms) => void (now = ms), ms: () => now };
}

/**
 * An application context on `database` (a new connection, or one it shares), as a server makes
 * one (results pipeline installed), with this clock.
 */
async function contextOn(database: DatabaseConfig | DB, clock: Clock): Promise<{ app: AppContext; db: DB; events: DomainEvent[]; close: () => Promise<void> }> {
  const shared = !("path" in database || "url" in database);
  const db = shared ? (database as DB) : createDatabase(database as DatabaseConfig);
  await migrateToLatest(db);
  const app = createAppContext({ db, config: getEnv(), clock });
  installResultsHandlers(app);
  const events: DomainEvent[] = [];
  app.events.subscribe((event) => void events.push(event));
  return {
    app,
    db,
    events,
    close: async () => {
      await app.scheduler.stop();
      if (!shared) await db.destroy();
    },
  };
}

/** A deliberation whose round 1 is in its discussing phase, with one proposal (so voting can open). */
async function discussingRound(app: AppContext, title: string): Promise<TestDeliberation & { participantId: string; observerId: string }> {
  const d = await makeDeliberation(app, title);
  const participantId = await d.join(`${title} participant`);
  const observerId = await d.join(`${title} observer`, { role: "observer" });
  await openRound(await d.ctx(d.facilitatorId));
  await createProposal(await d.ctx(participantId), proposalInput({ title: `${title} proposal` }));
  await advancePhase(await d.ctx(d.facilitatorId), "proposing");
  return { ...d, participantId, observerId };
}

async function phaseOf(db: DB, deliberationId: string) {
  return (await db.selectFrom("rounds").select("phase").where("deliberation_id", "=", deliberationId).executeTakeFirstOrThrow()).phase;
}

async function deadlineRow(db: DB, deliberationId: string) {
  return db.selectFrom("phase_deadlines").selectAll().where("deliberation_id", "=", deliberationId).executeTakeFirst();
}

const phaseChanges = (events: DomainEvent[], deliberationId: string) => events.filter((e) => e.type === "phase-changed" && e.deliberationId === deliberationId);

describe("setting a deadline over HTTP (production build)", () => {
  let server: Awaited<ReturnType<typeof startTestServer>>;
  let d: Awaited<ReturnType<typeof discussingRound>>;
  let facilitator: Client;
  let participant: Client;
  let observer: Client;
  const path = () => `/d/${d.id}?index`;
  /** A valid form: two days ahead, written in Tokyo time. */
  const inTwoDays = () => ({ intent: "set-deadline", dueAt: toZonedInput(new Date(Date.now() + 48 * HOUR).toISOString(), "Asia/Tokyo"), timeZone: "Asia/Tokyo", autoAdvance: "on" });

  beforeAll(async () => {
    server = await startTestServer();
    d = await discussingRound(server.app, "Deadlines over HTTP");
    facilitator = await clientFor(server.app, server.url, d.facilitatorId);
    participant = await clientFor(server.app, server.url, d.participantId);
    observer = await clientFor(server.app, server.url, d.observerId);
  }, 60_000);
  afterAll(async () => {
    await server?.stop();
  });

  it("refuses a time in the past, an impossible date, an unknown time zone, one beyond 90 days and an empty one, each with a sentence, storing nothing", async () => {
    const cases: [Record<string, string>, string, string][] = [
      [{ dueAt: toZonedInput(new Date(Date.now() - HOUR).toISOString(), "UTC"), timeZone: "UTC" }, "dueAt", en.deadlines.validation.inPast],
      [{ dueAt: "2027-02-30T10:00", timeZone: "UTC" }, "dueAt", en.deadlines.validation.badDateTime],
      [{ dueAt: "next friday", timeZone: "UTC" }, "dueAt", en.deadlines.validation.badDateTime],
      [{ dueAt: "", timeZone: "Europe/Paris" }, "dueAt", en.deadlines.validation.badDateTime],
      [{ dueAt: toZonedInput(new Date(Date.now() + 48 * HOUR).toISOString(), "UTC"), timeZone: "Mars/Olympus_Mons" }, "timeZone", en.deadlines.validation.badTimeZone],
      [{ dueAt: toZonedInput(new Date(Date.now() + 91 * 24 * HOUR).toISOString(), "UTC"), timeZone: "UTC" }, "dueAt", en.deadlines.validation.tooFar.replace("{{days}}", "90")],
    ];
    for (const [fields, field, sentence] of cases) {
      const res = await facilitator.post(path(), { intent: "set-deadline", ...fields });
      expect(res.status, JSON.stringify(fields)).toBe(400);
      const html = await res.text();
      expect(html).toContain(sentence);
      expect(html).toContain(`aria-invalid="true"`);
      // what was typed is kept
      if (fields.dueAt) expect(html).toContain(`value="${fields.dueAt}"`);
      expect(field === "dueAt" || field === "timeZone").toBe(true);
    }
    expect(await deadlineRow(server.db, d.id)).toBeUndefined();
  });

  it("participants and observers are refused (403), a form from another site too (CSRF), and nothing is stored", async () => {
    for (const who of [participant, observer]) {
      const res = await who.post(path(), inTwoDays());
      expect(res.status).toBe(403);
      expect(await res.text()).toContain(en.errors.facilitatorsOnly);
      expect((await who.post(path(), { intent: "clear-deadline" })).status).toBe(403);
    }
    const forged = await facilitator.fromOtherSite().post(path(), inTwoDays());
    expect(forged.status).toBe(403);
    expect(await deadlineRow(server.db, d.id)).toBeUndefined();
  });

  it("a facilitator sets it in a named time zone: stored in UTC, shown in the banner of a participant's pages in a <time datetime> with the zone named and a countdown", async () => {
    const form = inTwoDays();
    const res = await facilitator.post(path(), form);
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe(`/d/${d.id}?deadline=set#deadline`);
    const row = (await deadlineRow(server.db, d.id))!;
    expect(row.phase).toBe("discussing");
    expect(row.auto_advance).toBe(1);
    expect(row.due_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:00\.000Z$/);
    // Tokyo is UTC+9 all year: the UTC time is nine hours before the wall-clock time typed
    expect(toZonedInput(row.due_at, "Asia/Tokyo")).toBe(form.dueAt);
    expect(Date.parse(`${form.dueAt}:00Z`) - Date.parse(row.due_at)).toBe(9 * HOUR);

    for (const page of [`/d/${d.id}`, `/d/${d.id}/results`]) {
      const html = await (await participant.get(page)).text();
      const banner = html.slice(html.indexOf('class="phase-banner"'));
      // (React writes the attribute dateTime; HTML attribute names are case-insensitive)
      expect(banner).toMatch(new RegExp(`<time datetime="${row.due_at.replace(/\./g, "\\.")}">[A-Z][a-z]+day, [A-Z][a-z]+ \\d+, \\d{4} at \\d+:\\d\\d\\s[AP]M UTC</time>`, "i"));
      expect(banner).toMatch(/(1 day 23 hours|2 days) left/);
      expect(banner).toContain("Then the round moves to Voting automatically.");
    }
  });

  it("an automatic advance that failed (nothing to vote on) is explained to the facilitator under the banner, not to participants", async () => {
    const empty = await makeDeliberation(server.app, "Deadline with nothing to vote on");
    const participantId = await empty.join("Nothing-to-vote participant");
    await openRound(await empty.ctx(empty.facilitatorId));
    await advancePhase(await empty.ctx(empty.facilitatorId), "proposing");
    // the same database two hours ahead, by a clock of its own (the server's poller keeps real time)
    const ahead = await contextOn(server.db, testClock(Date.now()));
    await setPhaseDeadline(await memberContext(ahead.app, empty.id, empty.facilitatorId), { dueAt: toZonedInput(new Date(Date.now() + HOUR).toISOString(), "UTC"), timeZone: "UTC", autoAdvance: true });
    (ahead.app.clock as ReturnType<typeof testClock>).set(Date.now() + 2 * HOUR);
    await runDueDeadlines(ahead.app);
    await ahead.close();
    const sentence = en.deadlines.failed.replace("{{reason}}", en.errors.nothingToVoteOn);
    const asFacilitator = await (await (await clientFor(server.app, server.url, empty.facilitatorId)).get(`/d/${empty.id}`)).text();
    expect(asFacilitator).toContain(sentence);
    const asParticipant = await (await (await clientFor(server.app, server.url, participantId)).get(`/d/${empty.id}`)).text();
    expect(asParticipant).toContain("phase-deadline");
    expect(asParticipant).not.toContain(en.deadlines.failed.split(".")[0]!);
  });

  it("removing it clears the scheduled advance", async () => {
    expect((await facilitator.post(path(), { intent: "clear-deadline" })).status).toBe(302);
    expect(await deadlineRow(server.db, d.id)).toBeUndefined();
    expect(await (await participant.get(`/d/${d.id}`)).text()).not.toContain("phase-deadline");
  });
});

describe("scheduled advances (injected clock)", () => {
  let fresh: Awaited<ReturnType<typeof freshDatabase>>;
  const clock = testClock(Date.parse("2026-12-01T12:00:00.000Z"));
  let a: Awaited<ReturnType<typeof contextOn>>;
  let b: Awaited<ReturnType<typeof contextOn>>;
  const due = (hours: number) => toZonedInput(new Date(clock.ms() + hours * HOUR).toISOString(), "UTC");

  beforeAll(async () => {
    fresh = await freshDatabase();
    a = await contextOn(fresh.config, clock);
    // A second instance on the same database: on PostgreSQL a pool of its own, as another process
    // has. On SQLite, one process holds one connection (a second one in the same process would wait
    // synchronously for the first's transaction, which cannot then finish), so B shares A's: their
    // statements still interleave, and each context has its own bus, scheduler and locks.
    b = await contextOn(testEngine() === "postgres" ? fresh.config : a.db, clock);
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
    await fresh?.drop();
  });

  it("fires once when two application contexts on one database race for five due advances at once", async () => {
    const ds = [];
    for (let i = 0; i < 5; i++) ds.push(await discussingRound(a.app, `Race ${i}`));
    for (const d of ds) await setPhaseDeadline(await d.ctx(d.facilitatorId), { dueAt: due(2), timeZone: "UTC", autoAdvance: true });
    clock.set(clock.ms() + 2 * HOUR + 1000);
    const [fromA, fromB] = await Promise.all([runDueDeadlines(a.app), runDueDeadlines(b.app)]);
    expect(fromA.advanced + fromB.advanced).toBe(5);
    for (const d of ds) {
      expect(await phaseOf(a.db, d.id)).toBe("voting"); // one step: never two
      const toVoting = [...phaseChanges(a.events, d.id), ...phaseChanges(b.events, d.id)].filter((e) => e.type === "phase-changed" && e.phase === "voting");
      expect(toVoting).toHaveLength(1);
      expect(await deadlineRow(a.db, d.id)).toMatchObject({ outcome: "advanced", settled_at: clock.now().toISOString() });
    }
    // a later pass finds nothing left to do
    const again = await Promise.all([runDueDeadlines(a.app), runDueDeadlines(b.app)]);
    expect(again.map((r) => r.advanced)).toEqual([0, 0]);
  });

  it("an instance whose pass stalls after its first advance, while the other runs a whole pass, fires nothing twice from its stale list", async () => {
    const ds = [];
    for (let i = 0; i < 3; i++) ds.push(await discussingRound(a.app, `Stalled ${i}`));
    for (const d of ds) await setPhaseDeadline(await d.ctx(d.facilitatorId), { dueAt: due(1), timeZone: "UTC", autoAdvance: true });
    clock.set(clock.ms() + HOUR + 1000);
    // A's first advance publishes phase-changed; A's pass waits there (a slow subscriber) until B's whole pass is done
    let passOfB: Promise<unknown> | null = null;
    const stall = a.app.events.subscribe((event) => {
      if (event.type !== "phase-changed" || passOfB) return;
      passOfB = runDueDeadlines(b.app);
      return passOfB.then(() => undefined);
    });
    try {
      await runDueDeadlines(a.app);
    } finally {
      stall();
    }
    expect(passOfB).not.toBeNull();
    for (const d of ds) {
      expect(await phaseOf(a.db, d.id)).toBe("voting");
      const toVoting = [...phaseChanges(a.events, d.id), ...phaseChanges(b.events, d.id)].filter((e) => e.type === "phase-changed" && e.phase === "voting");
      expect(toVoting).toHaveLength(1);
    }
  });

  it("publishes deadline-approaching once, 24 hours before, across two racing contexts (and again when the deadline moves)", async () => {
    const d = await discussingRound(a.app, "Approaching");
    await setPhaseDeadline(await d.ctx(d.facilitatorId), { dueAt: due(48), timeZone: "UTC", autoAdvance: false });
    const approaching = () => [...a.events, ...b.events].filter((e) => e.type === "deadline-approaching" && e.deliberationId === d.id);
    clock.set(clock.ms() + 23 * HOUR); // 25 hours before
    await Promise.all([runDueDeadlines(a.app), runDueDeadlines(b.app)]);
    expect(approaching()).toEqual([]);
    clock.set(clock.ms() + 2 * HOUR); // 23 hours before
    await Promise.all([runDueDeadlines(a.app), runDueDeadlines(b.app)]);
    await Promise.all([runDueDeadlines(a.app), runDueDeadlines(b.app)]);
    const row = (await deadlineRow(a.db, d.id))!;
    expect(approaching()).toEqual([{ type: "deadline-approaching", deliberationId: d.id, roundId: row.round_id, phase: "discussing", dueAt: row.due_at, autoAdvance: false }]);
    // without automatic advance, the passing deadline moves nothing
    clock.set(Date.parse(row.due_at) + HOUR);
    await runDueDeadlines(a.app);
    expect(await phaseOf(a.db, d.id)).toBe("discussing");
    // moved: a new deadline, told afresh
    await setPhaseDeadline(await d.ctx(d.facilitatorId), { dueAt: due(10), timeZone: "UTC", autoAdvance: false });
    await Promise.all([runDueDeadlines(a.app), runDueDeadlines(b.app)]);
    expect(approaching()).toHaveLength(2);
  });

  it("a facilitator advancing by hand first cancels the scheduled advance: the round moves once, by hand", async () => {
    const d = await discussingRound(a.app, "By hand first");
    await setPhaseDeadline(await d.ctx(d.facilitatorId), { dueAt: due(1), timeZone: "UTC", autoAdvance: true });
    await advancePhase(await d.ctx(d.facilitatorId), "discussing");
    expect(await deadlineRow(a.db, d.id)).toMatchObject({ outcome: "cancelled" });
    clock.set(clock.ms() + 2 * HOUR);
    expect((await runDueDeadlines(a.app)).advanced).toBe(0);
    expect(await phaseOf(a.db, d.id)).toBe("voting");
    expect(phaseChanges(a.events, d.id).map((e) => e.type === "phase-changed" && e.phase)).toEqual(["proposing", "discussing", "voting"]); // round opened and discussing (in setup), voting (by hand)
  });

  it("moving the deadline reschedules the advance", async () => {
    const d = await discussingRound(a.app, "Moved");
    await setPhaseDeadline(await d.ctx(d.facilitatorId), { dueAt: due(1), timeZone: "UTC", autoAdvance: true });
    await setPhaseDeadline(await d.ctx(d.facilitatorId), { dueAt: due(3), timeZone: "UTC", autoAdvance: true });
    const start = clock.ms();
    clock.set(start + 2 * HOUR); // past the first time, before the second
    await runDueDeadlines(a.app);
    expect(await phaseOf(a.db, d.id)).toBe("discussing");
    clock.set(start + 3 * HOUR);
    await runDueDeadlines(a.app);
    expect(await phaseOf(a.db, d.id)).toBe("voting");
  });

  it("an advance that cannot happen (nothing to vote on) is settled with a sentence, not retried for ever", async () => {
    const d = await makeDeliberation(a.app, "Nothing to vote on");
    await openRound(await d.ctx(d.facilitatorId));
    await advancePhase(await d.ctx(d.facilitatorId), "proposing");
    await setPhaseDeadline(await d.ctx(d.facilitatorId), { dueAt: due(1), timeZone: "UTC", autoAdvance: true });
    clock.set(clock.ms() + 2 * HOUR);
    expect((await runDueDeadlines(a.app)).advanced).toBe(0);
    expect(await phaseOf(a.db, d.id)).toBe("discussing");
    expect(await deadlineRow(a.db, d.id)).toMatchObject({ outcome: "failed", failure: "errors.nothingToVoteOn" });
  });
});

describe("a restart", () => {
  it("a new context on the same database fires the advance that fell due while nothing ran, in the poller's first pass", async () => {
    const fresh = await freshDatabase();
    const clock = testClock(Date.parse("2026-12-01T12:00:00.000Z"));
    const before = await contextOn(fresh.config, clock);
    const d = await discussingRound(before.app, "Restart");
    await setPhaseDeadline(await d.ctx(d.facilitatorId), { dueAt: "2026-12-01T13:00", timeZone: "UTC", autoAdvance: true });
    await before.close(); // the server stops before the deadline

    clock.set(Date.parse("2026-12-02T09:00:00.000Z")); // it starts again the next morning
    const after = await contextOn(fresh.config, clock);
    const poller = startDeadlinePoller(after.app, HOUR); // the next pass would be an hour away
    try {
      await poller.firstRun;
      expect(await phaseOf(after.db, d.id)).toBe("voting");
      expect(phaseChanges(after.events, d.id)).toHaveLength(1);
    } finally {
      await poller.stop();
      await after.close();
      await fresh.drop();
    }
  });

  it("the production server fires a missed advance when it starts", async () => {
    const fresh = await freshDatabase({ migrated: false });
    const first = await startTestServer({ database: fresh.config });
    let second: Awaited<ReturnType<typeof startTestServer>> | undefined;
    try {
      const d = await discussingRound(first.app, "Server restart");
      await setPhaseDeadline(await d.ctx(d.facilitatorId), { dueAt: toZonedInput(new Date(Date.now() + HOUR).toISOString(), "UTC"), timeZone: "UTC", autoAdvance: true });
      await first.close();
      // the same database, started two hours later by its clock
      second = await startTestServer({ database: fresh.config, clock: testClock(Date.now() + 2 * HOUR) });
      const deadline = Date.now() + 20_000;
      while ((await phaseOf(second.db, d.id)) !== "voting" && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      expect(await phaseOf(second.db, d.id)).toBe("voting");
      expect(await deadlineRow(second.db, d.id)).toMatchObject({ outcome: "advanced" });
    } finally {
      await second?.close();
      await fresh.drop();
    }
  }, 60_000);
});
