import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { demoFacts, loggedIn } from "../helpers/demo";
import { tableCounts } from "../helpers/test-db";
import { Client, startTestServer } from "../helpers/test-server";
import { parsePolisExport } from "../../app/interop/polis-format";
import type { ReportModel } from "../../app/report/report-types";

describe("publishing the consensus report", () => {
  let server: Awaited<ReturnType<typeof startTestServer>>;
  let facts: Awaited<ReturnType<typeof demoFacts>>;
  let names: string[];
  beforeAll(async () => {
    server = await startTestServer({ seedDemo: true });
    facts = await demoFacts(server.db);
    const users = await server.db.selectFrom("users").select(["display_name", "email"]).execute();
    names = users.flatMap((u) => [u.display_name, u.email ?? ""]).filter((x) => x.length > 3);
  });
  afterAll(async () => server.stop());

  // The demo seed publishes round 1's report as version 1 and makes its reports public.
  const versions = async () => (await server.db.selectFrom("reports").select(["version", "hash"]).where("deliberation_id", "=", facts.id).orderBy("version").execute());

  const form = (round: number, extra: Record<string, string> = {}) => ({ round: String(round), summary: "The assembly agrees on weapons and self-replication lines.", note_disagreement: "Cruxes need another round.", ...extra });

  it("previews a round for the facilitator as a standalone document", async () => {
    const f = await loggedIn(server.url, "facilitator");
    const res = await f.post(`/d/${facts.id}/report/preview`, form(1));
    expect(res.status).toBe(200);
    const html = await res.text();
    for (const h of ["Points of agreement", "Points of disagreement", "Key uncertainties", "Methodology", "Appendix"]) expect(html).toContain(h);
    expect(html).toContain("Chatham House");
    for (const n of names) expect(html).not.toContain(n);
  });

  it("refuses to publish an open round, without confirmation, or for a participant — and writes nothing", async () => {
    const f = await loggedIn(server.url, "facilitator");
    const p = await loggedIn(server.url, "participant");
    const before = await tableCounts(server.db);
    const reportsBefore = await versions();
    const open = await f.post(`/d/${facts.id}/report`, { ...form(2), intent: "publish", confirm: "yes" });
    expect(open.status).toBe(409);
    expect(await open.text()).toContain("only a closed round can be published");
    const unconfirmed = await f.post(`/d/${facts.id}/report`, { ...form(1), intent: "publish" });
    expect(unconfirmed.status).toBe(400);
    expect((await p.post(`/d/${facts.id}/report`, { ...form(1), intent: "publish", confirm: "yes" })).status).toBe(403);
    expect(await tableCounts(server.db)).toEqual(before);
    expect(await versions()).toEqual(reportsBefore);
  });

  it("publishes immutable, hashed versions; the public URL works only when reports are public", async () => {
    const f = await loggedIn(server.url, "facilitator");
    const seeded = (await versions()).length;
    const res = await f.post(`/d/${facts.id}/report`, { ...form(1), intent: "publish", confirm: "yes" });
    expect(res.status).toBe(302);
    const v = seeded + 1;
    const row = await server.db.selectFrom("reports").selectAll().where("deliberation_id", "=", facts.id).where("version", "=", v).executeTakeFirstOrThrow();
    expect(row.hash).toMatch(/^[0-9a-f]{64}$/);

    const visitor = new Client(server.url);
    expect((await f.post(`/d/${facts.id}/report`, { intent: "public", value: "0" })).status).toBe(302);
    expect((await visitor.get(`/reports/${facts.id}`)).status).toBe(404);
    expect((await visitor.get(`/reports/${facts.id}/${v}`)).status).toBe(404);
    expect((await f.get(`/reports/${facts.id}/${v}`)).status).toBe(200); // members always can

    expect((await f.post(`/d/${facts.id}/report`, { intent: "public", value: "1" })).status).toBe(302);
    const index = await visitor.get(`/reports/${facts.id}`);
    expect(index.status).toBe(200);
    expect(await index.text()).toContain(`Report version ${v}`);
    const page = await visitor.get(`/reports/${facts.id}/${v}`);
    expect(page.headers.get("content-security-policy")).toContain("default-src 'none'");
    const html = await page.text();
    expect(html).toContain(row.hash);
    expect(html).toContain("The assembly agrees on weapons and self-replication lines.");

    const files: [string, string][] = [["report.pdf", "application/pdf"], ["report.md", "text/markdown"], ["report.json", "application/json"], ["comments.csv", "text/csv"], ["votes.csv", "text/csv"], ["participants-votes.csv", "text/csv"]];
    for (const [file, type] of files) {
      const r = await visitor.get(`/reports/${facts.id}/${v}/${file}`);
      expect(r.status, file).toBe(200);
      expect(r.headers.get("content-type"), file).toContain(type);
      const body = Buffer.from(await r.arrayBuffer());
      if (file === "report.pdf") expect(body.subarray(0, 5).toString()).toBe("%PDF-");
      else for (const n of names) expect(body.toString("utf8"), `${file} mentions ${n}`).not.toContain(n);
    }
    // The CSV export re-imports (Polis format) to the same per-statement counts as the report.
    const comments = await (await visitor.get(`/reports/${facts.id}/${v}/comments.csv`)).text();
    const votes = await (await visitor.get(`/reports/${facts.id}/${v}/votes.csv`)).text();
    const reparsed = parsePolisExport({ comments, votes });
    const model = JSON.parse(await (await visitor.get(`/reports/${facts.id}/${v}/report.json`)).text()) as ReportModel;
    const statements = [...model.agreement, ...model.disagreement, ...model.uncertainty, ...model.noConsensus, ...model.insufficient];
    const agreeByBody = new Map<string, number>();
    for (const c of reparsed.comments) agreeByBody.set(c.body, reparsed.votes.filter((v) => v.commentId === c.id && v.vote === 1).length);
    expect(statements.length).toBe(reparsed.comments.length);
    for (const s of statements) expect(agreeByBody.get(s.statement), s.title).toBe(s.counts.agree);
    const json = JSON.parse(await (await visitor.get(`/reports/${facts.id}/${v}/report.json`)).text());
    expect(json.schemaVersion).toBe(1);
    expect(json.agreement.length).toBeGreaterThan(0);
    expect((await visitor.get(`/reports/${facts.id}/${v}/evil.exe`)).status).toBe(404);
    expect((await visitor.get(`/reports/${facts.id}/${v + 5}`)).status).toBe(404);
  });

  it("a second publication supersedes the first, and the diff shows what changed", async () => {
    const f = await loggedIn(server.url, "facilitator");
    const last = (await versions()).length;
    const res = await f.post(`/d/${facts.id}/report`, { ...form(1, { summary: "Revised summary after review." }), intent: "publish", confirm: "yes" });
    expect(res.status).toBe(302);
    const visitor = new Client(server.url);
    const previous = await (await visitor.get(`/reports/${facts.id}/${last}`)).text();
    expect(previous).toContain(`superseded by version ${last + 1}`);
    const diff = await (await visitor.get(`/reports/${facts.id}/diff?from=${last}&to=${last + 1}`)).text();
    expect(diff).toContain("The executive summary changed.");
    const stored = await versions();
    expect(stored.map((r) => r.version)).toEqual(Array.from({ length: last + 1 }, (_, i) => i + 1));
    expect(stored[last - 1]!.hash).not.toBe(stored[last]!.hash);
  });
});
