import { describe, expect, it } from "vitest";
import { computeBasicResults, type Choice, type VoteFact, type VoterFact } from "../../app/consensus/basic-results";

const vote = (statementId: string, voterId: string, choice: Choice, confidence: number | null, groupId: string | null): VoteFact => ({
  statementId,
  voterId,
  choice,
  confidence,
  groupId,
});

const EMPTY = { agree: 0, disagree: 0, pass: 0, total: 0, agreeRate: null, meanConfidence: null };

/**
 * Hand-computed reference case.
 *   groups gA (v1, v2) and gB (v3, v4, v5); v5 never votes.
 *   s1: v1 agree (5), v2 disagree (3), v3 agree (–), v4 pass (1)
 *   s2: v1 pass (–), v3 disagree (2)
 */
const VOTERS: VoterFact[] = [
  { voterId: "v1", groupId: "gA" },
  { voterId: "v2", groupId: "gA" },
  { voterId: "v3", groupId: "gB" },
  { voterId: "v4", groupId: "gB" },
  { voterId: "v5", groupId: "gB" },
];
const VOTES: VoteFact[] = [
  vote("s1", "v1", "agree", 5, "gA"),
  vote("s1", "v2", "disagree", 3, "gA"),
  vote("s1", "v3", "agree", null, "gB"),
  vote("s1", "v4", "pass", 1, "gB"),
  vote("s2", "v1", "pass", null, "gA"),
  vote("s2", "v3", "disagree", 2, "gB"),
];

describe("computeBasicResults — reference case", () => {
  const r = computeBasicResults(["s1", "s2"], ["gA", "gB"], VOTES, VOTERS);

  it("counts every choice per statement", () => {
    const [s1, s2] = r.statements;
    expect(s1!.overall).toMatchObject({ agree: 2, disagree: 1, pass: 1, total: 4 });
    expect(s2!.overall).toMatchObject({ agree: 0, disagree: 1, pass: 1, total: 2 });
  });

  it("computes the agree rate over all votes cast, passes included in the denominator", () => {
    expect(r.statements[0]!.overall.agreeRate).toBe(0.5); // 2 / 4, not 2 / 3
    expect(r.statements[1]!.overall.agreeRate).toBe(0);
  });

  it("averages confidence only over votes that stated one", () => {
    expect(r.statements[0]!.overall.meanConfidence).toBe(3); // (5 + 3 + 1) / 3
    expect(r.statements[1]!.overall.meanConfidence).toBe(2);
  });

  it("breaks each statement down by declared group, in the declared order", () => {
    const s1 = r.statements[0]!;
    expect(s1.byGroup.map((g) => g.groupId)).toEqual(["gA", "gB"]);
    expect(s1.byGroup[0]!.counts).toEqual({ agree: 1, disagree: 1, pass: 0, total: 2, agreeRate: 0.5, meanConfidence: 4 });
    expect(s1.byGroup[1]!.counts).toEqual({ agree: 1, disagree: 0, pass: 1, total: 2, agreeRate: 0.5, meanConfidence: 1 });
    const s2 = r.statements[1]!;
    expect(s2.byGroup[0]!.counts).toEqual({ agree: 0, disagree: 0, pass: 1, total: 1, agreeRate: 0, meanConfidence: null });
    expect(s2.byGroup[1]!.counts).toEqual({ agree: 0, disagree: 1, pass: 0, total: 1, agreeRate: 0, meanConfidence: 2 });
  });

  it("reports turnout per group from the eligible voters", () => {
    expect(r.turnout).toEqual([
      { groupId: "gA", eligible: 2, voted: 2, turnout: 1 },
      { groupId: "gB", eligible: 3, voted: 2, turnout: 2 / 3 },
    ]);
    expect(r.voters).toBe(4);
    expect(r.eligible).toBe(5);
  });

  it("adds no 'no group' row when everyone has a group", () => {
    expect(r.turnout.some((g) => g.groupId === null)).toBe(false);
    expect(r.statements[0]!.byGroup.some((g) => g.groupId === null)).toBe(false);
  });
});

