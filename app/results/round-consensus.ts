/**
 * The one pipeline from a round's data to its results (pure, deterministic): a results source
 * (the frozen snapshot of a closed round, the live data of an open one, or a published bundle read
 * back by `verify`) → k-protected grouping → consensus engine → the serialisable payload that the
 * results page, the report and the exports use. Holds no I/O and no clock.
 */
import type { Codification } from "../consensus/codify";
import type { GroupStat } from "../consensus/declared-groups";
import type { AbnormalBallotsResult } from "../consensus/abnormal-ballots";
import { computeConsensus, opinionGroupName } from "../consensus/engine";
import type { RobustnessSummary } from "../consensus/robustness";
import type { StatementRobustnessResult } from "./robustness-sentence";
import { wilsonInterval } from "../consensus/stats";
import type { GroupKState, MapStability } from "../consensus/map-stability";
import type { Thresholds } from "../consensus/types";
import { countReasons, type ReasonBreakdown } from "./disagreement-reasons";
import { planCells, protectCategories, protectCountCells } from "./k-protection";
import type { RoundSnapshot } from "./round-snapshot";

/** What results are computed from: a snapshot, live data in the same shape, or a bundle. */
export type ResultsSource = Pick<RoundSnapshot, "roundId" | "thresholds" | "minGroupSize" | "groups" | "regions" | "voters" | "votes"> & {
  ballot: Pick<RoundSnapshot["ballot"][number], "versionId" | "proposalId" | "versionNumber" | "title" | "category">[];
};

export interface NamedStat extends GroupStat {
  name: string;
}

/** One statement's results (a frozen version on the round's ballot). */
export interface StatementResult {
  versionId: string;
  proposalId: string;
  versionNumber: number;
  title: string;
  category: string;
  overall: GroupStat;
  passRate: number | null;
  /** per stakeholder group of the protected grouping (every group has ≥ k members) */
  groups: NamedStat[];
  regions: NamedStat[];
  bridging: { name: string; rate: number } | null;
  balanced: number | null;
  /** Polis's product over opinion groups (kept for compatibility; the UI shows consensusScore) */
  groupInformedConsensus: number | null;
  /** geometric-mean consensus score over the groups compared (app/consensus/consensus-score.ts) */
  consensusScore: number | null;
  classification: Codification["classification"];
  reason: Codification["reason"];
  sides: Codification["sides"];
  spread: number | null;
  comparedBy: "stakeholder_groups" | "opinion_groups";
  /** would the classification hold without a group or region, under other weightings, across a bootstrap? (method 2) */
  robustness?: StatementRobustnessResult;
  /** method 2: bridging by matrix factorisation (−1…+1), with its bootstrap interval; null with too few votes */
  mf?: { intercept: number; low: number | null; high: number | null } | null;
  /** method 2: how MF and declared-group bridging disagree on this statement, if they do */
  bridgingDisagreement?: "mf_only" | "declared_only" | null;
  /** why voters disagreed or passed, per protected stakeholder group (absent in payloads from before reasons) */
  reasons?: ReasonBreakdown;
}

export interface ParticipationRow {
  name: string;
  participants: number;
  voters: number;
}

