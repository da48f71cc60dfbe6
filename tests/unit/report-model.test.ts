import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { DEFAULT_THRESHOLDS, type EngineVote, type Thresholds, type VoteValue } from "../../app/consensus/types";
import { computeRoundConsensus, type RoundConsensus } from "../../app/results/round-consensus";
import {
  buildReportModel,
  CHATHAM_HOUSE_STATEMENT,
  groupBars,
  NAME_REMOVED,
  OTHER_GROUPS_LABEL,
  redactNames,
  trimExcerpt,
  type ReportInput,
} from "../../app/report/build-report";
import type { ReportModel, ReportStatement } from "../../app/report/report-types";
import { validateJsonSchema } from "../../app/report/validate-schema";

/**
 * The report model from synthetic engine output: four stakeholder groups (A 6, B 6, C 2, D 3
 * participants; k = 5, so C and D are merged into "Other (groups under k)") and five statements
 * built to land in every section.
 */

const SCHEMA = JSON.parse(readFileSync("docs/report-schema.v1.json", "utf8")) as Record<string, unknown>;

const GROUPS = [
  { id: "gA", name: "Alpha", targetShare: 0.25, size: 6 },
  { id: "gB", name: "Beta", targetShare: 0.25, size: 6 },
  { id: "gC", name: "Gamma", targetShare: 0.25, size: 2 },
  { id: "gD", name: "Delta", targetShare: 0.25, size: 3 },
];
const PARTICIPANTS = GROUPS.flatMap((g) => Array.from({ length: g.size }, (_, i) => ({ id: `${g.id}-p${i}`, groupId: g.id, regionId: i % 2 === 0 ? "rN" : "rS" })));
const STATEMENTS = ["v-agree", "v-crux", "v-passes", "v-few", "v-mixed"];

/** Per group: the votes of its members in order (1 agree, -1 disagree, 0 pass, null none). */
const PATTERNS: Record<string, Record<string, (VoteValue | null)[]>> = {
  "v-agree": { gA: [1, 1, 1, 1, 1, 1], gB: [1, 1, 1, 1, 1, 1], gC: [1, 1], gD: [1, 1, 1] },
  "v-crux": { gA: [1, 1, 1, 1, 1, -1], gB: [1, 1, -1, -1, -1, -1], gC: [1, -1], gD: [1, 1, -1] },
  "v-passes": { gA: [0, 0, 1, 1, 1, 1], gB: [0, 0, 1, 1, 1, 1], gC: [0, 1], gD: [0, 1, 1] },
  "v-few": { gA: [1, null, null, null, null, null], gB: [1, null, null, null, null, null], gC: [1, null], gD: [null, null, null] },
  "v-mixed": { gA: [1, 1, 1, -1, -1, -1], gB: [1, 1, 1, -1, -1, -1], gC: [1, -1], gD: [1, -1, -1] },
};

function votes(): EngineVote[] {
  const out: EngineVote[] = [];
  for (const s of STATEMENTS) {
    for (const g of GROUPS) {
      PATTERNS[s]![g.id]!.forEach((value, i) => {
        if (value !== null) out.push({ participantId: `${g.id}-p${i}`, statementId: s, value, confidence: 4 });
      });
    }
  }
  return out;
}

const BASE_THRESHOLDS: Partial<Thresholds> = { agreementLowerBound: 0.3, minVotes: 5, minGroupSize: 1, uncertaintyIntervalWidth: 0.95, disagreementSpread: 0.3 };

