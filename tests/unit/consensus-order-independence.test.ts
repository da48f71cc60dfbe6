/**
 * Every published number must be recomputable from the published bundle, whose participant ids are
 * random and whose rows may come in any order. So the engine must not depend on how participants
 * are labelled, in which order they are listed, or in which order they cast their first votes
 * (only "the latest vote per participant and statement wins" may matter).
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { computeConsensus, type ConsensusInput, type ConsensusResult } from "../../app/consensus/engine";
import { canonicalOrder, compareVoteRows } from "../../app/consensus/opinion-groups";
import { buildSparseMatrix } from "../../app/consensus/sparse-matrix";
import { seededRandom } from "../../app/consensus/stats";
import type { EngineVote, VoteValue } from "../../app/consensus/types";
import { parsePolisExport } from "../../app/interop/polis-format";
import { relabelAndShuffle } from "../helpers/polis-shuffle";

const ids = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}${i}`);
const vote = (participantId: string, statementId: string, value: number, confidence: number | null = null): EngineVote => ({ participantId, statementId, value: value as VoteValue, confidence });

function shuffled<T>(items: readonly T[], rand: () => number): T[] {
  const a = [...items];
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [a[i], a[j]] = [a[j]!, a[i]!];
  }
  return a;
}

const firstVoters = (votes: readonly EngineVote[]) => [...new Set(votes.map((v) => v.participantId))];

/**
 * The same conversation with new random participant ids, the participant list shuffled, and the
 * votes shuffled so that participants first vote in another order while every (participant,
 * statement) pair keeps its votes in their order (the latest stays the latest).
 */
function permute(input: ConsensusInput, seed: number): { input: ConsensusInput; rename: Map<string, string> } {
  const rand = seededRandom(seed);
  const rename = new Map<string, string>();
  const used = new Set<string>();
  for (const p of input.participants) {
    let fresh: string;
    do fresh = `u${Math.floor(rand() * 1e9).toString(36)}`;
    while (used.has(fresh));
    used.add(fresh);
    rename.set(p.id, fresh);
  }
  const slots = shuffled(input.votes.map((_, i) => i), rand);
  const pairs = new Map<string, number[]>();
  input.votes.forEach((v, i) => {
    const key = `${v.participantId}\u0000${v.statementId}`;
    pairs.set(key, [...(pairs.get(key) ?? []), i]);
  });
  for (const members of pairs.values()) {
    const mine = members.map((i) => slots[i]!).sort((a, b) => a - b);
    members.forEach((i, n) => (slots[i] = mine[n]!));
  }
  const votes = new Array<EngineVote>(input.votes.length);
  input.votes.forEach((v, i) => (votes[slots[i]!] = { ...v, participantId: rename.get(v.participantId)! }));
  const before = firstVoters(input.votes).map((id) => rename.get(id));
  expect(firstVoters(votes), "the first-vote order must change").not.toEqual(before);
  return {
    input: { ...input, participants: shuffled(input.participants, rand).map((p) => ({ ...p, id: rename.get(p.id)! })), votes },
    rename,
  };
}

/** A result with participant ids renamed and per-participant lists in id order, for comparison. */
function normalised(r: ConsensusResult, rename: (id: string) => string = (id) => id) {
  const groups = Object.entries(r.opinion.groups)
    .map(([id, g]) => [rename(id), g] as const)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const points = r.opinion.points.map((p) => ({ ...p, participantId: rename(p.participantId) })).sort((a, b) => (a.participantId < b.participantId ? -1 : 1));
  return { ...r, opinion: { ...r.opinion, groups: Object.fromEntries(groups), points } };
}

function expectInvariant(input: ConsensusInput, seeds: number[]) {
  const base = computeConsensus(input);
  for (const seed of seeds) {
    const { input: other, rename } = permute(input, seed);
    const result = computeConsensus(other);
    expect(result.opinion.k).toBe(base.opinion.k);
    // same people in the same labelled groups, same points, same statement results, bit for bit
    expect(normalised(result)).toEqual(normalised(base, (id) => rename.get(id)!));
  }
  return base;
}

/** Planted groups on two axes (as in consensus-engine.test.ts), optionally with re-votes and confidences. */
function planted(groups: number, P: number, S: number, density: number, seed: number): ConsensusInput {
  const r = seededRandom(seed);
  const corners: [number, number][] = [[1, 1], [1, -1], [-1, 1], [-1, -1]];
  const prefs = corners.slice(0, groups).map((c) => Array.from({ length: S }, (_, j) => c[j % 2]!));
  const votes: EngineVote[] = [];
  for (let i = 0; i < P; i++) {
    const g = Math.floor(r() * groups);
    for (let j = 0; j < S; j++) {
      if (r() >= density) continue;
      const pref = prefs[g]![j]!;
      votes.push(vote(`p${i}`, `s${j}`, r() < 0.8 ? pref : r() < 0.5 ? -pref : 0));
    }
  }
  return { statements: ids("s", S).map((id) => ({ id })), participants: ids("p", P).map((id) => ({ id })), votes, groups: [] };
}

