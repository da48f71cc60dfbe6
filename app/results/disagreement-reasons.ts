/**
 * Why people disagreed or passed, per statement and per stakeholder group (pure). Splits a crux
 * into disagreements of fact (evidence, timeline, threshold value), of value, or about the text.
 * Whatever a non-facilitator sees passes through `protectReasons`: a group's counts are shown only
 * when at least k of its members gave a reason, with complementary suppression (k-protection.ts).
 */
import type { TFunction } from "i18next";
import { DISAGREE_REASONS, type DisagreeReason } from "../deliberation/disagree-reasons";
import { OTHER_GROUP_NAME, planCells } from "./k-protection";

export type ReasonCounts = Record<DisagreeReason, number>;

export interface ReasonBreakdown {
  /** reasons given on this statement (by voters who disagreed or passed) */
  given: number;
  overall: ReasonCounts;
  /** per stakeholder group of the protected grouping, in display order */
  groups: { name: string; given: number; counts: ReasonCounts }[];
}

const zero = (): ReasonCounts => ({ evidence: 0, values: 0, timeline: 0, threshold: 0, wording: 0 });

/** Count the reasons of one statement's votes. `groupOf` maps a voter to a (protected) group id. */
export function countReasons(
  votes: readonly { voterId: string; reason?: DisagreeReason }[],
  groups: readonly { id: string; name: string }[],
  groupOf: (voterId: string) => string | null,
): ReasonBreakdown {
  const overall = zero();
  const byGroup = new Map(groups.map((g) => [g.id, { name: g.name, given: 0, counts: zero() }]));
  let given = 0;
  for (const v of votes) {
    if (!v.reason) continue;
    given++;
    overall[v.reason]++;
    const g = byGroup.get(groupOf(v.voterId) ?? "");
    if (g) {
      g.given++;
      g.counts[v.reason]++;
    }
  }
  return { given, overall, groups: [...byGroup.values()] };
}

/** The breakdown as anyone but a facilitator may see it: every shown group row describes at least k people. */
export function protectReasons(b: ReasonBreakdown, k: number): ReasonBreakdown {
  const inGroups = b.groups.reduce((s, g) => s + g.given, 0);
  const plan = planCells(b.groups.map((g, i) => ({ id: String(i), n: g.given })), b.given - inGroups, k);
  if (plan.suppressed) return { ...b, groups: [] };
  const merged = new Set(plan.merged);
  const shown = b.groups.filter((g, i) => !merged.has(String(i)) && g.given > 0);
  const mergedRows = b.groups.filter((_, i) => merged.has(String(i)));
  if (mergedRows.length > 0 || plan.unassignedMerged) {
    const other = { name: OTHER_GROUP_NAME, given: 0, counts: zero() };
    for (const g of mergedRows) {
      other.given += g.given;
      for (const r of DISAGREE_REASONS) other.counts[r] += g.counts[r];
    }
    if (plan.unassignedMerged) {
      other.given += b.given - inGroups;
      for (const r of DISAGREE_REASONS) other.counts[r] += b.overall[r] - b.groups.reduce((s, g) => s + g.counts[r], 0);
    }
    if (other.given > 0) shown.push(other);
  }
  return { ...b, groups: shown };
}

/** The reason given most often, or null when none was given or two tie for first. */
export function mainReason(counts: ReasonCounts): DisagreeReason | null {
  const sorted = [...DISAGREE_REASONS].sort((a, b) => counts[b] - counts[a]);
  const [first, second] = sorted;
  if (!first || counts[first] === 0 || (second && counts[second] === counts[first])) return null;
  return first;
}

/** "Industry and civil society disagree mainly on the evidence." (or for mixed reasons); `t` translates. */
export function cruxReasonSentence(b: ReasonBreakdown, sides: { for: string[]; against: string[] } | null, t: TFunction): string {
  const named = sides ? [...sides.for, ...sides.against] : [];
  const list = (names: string[]) => names.slice(0, -1).join(", ") + (names.length > 1 ? t("ballot.results.and") : "") + names.at(-1);
  const main = mainReason(b.overall);
  // beyond two groups a list of every group tells nothing: the smaller side against the rest
  if (sides && sides.for.length > 0 && sides.against.length > 0 && named.length > 2) {
    const side = list(sides.against.length <= sides.for.length ? sides.against : sides.for);
    return main ? t("ballot.results.cruxSideMainly", { side, reason: t(`ballot.reasonShort.${main}`) }) : t("ballot.results.cruxSideMixed", { side });
  }
  const groups = named.length > 1 ? list(named) : t("ballot.results.participants");
  return main ? t("ballot.results.cruxMainly", { groups, reason: t(`ballot.reasonShort.${main}`) }) : t("ballot.results.cruxMixed", { groups });
}