/** The round's results through the app's own pipeline (k = 5: Gamma and Delta are merged into Other). */
function consensusPayload(thresholds: Partial<Thresholds>): RoundConsensus {
  const choice = (v: VoteValue) => (v === 1 ? ("agree" as const) : v === -1 ? ("disagree" as const) : ("pass" as const));
  return computeRoundConsensus(
    {
      roundId: "round-1",
      thresholds: { ...DEFAULT_THRESHOLDS, ...thresholds },
      minGroupSize: 5,
      groups: GROUPS.map((g) => ({ id: g.id, name: g.name, targetShare: g.targetShare })),
      regions: [
        { id: "rN", name: "North" },
        { id: "rS", name: "South" },
      ],
      ballot: STATEMENTS.map((id, j) => ({ versionId: id, proposalId: `prop-${j}`, versionNumber: 1, title: `Title ${j}`, category: "malfunctions.self_replication" })),
      voters: PARTICIPANTS,
      votes: votes().map((v) => ({ voterId: v.participantId, versionId: v.statementId, choice: choice(v.value), confidence: v.confidence ?? null })),
    },
    "2026-01-01T00:00:00.000Z",
    "snapshot",
  ).payload;
}

const NAMES = ["Ada Lovelace", "Delegate 7", "ada@example.org", "Facilitator"];
const LONG_OPPOSES =
  "This line would freeze legitimate research for years, because the indicator is vague and the threshold is set without any agreed evaluation protocol; " +
  "labs would be unable to tell whether they had crossed it, and regulators would be unable to check, so the commitment would be ignored in practice and undermine trust in every other red line we adopt here.";

function input(thresholds: Partial<Thresholds> = BASE_THRESHOLDS): ReportInput {
  return {
    deliberation: {
      title: "Synthetic assembly",
      question: "Which lines?",
      description: "A test.",
      convener: "Test convener",
      attributionMode: "chatham_house",
      groups: GROUPS.map((g) => ({ name: g.name, targetShare: g.targetShare })),
    },
    round: { number: 2, phase: "closed", openedAt: "2026-01-01T00:00:00.000Z", votingOpenedAt: "2026-01-05T00:00:00.000Z", closedAt: "2026-01-10T00:00:00.000Z" },
    rounds: 2,
    consensus: consensusPayload(thresholds),
    versions: STATEMENTS.map((id, j) => ({
      versionId: id,
      proposalId: `prop-${j}`,
      proposalNumber: j + 1,
      versionNumber: 1,
      title: `Proposal ${j + 1}`,
      statement: `AI systems must not do thing ${j + 1}.`,
      category: "malfunctions.self_replication",
      scope: "deployment",
      indicator: "Success rate",
      thresholdValue: "20",
      thresholdUnit: "% of tasks",
      trigger: "Crossed in evaluation",
      response: "Halt deployment",
      evidenceLinks: ["https://example.org/"],
    })),
    comments: [
      { versionId: "v-crux", stance: "supports", body: "Short support." },
      { versionId: "v-crux", stance: "supports", body: "As Ada Lovelace said in the plenary, replication without approval removes the off switch; Delegate 7 agreed." },
      { versionId: "v-crux", stance: "supports", body: "A medium-length argument in favour, mailed to ada@example.org for the record." },
      { versionId: "v-crux", stance: "opposes", body: LONG_OPPOSES },
      { versionId: "v-crux", stance: "question", body: "A question that is much longer than every other comment and must never appear as an excerpt because it is neither for nor against the statement at all." },
      { versionId: "v-agree", stance: "supports", body: "Support on an agreement statement: not a crux, so no excerpt." },
    ],
    movement: { "prop-1": [{ from: 1, to: 2, agreeChange: 0.1, spreadChange: -0.05, converged: true, verdict: "converged" }] },
    namesToRedact: NAMES,
    summary: "The assembly agreed on one line.",
    sectionNotes: { agreement: "Note on agreement.", movement: "  " },
    generatedAt: "2026-01-11T12:00:00.000Z",
  };
}

const all = (m: ReportModel): ReportStatement[] => [...m.agreement, ...m.disagreement, ...m.uncertainty, ...m.noConsensus, ...m.insufficient];
const keysOf = (list: ReportStatement[]) => list.map((s) => s.versionNumber && s.proposalNumber);

