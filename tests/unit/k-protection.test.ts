import { describe, expect, it } from "vitest";
import { seededRandom } from "../../app/consensus/stats";
import { OTHER_GROUP_ID, OTHER_GROUP_NAME, planCells, protectCategories, protectCountCells } from "../../app/results/k-protection";

/**
 * k-anonymity with complementary suppression: no shown cell under k, and nothing hidden can be
 * recovered by subtracting shown cells from the total.
 */
function check(cells: { id: string; n: number }[], unassigned: number, k: number) {
  const plan = planCells(cells, unassigned, k);
  const size = new Map(cells.map((c) => [c.id, c.n]));
  const total = cells.reduce((s, c) => s + c.n, 0) + unassigned;
  if (plan.suppressed) {
    expect(plan.kept).toEqual([]);
    return;
  }
  for (const id of plan.kept) {
    const n = size.get(id)!;
    expect(n === 0 || n >= k, `kept cell ${id} has ${n}`).toBe(true);
  }
  const other = plan.merged.reduce((s, id) => s + size.get(id)!, 0) + (plan.unassignedMerged ? unassigned : 0);
  expect(other === 0 || other >= k, `Other has ${other}`).toBe(true);
  // what is left after subtracting every shown cell from the total: nothing, or ≥ k people
  const rest = total - plan.kept.reduce((s, id) => s + size.get(id)!, 0) - other;
  expect(rest === 0 || rest >= k, `remainder ${rest}`).toBe(true);
}

describe("planCells", () => {
  it("leaves everything alone when every cell has at least k", () => {
    expect(planCells([{ id: "a", n: 5 }, { id: "b", n: 9 }, { id: "c", n: 0 }], 0, 5)).toEqual({ kept: ["a", "b", "c"], merged: [], unassignedMerged: false, suppressed: false });
  });

  it("merges a one-person group with the next smallest so the Other cell reaches k", () => {
    const plan = planCells([{ id: "gov", n: 6 }, { id: "ind", n: 1 }, { id: "civ", n: 7 }], 0, 5);
    expect(plan.merged).toEqual(["gov", "ind"]);
    expect(plan.kept).toEqual(["civ"]);
  });

  it("merges an unassigned remainder under k, and suppresses everything when even all together stay under k", () => {
    expect(planCells([{ id: "a", n: 6 }], 2, 5)).toMatchObject({ kept: [], merged: ["a"], unassignedMerged: true });
    expect(planCells([{ id: "a", n: 2 }, { id: "b", n: 1 }], 0, 5)).toMatchObject({ suppressed: true, kept: [] });
  });

  it("holds its guarantees on 2,000 random cases", () => {
    const rand = seededRandom(7);
    for (let t = 0; t < 2000; t++) {
      const k = 2 + Math.floor(rand() * 6);
      const cells = Array.from({ length: 1 + Math.floor(rand() * 6) }, (_, i) => ({ id: `g${i}`, n: Math.floor(rand() * 12) }));
      check(cells, Math.floor(rand() * 8), k);
    }
  });
});

describe("protectCategories", () => {
  it("assigns members of merged groups to Other and sums the target shares", () => {
    const groups = [
      { id: "a", name: "A", targetShare: 0.5 },
      { id: "b", name: "B", targetShare: 0.3 },
      { id: "c", name: "C", targetShare: 0.2 },
    ];
    const members = [
      ...Array.from({ length: 6 }, (_, i) => ({ id: `a${i}`, category: "a" })),
      ...Array.from({ length: 3 }, (_, i) => ({ id: `b${i}`, category: "b" })),
      ...Array.from({ length: 2 }, (_, i) => ({ id: `c${i}`, category: "c" })),
    ];
    const p = protectCategories(groups, members, 5, (m) => ({ targetShare: m.reduce((s, g) => s + g.targetShare, 0) }));
    expect(p.categories.map((c) => [c.id, c.name, c.targetShare])).toEqual([["a", "A", 0.5], [OTHER_GROUP_ID, OTHER_GROUP_NAME, 0.5]]);
    expect(p.assignment.get("b0")).toBe(OTHER_GROUP_ID);
    expect(p.assignment.get("c1")).toBe(OTHER_GROUP_ID);
    expect(p.assignment.get("a0")).toBe("a");
    expect(p.merged).toBe(2);
  });
});

