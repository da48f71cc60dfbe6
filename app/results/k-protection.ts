/**
 * k-anonymity with complementary suppression (pure). Whatever a non-facilitator sees broken down by
 * stakeholder group or region — membership counts, per-statement bars, the opinion-map filter, the
 * report and the open data — passes through here, so that no shown number describes fewer than k
 * people and no hidden cell can be recovered by subtracting shown cells from a total.
 *
 * The rule, for a list of cells (groups) with their sizes and the size of the unassigned remainder:
 *  1. every non-empty cell smaller than k — and a non-empty unassigned remainder smaller than k —
 *     is merged into "Other";
 *  2. while "Other" is non-empty but smaller than k, the smallest remaining cell joins it
 *     (ties: the later one in display order);
 *  3. if "Other" is still smaller than k, nothing is broken down at all (only the total is shown).
 * Afterwards every shown cell, including Other, has ≥ k members or is empty, and the total minus
 * the shown cells is either 0 or an unassigned remainder of ≥ k people.
 */

export const OTHER_GROUP_NAME = "Other (groups under k)";
export const OTHER_GROUP_ID = "other";

export interface CellPlan {
  /** ids of the cells shown as they are (display order kept) */
  kept: string[];
  /** ids of the cells merged into Other */
  merged: string[];
  /** whether the unassigned remainder was merged into Other */
  unassignedMerged: boolean;
  /** true when no breakdown may be shown at all */
  suppressed: boolean;
}

/** Decide which cells to show, merge or suppress. `cells` in display order; sizes ≥ 0. */
export function planCells(cells: readonly { id: string; n: number }[], unassigned: number, k: number): CellPlan {
  if (k <= 1) return { kept: cells.map((c) => c.id), merged: [], unassignedMerged: false, suppressed: false };
  const merged = new Set<string>();
  let other = 0;
  for (const c of cells) {
    if (c.n > 0 && c.n < k) {
      merged.add(c.id);
      other += c.n;
    }
  }
  const unassignedMerged = unassigned > 0 && unassigned < k;
  if (unassignedMerged) other += unassigned;
  while (other > 0 && other < k) {
    let smallest: { id: string; n: number } | null = null;
    for (const c of cells) if (c.n > 0 && !merged.has(c.id) && (smallest === null || c.n <= smallest.n)) smallest = c;
    if (!smallest) break;
    merged.add(smallest.id);
    other += smallest.n;
  }
  if (other > 0 && other < k) return { kept: [], merged: cells.map((c) => c.id), unassignedMerged, suppressed: true };
  return { kept: cells.filter((c) => !merged.has(c.id)).map((c) => c.id), merged: cells.filter((c) => merged.has(c.id)).map((c) => c.id), unassignedMerged, suppressed: false };
}

export interface ProtectedCategories<C extends { id: string; name: string }> {
  /** the categories to compute and show, in display order, "Other" last when present */
  categories: (C & { mergedFrom?: string[] })[];
  /** category id per member (null: unassigned or suppressed) */
  assignment: Map<string, string | null>;
  /** how many of the original categories were merged or suppressed */
  merged: number;
}

/**
 * Protect one categorisation of members (stakeholder groups, or regions) at the membership level.
 * `combine` makes the "Other" category out of the merged ones (e.g. summing target shares).
 */
export function protectCategories<C extends { id: string; name: string }>(
  categories: readonly C[],
  members: readonly { id: string; category: string | null }[],
  k: number,
  combine: (merged: C[]) => Omit<C, "id" | "name">,
): ProtectedCategories<C> {
  const known = new Set(categories.map((c) => c.id));
  const size = new Map<string, number>();
  let unassigned = 0;
  for (const m of members) {
    if (m.category !== null && known.has(m.category)) size.set(m.category, (size.get(m.category) ?? 0) + 1);
    else unassigned++;
  }
  const plan = planCells(categories.map((c) => ({ id: c.id, n: size.get(c.id) ?? 0 })), unassigned, k);
  const assignment = new Map<string, string | null>();
  if (plan.suppressed) {
    for (const m of members) assignment.set(m.id, null);
    return { categories: [], assignment, merged: categories.filter((c) => (size.get(c.id) ?? 0) > 0).length };
  }
  const mergedSet = new Set(plan.merged);
  const hasOther = plan.merged.length > 0 || plan.unassignedMerged;
  for (const m of members) {
    const c = m.category !== null && known.has(m.category) ? m.category : null;
    if (c === null) assignment.set(m.id, plan.unassignedMerged ? OTHER_GROUP_ID : null);
    else assignment.set(m.id, mergedSet.has(c) ? OTHER_GROUP_ID : c);
  }
  const kept = categories.filter((c) => !mergedSet.has(c.id));
  const mergedCategories = categories.filter((c) => mergedSet.has(c.id));
  const out: (C & { mergedFrom?: string[] })[] = [...kept];
  if (hasOther) out.push({ ...(combine(mergedCategories) as C), id: OTHER_GROUP_ID, name: OTHER_GROUP_NAME, mergedFrom: mergedCategories.map((c) => c.id) });
  return { categories: out, assignment, merged: mergedCategories.length };
}

/** A count cell of a per-statement breakdown (agree / disagree / pass of one group on one statement). */
export interface CountCell {
  name: string;
  agree: number;
  disagree: number;
  pass: number;
}

/**
 * Per-statement bars with k applied: cells with fewer than k votes are merged into Other (with the
 * votes of unassigned voters when those are fewer than k), complementary cells join until Other has
 * at least k votes, or no bar is shown at all. Returns the cells to show, in order, Other last.
 */
export function protectCountCells(cells: readonly CountCell[], unassigned: Omit<CountCell, "name">, k: number): CountCell[] {
  const n = (c: Omit<CountCell, "name">) => c.agree + c.disagree + c.pass;
  const plan = planCells(cells.map((c, i) => ({ id: String(i), n: n(c) })), n(unassigned), k);
  if (plan.suppressed) return [];
  const merged = new Set(plan.merged);
  const shown = cells.filter((_, i) => !merged.has(String(i))).map((c) => ({ ...c }));
  if (plan.merged.length > 0 || plan.unassignedMerged) {
    const other: CountCell = { name: OTHER_GROUP_NAME, agree: 0, disagree: 0, pass: 0 };
    for (const c of [...cells.filter((_, i) => merged.has(String(i))), ...(plan.unassignedMerged ? [unassigned] : [])]) {
      other.agree += c.agree;
      other.disagree += c.disagree;
      other.pass += c.pass;
    }
    shown.push(other);
  }
  return shown;
}
