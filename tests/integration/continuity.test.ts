import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { en } from "../../app/i18n/en";
import { saveProposalText } from "../../app/deliberation/proposal-service.server";
import { advancePhase, openRound } from "../../app/deliberation/round-service.server";
import { castVote } from "../../app/deliberation/vote-service.server";
import { deleteDeliberation } from "../../app/deliberation/lifecycle-service.server";
import { acceptInvite, createInvite } from "../../app/deliberation/invite-service.server";
import { memberContext } from "../helpers/context";
import { publishReport, setReportsPublic } from "../../app/report/publication-service.server";
import { buildReport } from "../../app/report/report-service.server";
import { renderReportHtml } from "../../app/report/render-html";
import { renderReportMarkdown } from "../../app/report/render-markdown";
import { verifyOpenDataBundle } from "../../app/interop/verify-bundle";
import { validateJsonSchema } from "../../app/report/validate-schema";
import { readFileSync } from "node:fs";
import { findSnapshot } from "../../app/results/results-source.server";
import { freshRoundConsensus } from "../../app/results/round-results.server";
import { parseStages } from "../../app/continuity/lineage";
import { clientFor, closedRoundScenario, facilitatorClient } from "../helpers/round-scenario";
import { makeUser, proposalInput } from "../helpers/scenario";
import { startTestServer, type Client } from "../helpers/test-server";

/**
 * Continuity between convenings over the production server: a source deliberation with two closed
 * rounds (one red line revised in round 2), continued into new deliberations through
 * /d/:id/continue; the carried red lines' history, report line and the delete paths.
 */
let server: Awaited<ReturnType<typeof startTestServer>>;
let s: Awaited<ReturnType<typeof closedRoundScenario>>;
let facilitator: Client;
let participant: Client;
let observer: Client;
let ballot2: { proposalId: string; versionId: string; title: string }[];

const counts = async () => ({
  deliberations: (await server.db.selectFrom("deliberations").select("id").execute()).length,
  continuations: (await server.db.selectFrom("continuations").select("id").execute()).length,
  lineage: (await server.db.selectFrom("proposal_lineage").select("proposal_id").execute()).length,
  proposals: (await server.db.selectFrom("proposals").select("id").execute()).length,
});

const formFor = (overrides: Record<string, string | string[]> = {}) => ({
  round: "2",
  title: "Second convening on red lines",
  question: "Which red lines should govern frontier AI next year?",
  proposals: ballot2.filter((b) => b.title !== "Statement three").map((b) => b.proposalId),
  members: "carry",
  ...overrides,
});

beforeAll(async () => {
  server = await startTestServer();
  s = await closedRoundScenario(server.app, "Continuity source");
  const fac = () => s.ctx(s.facilitatorId);
  // round 2: "Statement two" is revised, then everyone votes on the three and the round closes
  await openRound(await fac());
  const two = await server.db.selectFrom("proposal_versions as v").innerJoin("proposals as p", "p.id", "v.proposal_id").select("p.id").where("p.deliberation_id", "=", s.id).where("v.title", "=", "Statement two").executeTakeFirstOrThrow();
  await saveProposalText(await fac(), two.id, proposalInput({ title: "Statement two, revised", statement: "AI systems must not self-replicate without authorisation." }));
  await advancePhase(await fac(), "proposing");
  await advancePhase(await fac(), "discussing");
  const round2 = await server.db.selectFrom("rounds").select("id").where("deliberation_id", "=", s.id).where("number", "=", 2).executeTakeFirstOrThrow();
  ballot2 = (
    await server.db
      .selectFrom("proposal_versions as v")
      .innerJoin("proposals as p", "p.id", "v.proposal_id")
      .select(["p.id as proposalId", "v.id as versionId", "v.title"])
      .where("v.round_id", "=", round2.id)
      .orderBy("v.title")
      .execute()
  ).map((b) => ({ ...b }));
  for (const [i, p] of s.people.entries()) {
    const ctx = await s.ctx(p.userId);
    for (const [j, b] of ballot2.entries()) await castVote(ctx, { versionId: b.versionId, choice: (i + j) % 3 === 0 ? "disagree" : "agree", confidence: 3 });
  }
  facilitator = await facilitatorClient(server.url, s.email);
  participant = await clientFor(server.app, server.url, s.people[0]!.userId);
  const observerId = await s.join("Continuity observer", { role: "observer" });
  observer = await clientFor(server.app, server.url, observerId);
}, 120_000);

