import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RoundConsensus } from "../../app/results/round-results.server";
import { resultsStamp } from "../../app/results/round-results.server";
import { demoFacts, loggedIn } from "../helpers/demo";
import { startTestServer, type Client } from "../helpers/test-server";

/**
 * The consensus results of the seeded demo (Chatham House, round 1 closed, round 2 voting) as the
 * real production server renders them, the Polis export route, and the cache's life cycle.
 */
let server: Awaited<ReturnType<typeof startTestServer>>;
let facts: Awaited<ReturnType<typeof demoFacts>>;
let facilitator: Client;
let participant: Client;
let round1Html: string;
/** Display names of everyone who takes part as a participant (the facilitator's own name is in the header). */
let participantNames: string[];

const COMPUTING = "being computed";

async function waitForResults(client: Client, path: string, timeoutMs = 10_000): Promise<string> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const res = await client.get(path);
    expect(res.status, path).toBe(200);
    const html = await res.text();
    if (!html.includes(COMPUTING)) return html;
    if (Date.now() > until) throw new Error(`${path} still shows "${COMPUTING}" after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** How React writes a text into HTML, and how it appears in the embedded loader data. */
function forms(text: string): string[] {
  const escaped = text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#x27;");
  return [...new Set([text, escaped, JSON.stringify(text).slice(1, -1)])];
}

/** The HTML of one column of the consensus board, e.g. "agreement". */
function boardColumn(html: string, cls: string): string {
  const start = html.indexOf(`aria-labelledby="board-${cls}"`);
  expect(start, `board column ${cls}`).toBeGreaterThan(-1);
  const end = html.indexOf("</section>", start);
  return html.slice(start, end);
}

const escapeHtml = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#x27;");

async function cached(roundId: string) {
  return server.db.selectFrom("round_results").selectAll().where("round_id", "=", roundId).executeTakeFirst();
}

beforeAll(async () => {
  server = await startTestServer({ seedDemo: true });
  facts = await demoFacts(server.db);
  facilitator = await loggedIn(server.url, "facilitator");
  participant = await loggedIn(server.url, "participant");
  round1Html = await waitForResults(facilitator, `/d/${facts.id}/results?round=1`);
  const rows = await server.db
    .selectFrom("memberships as m")
    .innerJoin("users as u", "u.id", "m.user_id")
    .select("u.display_name")
    .where("m.deliberation_id", "=", facts.id)
    .where("m.role", "=", "participant")
    .execute();
  participantNames = rows.map((r) => r.display_name);
});
afterAll(async () => server.stop());

describe("round 1 results page (closed round)", () => {
  const round1 = () => facts.rounds.find((r) => r.number === 1)!;

  it("is computed in the background and cached for round 1", async () => {
    expect(round1Html).not.toContain(COMPUTING);
    const row = await cached(round1().id);
    expect(row).toBeDefined();
    expect(row!.stamp).toBe(await resultsStamp(server.db, facts.id, round1().id));
  });

  it("shows the consensus board, the opinion map and a reason per statement", async () => {
    expect(round1Html).toContain('data-testid="consensus-board"');
    expect(round1Html).toMatch(/<svg[^>]*aria-label="Opinion map with \d+ participants in \d+ opinion groups/);
    const payload = JSON.parse((await cached(round1().id))!.payload) as RoundConsensus;
    const reasons = round1Html.match(/data-testid="reason"/g) ?? [];
    expect(payload.statements.length).toBeGreaterThan(0);
    expect(reasons.length).toBe(payload.statements.length);
    // the map describes what the cache holds
    const points = payload.opinion.points.length;
    expect(round1Html).toContain(`Opinion map with ${points} participants in ${payload.opinion.k} opinion groups`);
  });

  it("lists at least one statement under Agreement and one under Disagreement, as the cache classifies them", async () => {
    const payload = JSON.parse((await cached(round1().id))!.payload) as RoundConsensus;
    for (const cls of ["agreement", "disagreement"] as const) {
      const column = boardColumn(round1Html, cls);
      const items = column.match(/<li/g) ?? [];
      const expected = payload.statements.filter((s) => s.classification === cls);
      expect(expected.length, `${cls} statements in the cache`).toBeGreaterThan(0);
      expect(items.length).toBe(expected.length);
      for (const s of expected) expect(column).toContain(escapeHtml(s.title));
    }
    // a disagreement names its sides
    expect(boardColumn(round1Html, "disagreement")).toMatch(/For: [^<]+\. Against: [^<]+\./);
  });

  it("names no participant (Chatham House), on the page or in the Polis export", async () => {
    expect(participantNames.length).toBeGreaterThan(50);
    const exports = await Promise.all(
      ["comments.csv", "votes.csv", "participants-votes.csv"].map(async (f) => (await facilitator.get(`/d/${facts.id}/export?round=1&file=${f}`)).text()),
    );
    const found: string[] = [];
    for (const [where, text] of [["results page", round1Html], ...exports.map((t, i) => [`export ${i}`, t])] as const) {
      for (const name of participantNames) for (const form of forms(name)) if (text.includes(form)) found.push(`${name} in ${where}`);
    }
    expect(found).toEqual([]);
  });
});

describe("the Polis export route", () => {
  it("gives the facilitator votes.csv of round 1 as CSV, one row per counted vote", async () => {
    const res = await facilitator.get(`/d/${facts.id}/export?round=1&file=votes.csv`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/csv/);
    expect(res.headers.get("content-disposition")).toContain('filename="accord-round-1-votes.csv"');
    const lines = (await res.text()).trim().split("\n");
    expect(lines[0]).toBe("timestamp,datetime,comment-id,voter-id,vote,confidence");
    const round1 = facts.rounds.find((r) => r.number === 1)!;
    const payload = JSON.parse((await cached(round1.id))!.payload) as RoundConsensus;
    const counted = payload.statements.reduce((n, s) => n + s.overall.n, 0);
    expect(counted).toBeGreaterThan(0);
    expect(lines.length - 1).toBe(counted);
    for (const line of lines.slice(1)) expect(line).toMatch(/^,,\d+,\d+,(1|-1|0),[1-5]?$/);
  });

  it("refuses a file name it does not export (400), with a sentence rather than a server error", async () => {
    for (const file of ["evil.csv", "../../db/accord.db", ""]) {
      const res = await facilitator.get(`/d/${facts.id}/export?round=1&file=${encodeURIComponent(file)}`);
      expect(res.status, file).toBe(400);
      expect(res.headers.get("content-type")).not.toMatch(/csv/);
      expect(await res.text()).toBe("Choose one of the export files: comments.csv, votes.csv or participants-votes.csv.");
    }
  });

  it("answers 404 for a round that does not exist, and sends a visitor to the login page", async () => {
    const res = await facilitator.get(`/d/${facts.id}/export?round=9&file=votes.csv`);
    expect(res.status).toBe(404);
    expect(await res.text()).toBe("There is no round 9 in this deliberation.");
    const anonymous = await fetch(`${server.url}/d/${facts.id}/export?round=1&file=votes.csv`, { redirect: "manual" });
    expect(anonymous.status).toBe(302);
    expect(anonymous.headers.get("location")).toMatch(/^\/login/);
  });

  it("lets a participant export the closed round 1 but not round 2 while it is voting (403)", async () => {
    expect(facts.round2.phase).toBe("voting");
    expect((await participant.get(`/d/${facts.id}/export?round=1&file=comments.csv`)).status).toBe(200);
    const res = await participant.get(`/d/${facts.id}/export?round=2&file=votes.csv`);
    expect(res.status).toBe(403);
    const body = await res.text();
    expect(body).not.toContain("voter-id");
    expect(body).toBe("Results of this round are shown after the round closes (the round is in its Voting phase).");
  });
});

describe("the cache follows the votes", () => {
  it("a participant's vote in round 2 makes the cached results stale, and they are recomputed", async () => {
    const round2 = facts.round2;
    // the facilitator sees round 2 live; wait until it is cached
    await waitForResults(facilitator, `/d/${facts.id}/results?round=2`);
    await server.app.scheduler.flush();
    const before = await cached(round2.id);
    expect(before).toBeDefined();
    expect(before!.stamp).toBe(await resultsStamp(server.db, facts.id, round2.id));

    // change (or cast) the demo participant's vote on the first card
    const version = facts.ballot2[0]!;
    const mine = await server.db
      .selectFrom("votes")
      .select("choice")
      .where("round_id", "=", round2.id)
      .where("membership_id", "=", facts.participant.id)
      .where("version_id", "=", version.id)
      .executeTakeFirst();
    const choice = mine?.choice === "disagree" ? "agree" : "disagree";
    const statBefore = (JSON.parse(before!.payload) as RoundConsensus).statements.find((s) => s.versionId === version.id)!;

    const res = await participant.post(`/d/${facts.id}/vote`, { versionId: version.id, choice, confidence: "4", next: "0" });
    expect(res.status).toBe(302);

    // stale: the stamp the cache was computed from no longer matches the data
    const stampNow = await resultsStamp(server.db, facts.id, round2.id);
    expect(stampNow).not.toBe(before!.stamp);

    await server.app.scheduler.flush();
    const after = await cached(round2.id);
    expect(after!.stamp).toBe(stampNow);
    expect(after!.stamp).not.toBe(before!.stamp);
    expect(after!.computed_at >= before!.computed_at).toBe(true);
    const statAfter = (JSON.parse(after!.payload) as RoundConsensus).statements.find((s) => s.versionId === version.id)!;
    // the new vote is counted: one more for the new choice, one fewer for the old one (if any)
    const delta = (c: "agree" | "disagree" | "pass") => statAfter.overall[c] - statBefore.overall[c];
    expect(delta(choice)).toBe(1);
    if (mine) expect(delta(mine.choice)).toBe(-1);
    expect(statAfter.overall.n - statBefore.overall.n).toBe(mine ? 0 : 1);

    // the page now shows fresh results without the stale notice
    const html = await waitForResults(facilitator, `/d/${facts.id}/results?round=2`);
    expect(html).not.toContain("New votes arrived since these results were computed");
  });
});