describe("the engine does not depend on participant ids or on vote order", () => {
  it("planted groups with declared groups, regions, confidences and changed votes", () => {
    const input = planted(3, 400, 30, 0.5, 4242);
    const r = seededRandom(5);
    const votes = input.votes.map((x) => ({ ...x, confidence: r() < 0.7 ? 1 + Math.floor(r() * 5) : null }));
    for (let i = 0; i < 60; i++) votes.push({ ...votes[i * 7]!, value: -votes[i * 7]!.value as VoteValue, confidence: 2 });
    const rich: ConsensusInput = {
      ...input,
      participants: input.participants.map((p, i) => ({ id: p.id, groupId: i % 5 === 4 ? null : `g${i % 3}`, regionId: `r${i % 2}` })),
      votes,
      groups: [
        { id: "g0", name: "Government", targetShare: 0.4 },
        { id: "g1", name: "Industry", targetShare: 0.3 },
        { id: "g2", name: "Civil society", targetShare: 0.3 },
      ],
      regions: [{ id: "r0", name: "North" }, { id: "r1", name: "South" }],
    };
    const base = expectInvariant(rich, [1, 2, 3]);
    expect(base.opinion.k).toBe(3);
  });

  it("votes without structure (the most seed-sensitive case: k and the split are decided by small differences)", () => {
    const r = seededRandom(99);
    const votes: EngineVote[] = [];
    for (let i = 0; i < 300; i++) for (let j = 0; j < 40; j++) if (r() < 0.5) votes.push(vote(`p${i}`, `s${j}`, [1, -1, 0][Math.floor(r() * 3)]!));
    expectInvariant({ statements: ids("s", 40).map((id) => ({ id })), participants: ids("p", 300).map((id) => ({ id })), votes, groups: [] }, [1, 2, 3, 4]);
  });

  it("a sparse conversation: most people vote on a few statements, in different orders", () => {
    const r = seededRandom(7);
    const input = planted(4, 600, 80, 0.12, 77);
    // drop participants' votes at random so that many sit just above or below the 7-vote minimum
    const votes = input.votes.filter(() => r() < 0.9);
    expectInvariant({ ...input, votes }, [1, 2]);
  });

  it("many participants with identical votes: ties in the canonical order cannot change anything", () => {
    // 30 random vote patterns, each shared by 10–30 people: little structure (so seeding matters),
    // and k-means++ keeps picking among identical points
    const r = seededRandom(3);
    const S = 12;
    const patterns = Array.from({ length: 30 }, () => Array.from({ length: S }, () => [1, -1, 0, null][Math.floor(r() * 4)]!));
    const votes: EngineVote[] = [];
    const people: string[] = [];
    patterns.forEach((pattern, k) => {
      const n = 10 + Math.floor(r() * 21);
      for (let i = 0; i < n; i++) {
        const id = `t${k}-${i}`;
        people.push(id);
        pattern.forEach((value, j) => value !== null && votes.push(vote(id, `s${j}`, value)));
        votes.push(vote(id, "s0", 1), vote(id, "s1", -1), vote(id, "s2", 1), vote(id, "s3", 0), vote(id, "s4", 1), vote(id, "s5", -1), vote(id, "s6", 1));
        // and back to the pattern on the statements it has (the latest vote wins)
        pattern.forEach((value, j) => value !== null && votes.push(vote(id, `s${j}`, value)));
      }
    });
    const input: ConsensusInput = { statements: ids("s", S).map((id) => ({ id })), participants: people.map((id) => ({ id })), votes, groups: [] };
    const base = expectInvariant(input, [1, 2, 3]);
    // identical votes → identical point and group
    for (const [k] of patterns.entries()) {
      const members = base.opinion.points.filter((p) => p.participantId.startsWith(`t${k}-`));
      expect(new Set(members.map((p) => `${p.x},${p.y},${p.group}`)).size).toBe(1);
    }
  });

  it("two groups of equal size: A is the one whose first member in the canonical order comes first, in any order", () => {
    // camp D disagrees with everything, camp G agrees (member i passes on statement i); the
    // canonical order puts disagree first. The two camps mirror each other: nothing else tells them apart.
    const S = 10;
    const votes: EngineVote[] = [];
    ids("g", 10).forEach((p, i) => ids("s", S).forEach((s, j) => votes.push(vote(p, s, j === i ? 0 : 1))));
    ids("d", 10).forEach((p, i) => ids("s", S).forEach((s, j) => votes.push(vote(p, s, j === i ? 0 : -1))));
    const input: ConsensusInput = { statements: ids("s", S).map((id) => ({ id })), participants: [...ids("g", 10), ...ids("d", 10)].map((id) => ({ id })), votes, groups: [] };
    const base = expectInvariant(input, [1, 2, 3, 4, 5]);
    expect(base.opinion.groupSizes).toEqual([10, 10]);
    for (const p of ids("d", 10)) expect(base.opinion.groups[p]).toBe(0);
    for (const p of ids("g", 10)) expect(base.opinion.groups[p]).toBe(1);
  });
});

