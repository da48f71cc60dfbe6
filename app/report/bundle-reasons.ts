/**
 * reasons.csv of the open-data bundle (docs/open-data-bundle.md, decision 043): why people disagreed
 * or passed, per crux, as counts — exactly the k-protected split the report shows, never one row per
 * voter, so the bundle reveals no more about reasons than the report does. Pure.
 */
import { DISAGREE_REASONS, type DisagreeReason } from "../deliberation/disagree-reasons";
import { formatCsv, parseCsv } from "../formats/csv";
import { countReasons, protectReasons, type ReasonBreakdown } from "../results/disagreement-reasons";
import { OTHER_GROUP_NAME } from "../results/k-protection";
import type { ProtectedGrouping } from "../results/round-consensus";

export const REASONS_HEADER = ["comment-id", "level", "stakeholder-group", "given", ...DISAGREE_REASONS] as const;

/** A problem in reasons.csv, reported by the bundle reader as an unreadable file. */
export class ReasonsFileError extends Error {}

/**
 * One `all` row per crux with at least one reason, then one `group` row per stakeholder group the
 * report shows for it (display order, "Other" last), with the report's k-protection applied.
 * `cruxes[i]` says whether the i-th ballot statement is a point of disagreement in the report.
 */
export function writeReasonsCsv(input: {
  ballot: readonly { versionId: string }[];
  votes: readonly { voterId: string; versionId: string; reason?: DisagreeReason }[];
  grouping: ProtectedGrouping;
  cruxes: readonly boolean[];
  k: number;
}): string {
  const byVersion = new Map<string, { voterId: string; reason?: DisagreeReason }[]>();
  for (const v of input.votes) {
    if (!v.reason) continue;
    const list = byVersion.get(v.versionId) ?? [];
    list.push(v);
    byVersion.set(v.versionId, list);
  }
  const rows: (string | number)[][] = [];
  input.ballot.forEach((b, i) => {
    if (!input.cruxes[i]) return;
    const counted = countReasons(byVersion.get(b.versionId) ?? [], input.grouping.groups.categories, (id) => input.grouping.groups.assignment.get(id) ?? null);
    const shown = protectReasons(counted, input.k);
    if (shown.given === 0) return;
    rows.push([i, "all", "", shown.given, ...DISAGREE_REASONS.map((r) => shown.overall[r])]);
    for (const g of shown.groups) rows.push([i, "group", g.name, g.given, ...DISAGREE_REASONS.map((r) => g.counts[r])]);
  });
  return formatCsv([[...REASONS_HEADER], ...rows]);
}

/**
 * Read reasons.csv back: statement index (comment-id) → its split as published. Throws
 * ReasonsFileError with a sentence for a file that does not follow the format.
 */
export function readReasonsCsv(text: string, statements: number, groupNames: ReadonlySet<string>): Map<number, ReasonBreakdown> {
  const [rawHeader, ...rows] = parseCsv(text);
  const header = (rawHeader ?? []).map((h) => h.trim());
  for (const name of REASONS_HEADER) if (!header.includes(name)) throw new ReasonsFileError(`reasons.csv has no "${name}" column.`);
  const col = (name: string) => header.indexOf(name);
  const count = (row: string[], name: string, line: number) => {
    const raw = (row[col(name)] ?? "").trim();
    if (!/^\d+$/.test(raw)) throw new ReasonsFileError(`reasons.csv, row ${line}: ${name} "${raw}" is not a whole number of 0 or more.`);
    return Number(raw);
  };
  const out = new Map<number, ReasonBreakdown>();
  rows.forEach((row, n) => {
    if (row.length === 1 && row[0] === "") return;
    const line = n + 2;
    const id = (row[col("comment-id")] ?? "").trim();
    if (!/^\d+$/.test(id) || Number(id) >= statements) throw new ReasonsFileError(`reasons.csv, row ${line}: comment ${id} is not in comments.csv.`);
    const level = (row[col("level")] ?? "").trim();
    const name = row[col("stakeholder-group")] ?? "";
    const given = count(row, "given", line);
    const counts = Object.fromEntries(DISAGREE_REASONS.map((r) => [r, count(row, r, line)])) as Record<DisagreeReason, number>;
    const entry = out.get(Number(id));
    if (level === "all") {
      if (entry) throw new ReasonsFileError(`reasons.csv, row ${line}: comment ${id} has a second "all" row.`);
      if (name !== "") throw new ReasonsFileError(`reasons.csv, row ${line}: an "all" row names no stakeholder group.`);
      out.set(Number(id), { given, overall: counts, groups: [] });
    } else if (level === "group") {
      if (!entry) throw new ReasonsFileError(`reasons.csv, row ${line}: comment ${id}'s group rows must follow its "all" row.`);
      if (!groupNames.has(name) && name !== OTHER_GROUP_NAME) throw new ReasonsFileError(`reasons.csv, row ${line}: stakeholder group "${name}" is not in groups.csv.`);
      // "Other" may appear twice: the grouping's own Other and the one the split merges into (as in the report)
      if (name !== OTHER_GROUP_NAME && entry.groups.some((g) => g.name === name)) throw new ReasonsFileError(`reasons.csv, row ${line}: comment ${id} lists ${name} twice.`);
      entry.groups.push({ name, given, counts });
    } else throw new ReasonsFileError(`reasons.csv, row ${line}: level "${level}" is neither all nor group.`);
  });
  return out;
}
