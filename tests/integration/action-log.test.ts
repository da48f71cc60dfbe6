import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "kysely";
import { hideComment, postComment, restoreComment } from "../../app/collab/comment-service.server";
import { addCategory, renameCategory, setCategoryRetired, setRequireTypedFields } from "../../app/deliberation/category-service.server";
import { setBallotOrder, updateDeliberation, updateThresholds } from "../../app/deliberation/deliberation-service.server";
import { deleteDeliberation, setArchived } from "../../app/deliberation/lifecycle-service.server";
import { removeMember } from "../../app/deliberation/member-service.server";
import { createProposal, mergeProposal, withdrawProposal } from "../../app/deliberation/proposal-service.server";
import { advancePhase, openRound } from "../../app/deliberation/round-service.server";
import { effectiveThresholds } from "../../app/deliberation/consensus-settings";
import { publishReport, setReportsPublic } from "../../app/report/publication-service.server";
import { buildReport } from "../../app/report/report-service.server";
import { renderReportHtml } from "../../app/report/render-html";
import { renderReportMarkdown } from "../../app/report/render-markdown";
import { renderReportPdf } from "../../app/report/render-pdf.server";
import type { DB } from "../../db/connection";
import type { AppContext } from "../../app/context/app-context.server";
import { createTestDb, testEngine } from "../helpers/test-db";
import { deliberationInput, failure, makeDeliberation, proposalInput, type TestDeliberation } from "../helpers/scenario";

type Entry = { kind: string; actor_membership_id: string | null; subject_type: string; subject_id: string | null; before: unknown; after: unknown };

async function entries(db: DB, deliberationId: string): Promise<Entry[]> {
  const rows = await db.selectFrom("action_log").selectAll().where("deliberation_id", "=", deliberationId).orderBy("at").orderBy("id").execute();
  return rows.map((r) => ({ kind: r.kind, actor_membership_id: r.actor_membership_id, subject_type: r.subject_type, subject_id: r.subject_id, before: r.before ? JSON.parse(r.before) : null, after: r.after ? JSON.parse(r.after) : null }));
}

/** Run `act` and return the entries it added: the test asserts there is exactly one. */
async function added(db: DB, deliberationId: string, act: () => Promise<unknown>): Promise<Entry[]> {
  const before = (await entries(db, deliberationId)).length;
  await act();
  return (await entries(db, deliberationId)).slice(before);
}

