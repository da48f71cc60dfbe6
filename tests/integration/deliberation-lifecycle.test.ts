import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { sql } from "kysely";
import { postComment, markSeen } from "../../app/collab/comment-service.server";
import { commentsDocName, draftDocName } from "../../app/collab/document-names";
import { createInvite } from "../../app/deliberation/invite-service.server";
import { advancePhase, openRound } from "../../app/deliberation/round-service.server";
import { proposalForm } from "../helpers/forms";
import { collabToken } from "../helpers/collab-tokens";
import { connect, destroy, peers, synced, waitFor } from "../helpers/collab-peers";
import { clientFor, closedRoundScenario, facilitatorClient } from "../helpers/round-scenario";
import { Client, startTestServer } from "../helpers/test-server";
import { testEngine } from "../helpers/test-db";

/**
 * A deliberation with something in every table that holds its data: a closed round with votes and
 * a published, public report; round 2 discussing with a comment, a read marker, live documents,
 * an open invitation, return links (members joined by link).
 */
async function fullDeliberation(server: Awaited<ReturnType<typeof startTestServer>>, title: string, options: { publicReports: boolean }) {
  const s = await closedRoundScenario(server.app, title);
  const f = await facilitatorClient(server.url, s.email);
  expect((await f.post(`/d/${s.id}/report`, { intent: "publish", round: "1", summary: "Round one is published.", confirm: "yes" })).status).toBe(302);
  if (options.publicReports) expect((await f.post(`/d/${s.id}/report`, { intent: "public", value: "1" })).status).toBe(302);
  const fac = () => s.ctx(s.facilitatorId);
  await openRound(await fac());
  await advancePhase(await fac(), "proposing");
  const proposal = await server.db.selectFrom("proposals").select("id").where("deliberation_id", "=", s.id).orderBy("created_at").executeTakeFirstOrThrow();
  const author = await s.ctx(s.people[0]!.userId);
  await postComment(author, proposal.id, { stance: "supports", body: "Keep this line.", anchor: "", parentId: "", submissionId: "" });
  await markSeen(author, proposal.id);
  await createInvite(await fac(), { role: "participant", stakeholderGroupId: "", regionId: "", label: "spare", maxUses: 3, expiresInDays: 7 });
  await server.app.scheduler.flush();
  return { ...s, f, proposalId: proposal.id, author };
}

/** Rows that still belong to the deliberation, per table (every table that holds a deliberation's data). */
async function rowsOf(server: Awaited<ReturnType<typeof startTestServer>>, id: string, proposalIds: string[]) {
  const db = server.db;
  const count = async (q: { executeTakeFirstOrThrow: () => Promise<{ n: unknown }> }) => Number((await q.executeTakeFirstOrThrow()).n);
  const n = sql<number>`count(*)`.as("n");
  const rounds = db.selectFrom("rounds").select("id").where("deliberation_id", "=", id);
  const memberships = db.selectFrom("memberships").select("id").where("deliberation_id", "=", id);
  const proposals = db.selectFrom("proposals").select("id").where("deliberation_id", "=", id);
  const docs = proposalIds.flatMap((p) => [draftDocName(p), commentsDocName(p)]);
  return {
    memberships: await count(db.selectFrom("memberships").select(n).where("deliberation_id", "=", id)),
    stakeholder_groups: await count(db.selectFrom("stakeholder_groups").select(n).where("deliberation_id", "=", id)),
    regions: await count(db.selectFrom("regions").select(n).where("deliberation_id", "=", id)),
    invites: await count(db.selectFrom("invites").select(n).where("deliberation_id", "=", id)),
    proposals: await count(db.selectFrom("proposals").select(n).where("deliberation_id", "=", id)),
    proposal_versions: await count(db.selectFrom("proposal_versions").select(n).where("proposal_id", "in", proposals)),
    proposal_categories: await count(db.selectFrom("proposal_categories").select(n).where("deliberation_id", "=", id)),
    votes: await count(db.selectFrom("votes").select(n).where("round_id", "in", rounds)),
    vote_undo: await count(db.selectFrom("vote_undo").select(n).where("round_id", "in", rounds)),
    comments: await count(db.selectFrom("comments").select(n).where("deliberation_id", "=", id)),
    comment_reads: await count(db.selectFrom("comment_reads").select(n).where("membership_id", "in", memberships)),
    round_snapshots: await count(db.selectFrom("round_snapshots").select(n).where("round_id", "in", rounds)),
    return_links: await count(db.selectFrom("return_links").select(n).where("membership_id", "in", memberships)),
    yjs_documents: docs.length ? await count(db.selectFrom("yjs_documents").select(n).where("name", "in", docs)) : 0,
    // the phase notices sent to members hold their addresses and links
    email_outbox: await count(db.selectFrom("email_outbox").select(n).where("deliberation_id", "=", id)),
  };
}

