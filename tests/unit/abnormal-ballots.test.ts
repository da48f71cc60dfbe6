import { describe, expect, it } from "vitest";
import { checkAbnormalBallots, type AbnormalBallotsInput } from "../../app/consensus/abnormal-ballots";
import { computeConsensus, indexVotes, type ConsensusInput } from "../../app/consensus/engine";
import { buildSparseMatrix } from "../../app/consensus/sparse-matrix";
import { seededRandom } from "../../app/consensus/stats";
import type { EngineVote, VoteValue } from "../../app/consensus/types";

function shuffle<T>(xs: T[], rand: () => number): T[] {
  const a = [...xs];
  for (let i = a.length - 1; i > 0; i--) {
    const k = Math.floor(rand() * (i + 1));
    [a[i], a[k]] = [a[k]!, a[i]!];
  }
  return a;
}

type Timing = Pick<AbnormalBallotsInput, "secondsPerVote" | "castAtMs">;

function toInput(ci: ConsensusInput, timing: Timing = {}): AbnormalBallotsInput {
  const statementIds = ci.statements.map((s) => s.id);
  const indexed = indexVotes(ci.votes, statementIds, ci.participants.map((p) => p.id));
  return {
    matrix: buildSparseMatrix(indexed.compact),
    statementIds,
    groups: ci.groups.map((g) => ({ id: g.id, targetShare: g.targetShare })),
    groupOf: ci.participants.map((p) => p.groupId ?? null),
    thresholds: ci.thresholds,
    ...timing,
  };
}

const statements = (n: number) => Array.from({ length: n }, (_, j) => ({ id: `s${j}` }));
const groups = [{ id: "X", name: "X", targetShare: 0.5 }, { id: "Y", name: "Y", targetShare: 0.5 }];

// ─────────────────────────────────────────────────────────────────────────────────────────────
// Planted case, 10 statements (s0..s9), groups X and Y, each with 30 normal voters who vote on
// every statement; normal voter k (0..29) agrees on
//   s0 iff k ≥ 10 (20 of 30), s2 iff k < 6 (6 of 30), every other statement iff k < 27 (27 of 30),
// and disagrees otherwise (so every normal voter has at least one agree and one disagree).
// Straight-liners: 8 agree-all in X, 8 agree-all in Y, 2 disagree-all in Y (all 10 statements).
// One X voter agrees on s3..s8 only: 6 votes < max(8, ½·10) → not judged, stays.
//
// By hand (default thresholds: overall ≥ 0.7, every group ≥ 0.6 with Wilson low ≥ 0.5):
//  s0 with:    X 28/38 = 0.737 (low 0.580), Y 28/40 = 0.700 (low 0.546), overall 56/78 = 0.718 → agreement
//     without: X 20/30, Y 20/30, overall 40/60 = 0.667 < 0.7, spread 0, width 0.32 → no consensus
//  s2 with:    X 14/38, Y 14/40, overall 28/78 = 0.359 → no consensus; without 12/60 = 0.2 → no consensus
//  s1, s9:     X 35/38, Y 35/40, overall 70/78 = 0.897 → agreement; without 54/60 = 0.9 → agreement
//  s3..s8:     X 36/39, Y 35/40, overall 71/79 = 0.899 → agreement; without 55/61 = 0.902 → agreement
// Largest change of an overall agree rate: s2, 0.359 → 0.2 (−0.159); next s0 (−0.051).
function plantedCase(): ConsensusInput {
  const rand = seededRandom(614);
  const participants: ConsensusInput["participants"][number][] = [];
  const votes: EngineVote[] = [];
  const vote = (participantId: string, j: number, value: VoteValue) => votes.push({ participantId, statementId: `s${j}`, value });
  for (const g of ["X", "Y"]) {
    for (let k = 0; k < 30; k++) {
      const id = `voter-${g}-${k}`;
      participants.push({ id, groupId: g });
      for (let j = 0; j < 10; j++) vote(id, j, (j === 0 ? k >= 10 : j === 2 ? k < 6 : k < 27) ? 1 : -1);
    }
    for (let k = 0; k < 8; k++) {
      const id = `voter-${g}-agree-all-${k}`;
      participants.push({ id, groupId: g });
      for (let j = 0; j < 10; j++) vote(id, j, 1);
    }
  }
  for (let k = 0; k < 2; k++) {
    const id = `voter-Y-disagree-all-${k}`;
    participants.push({ id, groupId: "Y" });
    for (let j = 0; j < 10; j++) vote(id, j, -1);
  }
  participants.push({ id: "voter-X-short", groupId: "X" });
  for (let j = 3; j <= 8; j++) vote("voter-X-short", j, 1);
  return { statements: statements(10), participants: shuffle(participants, rand), votes: shuffle(votes, rand), groups };
}

