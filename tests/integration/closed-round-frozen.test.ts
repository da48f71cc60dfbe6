import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { castVote } from "../../app/deliberation/vote-service.server";
import { buildReport } from "../../app/report/report-service.server";
import { decodeSnapshot } from "../../app/results/round-snapshot";
import { readRoundConsensus } from "../../app/results/round-results.server";
import { closedRoundScenario, clientFor, facilitatorClient } from "../helpers/round-scenario";
import { failure } from "../helpers/scenario";
import { startTestServer, withoutNonces, type Client } from "../helpers/test-server";

/**
 * Closed means frozen: after a round closes, removing a member, editing groups or changing the
 * thresholds changes nothing about it — its results, report and exports stay byte-identical; new
 * thresholds on an old round become a labelled re-analysis that never overwrites the original.
 */
let server: Awaited<ReturnType<typeof startTestServer>>;
let s: Awaited<ReturnType<typeof closedRoundScenario>>;
let facilitator: Client;
let participant: Client;

const GENERATED_AT = "2026-11-30T12:00:00.000Z";

async function observe() {
  const results = await readRoundConsensus(server.db, s.id, s.round.id);
  if (results.status !== "ready") throw new Error("results not ready");
  const page = async (c: Client) => {
    const res = await c.get(`/d/${s.id}/results?round=1`);
    expect(res.status).toBe(200);
    return withoutNonces(await res.text());
  };
  const exports: Record<string, string> = {};
  for (const f of ["comments.csv", "votes.csv", "participants-votes.csv"]) {
    const res = await participant.get(`/d/${s.id}/export?round=1&file=${f}`);
    expect(res.status).toBe(200);
    exports[f] = await res.text();
  }
  return {
    results: JSON.stringify(results.result),
    stale: results.stale,
    participantPage: await page(participant),
    report: JSON.stringify(await buildReport(server.db, s.id, s.round.id, { summary: "Summary.", notes: {}, generatedAt: GENERATED_AT })),
    exports,
  };
}

beforeAll(async () => {
  server = await startTestServer();
  s = await closedRoundScenario(server.app, "Frozen round");
  facilitator = await facilitatorClient(server.url, s.email);
  participant = await clientFor(server.app, server.url, s.people[0]!.userId);
});
afterAll(async () => server.stop());

describe("a closed round is frozen", () => {
  it("stores a snapshot of the ballot, the eligible voters, every counted vote and the thresholds when it closes", async () => {
    const row = await server.db.selectFrom("round_snapshots").selectAll().where("round_id", "=", s.round.id).executeTakeFirstOrThrow();
    const snap = decodeSnapshot(row.payload);
    expect(snap.ballot).toHaveLength(3);
    expect(snap.voters).toHaveLength(19);
    expect(snap.votes).toHaveLength(19 * 3);
    expect(snap.thresholds.minVotes).toBe(10);
    expect(snap.groups.map((g) => g.name)).toEqual(["Government", "Citizens", "Academia", "Industry"]);
    // no vote times in the snapshot, and votes are not kept in the order they were cast
    expect(row.payload).not.toMatch(/"(created|updated)_?[aA]t"/);
  });

  it("keeps results, report and exports byte-identical after a member is removed, thresholds change and a group is renamed", async () => {
    const before = await observe();
    expect(before.stale).toBe(false);

    const removed = await server.db.selectFrom("memberships").select("id").where("user_id", "=", s.people[3]!.userId).executeTakeFirstOrThrow();
    const r1 = await facilitator.post(`/d/${s.id}/members`, { intent: "remove-member", membershipId: removed.id, confirm: "yes" });
    expect(r1.status).toBe(302);
    const thresholds = { agreementLowerBound: "10", agreementGroupRate: "10", agreementOverall: "10", disagreementSpread: "90", uncertaintyPassRate: "90", uncertaintyConfidence: "1", uncertaintyIntervalWidth: "99", minVotes: "1", minGroupSize: "5" };
    const r2 = await facilitator.post(`/d/${s.id}/settings`, { intent: "thresholds", ...thresholds });
    expect(r2.status).toBe(302);
    await server.db.updateTable("stakeholder_groups").set({ name: "Governments (renamed)", target_share: 0.7 }).where("id", "=", s.groupIds[0]!).execute();
    await server.app.scheduler.flush();

    const after = await observe();
    expect(after.stale).toBe(false);
    expect(after.results).toBe(before.results);
    expect(after.report).toBe(before.report);
    expect(after.exports).toEqual(before.exports);
    expect(after.participantPage).toBe(before.participantPage);
    expect(after.report).toContain("Government");
    expect(after.report).not.toContain("renamed");
  });
});

