import { describe, expect, it } from "vitest";
import { codifyStatement, type NamedGroupStat } from "../../app/consensus/codify";
import { computeDeclaredGroups } from "../../app/consensus/declared-groups";
import { computeConsensus, indexVotes, type ConsensusInput } from "../../app/consensus/engine";
import {
  bootstrapRange,
  combineBootstrap,
  computeRobustness,
  finishRobustness,
  prepareRobustness,
  type RobustnessInput,
} from "../../app/consensus/robustness";
import { CLASS_CODE, FIELDS, classifyCells, codifyCells } from "../../app/consensus/codify-tally";
import { buildSparseMatrix } from "../../app/consensus/sparse-matrix";
import { bootstrapWeights, seededRandom, wilsonInterval } from "../../app/consensus/stats";
import { DEFAULT_THRESHOLDS, type EngineVote, type VoteValue } from "../../app/consensus/types";

/** Seeded Fisher–Yates shuffle. */
function shuffle<T>(xs: T[], rand: () => number): T[] {
  const a = [...xs];
  for (let i = a.length - 1; i > 0; i--) {
    const k = Math.floor(rand() * (i + 1));
    [a[i], a[k]] = [a[k]!, a[i]!];
  }
  return a;
}

/** Engine input → robustness input (the same participants, statements and groups). */
function toRobustnessInput(ci: ConsensusInput, opinion?: { of: (number | null)[]; k: number }): RobustnessInput {
  const statementIds = ci.statements.map((s) => s.id);
  const indexed = indexVotes(ci.votes, statementIds, ci.participants.map((p) => p.id));
  return {
    matrix: buildSparseMatrix(indexed.compact),
    statementIds,
    groups: ci.groups.map((g) => ({ id: g.id, targetShare: g.targetShare })),
    groupOf: ci.participants.map((p) => p.groupId ?? null),
    regions: ci.regions,
    regionOf: ci.participants.map((p) => p.regionId ?? null),
    opinionOf: opinion?.of,
    opinionK: opinion?.k,
    thresholds: ci.thresholds,
  };
}

// ─────────────────────────────────────────────────────────────────────────────────────────────
// Planted assembly: one large group (400) and three small ones (150 each), equal target shares;
// regions north / south / east in turn (participant index mod 3), independent of group.
//  s-large  : large group agrees 88 %, small groups 60 %  → head count 622/850 = 0.732 (agreement),
//             equal-group mean (0.88 + 3·0.6)/4 = 0.67 < 0.7, spread 0.28 < 0.3 → no consensus.
//  s-shared : every group agrees 90 %                      → agreement everywhere.
//  s-north  : in every group, north agrees 100 %, south and east 60 % → overall ≈ 0.73 (agreement);
//             without north ≈ 0.6 < 0.7 → no consensus; without south or east ≈ 0.8 → agreement.
// Non-agreeing votes are disagrees. Which members agree is drawn with a seeded shuffle.
function plantedAssembly(): ConsensusInput {
  const rand = seededRandom(1402);
  const sizes = { large: 400, a: 150, b: 150, c: 150 } as const;
  const regions = ["north", "south", "east"];
  const participants: ConsensusInput["participants"][number][] = [];
  for (const [g, n] of Object.entries(sizes)) {
    for (let k = 0; k < n; k++) participants.push({ id: `p${participants.length}`, groupId: g, regionId: regions[participants.length % 3]! });
  }
  const votes: EngineVote[] = [];
  const plantRate = (statementId: string, members: typeof participants, rate: number) => {
    const agreeCount = Math.round(rate * members.length);
    shuffle(members, rand).forEach((p, k) => votes.push({ participantId: p.id, statementId, value: (k < agreeCount ? 1 : -1) as VoteValue }));
  };
  for (const g of Object.keys(sizes)) {
    const members = participants.filter((p) => p.groupId === g);
    plantRate("s-large", members, g === "large" ? 0.88 : 0.6);
    plantRate("s-shared", members, 0.9);
    for (const r of regions) plantRate("s-north", members.filter((p) => p.regionId === r), r === "north" ? 1 : 0.6);
  }
  return {
    statements: [{ id: "s-large" }, { id: "s-shared" }, { id: "s-north" }],
    participants,
    votes: shuffle(votes, rand),
    groups: Object.keys(sizes).map((id) => ({ id, name: id.toUpperCase(), targetShare: 0.25 })),
    regions: regions.map((id) => ({ id, name: id })),
  };
}