afterAll(async () => {
  await server?.stop();
});

describe("continuing a deliberation", () => {
  it("only a facilitator of the source may open or post the form; a form from another site is refused (CSRF); nothing is written", async () => {
    const before = await counts();
    for (const who of [participant, observer]) {
      const page = await who.get(`/d/${s.id}/continue`);
      expect(page.status).toBe(403);
      expect(await page.text()).toContain(en.errors.facilitatorsOnly);
      expect((await who.post(`/d/${s.id}/continue`, formFor({ round: "1" }))).status).toBe(403);
    }
    const stranger = await clientFor(server.app, server.url, await makeUser(server.app, "Continuity outsider"));
    expect((await stranger.get(`/d/${s.id}/continue`)).status).toBe(404);
    expect((await stranger.post(`/d/${s.id}/continue`, formFor({ round: "1" }))).status).toBe(404);
    const forged = await facilitator.fromOtherSite().post(`/d/${s.id}/continue`, formFor({ round: "1" }));
    expect(forged.status).toBe(403);
    expect(await counts()).toEqual(before);
  });

  it("offers the closed rounds and the red lines on the chosen round's ballot, all ticked while active", async () => {
    // round 2 is still voting: only round 1 is closed
    const html = await (await facilitator.get(`/d/${s.id}/continue`)).text();
    expect(html).toContain(en.continuity.title);
    for (const title of ["Statement one", "Statement two", "Statement three"]) expect(html).toContain(title);
    expect(html).not.toContain("Statement two, revised");
    expect(html.match(/type="checkbox" name="proposals"[^>]*checked/g)?.length).toBe(3);
  });

  it("refuses a round that is not closed, an unknown round and bad fields with 400 and field messages, writing nothing", async () => {
    const before = await counts();
    const open = await facilitator.post(`/d/${s.id}/continue`, formFor());
    expect(open.status).toBe(400);
    expect(await open.text()).toContain("Round 2 is in Voting, not closed: only a closed round can be continued from.");
    const unknown = await facilitator.post(`/d/${s.id}/continue`, formFor({ round: "9" }));
    expect(unknown.status).toBe(400);
    expect(await unknown.text()).toContain("There is no round 9 in this deliberation.");
    const bad = await facilitator.post(`/d/${s.id}/continue`, formFor({ round: "1", title: "x", proposals: [], members: "everyone" }));
    expect(bad.status).toBe(400);
    const text = await bad.text();
    expect(text).toContain(en.continuity.validation.chooseOne);
    expect(text).toContain(en.continuity.validation.members);
    expect(text).toContain("at least 3");
    expect(text).toContain('value="x"');
    const foreign = await facilitator.post(`/d/${s.id}/continue`, formFor({ round: "1", proposals: ["not-a-proposal"] }));
    expect(foreign.status).toBe(400);
    expect(await foreign.text()).toContain("was not on round 1’s ballot");
    expect(await counts()).toEqual(before);
  });

  it("continuity carries versions and results: the new round 1 starts from the chosen red lines, their lineage holds every version and each closed round's result exactly as the snapshot gives it, and members are carried over", async () => {
    await advancePhase(await s.ctx(s.facilitatorId), "voting");
    await server.app.scheduler.flush();
    const res = await facilitator.post(`/d/${s.id}/continue`, formFor());
    expect(res.status).toBe(302);
    const newId = /^\/d\/([^/?]+)\?continued=1$/.exec(res.headers.get("location") ?? "")![1]!;
    const db = server.db;

    const rounds = await db.selectFrom("rounds").selectAll().where("deliberation_id", "=", newId).execute();
    expect(rounds.map((r) => [r.number, r.phase])).toEqual([[1, "proposing"]]);
    const carried = await db
      .selectFrom("proposals as p")
      .innerJoin("proposal_versions as v", "v.proposal_id", "p.id")
      .innerJoin("proposal_lineage as l", "l.proposal_id", "p.id")
      .selectAll("v")
      .select(["l.source_proposal_id", "l.source_version_ids", "l.stages", "p.status"])
      .where("p.deliberation_id", "=", newId)
      .orderBy("p.created_at")
      .execute();
    // in the source's ballot order (proposals one and two were created in that order)
    expect(carried.map((c) => c.title)).toEqual(["Statement one", "Statement two, revised"]);

    const snapshots = [await findSnapshot(db, s.round.id), await findSnapshot(db, (await db.selectFrom("rounds").select("id").where("deliberation_id", "=", s.id).where("number", "=", 2).executeTakeFirstOrThrow()).id)];
    for (const c of carried) {
      const sourceVersions = await db.selectFrom("proposal_versions").selectAll().where("proposal_id", "=", c.source_proposal_id).orderBy("version_number").execute();
      const onBallot = sourceVersions.find((v) => v.id === ballot2.find((b) => b.proposalId === c.source_proposal_id)!.versionId)!;
      // a new version 1 in the new round 1, with the text voted on in round 2
      expect(c.version_number).toBe(1);
      expect(c.round_id).toBe(rounds[0]!.id);
      expect(c.frozen_at).toBeNull();
      for (const f of ["title", "statement", "rationale", "category", "indicator", "threshold_value", "threshold_unit", "trigger", "response", "scope", "evidence_links"] as const) expect(c[f]).toBe(onBallot[f]);
      expect(JSON.parse(c.source_version_ids)).toEqual(sourceVersions.map((v) => v.id));
      const [stage] = parseStages(c.stages);
      expect(stage!.deliberationId).toBe(s.id);
      expect(stage!.continuedFromRound).toBe(2);
      expect(stage!.versions.map((v) => [v.id, v.number, v.title, v.statement])).toEqual(sourceVersions.map((v) => [v.id, v.version_number, v.title, v.statement]));
      // per round: the votes in that round's snapshot on this proposal's version, counted here
      const expected = [];
      for (const snap of snapshots) {
        const entry = snap!.snapshot.ballot.find((b) => b.proposalId === c.source_proposal_id)!;
        const votes = snap!.snapshot.votes.filter((v) => v.versionId === entry.versionId);
        const agree = votes.filter((v) => v.choice === "agree").length;
        const disagree = votes.filter((v) => v.choice === "disagree").length;
        const pass = votes.filter((v) => v.choice === "pass").length;
        const consensus = await freshRoundConsensus(db, s.id, snap!.snapshot.roundId);
        const classification = consensus!.statements.find((x) => x.versionId === entry.versionId)!.classification;
        expected.push({ roundId: snap!.snapshot.roundId, roundNumber: snap!.snapshot.roundNumber, versionNumber: entry.versionNumber, agree, disagree, pass, total: votes.length, agreeRate: agree / (agree + disagree + pass), classification });
      }
      expect(stage!.results).toEqual(expected);
    }
    const two = carried.find((c) => c.title === "Statement two, revised")!;
    expect(parseStages(two.stages)[0]!.versions.map((v) => v.number)).toEqual([1, 2]);

    // members carried: same people, roles, group names and pseudonyms
    const membersOf = (id: string) =>
      db
        .selectFrom("memberships as m")
        .leftJoin("stakeholder_groups as g", "g.id", "m.stakeholder_group_id")
        .select(["m.user_id", "m.role", "m.pseudonym", "g.name as group"])
        .where("m.deliberation_id", "=", id)
        .where("m.removed_at", "is", null)
        .orderBy("m.user_id")
        .execute();
    expect(await membersOf(newId)).toEqual(await membersOf(s.id));
    // both action logs say so
    const kinds = async (id: string) => (await db.selectFrom("action_log").select("kind").where("deliberation_id", "=", id).execute()).map((r) => r.kind);
    expect(await kinds(newId)).toEqual(expect.arrayContaining(["round_opened", "continued_from"]));
    expect(await kinds(s.id)).toContain("continued_into");
    // the carried author sees their red line in the new deliberation
    const overview = await (await participant.get(`/d/${newId}`)).text();
    expect(overview).toContain("Statement one");
    expect(overview).toContain("Continued from “Continuity source”, round 2.");
  });

  it("invited afresh: only the facilitator is a member, and they author the carried red lines", async () => {
    const res = await facilitator.post(`/d/${s.id}/continue`, formFor({ members: "fresh", title: "Fresh convening", proposals: [ballot2.find((b) => b.title === "Statement three")!.proposalId] }));
    expect(res.status).toBe(302);
    const newId = /^\/d\/([^/?]+)/.exec(res.headers.get("location")!)![1]!;
    const members = await server.db.selectFrom("memberships").select(["id", "user_id", "role"]).where("deliberation_id", "=", newId).execute();
    expect(members).toEqual([{ id: members[0]!.id, user_id: s.facilitatorId, role: "facilitator" }]);
    const proposals = await server.db.selectFrom("proposals").select("author_membership_id").where("deliberation_id", "=", newId).execute();
    expect(proposals).toEqual([{ author_membership_id: members[0]!.id }]);
    expect((await participant.get(`/d/${newId}`)).status).toBe(404);
  });
});

