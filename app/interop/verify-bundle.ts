/**
 * Recompute every number of a published report from its open-data bundle alone, through the same
 * pure functions the app uses (the results pipeline and the report model builder), and compare.
 * Pure: file texts in, a list of checks and mismatches out. `npm run verify` (verify-cli.ts) reads
 * the files and prints the outcome.
 */
import { buildReportModel } from "../report/build-report";
import type { ReportModel, ReportStatement } from "../report/report-types";
import { computeRoundConsensus } from "../results/round-consensus";
import { readOpenDataBundle, reportStatements, type PublishedReport } from "../report/open-data-bundle";

export interface Mismatch {
  /** the file holding the published value */
  file: string;
  /** the statement key (S1, …), participant or part of the report */
  where: string;
  field: string;
  published: unknown;
  recomputed: unknown;
}

export interface Verification {
  contentHash: string;
  /** numbers compared (every numeric value, each count and rate) */
  numbers: number;
  statements: number;
  /** what was checked, one line each */
  checked: string[];
  /** published numbers the bundle alone cannot reproduce (and why) */
  notRecomputable: string[];
  mismatches: Mismatch[];
}

const TOLERANCE = 1e-9;

class Comparer {
  numbers = 0;
  mismatches: Mismatch[] = [];

  /** Compare a published value with the recomputed one, leaf by leaf; numbers within 1e-9. */
  compare(file: string, where: string, field: string, published: unknown, recomputed: unknown): void {
    if (typeof published === "number" && typeof recomputed === "number") {
      this.numbers++;
      if (!(Math.abs(published - recomputed) <= TOLERANCE * Math.max(1, Math.abs(recomputed)))) this.mismatches.push({ file, where, field, published, recomputed });
      return;
    }
    if (Array.isArray(published) && Array.isArray(recomputed)) {
      if (published.length !== recomputed.length) {
        this.mismatches.push({ file, where, field: `${field}.length`, published: published.length, recomputed: recomputed.length });
        return;
      }
      published.forEach((x, i) => this.compare(file, where, `${field}[${i}]`, x, recomputed[i]));
      return;
    }
    if (published !== null && recomputed !== null && typeof published === "object" && typeof recomputed === "object" && !Array.isArray(published) && !Array.isArray(recomputed)) {
      const keys = new Set([...Object.keys(published), ...Object.keys(recomputed)]);
      for (const key of keys) this.compare(file, where, field ? `${field}.${key}` : key, (published as Record<string, unknown>)[key], (recomputed as Record<string, unknown>)[key]);
      return;
    }
    if (published !== recomputed) this.mismatches.push({ file, where, field, published, recomputed });
  }
}

/** The fields of a statement that are computed from the votes (texts, excerpts and movement are not). */
const STATEMENT_FIELDS = ["counts", "agreeRate", "passRate", "meanConfidence", "bridging", "balanced", "groupInformedConsensus", "classification", "reason", "reasonText", "sides", "groups"] as const;

const SECTION_OF: Record<ReportStatement["classification"], keyof Pick<ReportModel, "agreement" | "disagreement" | "uncertainty" | "noConsensus" | "insufficient">> = {
  agreement: "agreement",
  disagreement: "disagreement",
  uncertainty: "uncertainty",
  no_consensus: "noConsensus",
  insufficient_data: "insufficient",
};

/** The report model rebuilt from the bundle: the pipeline on the bundle's data, texts from report.json. */
function rebuildReport(report: PublishedReport, payload: ReturnType<typeof computeRoundConsensus>["payload"]): ReportModel {
  const statements = reportStatements(report);
  return buildReportModel({
    deliberation: { ...report.deliberation, attributionMode: report.methodology.attributionMode, groups: payload.groups.map((g) => ({ name: g.name, targetShare: g.targetShare })) },
    round: { ...report.round, phase: "closed" },
    rounds: report.rounds,
    consensus: payload,
    versions: statements.map((s, i) => ({
      versionId: String(i),
      proposalId: `proposal-${s.proposalNumber}`,
      proposalNumber: s.proposalNumber,
      versionNumber: s.versionNumber,
      title: s.title,
      statement: s.statement,
      category: s.category,
      scope: s.scope,
      indicator: s.indicator,
      // the report shows value and unit joined; joining again changes nothing
      thresholdValue: s.threshold,
      thresholdUnit: "",
      trigger: s.trigger,
      response: s.response,
      evidenceLinks: s.evidenceLinks,
    })),
    // the deliberation's category names as published (they are texts, not numbers)
    categoryLabels: Object.fromEntries(statements.map((s) => [s.category, s.categoryLabel])),
    comments: [],
    movement: {},
    namesToRedact: [],
    summary: report.summary,
    sectionNotes: report.sectionNotes,
    generatedAt: "",
  });
}