describe("abnormal ballots: planted case", () => {
  const input = plantedCase();
  const result = checkAbnormalBallots(toInput(input));

  it("flags the straight-liners, not the normal voters nor the voter with too few votes", () => {
    expect(result.flagged).toEqual({ agree_all: 16, disagree_all: 2, too_fast: 0, any: 18 });
    expect(result.judged).toEqual({ straightLine: 78, timing: 0 });
    expect(result.timingAvailable).toBe(false);
    expect(result.settings).toEqual({ minStraightVotes: 8, minBallotShare: 0.5, ballotSize: 10, fastMedianSeconds: 2, minTimedVotes: 5 });
  });

  it("counts statements per classification with and without them (hand-computed)", () => {
    expect(result.classifications.with).toEqual({ agreement: 9, disagreement: 0, uncertainty: 0, insufficient_data: 0, no_consensus: 1 });
    expect(result.classifications.without).toEqual({ agreement: 8, disagreement: 0, uncertainty: 0, insufficient_data: 0, no_consensus: 2 });
    expect(result.changed).toEqual([{ id: "s0", from: "agreement", to: "no_consensus" }]);
  });

  it("reports the largest change of an overall agree rate (hand-computed)", () => {
    expect(result.largestAgreeRateChange).toEqual({ id: "s2", with: 0.359, without: 0.2, change: -0.159 });
  });

  it("the 'with' counts are the engine's codification", () => {
    const engine = computeConsensus(input);
    const counts = { agreement: 0, disagreement: 0, uncertainty: 0, insufficient_data: 0, no_consensus: 0 };
    for (const s of engine.statements) counts[s.codification.classification]++;
    expect(result.classifications.with).toEqual(counts);
  });

  it("never outputs a participant id", () => {
    expect(JSON.stringify(result)).not.toContain("voter-");
  });
});

describe("abnormal ballots: straight-line rules", () => {
  // one participant per row; S statements; values given per participant
  function matrixInput(S: number, rows: VoteValue[][], options: { ballotSize?: number } = {}) {
    const ci: ConsensusInput = {
      statements: statements(S),
      participants: rows.map((_, i) => ({ id: `voter-${i}` })),
      votes: rows.flatMap((vals, i) => vals.map((value, j) => ({ participantId: `voter-${i}`, statementId: `s${j}`, value }))),
      groups: [],
    };
    return checkAbnormalBallots(toInput(ci), options);
  }
  const same = (n: number, v: VoteValue): VoteValue[] => Array.from({ length: n }, () => v);

  it("a single pass or disagree clears the flag; ten agrees or ten disagrees do not", () => {
    const r = matrixInput(10, [same(10, 1), same(10, -1), [...same(9, 1), 0], [...same(9, 1), -1], [...same(9, -1), 0]]);
    expect(r.flagged).toEqual({ agree_all: 1, disagree_all: 1, too_fast: 0, any: 2 });
    expect(r.judged.straightLine).toBe(5);
  });

  it("needs at least 8 votes and half the ballot", () => {
    // 7 agrees on a 10-statement ballot: below 8
    expect(matrixInput(10, [same(7, 1)]).flagged.agree_all).toBe(0);
    // 8 agrees on a 10-statement ballot: 8 ≥ max(8, 5)
    expect(matrixInput(10, [same(8, 1)]).flagged.agree_all).toBe(1);
    // 9 agrees on a 20-statement ballot: below max(8, 10)
    expect(matrixInput(20, [same(9, 1)]).flagged.agree_all).toBe(0);
    // … unless each participant was shown 12 statements: 9 ≥ max(8, 6)
    expect(matrixInput(20, [same(9, 1)], { ballotSize: 12 }).flagged.agree_all).toBe(1);
  });
});

