import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { postComment } from "../../app/collab/comment-service.server";
import { createProposal } from "../../app/deliberation/proposal-service.server";
import { advancePhase, openRound } from "../../app/deliberation/round-service.server";
import { castVote } from "../../app/deliberation/vote-service.server";
import { loadParticipation, type ParticipationMonitor } from "../../app/participation/participation-service.server";
import { clientFor, facilitatorClient, FACILITATOR_PASSWORD } from "../helpers/round-scenario";
import { makeDeliberation, proposalInput } from "../helpers/scenario";
import { startTestServer } from "../helpers/test-server";
import { hashPassword } from "../../app/auth/crypto.server";
import type { AppContext } from "../../app/context/app-context.server";
import { buildReport } from "../../app/report/report-service.server";
import { renderReportHtml } from "../../app/report/render-html";
import { renderReportMarkdown } from "../../app/report/render-markdown";
import { renderReportPdf } from "../../app/report/render-pdf.server";
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

/**
 * The participation monitor during a live voting round. Groups Government 6 (target 40 %),
 * Citizens 6 (30 %), Academia 5 (20 %), Industry 2 (10 %, under k = 5); regions Europe (target
 * 80 %) and Africa (20 %). Voters: Government 2, Citizens 4, Academia 3, Industry 1 → 10 voters, so
 * Government is at 20 % of voters and Europe at 60 %, both 20 points under target.
 */
let server: Awaited<ReturnType<typeof startTestServer>>;
type Scenario = Awaited<ReturnType<typeof liveRound>>;
let s: Scenario;

const VOTERS_PER_GROUP = [2, 4, 3, 1];

async function liveRound(app: AppContext, title: string, attributionMode: "chatham_house" | "anonymous" = "chatham_house") {
  const d = await makeDeliberation(app, title, {
    attributionMode,
    groups: [
      { id: null, name: "Government", targetShare: 0.4 },
      { id: null, name: "Citizens", targetShare: 0.3 },
      { id: null, name: "Academia", targetShare: 0.2 },
      { id: null, name: "Industry", targetShare: 0.1 },
    ],
    regions: ["Europe", "Africa"],
  });
  const db = app.db;
  const email = (await db.selectFrom("users").select("email").where("id", "=", d.facilitatorId).executeTakeFirstOrThrow()).email!;
  await db.updateTable("users").set({ password_hash: await hashPassword(FACILITATOR_PASSWORD) }).where("id", "=", d.facilitatorId).execute();
  const regions = await db.selectFrom("regions").select(["id", "name"]).where("deliberation_id", "=", d.id).orderBy("position").execute();
  await db.updateTable("regions").set({ target_share: 0.8 }).where("id", "=", regions[0]!.id).execute();
  await db.updateTable("regions").set({ target_share: 0.2 }).where("id", "=", regions[1]!.id).execute();
  const people: { userId: string; group: number; name: string }[] = [];
  for (const [g, n] of [6, 6, 5, 2].entries()) {
    for (let i = 0; i < n; i++) {
      const name = `${title} member ${g}-${i}`;
      const userId = await d.join(name, { group: g });
      // every other member of each group is in Europe: 10 members, 6 of the voters
      const regionId = regions[i % 2]!.id;
      await db.updateTable("memberships").set({ region_id: regionId }).where("user_id", "=", userId).where("deliberation_id", "=", d.id).execute();
      people.push({ userId, group: g, name });
    }
  }
  const observerId = await d.join(`${title} observer`, { role: "observer" });
  const fac = () => d.ctx(d.facilitatorId);
  await openRound(await fac());
  const proposals = [];
  for (const [i, t] of ["Statement one", "Statement two", "Statement three"].entries()) proposals.push(await createProposal(await d.ctx(people[[0, 6, 12][i]!]!.userId), proposalInput({ title: t })));
  await advancePhase(await fac(), "proposing");
  for (const p of [people[1]!, people[7]!, people[7]!, people[17]!]) {
    await postComment(await d.ctx(p.userId), proposals[0]!, { stance: "supports", body: "Keep this line.", anchor: "", parentId: "", submissionId: "" });
  }
  await advancePhase(await fac(), "discussing");
  const ballot = await db
    .selectFrom("proposal_versions as v")
    .innerJoin("proposals as p", "p.id", "v.proposal_id")
    .select(["v.id"])
    .where("p.deliberation_id", "=", d.id)
    .where("v.frozen_at", "is not", null)
    .execute();
  const voters: typeof people = [];
  for (const [g, n] of VOTERS_PER_GROUP.entries()) voters.push(...people.filter((p) => p.group === g).slice(0, n));
  for (const [i, p] of voters.entries()) {
    const ctx = await d.ctx(p.userId);
    // some vote on every statement, some on one only
    for (const v of i % 3 === 0 ? ballot.slice(0, 1) : ballot) await castVote(ctx, { versionId: v.id, choice: "agree", confidence: null });
  }
  return { ...d, email, people, voters, observerId, regions };
}