describe("robustness on a planted assembly", () => {
  const input = plantedAssembly();
  const result = computeRobustness(toRobustnessInput(input));
  const byId = new Map(result.statements.map((s) => [s.id, s]));

  it("compares the declared groups and drops each group and region once", () => {
    expect(result.comparedBy).toBe("stakeholder_groups");
    expect(result.groups).toEqual(["large", "a", "b", "c"]);
    expect(result.regions).toEqual(["north", "south", "east"]);
    expect(result.settings).toEqual({ resamples: 100, seed: 20261202, minBootstrapShare: 0.9 });
  });

  it("a statement agreed only because one group is large flips under equal-group weighting and is fragile", () => {
    const s = byId.get("s-large")!;
    expect(s.classification).toBe("agreement");
    expect(s.weighting.headCount).toBe("agreement");
    expect(s.weighting.equalGroup).toBe("no_consensus");
    // equal target shares: target-share weighting is the equal-group weighting here
    expect(s.weighting.targetShare).toBe("no_consensus");
    expect(s.robust).toBe(false);
    expect(s.because).toContainEqual({ check: "weighting", weighting: "equal_group", becomes: "no_consensus" });
    expect(s.because).toContainEqual({ check: "weighting", weighting: "target_share", becomes: "no_consensus" });
    // without the large group, the three small groups at 60 % no longer reach 0.7 overall
    expect(s.withoutGroup.find((g) => g.group === "large")!.classification).not.toBe("agreement");
  });

  it("a truly shared statement stays robust in every check", () => {
    const s = byId.get("s-shared")!;
    expect(s.classification).toBe("agreement");
    expect(s.withoutGroup.map((g) => g.classification)).toEqual(["agreement", "agreement", "agreement", "agreement"]);
    expect(s.withoutRegion.map((r) => r.classification)).toEqual(["agreement", "agreement", "agreement"]);
    expect(s.weighting).toEqual({ headCount: "agreement", targetShare: "agreement", equalGroup: "agreement" });
    expect(s.bootstrapShare).toBeGreaterThanOrEqual(0.9);
    expect(s.because).toEqual([]);
    expect(s.robust).toBe(true);
  });

  it("a statement that is agreement only thanks to one region flips without it, and only without it", () => {
    const s = byId.get("s-north")!;
    expect(s.classification).toBe("agreement");
    expect(s.withoutRegion).toEqual([
      { region: "north", classification: "no_consensus" },
      { region: "south", classification: "agreement" },
      { region: "east", classification: "agreement" },
    ]);
    expect(s.robust).toBe(false);
    expect(s.because).toContainEqual({ check: "without_region", region: "north", becomes: "no_consensus" });
    expect(s.because.filter((b) => b.check === "without_group" || b.check === "weighting")).toEqual([]);
  });

  it("because lists exactly the checks that differ, and robust means an empty list", () => {
    for (const s of result.statements) {
      const expected = [
        ...s.withoutGroup.filter((g) => g.classification !== s.classification).map((g) => ({ check: "without_group", group: g.group, becomes: g.classification })),
        ...s.withoutRegion.filter((r) => r.classification !== s.classification).map((r) => ({ check: "without_region", region: r.region, becomes: r.classification })),
        ...(s.weighting.targetShare !== s.classification ? [{ check: "weighting", weighting: "target_share", becomes: s.weighting.targetShare }] : []),
        ...(s.weighting.equalGroup !== s.classification ? [{ check: "weighting", weighting: "equal_group", becomes: s.weighting.equalGroup }] : []),
        ...(s.bootstrapShare! < 0.9 ? [{ check: "bootstrap", share: s.bootstrapShare }] : []),
      ];
      expect(s.because).toEqual(expected);
      expect(s.robust).toBe(expected.length === 0);
    }
  });

  it("summarises robust and fragile counts per class", () => {
    const robust = result.statements.filter((s) => s.robust).length;
    expect(result.summary.robust).toBe(robust);
    expect(result.summary.fragile).toBe(3 - robust);
    expect(result.summary.byClass.agreement.robust + result.summary.byClass.agreement.fragile).toBe(3);
    expect(result.summary.byClass.agreement.robust).toBe(robust);
    expect(Object.keys(result.summary.byClass)).toEqual(["agreement", "disagreement", "uncertainty", "insufficient_data", "no_consensus"]);
  });

  it("the bootstrap threshold is an option: at 1.0 every statement short of 100 % gets a bootstrap entry", () => {
    const strict = computeRobustness(toRobustnessInput(input), { minBootstrapShare: 1 });
    for (const s of strict.statements) {
      const entry = s.because.find((b) => b.check === "bootstrap");
      expect(entry !== undefined).toBe(s.bootstrapShare! < 1);
    }
    const none = computeRobustness(toRobustnessInput(input), { resamples: 0 });
    expect(none.statements.every((s) => s.bootstrapShare === null && !s.because.some((b) => b.check === "bootstrap"))).toBe(true);
    expect(none.statements.find((s) => s.id === "s-shared")!.robust).toBe(true);
  });
});