describe(`the action log records every listed action once, with before and after (${testEngine()})`, () => {
  let db: DB;
  let app: AppContext;
  let cleanup: () => Promise<void>;
  let d: TestDeliberation;
  let facilitatorMembership: string;
  beforeAll(async () => {
    ({ db, app, cleanup } = await createTestDb());
    d = await makeDeliberation(app, "Logged assembly");
    facilitatorMembership = (await d.ctx(d.facilitatorId)).membership.id;
  });
  afterAll(async () => cleanup());
  const fac = () => d.ctx(d.facilitatorId);

  it("settings, attribution, thresholds, ballot order, typed fields, categories and public reports", async () => {
    const one = async (act: () => Promise<unknown>) => {
      const got = await added(db, d.id, act);
      expect(got).toHaveLength(1);
      expect(got[0]!.actor_membership_id).toBe(facilitatorMembership);
      return got[0]!;
    };
    const groups = (await fac()).deliberation.groups.map((g) => ({ id: g.id, name: g.name, targetShare: g.targetShare }));
    const form = (overrides: Parameters<typeof deliberationInput>[0]) => deliberationInput({ groups, ...overrides });
    const settings = await one(async () => updateDeliberation(await fac(), form({ title: "Logged assembly", question: "Which red lines, and when?", regions: ["Europe", "Africa", "Asia"] })));
    expect(settings).toMatchObject({ kind: "settings_changed", subject_type: "deliberation", before: { question: "Which red lines should govern frontier AI?", regions: ["Europe", "Africa"] }, after: { question: "Which red lines, and when?", regions: ["Europe", "Africa", "Asia"] } });
    expect(Object.keys(settings.after as object).sort()).toEqual(["question", "regions"]);

    const mode = await one(async () => updateDeliberation(await fac(), form({ title: "Logged assembly", question: "Which red lines, and when?", regions: ["Europe", "Africa", "Asia"], attributionMode: "anonymous" })));
    expect(mode).toMatchObject({ kind: "attribution_changed", before: { attributionMode: "chatham_house" }, after: { attributionMode: "anonymous" } });
    // saving the same form again changes nothing, so records nothing
    expect(await added(db, d.id, async () => updateDeliberation(await fac(), form({ title: "Logged assembly", question: "Which red lines, and when?", regions: ["Europe", "Africa", "Asia"], attributionMode: "anonymous" })))).toEqual([]);

    const current = effectiveThresholds({}, 5);
    const th = await one(async () => updateThresholds(await fac(), { ...current, agreementOverall: 0.8, minVotes: 12 }));
    expect(th).toMatchObject({ kind: "thresholds_changed", before: { agreementOverall: 0.7, minVotes: 10 }, after: { agreementOverall: 0.8, minVotes: 12 } });
    expect(Object.keys(th.after as object).sort()).toEqual(["agreementOverall", "minVotes"]);

    expect(await one(async () => setBallotOrder(await fac(), "fixed"))).toMatchObject({ kind: "ballot_order_changed", before: { ballotOrder: "random" }, after: { ballotOrder: "fixed" } });
    expect(await one(async () => setRequireTypedFields(await fac(), true))).toMatchObject({ kind: "typed_fields_changed", before: { requireTypedFields: false }, after: { requireTypedFields: true } });
    const addedCategory = await one(async () => addCategory(await fac(), "Biosecurity"));
    expect(addedCategory).toMatchObject({ kind: "category_added", subject_type: "category", before: null, after: { label: "Biosecurity" } });
    const categoryId = addedCategory.subject_id!;
    expect(await one(async () => renameCategory(await fac(), categoryId, "Biosecurity and pandemics"))).toMatchObject({ kind: "category_renamed", subject_id: categoryId, before: { label: "Biosecurity" }, after: { label: "Biosecurity and pandemics" } });
    expect(await one(async () => setCategoryRetired(await fac(), categoryId, true))).toMatchObject({ kind: "category_retired", before: { retired: false }, after: { retired: true } });
    expect(await one(async () => setCategoryRetired(await fac(), categoryId, false))).toMatchObject({ kind: "category_restored", before: { retired: true }, after: { retired: false } });
    expect(await one(async () => setReportsPublic(await fac(), true))).toMatchObject({ kind: "public_reports_changed", before: { publicReports: false }, after: { publicReports: true } });
  });

  it("phase changes, moderation, merges, withdrawals, member removals, archive and unarchive", async () => {
    const one = async (act: () => Promise<unknown>) => {
      const got = await added(db, d.id, act);
      expect(got).toHaveLength(1);
      return got[0]!;
    };
    const opened = await one(async () => openRound(await fac()));
    expect(opened).toMatchObject({ kind: "round_opened", subject_type: "round", before: null, after: { phase: "proposing" } });
    const roundId = opened.subject_id!;
    const alice = await d.join("Alice Example");
    const bob = await d.join("Bob Example", { group: 1 });
    const p1 = await createProposal(await d.ctx(alice), proposalInput({ title: "First line" }));
    const p2 = await createProposal(await d.ctx(bob), proposalInput({ title: "Second line" }));
    const p3 = await createProposal(await d.ctx(bob), proposalInput({ title: "Third line" }));
    expect(await one(async () => advancePhase(await fac(), "proposing"))).toMatchObject({ kind: "phase_changed", subject_id: roundId, before: { phase: "proposing" }, after: { phase: "discussing" } });

    const comment = await postComment(await d.ctx(alice), p1, { stance: "supports", body: "A fair line.", anchor: "", parentId: "", submissionId: "" });
    expect(await one(async () => hideComment(await fac(), comment.id, "Off topic"))).toMatchObject({ kind: "comment_hidden", subject_type: "comment", subject_id: comment.id, before: { hidden: false }, after: { hidden: true, reason: "Off topic" } });
    expect(await one(async () => restoreComment(await fac(), comment.id))).toMatchObject({ kind: "comment_restored", subject_id: comment.id, before: { hidden: true, reason: "Off topic" }, after: { hidden: false } });
    // a refused moderation (already visible) records nothing
    expect(await added(db, d.id, async () => failure(restoreComment(await fac(), comment.id)))).toEqual([]);

    expect(await one(async () => advancePhase(await fac(), "discussing"))).toMatchObject({ kind: "phase_changed", before: { phase: "discussing" }, after: { phase: "voting" } });
    expect(await one(async () => advancePhase(await fac(), "voting"))).toMatchObject({ kind: "phase_changed", before: { phase: "voting" }, after: { phase: "closed" } });
    await app.scheduler.flush();

    expect(await one(async () => mergeProposal(await fac(), p2, p1, "Same idea"))).toMatchObject({ kind: "proposal_merged", subject_id: p2, before: { status: "active" }, after: { status: "merged", mergedInto: "First line", reason: "Same idea" } });
    expect(await one(async () => withdrawProposal(await fac(), p3, "Out of scope"))).toMatchObject({ kind: "proposal_withdrawn", subject_id: p3, before: { status: "active" }, after: { status: "withdrawn", reason: "Out of scope" } });

    const bobMembership = (await d.ctx(bob)).membership.id;
    expect(await one(async () => removeMember(await fac(), bobMembership))).toMatchObject({ kind: "member_removed", subject_type: "membership", subject_id: bobMembership, before: { removed: false }, after: { removed: true } });
    expect(await added(db, d.id, async () => failure(removeMember(await fac(), bobMembership)))).toEqual([]);

    const published = await one(async () => publishReport(await fac(), 1, { summary: "", notes: {} }));
    expect(published).toMatchObject({ kind: "report_published", subject_type: "report", before: null, after: { version: 1, round: 1 } });

    expect(await one(async () => setArchived(await fac(), true))).toMatchObject({ kind: "deliberation_archived", before: { archived: false }, after: { archived: true } });
    expect(await one(async () => setArchived(await fac(), false))).toMatchObject({ kind: "deliberation_unarchived", before: { archived: true }, after: { archived: false } });
  });

  it("refuses UPDATE and DELETE of an entry, on the database itself", async () => {
    const [first] = await entries(db, d.id);
    expect(first).toBeDefined();
    await expect(db.updateTable("action_log").set({ kind: "forged" }).where("deliberation_id", "=", d.id).execute()).rejects.toThrow(/append-only/);
    await expect(db.deleteFrom("action_log").where("deliberation_id", "=", d.id).execute()).rejects.toThrow(/append-only/);
    await expect(sql`update action_log set after = null`.execute(db)).rejects.toThrow(/append-only/);
    if (testEngine() === "postgres") await expect(sql`truncate action_log`.execute(db)).rejects.toThrow(/append-only/);
    expect((await entries(db, d.id))[0]).toEqual(first);
  });
});