beforeAll(async () => {
  server = await startTestServer();
  s = await liveRound(server.app, "Balance");
});
afterAll(async () => server.stop());

const facilitatorView = async (sc: Scenario = s) => loadParticipation(await sc.ctx(sc.facilitatorId));
const row = (m: ParticipationMonitor, kind: "groups" | "regions", name: string) => m[kind].find((r) => r.name === name)!;

describe("participation monitor numbers", () => {
  it("equal the counts computed directly from the database, per group and per region", async () => {
    const db = server.app.db;
    const m = await facilitatorView();
    const members = await db.selectFrom("memberships").selectAll().where("deliberation_id", "=", s.id).where("role", "=", "participant").where("removed_at", "is", null).execute();
    const round = await db.selectFrom("rounds").selectAll().where("deliberation_id", "=", s.id).executeTakeFirstOrThrow();
    const votes = await db.selectFrom("votes").selectAll().where("round_id", "=", round.id).execute();
    const comments = await db.selectFrom("comments").selectAll().where("deliberation_id", "=", s.id).execute();
    const proposals = await db.selectFrom("proposals").selectAll().where("deliberation_id", "=", s.id).execute();
    const byId = new Map(members.map((x) => [x.id, x]));
    for (const [kind, key] of [["groups", "stakeholder_group_id"], ["regions", "region_id"]] as const) {
      const of = (membershipId: string) => byId.get(membershipId)?.[key];
      for (const r of m[kind]) {
        const mine = members.filter((x) => x[key] === r.id);
        expect(r.counts.members, `${r.name} members`).toBe(mine.length);
        expect(r.counts.votes, `${r.name} votes`).toBe(votes.filter((v) => of(v.membership_id) === r.id).length);
        expect(r.counts.voters, `${r.name} voters`).toBe(new Set(votes.filter((v) => of(v.membership_id) === r.id).map((v) => v.membership_id)).size);
        expect(r.counts.comments, `${r.name} comments`).toBe(comments.filter((c) => of(c.membership_id) === r.id).length);
        expect(r.counts.proposals, `${r.name} proposals`).toBe(proposals.filter((p) => of(p.author_membership_id) === r.id).length);
        expect(r.turnout).toBeCloseTo(r.counts.voters / r.counts.members, 9);
      }
      expect(m[kind].reduce((a, r) => a + r.counts.votes, 0)).toBe(votes.length);
    }
    // the groups are the declared ones, with the scenario's sizes and voters
    expect(m.groups.map((g) => [g.name, g.counts.members, g.counts.voters])).toEqual([["Government", 6, 2], ["Citizens", 6, 4], ["Academia", 5, 3], ["Industry", 2, 1]]);
    expect(m.totals).toMatchObject({ members: 19, voters: 10, proposals: 3, comments: 4 });
    // the turnout series ends at everyone who has voted
    expect(m.timeline.length).toBeGreaterThan(1);
    expect(m.timeline.at(-1)!.voters).toBe(10);
    expect(m.timeline.at(-1)!.turnout).toBeCloseTo(10 / 19, 9);
    // gap to target in people: Government needs x more voters with (2 + x) / (10 + x) ≥ 0.4 → x = 4
    expect(row(m, "groups", "Government").gapPeople).toBe(4);
    expect(row(m, "groups", "Citizens").gapPeople).toBe(0);
  });
});

