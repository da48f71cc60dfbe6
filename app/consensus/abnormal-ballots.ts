/**
 * Abnormal ballots (issue 14, item 6): participants whose ballot looks mechanical are flagged —
 * never dropped — and the headline numbers are recomputed without them, so a reader can see how much
 * they matter.
 *
 * Flags (defaults; all options):
 * - agrees with everything / disagrees with everything: every vote in force is agree (or every one is
 *   disagree) — a single pass or other answer clears the flag, since it shows the ballot was read — and
 *   there are at least max(minStraightVotes = 8, ⌈minBallotShare = ½ × ballot size⌉) of them. Eight
 *   identical answers by chance are unlikely for a reader (2⁻⁸ if each were a coin toss); below half
 *   the ballot, a run of agrees says more about which statements were reached than about the voter.
 *   The ballot size defaults to the number of statements; on a sparse conversation, where each
 *   participant is shown a subset, pass the size of the subset shown, or nobody reaches half of it.
 * - too fast (only when timing is given): the median time per vote is below fastMedianSeconds = 2 s
 *   over at least minTimedVotes = 5 timed votes or gaps. Timing is either the seconds spent on each vote,
 *   or the times each vote was cast (gaps between consecutive casts, sorted by time). Participants
 *   without timing are not judged.
 *
 * The output holds counts and statement ids only, never a participant id.
 * "Without them" keeps the groups compared and, for opinion groups, the full-data assignment (no
 * re-clustering); a group left with no participant is left out of the comparison.
 * Pure and deterministic.
 */
import { CLASS_CODE, CLASSIFICATIONS, FIELDS, addVotes, codifyCells, overallAgreeRate, resolveCompared, round4 } from "./codify-tally";
import type { SparseMatrix } from "./sparse-matrix";
import { DEFAULT_THRESHOLDS, type Classification, type Thresholds } from "./types";

export interface AbnormalBallotsInput {
  matrix: SparseMatrix;
  statementIds: readonly string[];
  /** declared stakeholder groups, in the engine's order */
  groups: readonly { id: string; targetShare: number }[];
  groupOf: readonly (string | null | undefined)[];
  /** full-data opinion groups (used when no declared group has participants, as in the engine) */
  opinionOf?: readonly (number | null | undefined)[];
  opinionK?: number;
  thresholds?: Partial<Thresholds>;
  /** optional, per participant index: seconds spent on each vote */
  secondsPerVote?: readonly (readonly number[] | null | undefined)[];
  /** optional, per participant index: when each vote was cast (milliseconds; any epoch) */
  castAtMs?: readonly (readonly number[] | null | undefined)[];
}

export interface AbnormalBallotOptions {
  minStraightVotes?: number;
  minBallotShare?: number;
  /** ballot size the share applies to (default: the number of statements) */
  ballotSize?: number;
  fastMedianSeconds?: number;
  minTimedVotes?: number;
}

export const DEFAULT_ABNORMAL_OPTIONS = { minStraightVotes: 8, minBallotShare: 0.5, fastMedianSeconds: 2, minTimedVotes: 5 } as const;

export type AbnormalReason = "agree_all" | "disagree_all" | "too_fast";

export interface AbnormalBallotsResult {
  settings: { minStraightVotes: number; minBallotShare: number; ballotSize: number; fastMedianSeconds: number; minTimedVotes: number };
  comparedBy: "stakeholder_groups" | "opinion_groups";
  /** whether any participant had timing */
  timingAvailable: boolean;
  /** participants who could be judged: enough votes for the straight-line flags; enough timing for speed */
  judged: { straightLine: number; timing: number };
  /** participants flagged per reason, and flagged for any reason (one participant counted once) */
  flagged: { agree_all: number; disagree_all: number; too_fast: number; any: number };
  /** statements per classification with everyone, and without the flagged participants */
  classifications: { with: Record<Classification, number>; without: Record<Classification, number> };
  /** statements whose classification changes without the flagged participants (statement order) */
  changed: { id: string; from: Classification; to: Classification }[];
  /** the largest change of a head-count overall agree rate (by size; first statement on ties), with
   * `change` = without − with; null when no statement has votes both with and without them */
  largestAgreeRateChange: { id: string; with: number; without: number; change: number } | null;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const h = s.length >> 1;
  return s.length % 2 ? s[h]! : (s[h - 1]! + s[h]!) / 2;
}

/** Per-participant seconds per vote (spent, or gaps between casts), or null when not given. */
function timesOf(input: AbnormalBallotsInput, i: number): number[] | null {
  const spent = input.secondsPerVote?.[i];
  if (spent && spent.length > 0) return spent.filter((x) => Number.isFinite(x) && x >= 0);
  const cast = input.castAtMs?.[i];
  if (cast && cast.length > 0) {
    const at = cast.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
    const gaps: number[] = [];
    for (let k = 1; k < at.length; k++) gaps.push((at[k]! - at[k - 1]!) / 1000);
    return gaps;
  }
  return null;
}

