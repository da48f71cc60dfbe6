import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_THRESHOLDS } from "../../app/consensus/types";
import { demoFacts, loggedIn } from "../helpers/demo";
import { tableCounts } from "../helpers/test-db";
import { waitForImport } from "../helpers/polis-import";
import { startTestServer } from "../helpers/test-server";

const FIXTURE = "tests/fixtures/polis/london.youth.policing";

describe("consensus thresholds and the Polis upload", () => {
  let server: Awaited<ReturnType<typeof startTestServer>>;
  let facts: Awaited<ReturnType<typeof demoFacts>>;
  beforeAll(async () => {
    server = await startTestServer({ seedDemo: true });
    facts = await demoFacts(server.db);
  });
  afterAll(async () => server.stop());

  const thresholdForm = (overrides: Record<string, string> = {}) => ({
    intent: "thresholds",
    agreementGroupRate: "60",
    agreementLowerBound: "50",
    agreementOverall: "70",
    disagreementSpread: "30",
    uncertaintyPassRate: "30",
    uncertaintyConfidence: "2.5",
    uncertaintyIntervalWidth: "50",
    minVotes: "10",
    minGroupSize: "5",
    ...overrides,
  });

  it("lets the facilitator change thresholds, stores them as rates, and shows them on the settings page", async () => {
    const f = await loggedIn(server.url, "facilitator");
    const res = await f.post(`/d/${facts.id}/settings`, thresholdForm({ agreementOverall: "80", minGroupSize: "7" }));
    expect(res.status).toBe(302);
    const row = await server.db.selectFrom("deliberations").select(["thresholds", "min_group_size"]).where("id", "=", facts.id).executeTakeFirstOrThrow();
    expect(JSON.parse(row.thresholds).agreementOverall).toBeCloseTo(0.8);
    expect(row.min_group_size).toBe(7);
    const page = await (await f.get(`/d/${facts.id}/settings`)).text();
    expect(page).toContain('value="80"');
    // restore defaults for the other tests: people have joined, so k stays at the raised 7 (it can only rise)
    expect((await f.post(`/d/${facts.id}/settings`, { intent: "thresholds", reset: "defaults" })).status).toBe(302);
    const back = await server.db.selectFrom("deliberations").select(["thresholds", "min_group_size"]).where("id", "=", facts.id).executeTakeFirstOrThrow();
    expect(JSON.parse(back.thresholds).agreementOverall).toBe(DEFAULT_THRESHOLDS.agreementOverall);
    expect(back.min_group_size).toBe(7);
    await server.db.updateTable("deliberations").set({ min_group_size: 5 }).where("id", "=", facts.id).execute();
  });

  it("refuses invalid thresholds field by field and changes nothing", async () => {
    const f = await loggedIn(server.url, "facilitator");
    const before = await server.db.selectFrom("deliberations").select(["thresholds", "updated_at"]).where("id", "=", facts.id).executeTakeFirstOrThrow();
    const res = await f.post(`/d/${facts.id}/settings`, thresholdForm({ agreementOverall: "170", minVotes: "lots" }));
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain("Enter a number of at most 100.");
    expect(html).toContain("Enter a whole number.");
    const after = await server.db.selectFrom("deliberations").select(["thresholds", "updated_at"]).where("id", "=", facts.id).executeTakeFirstOrThrow();
    expect(after).toEqual(before);
  });

  it("refuses thresholds from a participant (403)", async () => {
    const p = await loggedIn(server.url, "participant");
    const res = await p.post(`/d/${facts.id}/settings`, thresholdForm({ agreementOverall: "10" }));
    expect(res.status).toBe(403);
  });

  it("imports an uploaded Polis export as a new deliberation with a closed round", async () => {
    const f = await loggedIn(server.url, "facilitator");
    const form = new FormData();
    form.set("title", "London youth policing (imported)");
    form.set("comments", new Blob([readFileSync(`${FIXTURE}/comments.csv`)], { type: "text/csv" }), "comments.csv");
    form.set("votes", new Blob([readFileSync(`${FIXTURE}/votes.csv`)], { type: "text/csv" }), "votes.csv");
    const res = await f.postMultipart("/deliberations/import", form);
    expect(res.status).toBe(302);
    const imported = await waitForImport(f, res.headers.get("location") ?? "");
    const id = "deliberationId" in imported ? imported.deliberationId : undefined;
    expect(id).toBeTruthy();
    const d = await server.db.selectFrom("deliberations").selectAll().where("id", "=", id!).executeTakeFirstOrThrow();
    expect(d.title).toBe("London youth policing (imported)");
    const round = await server.db.selectFrom("rounds").selectAll().where("deliberation_id", "=", id!).executeTakeFirstOrThrow();
    expect(round.phase).toBe("closed");
    const comments = readFileSync(`${FIXTURE}/comments.csv`, "utf8").trim().split("\n").length - 1;
    const versions = await server.db.selectFrom("proposal_versions").select("id").where("round_id", "=", round.id).execute();
    expect(versions.length).toBe(comments);
    expect((await f.get(`/d/${id}/results`)).status).toBe(200);
  });

  it("refuses an upload without comments.csv or with a broken file, and writes nothing", async () => {
    const f = await loggedIn(server.url, "facilitator");
    const before = await tableCounts(server.db);
    const missing = new FormData();
    missing.set("title", "Nothing to import");
    missing.set("votes", new Blob(["timestamp,comment-id,voter-id,vote\n1,0,0,1\n"]), "votes.csv");
    const r1 = await f.postMultipart("/deliberations/import", missing);
    expect(r1.status).toBe(400);
    const page1 = await r1.text();
    expect(page1).toContain("Choose the comments.csv file of the export.");
    expect(page1).toMatch(/<input[^>]*name="title"[^>]*value="Nothing to import"/); // the form keeps the title
    const broken = new FormData();
    broken.set("title", "Broken export");
    broken.set("comments", new Blob(["id,text\n1,hello\n"]), "comments.csv");
    broken.set("votes", new Blob(["timestamp,comment-id,voter-id,vote\n1,0,0,1\n"]), "votes.csv");
    const r2 = await f.postMultipart("/deliberations/import", broken);
    expect(r2.status).toBe(400);
    expect(await r2.text()).toContain("not a Polis export Accord can read");
    expect(await tableCounts(server.db)).toEqual(before);
  });

  it("sends a visitor who is not signed in to the login page instead of importing", async () => {
    const res = await fetch(`${server.url}/deliberations/import`, { method: "POST", redirect: "manual", headers: { Origin: server.url } });
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toContain("/login");
  });
});
