/**
 * What a closed round's results depend on, frozen when the round closes (decision 015). Closed-round
 * results, the report and every export are computed from this object alone: removing a member,
 * editing groups or changing thresholds afterwards changes nothing about the round.
 * Plain JSON; stored in `round_snapshots`. It holds membership ids (internal, never exported) and the
 * secret seed of the export id permutation.
 */
import type { Thresholds } from "../consensus/types";
import { DISAGREE_REASONS, type DisagreeReason } from "../deliberation/disagree-reasons";
import type { BallotVersion } from "../deliberation/proposal-repository.server";

export type VoteChoice = "agree" | "disagree" | "pass";

/** A frozen version on the round's ballot (the domain's ballot version, frozen with the round). */
export type SnapshotVersion = BallotVersion;

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
  votes: { voterId: string; versionId: string; choice: VoteChoice; confidence: number | null; reason?: DisagreeReason }[];
}

const CHOICES: readonly VoteChoice[] = ["agree", "disagree", "pass"];

/**
 * The stored form of a snapshot: the same object, with votes as one flat array of small integers
 * (voter index, ballot index, choice 0 agree / 1 disagree / 2 pass, confidence 1–5 or 0 for none)
 * — a 300,000-vote round is about 4 MB instead of 25 MB of repeated ids, and parses in a fraction
 * of the time. `decodeSnapshot(encodeSnapshot(s))` equals `s`.
 */
export function encodeSnapshot(s: RoundSnapshot): string {
  const voterIndex = new Map(s.voters.map((v, i) => [v.id, i]));
  const ballotIndex = new Map(s.ballot.map((b, i) => [b.versionId, i]));
  const codes = new Array<number>(s.votes.length * 4);
  const reasonCodes: number[] = [];
  s.votes.forEach((v, i) => {
    const voter = voterIndex.get(v.voterId);
    const column = ballotIndex.get(v.versionId);
    if (voter === undefined || column === undefined) throw new Error("a snapshot vote names a voter or version outside the snapshot");
    codes[4 * i] = voter;
    codes[4 * i + 1] = column;
    codes[4 * i + 2] = CHOICES.indexOf(v.choice);
    codes[4 * i + 3] = v.confidence ?? 0;
    if (v.reason) reasonCodes.push(i, DISAGREE_REASONS.indexOf(v.reason));
  });
  const { votes: _votes, ...rest } = s;
  // reasons are few: (vote index, reason index) pairs, absent in snapshots from before reasons
  return JSON.stringify(reasonCodes.length ? { ...rest, voteCodes: codes, reasonCodes } : { ...rest, voteCodes: codes });
}

export function decodeSnapshot(payload: string): RoundSnapshot {
  const raw = JSON.parse(payload) as Omit<RoundSnapshot, "votes"> & { voteCodes?: number[]; reasonCodes?: number[]; votes?: RoundSnapshot["votes"] };
  if (raw.votes) return raw as RoundSnapshot;
  const codes = raw.voteCodes ?? [];
  const votes: RoundSnapshot["votes"] = new Array(codes.length / 4);
  for (let i = 0; i < votes.length; i++) {
    votes[i] = {
      voterId: raw.voters[codes[4 * i]!]!.id,
      versionId: raw.ballot[codes[4 * i + 1]!]!.versionId,
      choice: CHOICES[codes[4 * i + 2]!]!,
      confidence: codes[4 * i + 3] || null,
    };
  }
  const reasons = raw.reasonCodes ?? [];
  for (let i = 0; i < reasons.length; i += 2) votes[reasons[i]!]!.reason = DISAGREE_REASONS[reasons[i + 1]!]!;
  const { voteCodes: _codes, reasonCodes: _reasons, ...rest } = raw;
  return { ...rest, votes };
}
