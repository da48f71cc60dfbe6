/**
 * The plain-language headline of a round's results (pure): how many red lines fall in each class,
 * with the cruxes grouped by who is on which side. Group names come only from sides the viewer may
 * see (see `nameableSides`), so the headline never names a group the breakdowns hide.
 */
import type { Classification } from "../consensus/types";
import type { DisagreeReason } from "../deliberation/disagree-reasons";
import { OTHER_GROUP_NAME } from "./k-protection";
import { protectedBars, type NamedStat, type StatementResult } from "./round-consensus";
import type { StatementRobustnessResult } from "./robustness-sentence";

export type HeadlineClause =
  | { kind: "agreement" | "uncertainty" | "no_consensus" | "insufficient_data"; count: number }
  | { kind: "split"; count: number; for: string[]; against: string[]; mostly: DisagreeReason | null };

export interface HeadlineInput {
  classification: Classification;
  sides: { for: string[]; against: string[] } | null;
  /** the reason given most often by those who disagreed or passed (see `mainReason`), if any */
  mainReason?: DisagreeReason | null;
}

const ORDER = ["agreement", "split", "uncertainty", "no_consensus", "insufficient_data"] as const;

/** Clauses in reading order: agreement, splits (largest first), uncertainty, no consensus, too few votes. */
export function buildHeadline(statements: readonly HeadlineInput[]): HeadlineClause[] {
  const counts = new Map<string, number>();
  const splits = new Map<string, { count: number; for: string[]; against: string[]; reasons: (DisagreeReason | null)[] }>();
  for (const s of statements) {
    if (s.classification !== "disagreement") {
      counts.set(s.classification, (counts.get(s.classification) ?? 0) + 1);
      continue;
    }
    const sides = s.sides && s.sides.for.length > 0 && s.sides.against.length > 0 ? s.sides : { for: [], against: [] };
    const key = JSON.stringify([sides.for, sides.against]);
    const hit = splits.get(key) ?? { count: 0, for: sides.for, against: sides.against, reasons: [] };
    hit.count++;
    hit.reasons.push(s.mainReason ?? null);
    splits.set(key, hit);
  }
  const out: HeadlineClause[] = [];
  for (const kind of ORDER) {
    if (kind === "split") {
      // named splits first (largest first), the unnamed ones last
      const list = [...splits.values()].sort((a, b) => Number(a.for.length === 0) - Number(b.for.length === 0) || b.count - a.count);
      for (const { reasons, ...s } of list) out.push({ kind: "split", ...s, mostly: mostOf(reasons) });
    } else if (counts.get(kind)) out.push({ kind, count: counts.get(kind)! });
  }
  return out;
}

/**
 * The sides of a crux as a viewer may see them. Facilitators see every group; anyone else sees a
 * group named only when its own cell on this statement is shown by the k-protected bars (at least
 * k votes, not merged into Other). A side left without a nameable group makes the crux unnamed.
 */
export function nameableSides(s: Pick<StatementResult, "sides" | "groups" | "overall" | "comparedBy">, k: number, isFacilitator: boolean): { for: string[]; against: string[] } | null {
  if (!s.sides) return null;
  if (isFacilitator) return s.sides;
  // opinion groups are not declared groups: their sizes are not protected per statement
  if (s.comparedBy !== "stakeholder_groups") return { for: [], against: [] };
  const shown = new Set(protectedBars(s.groups, s.overall, k).filter((b) => b.name !== OTHER_GROUP_NAME && b.n >= k).map((b) => b.name));
  const sides = { for: s.sides.for.filter((n) => shown.has(n)), against: s.sides.against.filter((n) => shown.has(n)) };
  return sides.for.length > 0 && sides.against.length > 0 ? sides : { for: [], against: [] };
}

/**
 * A statement's robustness as anyone but a facilitator may read it: a group or region is named only
 * where its own bar on this statement is shown (at least k votes, not merged), as for the sides of a
 * crux; otherwise "without one of the groups".
 */
export function nameableRobustness(s: Pick<StatementResult, "robustness" | "groups" | "regions" | "overall">, k: number): StatementRobustnessResult {
  const shown = (stats: NamedStat[]) => new Set(protectedBars(stats, s.overall, k).filter((b) => b.name !== OTHER_GROUP_NAME && b.n >= k).map((b) => b.name));
  const groups = shown(s.groups);
  const regions = shown(s.regions);
  const r = s.robustness!;
  return {
    ...r,
    because: r.because.map((b) =>
      b.check === "without_group" && !b.opinion && b.group !== null && !groups.has(b.group)
        ? { ...b, group: null }
        : b.check === "without_region" && b.region !== null && !regions.has(b.region)
          ? { ...b, region: null }
          : b,
    ),
  };
}

/** The main reason of more than half of a clause's cruxes ("mostly on the evidence"), else null. */
function mostOf(reasons: readonly (DisagreeReason | null)[]): DisagreeReason | null {
  const tally = new Map<DisagreeReason, number>();
  for (const r of reasons) if (r) tally.set(r, (tally.get(r) ?? 0) + 1);
  for (const [r, n] of tally) if (n * 2 > reasons.length) return r;
  return null;
}