describe("weighted overall figures, by hand", () => {
  // Groups A (40 participants, target share 0.76) and B (10, target share 0.24).
  //  s-pass: A 20 agree, 4 disagree, 16 pass; B 10 agree.
  //    head count: pass rate 16/50 = 0.32 ≥ 0.3                  → uncertainty
  //    target share: 0.76 · 0.4 + 0.24 · 0 = 0.304 ≥ 0.3          → uncertainty
  //    equal group: (0.4 + 0)/2 = 0.2 < 0.3; agree rates 0.5 and 1: A < 0.6, spread 0.5 ≥ 0.3 → disagreement
  //  s-conf: A 30 agree, 10 disagree, confidence 2 each; B 10 agree, confidence 4 each.
  //    head count: mean confidence (80 + 40)/50 = 2.4 ≤ 2.5       → uncertainty
  //    target share: 0.76 · 2 + 0.24 · 4 = 2.48 ≤ 2.5             → uncertainty
  //    equal group: (2 + 4)/2 = 3; rates 0.75 (Wilson low 0.598) and 1 (low 0.722), mean 0.875 → agreement
  const participants = [...Array.from({ length: 40 }, (_, i) => ({ id: `a${i}`, groupId: "A" })), ...Array.from({ length: 10 }, (_, i) => ({ id: `b${i}`, groupId: "B" }))];
  const votes: EngineVote[] = [];
  participants.forEach((p, i) => {
    const inA = i < 40;
    votes.push({ participantId: p.id, statementId: "s-pass", value: (inA ? (i < 20 ? 1 : i < 24 ? -1 : 0) : 1) as VoteValue });
    votes.push({ participantId: p.id, statementId: "s-conf", value: (inA ? (i < 30 ? 1 : -1) : 1) as VoteValue, confidence: inA ? 2 : 4 });
  });
  const input: ConsensusInput = {
    statements: [{ id: "s-pass" }, { id: "s-conf" }],
    participants,
    votes,
    groups: [{ id: "A", name: "A", targetShare: 0.76 }, { id: "B", name: "B", targetShare: 0.24 }],
  };
  const result = computeRobustness(toRobustnessInput(input), { resamples: 0 });

  it("pass rate: share-weighted and equal-weighted means of the groups' pass rates", () => {
    expect(result.statements[0]!.weighting).toEqual({ headCount: "uncertainty", targetShare: "uncertainty", equalGroup: "disagreement" });
    // (and without group A it becomes agreement: see below)
    expect(result.statements[0]!.because).toEqual([
      { check: "without_group", group: "A", becomes: "agreement" },
      { check: "weighting", weighting: "equal_group", becomes: "disagreement" },
    ]);
  });

  it("mean confidence: share-weighted and equal-weighted means of the groups' means", () => {
    expect(result.statements[1]!.weighting).toEqual({ headCount: "uncertainty", targetShare: "uncertainty", equalGroup: "agreement" });
  });

  it("without one group the other alone decides: B's 10 agrees (the minimum of 10 votes) or A's 40 % passes", () => {
    // s-pass without B: 16/40 = 0.4 passes → uncertainty; without A: 10 agrees of 10, Wilson low 0.722 → agreement
    expect(result.statements[0]!.withoutGroup).toEqual([
      { group: "A", classification: "agreement" },
      { group: "B", classification: "uncertainty" },
    ]);
  });
});

