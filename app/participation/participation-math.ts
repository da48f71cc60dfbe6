/**
 * The participation monitor's arithmetic (pure): per category (a stakeholder group or a region)
 * its counts, shares of the whole, turnout, the gap to its target share in people and whether it
 * is under target by more than the margin. Observers get the k-protected version (k-protection.ts).
 */
import { OTHER_GROUP_ID, OTHER_GROUP_NAME, planCells } from "../results/k-protection";

export const MEASURES = ["members", "proposals", "comments", "votes", "voters"] as const;
export type Measure = (typeof MEASURES)[number];
export type Counts = Record<Measure, number>;

export interface Category {
  id: string;
  name: string;
  /** 0–1, null when the category has no target */
  targetShare: number | null;
}

export interface CategoryRow extends Category {
  counts: Counts;
  /** each measure as a share of the assembly's total (null when the total is 0) */
  shares: Record<Measure, number | null>;
  /** voters / members (null without members) */
  turnout: number | null;
  /** how many more people of this category the basis needs to reach the target share (0 when at or above it) */
  gapPeople: number;
  /** under target by more than the margin */
  alert: boolean;
}

/** Which count the target is compared with: members until voting opens, voters from then on. */
export type Basis = "members" | "voters";

export const NO_CATEGORY_ID = "none";

/** Whether a member of stakeholder group `memberGroupId` is counted in the row `rowId` (no group, or one no longer declared: "none"). */
export function inGroupRow(rowId: string, memberGroupId: string | null, declared: ReadonlySet<string>): boolean {
  return rowId === NO_CATEGORY_ID ? memberGroupId === null || !declared.has(memberGroupId) : memberGroupId === rowId;
}

export const zeroCounts = (): Counts => ({ members: 0, proposals: 0, comments: 0, votes: 0, voters: 0 });

function add(a: Counts, b: Counts): Counts {
  const out = zeroCounts();
  for (const m of MEASURES) out[m] = a[m] + b[m];
  return out;
}

/** People needed for n/total to reach target: the smallest x with (n + x) / (total + x) ≥ target. */
export function gapInPeople(n: number, total: number, target: number | null): number {
  if (target === null || target <= 0) return 0;
  if (total > 0 && n / total >= target - 1e-9) return 0;
  if (target >= 1) return Math.max(0, total - n) > 0 ? Infinity : 0;
  return Math.max(0, Math.ceil((target * total - n) / (1 - target) - 1e-9));
}

/**
 * Rows for one categorisation. `counts` holds the counts per category id, with unassigned members
 * under null; `marginPoints` is the alert margin in percentage points. A category alerts only when
 * the basis has a total (nobody has voted yet: no alert) and its share is below target − margin.
 */
export function buildRows(categories: readonly Category[], counts: ReadonlyMap<string | null, Counts>, basis: Basis, marginPoints: number, unassignedName: string): { rows: CategoryRow[]; totals: Counts } {
  let totals = zeroCounts();
  for (const c of counts.values()) totals = add(totals, c);
  const unassigned = counts.get(null);
  const all: Category[] = [...categories];
  if (unassigned && unassigned.members > 0) all.push({ id: NO_CATEGORY_ID, name: unassignedName, targetShare: null });
  const rows = all.map((c): CategoryRow => {
    const n = c.id === NO_CATEGORY_ID ? unassigned! : (counts.get(c.id) ?? zeroCounts());
    const shares = {} as Record<Measure, number | null>;
    for (const m of MEASURES) shares[m] = totals[m] > 0 ? n[m] / totals[m] : null;
    const share = shares[basis];
    const alert = c.targetShare !== null && share !== null && c.targetShare - share > marginPoints / 100 + 1e-9;
    return { ...c, counts: n, shares, turnout: n.members > 0 ? n.voters / n.members : null, gapPeople: gapInPeople(n[basis], totals[basis], c.targetShare), alert };
  });
  return { rows, totals };
}

/**
 * What an observer may see of one categorisation: categories with fewer than k members (and an
 * unassigned remainder under k) merged into Other, complementary ones joining until Other has k,
 * or no breakdown at all. Targets of merged categories add up.
 */
export function protectCounts(categories: readonly Category[], counts: ReadonlyMap<string | null, Counts>, k: number): { categories: Category[]; counts: Map<string | null, Counts>; merged: number; suppressed: boolean } {
  const size = (id: string | null) => counts.get(id)?.members ?? 0;
  const plan = planCells(categories.map((c) => ({ id: c.id, n: size(c.id) })), size(null), k);
  if (plan.suppressed) {
    let total = zeroCounts();
    for (const c of counts.values()) total = add(total, c);
    return { categories: [], counts: new Map([[null, total]]), merged: categories.filter((c) => size(c.id) > 0).length, suppressed: true };
  }
  const merged = new Set(plan.merged);
  const out = new Map<string | null, Counts>();
  let other = zeroCounts();
  for (const c of categories) {
    const n = counts.get(c.id) ?? zeroCounts();
    if (merged.has(c.id)) other = add(other, n);
    else out.set(c.id, n);
  }
  if (plan.unassignedMerged) other = add(other, counts.get(null) ?? zeroCounts());
  else if (counts.has(null)) out.set(null, counts.get(null)!);
  const kept = categories.filter((c) => !merged.has(c.id));
  const mergedCats = categories.filter((c) => merged.has(c.id));
  const shown: Category[] = [...kept];
  if (plan.merged.length > 0 || plan.unassignedMerged) {
    const targets = mergedCats.map((c) => c.targetShare).filter((x): x is number => x !== null);
    shown.push({ id: OTHER_GROUP_ID, name: OTHER_GROUP_NAME, targetShare: targets.length ? targets.reduce((a, b) => a + b, 0) : null });
    out.set(OTHER_GROUP_ID, other);
  }
  return { categories: shown, counts: out, merged: mergedCats.length, suppressed: false };
}

/**
 * Cumulative turnout through the voting phase: `buckets` equal steps from `start` to `end`, each
 * with the number of people who had voted by its end. `firstVotes` holds each voter's first vote.
 */
export function turnoutSeries(firstVotes: readonly string[], start: string, end: string, members: number, buckets = 24): { at: string; voters: number; turnout: number | null }[] {
  const t0 = Date.parse(start);
  const t1 = Math.max(Date.parse(end), t0 + 1);
  const step = (t1 - t0) / buckets;
  const perBucket = new Array<number>(buckets).fill(0);
  let before = 0;
  for (const iso of firstVotes) {
    const t = Date.parse(iso);
    if (t < t0) before++;
    else perBucket[Math.min(buckets - 1, Math.floor((t - t0) / step))]!++;
  }
  let cumulative = before;
  return perBucket.map((n, i) => {
    cumulative += n;
    return { at: new Date(t0 + step * (i + 1)).toISOString(), voters: cumulative, turnout: members > 0 ? cumulative / members : null };
  });
}
