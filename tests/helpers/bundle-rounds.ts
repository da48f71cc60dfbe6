/**
 * Closed rounds for open-data bundle tests: a synthetic one and one per Polis fixture (with
 * stakeholder groups, regions and confidences assigned deterministically, some groups under k),
 * published through the app's own pure functions: pipeline → report model → bundle.
 */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { seededRandom } from "../../app/consensus/stats";
import { DEFAULT_THRESHOLDS } from "../../app/consensus/types";
import { buildOpenDataBundle } from "../../app/report/open-data-bundle";
import { parsePolisExport } from "../../app/interop/polis-format";
import { buildReportModel } from "../../app/report/build-report";
import type { ReportModel } from "../../app/report/report-types";
import { computeRoundConsensus } from "../../app/results/round-consensus";
import type { RoundSnapshot, SnapshotVersion, VoteChoice } from "../../app/results/round-snapshot";

const version = (i: number, statement: string): SnapshotVersion => ({
  versionId: `ver-${i}-x7Qa`,
  proposalId: `prop-${i}-k2Lm`,
  versionNumber: 1 + (i % 2),
  title: `Red line ${i + 1}`,
  statement,
  category: ["malfunctions.self_replication", "malicious_use.cyber_offence", "systemic.privacy"][i % 3]!,
  indicator: "success rate on an evaluation",
  thresholdValue: "≥ 20",
  thresholdUnit: "% of tasks",
  trigger: "crossed",
  response: "halt deployment",
  scope: "deployment",
  evidenceLinks: [],
});

const GROUPS = [
  { id: "grp-gov", name: "Government", targetShare: 0.3 },
  { id: "grp-ind", name: "Industry", targetShare: 0.25 },
  { id: "grp-civ", name: "Civil society", targetShare: 0.25 },
  // under k = 5: merged into "Other (groups under k)" with the next smallest
  { id: "grp-aca", name: "Academia", targetShare: 0.1 },
  { id: "grp-cit", name: "Citizens", targetShare: 0.1 },
];
const REGIONS = [
  { id: "reg-n", name: "Global North" },
  { id: "reg-s", name: "Global South" },
  { id: "reg-x", name: "Small region" },
];

/** Stakeholder group and region of the i-th voter: big groups, two small ones, some not stated. */
function membership(i: number, n: number): { groupId: string | null; regionId: string | null } {
  const groupId = i === 3 || i === 17 ? "grp-aca" : i === 9 ? "grp-cit" : i % 11 === 10 ? null : GROUPS[i % 3]!.id;
  const regionId = i === 5 ? "reg-x" : i % 7 === 6 ? null : i < n / 2 ? "reg-n" : "reg-s";
  return { groupId, regionId };
}

function snapshotOf(ballot: SnapshotVersion[], voters: string[], votes: RoundSnapshot["votes"], idSeed: string): RoundSnapshot {
  return {
    schema: 1,
    roundId: "round-secret-id",
    roundNumber: 2,
    closedAt: "2026-03-01T12:00:00.000Z",
    idSeed,
    thresholds: { ...DEFAULT_THRESHOLDS, minGroupSize: 5 },
    minGroupSize: 5,
    attributionMode: "chatham_house",
    groups: GROUPS,
    regions: REGIONS,
    ballot,
    voters: voters.map((id, i) => ({ id, ...membership(i, voters.length) })),
    votes,
  };
}

/** 60 eligible voters (4 never vote), 9 statements, two opinion camps, confidences. */
export function syntheticSnapshot(idSeed = "5f3a9c2e11d04b7a8e6f0c1d2b3a4958"): RoundSnapshot {
  const r = seededRandom(8);
  const ballot = Array.from({ length: 9 }, (_, i) => version(i, `AI systems must not cross line ${i + 1} (contact: chair@example.org).`));
  const voters = Array.from({ length: 60 }, (_, i) => `mem-${(i * 7919) % 10007}-secret`);
  const votes: RoundSnapshot["votes"] = [];
  voters.forEach((voterId, i) => {
    if (i >= 56) return;
    const camp = i % 3 === 1 ? -1 : 1;
    ballot.forEach((b, j) => {
      if (r() < 0.12) return;
      const lean = j < 3 ? 1 : j < 6 ? camp : r() < 0.5 ? 1 : -1;
      const x = r();
      const choice: VoteChoice = x < 0.75 ? (lean === 1 ? "agree" : "disagree") : x < 0.88 ? "pass" : lean === 1 ? "disagree" : "agree";
      votes.push({ voterId, versionId: b.versionId, choice, confidence: r() < 0.7 ? 1 + Math.floor(r() * 5) : null });
    });
  });
  return snapshotOf(ballot, voters, votes, idSeed);
}