describe(`deleting a deliberation takes its action log with it (${testEngine()})`, () => {
  let db: DB;
  let app: AppContext;
  let cleanup: () => Promise<void>;
  beforeAll(async () => {
    ({ db, app, cleanup } = await createTestDb());
  });
  afterAll(async () => cleanup());

  it("a members-only deliberation goes entirely, log included", async () => {
    const d = await makeDeliberation(app, "Short-lived");
    await setBallotOrder(await d.ctx(d.facilitatorId), "fixed");
    expect(await entries(db, d.id)).toHaveLength(1);
    await deleteDeliberation(await d.ctx(d.facilitatorId), "Short-lived");
    expect(await entries(db, d.id)).toEqual([]);
    expect(await db.selectFrom("deliberations").select("id").where("id", "=", d.id).executeTakeFirst()).toBeUndefined();
  });

  it("a tombstone with public reports keeps one entry, saying it was deleted, with no actor", async () => {
    const d = await makeDeliberation(app, "Tombstoned");
    const fac = () => d.ctx(d.facilitatorId);
    await openRound(await fac());
    const member = await d.join("Carol Example");
    await createProposal(await d.ctx(member), proposalInput());
    for (const from of ["proposing", "discussing", "voting"] as const) await advancePhase(await fac(), from);
    await app.scheduler.flush();
    await publishReport(await fac(), 1, { summary: "", notes: {} });
    await setReportsPublic(await fac(), true);
    await deleteDeliberation(await fac(), "Tombstoned");
    const left = await entries(db, d.id);
    expect(left).toEqual([{ kind: "deliberation_deleted", actor_membership_id: null, subject_type: "deliberation", subject_id: null, before: { deleted: false }, after: { deleted: true } }]);
    // still append-only: the tombstone's entry cannot be changed
    await expect(db.updateTable("action_log").set({ kind: "forged" }).where("deliberation_id", "=", d.id).execute()).rejects.toThrow(/append-only/);
  });
});

