import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AppContext } from "../../app/context/app-context.server";
import type { DB, Executor } from "../../db/connection";
import { findLiveMembership } from "../../app/deliberation/membership-repository.server";
import { createProposal } from "../../app/deliberation/proposal-service.server";
import { findLatestRound } from "../../app/deliberation/round-repository.server";
import { advancePhase, openRound } from "../../app/deliberation/round-service.server";
import { castVote } from "../../app/deliberation/vote-service.server";
import { createTestDb } from "../helpers/test-db";
import { takeRoundSnapshot } from "../../app/results/results-source.server";
import { createInviteToken, demoFacts, joinWithToken, loggedIn } from "../helpers/demo";
import { makeDeliberation, proposalInput, type TestDeliberation } from "../helpers/scenario";
import { startTestServer, type Client } from "../helpers/test-server";

const N = 50;
const CHOICES = ["agree", "disagree", "pass"] as const;
type Choice = (typeof CHOICES)[number];

/** N different (choice, confidence) pairs, so the stored row can be traced to one single request. */
function submissions(n: number, confidences: readonly (number | null)[]) {
  return Array.from({ length: n }, (_, i) => ({ choice: CHOICES[i % 3]!, confidence: confidences[i % confidences.length]! }));
}

async function votesOf(db: DB, membershipId: string, versionId: string) {
  return db.selectFrom("votes").selectAll().where("membership_id", "=", membershipId).where("version_id", "=", versionId).execute();
}

describe("castVote under concurrency (service, fresh database)", () => {
  let db: DB;
  let app: AppContext;
  let cleanup: () => Promise<void>;
  let versionId: string;
  let otherVersionId: string;
  let alice: { userId: string; membershipId: string };
  let bob: { userId: string; membershipId: string };
  let ctxOf: TestDeliberation["ctx"];

  beforeAll(async () => {
    ({ db, app, cleanup } = await createTestDb());
    const d = await makeDeliberation(app, "Concurrency");
    ctxOf = d.ctx;
    const a = await d.join("Alice Voter");
    const b = await d.join("Bob Voter", { group: 1 });
    alice = { userId: a, membershipId: (await findLiveMembership(db, d.id, a))!.id };
    bob = { userId: b, membershipId: (await findLiveMembership(db, d.id, b))!.id };
    await openRound(await d.ctx(d.facilitatorId));
    const p1 = await createProposal(await d.ctx(a), proposalInput({ title: "First ballot item" }));
    const p2 = await createProposal(await d.ctx(b), proposalInput({ title: "Second ballot item" }));
    await advancePhase(await d.ctx(d.facilitatorId), "proposing");
    await advancePhase(await d.ctx(d.facilitatorId), "discussing");
    const round = await findLatestRound(db, d.id);
    const ballot = await db.selectFrom("proposal_versions").select(["id", "proposal_id"]).where("round_id", "=", round!.id).execute();
    versionId = ballot.find((v) => v.proposal_id === p1)!.id;
    otherVersionId = ballot.find((v) => v.proposal_id === p2)!.id;
  });
  afterAll(async () => cleanup());

  it(`${N} parallel votes by one participant on one version leave exactly one row, carrying one of the submitted pairs`, async () => {
    const ctx = await ctxOf(alice.userId);
    const sent = submissions(N, [1, 2, 3, 4, 5, null]);
    const results = await Promise.allSettled(sent.map((s) => castVote(ctx, { versionId, choice: s.choice, confidence: s.confidence })));
    expect(results.filter((r) => r.status === "rejected")).toEqual([]);
    const rows = await votesOf(db, alice.membershipId, versionId);
    expect(rows).toHaveLength(1);
    expect(sent).toContainEqual({ choice: rows[0]!.choice, confidence: rows[0]!.confidence });
  });

  it("a later vote changes the one row instead of adding another (same id, new choice)", async () => {
    const [before] = await votesOf(db, alice.membershipId, versionId);
    await castVote(await ctxOf(alice.userId), { versionId, choice: "pass", confidence: 5 });
    const rows = await votesOf(db, alice.membershipId, versionId);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ id: before!.id, choice: "pass", confidence: 5, created_at: before!.created_at });
  });

  it("two participants voting in parallel on the same versions each end with one row per version, from their own submissions", async () => {
    const [ctxA, ctxB] = [await ctxOf(alice.userId), await ctxOf(bob.userId)];
    // disjoint confidence sets: Alice sends 1–2, Bob sends 4–5, so rows cannot be mixed up unnoticed
    const sentA = submissions(N, [1, 2]);
    const sentB = submissions(N, [4, 5]);
    const calls: Promise<void>[] = [];
    for (let i = 0; i < N; i++) {
      for (const v of [versionId, otherVersionId]) {
        calls.push(castVote(ctxA, { versionId: v, ...sentA[i]! }));
        calls.push(castVote(ctxB, { versionId: v, ...sentB[i]! }));
      }
    }
    const results = await Promise.allSettled(calls);
    expect(results.filter((r) => r.status === "rejected")).toEqual([]);
    for (const v of [versionId, otherVersionId]) {
      const a = await votesOf(db, alice.membershipId, v);
      const b = await votesOf(db, bob.membershipId, v);
      expect(a).toHaveLength(1);
      expect(b).toHaveLength(1);
      expect(sentA).toContainEqual({ choice: a[0]!.choice, confidence: a[0]!.confidence });
      expect(sentB).toContainEqual({ choice: b[0]!.choice, confidence: b[0]!.confidence });
    }
    const total = await db.selectFrom("votes").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
    expect(Number(total.n)).toBe(4);
  });
});