// ─────────────────────────────────────────────────────────────────────────────────────────────
// A random assembly exercising every rule of the codification: groups of different sizes (one
// below the minimum group size), ungrouped participants, passes, confidences, sparse voting, regions.
function randomAssembly(seed: number, withGroups = true): ConsensusInput {
  const rand = seededRandom(seed);
  const groups = [
    { id: "g0", name: "G0", targetShare: 0.4 },
    { id: "g1", name: "G1", targetShare: 0.3 },
    { id: "g2", name: "G2", targetShare: 0.2 },
    { id: "g3", name: "G3", targetShare: 0.1 },
    { id: "g-empty", name: "nobody", targetShare: 0.1 },
  ];
  const sizes = [60, 30, 18, 8];
  const regions = [{ id: "r0", name: "R0" }, { id: "r1", name: "R1" }, { id: "r-empty", name: "nobody" }];
  const participants: ConsensusInput["participants"][number][] = [];
  // voting profile per participant: its group's, or (ungrouped) the last group's
  const profileOf: number[] = [];
  sizes.forEach((n, g) => {
    for (let k = 0; k < n; k++) {
      participants.push({ id: `p${participants.length}`, groupId: withGroups ? groups[g]!.id : null, regionId: rand() < 0.15 ? null : rand() < 0.6 ? "r0" : "r1" });
      profileOf.push(g);
    }
  });
  for (let k = 0; k < 8; k++) {
    participants.push({ id: `p${participants.length}`, groupId: withGroups ? "unknown-group" : null, regionId: "r0" });
    profileOf.push(3);
  }
  const S = 40;
  const statements = Array.from({ length: S }, (_, j) => ({ id: `s${j}` }));
  // per (statement, group): agree / pass probabilities; a statement's groups sometimes split
  const votes: EngineVote[] = [];
  const profile = statements.map(() => {
    const base = rand();
    const pass = rand() < 0.2 ? 0.35 : 0.05;
    return sizes.map(() => ({ agree: Math.min(1, Math.max(0, rand() < 0.3 ? rand() : base + (rand() - 0.5) * 0.2)), pass }));
  });
  participants.forEach((p, i) => {
    const g = profileOf[i]!;
    for (let j = 0; j < S; j++) {
      if (rand() < 0.25) continue;
      const pr = profile[j]![g]!;
      const x = rand();
      const value: VoteValue = x < pr.pass ? 0 : x < pr.pass + (1 - pr.pass) * pr.agree ? 1 : -1;
      const confidence = j % 4 === 0 ? null : 1 + Math.floor(rand() * (j % 3 === 0 ? 3 : 5));
      votes.push({ participantId: p.id, statementId: `s${j}`, value, confidence });
    }
  });
  return { statements, participants, votes: shuffle(votes, rand), groups, regions };
}