/** The cached, serialisable result of one round. Holds no participant identifier. */
export interface RoundConsensus {
  schema: 3;
  /** the results method (see ResultsMethod) */
  method: ResultsMethod;
  roundId: string;
  /** "snapshot" for a closed round (frozen), "live" for an open one, or an analysis id */
  basis: "snapshot" | "live";
  computedAt: string;
  thresholds: Thresholds;
  /** k used for the protected grouping */
  minGroupSize: number;
  participants: number;
  voters: number;
  participation: {
    byGroup: ParticipationRow[];
    byRegion: ParticipationRow[];
    /** original groups / regions merged into Other or suppressed */
    merged: { groups: number; regions: number };
  };
  /** stakeholder groups as compared (protected, "Other" last): for the opinion-map filter and the weighting */
  groups: { id: string; name: string; targetShare: number }[];
  opinion: {
    k: number;
    silhouette: number | null;
    groupSizes: number[];
    /** map points, sorted by group then position, with the (protected) stakeholder group for filtering only */
    points: { x: number; y: number; group: number; stakeholderGroupId: string | null }[];
    representative: { group: number; statements: { versionId: string; direction: "agree" | "disagree"; probability: number; ratio: number; p: number }[] }[];
    /** statements every opinion group votes the same way on */
    consensusStatements: { versionId: string; direction: "agree" | "disagree"; probability: number; p: number }[];
    /** false-discovery rate of both selections (Benjamini–Hochberg) */
    fdrQ: number;
    /** bootstrap stability of the map (resamples 0: not assessed) */
    stability: MapStability;
    /**
     * Live results only: the group-k smoother (decision 060) — the k shown, and a new k this and the
     * latest recomputations chose, with how many in a row. A closed round's results have none.
     */
    groupK?: GroupKState;
  };
  statements: StatementResult[];
  /** method 2: robust and fragile results per class, with the bootstrap's settings */
  robustness?: { summary: RobustnessSummary; resamples: number; minBootstrapShare: number };
  /** method 2: straight-line (or too fast) ballots, flagged, with what they move (counts only) */
  abnormal?: AbnormalBallotsResult;
}

export const NOT_STATED = "Not stated";

/**
 * How results are computed: 1 — k by silhouette (reports published before 2026-12-02); 2 — k by
 * silhouette among the k that replicate under the participant bootstrap, with the robustness checks
 * (decisions 054, 056). `verify` recomputes a published bundle with the method it was published with.
 */
export type ResultsMethod = 1 | 2;
export const RESULTS_METHOD: ResultsMethod = 2;

/** The grouping results are computed with: groups and regions under k merged (k-protection). */
export function protectGrouping(source: Pick<ResultsSource, "groups" | "regions" | "voters" | "minGroupSize">) {
  const k = source.minGroupSize;
  const groups = protectCategories(
    source.groups,
    source.voters.map((v) => ({ id: v.id, category: v.groupId })),
    k,
    (merged) => ({ targetShare: merged.reduce((s, g) => s + g.targetShare, 0) }),
  );
  // Group and region are published together (participants.csv), so their combinations must hold
  // k as well: within each (protected) stakeholder group, a region with fewer than k of its members
  // is hidden for them — with complementary hiding, so the hidden remainder is 0 or at least k.
  const known = new Set(source.regions.map((r) => r.id));
  const byGroup = new Map<string, { id: string; region: string | null }[]>();
  for (const v of source.voters) {
    const g = groups.assignment.get(v.id) ?? "";
    const list = byGroup.get(g) ?? [];
    list.push({ id: v.id, region: v.regionId !== null && known.has(v.regionId) ? v.regionId : null });
    byGroup.set(g, list);
  }
  const shownRegion = new Map<string, string | null>();
  for (const members of byGroup.values()) {
    const size = new Map<string, number>();
    let none = 0;
    for (const m of members) {
      if (m.region === null) none++;
      else size.set(m.region, (size.get(m.region) ?? 0) + 1);
    }
    const plan = planCells(source.regions.map((r) => ({ id: r.id, n: size.get(r.id) ?? 0 })), none, k);
    const kept = new Set(plan.kept);
    for (const m of members) shownRegion.set(m.id, m.region !== null && kept.has(m.region) ? m.region : null);
  }
  const regions = protectCategories(
    source.regions,
    source.voters.map((v) => ({ id: v.id, category: shownRegion.get(v.id) ?? null })),
    k,
    () => ({}),
  );
  return { groups, regions };
}
export type ProtectedGrouping = ReturnType<typeof protectGrouping>;

const choiceValue = (c: "agree" | "disagree" | "pass") => (c === "agree" ? 1 : c === "disagree" ? -1 : 0);

function participationRows(categories: { id: string; name: string }[], assignment: Map<string, string | null>, voters: ResultsSource["voters"], voted: Set<string>): ParticipationRow[] {
  const rows = new Map<string | null, ParticipationRow>(categories.map((c) => [c.id, { name: c.name, participants: 0, voters: 0 }]));
  for (const v of voters) {
    const key = assignment.get(v.id) ?? null;
    let row = rows.get(key);
    if (!row) rows.set(key, (row = { name: NOT_STATED, participants: 0, voters: 0 }));
    row.participants++;
    if (voted.has(v.id)) row.voters++;
  }
  return [...rows.values()];
}