describe(`archiving and deleting a deliberation (${testEngine()})`, () => {
  let server: Awaited<ReturnType<typeof startTestServer>>;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => server.stop());
  afterEach(() => {
    for (const p of [...peers]) destroy(p);
  });

  it("archiving makes every change refused with a sentence naming the archived state, closes live connections, and can be undone", async () => {
    const d = await fullDeliberation(server, "Archive assembly", { publicReports: true });
    const participant = await clientFor(server.app, server.url, d.people[1]!.userId);
    const participantMembership = await server.db.selectFrom("memberships").select("id").where("deliberation_id", "=", d.id).where("user_id", "=", d.people[1]!.userId).executeTakeFirstOrThrow();
    const live = connect(server.url, commentsDocName(d.proposalId), await collabToken(server.app, participantMembership.id), { label: "reader" });
    await synced(live);

    // only a facilitator archives, and only after confirming
    expect((await participant.post(`/d/${d.id}/settings`, { intent: "archive", confirm: "yes" })).status).toBe(403);
    const unconfirmed = await d.f.post(`/d/${d.id}/settings`, { intent: "archive" });
    expect(unconfirmed.status).toBe(400);
    expect(await unconfirmed.text()).toContain("Tick the box to confirm archiving.");
    expect((await d.f.fromOtherSite().post(`/d/${d.id}/settings`, { intent: "archive", confirm: "yes" })).status).toBe(403);
    expect((await server.db.selectFrom("deliberations").select("archived_at").where("id", "=", d.id).executeTakeFirstOrThrow()).archived_at).toBeNull();

    expect((await d.f.post(`/d/${d.id}/settings`, { intent: "archive", confirm: "yes" })).status).toBe(302);
    await waitFor("the live connection is closed", () => live.closes.some((c) => c.reason.includes("archived")));

    const refusals: [Client, string, Record<string, string>][] = [
      [participant, `/d/${d.id}/proposals/${d.proposalId}`, { intent: "comment", stance: "supports", body: "Still here?", anchor: "", parentId: "" }],
      [participant, `/d/${d.id}/proposals/new`, proposalForm({ title: "A new line" })],
      [d.f, `/d/${d.id}?index`, { intent: "advance", from: "discussing", confirm: "yes" }],
      [d.f, `/d/${d.id}/settings`, { intent: "ballotOrder", ballotOrder: "fixed" }],
      [d.f, `/d/${d.id}/members`, { intent: "create-invite", role: "participant", stakeholderGroupId: "", regionId: "", label: "", maxUses: "1", expiresInDays: "7" }],
      [d.f, `/d/${d.id}/report`, { intent: "public", value: "0" }],
    ];
    for (const [client, path, form] of refusals) {
      const res = await client.post(path, form);
      expect(res.status, path).toBe(409);
      expect(await res.text(), path).toContain("This deliberation is archived, so nothing in it can be changed.");
    }
    // publishing, refused too, keeps the form
    const publish = await d.f.post(`/d/${d.id}/report`, { intent: "publish", round: "1", summary: "Typed while archived.", confirm: "yes" });
    expect(publish.status).toBe(409);
    const publishHtml = await publish.text();
    expect(publishHtml).toContain("This deliberation is archived");
    expect(publishHtml).toContain(">Typed while archived.</textarea>");
    expect(await server.db.selectFrom("comments").select("id").where("deliberation_id", "=", d.id).execute()).toHaveLength(1);

    // reading still works, and says why nothing can change; the lists show it as archived
    const overview = await participant.get(`/d/${d.id}`);
    expect(overview.status).toBe(200);
    expect(await overview.text()).toContain("This deliberation is archived: it is read-only.");
    expect(await (await participant.get("/")).text()).toMatch(/Archive assembly<\/a> <span class="badge">Archived<\/span>/);
    // a new live connection is refused
    const late = connect(server.url, commentsDocName(d.proposalId), await collabToken(server.app, participantMembership.id), { label: "late" });
    await waitFor("the late connection is refused", () => late.authFailures.some((r) => r.includes("archived")) || late.closes.some((c) => c.reason.includes("archived")));

    expect((await d.f.post(`/d/${d.id}/settings`, { intent: "unarchive" })).status).toBe(302);
    expect((await participant.post(`/d/${d.id}/proposals/${d.proposalId}`, { intent: "comment", stance: "supports", body: "Back again.", anchor: "", parentId: "" })).status).toBe(302);
    expect(await (await participant.get("/")).text()).not.toContain(">Archived</span>");
  });

  it("delete needs the exact title (400 with a field message, nothing deleted) and only the deliberation's facilitator may", async () => {
    const d = await fullDeliberation(server, "Careful assembly", { publicReports: true });
    const before = await rowsOf(server, d.id, [d.proposalId]);
    const participant = await clientFor(server.app, server.url, d.people[2]!.userId);
    const other = await closedRoundScenario(server.app, "Neighbouring assembly");
    const otherFacilitator = await facilitatorClient(server.url, other.email);

    const wrong = await d.f.post(`/d/${d.id}/settings`, { intent: "delete", confirmTitle: "Careful assembl" });
    expect(wrong.status).toBe(400);
    const html = await wrong.text();
    expect(html).toContain("The title you typed does not match “Careful assembly” exactly, so nothing was deleted.");
    expect(html).toMatch(/name="confirmTitle"[^>]*value="Careful assembl"/);
    expect((await participant.post(`/d/${d.id}/settings`, { intent: "delete", confirmTitle: "Careful assembly" })).status).toBe(403);
    expect((await otherFacilitator.post(`/d/${d.id}/settings`, { intent: "delete", confirmTitle: "Careful assembly" })).status).toBe(404);
    expect((await d.f.fromOtherSite().post(`/d/${d.id}/settings`, { intent: "delete", confirmTitle: "Careful assembly" })).status).toBe(403);
    expect((await new Client(server.url).post(`/d/${d.id}/settings`, { intent: "delete", confirmTitle: "Careful assembly" })).status).toBe(302); // to the login
    expect(await rowsOf(server, d.id, [d.proposalId])).toEqual(before);
    for (const [table, n] of Object.entries(before)) if (table !== "yjs_documents" && table !== "email_outbox") expect(n, table).toBeGreaterThan(0);
  });

  it("deleting removes every private row and closes live connections; its public reports stay readable at their URLs and in the index", async () => {
    const d = await fullDeliberation(server, "Finished assembly", { publicReports: true });
    const participantMembership = await server.db.selectFrom("memberships").select("id").where("deliberation_id", "=", d.id).where("user_id", "=", d.people[1]!.userId).executeTakeFirstOrThrow();
    const participant = await clientFor(server.app, server.url, d.people[1]!.userId);
    const live = connect(server.url, commentsDocName(d.proposalId), await collabToken(server.app, participantMembership.id), { label: "reader" });
    await synced(live);
    const proposalIds = (await server.db.selectFrom("proposals").select("id").where("deliberation_id", "=", d.id).execute()).map((p) => p.id);
    await server.db.insertInto("yjs_documents").values({ name: draftDocName(proposalIds[0]!), state: "AA==", updated_at: new Date().toISOString() } as never).onConflict((oc) => oc.doNothing()).execute();
    // a reminder waiting in the outbox, with a member's address and personal link
    await server.db.insertInto("email_outbox").values({ id: `mail-${d.id}`, deliberation_id: d.id, membership_id: participantMembership.id, kind: "reminder", recipient: "someone@example.org", language: "en", subject: "Reminder", body: "…", link: `/d/${d.id}/vote`, unsubscribe_url: null, status: "pending", attempts: 0, next_attempt_at: new Date().toISOString(), last_error: null, created_at: new Date().toISOString(), sent_at: null }).execute();
    expect((await rowsOf(server, d.id, proposalIds)).email_outbox).toBeGreaterThan(0);
    const visitor = new Client(server.url);
    const files = ["report.pdf", "report.md", "report.json", "votes.csv", "manifest.json"];
    const publicBefore = await Promise.all([`/reports/${d.id}`, `/reports/${d.id}/1`, ...files.map((f) => `/reports/${d.id}/1/${f}`)].map(async (p) => [p, await (await visitor.get(p)).text()] as const));

    const res = await d.f.post(`/d/${d.id}/settings`, { intent: "delete", confirmTitle: "Finished assembly" });
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe(`/?deleted=${encodeURIComponent("Finished assembly")}`);
    await waitFor("the live connection is closed", () => live.closes.some((c) => c.reason.includes("deleted")));

    const after = await rowsOf(server, d.id, proposalIds);
    expect(after).toEqual(Object.fromEntries(Object.keys(after).map((k) => [k, 0])));
    // published versions and their files are untouched, served as before to anyone
    for (const [path, body] of publicBefore) {
      const again = await visitor.get(path);
      expect(again.status, path).toBe(200);
      if (!path.endsWith(".pdf") && path !== `/reports/${d.id}`) expect(withoutNonce(await again.text()), path).toBe(withoutNonce(body));
    }
    expect(await (await visitor.get("/reports")).text()).toContain("Finished assembly");
    expect((await server.db.selectFrom("reports").select("published_by").where("deliberation_id", "=", d.id).executeTakeFirstOrThrow()).published_by).toBeNull();
    // the deliberation itself is gone for its former members
    expect((await participant.get(`/d/${d.id}`)).status).toBe(404);
    expect((await d.f.get(`/d/${d.id}/settings`)).status).toBe(404);
    expect(await (await d.f.get("/")).text()).not.toContain("Finished assembly</a>");
    const late = connect(server.url, commentsDocName(d.proposalId), await collabToken(server.app, participantMembership.id).catch(() => "stale"), { label: "late" });
    await waitFor("a new connection is refused", () => late.authFailures.length > 0 || late.closes.length > 0);
  });

  it("deleting a deliberation whose reports are members-only deletes them too (nobody could read them again)", async () => {
    const d = await fullDeliberation(server, "Private assembly", { publicReports: false });
    expect((await d.f.post(`/d/${d.id}/settings`, { intent: "delete", confirmTitle: "Private assembly" })).status).toBe(302);
    expect(await server.db.selectFrom("reports").select("id").where("deliberation_id", "=", d.id).execute()).toEqual([]);
    expect(await server.db.selectFrom("deliberations").select("id").where("id", "=", d.id).execute()).toEqual([]);
    expect(await server.db.selectFrom("rounds").select("id").where("deliberation_id", "=", d.id).execute()).toEqual([]);
  });
});

function withoutNonce(html: string): string {
  return html.replace(/ nonce="[^"]*"/g, "");
}