describe("abnormal ballots: timing", () => {
  // eight participants, each with 10 mixed votes (never straight-line) except p7 (agrees with all)
  const ci: ConsensusInput = {
    statements: statements(10),
    participants: Array.from({ length: 8 }, (_, i) => ({ id: `voter-${i}` })),
    votes: Array.from({ length: 8 }, (_, i) =>
      Array.from({ length: 10 }, (_, j) => ({ participantId: `voter-${i}`, statementId: `s${j}`, value: (i === 7 || j % 3 ? 1 : -1) as VoteValue })),
    ).flat(),
    groups: [],
  };
  const secondsApart = (gaps: number[], start = 1_700_000_000_000) => {
    const out = [start];
    for (const g of gaps) out.push(out[out.length - 1]! + g * 1000);
    return out;
  };
  const castAtMs = [
    secondsApart([1, 1, 1, 1, 1]), // voter-0: median gap 1 s over 5 gaps → fast
    secondsApart([10, 12, 9, 30, 11]), // voter-1: slow
    secondsApart([0.5, 0.5, 0.5, 0.5]), // voter-2: only 4 gaps → not judged
    [1_000, 6_000, 2_000, 3_000, 4_000, 5_000], // voter-3: out of order; sorted gaps are all 1 s → fast
    null, // voter-4: no timestamps, seconds spent below
    secondsApart([2, 2, 2, 2, 2]), // voter-5: median exactly 2 s → not below 2
    null, // voter-6: no timing at all
    secondsApart([0.4, 0.4, 0.4, 0.4, 0.4, 0.4]), // voter-7: agrees with everything and fast
  ];
  const secondsPerVote = [null, null, null, null, [1, 1, 1, 30, 30], null, null, null]; // voter-4: median 1 s

  it("flags voters faster than reading allows when timing is given", () => {
    const r = checkAbnormalBallots(toInput(ci, { castAtMs, secondsPerVote }));
    expect(r.timingAvailable).toBe(true);
    // judged: 0, 1, 3, 4, 5, 7 (voter-2 has 4 gaps, voter-6 nothing)
    expect(r.judged.timing).toBe(6);
    // fast: 0, 3, 4, 7; agree-all: 7; any: 0, 3, 4, 7
    expect(r.flagged).toEqual({ agree_all: 1, disagree_all: 0, too_fast: 4, any: 4 });
  });

  it("without timing, nobody is judged on speed", () => {
    const r = checkAbnormalBallots(toInput(ci));
    expect(r.timingAvailable).toBe(false);
    expect(r.judged.timing).toBe(0);
    expect(r.flagged).toEqual({ agree_all: 1, disagree_all: 0, too_fast: 0, any: 1 });
  });

  it("the median and the number of gaps are options", () => {
    const r = checkAbnormalBallots(toInput(ci, { castAtMs, secondsPerVote }), { fastMedianSeconds: 2.5, minTimedVotes: 4 });
    // now voter-2 (4 gaps of 0.5 s) and voter-5 (2 s < 2.5 s) are fast too
    expect(r.judged.timing).toBe(7);
    expect(r.flagged.too_fast).toBe(6);
  });
});