describe("POST /d/:id/vote under concurrency (real server, seeded demo)", () => {
  let server: Awaited<ReturnType<typeof startTestServer>>;
  let facts: Awaited<ReturnType<typeof demoFacts>>;
  let participant: Client;
  let second: Client;
  let secondMembershipId: string;

  beforeAll(async () => {
    server = await startTestServer({ seedDemo: true });
    facts = await demoFacts(server.db);
    participant = await loggedIn(server.url, "participant");
    const facilitator = await loggedIn(server.url, "facilitator");
    const token = await createInviteToken(facilitator, facts.id, { stakeholderGroupId: facts.groups[0]!.id });
    second = await joinWithToken(server.url, token, "Second Concurrent Voter");
    const user = await server.db.selectFrom("users").select("id").where("display_name", "=", "Second Concurrent Voter").executeTakeFirstOrThrow();
    secondMembershipId = (await findLiveMembership(server.db, facts.id, user.id))!.id;
  });
  afterAll(async () => server.stop());

  const post = (c: Client, versionId: string, choice: Choice, confidence: string) =>
    c.post(`/d/${facts.id}/vote`, { versionId, choice, confidence, next: "0" });

  it(`${N} parallel form posts from one participant for one version store exactly one vote`, async () => {
    const versionId = facts.ballot2[0]!.id;
    expect(await votesOf(server.db, facts.participant.id, versionId)).toHaveLength(0);
    const sent = submissions(N, [1, 2, 3, 4, 5]);
    const responses = await Promise.all(sent.map((s) => post(participant, versionId, s.choice, String(s.confidence))));
    expect(responses.map((r) => r.status)).toEqual(Array(N).fill(302));
    const rows = await votesOf(server.db, facts.participant.id, versionId);
    expect(rows).toHaveLength(1);
    expect(sent.map((s) => `${s.choice}/${s.confidence}`)).toContain(`${rows[0]!.choice}/${rows[0]!.confidence}`);
  });

  it("a second participant posting in parallel on the same version does not disturb the first, and vice versa", async () => {
    const versionId = facts.ballot2[1]!.id;
    const countBefore = (await server.db.selectFrom("votes").select("id").where("version_id", "=", versionId).execute()).length;
    const requests: Promise<Response>[] = [];
    for (let i = 0; i < 25; i++) {
      requests.push(post(participant, versionId, i % 2 ? "agree" : "disagree", "1"));
      requests.push(post(second, versionId, "pass", i % 2 ? "4" : "5"));
    }
    const responses = await Promise.all(requests);
    expect(responses.every((r) => r.status === 302)).toBe(true);
    const mine = await votesOf(server.db, facts.participant.id, versionId);
    const theirs = await votesOf(server.db, secondMembershipId, versionId);
    expect(mine).toHaveLength(1);
    expect(theirs).toHaveLength(1);
    expect(mine[0]).toMatchObject({ choice: expect.stringMatching(/^(agree|disagree)$/), confidence: 1 });
    expect(theirs[0]).toMatchObject({ choice: "pass", confidence: expect.toSatisfy((c: number) => c === 4 || c === 5) });
    const countAfter = (await server.db.selectFrom("votes").select("id").where("version_id", "=", versionId).execute()).length;
    expect(countAfter).toBe(countBefore + 2);
  });
});

describe("a vote racing the close of its round (service, fresh database)", () => {
  let db: DB;
  let app: AppContext;
  let cleanup: () => Promise<void>;
  beforeAll(async () => {
    ({ db, app, cleanup } = await createTestDb());
  });
  afterAll(async () => cleanup());

  it("waits for a close in progress and is refused: never stored after the round's snapshot was taken", async () => {
    const d = await makeDeliberation(app, "Race to close");
    const voter = await d.join("Late Voter");
    await openRound(await d.ctx(d.facilitatorId));
    await createProposal(await d.ctx(voter), proposalInput({ title: "Raced" }));
    await advancePhase(await d.ctx(d.facilitatorId), "proposing");
    await advancePhase(await d.ctx(d.facilitatorId), "discussing");
    const round = (await findLatestRound(db, d.id))!;
    const version = await db.selectFrom("proposal_versions").select("id").where("round_id", "=", round.id).executeTakeFirstOrThrow();
    const ctx = await d.ctx(voter); // read while the round is still voting, as the vote's request does

    // the real close, paused inside its transaction (phase changed, snapshot not yet taken) while the vote is sent
    let vote: Promise<string | number> | undefined;
    let inSnapshot = -1;
    const snapshot = (tx: Executor, c: { deliberationId: string; round: { id: string; number: number }; closedAt: string }) =>
      takeRoundSnapshot(tx, c.deliberationId, c.round, c.closedAt);
    app.events.setRoundClosingHook(async (tx, c) => {
      vote = castVote(ctx, { versionId: version.id, choice: "agree", confidence: null }).then(
        () => "stored",
        (error: unknown) => (error as { status?: number }).status ?? String(error),
      );
      await new Promise((resolve) => setTimeout(resolve, 300)); // time for the vote to read and write, were it not held back
      inSnapshot = (await tx.selectFrom("votes").select("id").where("version_id", "=", version.id).execute()).length;
      await snapshot(tx, c);
    });
    try {
      await advancePhase(await d.ctx(d.facilitatorId), "voting");
    } finally {
      app.events.setRoundClosingHook(async (tx, c) => void (await snapshot(tx, c)));
    }
    expect(await vote).toBe(409);
    expect(inSnapshot).toBe(0);
    expect(await db.selectFrom("votes").select("id").where("version_id", "=", version.id).execute()).toEqual([]);
  });
});
