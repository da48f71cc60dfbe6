import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildReport } from "../../app/report/report-service.server";
import { buildConsensusView } from "../../app/results/consensus-view.server";
import { getRoundResults } from "../../app/results/live-counts.server";
import { closedRoundScenario, clientFor, facilitatorClient } from "../helpers/round-scenario";
import { startTestServer } from "../helpers/test-server";

/**
 * A differencing attack on every view a non-facilitator sees. Industry has 2 members (k = 5):
 * no view may show a number about fewer than 5 people, and subtracting every shown group from the
 * total must leave nothing or at least 5 people.
 */
let server: Awaited<ReturnType<typeof startTestServer>>;
let s: Awaited<ReturnType<typeof closedRoundScenario>>;
const K = 5;

beforeAll(async () => {
  server = await startTestServer();
  s = await closedRoundScenario(server.app, "Small groups");
});
afterAll(async () => server.stop());

/** Every shown cell ≥ k (or empty) and total − Σ shown ∈ {0} ∪ [k, ∞). */
function expectProtected(label: string, total: number, shown: number[]) {
  for (const n of shown) expect(n === 0 || n >= K, `${label}: a shown cell of ${n}`).toBe(true);
  const rest = total - shown.reduce((a, b) => a + b, 0);
  expect(rest === 0 || rest >= K, `${label}: total ${total} − shown = ${rest}`).toBe(true);
}

describe("k-anonymity in every view a participant sees", () => {
  it("the counts table: turnout and per-statement rows", async () => {
    const ctx = await s.ctx(s.people[0]!.userId);
    const { results } = await getRoundResults(ctx, 1);
    expectProtected("turnout", results!.eligible, results!.turnout.map((g) => g.eligible));
    for (const st of results!.statements) expectProtected(`statement ${st.title}`, st.overall.total, st.byGroup.map((g) => g.counts.total));
    const names = results!.statements.flatMap((st) => st.byGroup.map((g) => g.name));
    expect(names).not.toContain("Industry");
  });

  it("the consensus view: bars per group and region, and the opinion-map filter", async () => {
    const ctx = await s.ctx(s.people[0]!.userId);
    const view = await buildConsensusView(ctx, { id: s.round.id, number: 1 }, [{ id: s.round.id, number: 1 }], s.groupIds[3]!);
    if (view.status !== "ready") throw new Error("not ready");
    for (const [versionId, v] of Object.entries(view.byVersion)) {
      const total = view.board.find((b) => b.versionId === versionId) ? 19 : 0;
      expectProtected(`bars of ${versionId}`, total, v.bars.map((b) => b.n));
      expect(v.bars.map((b) => b.name)).not.toContain("Industry");
    }
    // Industry's real id is not a filter: the map highlights everyone instead of two people
    expect(view.map.filter).toBeNull();
    expect(view.map.points.every((p) => p.highlighted)).toBe(true);
    expect(view.filterGroups.map((g) => g.name)).not.toContain("Industry");
    // opinion groups of fewer than k people are not described
    const sizes = view.map.labels.map((l) => Number(/\((\d+)\)$/.exec(l)![1]));
    expect(sizes.some((n) => n < K)).toBe(true);
    for (const [g, rep] of view.representative.entries()) if (sizes[g]! < K) expect(rep).toMatchObject({ tooSmall: true, statements: [] });
  });

  it("robustness names a group or region only where its bar is shown; unusual ballots under k are not described", async () => {
    const ctx = await s.ctx(s.people[0]!.userId);
    const view = await buildConsensusView(ctx, { id: s.round.id, number: 1 }, [{ id: s.round.id, number: 1 }], null);
    if (view.status !== "ready") throw new Error("not ready");
    let checked = 0;
    for (const v of Object.values(view.byVersion)) {
      expect(v.robustness).not.toBeNull();
      const shownGroups = new Set(v.bars.filter((b) => b.n >= K).map((b) => b.name));
      const shownRegions = new Set(v.regionBars.filter((b) => b.n >= K).map((b) => b.name));
      for (const b of v.robustness!.because) {
        if (b.check === "without_group" && !b.opinion && b.group !== null) expect(shownGroups.has(b.group), `robustness names ${b.group}`).toBe(true);
        if (b.check === "without_region" && b.region !== null) expect(shownRegions.has(b.region), `robustness names ${b.region}`).toBe(true);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(0);
    expect(JSON.stringify(view)).not.toContain("Industry");
    // unusual ballots: either none, or at least k, or only "fewer than k" without what they move
    const a = view.abnormal!;
    expect(a).not.toBeNull();
    if (a.any > 0 && a.any < K) expect(a).toMatchObject({ fewerThanK: true, agreeAll: null, disagreeAll: null, changed: null, largestChange: null });
  });

  it("the report: participation and every statement's bars", async () => {
    const model = await buildReport(server.db, s.id, s.round.id, { summary: "", notes: {}, generatedAt: "2026-11-30T00:00:00.000Z" });
    expectProtected("participation", model.participation.participants, model.participation.byGroup.map((g) => g.participants));
    const all = [...model.agreement, ...model.disagreement, ...model.uncertainty, ...model.noConsensus, ...model.insufficient];
    expect(all).toHaveLength(3);
    for (const st of all) expectProtected(`report ${st.key}`, st.counts.total, st.groups.map((g) => g.n));
    expect(JSON.stringify(model)).not.toContain("Industry");
  });

  it("a re-analysis with the thresholds the round closed with is refused: it would only repeat the official result", async () => {
    const facilitator = await facilitatorClient(server.url, s.email);
    const res = await facilitator.post(`/d/${s.id}/results?round=1`, { label: "Same again" });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain("would only repeat the official result");
    expect(await server.db.selectFrom("round_analyses").selectAll().execute()).toHaveLength(0);
  });

  it("the results page over HTTP: participants never see the small group; facilitators do", async () => {
    const participant = await clientFor(server.app, server.url, s.people[1]!.userId);
    const facilitator = await facilitatorClient(server.url, s.email);
    const p = await (await participant.get(`/d/${s.id}/results?round=1&group=${s.groupIds[3]}`)).text();
    expect(p).toContain("Other (groups under k)");
    expect(p).not.toContain("Industry");
    expect(p).not.toMatch(/n=[1-4]</);
    const f = await (await facilitator.get(`/d/${s.id}/results?round=1`)).text();
    expect(f).toContain("Industry");
  });
});