/**
 * Verify a bundle. Throws BundleError when a file is missing, changed (integrity) or unreadable;
 * otherwise returns every check made and every mismatch, naming the file, statement and field.
 */
export function verifyOpenDataBundle(files: Record<string, string>): Verification {
  const bundle = readOpenDataBundle(files);
  const { report, source } = bundle;
  const { payload, opinionGroups } = computeRoundConsensus(source, "", "snapshot");
  const rebuilt = rebuildReport(report, payload);
  const c = new Comparer();
  const checked: string[] = [`every file matches manifest.json (${bundle.manifest.files.length} files, SHA-256 and size); content hash ${bundle.contentHash}`];
  const notRecomputable: string[] = [];

  // Statements: every number and the codification, by key, and the section each one is in.
  const published = reportStatements(report);
  const again = new Map(reportStatements(rebuilt).map((s) => [s.key, s]));
  const before = c.numbers;
  for (const s of published) {
    const r = again.get(s.key);
    if (!r) {
      c.mismatches.push({ file: "report.json", where: s.key, field: "key", published: s.key, recomputed: null });
      continue;
    }
    for (const field of STATEMENT_FIELDS) c.compare("report.json", s.key, field, s[field], r[field]);
    const section = (Object.keys(SECTION_OF) as ReportStatement["classification"][]).map((k) => SECTION_OF[k]).find((name) => report[name].some((x) => x.key === s.key));
    if (section !== SECTION_OF[r.classification]) c.mismatches.push({ file: "report.json", where: s.key, field: "section", published: section, recomputed: SECTION_OF[r.classification] });
  }
  checked.push(`${published.length} statements: counts, agree and pass rates, mean confidence, bridging and balanced agreement, group-informed consensus, per-group bars with 95% intervals (k-protected), classification with its reason and sides, and the section each is listed in (${c.numbers - before} numbers)`);
  if (published.some((s) => s.movement.length > 0)) notRecomputable.push("movement since earlier rounds (it compares with earlier rounds' bundles)");

  let mark = c.numbers;
  c.compare("report.json", "participation", "participants", report.participation.participants, rebuilt.participation.participants);
  c.compare("report.json", "participation", "voters", report.participation.voters, rebuilt.participation.voters);
  c.compare("report.json", "participation", "byGroup", report.participation.byGroup, rebuilt.participation.byGroup);
  c.compare("report.json", "participation", "byRegion", report.participation.byRegion, rebuilt.participation.byRegion);
  c.compare("report.json", "participation", "suppressed.k", report.participation.suppressed.k, source.minGroupSize);
  checked.push(`participation: participants and voters, by stakeholder group and by region (${c.numbers - mark} numbers)`);
  notRecomputable.push("how many original groups and regions were merged into Other (participation.suppressed): the groups under k are not published");

  mark = c.numbers;
  c.compare("report.json", "opinion map", "k", report.opinionMap.k, rebuilt.opinionMap.k);
  c.compare("report.json", "opinion map", "groupSizes", report.opinionMap.groupSizes, rebuilt.opinionMap.groupSizes);
  c.compare("report.json", "opinion map", "points", report.opinionMap.points, rebuilt.opinionMap.points);
  checked.push(`opinion map: k = ${rebuilt.opinionMap.k}, group sizes and ${rebuilt.opinionMap.points.length} points (${c.numbers - mark} numbers)`);

  mark = c.numbers;
  c.compare("report.json", "taxonomy", "taxonomy", report.taxonomy, rebuilt.taxonomy);
  for (const key of ["process", "votingScale", "weighting", "opinionGroups", "attributionRule"] as const) {
    c.compare("report.json", "methodology", key, report.methodology[key], rebuilt.methodology[key]);
  }
  checked.push(`taxonomy counts and the methodology's sentences (thresholds, weights, opinion groups and silhouette) (${c.numbers - mark} numbers)`);

  // The CSV files' own numbers.
  mark = c.numbers;
  bundle.comments.forEach((x, i) => {
    const s = payload.statements[i]!;
    c.compare("comments.csv", `comment ${x.id}`, "agrees", x.agrees, s.overall.agree);
    c.compare("comments.csv", `comment ${x.id}`, "disagrees", x.disagrees, s.overall.disagree);
  });
  const votesOf = new Map<string, Map<string, number>>();
  for (const v of source.votes) {
    const row = votesOf.get(v.voterId) ?? new Map<string, number>();
    row.set(v.versionId, v.choice === "agree" ? 1 : v.choice === "disagree" ? -1 : 0);
    votesOf.set(v.voterId, row);
  }
  const pvIds = new Set(bundle.participantsVotes.keys());
  const voterIds = new Set(source.voters.map((v) => v.id));
  for (const voter of source.voters) if (!pvIds.has(voter.id)) c.mismatches.push({ file: "participants-votes.csv", where: `participant ${voter.id}`, field: "row", published: null, recomputed: "a row" });
  for (const [id, row] of bundle.participantsVotes) {
    const mine = votesOf.get(id) ?? new Map<string, number>();
    if (!voterIds.has(id)) {
      c.mismatches.push({ file: "participants-votes.csv", where: `participant ${id}`, field: "row", published: "a row", recomputed: "not in participants.csv" });
      continue;
    }
    const values = [...mine.values()];
    c.compare("participants-votes.csv", `participant ${id}`, "group-id", row.group, opinionGroups[id] ?? null);
    c.compare("participants-votes.csv", `participant ${id}`, "n-comments", row.nComments, 0);
    c.compare("participants-votes.csv", `participant ${id}`, "n-votes", row.nVotes, values.length);
    c.compare("participants-votes.csv", `participant ${id}`, "n-agree", row.nAgree, values.filter((x) => x === 1).length);
    c.compare("participants-votes.csv", `participant ${id}`, "n-disagree", row.nDisagree, values.filter((x) => x === -1).length);
    bundle.comments.forEach((x, j) => {
      const cell = row.cells[j]!;
      c.compare("participants-votes.csv", `participant ${id}`, `comment ${x.id}`, cell === "" ? null : Number(cell), mine.get(x.id) ?? null);
    });
  }
  const summaryNumber = (key: string) => {
    const raw = bundle.summary.get(key);
    return raw === undefined || raw.trim() === "" ? raw : Number(raw);
  };
  const expectedSummary: [string, number][] = [
    ["voters", payload.voters],
    ["voters-in-conv", Object.keys(opinionGroups).length],
    ["commenters", 0],
    ["comments", payload.statements.length],
    ["groups", payload.opinion.k],
    ["round", report.round.number],
    ["k", source.minGroupSize],
  ];
  for (const [key, value] of expectedSummary) c.compare("summary.csv", "summary", key, summaryNumber(key), value);
  checked.push(`comments.csv agree/disagree counts, participants-votes.csv (opinion group of every participant, vote counts, every cell) and summary.csv (${c.numbers - mark} numbers)`);

  return { contentHash: bundle.contentHash, numbers: c.numbers, statements: published.length, checked, notRecomputable, mismatches: c.mismatches };
}

/** One line per mismatch: where, which field, what the file says and what the bundle gives. */
export function describeMismatch(m: Mismatch): string {
  const show = (x: unknown) => (x === undefined ? "nothing" : JSON.stringify(x));
  return `${m.file}: ${m.where} ${m.field} is ${show(m.published)}, but the bundle's votes give ${show(m.recomputed)}`;
}
