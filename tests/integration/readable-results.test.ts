import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createProposal, mergeProposal, saveProposalText, withdrawProposal } from "../../app/deliberation/proposal-service.server";
import { advancePhase, openRound } from "../../app/deliberation/round-service.server";
import { castVote } from "../../app/deliberation/vote-service.server";
import { myProposalHistory } from "../../app/results/proposal-history.server";
import { clientFor, facilitatorClient, FACILITATOR_PASSWORD } from "../helpers/round-scenario";
import { hashPassword } from "../../app/auth/crypto.server";
import { makeDeliberation, proposalInput, type TestDeliberation } from "../helpers/scenario";
import { startTestServer, type Client } from "../helpers/test-server";

/**
 * Results people can read, over HTTP on the production build: the plain-language headline (counts
 * per class, the groups on each side of each crux, k respected for everyone but facilitators), the
 * default view per role, and "what happened to my proposals".
 */
let server: Awaited<ReturnType<typeof startTestServer>>;

const decode = (html: string) => html.replace(/&amp;/g, "&").replace(/&quot;/g, '"').replace(/&#x27;/g, "'").replace(/&lt;/g, "<").replace(/&gt;/g, ">");
function headline(html: string): string {
  const m = /data-testid="results-headline"[^>]*>(.*?)<\/p>/s.exec(html);
  expect(m, "the results page has a headline").not.toBeNull();
  return decode(m![1]!.replace(/<[^>]+>/g, "")).replace(/\s+/g, " ").trim();
}

beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => server.stop());

async function facilitatorOf(d: TestDeliberation): Promise<Client> {
  const email = (await server.db.selectFrom("users").select("email").where("id", "=", d.facilitatorId).executeTakeFirstOrThrow()).email!;
  await server.db.updateTable("users").set({ password_hash: await hashPassword(FACILITATOR_PASSWORD) }).where("id", "=", d.facilitatorId).execute();
  return facilitatorClient(server.url, email);
}

/** Votes of each (group, statement): a choice per member, or null when the member does not vote on it. */
async function closedRound(title: string, thresholds: string | null, choice: (statement: number, group: number, i: number) => "agree" | "disagree" | "pass" | null, statements: string[]) {
  const d = await makeDeliberation(server.app, title, {
    groups: [
      { id: null, name: "Government", targetShare: 1 / 3 },
      { id: null, name: "Citizens", targetShare: 1 / 3 },
      { id: null, name: "Industry", targetShare: 1 / 3 },
    ],
  });
  if (thresholds) await server.db.updateTable("deliberations").set({ thresholds }).where("id", "=", d.id).execute();
  const people: { userId: string; group: number }[] = [];
  for (let g = 0; g < 3; g++) for (let i = 0; i < 6; i++) people.push({ userId: await d.join(`${title} ${g}-${i}`, { group: g }), group: g });
  const fac = () => d.ctx(d.facilitatorId);
  await openRound(await fac());
  for (const [i, t] of statements.entries()) await createProposal(await d.ctx(people[i]!.userId), proposalInput({ title: t }));
  await advancePhase(await fac(), "proposing");
  await advancePhase(await fac(), "discussing");
  const ballot = await server.db
    .selectFrom("proposal_versions as v")
    .innerJoin("proposals as p", "p.id", "v.proposal_id")
    .select(["v.id", "v.title"])
    .where("p.deliberation_id", "=", d.id)
    .where("v.frozen_at", "is not", null)
    .execute();
  const order = statements.map((t) => ballot.find((b) => b.title === t)!);
  for (const [n, p] of people.entries()) {
    const ctx = await d.ctx(p.userId);
    for (const [s, v] of order.entries()) {
      const c = choice(s, p.group, n % 6);
      if (c) await castVote(ctx, { versionId: v.id, choice: c, confidence: 4 });
    }
  }
  await advancePhase(await fac(), "voting");
  await server.app.scheduler.flush();
  return { d, people };
}