describe("robustness agrees with the engine", () => {
  const input = randomAssembly(77);
  const result = computeRobustness(toRobustnessInput(input), { resamples: 5 });
  const engine = computeConsensus(input);

  it("the full-data class and the head-count weighting are the engine's codification", () => {
    const classes = engine.statements.map((s) => s.codification.classification);
    expect(result.statements.map((s) => s.classification)).toEqual(classes);
    expect(result.statements.map((s) => s.weighting.headCount)).toEqual(classes);
    // the fixture reaches several classes, so the comparison means something
    expect(new Set(classes).size).toBeGreaterThanOrEqual(3);
    expect(result.groups).toEqual(["g0", "g1", "g2", "g3"]);
    expect(result.regions).toEqual(["r0", "r1"]);
  });

  it("without a group = the engine run on the assembly without that group's participants", () => {
    for (const g of result.groups) {
      const keep = new Set(input.participants.filter((p) => p.groupId !== g).map((p) => p.id));
      const without = computeConsensus({
        ...input,
        participants: input.participants.filter((p) => keep.has(p.id)),
        votes: input.votes.filter((v) => keep.has(v.participantId)),
      });
      expect(result.statements.map((s) => s.withoutGroup.find((x) => x.group === g)!.classification)).toEqual(
        without.statements.map((s) => s.codification.classification),
      );
    }
  });

  it("without a region = the engine run on the assembly without that region's participants", () => {
    for (const r of result.regions) {
      const keep = new Set(input.participants.filter((p) => p.regionId !== r).map((p) => p.id));
      const without = computeConsensus({
        ...input,
        participants: input.participants.filter((p) => keep.has(p.id)),
        votes: input.votes.filter((v) => keep.has(v.participantId)),
      });
      expect(result.statements.map((s) => s.withoutRegion.find((x) => x.region === r)!.classification)).toEqual(
        without.statements.map((s) => s.codification.classification),
      );
    }
  });

  it("target-share and equal-group weightings replace the overall figures by weighted means of the engine's group figures", () => {
    const present = ["g0", "g1", "g2", "g3"];
    const shares = new Map(input.groups.map((g) => [g.id, g.targetShare]));
    engine.statements.forEach((s, j) => {
      const groups: NamedGroupStat[] = s.declared.groups.filter((g) => present.includes(g.groupId)).map((g) => ({ ...g, name: g.groupId }));
      const weighted = (weight: (id: string) => number) => {
        let w = 0, rate = 0, pass = 0, cw = 0, conf = 0;
        for (const g of groups) {
          if (g.n === 0) continue;
          w += weight(g.groupId);
          rate += weight(g.groupId) * g.agreeRate!;
          pass += (weight(g.groupId) * g.pass) / g.n;
          if (g.meanConfidence !== null) {
            cw += weight(g.groupId);
            conf += weight(g.groupId) * g.meanConfidence;
          }
        }
        const n = s.declared.overall.n;
        const r = w > 0 ? rate / w : null;
        const overall = { ...s.declared.overall, agreeRate: r, interval: r === null ? null : wilsonInterval(r * n, n), meanConfidence: cw > 0 ? conf / cw : null };
        return codifyStatement(overall, groups, w > 0 ? pass / w : null, DEFAULT_THRESHOLDS).classification;
      };
      expect(result.statements[j]!.weighting.targetShare).toBe(weighted((id) => shares.get(id)!));
      expect(result.statements[j]!.weighting.equalGroup).toBe(weighted(() => 1));
    });
  });

  it("a resample's random dip below the minimum group size is not a change of class (the size rules judge the data collected)", () => {
    // a small group of 8 voters who all agree, alongside larger agreeing groups: about one resample in
    // ten draws fewer than 5 of them, which under the size rule alone would read "insufficient data"
    const votes: EngineVote[] = [];
    const participants: { id: string; groupId: string }[] = [];
    const sizes = { big: 40, mid: 30, small: 8 } as const;
    for (const [g, n] of Object.entries(sizes)) {
      for (let i = 0; i < n; i++) {
        const id = `${g}-${i}`;
        participants.push({ id, groupId: g });
        votes.push({ participantId: id, statementId: "s", value: 1 });
      }
    }
    const engine = computeConsensus({ statements: [{ id: "s" }], participants, votes, groups: Object.keys(sizes).map((id) => ({ id, name: id, targetShare: 1 / 3 })) });
    expect(engine.statements[0]!.codification.classification).toBe("agreement");
    const r = engine.robustness.statements[0]!;
    expect(r.bootstrapShare).toBeGreaterThanOrEqual(0.9);
    expect(r.robust).toBe(true);
    // with the minimum group size at the small group's own size, about half the resamples draw fewer of
    // them: the class still holds in them, because the size rule is not applied to a resample
    const strict = computeConsensus({ statements: [{ id: "s" }], participants, votes, groups: Object.keys(sizes).map((id) => ({ id, name: id, targetShare: 1 / 3 })), thresholds: { minGroupSize: 8 } });
    expect(strict.statements[0]!.codification.classification).toBe("agreement");
    expect(strict.robustness.statements[0]!.bootstrapShare).toBeGreaterThanOrEqual(0.9);
  });

  it("bootstrap resample b = the codification of the assembly in which participant i appears w_i times", () => {
    const ri = toRobustnessInput(input);
    const prepared = prepareRobustness(ri, { resamples: 5 });
    const P = input.participants.length;
    for (let b = 0; b < 5; b++) {
      const w = bootstrapWeights(P, prepared.plan.seed, b);
      // duplicate participant i w_i times, then run the engine's own per-group statistics
      const rows: number[] = [];
      const cols: number[] = [];
      const values: number[] = [];
      const conf: number[] = [];
      const groupOf: (string | null)[] = [];
      const m = ri.matrix;
      for (let i = 0; i < P; i++) {
        for (let copy = 0; copy < w[i]!; copy++) {
          const row = groupOf.length;
          groupOf.push(ri.groupOf[i] ?? null);
          for (let q = m.rowStart[i]!; q < m.rowStart[i + 1]!; q++) {
            rows.push(row);
            cols.push(m.cols[q]!);
            values.push(m.values[q]!);
            conf.push(m.confidences[q]!);
          }
        }
      }
      const dup = buildSparseMatrix({ participantCount: groupOf.length, statementCount: m.statementCount, rows: Int32Array.from(rows), cols: Int32Array.from(cols), values: Int8Array.from(values), confidences: Float32Array.from(conf) });
      const view = computeDeclaredGroups(dup, { groups: ri.groups.map((g) => ({ ...g })), groupOf });
      const drawn = new Set(groupOf.filter((g) => g !== null));
      const keeps = bootstrapRange(prepared.plan, b, b + 1).keeps;
      view.forEach((v, j) => {
        const groups = v.groups.filter((g) => drawn.has(g.groupId) && result.groups.includes(g.groupId)).map((g) => ({ ...g, name: g.groupId }));
        // a resample is codified without the sample-size rules, unless the full data is itself insufficient
        const base = result.statements[j]!.classification;
        const t = base === "insufficient_data" ? DEFAULT_THRESHOLDS : { ...DEFAULT_THRESHOLDS, minVotes: 0, minGroupSize: 0 };
        const cls = codifyStatement(v.overall, groups, v.passRate, t).classification;
        expect(keeps[j]).toBe(cls === base ? 1 : 0);
      });
    }
  });
});

