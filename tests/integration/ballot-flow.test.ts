import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createProposal } from "../../app/deliberation/proposal-service.server";
import { advancePhase, openRound } from "../../app/deliberation/round-service.server";
import { castVote, getBallot } from "../../app/deliberation/vote-service.server";
import { buildConsensusView } from "../../app/results/consensus-view.server";
import { freshRoundConsensus } from "../../app/results/round-results.server";
import { findSnapshot } from "../../app/results/results-source.server";
import { buildReport } from "../../app/report/report-service.server";
import { clientFor, facilitatorClient, FACILITATOR_PASSWORD } from "../helpers/round-scenario";
import { makeDeliberation, proposalInput, type TestDeliberation } from "../helpers/scenario";
import { startTestServer, type Client } from "../helpers/test-server";
import { hashPassword } from "../../app/auth/crypto.server";
import type { AppContext } from "../../app/context/app-context.server";

/** Issue 11, the ballot: order per participant, undo, and why people disagree. */
let server: Awaited<ReturnType<typeof startTestServer>>;
let app: AppContext;

beforeAll(async () => {
  server = await startTestServer();
  app = server.app;
});
afterAll(async () => server.stop());

/** A deliberation in its voting phase with `cards` statements; people per group as given. */
async function votingScenario(title: string, cards: number, sizes: number[]) {
  const d = await makeDeliberation(app, title, {
    groups: sizes.map((_, g) => ({ id: null, name: ["Industry", "Civil society", "Academia"][g]!, targetShare: 1 / sizes.length })),
  });
  const people: { userId: string; group: number }[] = [];
  for (const [g, n] of sizes.entries()) for (let i = 0; i < n; i++) people.push({ userId: await d.join(`${title} ${g}-${i}`, { group: g }), group: g });
  const fac = () => d.ctx(d.facilitatorId);
  await openRound(await fac());
  for (let i = 0; i < cards; i++) await createProposal(await d.ctx(people[i % people.length]!.userId), proposalInput({ title: `${title} red line ${String(i + 1).padStart(2, "0")}` }));
  await advancePhase(await fac(), "proposing");
  await advancePhase(await fac(), "discussing");
  const ballot = (await getBallot(await d.ctx(people[0]!.userId))).items.map((i) => i.versionId);
  return { d, people, ballot: [...ballot].sort(), fac };
}

const order = async (d: TestDeliberation, userId: string) => (await getBallot(await d.ctx(userId))).items.map((i) => i.versionId);

describe("each participant's own ballot order", () => {
  let s: Awaited<ReturnType<typeof votingScenario>>;
  beforeAll(async () => {
    s = await votingScenario("Order", 10, [2]);
  });

  it("is stable for a participant and differs between two", async () => {
    const [a, b] = s.people;
    const first = await order(s.d, a!.userId);
    expect(await order(s.d, a!.userId)).toEqual(first);
    const other = await order(s.d, b!.userId);
    expect(new Set(other)).toEqual(new Set(first));
    expect(other).not.toEqual(first);
  });

  it("puts the cards already voted on last", async () => {
    const a = s.people[0]!;
    const before = await order(s.d, a.userId);
    const ctx = await s.d.ctx(a.userId);
    await castVote(ctx, { versionId: before[0]!, choice: "agree", confidence: null });
    await castVote(ctx, { versionId: before[3]!, choice: "pass", confidence: null });
    const after = await order(s.d, a.userId);
    expect(after.slice(-2)).toEqual([before[0], before[3]]);
    expect(after.slice(0, 8)).toEqual(before.filter((_, i) => i !== 0 && i !== 3));
  });

  it("is one fixed order for everyone when the facilitator chooses it (over HTTP, facilitators only)", async () => {
    const email = (await app.db.selectFrom("users").select("email").where("id", "=", s.d.facilitatorId).executeTakeFirstOrThrow()).email!;
    await app.db.updateTable("users").set({ password_hash: await hashPassword(FACILITATOR_PASSWORD) }).where("id", "=", s.d.facilitatorId).execute();
    const participant = await clientFor(app, server.url, s.people[1]!.userId);
    const refused = await participant.post(`/d/${s.d.id}/settings`, { intent: "ballotOrder", ballotOrder: "fixed" });
    expect(refused.status).toBe(403);
    const facilitator = await facilitatorClient(server.url, email);
    expect((await facilitator.post(`/d/${s.d.id}/settings`, { intent: "ballotOrder", ballotOrder: "sideways" })).status).toBe(400);
    const saved = await facilitator.post(`/d/${s.d.id}/settings`, { intent: "ballotOrder", ballotOrder: "fixed" });
    expect(saved.status).toBe(302);
    const b = await order(s.d, s.people[1]!.userId);
    // the ballot's own order (proposal creation order), the same for everyone; voted cards still last
    const fixed = (await app.db.selectFrom("proposal_versions as v").innerJoin("proposals as p", "p.id", "v.proposal_id").select("v.id").where("p.deliberation_id", "=", s.d.id).orderBy("p.created_at").orderBy("v.id").execute()).map((r) => r.id);
    expect(b).toEqual(fixed);
    const a = await order(s.d, s.people[0]!.userId);
    expect(a).toEqual([...fixed.filter((id) => !a.slice(-2).includes(id)), ...fixed.filter((id) => a.slice(-2).includes(id))]);
  });
});