describe("the headline", () => {
  // 6 members per group, k = 5; the engine's own minimum group size lowered to 2, so a crux can
  // rest on a group with only 3 votes on it — a group no participant may see named.
  const STATEMENTS = ["Broad one", "Split one", "Split two", "Thin split", "Unsure one"];
  let d: TestDeliberation;
  let participant: Client;
  let facilitator: Client;
  let observer: Client;
  beforeAll(async () => {
    const built = await closedRound("Headline", JSON.stringify({ minGroupSize: 2 }), (s, g, i) => {
      if (s === 0) return "agree";
      if (s === 1 || s === 2) return g === 0 ? "agree" : "disagree";
      if (s === 3) return g === 0 ? "agree" : g === 1 ? "disagree" : i < 3 ? "agree" : null;
      return i < 4 ? "pass" : "agree";
    }, STATEMENTS);
    d = built.d;
    participant = await clientFor(server.app, server.url, built.people[0]!.userId);
    facilitator = await facilitatorOf(d);
    observer = await clientFor(server.app, server.url, await d.join("Headline observer", { role: "observer" }));
  });

  it("counts each class and names the groups on each side of each crux", async () => {
    const html = await (await facilitator.get(`/d/${d.id}/results?round=1`)).text();
    expect(headline(html)).toBe(
      "In short: 1 red line has broad support across all groups; 2 split Government (for) from Citizens and Industry (against); 1 splits Government and Industry (for) from Citizens (against); 1 is uncertain.",
    );
    // the board joins the names of each side as the page's language does
    expect(decode(html)).toContain("For: Government and Industry. Against: Citizens.");
  });

  it("never names, to a participant or an observer, a group with fewer than k votes on a crux", async () => {
    for (const client of [participant, observer]) {
      const html = await (await client.get(`/d/${d.id}/results?round=1`)).text();
      expect(headline(html)).toBe(
        "In short: 1 red line has broad support across all groups; 2 split Government (for) from Citizens and Industry (against); 1 splits the groups; 1 is uncertain.",
      );
      // the thin crux's own sentence and the board say who is split from whom only when k allows
      expect(decode(html)).not.toContain("Government and Industry (for)");
      expect(decode(html)).not.toContain("For: Government and Industry.");
    }
  });
});

describe("the default view per role", () => {
  let d: TestDeliberation;
  let clients: Record<"participant" | "observer" | "facilitator", Client>;
  beforeAll(async () => {
    const built = await closedRound("Views", null, (s, g) => (s === 0 || g === 0 ? "agree" : "disagree"), ["View one", "View two"]);
    d = built.d;
    clients = {
      participant: await clientFor(server.app, server.url, built.people[1]!.userId),
      observer: await clientFor(server.app, server.url, await d.join("Views observer", { role: "observer" })),
      facilitator: await facilitatorOf(d),
    };
  });
  const viewOf = (html: string) => /data-view="(\w+)"/.exec(html)?.[1];
  const openStats = (html: string) => [...html.matchAll(/<details class="statement-stats"( open="")?/g)].map((m) => m[1] !== undefined);

  it("participants read the plain view: the statistics of each red line folded", async () => {
    const html = await (await clients.participant.get(`/d/${d.id}/results?round=1`)).text();
    expect(viewOf(html)).toBe("plain");
    expect(openStats(html)).toEqual([false, false]);
    expect(html).toContain('data-testid="all-stats"');
    expect(html).toContain(">Show all statistics</a>");
  });

  it("facilitators and observers start in the full view", async () => {
    for (const role of ["facilitator", "observer"] as const) {
      const html = await (await clients[role].get(`/d/${d.id}/results?round=1`)).text();
      expect(viewOf(html), role).toBe("full");
      expect(openStats(html), role).toEqual([true, true]);
      expect(html).toContain(">Show the plain summary</a>");
    }
  });

  it("anyone may switch with ?view=; anything else falls back to the role's default", async () => {
    expect(viewOf(await (await clients.participant.get(`/d/${d.id}/results?round=1&view=full`)).text())).toBe("full");
    expect(viewOf(await (await clients.facilitator.get(`/d/${d.id}/results?round=1&view=plain`)).text())).toBe("plain");
    const odd = await clients.participant.get(`/d/${d.id}/results?round=1&view=%3Cscript%3E`);
    expect(odd.status).toBe(200);
    expect(viewOf(await odd.text())).toBe("plain");
  });
});