describe("computeBasicResults — edge cases", () => {
  it("counts a pass against the agree rate: 1 agree + 3 pass is 25 %, not 100 %", () => {
    const r = computeBasicResults(
      ["s"],
      ["g"],
      [vote("s", "a", "agree", null, "g"), vote("s", "b", "pass", null, "g"), vote("s", "c", "pass", null, "g"), vote("s", "d", "pass", null, "g")],
      [],
    );
    expect(r.statements[0]!.overall.agreeRate).toBe(0.25);
  });

  it("keeps only the last vote of a voter on a statement (duplicates: last wins)", () => {
    const r = computeBasicResults(
      ["s"],
      ["g"],
      [vote("s", "v", "agree", 5, "g"), vote("s", "v", "pass", 1, "g"), vote("s", "v", "disagree", 2, "g")],
      [{ voterId: "v", groupId: "g" }],
    );
    expect(r.statements[0]!.overall).toEqual({ agree: 0, disagree: 1, pass: 0, total: 1, agreeRate: 0, meanConfidence: 2 });
    expect(r.turnout[0]).toEqual({ groupId: "g", eligible: 1, voted: 1, turnout: 1 });
  });

  it("treats the same voter on different statements as separate votes", () => {
    const r = computeBasicResults(["s1", "s2"], ["g"], [vote("s1", "v", "agree", null, "g"), vote("s2", "v", "disagree", null, "g")], [{ voterId: "v", groupId: "g" }]);
    expect(r.statements.map((s) => s.overall.total)).toEqual([1, 1]);
    expect(r.voters).toBe(1);
  });

  it("ignores votes on statements that are not on the ballot, also for turnout", () => {
    const r = computeBasicResults(
      ["s1"],
      ["g"],
      [vote("s1", "a", "agree", null, "g"), vote("unknown", "a", "disagree", null, "g"), vote("unknown", "b", "agree", 5, "g")],
      [
        { voterId: "a", groupId: "g" },
        { voterId: "b", groupId: "g" },
      ],
    );
    expect(r.statements.map((s) => s.statementId)).toEqual(["s1"]);
    expect(r.statements[0]!.overall).toEqual({ agree: 1, disagree: 0, pass: 0, total: 1, agreeRate: 1, meanConfidence: null });
    expect(r.turnout[0]).toEqual({ groupId: "g", eligible: 2, voted: 1, turnout: 0.5 });
    expect(r.voters).toBe(1);
  });

  it("gives null rates (not 0, not NaN) when nobody voted, and lists every statement of the ballot", () => {
    const r = computeBasicResults(["s1", "s2"], ["gA", "gB"], [], [{ voterId: "v", groupId: "gA" }]);
    expect(r.statements.map((s) => s.statementId)).toEqual(["s1", "s2"]);
    for (const s of r.statements) {
      expect(s.overall).toEqual(EMPTY);
      expect(s.byGroup).toEqual([
        { groupId: "gA", counts: EMPTY },
        { groupId: "gB", counts: EMPTY },
      ]);
    }
    expect(r.turnout).toEqual([
      { groupId: "gA", eligible: 1, voted: 0, turnout: 0 },
      { groupId: "gB", eligible: 0, voted: 0, turnout: null },
    ]);
    expect(r.voters).toBe(0);
  });

  it("handles an empty ballot", () => {
    const r = computeBasicResults([], ["g"], [vote("s", "v", "agree", 3, "g")], [{ voterId: "v", groupId: "g" }]);
    expect(r.statements).toEqual([]);
    expect(r.voters).toBe(0);
    expect(r.turnout[0]!.voted).toBe(0);
  });

  it("counts ungrouped voters overall and reports them last under groupId null", () => {
    const r = computeBasicResults(
      ["s"],
      ["g"],
      [vote("s", "grouped", "agree", 4, "g"), vote("s", "loner", "disagree", 2, null)],
      [
        { voterId: "grouped", groupId: "g" },
        { voterId: "loner", groupId: null },
        { voterId: "silent", groupId: null },
      ],
    );
    const s = r.statements[0]!;
    expect(s.overall).toEqual({ agree: 1, disagree: 1, pass: 0, total: 2, agreeRate: 0.5, meanConfidence: 3 });
    expect(s.byGroup.map((g) => g.groupId)).toEqual(["g", null]);
    expect(s.byGroup[1]!.counts).toEqual({ agree: 0, disagree: 1, pass: 0, total: 1, agreeRate: 0, meanConfidence: 2 });
    expect(r.turnout).toEqual([
      { groupId: "g", eligible: 1, voted: 1, turnout: 1 },
      { groupId: null, eligible: 2, voted: 1, turnout: 0.5 },
    ]);
  });

  it("shows an ungrouped row when an eligible voter has no group, even before anyone votes", () => {
    const r = computeBasicResults(["s"], ["g"], [], [{ voterId: "x", groupId: null }]);
    expect(r.statements[0]!.byGroup.map((g) => g.groupId)).toEqual(["g", null]);
    expect(r.turnout.map((g) => g.groupId)).toEqual(["g", null]);
  });

  it("never reports more voters than eligible people (a vote from someone no longer eligible is not turnout)", () => {
    const r = computeBasicResults(["s"], ["g"], [vote("s", "gone", "agree", null, "g"), vote("s", "here", "agree", null, "g")], [{ voterId: "here", groupId: "g" }]);
    expect(r.voters).toBe(1);
    expect(r.eligible).toBe(1);
    expect(r.turnout[0]!.turnout).toBe(1);
  });

  it("is deterministic and does not mutate its inputs", () => {
    const votes = structuredClone(VOTES);
    const voters = structuredClone(VOTERS);
    const a = computeBasicResults(["s1", "s2"], ["gA", "gB"], votes, voters);
    const b = computeBasicResults(["s1", "s2"], ["gA", "gB"], votes, voters);
    expect(a).toEqual(b);
    expect(votes).toEqual(VOTES);
    expect(voters).toEqual(VOTERS);
  });
});
