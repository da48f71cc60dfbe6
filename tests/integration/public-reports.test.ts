import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { advancePhase, openRound } from "../../app/deliberation/round-service.server";
import { createProposal } from "../../app/deliberation/proposal-service.server";
import { castVote, getBallot } from "../../app/deliberation/vote-service.server";
import { publishReport, setReportsPublic } from "../../app/report/publication-service.server";
import { REPORT_INDEX_PAGE_SIZE } from "../../app/report/report-index-service.server";
import { demoFacts, loggedIn } from "../helpers/demo";
import { makeDeliberation, proposalInput } from "../helpers/scenario";
import { Client, startTestServer } from "../helpers/test-server";

/**
 * The public index of published reports (/reports) over HTTP against the production build: no
 * login, public deliberations only (no id of any other leaks), newest publication first, paginated.
 */

let server: Awaited<ReturnType<typeof startTestServer>>;
let facts: Awaited<ReturnType<typeof demoFacts>>;
const visitor = () => new Client(server.url);

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A deliberation whose round 1 went through every phase (one participant, one vote) and whose report is published. */
async function publishedDeliberation(title: string, options: { isPublic: boolean }): Promise<string> {
  const d = await makeDeliberation(server.app, title);
  const participant = await d.join(`${title} delegate`);
  const facilitator = () => d.ctx(d.facilitatorId);
  await openRound(await facilitator());
  await createProposal(await d.ctx(participant), proposalInput());
  await advancePhase(await facilitator(), "proposing");
  await advancePhase(await facilitator(), "discussing");
  const voter = await d.ctx(participant);
  const [item] = (await getBallot(voter)).items;
  await castVote(voter, { versionId: item!.versionId, choice: "agree", confidence: null });
  await advancePhase(await facilitator(), "voting");
  // publication times have millisecond resolution: keep them apart so "newest first" is unambiguous
  await sleep(3);
  await publishReport(await facilitator(), 1, { summary: `Summary of ${title}.`, notes: {} });
  if (options.isPublic) await setReportsPublic(await facilitator(), true);
  return d.id;
}

async function page(query = ""): Promise<string> {
  const res = await visitor().get(`/reports${query}`);
  expect(res.status).toBe(200);
  return res.text();
}

/** The deliberation ids linked from a page of the index, in order. */
const listed = (html: string) => [...html.matchAll(/<h2><a [^>]*href="\/reports\/([A-Za-z0-9_-]+)"/g)].map((m) => m[1]!);

beforeAll(async () => {
  server = await startTestServer({ seedDemo: true });
  facts = await demoFacts(server.db);
});
afterAll(async () => server.stop());

describe("/reports, the public index of published reports", () => {
  it("lists the demo's published report without login: title, question, latest version, round, date and a link", async () => {
    const html = await page();
    expect(listed(html)).toEqual([facts.id]);
    expect(html).toContain(facts.title);
    expect(html).toContain(facts.deliberation.question.replace(/'/g, "&#x27;"));
    const report = await server.db.selectFrom("reports").select(["version", "published_at"]).where("deliberation_id", "=", facts.id).executeTakeFirstOrThrow();
    expect(report.version).toBe(1);
    expect(html).toContain(`Latest: version 1, from round 1 · published ${report.published_at.slice(0, 10)}`);
    // the link leads to the deliberation's public list of versions, again without login
    const versions = await visitor().get(`/reports/${facts.id}`);
    expect(versions.status).toBe(200);
    expect(await versions.text()).toContain("Report version 1 (round 1)");
  });

  it("the home page links to it", async () => {
    const res = await visitor().get("/");
    expect(await res.text()).toMatch(/<a [^>]*href="\/reports"[^>]*>Read published reports<\/a>/);
  });

  it("leaves out deliberations whose reports are not public, and never shows their ids", async () => {
    const hidden = await publishedDeliberation("Closed-door assembly", { isPublic: false });
    const unpublished = await makeDeliberation(server.app, "Public but unpublished assembly");
    await setReportsPublic(await unpublished.ctx(unpublished.facilitatorId), true);
    const html = await page();
    expect(listed(html)).toEqual([facts.id]);
    for (const text of [hidden, "Closed-door assembly", unpublished.id, "Public but unpublished assembly"]) expect(html).not.toContain(text);
    // a member-only deliberation's reports stay refused to visitors
    expect((await visitor().get(`/reports/${hidden}`)).status).toBe(404);
  });

  it("lists the newest publication first, with each deliberation's latest version", async () => {
    const older = await publishedDeliberation("Older public assembly", { isPublic: true });
    const newer = await publishedDeliberation("Newer public assembly", { isPublic: true });
    expect(listed(await page())).toEqual([newer, older, facts.id]);

    // a new version of the oldest moves it to the top, shown as its latest version
    const c = await loggedIn(server.url, "facilitator");
    await sleep(3);
    const res = await c.post(`/d/${facts.id}/report`, { round: "1", summary: "A second version.", intent: "publish", confirm: "yes" });
    expect(res.status).toBe(302);
    const html = await page();
    expect(listed(html)).toEqual([facts.id, newer, older]);
    expect(html).toContain("Latest: version 2, from round 1");
  });

  it(`shows ${REPORT_INDEX_PAGE_SIZE} per page with previous / next links; out-of-range pages show the nearest one`, async () => {
    const before = listed(await page()).length;
    const created: string[] = [];
    for (let i = before; i <= REPORT_INDEX_PAGE_SIZE; i++) created.push(await publishedDeliberation(`Paged assembly ${i}`, { isPublic: true }));
    const total = before + created.length;
    expect(total).toBe(REPORT_INDEX_PAGE_SIZE + 1);

    const first = await page();
    expect(listed(first)).toHaveLength(REPORT_INDEX_PAGE_SIZE);
    expect(listed(first)[0]).toBe(created.at(-1));
    expect(first).toContain("Page 1 of 2");
    expect(first).toMatch(/href="\/reports\?page=2"[^>]*>Next →/);
    expect(first).not.toContain("← Previous");

    const second = await page("?page=2");
    expect(listed(second)).toHaveLength(1);
    expect(second).toContain("Page 2 of 2");
    expect(second).toMatch(/href="\/reports\?page=1"[^>]*>← Previous/);
    // every deliberation exactly once across the pages, oldest publication last
    expect(new Set([...listed(first), ...listed(second)]).size).toBe(total);
    expect(listed(second)[0]).not.toBe(facts.id);

    expect(listed(await page("?page=99"))).toEqual(listed(second));
    expect(listed(await page("?page=abc"))).toEqual(listed(first));
    expect(listed(await page("?page=-3"))).toEqual(listed(first));
  });
});