describe("alerts", () => {
  const setMargin = async (margin: number) => server.app.db.updateTable("deliberations").set({ participation_margin: margin }).where("id", "=", s.id).execute();
  afterAll(async () => setMargin(5));

  it("appear exactly when a group or region is under its target by more than the margin", async () => {
    // Government and Europe are both exactly 20 points under target (20 % of voters vs 40 %; 60 % vs 80 %)
    expect(row(await facilitatorView(), "regions", "Europe").shares.voters).toBeCloseTo(0.6, 9);
    await setMargin(20);
    expect((await facilitatorView()).alerts).toEqual([]);
    await setMargin(19);
    const m = await facilitatorView();
    expect(m.alerts.map((a) => a.sentence)).toEqual([
      "Government: 2 of 6 voted, target share 40 %, now 20 % of voters",
      "Europe: 6 of 10 voted, target share 80 %, now 60 % of voters",
    ]);
    for (const r of [...m.groups, ...m.regions]) {
      expect(r.alert, r.name).toBe(r.targetShare !== null && r.shares.voters !== null && r.targetShare - r.shares.voters > 0.19 + 1e-9);
    }
    const fac = await facilitatorClient(server.url, s.email);
    const html = await (await fac.get(`/d/${s.id}/participation`)).text();
    expect(html).toContain("Government: 2 of 6 voted, target share 40 %, now 20 % of voters");
  });

  it("the margin is a validated setting: bad input is refused with a sentence and changes nothing", async () => {
    await setMargin(19);
    const fac = await facilitatorClient(server.url, s.email);
    const regionIds = s.regions.map((r) => r.id);
    for (const margin of ["0", "abc", "51", "2.5"]) {
      const res = await fac.post(`/d/${s.id}/participation`, { margin, regionId: regionIds, regionTarget: ["80", "20"] });
      expect(res.status, margin).toBe(400);
      expect(await res.text()).toContain("Enter a whole number of percentage points from 1 to 50.");
    }
    const tooMuch = await fac.post(`/d/${s.id}/participation`, { margin: "8", regionId: regionIds, regionTarget: ["80", "30"] });
    expect(tooMuch.status).toBe(400);
    expect(await tooMuch.text()).toContain("must not add up to more than 100 %");
    expect((await facilitatorView()).marginPoints).toBe(19);
    const ok = await fac.post(`/d/${s.id}/participation`, { margin: "25", regionId: regionIds, regionTarget: ["80", ""] });
    expect(ok.status).toBe(302);
    const m = await facilitatorView();
    expect(m.marginPoints).toBe(25);
    expect(row(m, "regions", "Africa").targetShare).toBeNull();
    await fac.post(`/d/${s.id}/participation`, { margin: "5", regionId: regionIds, regionTarget: ["80", "20"] });
  });
});