describe("compareVoteRows: the canonical participant order", () => {
  it("canonicalOrder's fast path (numeric sort on the first two votes) gives the comparator's order", () => {
    const r = seededRandom(17);
    // few statements and many people: long shared prefixes, identical rows and rows with 0–1 votes
    for (const [P, S] of [[500, 3], [2000, 6], [300, 40]] as const) {
      const rows: number[] = [];
      const cols: number[] = [];
      const values: number[] = [];
      for (let i = 0; i < P; i++) for (let j = 0; j < S; j++) if (r() < 0.6) (rows.push(i), cols.push(j), values.push([1, -1, 0][Math.floor(r() * 3)]!));
      const m = buildSparseMatrix({ participantCount: P, statementCount: S, rows: Int32Array.from(rows), cols: Int32Array.from(cols), values: Int8Array.from(values) });
      const all = Int32Array.from({ length: P }, (_, i) => i);
      const fast = Array.from(canonicalOrder(m, all.slice()));
      const slow = Array.from(all).sort((a, b) => compareVoteRows(m, a, b));
      // identical rows may come in either order: compare the rows, not the indices
      const rowOf = (i: number) => `${Array.from(m.cols.subarray(m.rowStart[i]!, m.rowStart[i + 1]!))}|${Array.from(m.values.subarray(m.rowStart[i]!, m.rowStart[i + 1]!))}`;
      expect(fast.map(rowOf)).toEqual(slow.map(rowOf));
      expect([...fast].sort((a, b) => a - b)).toEqual(Array.from(all));
    }
  });

  it("refuses a matrix whose rows are not in statement order", () => {
    const m = { participantCount: 1, statementCount: 2, rowStart: Int32Array.from([0, 2]), cols: Int32Array.from([1, 0]), values: Int8Array.from([1, 1]), confidences: new Float32Array(2) };
    expect(() => canonicalOrder(m, Int32Array.from([0]))).toThrow(/increasing statement order/);
  });

  it("compares statement by statement in ballot order: disagree < pass < agree < no vote", () => {
    // p0: s0 agree; p1: s0 disagree; p2: s0 pass; p3: s1 agree only; p4: s0 agree, s1 disagree; p5 = p0
    const m = buildSparseMatrix({
      participantCount: 6,
      statementCount: 2,
      rows: Int32Array.from([0, 1, 2, 3, 4, 4, 5]),
      cols: Int32Array.from([0, 0, 0, 1, 1, 0, 0]),
      values: Int8Array.from([1, -1, 0, 1, -1, 1, 1]),
    });
    const order = [0, 1, 2, 3, 4, 5].sort((a, b) => compareVoteRows(m, a, b) || a - b);
    expect(order).toEqual([1, 2, 4, 0, 5, 3]);
    expect(compareVoteRows(m, 0, 5)).toBe(0);
    expect(Math.sign(compareVoteRows(m, 0, 4))).toBe(1);
    expect(Math.sign(compareVoteRows(m, 4, 0))).toBe(-1);
  });
});

// ─────────────────────────────────────────────────────────────────────────────────────────────
const FIXTURES = "tests/fixtures/polis";
const fixtures = readdirSync(FIXTURES)
  .filter((name) => statSync(path.join(FIXTURES, name)).isDirectory())
  .sort();

/** As the consensus CLI runs it: participants in order of their first vote. */
function runExport(files: { comments: string; votes: string; participantsVotes: string | null }) {
  const exported = parsePolisExport(files);
  return computeConsensus({
    statements: exported.comments.map((c) => ({ id: c.id, moderatedOut: c.moderated === -1 })),
    participants: firstVoters(exported.votes.map((v) => vote(v.voterId, v.commentId, v.vote))).map((id) => ({ id })),
    votes: exported.votes.map((v) => vote(v.voterId, v.commentId, v.vote)),
    groups: [],
  });
}

describe("every Polis fixture, relabelled and reshuffled, gives the same results", () => {
  it("has the five fixtures", () => expect(fixtures.length).toBeGreaterThanOrEqual(5));

  for (const name of fixtures) {
    it(name, () => {
      const read = (f: string) => (existsSync(path.join(FIXTURES, name, f)) ? readFileSync(path.join(FIXTURES, name, f), "utf8") : null);
      const files = { comments: read("comments.csv")!, votes: read("votes.csv")!, participantsVotes: read("participants-votes.csv") };
      const base = runExport(files);
      expect(base.opinion.k).toBeGreaterThanOrEqual(2);
      for (const seed of [1, 2, 3]) {
        const rewritten = relabelAndShuffle(files, seed);
        expect(rewritten.firstVoteOrder.after).not.toEqual(rewritten.firstVoteOrder.before);
        const result = runExport(rewritten.files);
        expect(result.opinion.k).toBe(base.opinion.k);
        expect(normalised(result)).toEqual(normalised(base, (id) => rewritten.idMap.get(id)!));
      }
    });
  }
});
