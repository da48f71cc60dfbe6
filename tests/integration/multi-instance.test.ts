/**
 * Several instances of Accord, as a deployment behind a load balancer runs them: real app
 * processes of the production build on one PostgreSQL database and one real redis-server
 * (tests/helpers/instances.ts), real HTTP clients and real Hocuspocus providers.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createAppContext, type AppContext } from "../../app/context/app-context.server";
import { getEnv } from "../../app/env.server";
import { commentsDocName, DRAFT_TEXT, draftDocName } from "../../app/collab/document-names";
import { createDatabase, type DB } from "../../db/connection";
import { connect, destroy, peers, synced, waitFor } from "../helpers/collab-peers";
import { collabToken, pageToken } from "../helpers/collab-tokens";
import { en } from "../../app/i18n/en";
import { createInviteToken, demoFacts, joinWithToken, loggedIn, setPhase } from "../helpers/demo";
import { startBalancer, startInstances, type Instances } from "../helpers/instances";
import { redisForTests } from "../helpers/redis-server";
import { testEngine } from "../helpers/test-db";
import { Client } from "../helpers/test-server";
import { clientFor } from "../helpers/round-scenario";
import { makeDeliberation, proposalInput } from "../helpers/scenario";
import { openRound, advancePhase } from "../../app/deliberation/round-service.server";
import { createProposal } from "../../app/deliberation/proposal-service.server";
import { findLatestRound } from "../../app/deliberation/round-repository.server";

const METRICS_TOKEN = "multi-instance-metrics-token-0123456789";

/** How many result computations an instance ran, and how many it skipped as already fresh (its /metrics). */
async function recomputes(base: string): Promise<{ computed: number; skipped: number }> {
  const text = await (await fetch(`${base}/metrics`, { headers: { Authorization: `Bearer ${METRICS_TOKEN}` } })).text();
  const count = (outcome: string) => Number(new RegExp(`accord_results_recompute_duration_seconds_count\\{outcome="${outcome}"\\} (\\d+)`).exec(text)?.[1] ?? 0);
  return { computed: count("ok"), skipped: count("skipped") };
}

const redis = redisForTests();
const postgres = testEngine() === "postgres";
const title = "several instances on one PostgreSQL and one Redis" + (postgres ? "" : " (needs PostgreSQL: several instances on one SQLite file is not a supported setup)");

const CHOICES = ["agree", "disagree", "pass"] as const;
/** The i-th of 15 distinct (choice, confidence) pairs, so a stored vote names the request it came from. */
const ballotOf = (i: number) => ({ choice: CHOICES[i % 3]!, confidence: String((Math.floor(i / 3) % 5) + 1) });