describe("report model (pure)", () => {
  const model = buildReportModel(input());

  it("puts exactly the statements of each classification in its section", () => {
    const sections: [keyof ReportModel, ReportStatement["classification"]][] = [
      ["agreement", "agreement"],
      ["disagreement", "disagreement"],
      ["uncertainty", "uncertainty"],
      ["noConsensus", "no_consensus"],
      ["insufficient", "insufficient_data"],
    ];
    const payload = input().consensus;
    for (const [section, c] of sections) {
      const list = model[section] as ReportStatement[];
      expect(list.every((s) => s.classification === c)).toBe(true);
      const expected = payload.statements.flatMap((s, j) => (s.classification === c ? [`S${j + 1}`] : []));
      expect(list.map((s) => s.key)).toEqual(expected);
    }
    expect(all(model)).toHaveLength(STATEMENTS.length);
    expect(model.agreement.map((s) => s.title)).toEqual(["Proposal 1"]);
    expect(model.disagreement.map((s) => s.title)).toEqual(["Proposal 2"]);
    expect(model.uncertainty.map((s) => s.title)).toContain("Proposal 3");
    expect(model.insufficient.map((s) => s.title)).toEqual(["Proposal 4"]);
    // agreement carries indicator, threshold, if-then commitment and the reason sentence
    const a = model.agreement[0]!;
    expect(a.indicator).toBe("Success rate");
    expect(a.threshold).toBe("20 % of tasks");
    expect(a.trigger).toBe("Crossed in evaluation");
    expect(a.response).toBe("Halt deployment");
    expect(a.reason.code).toBe("all_agree");
    expect(a.reasonText.length).toBeGreaterThan(10);
    expect(a.reasonText).not.toContain("consensus.reason");
    expect(a.categoryLabel).toBe("Malfunctions › Self-replication");
    // Gamma (2) and Delta (3) are under k = 5: they are compared as one group, "Other"
    expect(model.disagreement[0]!.sides).toEqual({ for: ["Alpha", OTHER_GROUPS_LABEL], against: ["Beta"] });
  });

  it("moves a statement between sections when a threshold changes", () => {
    const strict = buildReportModel(input({ ...BASE_THRESHOLDS, disagreementSpread: 0.6 }));
    expect(model.disagreement.map((s) => s.title)).toContain("Proposal 2");
    expect(strict.disagreement.map((s) => s.title)).not.toContain("Proposal 2");
    expect([...strict.noConsensus, ...strict.uncertainty].map((s) => s.title)).toContain("Proposal 2");
    // methodology states the thresholds actually used
    expect(model.methodology.thresholds.disagreementSpread).toBe(0.3);
    expect(strict.methodology.thresholds.disagreementSpread).toBe(0.6);
    expect(model.methodology.votingScale).toContain("at least 30 percentage points");
    expect(strict.methodology.votingScale).toContain("at least 60 percentage points");
  });

  it("merges groups under k into one bar and one participation row, or suppresses them", () => {
    for (const s of all(model)) {
      const names = s.groups.map((g) => g.name);
      expect(names).not.toContain("Gamma");
      expect(names).not.toContain("Delta");
      for (const g of s.groups) expect(g.n).toBeGreaterThanOrEqual(5);
    }
    const agree = model.agreement[0]!;
    expect(agree.groups.map((g) => g.name)).toEqual(["Alpha", "Beta", OTHER_GROUPS_LABEL]);
    const other = agree.groups.find((g) => g.name === OTHER_GROUPS_LABEL)!;
    expect(other.n).toBe(5);
    expect(other.agreeRate).toBe(1);
    expect(other.interval!.low).toBeGreaterThan(0.5);
    expect(model.participation.byGroup).toEqual([
      { name: "Alpha", participants: 6, voters: 6 },
      { name: "Beta", participants: 6, voters: 6 },
      { name: OTHER_GROUPS_LABEL, participants: 5, voters: 5 },
    ]);
    expect(model.participation.suppressed).toEqual({ groups: 2, regions: 0, k: 5 });
    // a merged cell still under k takes the next smallest with it, or nothing is shown (no differencing)
    const stat = (name: string, agree: number, n: number) => ({ groupId: name, name, agree, disagree: n - agree, pass: 0, n, agreeRate: agree / n, interval: { low: 0, high: 1 }, meanConfidence: null });
    const overall = (agree: number, n: number) => ({ ...stat("all", agree, n), groupId: "all" });
    expect(groupBars({ groups: [stat("X", 1, 2)], overall: overall(1, 2) }, 5)).toEqual([]);
    const bars = groupBars({ groups: [stat("X", 1, 2), stat("Y", 6, 9), stat("Z", 3, 6)], overall: overall(10, 17) }, 5);
    expect(bars.map((b) => [b.name, b.n])).toEqual([["Y", 9], [OTHER_GROUPS_LABEL, 8]]);
  });

  it("gives unattributed, redacted, trimmed excerpts for cruxes only", () => {
    const crux = model.disagreement[0]!;
    expect(crux.excerpts.supports).toHaveLength(2);
    expect(crux.excerpts.supports[0]).toContain(NAME_REMOVED);
    expect(crux.excerpts.supports[0]).toMatch(/^As \[name removed\] said/);
    expect(crux.excerpts.supports[1]).toContain(NAME_REMOVED); // the email address
    expect(crux.excerpts.opposes).toHaveLength(1);
    const opp = crux.excerpts.opposes[0]!;
    expect(opp.length).toBeLessThanOrEqual(280);
    expect(opp.endsWith("…")).toBe(true);
    expect(LONG_OPPOSES.startsWith(opp.slice(0, -1))).toBe(true);
    expect(LONG_OPPOSES[opp.length - 1]).toMatch(/[\s,;]/); // cut at a word boundary
    const json = JSON.stringify(model);
    expect(json).not.toContain("question that is much longer");
    for (const name of NAMES) expect(json).not.toContain(name);
    for (const s of all(model)) if (s.classification !== "disagreement") expect(s.excerpts).toEqual({ supports: [], opposes: [] });
    // helpers
    expect(redactNames("ask delegate 7, not Delegate 70", ["Delegate 7"])).toBe("ask [name removed], not Delegate 70");
    expect(trimExcerpt("word ".repeat(100)).length).toBeLessThanOrEqual(280);
  });

  it("is deterministic, whatever the order of its input", () => {
    const a = input();
    const b = input();
    b.versions.reverse();
    b.comments.reverse();
    b.namesToRedact.reverse();
    expect(JSON.stringify(buildReportModel(b))).toBe(JSON.stringify(buildReportModel(a)));
    expect(JSON.stringify(buildReportModel(a))).toBe(JSON.stringify(model));
    expect(model.generatedAt).toBe("2026-01-11T12:00:00.000Z");
  });

  it("writes the methodology, notes and movement from the input", () => {
    expect(model.methodology.attributionMode).toBe("chatham_house");
    expect(model.methodology.attributionRule).toBe(CHATHAM_HOUSE_STATEMENT);
    expect(model.methodology.weighting).toContain("k = 5");
    expect(model.sectionNotes).toEqual({ agreement: "Note on agreement." });
    expect(model.disagreement[0]!.movement).toEqual([{ fromRound: 1, agreeChange: 0.1, spreadChange: -0.05, converged: true }]);
    expect(model.taxonomy).toEqual([
      { category: "malfunctions.self_replication", label: "Malfunctions › Self-replication", statements: 5, agreement: 1, disagreement: 1, uncertainty: model.uncertainty.length },
    ]);
    for (const p of model.opinionMap.points) expect(Object.keys(p).sort()).toEqual(["group", "x", "y"]);
    expect(keysOf(all(model)).length).toBe(5);
  });

  it("matches the JSON schema (and the validator rejects a broken model)", () => {
    expect(validateJsonSchema(SCHEMA, JSON.parse(JSON.stringify(model)))).toEqual([]);
    const broken = JSON.parse(JSON.stringify(model)) as Record<string, unknown>;
    (broken.agreement as Record<string, unknown>[])[0]!.classification = "maybe";
    delete broken.summary;
    const errors = validateJsonSchema(SCHEMA, broken);
    expect(errors.some((e) => e.includes("classification"))).toBe(true);
    expect(errors.some((e) => e.includes("summary"))).toBe(true);
  });
});
