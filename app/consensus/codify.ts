/**
 * Codification: every statement becomes agreement, disagreement (a crux, with sides), uncertainty,
 * insufficient data, or no consensus — with a machine-readable reason (code + numbers) that the UI
 * and the report turn into one sentence in the reader's language.
 */
import type { GroupStat } from "./declared-groups";
import type { Classification, Interval, Thresholds } from "./types";

export interface NamedGroupStat extends GroupStat {
  name: string;
}

export type Reason =
  | { code: "too_few_votes"; n: number; min: number }
  | { code: "small_group"; group: string; n: number; min: number }
  | { code: "many_passes"; passRate: number; n: number; threshold: number }
  | { code: "low_confidence"; meanConfidence: number; threshold: number }
  | { code: "all_agree"; groups: number; lowest: { group: string; rate: number; interval: Interval; n: number } | null; overall: number }
  | { code: "split"; spread: number; high: { group: string; rate: number }; low: { group: string; rate: number } }
  | { code: "wide_intervals"; group: string; width: number; threshold: number }
  | { code: "no_consensus"; overall: number; spread: number | null };

export interface Codification {
  classification: Classification;
  reason: Reason;
  /** for disagreement: which groups lean for and against */
  sides: { for: string[]; against: string[] } | null;
  spread: number | null;
}

export function codifyStatement(overall: GroupStat, groups: readonly NamedGroupStat[], passRate: number | null, t: Thresholds): Codification {
  const none = { sides: null };
  const rated = groups.filter((g) => g.agreeRate !== null) as (NamedGroupStat & { agreeRate: number; interval: Interval })[];
  const spread = rated.length >= 2 ? Math.max(...rated.map((g) => g.agreeRate)) - Math.min(...rated.map((g) => g.agreeRate)) : null;
  if (overall.n < t.minVotes) return { classification: "insufficient_data", reason: { code: "too_few_votes", n: overall.n, min: t.minVotes }, spread, ...none };
  const small = groups.find((g) => g.n < t.minGroupSize);
  if (small) return { classification: "insufficient_data", reason: { code: "small_group", group: small.name, n: small.n, min: t.minGroupSize }, spread, ...none };
  if (passRate !== null && passRate >= t.uncertaintyPassRate) {
    return { classification: "uncertainty", reason: { code: "many_passes", passRate, n: overall.n, threshold: t.uncertaintyPassRate }, spread, ...none };
  }
  if (overall.meanConfidence !== null && overall.meanConfidence <= t.uncertaintyConfidence) {
    return { classification: "uncertainty", reason: { code: "low_confidence", meanConfidence: overall.meanConfidence, threshold: t.uncertaintyConfidence }, spread, ...none };
  }
  const overallRate = overall.agreeRate ?? 0;
  const overallInterval = overall.interval ?? { low: 0, high: 1 };
  const everyGroupAgrees = rated.every((g) => g.agreeRate >= t.agreementGroupRate && g.interval.low >= t.agreementLowerBound);
  const overallAgrees = overallRate >= t.agreementOverall && (rated.length > 0 || overallInterval.low >= t.agreementLowerBound);
  if (everyGroupAgrees && overallAgrees) {
    const lowest = rated.length ? rated.reduce((a, b) => (b.agreeRate < a.agreeRate ? b : a)) : null;
    return {
      classification: "agreement",
      reason: { code: "all_agree", groups: rated.length, lowest: lowest && { group: lowest.name, rate: lowest.agreeRate, interval: lowest.interval, n: lowest.n }, overall: overallRate },
      spread,
      ...none,
    };
  }
  if (spread !== null && spread >= t.disagreementSpread) {
    const high = rated.reduce((a, b) => (b.agreeRate > a.agreeRate ? b : a));
    const low = rated.reduce((a, b) => (b.agreeRate < a.agreeRate ? b : a));
    const mid = (high.agreeRate + low.agreeRate) / 2;
    return {
      classification: "disagreement",
      reason: { code: "split", spread, high: { group: high.name, rate: high.agreeRate }, low: { group: low.name, rate: low.agreeRate } },
      sides: { for: rated.filter((g) => g.agreeRate >= mid).map((g) => g.name), against: rated.filter((g) => g.agreeRate < mid).map((g) => g.name) },
      spread,
    };
  }
  const wide = rated.find((g) => g.interval.high - g.interval.low > t.uncertaintyIntervalWidth);
  if (wide) {
    return { classification: "uncertainty", reason: { code: "wide_intervals", group: wide.name, width: wide.interval.high - wide.interval.low, threshold: t.uncertaintyIntervalWidth }, spread, ...none };
  }
  return { classification: "no_consensus", reason: { code: "no_consensus", overall: overallRate, spread }, spread, ...none };
}