describe.skipIf(!postgres || !redis.available)(redis.title(title), () => {
  let multi: Instances;
  let db: DB;
  let app: AppContext;
  let f: Awaited<ReturnType<typeof demoFacts>>;
  const A = () => multi.url(0);
  const B = () => multi.url(1);

  beforeAll(async () => {
    multi = await startInstances(2, { METRICS_TOKEN, RESULTS_DEBOUNCE_MS: "1500", SEED_DEMO: "true", LOGIN_FAILURES_PER_ACCOUNT: "4", COLLAB_STORE_DEBOUNCE_MS: "200" });
    db = createDatabase(multi.database);
    // collab tokens are issued here, for sessions in the instances' database
    app = createAppContext({ db, config: getEnv() });
    f = await demoFacts(db);
  }, 120_000);
  afterEach(() => {
    for (const p of [...peers]) destroy(p);
  });
  afterAll(async () => {
    await db?.destroy();
    await multi?.stopAll();
  });

  it("both report ready with their database and Redis", async () => {
    for (const url of [A(), B()]) {
      const res = await fetch(url + "/readyz");
      expect(res.status).toBe(200);
      const body = (await res.json()) as { checks: Record<string, { status: string }> };
      expect(body.checks.database?.status).toBe("ok");
      expect(body.checks.redis?.status).toBe("ok");
    }
  });

  it("a session cookie from A works on B", async () => {
    const onA = await loggedIn(A(), "participant");
    expect((await onA.at(B()).get(`/d/${f.id}`)).status).toBe(200);
    expect((await new Client(B()).get(`/d/${f.id}`)).status).toBe(302); // to the login page
  });

  it("a rate limit counts the attempts made on both instances", async () => {
    const a = new Client(A());
    const b = new Client(B());
    const attempt = (c: Client) => c.post("/login", { email: "nobody-here@example.org", password: "wrong password 123", redirectTo: "/" });
    // four wrong passwords for one account, two on each instance: the account's limit (4) is met
    for (const c of [a, b, a, b]) expect((await attempt(c)).status).toBe(400);
    for (const c of [a, b]) {
      const res = await attempt(c);
      expect(res.status).toBe(429);
      expect(Number(res.headers.get("Retry-After"))).toBeGreaterThan(0);
    }
  });

  it("50 concurrent votes for one pair, split across A and B, leave one row", async () => {
    const onA = await loggedIn(A(), "participant");
    const onB = onA.at(B());
    const versionId = f.ballot2[0]!.id;
    const sent = Array.from({ length: 50 }, (_, i) => ballotOf(i));
    const answers = await Promise.all(sent.map((v, i) => (i % 2 ? onA : onB).post(`/d/${f.id}/vote`, { versionId, ...v, next: "0" })));
    expect(answers.map((r) => r.status)).toEqual(sent.map(() => 302));
    const rows = await db.selectFrom("votes").selectAll().where("membership_id", "=", f.participant.id).where("version_id", "=", versionId).execute();
    expect(rows).toHaveLength(1);
    expect(sent).toContainEqual({ choice: rows[0]!.choice, confidence: String(rows[0]!.confidence) });
  });

  it("closing a round on A triggers exactly one recompute across A and B (B's pending recompute finds the results fresh)", async () => {
    // a round of its own, in its voting phase, written through the domain services on the shared database
    const d = await makeDeliberation(app, "Closing across instances");
    const voters = [await d.join("Close Voter 1"), await d.join("Close Voter 2", { group: 1 })];
    await openRound(await d.ctx(d.facilitatorId));
    await createProposal(await d.ctx(voters[0]!), proposalInput({ title: "Closed on A" }));
    await advancePhase(await d.ctx(d.facilitatorId), "proposing");
    await advancePhase(await d.ctx(d.facilitatorId), "discussing");
    const round = (await findLatestRound(db, d.id))!;
    const version = await db.selectFrom("proposal_versions").select("id").where("round_id", "=", round.id).executeTakeFirstOrThrow();
    // recomputes that earlier tests' votes scheduled (debounced 1.5 s) finish first: counts steady for 2 s
    let before = await Promise.all([A(), B()].map(recomputes));
    for (let steady = false; !steady; ) {
      await new Promise((resolve) => setTimeout(resolve, 2000));
      const now = await Promise.all([A(), B()].map(recomputes));
      steady = JSON.stringify(now) === JSON.stringify(before);
      before = now;
    }

    // votes through B schedule a recompute on B (debounced); the facilitator closes the round on A at once
    for (const voter of voters) {
      const onB = await clientFor(app, B(), voter);
      expect((await onB.post(`/d/${d.id}/vote`, { versionId: version.id, choice: "agree", next: "0" })).status).toBe(302);
    }
    const facilitator = await clientFor(app, A(), d.facilitatorId);
    expect((await facilitator.post(`/d/${d.id}?index`, { intent: "advance", from: "voting", confirm: "yes" })).status).toBe(302);

    // A computes the closed round from its snapshot; B's recompute, due after the close, finds it fresh
    await waitFor("B's pending recompute has run", async () => (await recomputes(B())).skipped > before[1]!.skipped, 20_000);
    const after = await Promise.all([A(), B()].map(recomputes));
    expect(after[0]!.computed - before[0]!.computed + (after[1]!.computed - before[1]!.computed)).toBe(1);
    const cached = await db.selectFrom("round_results").select("stamp").where("round_id", "=", round.id).executeTakeFirstOrThrow();
    expect(cached.stamp).toMatch(/^snapshot:/);
  });

  describe("live documents (discussing phase)", () => {
    beforeAll(async () => {
      await setPhase(db, f.round2.id, "discussing");
    });
    afterAll(async () => {
      await setPhase(db, f.round2.id, "voting");
    });

    it("logging out on A closes that session's live socket on B (the event crosses through Redis)", async () => {
      const pid = f.proposals.find((p) => p.status === "active")!.id;
      const browser = await loggedIn(A(), "participant");
      const onB = connect(B(), draftDocName(pid), await pageToken(browser, f.id, pid), { label: "draft on B" });
      const other = connect(B(), draftDocName(pid), await collabToken(app, f.facilitator.id), { label: "another session on B" });
      await synced(onB, other);
      expect((await browser.post("/logout", {})).status).toBe(302);
      await waitFor("B closed the socket of the session that ended on A", () => onB.closes.length > 0);
      expect(onB.closes[0]!.reason).toBe(en.collab.signedOut);
      expect(other.closes).toEqual([]);
    });

    it("a comment posted over HTTP to A reaches a provider connected to B", async () => {
      const pid = f.proposals.find((p) => p.status === "active")!.id;
      const reader = connect(B(), commentsDocName(pid), await collabToken(app, f.observer.id), { label: "reader on B" });
      await synced(reader);
      const author = await loggedIn(A(), "participant");
      const res = await author.post(`/d/${f.id}/proposals/${pid}`, { intent: "comment", stance: "supports", body: "Posted through instance A." });
      expect(res.status).toBe(302);
      const id = /#comment-([A-Za-z0-9_-]+)$/.exec(res.headers.get("location") ?? "")![1]!;
      await waitFor("the reader on B sees the comment posted on A", () => reader.comments().get(id)?.body === "Posted through instance A.");
    });

    it("concurrent draft edits through A and B converge", async () => {
      const pid = f.proposals.filter((p) => p.status === "active")[1]!.id;
      const [ta, tb] = await Promise.all([collabToken(app, f.participant.id), collabToken(app, f.facilitator.id)]);
      const onA = connect(A(), draftDocName(pid), ta, { label: "writer on A" });
      const onB = connect(B(), draftDocName(pid), tb, { label: "writer on B" });
      await synced(onA, onB);
      await waitFor("both see the draft", () => onA.text().length > 0 && onA.text() === onB.text());
      for (let i = 0; i < 10; i++) {
        onA.doc.getText(DRAFT_TEXT).insert(0, `[a${i}]`);
        const tb2 = onB.doc.getText(DRAFT_TEXT);
        tb2.insert(tb2.length, `[b${i}]`);
      }
      await waitFor("both converge", () => onA.text() === onB.text() && onA.text().includes("[a9]") && onA.text().includes("[b9]"));
      for (let i = 0; i < 10; i++) expect(onA.text()).toContain(`[a${i}]`), expect(onA.text()).toContain(`[b${i}]`);
    });
  });

  it("kill -9 of A during a vote storm split across A and B: every acknowledged vote is present; A's live clients reconnect to B and converge", async () => {
    const balancer = await startBalancer(() => [A(), B()]); // A first: new connections land on A while it lives
    try {
      const pid = f.proposals.find((p) => p.status === "active")!.id;
      const viaBalancer = connect(balancer.url, commentsDocName(pid), await collabToken(app, f.observer.id), { label: "reader of A (through the balancer)" });
      const onB = connect(B(), commentsDocName(pid), await collabToken(app, f.facilitator.id), { label: "reader on B" });
      await synced(viaBalancer, onB);

      const facilitator = await loggedIn(A(), "facilitator");
      const voters: Client[] = [];
      for (let v = 0; v < 6; v++) {
        const token = await createInviteToken(facilitator, f.id, { stakeholderGroupId: f.groups[v % f.groups.length]!.id });
        voters.push(await joinWithToken(A(), token, `Storm Voter ${v + 1}`, f.groups[v % f.groups.length]!.id));
      }
      const memberships = await db.selectFrom("memberships as m").innerJoin("users as u", "u.id", "m.user_id").select(["m.id", "u.display_name"]).where("m.deliberation_id", "=", f.id).where("u.display_name", "like", "Storm Voter %").execute();
      const membershipOf = (v: number) => memberships.find((m) => m.display_name === `Storm Voter ${v + 1}`)!.id;

      // each voter votes through A and B in turn, one request after another, over every ballot item
      type Attempt = { versionId: string; choice: string; confidence: string; acknowledged: boolean };
      const attempts: Attempt[][] = voters.map(() => []);
      let killed = false;
      const storm = voters.map(async (voter, v) => {
        for (let round = 0; round < 15 && !(killed && round > 10); round++) {
          for (const [k, item] of f.ballot2.entries()) {
            const target = (v + k + round) % 2 === 0 ? A() : B();
            const vote = ballotOf(round);
            const attempt: Attempt = { versionId: item.id, ...vote, acknowledged: false };
            attempts[v]!.push(attempt);
            try {
              const res = await voter.at(target).post(`/d/${f.id}/vote`, { versionId: item.id, ...vote, next: "0" });
              attempt.acknowledged = res.status === 302;
            } catch {
              // A is gone: not acknowledged
            }
          }
        }
      });
      // well into the storm, A dies without a chance to flush anything
      await waitFor("the storm is under way", () => attempts.every((list) => list.filter((x) => x.acknowledged).length >= 5), 20_000);
      await multi.kill(0, "SIGKILL");
      killed = true;
      await Promise.all(storm);

      const acknowledged = attempts.flat().filter((x) => x.acknowledged).length;
      expect(acknowledged).toBeGreaterThan(voters.length * 5);
      expect(attempts.flat().some((x) => !x.acknowledged)).toBe(true); // some did meet the dead instance
      for (const [v, list] of attempts.entries()) {
        const rows = await db.selectFrom("votes").select(["version_id", "choice", "confidence"]).where("membership_id", "=", membershipOf(v)).execute();
        for (const item of f.ballot2) {
          const forItem = list.filter((x) => x.versionId === item.id);
          const lastAck = forItem.map((x) => x.acknowledged).lastIndexOf(true);
          if (lastAck < 0) continue;
          const row = rows.find((r) => r.version_id === item.id);
          expect(row, `voter ${v + 1}, ${item.title}`).toBeDefined();
          // the last acknowledged vote, or one sent after it that the dead instance stored without answering
          const possible = forItem.slice(lastAck).map((x) => `${x.choice}/${x.confidence}`);
          expect(possible).toContain(`${row!.choice}/${row!.confidence}`);
        }
      }

      // A's live client reconnects (through the balancer, to B) and converges with B's
      await setPhase(db, f.round2.id, "discussing"); // comments are taken while discussing
      const author = await loggedIn(B(), "participant");
      const res = await author.post(`/d/${f.id}/proposals/${pid}`, { intent: "comment", stance: "supports", body: "After A died." });
      expect(res.status).toBe(302);
      const id = /#comment-([A-Za-z0-9_-]+)$/.exec(res.headers.get("location") ?? "")![1]!;
      await waitFor("the reader of A, reconnected to B, sees the comment posted after A died", () => viaBalancer.comments().has(id), 20_000);
      await waitFor("both readers hold the same comments", () => JSON.stringify([...viaBalancer.comments().keys()].sort()) === JSON.stringify([...onB.comments().keys()].sort()));
    } finally {
      await setPhase(db, f.round2.id, "voting");
      await balancer.close();
    }
  });
});
