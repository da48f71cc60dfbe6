import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { demoFacts, loggedIn } from "../helpers/demo";
import { tableCounts } from "../helpers/test-db";
import { Client, startTestServer } from "../helpers/test-server";
import { captureLogs } from "../helpers/test-logger";
import { closedRoundScenario, facilitatorClient } from "../helpers/round-scenario";

/** The facilitator's publishing workflow: nothing typed is lost, an empty summary is confirmed, a success page follows. */
describe("the facilitator's report workflow", () => {
  let server: Awaited<ReturnType<typeof startTestServer>>;
  let facts: Awaited<ReturnType<typeof demoFacts>>;
  beforeAll(async () => {
    server = await startTestServer({ seedDemo: true });
    facts = await demoFacts(server.db);
  });
  afterAll(async () => server.stop());

  const SUMMARY = "Summary typed with care: weapons and self-replication lines hold.";
  const NOTE = "Note on cruxes, also typed by hand.";
  const typed = (round: string, extra: Record<string, string> = {}) => ({ intent: "publish", round, summary: SUMMARY, note_disagreement: NOTE, confirm: "yes", ...extra });
  const versions = async () => (await server.db.selectFrom("reports").select("version").where("deliberation_id", "=", facts.id).execute()).length;
  const latest = async () => Number((await server.db.selectFrom("reports").select((eb) => eb.fn.max<number>("version").as("v")).where("deliberation_id", "=", facts.id).executeTakeFirst())?.v ?? 0);
  /** The textareas hold what was typed (HTML-escaped as React renders it). */
  const keepsTyping = (html: string) => {
    expect(html).toContain(`>${SUMMARY}</textarea>`);
    expect(html).toContain(`>${NOTE}</textarea>`);
    expect(html).toContain("Nothing was published. Your summary and notes are kept below.");
  };

  it("every refused publish re-renders the form with the summary and notes, and writes nothing", async () => {
    const f = await loggedIn(server.url, "facilitator");
    const before = { tables: await tableCounts(server.db), versions: await versions() };
    const cases: [string, Record<string, string>, number, string][] = [
      ["an open round", typed("2", { basedOn: String(await latest()) }), 409, "only a closed round can be published"],
      ["a round that does not exist", typed("99", { basedOn: String(await latest()) }), 404, "no round 99"],
      ["a malformed round", typed("first", { basedOn: String(await latest()) }), 400, "Some fields need your attention"],
      ["no confirmation", { ...typed("1", { basedOn: String(await latest()) }), confirm: "" }, 400, "Tick the box to confirm"],
    ];
    for (const [label, form, status, sentence] of cases) {
      const res = await f.post(`/d/${facts.id}/report`, form);
      expect(res.status, label).toBe(status);
      const html = await res.text();
      expect(html, label).toContain(sentence);
      keepsTyping(html);
    }
    expect({ tables: await tableCounts(server.db), versions: await versions() }).toEqual(before);
  });

  it("a version published meanwhile (another tab, another facilitator) refuses the stale form with 409, keeping it", async () => {
    const f = await loggedIn(server.url, "facilitator");
    const seen = await latest();
    expect((await f.post(`/d/${facts.id}/report`, typed("1", { basedOn: String(seen) }))).status).toBe(302);
    const stale = await f.post(`/d/${facts.id}/report`, typed("1", { basedOn: String(seen) }));
    expect(stale.status).toBe(409);
    const html = await stale.text();
    expect(html).toContain(`Version ${seen + 1} was published meanwhile`);
    keepsTyping(html);
    expect(await latest()).toBe(seen + 1);
  });

  it("an empty summary asks for confirmation first (a server step, no JavaScript), keeping the notes", async () => {
    const f = await loggedIn(server.url, "facilitator");
    const seen = await latest();
    const asked = await f.post(`/d/${facts.id}/report`, typed("1", { summary: "  ", basedOn: String(seen) }));
    expect(asked.status).toBe(400);
    const html = await asked.text();
    expect(html).toContain("Publish without an executive summary?");
    expect(html).toMatch(/<button[^>]*name="withoutSummary"[^>]*value="yes"[^>]*>Publish without a summary<\/button>/);
    expect(html).toContain(`>${NOTE}</textarea>`);
    expect(html.match(/<input[^>]*name="confirm"[^>]*>/)?.[0]).toContain("checked");
    expect(await latest()).toBe(seen);
    const confirmed = await f.post(`/d/${facts.id}/report`, typed("1", { summary: "", basedOn: String(seen), withoutSummary: "yes" }));
    expect(confirmed.status).toBe(302);
    expect(confirmed.headers.get("location")).toBe(`/d/${facts.id}/report/published/${seen + 1}`);
    const row = await server.db.selectFrom("reports").select("model").where("deliberation_id", "=", facts.id).where("version", "=", seen + 1).executeTakeFirstOrThrow();
    expect((JSON.parse(row.model) as { summary: string }).summary).toBe("");
  });

  it("the success page shows the public link, every download and the way back; reloading it never publishes again", async () => {
    const f = await loggedIn(server.url, "facilitator");
    const res = await f.post(`/d/${facts.id}/report`, typed("1", { basedOn: String(await latest()) }));
    const location = res.headers.get("location")!;
    const v = await latest();
    expect(location).toBe(`/d/${facts.id}/report/published/${v}`);
    for (let i = 0; i < 2; i++) {
      const page = await f.get(location);
      expect(page.status).toBe(200);
      const html = await page.text();
      expect(html).toContain(`Report version ${v} is published`);
      expect(html).toContain(`>${server.url}/reports/${facts.id}/${v}</a>`);
      for (const file of ["report.pdf", "report.md", "report.json", "comments.csv", "votes.csv", "participants-votes.csv", "manifest.json"]) expect(html, file).toContain(`href="/reports/${facts.id}/${v}/${file}"`);
      expect(html).toContain(`href="/reports/${facts.id}/${v}"`);
      expect(html).toContain(`href="/d/${facts.id}"`);
    }
    expect(await latest()).toBe(v);
    // and the link it shows works for the public
    expect((await new Client(server.url).get(`/reports/${facts.id}/${v}`)).status).toBe(200);
  });

  it("only the deliberation's facilitators reach the success page; CSRF still guards publishing", async () => {
    const v = await latest();
    const path = `/d/${facts.id}/report/published/${v}`;
    expect((await (await loggedIn(server.url, "participant")).get(path)).status).toBe(403);
    expect((await (await loggedIn(server.url, "observer")).get(path)).status).toBe(403);
    const other = await closedRoundScenario(server.app, "Another assembly");
    expect((await (await facilitatorClient(server.url, other.email)).get(path)).status).toBe(404);
    expect((await new Client(server.url).get(path)).status).toBe(302); // to the login
    const f = await loggedIn(server.url, "facilitator");
    expect((await f.get(`/d/${facts.id}/report/published/${v + 7}`)).status).toBe(404);
    expect((await f.get(`/d/${facts.id}/report/published/nope`)).status).toBe(404);
    const forged = await f.fromOtherSite().post(`/d/${facts.id}/report`, typed("1", { basedOn: String(v) }));
    expect(forged.status).toBe(403);
    expect(await latest()).toBe(v);
  });
});