describe("a vote racing the close", () => {
  it("is refused when the round closed after the request read it, and stores nothing", async () => {
    const ctx = await s.ctx(s.people[5]!.userId);
    const stale = { ...ctx, round: { ...ctx.round!, phase: "voting" as const } };
    const before = await server.db.selectFrom("votes").selectAll().orderBy("id").execute();
    const refused = await failure(castVote(stale, { versionId: s.ballot[0]!.id, choice: "disagree", confidence: null }));
    expect(refused.status).toBe(409);
    expect(refused.message).toContain("Closed");
    expect(await server.db.selectFrom("votes").selectAll().orderBy("id").execute()).toEqual(before);
  });
});

describe("re-analysis with new thresholds", () => {
  it("is created by a facilitator under a label, shown with a banner, and never replaces the official result", async () => {
    const official = await readRoundConsensus(server.db, s.id, s.round.id);
    const page = await (await facilitator.get(`/d/${s.id}/results?round=1`)).text();
    expect(page).toContain("thresholds have changed since this round closed");

    const empty = await facilitator.post(`/d/${s.id}/results?round=1`, { label: "  " });
    expect(empty.status).toBe(400);
    expect(await server.db.selectFrom("round_analyses").selectAll().execute()).toHaveLength(0);

    const res = await facilitator.post(`/d/${s.id}/results?round=1`, { label: "Lenient thresholds" });
    expect(res.status).toBe(302);
    const location = res.headers.get("location")!;
    expect(location).toMatch(/analysis=/);
    const html = await (await facilitator.get(location.replace(/#.*$/, ""))).text();
    expect(html).toContain("Lenient thresholds");
    expect(html).toContain("NOT the official result");

    const rows = await server.db.selectFrom("round_analyses").selectAll().execute();
    expect(rows).toHaveLength(1);
    // the same label again is refused with a field message
    const again2 = await facilitator.post(`/d/${s.id}/results?round=1`, { label: "lenient thresholds " });
    expect(again2.status).toBe(400);
    expect(await again2.text()).toContain("already has a re-analysis with this label");
    expect(await server.db.selectFrom("round_analyses").selectAll().execute()).toHaveLength(1);
    expect(JSON.parse(rows[0]!.thresholds).agreementOverall).toBe(0.1);
    // the official result is untouched
    const again = await readRoundConsensus(server.db, s.id, s.round.id);
    expect(JSON.stringify(again)).toBe(JSON.stringify(official));
    // participants see the re-analysis listed, and can open it
    const listed = await (await participant.get(`/d/${s.id}/results?round=1`)).text();
    expect(listed).toContain("Lenient thresholds");
    expect(listed).not.toContain("NOT the official result");
  });

  it("refuses participants and cross-site posts", async () => {
    const res = await participant.post(`/d/${s.id}/results?round=1`, { label: "Mine" });
    expect(res.status).toBe(403);
    const forged = await facilitator.fromOtherSite().post(`/d/${s.id}/results?round=1`, { label: "Forged" });
    expect(forged.status).toBe(403);
    expect(await server.db.selectFrom("round_analyses").selectAll().execute()).toHaveLength(1);
  });
});

describe("the smallest group shown (k) after people joined", () => {
  it("can be raised but not lowered: a lower k is refused with a field message and nothing is saved", async () => {
    const base = { intent: "thresholds", agreementLowerBound: "50", agreementGroupRate: "60", agreementOverall: "70", disagreementSpread: "30", uncertaintyPassRate: "30", uncertaintyConfidence: "2.5", uncertaintyIntervalWidth: "50", minVotes: "10" };
    const before = await server.db.selectFrom("deliberations").select(["thresholds", "min_group_size"]).where("id", "=", s.id).executeTakeFirstOrThrow();
    const lower = await facilitator.post(`/d/${s.id}/settings`, { ...base, minGroupSize: "2" });
    expect(lower.status).toBe(400);
    expect(await lower.text()).toContain("can only be raised now");
    expect(await server.db.selectFrom("deliberations").select(["thresholds", "min_group_size"]).where("id", "=", s.id).executeTakeFirstOrThrow()).toEqual(before);
    const higher = await facilitator.post(`/d/${s.id}/settings`, { ...base, minGroupSize: "6" });
    expect(higher.status).toBe(302);
    const after = await server.db.selectFrom("deliberations").select("min_group_size").where("id", "=", s.id).executeTakeFirstOrThrow();
    expect(after.min_group_size).toBe(6);
  });
});
