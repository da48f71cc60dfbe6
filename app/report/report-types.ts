/**
 * The consensus report model (schema version 1): one plain, JSON-serialisable object built from a
 * closed round, from which every format (HTML, PDF, Markdown, JSON, CSV) is rendered. It never
 * holds a participant's name, email, pseudonym or internal id; groups smaller than the
 * deliberation's minimum k are merged into "Other (groups under k)" or suppressed.
 */
import type { Reason } from "../consensus/codify";
import type { Thresholds } from "../consensus/types";
import type { RobustnessBecause } from "../results/robustness-sentence";

export const REPORT_SCHEMA_VERSION = 1;

export interface ReportGroupBar {
  /** stakeholder group name, or "Other (groups under k)" */
  name: string;
  n: number;
  agreeRate: number | null;
  interval: { low: number; high: number } | null;
}

export interface ReportStatement {
  /** stable within a report: "S1", "S2", … in ballot order */
  key: string;
  proposalNumber: number;
  versionNumber: number;
  title: string;
  statement: string;
  category: string;
  /** e.g. "Malfunctions › Self-replication" (English labels; renderers may translate the key) */
  categoryLabel: string;
  scope: string;
  indicator: string;
  threshold: string;
  trigger: string;
  response: string;
  evidenceLinks: string[];
  counts: { agree: number; disagree: number; pass: number; total: number };
  agreeRate: number | null;
  passRate: number | null;
  meanConfidence: number | null;
  bridging: { group: string; rate: number } | null;
  balanced: number | null;
  /** Polis's product over opinion groups: kept in report.json for compatibility, shown only in reports published before consensusScore */
  groupInformedConsensus: number | null;
  /** geometric-mean consensus score over the groups compared (absent in reports published before it) */
  consensusScore?: number | null;
  classification: "agreement" | "disagreement" | "uncertainty" | "insufficient_data" | "no_consensus";
  reason: Reason;
  /** the reason as one English sentence (renderers in other languages use `reason`) */
  reasonText: string;
  sides: { for: string[]; against: string[] } | null;
  groups: ReportGroupBar[];
  /** method 2: would the classification hold without a group or region, under other weightings, across a bootstrap (names k-protected) */
  robustness?: { robust: boolean; bootstrapShare: number | null; because: RobustnessBecause[]; text: string };
  /** method 2: bridging by matrix factorisation (−1…+1) with its 90 % bootstrap interval; null with too few votes */
  mfIntercept?: { value: number; low: number | null; high: number | null } | null;
  /** for cruxes: short unattributed excerpts of the strongest arguments on each side */
  excerpts: { supports: string[]; opposes: string[] };
  /** cruxes only: why voters disagreed or passed, k-protected per group (not in the open-data bundle) */
  disagreementReasons?: { given: number; main: string | null; sentence: string; overall: Record<string, number>; groups: { name: string; given: number; counts: Record<string, number> }[] };
  movement: { fromRound: number; agreeChange: number | null; spreadChange: number | null; converged: boolean | null }[];
  /**
   * A red line carried over from an earlier deliberation (docs/decisions/049): where from, and its
   * result in the round it was continued from when that result was published there (else null).
   * Not in the open-data bundle (it comes from another deliberation's); absent when not carried.
   */
  carriedOver?: CarriedOverFacts;
}

export interface CarriedOverFacts {
  from: string;
  round: number;
  agreeRate: number | null;
  classification: "agreement" | "disagreement" | "uncertainty" | "insufficient_data" | "no_consensus" | null;
  /** the source's public report, a path on this site; null when it has none that is public */
  reportPath: string | null;
  /** the whole sentence, in English (renderers in other languages use the fields) */
  sentence: string;
}

export interface ReportModel {
  schemaVersion: 1;
  deliberation: { title: string; question: string; description: string; convener: string };
  round: { number: number; openedAt: string; votingOpenedAt: string | null; closedAt: string | null };
  rounds: number;
  generatedAt: string;
  participation: {
    participants: number;
    voters: number;
    byGroup: { name: string; participants: number; voters: number }[];
    byRegion: { name: string; participants: number; voters: number }[];
    /** how many groups/regions were merged or suppressed because they had fewer than k members */
    suppressed: { groups: number; regions: number; k: number };
  };
  methodology: {
    process: string;
    votingScale: string;
    thresholds: Thresholds;
    weighting: string;
    opinionGroups: string;
    attributionMode: "named" | "chatham_house" | "anonymous";
    attributionRule: string;
    /** who took part vs who was invited to vote, per stakeholder group and region, k applied (absent in reports published before it existed) */
    participation?: string;
    /** method 2: the robustness checks, the map's stability and unusual ballots in words (English) */
    robustness?: string;
    /** the results method (app/results/round-consensus.ts ResultsMethod); absent: 1, the method before the robustness checks */
    method?: 2;
    /** from the action log (docs/decisions/044); absent in versions published before it */
    processEvents?: ProcessEvents;
  };
  summary: string;
  sectionNotes: Partial<Record<"agreement" | "disagreement" | "uncertainty" | "movement" | "appendix", string>>;
  agreement: ReportStatement[];
  disagreement: ReportStatement[];
  uncertainty: ReportStatement[];
  noConsensus: ReportStatement[];
  insufficient: ReportStatement[];
  opinionMap: { k: number; points: { x: number; y: number; group: number }[]; groupSizes: number[] };
  /** method 2: the robustness checks in numbers (the appendix; methodology.robustness says them in words) */
  robustness?: ReportRobustness;
  taxonomy: { category: string; label: string; statements: number; agreement: number; disagreement: number; uncertainty: number }[];
}

export interface ReportRobustness {
  resamples: number;
  minBootstrapShare: number;
  /** false-discovery rate of representative and consensus statements */
  fdrQ: number;
  robust: number;
  fragile: number;
  map: { stable: boolean | null; ari: number | null; k: number; kShare: number | null };
  /** unusual ballots; counts null when fewer than k were flagged (then only `any` > 0 is said) */
  abnormal: { judged: number; agreeAll: number | null; disagreeAll: number | null; tooFast: number | null; timing: boolean; changed: number | null; fewerThanK: boolean };
}

/** When each phase began, moderation counts by reason and threshold changes: no actor, ever. */
export interface ProcessEvents {
  phases: { round: number; proposing: string; discussing: string | null; voting: string | null; closed: string | null }[];
  moderation: { reason: string; hidden: number; restored: number }[];
  thresholdChanges: { at: string; changes: { threshold: string; before: number | null; after: number | null }[] }[];
}
