/**
 * What a closed round's results depend on, frozen when the round closes (decision 015). Closed-round
 * results, the report and every export are computed from this object alone: removing a member,
 * editing groups or changing thresholds afterwards changes nothing about the round.
 * Plain JSON; stored in `round_snapshots`. It holds membership ids (internal, never exported) and the
 * secret seed of the export id permutation.
 */
import type { Thresholds } from "../consensus/types";

export type VoteChoice = "agree" | "disagree" | "pass";

export interface SnapshotVersion {
  versionId: string;
  proposalId: string;
  versionNumber: number;
  title: string;
  statement: string;
  category: string;
  indicator: string;
  thresholdValue: string;
  thresholdUnit: string;
  trigger: string;
  response: string;
  scope: "development" | "deployment" | "use";
  evidenceLinks: string[];
}

export interface RoundSnapshot {
  schema: 1;
  roundId: string;
  roundNumber: number;
  closedAt: string;
  /** secret seed of the random participant-id permutation of published bundles (never exported) */
  idSeed: string;
  /** the effective thresholds in force at close */
  thresholds: Thresholds;
  /** k: the minimum group size at close */
  minGroupSize: number;
  attributionMode: "named" | "chatham_house" | "anonymous";
  /** stakeholder groups and regions as they were at close, in their display order */
  groups: { id: string; name: string; targetShare: number }[];
  regions: { id: string; name: string }[];
  /** the ballot: frozen versions in ballot order */
  ballot: SnapshotVersion[];
  /** eligible voters at close (live participant memberships) with their group and region then */
  voters: { id: string; groupId: string | null; regionId: string | null }[];
  /** every counted vote: the vote in force at close of an eligible voter on a ballot version */
  votes: { voterId: string; versionId: string; choice: VoteChoice; confidence: number | null }[];
}