describe("robustness with opinion groups (no declared groups)", () => {
  const input = randomAssembly(91, false);
  const engine = computeConsensus(input);
  const pIndex = new Map(input.participants.map((p, i) => [p.id, i]));
  const of: (number | null)[] = input.participants.map(() => null);
  for (const [pid, g] of Object.entries(engine.opinion.groups)) of[pIndex.get(pid)!] = g;
  const result = computeRobustness(toRobustnessInput(input, { of, k: engine.opinion.k }), { resamples: 5 });

  it("compares the full-data opinion groups, as the engine does, and drops each of them", () => {
    expect(engine.opinion.k).toBeGreaterThanOrEqual(2);
    expect(result.comparedBy).toBe("opinion_groups");
    expect(result.groups).toEqual(Array.from({ length: engine.opinion.k }, (_, g) => `opinion-${g}`));
    expect(result.statements.map((s) => s.classification)).toEqual(engine.statements.map((s) => s.codification.classification));
    for (const s of result.statements) expect(s.withoutGroup.map((g) => g.group)).toEqual(result.groups);
  });

  it("target-share weighting is not applicable; equal-group weighting is", () => {
    for (const s of result.statements) {
      expect(s.weighting.targetShare).toBeNull();
      expect(s.weighting.equalGroup).not.toBeNull();
      expect(s.because.some((b) => b.check === "weighting" && b.weighting === "target_share")).toBe(false);
    }
  });
});