describe("what happened to my proposals", () => {
  let d: TestDeliberation;
  let author: string;
  let other: string;
  let ids: Record<string, string>;
  beforeAll(async () => {
    d = await makeDeliberation(server.app, "Mine");
    author = await d.join("Mine author", { group: 0 });
    other = await d.join("Mine other", { group: 1 });
    const voters: string[] = [];
    for (let i = 0; i < 10; i++) voters.push(await d.join(`Mine voter ${i}`, { group: i % 2 }));
    const fac = () => d.ctx(d.facilitatorId);
    await openRound(await fac());
    ids = {
      kept: await createProposal(await d.ctx(author), proposalInput({ title: "Mine kept" })),
      dropped: await createProposal(await d.ctx(author), proposalInput({ title: "Mine dropped" })),
      folded: await createProposal(await d.ctx(author), proposalInput({ title: "Mine folded" })),
      theirs: await createProposal(await d.ctx(other), proposalInput({ title: "Somebody else's line" })),
    };
    await advancePhase(await fac(), "proposing");
    await advancePhase(await fac(), "discussing");
    const ballot = await server.db.selectFrom("proposal_versions").select(["id"]).where("round_id", "=", (await fac()).round!.id).execute();
    for (const v of voters) for (const b of ballot) await castVote(await d.ctx(v), { versionId: b.id, choice: "agree", confidence: 4 });
    await advancePhase(await fac(), "voting");
    // after the close of round 1 one is merged; in round 2 one is withdrawn and one revised, with their reasons
    await mergeProposal(await fac(), ids.folded!, ids.kept!, "Same indicator and threshold");
    await openRound(await fac());
    await withdrawProposal(await fac(), ids.dropped!, "Covered by an existing treaty");
    await saveProposalText(await d.ctx(author), ids.kept!, proposalInput({ title: "Mine kept, sharper" }));
    await advancePhase(await fac(), "proposing");
    await advancePhase(await fac(), "discussing");
    await server.app.scheduler.flush();
  });

  it("lists only my proposals, each with its status per round", async () => {
    const history = await myProposalHistory(await d.ctx(author));
    expect(history.map((p) => p.title).sort()).toEqual(["Mine dropped", "Mine folded", "Mine kept, sharper"]);
    const [kept, dropped, folded] = ["Mine kept, sharper", "Mine dropped", "Mine folded"].map((title) => history.find((p) => p.title === title));
    expect(kept!.rounds.map((r) => [r.number, r.events.map((e) => e.kind)])).toEqual([
      [1, ["proposed", "frozen"]],
      [2, ["revised", "frozen"]],
    ]);
    expect(kept!.rounds[0]!.outcome).toMatchObject({ status: "ready", classification: "agreement", agreeRate: 1, votes: 10 });
    // round 2 is still voting and this deliberation shows results after the close
    expect(kept!.rounds[1]!.outcome).toEqual({ status: "pending" });
    expect(dropped!.status).toBe("withdrawn");
    // withdrawn in round 2, before it had a version there
    expect(dropped!.rounds.map((r) => [r.number, r.events.map((e) => e.kind)])).toEqual([[1, ["proposed", "frozen"]], [2, ["withdrawn"]]]);
    expect(dropped!.rounds[1]!.events).toEqual([{ kind: "withdrawn", reason: "Covered by an existing treaty" }]);
    expect(folded!.rounds.map((r) => r.number)).toEqual([1]);
    expect(folded!.rounds[0]!.events.at(-1)).toEqual({ kind: "merged", into: { id: ids.kept, title: "Mine kept, sharper" }, reason: "Same indicator and threshold" });
    expect(await myProposalHistory(await d.ctx(other))).toMatchObject([{ title: "Somebody else's line", rounds: [{ number: 1 }, { number: 2, events: [{ kind: "carried" }, { kind: "frozen" }] }] }]);
  });

  it("the page shows the author's history and nobody else's proposals", async () => {
    const mine = decode(await (await clientFor(server.app, server.url, author)).get(`/d/${d.id}/mine`).then((r) => r.text()));
    expect(mine).toContain("Withdrawn: “Covered by an existing treaty”");
    expect(mine).toContain("Merged into");
    expect(mine).toContain("Reason: “Same indicator and threshold”");
    expect(mine).toContain("Revised: version 2.");
    expect(mine).toContain("Results appear when this round closes.");
    expect(mine).not.toContain("Somebody else's line");
    const theirs = decode(await (await clientFor(server.app, server.url, other)).get(`/d/${d.id}/mine`).then((r) => r.text()));
    expect(theirs).toContain("Somebody else's line");
    expect(theirs).not.toContain("Covered by an existing treaty");
    expect(theirs).not.toContain("Mine dropped");
  });

  it("a non-member gets a 4xx, not the page", async () => {
    const stranger = await clientFor(server.app, server.url, (await makeDeliberation(server.app, "Elsewhere")).facilitatorId);
    const res = await stranger.get(`/d/${d.id}/mine`);
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
  });
});
