import { describe, expect, it } from "vitest";
import { codifyStatement, type NamedGroupStat } from "../../app/consensus/codify";
import { computeDeclaredGroups, declaredTurnout } from "../../app/consensus/declared-groups";
import { computeConsensus, computeOpinionGroupsFor, indexVotes, type ConsensusInput } from "../../app/consensus/engine";
import { computeMovement } from "../../app/consensus/movement";
import { computeOpinionGroups } from "../../app/consensus/opinion-groups";
import { buildSparseMatrix, votesOf, type SparseMatrix } from "../../app/consensus/sparse-matrix";
import { adjustedRandIndex, seededRandom } from "../../app/consensus/stats";
import { DEFAULT_THRESHOLDS, type EngineVote, type Interval, type Thresholds, type VoteValue } from "../../app/consensus/types";

/** A participant's votes as [statement index, value, confidence] triples, read back from the matrix. */
function rowOf(m: SparseMatrix, i: number): [number, number, number][] {
  const out: [number, number, number][] = [];
  for (let p = m.rowStart[i]!; p < m.rowStart[i + 1]!; p++) out.push([m.cols[p]!, m.values[p]!, m.confidences[p]!]);
  return out;
}

const v = (participantId: string, statementId: string, value: number, confidence?: number | null): EngineVote => ({
  participantId,
  statementId,
  value: value as VoteValue,
  confidence,
});