describe("a publish that fails while building the report", () => {
  const logs = captureLogs();
  let server: Awaited<ReturnType<typeof startTestServer>>;
  beforeAll(async () => {
    server = await startTestServer({ logger: logs.logger });
  });
  afterAll(async () => server.stop());

  it("keeps the summary and notes, says nothing was published, logs the error with a reference, and writes nothing", async () => {
    const s = await closedRoundScenario(server.app, "Broken snapshot assembly");
    const f = await facilitatorClient(server.url, s.email);
    // a damaged frozen snapshot: building the report throws an unexpected error, not a refusal
    await server.db.updateTable("round_snapshots").set({ payload: "{not json", sha256: "0".repeat(64) }).where("round_id", "=", s.round.id).execute();
    const res = await f.post(`/d/${s.id}/report`, { intent: "publish", round: "1", summary: "Typed summary survives.", note_uncertainty: "Typed note survives.", confirm: "yes", basedOn: "0" });
    expect(res.status).toBe(500);
    const html = await res.text();
    expect(html).toContain(">Typed summary survives.</textarea>");
    expect(html).toContain(">Typed note survives.</textarea>");
    expect(html).toContain("The report could not be built, so nothing was published.");
    expect(logs.lines().some((l) => l.msg === "publishing a report failed")).toBe(true);
    expect(await server.db.selectFrom("reports").select("id").where("deliberation_id", "=", s.id).execute()).toEqual([]);
  });
});