describe("a carried red line's history and report", () => {
  let newId: string;
  let proposalId: string;
  let freshMember: Client;

  beforeAll(async () => {
    newId = (await server.db.selectFrom("deliberations").select("id").where("title", "=", "Second convening on red lines").executeTakeFirstOrThrow()).id;
    proposalId = (await server.db.selectFrom("proposals as p").innerJoin("proposal_versions as v", "v.proposal_id", "p.id").select("p.id").where("p.deliberation_id", "=", newId).where("v.title", "=", "Statement two, revised").executeTakeFirstOrThrow()).id;
    // someone who joins only the new deliberation
    const ctx = await memberContext(server.app, newId, s.facilitatorId);
    const invite = await createInvite(ctx, { role: "participant", stakeholderGroupId: "", regionId: "", label: "", maxUses: 1, expiresInDays: 7 });
    if (!("token" in invite)) throw new Error("invite refused");
    const groupId = ctx.deliberation.groups[0]!.id;
    const joined = await acceptInvite(server.app, invite.token, null, { displayName: "Newcomer", stakeholderGroupId: groupId, regionId: "" });
    freshMember = await clientFor(server.app, server.url, joined.userId);
  });

  it("shows every version and each round's result to a member of the source, and hides unpublished results from a newcomer", async () => {
    const page = await participant.get(`/d/${newId}/proposals/${proposalId}/history`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain("In “Continuity source”");
    expect(html).toContain("Version 1, round 1");
    expect(html).toContain("Version 2, round 2");
    expect(html).toContain("AI systems must not self-replicate without authorisation.");
    const [stage] = parseStages((await server.db.selectFrom("proposal_lineage").select("stages").where("proposal_id", "=", proposalId).executeTakeFirstOrThrow()).stages);
    for (const r of stage!.results) expect(html).toContain(`Round ${r.roundNumber} (version ${r.versionNumber}): ${Math.round(r.agreeRate! * 100)}\u00a0% agreement, ${r.agree} agree, ${r.disagree} disagree, ${r.pass} pass`);
    const newcomer = await (await freshMember.get(`/d/${newId}/proposals/${proposalId}/history`)).text();
    expect(newcomer).toContain("Version 2, round 2");
    expect(newcomer).toContain("results not shown");
    expect(newcomer).not.toContain("agree, ");
    // the proposal page links here; a non-member learns nothing
    expect(await (await participant.get(`/d/${newId}/proposals/${proposalId}`)).text()).toContain(`/d/${newId}/proposals/${proposalId}/history`);
    expect((await freshMember.get(`/d/${s.id}/proposals/${stage!.proposalId}/history`)).status).toBe(404);
  });

  it("the report shows 'carried over from …': without the numbers while the source's results are unpublished, with them once its report is public; verify still verifies", async () => {
    const fac = () => memberContext(server.app, newId, s.facilitatorId);
    await advancePhase(await fac(), "proposing");
    await advancePhase(await fac(), "discussing");
    const round = await server.db.selectFrom("rounds").select("id").where("deliberation_id", "=", newId).executeTakeFirstOrThrow();
    const options = { summary: "", notes: {}, generatedAt: "2026-12-01T00:00:00.000Z" };
    const before = await buildReport(server.db, newId, round.id, options);
    const all = () => [...before.agreement, ...before.disagreement, ...before.uncertainty, ...before.noConsensus, ...before.insufficient];
    expect(all().map((x) => x.carriedOver?.sentence).sort()).toEqual(["Carried over from “Continuity source” (round 2); its results there were not published.", "Carried over from “Continuity source” (round 2); its results there were not published."]);

    const source = await s.ctx(s.facilitatorId);
    await publishReport(source, 2, { summary: "Round two.", notes: {} });
    await setReportsPublic(source, true);
    const after = await buildReport(server.db, newId, round.id, options);
    const statements = [...after.agreement, ...after.disagreement, ...after.uncertainty, ...after.noConsensus, ...after.insufficient];
    const round2 = await server.db.selectFrom("rounds").select("id").where("deliberation_id", "=", s.id).where("number", "=", 2).executeTakeFirstOrThrow();
    const consensus = (await freshRoundConsensus(server.db, s.id, round2.id))!;
    for (const st of statements) {
      const src = consensus.statements.find((x) => x.title === st.title)!;
      const sentence = `Carried over from “Continuity source”, where it had ${Math.round(src.overall.agreeRate! * 1000) / 10}% agreement (${en.consensus.classificationShort[src.classification]}) in round 2.`;
      expect(st.carriedOver).toEqual({ from: "Continuity source", round: 2, agreeRate: src.overall.agreeRate, classification: src.classification, reportPath: `/reports/${s.id}/1`, sentence });
      expect(renderReportHtml(after)).toContain(sentence);
      expect(renderReportMarkdown(after)).toContain(sentence);
    }
    const schema = JSON.parse(readFileSync("docs/report-schema.v1.json", "utf8")) as Record<string, unknown>;
    expect(validateJsonSchema(schema, JSON.parse(JSON.stringify(after)))).toEqual([]);
    expect(validateJsonSchema(schema, JSON.parse(JSON.stringify(before)))).toEqual([]);
    // the newcomer now sees the published round's result, not round 1's (no report of round 1)
    const newcomer = await (await freshMember.get(`/d/${newId}/proposals/${proposalId}/history`)).text();
    expect(newcomer).toMatch(/Round 2 \(version 2\): \d+\u00a0% agreement/);
    expect(newcomer).toContain("Round 1 (version 1): results not shown");
    expect(newcomer).toContain(`/reports/${s.id}/1`);

    // published and verified: the new field is named as not recomputable, nothing mismatches
    await advancePhase(await fac(), "voting");
    await publishReport(await fac(), 1, { summary: "", notes: {} });
    const report = await server.db.selectFrom("reports").select("id").where("deliberation_id", "=", newId).executeTakeFirstOrThrow();
    const files = Object.fromEntries((await server.db.selectFrom("report_files").select(["name", "content"]).where("report_id", "=", report.id).execute()).map((f) => [f.name, f.content]));
    expect(JSON.parse(files["report.json"]!).insufficient[0].carriedOver.from).toBe("Continuity source");
    const v = verifyOpenDataBundle(files);
    expect(v.mismatches).toEqual([]);
    expect(v.notRecomputable.join(" ")).toContain("carriedOver");
  });

  it("deleting the source keeps the new deliberation and its history; deleting a continued one leaves the source alone", async () => {
    const fresh = (await server.db.selectFrom("deliberations").select("id").where("title", "=", "Fresh convening").executeTakeFirstOrThrow()).id;
    const sourceProposals = (await server.db.selectFrom("proposals").select("id").where("deliberation_id", "=", s.id).execute()).length;
    await deleteDeliberation(await memberContext(server.app, fresh, s.facilitatorId), "Fresh convening");
    expect(await server.db.selectFrom("deliberations").select("id").where("id", "=", fresh).executeTakeFirst()).toBeUndefined();
    expect(await server.db.selectFrom("continuations").select("id").where("deliberation_id", "=", fresh).executeTakeFirst()).toBeUndefined();
    expect((await server.db.selectFrom("proposals").select("id").where("deliberation_id", "=", s.id).execute()).length).toBe(sourceProposals);

    const lineageBefore = await server.db.selectFrom("proposal_lineage").selectAll().where("proposal_id", "=", proposalId).executeTakeFirstOrThrow();
    await deleteDeliberation(await s.ctx(s.facilitatorId), "Continuity source");
    expect(await server.db.selectFrom("proposals").select("id").where("deliberation_id", "=", s.id).execute()).toEqual([]);
    expect(await server.db.selectFrom("proposal_lineage").selectAll().where("proposal_id", "=", proposalId).executeTakeFirst()).toEqual(lineageBefore);
    const page = await facilitator.get(`/d/${newId}/proposals/${proposalId}/history`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain("In “Continuity source”");
    expect(html).toContain("AI systems must not self-replicate without authorisation.");
    // its public report stays (a tombstone), so round 2's published result still shows; round 1's never was
    expect(html).toMatch(/Round 2 \(version 2\): \d+\u00a0% agreement/);
    expect(html).toContain("Round 1 (version 1): results not shown");
  });
});