describe("undo the last vote", () => {
  let s: Awaited<ReturnType<typeof votingScenario>>;
  let me: Client;
  let other: Client;
  const myVote = async (versionId: string) =>
    (await app.db.selectFrom("votes").innerJoin("memberships as m", "m.id", "votes.membership_id").select(["choice", "confidence", "reason"]).where("m.user_id", "=", s.people[0]!.userId).where("version_id", "=", versionId).executeTakeFirst()) ?? null;
  beforeAll(async () => {
    s = await votingScenario("Undo", 3, [2]);
    me = await clientFor(app, server.url, s.people[0]!.userId);
    other = await clientFor(app, server.url, s.people[1]!.userId);
  });
  const url = () => `/d/${s.d.id}/vote`;

  it("without JavaScript: removes the vote just cast and lands on its card by the anchor", async () => {
    const v = s.ballot[0]!;
    const cast = await me.post(url(), { versionId: v, choice: "disagree", reason: "evidence" });
    expect(cast.status).toBe(302);
    // a Disagree asks why on the next card: the location names the card voted
    expect(cast.headers.get("location")).toMatch(new RegExp(`saved=1&why=${v}#card$`));
    const page = await (await me.get(cast.headers.get("location")!.replace(/#card$/, ""))).text();
    expect(page).toContain('name="intent" value="undo"');
    const undone = await me.post(url(), { intent: "undo", versionId: v });
    expect(undone.status).toBe(302);
    expect(undone.headers.get("location")).toBe(`${url()}?v=${v}&undone=1#card`);
    expect(await myVote(v)).toBeNull();
    // one step only: a second undo has nothing to undo
    const again = await me.post(url(), { intent: "undo", versionId: v });
    expect(again.status).toBe(409);
    expect(await again.text()).toContain("nothing to undo");
  });

  it("with JavaScript (the fetcher's post): restores the choice a changed vote replaced, without the anchor", async () => {
    const v = s.ballot[1]!;
    expect((await me.post(url(), { versionId: v, choice: "agree", confidence: "4", js: "1" })).headers.get("location")).not.toContain("#");
    await me.post(url(), { versionId: v, choice: "pass", reason: "wording", js: "1" });
    expect(await myVote(v)).toMatchObject({ choice: "pass", reason: "wording", confidence: null });
    const undone = await me.post(url(), { intent: "undo", versionId: v, js: "1" });
    expect(undone.status).toBe(302);
    expect(undone.headers.get("location")).toBe(`${url()}?v=${v}&undone=1`);
    expect(await myVote(v)).toMatchObject({ choice: "agree", confidence: 4, reason: null });
  });

  it("undoes only your own vote", async () => {
    const v = s.ballot[2]!;
    await me.post(url(), { versionId: v, choice: "disagree" });
    const theirs = await other.post(url(), { intent: "undo", versionId: v });
    expect(theirs.status).toBe(409);
    expect(await myVote(v)).toMatchObject({ choice: "disagree" });
  });

  it("only while the round is voting", async () => {
    const v = s.ballot[2]!;
    await advancePhase(await s.fac(), "voting");
    const late = await me.post(url(), { intent: "undo", versionId: v });
    expect(late.status).toBe(409);
    expect(await myVote(v)).toMatchObject({ choice: "disagree" });
  });
});

describe("why I disagree", () => {
  let s: Awaited<ReturnType<typeof votingScenario>>;
  beforeAll(async () => {
    // Industry 6, Civil society 6, Academia 5; k = 5
    s = await votingScenario("Reasons", 2, [6, 6, 5]);
  });

  it("is stored with a disagree or pass, refused when unknown, and cleared by a change to agree", async () => {
    const me = await clientFor(app, server.url, s.people[0]!.userId);
    const v = s.ballot[1]!;
    const read = async () => app.db.selectFrom("votes").innerJoin("memberships as m", "m.id", "votes.membership_id").select(["choice", "reason"]).where("m.user_id", "=", s.people[0]!.userId).where("version_id", "=", v).executeTakeFirst();
    expect((await me.post(`/d/${s.d.id}/vote`, { versionId: v, choice: "disagree", reason: "values" })).status).toBe(302);
    expect(await read()).toEqual({ choice: "disagree", reason: "values" });
    const bad = await me.post(`/d/${s.d.id}/vote`, { versionId: v, choice: "pass", reason: "astrology" });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain("Choose one of the reasons, or none.");
    expect(await read()).toEqual({ choice: "disagree", reason: "values" });
    expect((await me.post(`/d/${s.d.id}/vote`, { versionId: v, choice: "agree", reason: "values" })).status).toBe(302);
    expect(await read()).toEqual({ choice: "agree", reason: null });
  });

  it("is given in one tap after a Disagree or Pass: offered on the next card, saved on that vote alone", async () => {
    const me = await clientFor(app, server.url, s.people[1]!.userId);
    const [v, next] = [s.ballot[1]!, s.ballot[0]!];
    const read = async () => app.db.selectFrom("votes").innerJoin("memberships as m", "m.id", "votes.membership_id").select(["choice", "confidence", "reason"]).where("m.user_id", "=", s.people[1]!.userId).where("version_id", "=", v).executeTakeFirst();
    const cast = await me.post(`/d/${s.d.id}/vote`, { versionId: v, choice: "pass", confidence: "2", next, js: "1" });
    expect(cast.headers.get("location")).toBe(`/d/${s.d.id}/vote?v=${next}&saved=1&why=${v}`);
    // the next card offers the reasons for the Pass just cast
    const page = await (await me.get(cast.headers.get("location")!)).text();
    expect(page).toContain('name="intent" value="reason"');
    expect(page).toContain(`name="versionId" value="${v}"`);
    expect(page).toContain("Why Pass? (optional)");
    const given = await me.post(`/d/${s.d.id}/vote`, { intent: "reason", versionId: v, reason: "timeline", next, js: "1" });
    expect(given.status).toBe(302);
    expect(given.headers.get("location")).toBe(`/d/${s.d.id}/vote?v=${next}&reasoned=1`);
    expect(await read()).toEqual({ choice: "pass", confidence: 2, reason: "timeline" });
    // an Agree asks nothing
    const agreed = await me.post(`/d/${s.d.id}/vote`, { versionId: next, choice: "agree", js: "1" });
    expect(agreed.headers.get("location")).not.toContain("why=");
  });

  it("is refused, changing nothing, for an Agree, without a vote, for an unknown reason or version, or on another's vote", async () => {
    const me = await clientFor(app, server.url, s.people[2]!.userId);
    const [v, w] = [s.ballot[0]!, s.ballot[1]!];
    const votes = async () => app.db.selectFrom("votes").innerJoin("memberships as m", "m.id", "votes.membership_id").select(["version_id", "choice", "reason"]).where("m.user_id", "=", s.people[2]!.userId).orderBy("version_id").execute();
    await me.post(`/d/${s.d.id}/vote`, { versionId: v, choice: "agree" });
    const before = await votes();
    const onAgree = await me.post(`/d/${s.d.id}/vote`, { intent: "reason", versionId: v, reason: "values" });
    expect(onAgree.status).toBe(409);
    expect(await onAgree.text()).toContain("A reason goes with a Disagree or a Pass");
    expect((await me.post(`/d/${s.d.id}/vote`, { intent: "reason", versionId: w, reason: "values" })).status).toBe(409);
    const unknown = await me.post(`/d/${s.d.id}/vote`, { intent: "reason", versionId: v, reason: "astrology" });
    expect(unknown.status).toBe(400);
    expect(await unknown.text()).toContain("Choose one of the reasons, or none.");
    expect((await me.post(`/d/${s.d.id}/vote`, { intent: "reason", versionId: "no-such-version", reason: "values" })).status).toBe(404);
    expect(await votes()).toEqual(before);
    // someone else's vote is never touched: the reason goes on the sender's own vote only
    const other = await clientFor(app, server.url, s.people[3]!.userId);
    await other.post(`/d/${s.d.id}/vote`, { versionId: w, choice: "disagree" });
    expect((await me.post(`/d/${s.d.id}/vote`, { intent: "reason", versionId: w, reason: "values" })).status).toBe(409);
    const theirs = await app.db.selectFrom("votes").innerJoin("memberships as m", "m.id", "votes.membership_id").select("reason").where("m.user_id", "=", s.people[3]!.userId).where("version_id", "=", w).executeTakeFirstOrThrow();
    expect(theirs.reason).toBeNull();
  });

  it("splits a crux by reason in the snapshot, the results (k-protected) and the report", async () => {
    const crux = s.ballot[0]!;
    for (const [i, p] of s.people.entries()) {
      const ctx = await s.d.ctx(p.userId);
      // Industry agrees; civil society disagrees on the evidence; academia disagrees, 2 of them on values
      if (p.group === 0) await castVote(ctx, { versionId: crux, choice: "agree", confidence: null, reason: "evidence" });
      else if (p.group === 1) await castVote(ctx, { versionId: crux, choice: "disagree", confidence: null, reason: "evidence" });
      else await castVote(ctx, { versionId: crux, choice: "disagree", confidence: null, reason: i % 2 === 0 ? "values" : null });
    }
    await advancePhase(await s.fac(), "voting");
    await app.scheduler.flush();
    const round = await app.db.selectFrom("rounds").select(["id", "number"]).where("deliberation_id", "=", s.d.id).executeTakeFirstOrThrow();
    // closed: a reason can no longer be given or changed
    const late = await (await clientFor(app, server.url, s.people[6]!.userId)).post(`/d/${s.d.id}/vote`, { intent: "reason", versionId: crux, reason: "timeline" });
    expect(late.status).toBe(409);

    const snap = (await findSnapshot(app.db, round.id))!.snapshot;
    const reasons = snap.votes.filter((v) => v.versionId === crux && v.reason).map((v) => v.reason);
    expect(reasons.filter((r) => r === "evidence")).toHaveLength(6);
    expect(reasons.filter((r) => r === "values")).toHaveLength(3);

    const result = (await freshRoundConsensus(app.db, s.d.id, round.id))!;
    const st = result.statements.find((x) => x.versionId === crux)!;
    expect(st.classification).toBe("disagreement");
    expect(st.reasons!.overall).toMatchObject({ evidence: 6, values: 3 });

    const participantView = await buildConsensusView(await s.d.ctx(s.people[0]!.userId), round, [round], null);
    const facilitatorView = await buildConsensusView(await s.fac(), round, [round], null);
    if (participantView.status !== "ready" || facilitatorView.status !== "ready") throw new Error("results not ready");
    const seen = participantView.byVersion[crux]!.reasons!;
    // Academia gave 3 reasons (< k): its row is merged into Other, never shown on its own; Other itself needs k
    expect(seen.groups.map((g) => g.name)).not.toContain("Academia");
    for (const g of seen.groups) expect(g.given).toBeGreaterThanOrEqual(5);
    expect(facilitatorView.byVersion[crux]!.reasons!.groups.find((g) => g.name === "Academia")).toMatchObject({ given: 3, counts: { values: 3 } });

    const report = await buildReport(app.db, s.d.id, round.id, { summary: "", notes: {}, generatedAt: "2026-12-01T00:00:00.000Z" });
    const key = `S${result.statements.indexOf(st) + 1}`;
    const rs = report.disagreement.find((x) => x.key === key)!;
    expect(rs.disagreementReasons!.sentence).toMatch(/mainly (on|about) the evidence\.$/);
    expect(rs.disagreementReasons!.groups.map((g) => g.name)).not.toContain("Academia");
  });
});