describe(`the report's methodology lists the process events (${testEngine()})`, () => {
  let app: AppContext;
  let cleanup: () => Promise<void>;
  beforeAll(async () => {
    ({ app, cleanup } = await createTestDb());
  });
  afterAll(async () => cleanup());

  it("phase dates, moderation counts by reason (names removed) and threshold changes, up to the close, with no one named", async () => {
    const d = await makeDeliberation(app, "Methodology assembly");
    const fac = () => d.ctx(d.facilitatorId);
    await openRound(await fac());
    const dana = await d.join("Dana Quillfeather");
    const proposal = await createProposal(await d.ctx(dana), proposalInput({ title: "Line under review" }));
    await advancePhase(await fac(), "proposing");
    const post = async (body: string) => (await postComment(await d.ctx(dana), proposal, { stance: "opposes", body, anchor: "", parentId: "", submissionId: "" })).id;
    const c1 = await post("First comment here.");
    const c2 = await post("Second comment here.");
    const c3 = await post("Third comment here.");
    await hideComment(await fac(), c1, "Off topic");
    await hideComment(await fac(), c2, "off topic");
    await hideComment(await fac(), c3, "Insults Dana Quillfeather");
    await restoreComment(await fac(), c2);
    await updateThresholds(await fac(), { ...effectiveThresholds({}, 5), disagreementSpread: 0.25 });
    await advancePhase(await fac(), "discussing");
    await advancePhase(await fac(), "voting");
    await app.scheduler.flush();
    // after the close: not part of round 1's process
    await updateThresholds(await fac(), { ...effectiveThresholds({}, 5), disagreementSpread: 0.4 });

    const round = await app.db.selectFrom("rounds").selectAll().where("deliberation_id", "=", d.id).executeTakeFirstOrThrow();
    const model = await buildReport(app.db, d.id, round.id, { summary: "", notes: {}, generatedAt: new Date().toISOString() });
    const events = model.methodology.processEvents!;
    expect(events.phases).toHaveLength(1);
    expect(events.phases[0]).toMatchObject({ round: 1, proposing: round.opened_at, voting: round.voting_opened_at, closed: round.closed_at });
    expect(events.phases[0]!.discussing).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(events.moderation).toEqual([
      { reason: "Off topic", hidden: 2, restored: 1 },
      { reason: "Insults [name removed]", hidden: 1, restored: 0 },
    ]);
    expect(events.thresholdChanges).toHaveLength(1);
    expect(events.thresholdChanges[0]!.changes).toEqual([{ threshold: "disagreementSpread", before: 0.3, after: 0.25 }]);

    const facilitatorName = (await app.db.selectFrom("users").select("display_name").where("id", "=", d.facilitatorId).executeTakeFirstOrThrow()).display_name;
    const html = renderReportHtml(model);
    const md = renderReportMarkdown(model);
    for (const text of [html, md, JSON.stringify(model)]) {
      expect(text).not.toContain("Quillfeather");
      expect(text).not.toContain(facilitatorName);
    }
    for (const text of [html, md]) {
      expect(text).toContain("Process events");
      expect(text).toMatch(/Round 1: proposing from \d{4}-\d\d-\d\d, discussing from \d{4}-\d\d-\d\d, voting from/);
      expect(text).toContain("2 comments hidden for “Off topic” (1 restored later).");
      expect(text).toContain("Spread between groups for a crux 30% → 25%");
    }
    const pdf = await renderReportPdf(model);
    expect(pdf.subarray(0, 5).toString()).toBe("%PDF-");
  });
});