describe("who sees what", () => {
  it("facilitators see the names of those who have not voted, per group", async () => {
    const m = await facilitatorView();
    const gov = m.nonVoters!.find((g) => g.name === "Government")!;
    expect(gov.count).toBe(4);
    const expected = s.people.filter((p) => p.group === 0 && !s.voters.includes(p)).map((p) => p.name).sort();
    expect(gov.people!.map((p) => p.name).sort()).toEqual(expected);
    const fac = await facilitatorClient(server.url, s.email);
    const html = await (await fac.get(`/d/${s.id}/participation`)).text();
    for (const name of expected) expect(html).toContain(name);
    expect(html).toContain('data-testid="remind-slot"');
  });

  it("a facilitator reminds, from here, everyone who has not voted (participants and observers cannot)", async () => {
    const fac = await facilitatorClient(server.url, s.email);
    const outbox = async () => Number((await server.db.selectFrom("email_outbox").select((eb) => eb.fn.countAll().as("n")).where("deliberation_id", "=", s.id).where("kind", "=", "reminder").executeTakeFirstOrThrow()).n);
    // two who have not voted and one who has give a notice address (as if invited by email)
    const membershipOf = async (userId: string) => (await server.db.selectFrom("memberships").select("id").where("deliberation_id", "=", s.id).where("user_id", "=", userId).executeTakeFirstOrThrow()).id;
    const nonVoters = s.people.filter((p) => !s.voters.includes(p) && p.group === 0).slice(0, 2);
    for (const [i, p] of [...nonVoters, s.voters[0]!].entries())
      await server.db.insertInto("member_email_settings").values({ membership_id: await membershipOf(p.userId), email: `notice-${i}@example.org`, notices_unsubscribed_at: null }).execute();
    const before = await outbox();
    for (const userId of [s.observerId, s.voters[0]!.userId]) {
      const other = await clientFor(server.app, server.url, userId);
      expect((await other.post(`/d/${s.id}/participation`, { intent: "remind" })).status).toBe(403);
    }
    expect(await outbox()).toBe(before);
    const res = await fac.post(`/d/${s.id}/participation`, { intent: "remind" });
    expect(res.status).toBe(302);
    const reminded = Number(/reminded=(\d+)/.exec(res.headers.get("location") ?? "")?.[1]);
    expect(res.headers.get("location")).toBe(`/d/${s.id}/participation?reminded=${reminded}#non-voters`);
    expect(reminded).toBe(2);
    // one reminder per non-voter with an address, and none for those who voted
    expect(await outbox()).toBe(before + reminded);
    const sentTo = await server.db.selectFrom("email_outbox").select("membership_id").where("deliberation_id", "=", s.id).where("kind", "=", "reminder").execute();
    const voterMemberships = await server.db.selectFrom("memberships").select("id").where("deliberation_id", "=", s.id).where("user_id", "in", s.voters.map((v) => v.userId)).execute();
    for (const v of voterMemberships) expect(sentTo.map((r) => r.membership_id)).not.toContain(v.id);
  });

  it("observers see aggregates only, k-protected (no group or region under k, no names)", async () => {
    const m = await loadParticipation(await s.ctx(s.observerId));
    expect(m.k).toBe(5);
    expect(m.groups.map((g) => g.name)).not.toContain("Industry");
    for (const kind of ["groups", "regions"] as const) {
      const shown = m[kind].map((r) => r.counts.members);
      for (const n of shown) expect(n === 0 || n >= 5, `${kind}: a shown cell of ${n}`).toBe(true);
      const rest = m.totals.members - shown.reduce((a, b) => a + b, 0);
      expect(rest === 0 || rest >= 5).toBe(true);
    }
    expect(m.nonVoters!.every((g) => g.people === null)).toBe(true);
    const observer = await clientFor(server.app, server.url, s.observerId);
    const res = await observer.get(`/d/${s.id}/participation`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain("Other (groups under k)");
    expect(html).not.toContain(">Industry<");
    for (const p of s.people) expect(html).not.toContain(p.name);
    expect(html).not.toContain("Targets and alert margin");
  });

  it("anonymous mode: facilitators see counts of non-voters, never names", async () => {
    const a = await liveRound(server.app, "Anonymous balance", "anonymous");
    const m = await facilitatorView(a);
    expect(m.nonVoters!.map((g) => [g.name, g.count, g.people])).toEqual([["Government", 4, null], ["Citizens", 2, null], ["Academia", 2, null], ["Industry", 1, null]]);
    const fac = await facilitatorClient(server.url, a.email);
    const html = await (await fac.get(`/d/${a.id}/participation`)).text();
    expect(html).toContain("4 have not voted");
    for (const p of a.people) expect(html).not.toContain(p.name);
    const json = await (await fac.get(`/d/${a.id}/participation.json`)).text();
    for (const p of a.people) expect(json).not.toContain(p.name);
  });

  it("GET /d/:id/participation.json: the monitor's numbers for facilitators; 403 for observers and participants, 404 for others", async () => {
    const fac = await facilitatorClient(server.url, s.email);
    const res = await fac.get(`/d/${s.id}/participation.json`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("application/json");
    const body = (await res.json()) as ParticipationMonitor;
    expect(Object.keys(body).sort()).toEqual(["alerts", "basis", "deliberationId", "k", "marginPoints", "merged", "nonVoters", "regions", "round", "timeline", "totals", "groups"].sort());
    expect(body).toMatchObject({ deliberationId: s.id, basis: "voters", marginPoints: 5, k: null, round: { number: 1, phase: "voting" } });
    expect(body.groups.map((g) => g.name)).toEqual(["Government", "Citizens", "Academia", "Industry"]);
    expect(Object.keys(body.groups[0]!).sort()).toEqual(["alert", "counts", "gapPeople", "id", "name", "shares", "targetShare", "turnout"]);
    expect(body.groups[0]!.counts).toEqual({ members: 6, proposals: 1, comments: 1, votes: (await facilitatorView()).groups[0]!.counts.votes, voters: 2 });
    expect(body.totals).toMatchObject({ members: 19, voters: 10 });

    const observer = await clientFor(server.app, server.url, s.observerId);
    expect((await observer.get(`/d/${s.id}/participation.json`)).status).toBe(403);
    const participant = await clientFor(server.app, server.url, s.people[0]!.userId);
    const page = await participant.get(`/d/${s.id}/participation`);
    expect(page.status).toBe(403);
    expect(await page.text()).toContain("This is not available to you as a Participant.");
    expect((await participant.get(`/d/${s.id}/participation.json`)).status).toBe(403);
    expect((await participant.post(`/d/${s.id}/participation`, { margin: "9", regionId: [], regionTarget: [] })).status).toBe(403);
    expect((await observer.post(`/d/${s.id}/participation`, { margin: "9", regionId: [], regionTarget: [] })).status).toBe(403);
    expect((await facilitatorView()).marginPoints).toBe(5);
    const other = await liveRound(server.app, "Someone else's");
    const outsider = await facilitatorClient(server.url, other.email);
    expect((await outsider.get(`/d/${s.id}/participation.json`)).status).toBe(404);
  });
});

describe("the report's methodology", () => {
  it("summarises who took part vs who was invited, per group and region, with k applied, in HTML, Markdown and PDF", async () => {
    const r = await liveRound(server.app, "Reported balance");
    await advancePhase(await r.ctx(r.facilitatorId), "voting");
    await server.app.scheduler.flush();
    const round = await server.app.db.selectFrom("rounds").select("id").where("deliberation_id", "=", r.id).executeTakeFirstOrThrow();
    const model = await buildReport(server.app.db, r.id, round.id, { summary: "", notes: {}, generatedAt: "2026-12-01T00:00:00.000Z" });
    const sentence = model.methodology.participation!;
    expect(sentence).toContain("Of 19 participants invited to vote in this round, 10 took part (52.6%).");
    // Industry (2 members) is under k = 5: merged with the next smallest group, never named
    expect(sentence).toContain("Government 2 of 6 (target share 40%, 20% of those who voted)");
    expect(sentence).toContain("Citizens 4 of 6 (target share 30%, 40% of those who voted)");
    expect(sentence).not.toContain("Industry");
    expect(sentence).toContain('Other (groups under k) 4 of 7');
    // published outputs keep k within each group too (round-consensus.ts): with 3 of a group per region, no region is shown
    expect(sentence).toContain("By region: Not stated 10 of 19.");
    const dir = mkdtempSync(path.join(tmpdir(), "participation-report-"));
    try {
      const outputs = [renderReportHtml(model, { lang: "en" }), renderReportMarkdown(model)];
      if (existsSync("/usr/bin/pdftotext")) {
        const file = path.join(dir, "report.pdf");
        writeFileSync(file, await renderReportPdf(model));
        outputs.push(execFileSync("/usr/bin/pdftotext", [file, "-"], { encoding: "utf8" }).replace(/\s+/g, " "));
      }
      for (const text of outputs) {
        expect(text).toContain("Participation");
        expect(text).toContain("took part (52.6%)");
        expect(text).toContain("Government 2 of 6");
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});

describe("the overview's round control", () => {
  it("shows the facilitator the round's turnout while voting, equal to the monitor's totals; others see no turnout there", async () => {
    const fac = await facilitatorClient(server.url, s.email);
    const html = await (await fac.get(`/d/${s.id}`)).text();
    const m = await facilitatorView();
    const line = /data-testid="overview-turnout"[^>]*>(.*?)<a /.exec(html)?.[1]?.replaceAll("<!-- -->", "").trim();
    expect(line).toBe(`Turnout so far: ${m.totals.voters} of ${m.totals.members} members have voted (${Math.round((100 * m.totals.voters) / m.totals.members)} %).`);
    expect(html).toContain(`href="/d/${s.id}/participation"`);
    for (const userId of [s.observerId, s.voters[0]!.userId]) {
      const other = await clientFor(server.app, server.url, userId);
      expect(await (await other.get(`/d/${s.id}`)).text()).not.toContain("overview-turnout");
    }
  });
});