const ids = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}${i}`);

// ─────────────────────────────────────────────────────────────────────────────────────────────
describe("buildSparseMatrix", () => {
  it("keeps the latest vote per (participant, statement): agree then disagree → disagree", () => {
    const m = buildSparseMatrix({
      participantCount: 2,
      statementCount: 1,
      rows: Int32Array.from([0, 1, 0]),
      cols: Int32Array.from([0, 0, 0]),
      values: Int8Array.from([1, 1, -1]),
    });
    expect(rowOf(m, 0).map(([c, val]) => [c, val])).toEqual([[0, -1]]);
    expect(rowOf(m, 1).map(([c, val]) => [c, val])).toEqual([[0, 1]]);
    expect(m.values.length).toBe(2);
  });

  it("skips out-of-range rows, columns and values, keeps confidences 1..5 and drops others to NaN", () => {
    // P = 3, S = 2
    const m = buildSparseMatrix({
      participantCount: 3,
      statementCount: 2,
      //                      ok  ok  ok   ok  P↑  P↓  S↑  bad ok  S↓
      rows: Int32Array.from([0, 0, 1, 1, 5, -1, 0, 2, 2, 1]),
      cols: Int32Array.from([0, 0, 0, 1, 0, 0, 3, 1, 1, -1]),
      values: Int8Array.from([1, -1, 0, 1, 1, 1, 1, 2, -1, 1]),
      confidences: Float32Array.from([5, 2, NaN, 4, 3, 3, 3, 3, 9, 1]),
    });
    expect(Array.from(m.rowStart)).toEqual([0, 1, 3, 4]);
    // participant 0: agree (5) replaced by disagree (2)
    expect(rowOf(m, 0)).toEqual([[0, -1, 2]]);
    // participant 1: pass without confidence, agree with 4; the column −1 row is gone
    const r1 = rowOf(m, 1);
    expect(r1.map(([c, val]) => [c, val])).toEqual([[0, 0], [1, 1]]);
    expect(r1[0]![2]).toBeNaN();
    expect(r1[1]![2]).toBe(4);
    // participant 2: the value-2 row is skipped; confidence 9 is out of 1..5 → NaN
    const r2 = rowOf(m, 2);
    expect(r2.map(([c, val]) => [c, val])).toEqual([[1, -1]]);
    expect(r2[0]![2]).toBeNaN();
    expect(votesOf(m, 0)).toBe(1);
    expect(votesOf(m, 1)).toBe(2);
  });

  it("counts an exact duplicate row once", () => {
    const m = buildSparseMatrix({
      participantCount: 1,
      statementCount: 2,
      rows: Int32Array.from([0, 0, 0, 0]),
      cols: Int32Array.from([1, 1, 1, 0]),
      values: Int8Array.from([1, 1, 1, 0]),
    });
    expect(rowOf(m, 0).map(([c, val]) => [c, val])).toEqual([[0, 0], [1, 1]]);
  });

  it("stores every row in statement order, whatever order the votes were cast in", () => {
    // participant 0 votes s2, s0, s3, s1, then changes s0; participant 1 votes s1 then s0
    const m = buildSparseMatrix({
      participantCount: 2,
      statementCount: 4,
      rows: Int32Array.from([0, 1, 0, 0, 1, 0, 0]),
      cols: Int32Array.from([2, 1, 0, 3, 0, 1, 0]),
      values: Int8Array.from([1, -1, 1, 0, 1, -1, -1]),
      confidences: Float32Array.from([5, 4, 3, 2, 1, NaN, 4]),
    });
    expect(rowOf(m, 0)).toEqual([[0, -1, 4], [1, -1, NaN], [2, 1, 5], [3, 0, 2]]);
    expect(rowOf(m, 1)).toEqual([[0, 1, 1], [1, -1, 4]]);
  });

  it("gives identical arrays for the same votes in another order (each pair's votes kept in their order)", () => {
    const r = seededRandom(31);
    const P = 40;
    const S = 12;
    const votes: { r: number; c: number; v: number }[] = [];
    for (let n = 0; n < 600; n++) votes.push({ r: Math.floor(r() * P), c: Math.floor(r() * S), v: [1, -1, 0][Math.floor(r() * 3)]! });
    const build = (list: typeof votes) =>
      buildSparseMatrix({ participantCount: P, statementCount: S, rows: Int32Array.from(list.map((x) => x.r)), cols: Int32Array.from(list.map((x) => x.c)), values: Int8Array.from(list.map((x) => x.v)) });
    // a shuffle that keeps the votes of each (participant, statement) pair in their order
    const slots = votes.map((_, i) => i);
    for (let i = slots.length - 1; i > 0; i--) {
      const j = Math.floor(r() * (i + 1));
      [slots[i], slots[j]] = [slots[j]!, slots[i]!];
    }
    const pairs = new Map<string, number[]>();
    votes.forEach((x, i) => pairs.set(`${x.r},${x.c}`, [...(pairs.get(`${x.r},${x.c}`) ?? []), i]));
    for (const members of pairs.values()) {
      const mine = members.map((i) => slots[i]!).sort((a, b) => a - b);
      members.forEach((i, n) => (slots[i] = mine[n]!));
    }
    const shuffled = new Array<(typeof votes)[number]>(votes.length);
    votes.forEach((x, i) => (shuffled[slots[i]!] = x));
    expect(shuffled.map((x) => x.r)).not.toEqual(votes.map((x) => x.r));
    const a = build(votes);
    const b = build(shuffled);
    expect(Array.from(b.rowStart)).toEqual(Array.from(a.rowStart));
    expect(Array.from(b.cols)).toEqual(Array.from(a.cols));
    expect(Array.from(b.values)).toEqual(Array.from(a.values));
  });

  it("through indexVotes: NaN values, unknown statements and unknown participants are ignored", () => {
    const indexed = indexVotes(
      [
        v("A", "s1", 1, 3),
        v("A", "s1", NaN),
        v("A", "s9", 1),
        v("Z", "s1", 1),
        v("B", "s2", 1.5),
        v("B", "s2", -1, NaN),
        v("A", "s1", -1, 4),
        v("A", "s2", 0),
      ],
      ["s1", "s2"],
      ["A", "B"],
    );
    const m = buildSparseMatrix(indexed.compact);
    expect(rowOf(m, 0)).toEqual([[0, -1, 4], [1, 0, NaN]]);
    expect(rowOf(m, 1)).toEqual([[1, -1, NaN]]);
    expect(indexed.participantIds).toEqual(["A", "B"]);
  });

  it("through indexVotes without a participant list: voters are numbered by first appearance", () => {
    const indexed = indexVotes([v("q", "s1", 1), v("p", "s1", -1), v("q", "s1", 0)], ["s1"]);
    expect(indexed.participantIds).toEqual(["q", "p"]);
    const m = buildSparseMatrix(indexed.compact);
    expect(rowOf(m, 0).map(([c, val]) => [c, val])).toEqual([[0, 0]]);
    expect(rowOf(m, 1).map(([c, val]) => [c, val])).toEqual([[0, -1]]);
  });
});

// ─────────────────────────────────────────────────────────────────────────────────────────────
/**
 * A hand-made conversation with two unambiguous opinion groups.
 *   Group A: a0..a11 (12 people) — agree s0–s2, disagree s3–s5, agree s6, disagree s7.
 *   Group B: b0..b7 (8 people)  — disagree s0–s2, agree s3–s5;
 *            b0..b4 agree s6 and agree s7; b5..b7 pass s6 and never see s7 (7 votes: enough).
 * Three distinct vote patterns, so k can only be 2, and the split is A | B.
 *
 * Hand counts (agree / seen) and ∏g (Ag + 1)/(Sg + 2):
 *   s0–s2: A 12/12, B 0/8  → 13/14 · 1/10 = 13/140
 *   s3–s5: A 0/12,  B 8/8  → 1/14 · 9/10  = 9/140
 *   s6:    A 12/12, B 5/8  → 13/14 · 6/10 = 78/140
 *   s7:    A 0/12,  B 5/5  → 1/14 · 6/7   = 6/98
 */
function twoCampVotes(): { votes: EngineVote[]; statements: string[]; participants: string[] } {
  const statements = ids("s", 8);
  const A = ids("a", 12);
  const B = ids("b", 8);
  const votes: EngineVote[] = [];
  for (const p of A) {
    for (const j of [0, 1, 2, 6]) votes.push(v(p, `s${j}`, 1));
    for (const j of [3, 4, 5, 7]) votes.push(v(p, `s${j}`, -1));
  }
  B.forEach((p, i) => {
    for (const j of [0, 1, 2]) votes.push(v(p, `s${j}`, -1));
    for (const j of [3, 4, 5]) votes.push(v(p, `s${j}`, 1));
    if (i < 5) {
      votes.push(v(p, "s6", 1));
      votes.push(v(p, "s7", 1));
    } else votes.push(v(p, "s6", 0));
  });
  return { votes, statements, participants: [...A, ...B] };
}

describe("opinion groups: group-informed consensus on a hand case", () => {
  const { votes, statements, participants } = twoCampVotes();
  const indexed = indexVotes(votes, statements, participants);
  const m = buildSparseMatrix(indexed.compact);
  const res = computeOpinionGroups(m);

  it("finds the two camps, larger first", () => {
    expect(res.k).toBe(2);
    expect(res.groupSizes).toEqual([12, 8]);
    expect(res.included.length).toBe(20);
    const label = (id: string) => res.assignment[participants.indexOf(id)]!;
    for (const a of ids("a", 12)) expect(label(a)).toBe(0);
    for (const b of ids("b", 8)) expect(label(b)).toBe(1);
  });

  it("counts agree / disagree / seen per group", () => {
    const [A, B] = res.groupCounts;
    expect(Array.from(A!.agree)).toEqual([12, 12, 12, 0, 0, 0, 12, 0]);
    expect(Array.from(A!.disagree)).toEqual([0, 0, 0, 12, 12, 12, 0, 12]);
    expect(Array.from(A!.seen)).toEqual([12, 12, 12, 12, 12, 12, 12, 12]);
    expect(Array.from(B!.agree)).toEqual([0, 0, 0, 8, 8, 8, 5, 5]);
    expect(Array.from(B!.disagree)).toEqual([8, 8, 8, 0, 0, 0, 0, 0]);
    expect(Array.from(B!.seen)).toEqual([8, 8, 8, 8, 8, 8, 8, 5]);
  });

  it("∏g (Ag + 1)/(Sg + 2) matches the hand values", () => {
    const expected = [13 / 140, 13 / 140, 13 / 140, 9 / 140, 9 / 140, 9 / 140, 78 / 140, 6 / 98];
    expected.forEach((e, j) => expect(res.groupInformedConsensus[j]).toBeCloseTo(e, 12));
    // the statement both camps lean towards ranks first
    const best = Array.from(res.groupInformedConsensus).indexOf(Math.max(...res.groupInformedConsensus));
    expect(best).toBe(6);
  });

  it("names the camps' own statements as representative, in their direction", () => {
    const a = res.representative[0]!;
    const b = res.representative[1]!;
    expect(a.length).toBeGreaterThan(0);
    expect(b.length).toBeGreaterThan(0);
    for (const r of a) expect(r.direction === "agree" ? [0, 1, 2, 6] : [3, 4, 5, 7]).toContain(r.statement);
    for (const r of b) expect(r.direction === "agree" ? [3, 4, 5, 7] : [0, 1, 2]).toContain(r.statement);
    for (const r of [...a, ...b]) {
      expect(r.z).toBeGreaterThanOrEqual(1.2816);
      expect(r.zRatio).toBeGreaterThanOrEqual(1.2816);
    }
  });

  it("scales a sparse voter by √(S / own votes): voting like camp A on half the statements puts X near A", () => {
    // A: 10 people agree with s0–s6 and disagree with s7–s13; B: 10 people the opposite; X votes like
    // A on s0–s6 only. Column means: 1/21 on s0–s6 (X's votes), 0 on s7–s13. The first component is
    // ≈ ±1/√14 on every statement, so A projects to (7 · 20/21 + 7)/√14 = (41/3)/√14 and X to
    // √(14/7) · 7 · (20/21)/√14 = √2 · (20/3)/√14: a ratio of √2 · 20/41 = 0.690 (unscaled: 0.488).
    const S = 14;
    const statements = ids("s", S);
    const votes: EngineVote[] = [];
    for (const p of ids("a", 10)) statements.forEach((s, j) => votes.push(v(p, s, j < 7 ? 1 : -1)));
    for (const p of ids("b", 10)) statements.forEach((s, j) => votes.push(v(p, s, j < 7 ? -1 : 1)));
    for (let j = 0; j < 7; j++) votes.push(v("x", `s${j}`, 1));
    const people = [...ids("a", 10), ...ids("b", 10), "x"];
    const r = computeOpinionGroups(buildSparseMatrix(indexVotes(votes, statements, people).compact));
    expect(r.included.length).toBe(21);
    const point = (id: string) => {
      const k = Array.from(r.included).indexOf(people.indexOf(id));
      return [r.projection[2 * k]!, r.projection[2 * k + 1]!] as const;
    };
    // first component only (the second one is mostly X's own deviation: X is the only sparse voter)
    const a = Math.abs(point("a0")[0]);
    expect(a).toBeCloseTo(41 / 3 / Math.sqrt(14), 2);
    // ± 0.02: X itself tilts the component slightly away from uniform loadings; unscaled would be 0.488
    expect(Math.abs(Math.abs(point("x")[0]) / a - (Math.SQRT2 * 20) / 41)).toBeLessThan(0.02);
    expect(Math.sign(point("x")[0])).toBe(Math.sign(point("a0")[0]));
    expect(Math.sign(point("b0")[0])).toBe(-Math.sign(point("a0")[0]));
    // and X joins camp A
    expect(r.assignment[Array.from(r.included).indexOf(people.indexOf("x"))]).toBe(r.assignment[Array.from(r.included).indexOf(people.indexOf("a0"))]);
  });

  it("computeConsensus reports the same values by statement id", () => {
    const r = computeConsensus({ statements: statements.map((id) => ({ id })), participants: participants.map((id) => ({ id })), votes, groups: [] });
    expect(r.opinion.k).toBe(2);
    expect(r.statements.find((s) => s.id === "s6")!.groupInformedConsensus).toBeCloseTo(78 / 140, 12);
    expect(r.statements.find((s) => s.id === "s7")!.groupInformedConsensus).toBeCloseTo(6 / 98, 12);
    expect(r.opinion.statements.find((s) => s.id === "s6")).toMatchObject({ agree: 17, disagree: 0, pass: 3 });
    // without declared groups the codification compares opinion groups: A agrees with s0, B does not
    const s0 = r.statements.find((s) => s.id === "s0")!;
    expect(s0.comparedBy).toBe("opinion_groups");
    expect(s0.codification.classification).toBe("disagreement");
    expect(s0.codification.sides).toEqual({ for: ["A"], against: ["B"] });
  });
});

// ─────────────────────────────────────────────────────────────────────────────────────────────
/**
 * Planted opinion structure. Each group sits at a corner of a two-dimensional opinion space (the
 * space Polis's two-component map can show); every statement loads on one of the two axes, and a
 * group's preference on it is the sign of its coordinate (0: the group's own coin flip). A voter
 * sees each statement with probability `density` and follows the group's preference 80 % of the
 * time; otherwise disagrees with it or passes, half and half.
 */
function planted(groups: number, P: number, S: number, density: number, seed: number) {
  const r = seededRandom(seed);
  const corners: Record<number, [number, number][]> = {
    2: [[1, 1], [-1, -1]],
    3: [[1, 1], [1, -1], [-1, 0]],
    4: [[1, 1], [1, -1], [-1, 1], [-1, -1]],
  };
  const prefs = corners[groups]!.map((corner) => Array.from({ length: S }, (_, j) => corner[j % 2]! || (r() < 0.5 ? 1 : -1)));
  // unequal group sizes: weights 1, 0.8, 0.65, 0.5
  const weights = [1, 0.8, 0.65, 0.5].slice(0, groups);
  const total = weights.reduce((a, b) => a + b, 0);
  const truth: number[] = [];
  const votes: EngineVote[] = [];
  for (let i = 0; i < P; i++) {
    let x = r() * total;
    let g = 0;
    while (x > weights[g]! && g < groups - 1) x -= weights[g++]!;
    truth.push(g);
    for (let j = 0; j < S; j++) {
      if (r() >= density) continue;
      const pref = prefs[g]![j]!;
      const value = r() < 0.8 ? pref : r() < 0.5 ? -pref : 0;
      votes.push(v(`p${i}`, `s${j}`, value));
    }
  }
  return {
    truth,
    input: {
      statements: ids("s", S).map((id) => ({ id })),
      participants: ids("p", P).map((id) => ({ id })),
      votes,
      groups: [],
    } satisfies ConsensusInput,
  };
}

describe("opinion groups recover planted structure", () => {
  const cases = [
    { groups: 2, P: 300, S: 40, density: 0.4 },
    { groups: 3, P: 600, S: 60, density: 0.4 },
    { groups: 4, P: 1000, S: 100, density: 0.5 },
    { groups: 4, P: 800, S: 60, density: 0.3 },
  ];
  for (const c of cases) {
    for (const seed of [11, 12]) {
      it(`${c.groups} groups, ${c.P} participants × ${c.S} statements, density ${c.density}, seed ${seed}: k = ${c.groups}, ARI ≥ 0.9`, () => {
        const { truth, input } = planted(c.groups, c.P, c.S, c.density, seed * 100 + c.groups);
        expect(new Set(truth).size).toBe(c.groups);
        const result = computeConsensus(input);
        expect(result.opinion.k).toBe(c.groups);
        const grouped = Object.keys(result.opinion.groups);
        // nearly everyone has the 7 votes needed to be placed
        expect(grouped.length).toBeGreaterThanOrEqual(0.95 * c.P);
        const ari = adjustedRandIndex(
          grouped.map((id) => truth[Number(id.slice(1))]!),
          grouped.map((id) => result.opinion.groups[id]!),
        );
        expect(ari).toBeGreaterThanOrEqual(0.9);
        // well-separated groups: a clearly positive silhouette (random votes give ≈ 0.35)
        expect(result.opinion.silhouette!).toBeGreaterThan(0.55);
      });
    }
  }

  it("a conversation without structure (everyone votes at random) is not split into confident groups", () => {
    const r = seededRandom(99);
    const votes: EngineVote[] = [];
    for (let i = 0; i < 300; i++) for (let j = 0; j < 40; j++) if (r() < 0.5) votes.push(v(`p${i}`, `s${j}`, [1, -1, 0][Math.floor(r() * 3)]!));
    const result = computeConsensus({ statements: ids("s", 40).map((id) => ({ id })), participants: ids("p", 300).map((id) => ({ id })), votes, groups: [] });
    // some k is always chosen, but the separation is weak (planted groups score above 0.55)
    expect(result.opinion.silhouette ?? 0).toBeLessThan(0.5);
  });
});

// ─────────────────────────────────────────────────────────────────────────────────────────────
describe("moderated-out statements (Polis zeroes their column)", () => {
  /**
   * Camps A (s0–s9 agree) and B (s0–s9 disagree), 30 people each, 90 % of cells voted, 15 % of
   * votes flipped; on s10–s13 a second split cuts across both camps (X agrees, Y disagrees) even
   * more sharply. Moderating s10–s13 out must leave A and B, not the cross-cutting split.
   */
  function crossCut(seed: number) {
    const r = seededRandom(seed);
    const votes: EngineVote[] = [];
    const camp: string[] = [];
    const side: string[] = [];
    for (let i = 0; i < 60; i++) {
      const a = i < 30 ? 1 : -1;
      const x = i % 2 === 0 ? 1 : -1;
      camp.push(a === 1 ? "A" : "B");
      side.push(x === 1 ? "X" : "Y");
      for (let j = 0; j < 14; j++) {
        if (r() >= 0.9) continue;
        const pref = j < 10 ? a : x;
        votes.push(v(`p${i}`, `s${j}`, r() < (j < 10 ? 0.85 : 0.97) ? pref : -pref));
      }
    }
    return { votes, camp, side, statements: ids("s", 14), participants: ids("p", 60) };
  }
  const outFlags = Array.from({ length: 14 }, (_, j) => j >= 10);

  it("the same result as Polis's definition: every participant's vote on them set to 0", () => {
    const { votes, statements, participants } = crossCut(5);
    const flagged = computeOpinionGroups(buildSparseMatrix(indexVotes(votes, statements, participants).compact), { moderatedOut: outFlags });
    const zeroed = [...votes.filter((x) => Number(x.statementId.slice(1)) < 10), ...participants.flatMap((p) => ids("s", 14).slice(10).map((s) => v(p, s, 0)))];
    const reference = computeOpinionGroups(buildSparseMatrix(indexVotes(zeroed, statements, participants).compact));
    expect(Array.from(flagged.included)).toEqual(Array.from(reference.included));
    expect(flagged.k).toBe(reference.k);
    expect(Array.from(flagged.assignment)).toEqual(Array.from(reference.assignment));
    flagged.projection.forEach((x, t) => expect(x).toBeCloseTo(reference.projection[t]!, 9));
    // no weight on the moderated-out statements
    for (const w of flagged.components) for (let j = 10; j < 14; j++) expect(Math.abs(w[j]!)).toBe(0);
  });

  it("a cross-cutting split on moderated-out statements does not split the camps", () => {
    for (const seed of [5, 6, 7]) {
      const { votes, camp, side, statements, participants } = crossCut(seed);
      const plain = computeConsensus({ statements: statements.map((id) => ({ id })), participants: participants.map((id) => ({ id })), votes, groups: [] });
      const moderated = computeConsensus({ statements: statements.map((id, j) => ({ id, moderatedOut: outFlags[j] })), participants: participants.map((id) => ({ id })), votes, groups: [] });
      const labels = (r: typeof plain) => participants.map((id) => r.opinion.groups[id]!);
      // unmoderated, the cross-cutting split shows: four groups, camp × side
      expect(plain.opinion.k).toBe(4);
      expect(adjustedRandIndex(camp.map((c, i) => c + side[i]), labels(plain))).toBeGreaterThanOrEqual(0.9);
      expect(moderated.opinion.k).toBe(2);
      expect(adjustedRandIndex(camp, labels(moderated))).toBeGreaterThanOrEqual(0.9);
    }
  });

  it("still counted and classified, never representative or consensus", () => {
    const { votes, statements, participants } = crossCut(6);
    const r = computeConsensus({ statements: statements.map((id, j) => ({ id, moderatedOut: outFlags[j] })), participants: participants.map((id) => ({ id })), votes, groups: [] });
    const cast = (s: string, value: number) => votes.filter((x) => x.statementId === s && x.value === value).length;
    for (const s of statements.slice(10)) {
      expect(r.opinion.statements.find((x) => x.id === s)).toMatchObject({ agree: cast(s, 1), disagree: cast(s, -1), pass: cast(s, 0) });
      expect(r.statements.find((x) => x.id === s)!.codification.classification).toBeTypeOf("string");
    }
    const chosen = [...r.opinion.representative.flatMap((g) => g.statements.map((x) => x.id)), ...r.opinion.consensusStatements.map((x) => x.id)];
    expect(chosen.length).toBeGreaterThan(0);
    for (const s of statements.slice(10)) expect(chosen).not.toContain(s);
    // the same statements do get picked when nothing is moderated out (the X/Y split is sharp)
    const plain = computeConsensus({ statements: statements.map((id) => ({ id })), participants: participants.map((id) => ({ id })), votes, groups: [] });
    const plainChosen = [...plain.opinion.representative.flatMap((g) => g.statements.map((x) => x.id)), ...plain.opinion.consensusStatements.map((x) => x.id)];
    expect(plainChosen.some((s) => statements.slice(10).includes(s))).toBe(true);
  });

  it("votes on them count towards the 7-vote minimum (Polis counts raw votes)", () => {
    const { votes, statements, participants } = crossCut(5);
    // q: 5 votes on kept statements and 2 on moderated-out ones
    const extra = [v("q", "s0", 1), v("q", "s1", 1), v("q", "s2", 1), v("q", "s3", 1), v("q", "s4", 1), v("q", "s10", 1), v("q", "s11", -1)];
    const r = computeConsensus({ statements: statements.map((id, j) => ({ id, moderatedOut: outFlags[j] })), participants: [...participants, "q"].map((id) => ({ id })), votes: [...votes, ...extra], groups: [] });
    expect(Object.keys(r.opinion.groups)).toContain("q");
  });
});

// ─────────────────────────────────────────────────────────────────────────────────────────────
describe("determinism", () => {
  /** Declared groups, regions and confidences, so every part of the output is exercised. */
  function richInput(): ConsensusInput {
    const { input } = planted(3, 400, 30, 0.5, 4242);
    const r = seededRandom(5);
    const participants = input.participants.map((p, i) => ({ id: p.id, groupId: i % 5 === 4 ? null : `g${i % 3}`, regionId: `r${i % 2}` }));
    const votes = input.votes.map((x) => ({ ...x, confidence: r() < 0.7 ? 1 + Math.floor(r() * 5) : null }));
    // a few re-votes, so "latest wins" is part of the input
    for (let i = 0; i < 50; i++) votes.push({ ...votes[i * 7]!, value: -votes[i * 7]!.value as VoteValue });
    return {
      statements: input.statements,
      participants,
      votes,
      groups: [
        { id: "g0", name: "Government", targetShare: 0.4 },
        { id: "g1", name: "Industry", targetShare: 0.3 },
        { id: "g2", name: "Civil society", targetShare: 0.3 },
      ],
      regions: [{ id: "r0", name: "North" }, { id: "r1", name: "South" }],
    };
  }

  it("the same input gives byte-identical output", () => {
    const input = richInput();
    const a = JSON.stringify(computeConsensus(input));
    const b = JSON.stringify(computeConsensus(input));
    expect(b).toBe(a);
    expect(a.length).toBeGreaterThan(1000);
  });

  it("a copy of the votes array (new objects) gives byte-identical output", () => {
    const input = richInput();
    const a = JSON.stringify(computeConsensus(input));
    const copy: ConsensusInput = { ...input, votes: input.votes.map((x) => ({ ...x })), participants: structuredClone([...input.participants]) };
    expect(JSON.stringify(computeConsensus(copy))).toBe(a);
    // and a freshly built input (nothing shared at all)
    expect(JSON.stringify(computeConsensus(richInput()))).toBe(a);
  });

  it("does not mutate its input", () => {
    const input = richInput();
    const before = JSON.stringify(input);
    computeConsensus(input);
    expect(JSON.stringify(input)).toBe(before);
  });

  it("computeOpinionGroupsFor is deterministic too", () => {
    const { votes, statements, participants } = twoCampVotes();
    const a = JSON.stringify(computeOpinionGroupsFor(indexVotes(votes, statements, participants)));
    const b = JSON.stringify(computeOpinionGroupsFor(indexVotes([...votes], [...statements], [...participants])));
    expect(b).toBe(a);
  });
});

// ─────────────────────────────────────────────────────────────────────────────────────────────
describe("degenerate inputs never throw", () => {
  const stmts = (...xs: string[]) => xs.map((id) => ({ id }));
  const people = (n: number, groupId: (i: number) => string | null = () => null) => Array.from({ length: n }, (_, i) => ({ id: `p${i}`, groupId: groupId(i) }));

  it("no votes at all: every statement is insufficient data (0 of 10 votes), no opinion groups", () => {
    const r = computeConsensus({ statements: stmts("s1", "s2"), participants: people(3), votes: [], groups: [] });
    expect(r.voters).toBe(0);
    expect(r.participants).toBe(3);
    expect(r.opinion.k).toBe(0);
    expect(r.opinion.points).toEqual([]);
    for (const s of r.statements) {
      expect(s.codification.classification).toBe("insufficient_data");
      expect(s.codification.reason).toEqual({ code: "too_few_votes", n: 0, min: 10 });
      expect(s.declared.overall.agreeRate).toBeNull();
      expect(s.declared.overall.interval).toBeNull();
      expect(s.declared.passRate).toBeNull();
      expect(s.groupInformedConsensus).toBeNull();
    }
  });

  it("no statements and no participants", () => {
    const r = computeConsensus({ statements: [], participants: [], votes: [], groups: [] });
    expect(r.statements).toEqual([]);
    expect(r.opinion.k).toBe(0);
  });

  it("one statement: 9 votes are insufficient, 10 are enough", () => {
    const nine = computeConsensus({ statements: stmts("s"), participants: people(9), votes: ids("p", 9).map((p) => v(p, "s", 1)), groups: [] });
    expect(nine.statements[0]!.codification.classification).toBe("insufficient_data");
    expect(nine.statements[0]!.codification.reason).toEqual({ code: "too_few_votes", n: 9, min: 10 });
    const ten = computeConsensus({ statements: stmts("s"), participants: people(10), votes: ids("p", 10).map((p) => v(p, "s", 1)), groups: [] });
    expect(ten.statements[0]!.codification.classification).toBe("agreement");
    expect(ten.statements[0]!.declared.overall).toMatchObject({ agree: 10, disagree: 0, pass: 0, n: 10, agreeRate: 1 });
  });

  it("one statement, a split vote", () => {
    const votes = ids("p", 20).map((p, i) => v(p, "s", i < 10 ? 1 : -1));
    const r = computeConsensus({ statements: stmts("s"), participants: people(20), votes, groups: [] });
    expect(r.opinion.statements[0]).toMatchObject({ agree: 10, disagree: 10, pass: 0 });
    expect(r.statements).toHaveLength(1);
  });

  it("one participant", () => {
    const r = computeConsensus({ statements: stmts("s1", "s2", "s3"), participants: people(1), votes: [v("p0", "s1", 1), v("p0", "s2", -1), v("p0", "s3", 0)], groups: [] });
    expect(r.voters).toBe(1);
    expect(r.opinion.k).toBeLessThanOrEqual(1);
    for (const s of r.statements) expect(s.codification.classification).toBe("insufficient_data");
  });

  it("everyone agrees on everything: one opinion group, every statement is agreement", () => {
    const P = 30;
    const S = 10;
    const votes = ids("p", P).flatMap((p) => ids("s", S).map((s) => v(p, s, 1)));
    const r = computeConsensus({ statements: stmts(...ids("s", S)), participants: people(P), votes, groups: [] });
    expect(r.opinion.k).toBe(1);
    expect(r.opinion.groupSizes).toEqual([P]);
    for (const s of r.statements) {
      expect(s.codification.classification).toBe("agreement");
      // one group of 30 who all agree: (30 + 1) / (30 + 2)
      expect(s.groupInformedConsensus).toBeCloseTo(31 / 32, 12);
      for (const x of [s.declared.overall.agreeRate, s.declared.bridging]) expect(x === null || x === 1).toBe(true);
    }
    for (const pt of r.opinion.points) {
      expect(Number.isFinite(pt.x)).toBe(true);
      expect(Number.isFinite(pt.y)).toBe(true);
    }
  });

  it("a declared group with one member: insufficient data naming the small group", () => {
    const participants = people(11, (i) => (i < 10 ? "big" : "tiny"));
    const votes = ids("p", 11).map((p) => v(p, "s", 1));
    const r = computeConsensus({
      statements: stmts("s"),
      participants,
      votes,
      groups: [
        { id: "big", name: "Big group", targetShare: 0.5 },
        { id: "tiny", name: "Tiny group", targetShare: 0.5 },
      ],
    });
    const s = r.statements[0]!;
    expect(s.comparedBy).toBe("stakeholder_groups");
    expect(s.codification.classification).toBe("insufficient_data");
    expect(s.codification.reason).toEqual({ code: "small_group", group: "Tiny group", n: 1, min: 5 });
    // the same votes with minGroupSize 1 are agreement
    const lenient = computeConsensus({ statements: stmts("s"), participants, votes, groups: [{ id: "big", name: "Big group", targetShare: 0.5 }, { id: "tiny", name: "Tiny group", targetShare: 0.5 }], thresholds: { minGroupSize: 1 } });
    // 1 of 1 agrees: Wilson lower bound 1/(1 + 3.84) = 0.207 < 0.5, interval width 0.79 > 0.5
    expect(lenient.statements[0]!.codification.classification).toBe("uncertainty");
    expect(lenient.statements[0]!.codification.reason).toMatchObject({ code: "wide_intervals", group: "Tiny group" });
  });

  it("a declared group nobody belongs to is ignored", () => {
    const votes = ids("p", 12).map((p) => v(p, "s", 1));
    const r = computeConsensus({
      statements: stmts("s"),
      participants: people(12, () => "g1"),
      votes,
      groups: [{ id: "g1", name: "One", targetShare: 0.5 }, { id: "g2", name: "Empty", targetShare: 0.5 }],
    });
    expect(r.statements[0]!.codification.classification).toBe("agreement");
    expect(r.statements[0]!.declared.balanced).toBe(1);
  });

  it("NaN values and duplicate rows: ignored and counted once", () => {
    const votes = [
      ...ids("p", 12).map((p) => v(p, "s", 1)),
      ...ids("p", 12).map((p) => v(p, "s", 1)),
      v("p0", "s", NaN),
      v("p1", "s", Number.POSITIVE_INFINITY),
      v("p2", "s", 2),
      v("p3", "s", 1, NaN),
    ];
    const r = computeConsensus({ statements: stmts("s"), participants: people(12), votes, groups: [] });
    expect(r.statements[0]!.declared.overall).toMatchObject({ agree: 12, disagree: 0, pass: 0, n: 12, meanConfidence: null });
    expect(r.statements[0]!.codification.classification).toBe("agreement");
  });

  it("votes from people who are not participants, or on statements not on the ballot, are ignored", () => {
    const votes = [...ids("p", 12).map((p) => v(p, "s", 1)), v("stranger", "s", -1), v("p0", "elsewhere", -1)];
    const r = computeConsensus({ statements: stmts("s"), participants: people(12), votes, groups: [] });
    expect(r.voters).toBe(12);
    expect(r.statements[0]!.declared.overall.n).toBe(12);
  });

  it("a statement nobody voted on, next to ones with votes: insufficient data with n = 0", () => {
    const votes = ids("p", 20).flatMap((p, i) => ids("s", 8).map((s, j) => v(p, s, (i + j) % 3 === 0 ? -1 : 1)));
    const r = computeConsensus({ statements: stmts(...ids("s", 8), "unseen"), participants: people(20), votes, groups: [] });
    const unseen = r.statements.find((s) => s.id === "unseen")!;
    expect(unseen.codification.classification).toBe("insufficient_data");
    expect(unseen.codification.reason).toEqual({ code: "too_few_votes", n: 0, min: 10 });
    expect(r.opinion.statements.find((s) => s.id === "unseen")).toMatchObject({ agree: 0, disagree: 0, pass: 0 });
    // no group has seen it: every factor is (0 + 1)/(0 + 2)
    expect(unseen.groupInformedConsensus).toBeCloseTo(0.5 ** r.opinion.k, 12);
  });

  it("participants below the 7-vote minimum are left off the map", () => {
    const votes = [...ids("p", 10).flatMap((p) => ids("s", 10).map((s) => v(p, s, 1))), ...ids("s", 6).map((s) => v("few", s, -1))];
    const r = computeConsensus({ statements: stmts(...ids("s", 10)), participants: [...people(10), { id: "few" }], votes, groups: [] });
    expect(Object.keys(r.opinion.groups)).not.toContain("few");
    expect(Object.keys(r.opinion.groups)).toHaveLength(10);
    expect(r.voters).toBe(11);
  });
});

// ─────────────────────────────────────────────────────────────────────────────────────────────
/** A hand-built group statistic; the interval is given explicitly so the test controls it. */
function stat(name: string, agree: number, disagree: number, pass: number, interval: Interval | null = null, meanConfidence: number | null = null): NamedGroupStat {
  const n = agree + disagree + pass;
  return { groupId: name, name, agree, disagree, pass, n, agreeRate: n ? agree / n : null, interval: n ? interval ?? { low: 0, high: 1 } : null, meanConfidence };
}
const T = (overrides: Partial<Thresholds> = {}): Thresholds => ({ ...DEFAULT_THRESHOLDS, ...overrides });

describe("codifyStatement", () => {
  // Wilson intervals by hand: 18/20 → [0.699, 0.972]; 16/20 → [0.584, 0.919]; 34/40 → [0.709, 0.929]
  const g1 = stat("Government", 18, 2, 0, { low: 0.699, high: 0.972 });
  const g2 = stat("Citizens", 16, 4, 0, { low: 0.584, high: 0.919 });
  const overall = stat("all", 34, 6, 0, { low: 0.709, high: 0.929 });

  it("agreement: every group ≥ 60 % with lower bound ≥ 50 %, overall ≥ 70 %", () => {
    const c = codifyStatement(overall, [g1, g2], 0, T());
    expect(c.classification).toBe("agreement");
    expect(c.sides).toBeNull();
    expect(c.reason).toEqual({ code: "all_agree", groups: 2, lowest: { group: "Citizens", rate: 0.8, interval: { low: 0.584, high: 0.919 }, n: 20 }, overall: 0.85 });
    expect(c.spread).toBeCloseTo(0.1, 12);
  });

  it("agreement needs every group's lower bound: 0.49 is not enough", () => {
    const shaky = stat("Citizens", 16, 4, 0, { low: 0.49, high: 0.919 });
    expect(codifyStatement(overall, [g1, shaky], 0, T()).classification).toBe("no_consensus");
  });

  it("agreement needs every group's rate: 59 % is not enough", () => {
    const low = stat("Citizens", 59, 41, 0, { low: 0.5, high: 0.68 });
    expect(codifyStatement(overall, [g1, low], 0, T()).classification).not.toBe("agreement");
  });

  it("agreement needs the overall rate: 69 % overall is not enough", () => {
    const o = stat("all", 69, 31, 0, { low: 0.59, high: 0.77 });
    const a = stat("A", 69, 31, 0, { low: 0.59, high: 0.77 });
    const b = stat("B", 69, 31, 0, { low: 0.59, high: 0.77 });
    expect(codifyStatement(o, [a, b], 0, T()).classification).toBe("no_consensus");
    const o70 = stat("all", 70, 30, 0, { low: 0.6, high: 0.78 });
    expect(codifyStatement(o70, [a, b], 0, T()).classification).toBe("agreement");
  });

  it("agreement without groups relies on the overall interval", () => {
    const c = codifyStatement(stat("all", 9, 1, 0, { low: 0.596, high: 0.982 }), [], 0, T());
    expect(c.classification).toBe("agreement");
    expect(c.reason).toMatchObject({ code: "all_agree", groups: 0, lowest: null, overall: 0.9 });
    expect(codifyStatement(stat("all", 9, 1, 0, { low: 0.45, high: 0.98 }), [], 0, T()).classification).toBe("no_consensus");
  });

  it("disagreement: a spread ≥ 30 points, with the sides named", () => {
    const a = stat("Government", 18, 2, 0, { low: 0.7, high: 0.97 }); // 0.9
    const b = stat("Citizens", 4, 16, 0, { low: 0.08, high: 0.42 }); // 0.2
    const c = stat("Industry", 14, 6, 0, { low: 0.48, high: 0.85 }); // 0.7
    const res = codifyStatement(stat("all", 36, 24, 0, { low: 0.47, high: 0.71 }), [a, b, c], 0, T());
    expect(res.classification).toBe("disagreement");
    // midpoint (0.9 + 0.2) / 2 = 0.55: Government and Industry lean for, Citizens against
    expect(res.sides).toEqual({ for: ["Government", "Industry"], against: ["Citizens"] });
    expect(res.reason).toMatchObject({ code: "split", high: { group: "Government", rate: 0.9 }, low: { group: "Citizens", rate: 0.2 } });
    expect((res.reason as { spread: number }).spread).toBeCloseTo(0.7, 12);
    expect(res.spread).toBeCloseTo(0.7, 12);
  });

  it("a spread of exactly 30 points is a disagreement; 25 points is not — unless the threshold drops to 20", () => {
    const o = stat("all", 50, 50, 0, { low: 0.4, high: 0.6 });
    const at = [stat("A", 65, 35, 0, { low: 0.55, high: 0.74 }), stat("B", 35, 65, 0, { low: 0.26, high: 0.45 })];
    expect(codifyStatement(o, at, 0, T()).classification).toBe("disagreement");
    const below = [stat("A", 60, 40, 0, { low: 0.5, high: 0.69 }), stat("B", 35, 65, 0, { low: 0.26, high: 0.45 })];
    expect(codifyStatement(o, below, 0, T()).classification).toBe("no_consensus");
    expect(codifyStatement(o, below, 0, T({ disagreementSpread: 0.2 })).classification).toBe("disagreement");
  });

  it("uncertainty: a pass rate of 30 % or more", () => {
    // 14 agree, 6 pass: agree rate 0.7, pass rate 0.3
    const o = stat("all", 14, 0, 6, { low: 0.48, high: 0.85 });
    const groups = [stat("A", 7, 0, 3, { low: 0.52, high: 0.85 }), stat("B", 7, 0, 3, { low: 0.52, high: 0.85 })];
    const c = codifyStatement(o, groups, 0.3, T());
    expect(c.classification).toBe("uncertainty");
    expect(c.reason).toEqual({ code: "many_passes", passRate: 0.3, n: 20, threshold: 0.3 });
    // a higher pass threshold moves the same statement to agreement
    expect(codifyStatement(o, groups, 0.3, T({ uncertaintyPassRate: 0.35 })).classification).toBe("agreement");
    expect(codifyStatement(o, groups, 0.29, T()).classification).toBe("agreement");
  });

  it("uncertainty: mean confidence of 2.5 or less", () => {
    const groups = [g1, g2];
    const unsure = { ...overall, meanConfidence: 2.5 };
    const c = codifyStatement(unsure, groups, 0, T());
    expect(c.classification).toBe("uncertainty");
    expect(c.reason).toEqual({ code: "low_confidence", meanConfidence: 2.5, threshold: 2.5 });
    expect(codifyStatement({ ...overall, meanConfidence: 2.6 }, groups, 0, T()).classification).toBe("agreement");
    expect(codifyStatement(unsure, groups, 0, T({ uncertaintyConfidence: 2 })).classification).toBe("agreement");
  });

  it("uncertainty: a group interval wider than 50 points", () => {
    // 4 of 5 → Wilson [0.376, 0.964], width 0.588; 3 of 5 → [0.231, 0.882], width 0.651
    const groups = [stat("A", 4, 1, 0, { low: 0.376, high: 0.964 }), stat("B", 3, 2, 0, { low: 0.231, high: 0.882 })];
    const c = codifyStatement(stat("all", 7, 3, 0, { low: 0.397, high: 0.892 }), groups, 0, T());
    expect(c.classification).toBe("uncertainty");
    expect(c.reason).toMatchObject({ code: "wide_intervals", group: "A", threshold: 0.5 });
    expect((c.reason as { width: number }).width).toBeCloseTo(0.588, 12);
    expect(codifyStatement(stat("all", 7, 3, 0, { low: 0.397, high: 0.892 }), groups, 0, T({ uncertaintyIntervalWidth: 0.7 })).classification).toBe("no_consensus");
  });

  it("insufficient data: fewer than 10 votes", () => {
    const c = codifyStatement(stat("all", 9, 0, 0, { low: 0.7, high: 1 }), [], 0, T());
    expect(c.classification).toBe("insufficient_data");
    expect(c.reason).toEqual({ code: "too_few_votes", n: 9, min: 10 });
    expect(codifyStatement(stat("all", 9, 0, 0, { low: 0.7, high: 1 }), [], 0, T({ minVotes: 9 })).classification).toBe("agreement");
  });

  it("insufficient data: a group with fewer than 5 votes, even if everything else says agreement", () => {
    const tiny = stat("Youth", 4, 0, 0, { low: 0.51, high: 1 });
    const c = codifyStatement(overall, [g1, tiny], 0, T());
    expect(c.classification).toBe("insufficient_data");
    expect(c.reason).toEqual({ code: "small_group", group: "Youth", n: 4, min: 5 });
    expect(codifyStatement(overall, [g1, tiny], 0, T({ minGroupSize: 4 })).classification).toBe("agreement");
  });

  it("insufficient data comes before uncertainty", () => {
    const c = codifyStatement(stat("all", 2, 0, 5, null, 1), [], 5 / 7, T());
    expect(c.classification).toBe("insufficient_data");
  });

  it("no consensus: moderate agreement without a split", () => {
    const c = codifyStatement(stat("all", 55, 45, 0, { low: 0.45, high: 0.65 }), [stat("A", 30, 20, 0, { low: 0.46, high: 0.73 }), stat("B", 25, 25, 0, { low: 0.37, high: 0.63 })], 0, T());
    expect(c.classification).toBe("no_consensus");
    expect(c.reason).toMatchObject({ code: "no_consensus", overall: 0.55 });
    expect((c.reason as { spread: number }).spread).toBeCloseTo(0.1, 12);
  });
});

// ─────────────────────────────────────────────────────────────────────────────────────────────
describe("declared groups", () => {
  /** Build a matrix from id-based votes with a fixed participant order. */
  function matrix(votes: EngineVote[], statements: string[], participants: string[]) {
    return buildSparseMatrix(indexVotes(votes, statements, participants).compact);
  }

  it("balanced agreement weights groups by target share, not head count; bridging is the lowest group", () => {
    // A: 90 members, all agree; B: 10 members, all disagree; shares 0.5 / 0.5
    const participants = [...ids("a", 90), ...ids("b", 10)];
    const votes = participants.map((p) => v(p, "s", p.startsWith("a") ? 1 : -1));
    const m = matrix(votes, ["s"], participants);
    const [view] = computeDeclaredGroups(m, { groups: [{ id: "A", targetShare: 0.5 }, { id: "B", targetShare: 0.5 }], groupOf: participants.map((p) => (p.startsWith("a") ? "A" : "B")) });
    expect(view!.overall).toMatchObject({ agree: 90, disagree: 10, pass: 0, n: 100, agreeRate: 0.9 });
    expect(view!.balanced).toBeCloseTo(0.5, 12);
    expect(view!.bridging).toEqual({ groupId: "B", rate: 0 });
    expect(view!.groups.map((g) => [g.groupId, g.n, g.agreeRate])).toEqual([["A", 90, 1], ["B", 10, 0]]);
  });

  it("three groups with shares 0.2 / 0.3 / 0.5, and renormalisation when a group has no votes", () => {
    // X (share 0.2): 5 agree; Y (0.3): 2 agree, 3 disagree; Z (0.5): 5 disagree; one ungrouped voter passes
    const X = ids("x", 5);
    const Y = ids("y", 5);
    const Z = ids("z", 5);
    const participants = [...X, ...Y, ...Z, "loner"];
    const groupOf = participants.map((p) => (p === "loner" ? null : p[0]!.toUpperCase()));
    const votes: EngineVote[] = [
      ...X.map((p) => v(p, "s1", 1, 5)),
      ...Y.map((p, i) => v(p, "s1", i < 2 ? 1 : -1, 3)),
      ...Z.map((p) => v(p, "s1", -1)),
      v("loner", "s1", 0, 1),
      // s2: Z does not vote
      ...X.map((p) => v(p, "s2", 1)),
      ...Y.map((p, i) => v(p, "s2", i < 2 ? 1 : 0)),
    ];
    const m = matrix(votes, ["s1", "s2"], participants);
    const groups = [{ id: "X", targetShare: 0.2 }, { id: "Y", targetShare: 0.3 }, { id: "Z", targetShare: 0.5 }];
    const [s1, s2] = computeDeclaredGroups(m, { groups, groupOf });
    // s1: 0.2·1 + 0.3·0.4 + 0.5·0 = 0.32
    expect(s1!.balanced).toBeCloseTo(0.32, 12);
    expect(s1!.bridging).toEqual({ groupId: "Z", rate: 0 });
    // the loner counts overall only: 7 agree, 8 disagree, 1 pass
    expect(s1!.overall).toMatchObject({ agree: 7, disagree: 8, pass: 1, n: 16 });
    expect(s1!.passRate).toBeCloseTo(1 / 16, 12);
    // mean confidence: X 5·5, Y 5·3, loner 1 → (25 + 15 + 1) / 11
    expect(s1!.overall.meanConfidence).toBeCloseTo(41 / 11, 6);
    expect(s1!.groups[0]!.meanConfidence).toBeCloseTo(5, 12);
    expect(s1!.groups[2]!.meanConfidence).toBeNull();
    // Y: 2 of 5 → Wilson centre (0.4 + 0.384146)/1.768292 = 0.443448, half 1.959964·√(0.048 + 0.038415)/1.768292 = 0.325853
    expect(s1!.groups[1]!.interval!.low).toBeCloseTo(0.1176, 4);
    expect(s1!.groups[1]!.interval!.high).toBeCloseTo(0.7693, 4);
    // s2: Z has no votes → (0.2·1 + 0.3·0.4) / (0.2 + 0.3) = 0.64; bridging is Y
    expect(s2!.balanced).toBeCloseTo(0.64, 12);
    expect(s2!.bridging).toEqual({ groupId: "Y", rate: 0.4 });
    expect(s2!.groups[2]).toMatchObject({ n: 0, agreeRate: null, interval: null });
  });

  it("no votes in any group: bridging and balanced are null", () => {
    const m = matrix([v("loner", "s", 1)], ["s"], ["loner", "x"]);
    const [view] = computeDeclaredGroups(m, { groups: [{ id: "X", targetShare: 1 }], groupOf: [null, "X"] });
    expect(view!.bridging).toBeNull();
    expect(view!.balanced).toBeNull();
    expect(view!.overall.n).toBe(1);
  });

  it("turnout counts members with at least one vote against the eligible count", () => {
    const m = matrix([v("a0", "s", 1), v("a1", "s", 0), v("b0", "s", -1)], ["s"], ["a0", "a1", "a2", "b0", "b1"]);
    const t = declaredTurnout(m, { groups: [{ id: "A", targetShare: 0.5 }, { id: "B", targetShare: 0.5 }, { id: "C", targetShare: 0 }], groupOf: ["A", "A", "A", "B", "B"] }, new Map([["A", 3], ["B", 4]]));
    expect(t).toEqual([
      { groupId: "A", eligible: 3, voted: 2, turnout: 2 / 3 },
      { groupId: "B", eligible: 4, voted: 1, turnout: 0.25 },
      { groupId: "C", eligible: 0, voted: 0, turnout: null },
    ]);
  });

  it("computeConsensus compares declared groups when they have members: 90 % overall is still a split", () => {
    const participants = [...ids("a", 90), ...ids("b", 10)];
    const r = computeConsensus({
      statements: [{ id: "s" }],
      participants: participants.map((id) => ({ id, groupId: id.startsWith("a") ? "A" : "B" })),
      votes: participants.map((p) => v(p, "s", p.startsWith("a") ? 1 : -1)),
      groups: [{ id: "A", name: "Many", targetShare: 0.5 }, { id: "B", name: "Few", targetShare: 0.5 }],
    });
    const s = r.statements[0]!;
    expect(s.comparedBy).toBe("stakeholder_groups");
    expect(s.declared.balanced).toBeCloseTo(0.5, 12);
    expect(s.declared.overall.agreeRate).toBeCloseTo(0.9, 12);
    expect(s.codification.classification).toBe("disagreement");
    expect(s.codification.sides).toEqual({ for: ["Many"], against: ["Few"] });
  });
});

// ─────────────────────────────────────────────────────────────────────────────────────────────
describe("movement between rounds", () => {
  it("a narrowing spread converged", () => {
    const [m] = computeMovement([{ round: 1, agreeRate: 0.5, spread: 0.6 }, { round: 2, agreeRate: 0.7, spread: 0.2 }]);
    expect(m!.from).toBe(1);
    expect(m!.to).toBe(2);
    expect(m!.converged).toBe(true);
    expect(m!.spreadChange).toBeCloseTo(-0.4, 12);
    expect(m!.agreeChange).toBeCloseTo(0.2, 12);
  });

  it("a widening spread did not converge", () => {
    const [m] = computeMovement([{ round: 1, agreeRate: 0.6, spread: 0.2 }, { round: 2, agreeRate: 0.5, spread: 0.5 }]);
    expect(m!.converged).toBe(false);
    expect(m!.spreadChange).toBeCloseTo(0.3, 12);
    expect(m!.agreeChange).toBeCloseTo(-0.1, 12);
  });

  it("a change smaller than epsilon (0.02) is not convergence; a missing spread is unknown", () => {
    expect(computeMovement([{ round: 1, agreeRate: 0.5, spread: 0.3 }, { round: 2, agreeRate: 0.5, spread: 0.29 }])[0]!.converged).toBe(false);
    expect(computeMovement([{ round: 1, agreeRate: 0.5, spread: 0.3 }, { round: 2, agreeRate: 0.5, spread: 0.29 }], 0.005)[0]!.converged).toBe(true);
    const [m] = computeMovement([{ round: 1, agreeRate: null, spread: null }, { round: 2, agreeRate: 0.5, spread: 0.1 }]);
    expect(m!.converged).toBeNull();
    expect(m!.agreeChange).toBeNull();
  });

  it("sorts rounds and compares neighbours", () => {
    const ms = computeMovement([{ round: 3, agreeRate: 0.8, spread: 0.1 }, { round: 1, agreeRate: 0.4, spread: 0.5 }, { round: 2, agreeRate: 0.6, spread: 0.6 }]);
    expect(ms.map((m) => [m.from, m.to, m.converged])).toEqual([[1, 2, false], [2, 3, true]]);
    expect(computeMovement([{ round: 1, agreeRate: 0.4, spread: 0.5 }])).toEqual([]);
  });
});

describe("abnormal ballots in the engine: voting speed from cast times", () => {
  // 20 participants in 2 declared groups, 10 statements each; participant p0 votes every 0.5 s,
  // everyone else every 12 s; the same votes without times
  const statements = Array.from({ length: 10 }, (_, j) => ({ id: `s${j}` }));
  const participants = Array.from({ length: 20 }, (_, i) => ({ id: `p${i}`, groupId: `g${i % 2}` }));
  const votes = participants.flatMap((p, i) =>
    statements.map((s, j) => ({ participantId: p.id, statementId: s.id, value: ((i + j) % 3 === 0 ? -1 : 1) as 1 | -1, castAtMs: 1_000_000 + j * (i === 0 ? 500 : 12_000) })),
  );
  const input = (withTimes: boolean): ConsensusInput => ({
    statements,
    participants,
    votes: withTimes ? votes : votes.map(({ castAtMs: _, ...v }) => v),
    groups: [{ id: "g0", name: "G0", targetShare: 0.5 }, { id: "g1", name: "G1", targetShare: 0.5 }],
    options: { resamples: 0 },
  });

  it("flags the one who votes faster than reading allows, and only when times are given", () => {
    const timed = computeConsensus(input(true)).abnormal;
    expect(timed.timingAvailable).toBe(true);
    expect(timed.judged.timing).toBe(20);
    expect(timed.flagged.too_fast).toBe(1);
    const untimed = computeConsensus(input(false)).abnormal;
    expect(untimed.timingAvailable).toBe(false);
    expect([untimed.judged.timing, untimed.flagged.too_fast]).toEqual([0, 0]);
  });

  it("times change nothing else: the statements' results are the same with and without them", () => {
    expect(computeConsensus(input(true)).statements).toEqual(computeConsensus(input(false)).statements);
  });
});