/**
 * Compute a round's results from its source. Returns the payload and, for the open-data bundle
 * only, the opinion group of each voter (never stored with the payload).
 */
export function computeRoundConsensus(
  source: ResultsSource,
  computedAt: string,
  basis: RoundConsensus["basis"],
  method: ResultsMethod = RESULTS_METHOD,
  /** live results only: the group-k smoother's state after the previous computation (null: the first) */
  groupK?: GroupKState | null,
) {
  const grouping = protectGrouping(source);
  const smooth = basis === "live" && method === 2 && groupK !== undefined;
  const result = computeConsensus({
    // method 1 (reports published before the robustness checks): k by silhouette alone, no bootstrap
    options: method === 1 ? { resamples: 0 } : smooth ? { groupK } : {},
    statements: source.ballot.map((b) => ({ id: b.versionId })),
    participants: source.voters.map((v) => ({ id: v.id, groupId: grouping.groups.assignment.get(v.id) ?? null, regionId: grouping.regions.assignment.get(v.id) ?? null })),
    votes: source.votes.map((v) => ({ participantId: v.voterId, statementId: v.versionId, value: choiceValue(v.choice), confidence: v.confidence })),
    groups: grouping.groups.categories.map((g) => ({ id: g.id, name: g.name, targetShare: g.targetShare })),
    regions: grouping.regions.categories.map((r) => ({ id: r.id, name: r.name })),
    thresholds: source.thresholds,
  });
  const groupName = new Map(grouping.groups.categories.map((g) => [g.id, g.name]));
  const regionName = new Map(grouping.regions.categories.map((r) => [r.id, r.name]));
  const stakeholderOf = grouping.groups.assignment;
  const voted = new Set(source.votes.map((v) => v.voterId));
  const votesByVersion = new Map<string, ResultsSource["votes"]>();
  for (const v of source.votes) {
    if (!v.reason) continue;
    const list = votesByVersion.get(v.versionId) ?? [];
    list.push(v);
    votesByVersion.set(v.versionId, list);
  }
  const payload: RoundConsensus = {
    schema: 3,
    method,
    roundId: source.roundId,
    basis,
    computedAt,
    thresholds: result.thresholds,
    minGroupSize: source.minGroupSize,
    participants: source.voters.length,
    voters: result.voters,
    participation: {
      byGroup: participationRows(grouping.groups.categories, grouping.groups.assignment, source.voters, voted),
      byRegion: participationRows(grouping.regions.categories, grouping.regions.assignment, source.voters, voted),
      merged: { groups: grouping.groups.merged, regions: grouping.regions.merged },
    },
    groups: grouping.groups.categories.map((g) => ({ id: g.id, name: g.name, targetShare: g.targetShare })),
    opinion: {
      k: result.opinion.k,
      silhouette: result.opinion.silhouette,
      groupSizes: result.opinion.groupSizes,
      points: result.opinion.points
        .map((p) => ({ x: p.x, y: p.y, group: p.group, stakeholderGroupId: stakeholderOf.get(p.participantId) ?? null }))
        .sort((a, b) => a.group - b.group || a.x - b.x || a.y - b.y),
      representative: result.opinion.representative.map((r) => ({
        group: r.group,
        statements: r.statements.map((s) => ({ versionId: s.id, direction: s.direction, probability: s.probability, ratio: s.ratio, p: s.p })),
      })),
      consensusStatements: result.opinion.consensusStatements.map((s) => ({ versionId: s.id, direction: s.direction, probability: s.probability, p: s.p })),
      fdrQ: result.opinion.fdrQ,
      stability: result.opinion.stability,
      ...(result.opinion.groupK ? { groupK: result.opinion.groupK } : {}),
    },
    statements: result.statements.map((s, j) => {
      const b = source.ballot[j]!;
      return {
        versionId: b.versionId,
        proposalId: b.proposalId,
        versionNumber: b.versionNumber,
        title: b.title,
        category: b.category,
        overall: s.declared.overall,
        passRate: s.declared.passRate,
        groups: s.declared.groups.map((g) => ({ ...g, name: groupName.get(g.groupId) ?? "" })),
        regions: s.regions ? s.regions.groups.map((g) => ({ ...g, name: regionName.get(g.groupId) ?? "" })) : [],
        bridging: s.declared.bridging ? { name: groupName.get(s.declared.bridging.groupId) ?? "", rate: s.declared.bridging.rate } : null,
        balanced: s.declared.balanced,
        groupInformedConsensus: s.groupInformedConsensus,
        consensusScore: s.consensusScore,
        classification: s.codification.classification,
        reason: s.codification.reason,
        sides: s.codification.sides,
        spread: s.codification.spread,
        comparedBy: s.comparedBy,
        reasons: countReasons(votesByVersion.get(b.versionId) ?? [], grouping.groups.categories, (id) => stakeholderOf.get(id) ?? null),
        ...(method === 2
          ? {
              robustness: namedRobustness(result.robustness.statements[j]!, groupName, regionName),
              mf: mfOf(result.mf.statements[j]),
              bridgingDisagreement: result.bridgingComparison?.disagreements.find((d) => d.index === j)?.kind ?? null,
            }
          : {}),
      };
    }),
    ...(method === 2
      ? {
          robustness: { summary: result.robustness.summary, resamples: result.robustness.settings.resamples, minBootstrapShare: result.robustness.settings.minBootstrapShare },
          abnormal: result.abnormal,
        }
      : {}),
  };
  return { payload, opinionGroups: result.opinion.groups, grouping };
}