describe("abnormal ballots: 'without them' equals the engine without them", () => {
  it("on a random assembly with planted straight-liners and fast voters", () => {
    const rand = seededRandom(2026);
    const S = 24;
    const participants: ConsensusInput["participants"][number][] = [];
    const votes: EngineVote[] = [];
    const castAtMs: (number[] | null)[] = [];
    const flagged = new Set<string>();
    const lean = Array.from({ length: S }, () => 0.45 + 0.4 * rand());
    for (let i = 0; i < 160; i++) {
      const id = `voter-${i}`;
      const groupId = i % 4 === 0 ? "X" : "Y";
      participants.push({ id, groupId });
      const kind = i < 30 ? "agree_all" : i < 34 ? "disagree_all" : i < 42 ? "fast" : "normal";
      if (kind !== "normal") flagged.add(id);
      const times: number[] = [];
      let at = 1_000_000;
      for (let j = 0; j < S; j++) {
        if (kind === "normal" && rand() < 0.2) continue;
        const x = rand();
        const value: VoteValue = kind === "agree_all" ? 1 : kind === "disagree_all" ? -1 : x < 0.1 ? 0 : x < 0.1 + 0.9 * lean[j]! ? 1 : -1;
        votes.push({ participantId: id, statementId: `s${j}`, value, confidence: 1 + Math.floor(rand() * 5) });
        at += kind === "fast" ? 500 + Math.floor(rand() * 1000) : 4000 + Math.floor(rand() * 20000);
        times.push(at);
      }
      castAtMs.push(i % 7 === 0 && kind === "normal" ? null : times);
    }
    // a normal voter who happens to vote all-agree or all-disagree would be flagged too: count them in
    const input: ConsensusInput = { statements: statements(S), participants, votes: shuffle(votes, rand), groups };
    const ri = toInput(input, { castAtMs });
    for (let i = 42; i < 160; i++) {
      const own = votes.filter((v) => v.participantId === `voter-${i}`).map((v) => v.value);
      if (own.length >= 12 && (own.every((v) => v === 1) || own.every((v) => v === -1))) flagged.add(`voter-${i}`);
    }
    const r = checkAbnormalBallots(ri);
    expect(r.flagged.any).toBe(flagged.size);
    expect(r.flagged.agree_all).toBeGreaterThanOrEqual(30);
    expect(r.flagged.too_fast).toBeGreaterThanOrEqual(8);

    const keep = participants.filter((p) => !flagged.has(p.id));
    const engineWith = computeConsensus(input);
    const engineWithout = computeConsensus({ ...input, participants: keep, votes: input.votes.filter((v) => !flagged.has(v.participantId)) });
    const count = (res: typeof engineWith) => {
      const c = { agreement: 0, disagreement: 0, uncertainty: 0, insufficient_data: 0, no_consensus: 0 };
      for (const s of res.statements) c[s.codification.classification]++;
      return c;
    };
    expect(r.classifications.with).toEqual(count(engineWith));
    expect(r.classifications.without).toEqual(count(engineWithout));
    const changed = engineWith.statements
      .map((s, j) => ({ id: s.id, from: s.codification.classification, to: engineWithout.statements[j]!.codification.classification }))
      .filter((c) => c.from !== c.to);
    expect(r.changed).toEqual(changed);
    expect(changed.length).toBeGreaterThan(0);
    let best = { id: "", change: -1, with: 0, without: 0 };
    engineWith.statements.forEach((s, j) => {
      const a = s.declared.overall.agreeRate!;
      const b = engineWithout.statements[j]!.declared.overall.agreeRate!;
      if (Math.abs(a - b) > best.change) best = { id: s.id, change: Math.abs(a - b), with: a, without: b };
    });
    expect(r.largestAgreeRateChange!.id).toBe(best.id);
    expect(r.largestAgreeRateChange!.with).toBeCloseTo(best.with, 4);
    expect(r.largestAgreeRateChange!.without).toBeCloseTo(best.without, 4);
    expect(r.largestAgreeRateChange!.change).toBeCloseTo(best.without - best.with, 4);
  });
});
