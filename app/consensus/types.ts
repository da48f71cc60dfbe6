/** Inputs and outputs of the consensus engine: plain data, no classes, JSON-serialisable. */

export type VoteValue = 1 | -1 | 0; // agree, disagree, pass (Polis coding)

export interface EngineVote {
  participantId: string;
  statementId: string;
  value: VoteValue;
  /** optional 1..5: how sure the evidence is */
  confidence?: number | null;
  /** optional: when the vote was cast (milliseconds, any epoch), for the too-fast check of abnormal ballots */
  castAtMs?: number | null;
}

export interface EngineParticipant {
  id: string;
  /** declared stakeholder group id, if any */
  groupId?: string | null;
  regionId?: string | null;
}

export interface EngineGroup {
  id: string;
  name: string;
  /** target share of the assembly (0..1) for balanced agreement */
  targetShare: number;
}

export interface Thresholds {
  /** agreement: every group's interval lower bound at least this */
  agreementLowerBound: number;
  /** agreement: every group's agree rate at least this */
  agreementGroupRate: number;
  /** agreement: overall agree rate at least this */
  agreementOverall: number;
  /** disagreement (crux): max − min group agree rate at least this */
  disagreementSpread: number;
  /** uncertainty: pass rate at least this */
  uncertaintyPassRate: number;
  /** uncertainty: mean confidence at most this */
  uncertaintyConfidence: number;
  /** uncertainty: a group interval wider than this means "too wide to tell" */
  uncertaintyIntervalWidth: number;
  /** insufficient data: fewer votes than this */
  minVotes: number;
  /** insufficient data: a group with fewer voters than this */
  minGroupSize: number;
}

export const DEFAULT_THRESHOLDS: Thresholds = {
  agreementLowerBound: 0.5,
  agreementGroupRate: 0.6,
  agreementOverall: 0.7,
  disagreementSpread: 0.3,
  uncertaintyPassRate: 0.3,
  uncertaintyConfidence: 2.5,
  uncertaintyIntervalWidth: 0.5,
  minVotes: 10,
  minGroupSize: 5,
};

export type Classification = "agreement" | "disagreement" | "uncertainty" | "insufficient_data" | "no_consensus";

export interface Interval {
  low: number;
  high: number;
}