/**
 * Flag abnormal ballots and measure how the codification would move without them (counts only).
 */
export function checkAbnormalBallots(input: AbnormalBallotsInput, options: AbnormalBallotOptions = {}): AbnormalBallotsResult {
  const m: SparseMatrix = input.matrix;
  const P = m.participantCount;
  const S = m.statementCount;
  if (input.statementIds.length !== S) throw new Error("one statement id per matrix column is needed");
  const t: Thresholds = { ...DEFAULT_THRESHOLDS, ...(input.thresholds ?? {}) };
  const minStraightVotes = options.minStraightVotes ?? DEFAULT_ABNORMAL_OPTIONS.minStraightVotes;
  const minBallotShare = options.minBallotShare ?? DEFAULT_ABNORMAL_OPTIONS.minBallotShare;
  const ballotSize = options.ballotSize ?? S;
  const fastMedianSeconds = options.fastMedianSeconds ?? DEFAULT_ABNORMAL_OPTIONS.fastMedianSeconds;
  const minTimedVotes = options.minTimedVotes ?? DEFAULT_ABNORMAL_OPTIONS.minTimedVotes;
  const minVotes = Math.max(minStraightVotes, Math.ceil(minBallotShare * ballotSize));

  const flaggedSet = new Uint8Array(P);
  const flagged = { agree_all: 0, disagree_all: 0, too_fast: 0, any: 0 };
  const judged = { straightLine: 0, timing: 0 };
  let timingAvailable = false;
  for (let i = 0; i < P; i++) {
    const start = m.rowStart[i]!;
    const end = m.rowStart[i + 1]!;
    if (end - start >= minVotes) {
      judged.straightLine++;
      let agrees = 0;
      let disagrees = 0;
      for (let q = start; q < end; q++) {
        if (m.values[q] === 1) agrees++;
        else if (m.values[q] === -1) disagrees++;
      }
      if (agrees === end - start) {
        flagged.agree_all++;
        flaggedSet[i] = 1;
      } else if (disagrees === end - start) {
        flagged.disagree_all++;
        flaggedSet[i] = 1;
      }
    }
    const times = timesOf(input, i);
    if (times !== null) timingAvailable = true;
    if (times !== null && times.length >= minTimedVotes) {
      judged.timing++;
      if (median(times) < fastMedianSeconds) {
        flagged.too_fast++;
        flaggedSet[i] = 1;
      }
    }
  }
  for (let i = 0; i < P; i++) flagged.any += flaggedSet[i]!;

  const compared = resolveCompared({ participantCount: P, groups: input.groups, groupOf: input.groupOf, opinionOf: input.opinionOf, opinionK: input.opinionK });
  const ids = compared.ids;
  const C = ids.length;
  const cell = (C + 1) * FIELDS;
  const all = new Float64Array(S * cell);
  addVotes(m, compared.of, C, null, all);
  const out = new Float64Array(S * cell);
  addVotes(m, compared.of, C, null, out, flaggedSet);
  const without = new Float64Array(S * cell);
  for (let x = 0; x < without.length; x++) without[x] = all[x]! - out[x]!;
  const remaining = new Float64Array(C + 1);
  for (let i = 0; i < P; i++) if (!flaggedSet[i]) remaining[compared.of[i]!]! += 1;
  const presentAll = new Uint8Array(C).fill(1);
  const presentWithout = Uint8Array.from({ length: C }, (_, c) => (remaining[c]! > 0 ? 1 : 0));

  const countWith = Object.fromEntries(CLASSIFICATIONS.map((c) => [c, 0])) as Record<Classification, number>;
  const countWithout = { ...countWith };
  const changed: AbnormalBallotsResult["changed"] = [];
  let largest: AbnormalBallotsResult["largestAgreeRateChange"] = null;
  let largestRaw = -1;
  for (let j = 0; j < S; j++) {
    const off = j * cell;
    const before = codifyCells(all, off, ids, presentAll, t).classification;
    const after = codifyCells(without, off, ids, presentWithout, t).classification;
    countWith[before]++;
    countWithout[after]++;
    if (CLASS_CODE[before] !== CLASS_CODE[after]) changed.push({ id: input.statementIds[j]!, from: before, to: after });
    const rateWith = overallAgreeRate(all, off, C);
    const rateWithout = overallAgreeRate(without, off, C);
    if (rateWith !== null && rateWithout !== null) {
      const change = Math.abs(rateWith - rateWithout);
      if (change > largestRaw) {
        largestRaw = change;
        largest = { id: input.statementIds[j]!, with: round4(rateWith), without: round4(rateWithout), change: round4(rateWithout - rateWith) };
      }
    }
  }

  return {
    settings: { minStraightVotes, minBallotShare, ballotSize, fastMedianSeconds, minTimedVotes },
    comparedBy: compared.comparedBy,
    timingAvailable,
    judged,
    flagged,
    classifications: { with: countWith, without: countWithout },
    changed,
    largestAgreeRateChange: largest,
  };
}