function mfOf(s: ReturnType<typeof computeConsensus>["mf"]["statements"][number] | undefined): StatementResult["mf"] {
  if (!s || s.intercept === null) return null;
  return { intercept: s.intercept, low: s.interval?.low ?? null, high: s.interval?.high ?? null };
}

/** A statement's robustness with group and region names instead of ids (opinion groups by letter). */
function namedRobustness(r: ReturnType<typeof computeConsensus>["robustness"]["statements"][number], groupName: Map<string, string>, regionName: Map<string, string>): StatementRobustnessResult {
  return {
    robust: r.robust,
    bootstrapShare: r.bootstrapShare,
    because: r.because.map((b) => {
      switch (b.check) {
        case "without_group": {
          const opinion = b.group.startsWith("opinion-");
          return { check: b.check, opinion, group: opinion ? opinionGroupName(Number(b.group.slice("opinion-".length))) : groupName.get(b.group) ?? b.group, becomes: b.becomes };
        }
        case "without_region":
          return { check: b.check, region: regionName.get(b.region) ?? b.region, becomes: b.becomes };
        default:
          return b;
      }
    }),
  };
}

export interface ProtectedBar {
  name: string;
  n: number;
  agree: number;
  agreeRate: number | null;
  interval: { low: number; high: number } | null;
}

/**
 * The per-group (or per-region) bars of one statement as anyone but a facilitator may see them:
 * cells with fewer than k votes merged into Other with complementary suppression (k-protection.ts);
 * the votes of voters without a group count as a hidden cell that must not be recoverable either.
 */
export function protectedBars(stats: readonly NamedStat[], overall: GroupStat, k: number): ProtectedBar[] {
  const sum = { agree: 0, disagree: 0, pass: 0 };
  for (const g of stats) {
    sum.agree += g.agree;
    sum.disagree += g.disagree;
    sum.pass += g.pass;
  }
  const unassigned = { agree: overall.agree - sum.agree, disagree: overall.disagree - sum.disagree, pass: overall.pass - sum.pass };
  return protectCountCells(
    stats.map((g) => ({ name: g.name, agree: g.agree, disagree: g.disagree, pass: g.pass })),
    unassigned,
    k,
  ).map((c) => {
    const n = c.agree + c.disagree + c.pass;
    return { name: c.name, n, agree: c.agree, agreeRate: n ? c.agree / n : null, interval: n ? wilsonInterval(c.agree, n) : null };
  });
}