describe("determinism and split bootstrap", () => {
  const input = randomAssembly(5);

  it("the same input gives byte-identical output", () => {
    const a = JSON.stringify(computeRobustness(toRobustnessInput(input), { resamples: 20 }));
    const b = JSON.stringify(computeRobustness(toRobustnessInput(randomAssembly(5)), { resamples: 20 }));
    expect(a).toBe(b);
  });

  it("ranges split any way, combined in any order, equal the sequential run", () => {
    const prepared = prepareRobustness(toRobustnessInput(input), { resamples: 20 });
    const sequential = computeRobustness(toRobustnessInput(input), { resamples: 20 });
    const parts = [bootstrapRange(prepared.plan, 13, 20), bootstrapRange(prepared.plan, 0, 7), bootstrapRange(prepared.plan, 7, 7), bootstrapRange(prepared.plan, 7, 13)];
    const keeps = combineBootstrap(prepared.plan, parts);
    expect(Array.from(keeps)).toEqual(Array.from(combineBootstrap(prepared.plan, [bootstrapRange(prepared.plan, 0, 20)])));
    expect(JSON.stringify(finishRobustness(prepared, keeps))).toBe(JSON.stringify(sequential));
    // the shares vary across statements, so the comparison is not trivially all-equal
    expect(new Set(sequential.statements.map((s) => s.bootstrapShare)).size).toBeGreaterThan(1);
  });

  it("partials that leave a gap or overlap are refused", () => {
    const prepared = prepareRobustness(toRobustnessInput(input), { resamples: 10 });
    const a = bootstrapRange(prepared.plan, 0, 5);
    expect(() => combineBootstrap(prepared.plan, [a])).toThrow();
    expect(() => combineBootstrap(prepared.plan, [a, bootstrapRange(prepared.plan, 4, 10)])).toThrow();
    expect(() => bootstrapRange(prepared.plan, 5, 11)).toThrow();
  });

  it("a different seed draws different resamples", () => {
    const a = computeRobustness(toRobustnessInput(input), { resamples: 20, seed: 1 });
    const b = computeRobustness(toRobustnessInput(input), { resamples: 20, seed: 2 });
    expect(a.statements.map((s) => s.classification)).toEqual(b.statements.map((s) => s.classification));
    expect(a.statements.map((s) => s.bootstrapShare)).not.toEqual(b.statements.map((s) => s.bootstrapShare));
  });
});

describe("the bootstrap's fast classifier", () => {
  it("gives codifyCells' class on random cells, thresholds hit exactly included", () => {
    const rand = seededRandom(3);
    const pick = <T,>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)]!;
    const seen = new Set<number>();
    for (let trial = 0; trial < 20000; trial++) {
      const C = Math.floor(rand() * 6);
      const ids = Array.from({ length: C }, (_, c) => `g${c}`);
      const present = Uint8Array.from({ length: C }, () => (rand() < 0.9 ? 1 : 0));
      const cells = new Float64Array((C + 1) * FIELDS + 3);
      const off = 3; // an offset, as in a statement's slice of a larger buffer
      for (let c = 0; c <= C; c++) {
        const big = rand() < 0.5 ? 30 : 8;
        const o = off + c * FIELDS;
        cells[o] = rand() < 0.1 ? 0 : Math.floor(rand() * big);
        cells[o + 1] = Math.floor(rand() * big * 0.6);
        cells[o + 2] = rand() < 0.6 ? 0 : Math.floor(rand() * big * 0.5);
        const confVotes = rand() < 0.5 ? 0 : cells[o]! + cells[o + 1]! + cells[o + 2]!;
        cells[o + 3] = confVotes * pick([1, 2, 2.5, 3, 5]);
        cells[o + 4] = confVotes;
      }
      const t = rand() < 0.5 ? DEFAULT_THRESHOLDS : {
        ...DEFAULT_THRESHOLDS,
        agreementGroupRate: pick([0.5, 0.6, 0.75]),
        agreementOverall: pick([0.6, 0.7, 0.8]),
        disagreementSpread: pick([0.2, 0.25, 0.3, 0.5]),
        uncertaintyPassRate: pick([0.2, 0.25, 0.3]),
        minVotes: pick([0, 5, 10]),
        minGroupSize: pick([0, 1, 5]),
        agreementLowerBound: pick([0, 0.3, 0.5]),
        uncertaintyIntervalWidth: pick([0.3, 0.5]),
      };
      const expected = CLASS_CODE[codifyCells(cells, off, ids, present, t).classification];
      seen.add(expected);
      expect(classifyCells(cells, off, C, present, t)).toBe(expected);
    }
    expect(seen.size).toBe(5);
  });
});