/** A Polis fixture as a closed round: its latest vote per pair, groups and regions assigned by position. */
export function polisSnapshot(fixture: string): RoundSnapshot {
  const dir = path.join("tests/fixtures/polis", fixture);
  const read = (f: string) => (existsSync(path.join(dir, f)) ? readFileSync(path.join(dir, f), "utf8") : null);
  const exported = parsePolisExport({ comments: read("comments.csv")!, votes: read("votes.csv"), participantsVotes: read("participants-votes.csv") });
  const ballot = exported.comments.map((c, i) => ({ ...version(i, c.body), versionId: `ver-${c.id}` }));
  const latest = new Map<string, (typeof exported.votes)[number]>();
  for (const v of exported.votes) latest.set(`${v.voterId}\u0000${v.commentId}`, v);
  const voters = [...new Set(exported.votes.map((v) => v.voterId))].map((id) => `mem-${id}`);
  const votes = [...latest.values()]
    .map((v, n) => ({ voterId: `mem-${v.voterId}`, versionId: `ver-${v.commentId}`, choice: (v.vote === 1 ? "agree" : v.vote === -1 ? "disagree" : "pass") as VoteChoice, confidence: n % 4 === 3 ? null : 1 + (n % 5) }))
    .sort((a, b) => (a.voterId < b.voterId ? -1 : a.voterId > b.voterId ? 1 : a.versionId < b.versionId ? -1 : a.versionId > b.versionId ? 1 : 0));
  return snapshotOf(ballot, voters, votes, "a1b2c3d4e5f60718293a4b5c6d7e8f90");
}

/** Publish a closed round as the app does: pipeline → report model → bundle. */
export function publishRound(snapshot: RoundSnapshot) {
  const { payload, grouping, opinionGroups } = computeRoundConsensus(snapshot, "2026-03-01T12:00:01.000Z", "snapshot");
  const model: ReportModel = buildReportModel({
    deliberation: {
      title: "Red lines for frontier AI",
      question: "Which red lines should govern frontier AI?",
      description: "A test assembly.",
      convener: "The conveners of the assembly",
      attributionMode: snapshot.attributionMode,
      groups: payload.groups.map((g) => ({ name: g.name, targetShare: g.targetShare })),
    },
    round: { number: snapshot.roundNumber, phase: "closed", openedAt: "2026-02-01T00:00:00.000Z", votingOpenedAt: "2026-02-20T00:00:00.000Z", closedAt: snapshot.closedAt },
    rounds: 2,
    consensus: payload,
    versions: snapshot.ballot.map((v, i) => ({ ...v, proposalNumber: i + 1 })),
    comments: snapshot.ballot.flatMap((v) => [
      { versionId: v.versionId, stance: "supports", body: "Delegate Ada Lovelace thinks this is essential because the evidence is strong." },
      { versionId: v.versionId, stance: "opposes", body: "Too vague to measure." },
    ]),
    movement: {},
    namesToRedact: ["Ada Lovelace"],
    summary: "The assembly agreed on some lines.",
    sectionNotes: { agreement: "Broad support." },
    generatedAt: "2026-03-02T09:00:00.000Z",
  });
  const bundle = buildOpenDataBundle({ snapshot, grouping, opinionGroups, model, url: "https://accord.example/reports/d1/3" });
  return { payload, grouping, opinionGroups, model, bundle };
}

/**
 * The snapshot with disagreement reasons on its disagree and pass votes, assigned by position (no
 * randomness, so the votes stay as they were): mostly "evidence" from one camp and "values" from the
 * other, some without a reason, and few enough in one group that the report must merge it.
 */
export function withReasons(snapshot: RoundSnapshot): RoundSnapshot {
  const REASONS = ["evidence", "values", "timeline", "threshold", "wording"] as const;
  const position = new Map(snapshot.voters.map((v, i) => [v.id, i]));
  return {
    ...snapshot,
    votes: snapshot.votes.map((v, n) => {
      if (v.choice === "agree") return v;
      const i = position.get(v.voterId) ?? 0;
      if (n % 5 === 4) return v;
      const reason = i % 3 === 1 ? (n % 4 === 0 ? "values" : "evidence") : REASONS[(i + n) % REASONS.length]!;
      return { ...v, reason };
    }),
  };
}