describe("protectCountCells", () => {
  it("never shows a cell of fewer than k votes, nor one recoverable from the total", () => {
    const cells = [
      { name: "Gov", agree: 4, disagree: 2, pass: 0 },
      { name: "Industry", agree: 0, disagree: 1, pass: 0 },
      { name: "Civil", agree: 3, disagree: 3, pass: 1 },
    ];
    const shown = protectCountCells(cells, { agree: 0, disagree: 0, pass: 0 }, 5);
    expect(shown.map((c) => c.name)).toEqual(["Civil", OTHER_GROUP_NAME]);
    expect(shown[1]).toEqual({ name: OTHER_GROUP_NAME, agree: 4, disagree: 3, pass: 0 });
    expect(protectCountCells([{ name: "X", agree: 1, disagree: 1, pass: 0 }], { agree: 1, disagree: 0, pass: 0 }, 5)).toEqual([]);
  });
});

describe("snapshot storage", () => {
  it("encodes votes compactly and decodes to the same snapshot", async () => {
    const { decodeSnapshot, encodeSnapshot } = await import("../../app/results/round-snapshot");
    const { DEFAULT_THRESHOLDS } = await import("../../app/consensus/types");
    const version = (id: string) => ({ versionId: id, proposalId: `p-${id}`, versionNumber: 1, title: id, statement: "s", category: "c", indicator: "i", thresholdValue: "1", thresholdUnit: "%", trigger: "t", response: "r", scope: "use" as const, evidenceLinks: [] });
    const snapshot = {
      schema: 1 as const,
      roundId: "r1",
      roundNumber: 1,
      closedAt: "2026-11-30T00:00:00.000Z",
      idSeed: "00ff",
      thresholds: DEFAULT_THRESHOLDS,
      minGroupSize: 5,
      attributionMode: "chatham_house" as const,
      groups: [{ id: "g", name: "G", targetShare: 1 }],
      regions: [],
      ballot: [version("a"), version("b")],
      voters: [{ id: "x", groupId: "g", regionId: null }, { id: "y", groupId: null, regionId: null }],
      votes: [
        { voterId: "x", versionId: "a", choice: "agree" as const, confidence: 5 },
        { voterId: "x", versionId: "b", choice: "pass" as const, confidence: null },
        { voterId: "y", versionId: "b", choice: "disagree" as const, confidence: 1 },
      ],
    };
    const stored = encodeSnapshot(snapshot);
    expect(stored).not.toContain('"voterId"');
    expect(decodeSnapshot(stored)).toEqual(snapshot);
    expect(() => encodeSnapshot({ ...snapshot, votes: [{ voterId: "z", versionId: "a", choice: "agree", confidence: null }] })).toThrow(/outside the snapshot/);
  });
});

describe("protectGrouping: group × region combinations", () => {
  it("never publishes a (group, region) combination of fewer than k people, on 300 random assemblies", async () => {
    const { protectGrouping } = await import("../../app/results/round-consensus");
    const rand = seededRandom(99);
    for (let t = 0; t < 300; t++) {
      const k = 2 + Math.floor(rand() * 5);
      const groups = Array.from({ length: 1 + Math.floor(rand() * 5) }, (_, i) => ({ id: `g${i}`, name: `G${i}`, targetShare: 0.2 }));
      const regions = Array.from({ length: Math.floor(rand() * 5) }, (_, i) => ({ id: `r${i}`, name: `R${i}` }));
      const voters = Array.from({ length: Math.floor(rand() * 60) }, (_, i) => ({
        id: `v${i}`,
        groupId: rand() < 0.9 ? groups[Math.floor(rand() * groups.length)]!.id : null,
        regionId: regions.length && rand() < 0.85 ? regions[Math.floor(rand() * regions.length)]!.id : null,
      }));
      const p = protectGrouping({ groups, regions, voters, minGroupSize: k });
      const cells = new Map<string, number>();
      for (const v of voters) {
        const key = `${p.groups.assignment.get(v.id) ?? "-"}|${p.regions.assignment.get(v.id) ?? "-"}`;
        cells.set(key, (cells.get(key) ?? 0) + 1);
      }
      for (const [key, n] of cells) expect(n >= k || voters.length < k, `k=${k}: ${key} has ${n}`).toBe(true);
    }
  });
});

describe("the 'too small a group' reason", () => {
  it("never states how many votes the small group cast (a breakdown below k)", async () => {
    const { reasonSentence } = await import("../../app/ui/reason-text");
    const { t } = await import("../../app/i18n/i18n");
    const sentence = reasonSentence({ code: "small_group", group: "Industry", n: 3, min: 5 }, t as never);
    expect(sentence).toContain("Industry");
    expect(sentence).toContain("5");
    expect(sentence).not.toMatch(/\b3\b/);
  });
});
