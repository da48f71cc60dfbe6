/**
 * Recompute every number of a published report from its open-data bundle alone, through the same
 * pure functions the app uses (the results pipeline and the report model builder), and compare.
 * Pure: file texts in, a list of checks and mismatches out. `npm run verify` (verify-cli.ts) reads
 * the files and prints the outcome.
 */
import { buildReportModel } from "../report/build-report";
import type { ReportModel, ReportStatement } from "../report/report-types";
import { computeRoundConsensus } from "../results/round-consensus";
import { readOpenDataBundle, reportStatements, type PublishedReport, type ReadBundle } from "../report/open-data-bundle";
import { DISAGREE_REASONS } from "../deliberation/disagree-reasons";
import { OTHER_GROUP_NAME } from "../results/k-protection";

export interface Mismatch {
  /** the file holding the published value */
  file: string;
  /** the statement key (S1, …), participant or part of the report */
  where: string;
  field: string;
  published: unknown;
  recomputed: unknown;
  /** what the recomputed value comes from, when not the votes alone ("reasons.csv and the votes") */
  from?: string;
  /** a rule the published value breaks, said instead of a recomputed value */
  rule?: string;
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
  compare(file: string, where: string, field: string, published: unknown, recomputed: unknown, from?: string): void {
    const mismatch = (m: Mismatch) => this.mismatches.push(from ? { ...m, from } : m);
    if (typeof published === "number" && typeof recomputed === "number") {
      this.numbers++;
      if (!(Math.abs(published - recomputed) <= TOLERANCE * Math.max(1, Math.abs(recomputed)))) mismatch({ file, where, field, published, recomputed });
      return;
    }
    if (Array.isArray(published) && Array.isArray(recomputed)) {
      if (published.length !== recomputed.length) {
        mismatch({ file, where, field: `${field}.length`, published: published.length, recomputed: recomputed.length });
        return;
      }
      published.forEach((x, i) => this.compare(file, where, `${field}[${i}]`, x, recomputed[i], from));
      return;
    }
    if (published !== null && recomputed !== null && typeof published === "object" && typeof recomputed === "object" && !Array.isArray(published) && !Array.isArray(recomputed)) {
      const keys = new Set([...Object.keys(published), ...Object.keys(recomputed)]);
      for (const key of keys) this.compare(file, where, field ? `${field}.${key}` : key, (published as Record<string, unknown>)[key], (recomputed as Record<string, unknown>)[key], from);
      return;
    }
    if (published !== recomputed) mismatch({ file, where, field, published, recomputed });
  }

  /** A published value that breaks a rule (said in words) rather than differing from a recomputed one. */
  breaks(file: string, where: string, field: string, published: unknown, rule: string): void {
    this.mismatches.push({ file, where, field, published, recomputed: null, rule });
  }
}

/** The fields of a statement that are computed from the votes (texts, excerpts and movement are not). */
const STATEMENT_FIELDS = ["counts", "agreeRate", "passRate", "meanConfidence", "bridging", "balanced", "groupInformedConsensus", "classification", "reason", "reasonText", "sides", "groups"] as const;
const LATER_STATEMENT_FIELDS = ["consensusScore", "robustness", "mfIntercept"] as const;
const REASONS_FROM = "reasons.csv and the bundle's votes";

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
  // recomputed with the method the report was published with (absent: before the robustness checks)
  const { payload, opinionGroups } = computeRoundConsensus(source, "", "snapshot", report.methodology.method ?? 1);
  // the bundle has no reason per vote, only the published split: the report's code rebuilds the
  // split's main reason and sentence from it (protecting it again changes nothing)
  if (bundle.reasons) payload.statements.forEach((s, i) => (s.reasons = bundle.reasons!.get(i) ?? { given: 0, overall: zeroCounts(), groups: [] }));
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
    // fields added after the first bundles: compared when the report has them (the manifest's hashes keep them from being removed)
    for (const field of LATER_STATEMENT_FIELDS) if (s[field] !== undefined) c.compare("report.json", s.key, field, s[field], r[field]);
    if (bundle.reasons) c.compare("report.json", s.key, "disagreementReasons", s.disagreementReasons, r.disagreementReasons, REASONS_FROM);
    const section = (Object.keys(SECTION_OF) as ReportStatement["classification"][]).map((k) => SECTION_OF[k]).find((name) => report[name].some((x) => x.key === s.key));
    if (section !== SECTION_OF[r.classification]) c.mismatches.push({ file: "report.json", where: s.key, field: "section", published: section, recomputed: SECTION_OF[r.classification] });
  }
  checked.push(`${published.length} statements: counts, agree and pass rates, mean confidence, bridging and balanced agreement, group-informed consensus${published.some((s) => s.consensusScore !== undefined) ? " and the consensus score" : ""}, per-group bars with 95% intervals (k-protected), classification with its reason and sides, and the section each is listed in (${c.numbers - before} numbers)`);
  if (published.some((s) => s.movement.length > 0)) notRecomputable.push("movement since earlier rounds (it compares with earlier rounds' bundles)");
  if (published.some((s) => s.carriedOver)) notRecomputable.push("where carried-over red lines came from and their result there (carriedOver): it comes from another deliberation's published report");

  const split = checkReasons(c, bundle, payload, published);
  if (split.checked) checked.push(split.checked);
  if (split.notRecomputable) notRecomputable.push(split.notRecomputable);

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
  if (report.methodology.participation !== undefined) c.compare("report.json", "methodology", "participation", report.methodology.participation, rebuilt.methodology.participation);
  // method 2: the robustness checks, the map's stability and unusual ballots, recomputed with the same seeded bootstrap
  if (report.methodology.robustness !== undefined) c.compare("report.json", "methodology", "robustness", report.methodology.robustness, rebuilt.methodology.robustness);
  if (report.robustness !== undefined) c.compare("report.json", "robustness", "robustness", report.robustness, rebuilt.robustness);
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
  if (m.rule) return `${m.file}: ${m.where} ${m.field} is ${show(m.published)}, but ${m.rule}`;
  return `${m.file}: ${m.where} ${m.field} is ${show(m.published)}, but ${m.from ?? "the bundle's votes"} give ${show(m.recomputed)}`;
}

const zeroCounts = () => Object.fromEntries(DISAGREE_REASONS.map((r) => [r, 0])) as Record<(typeof DISAGREE_REASONS)[number], number>;

/**
 * reasons.csv against the votes and the rules the report follows: only cruxes are split; a row's
 * counts add up to its `given`; no group (and no statement) has more reasons than disagree and pass
 * votes; every group shown has at least k reasons, and what the groups leave out of the total is 0
 * or at least k (so no hidden group can be recovered by subtraction). Which voter gave which reason
 * is not published, so the split itself cannot be recounted from single votes (decision 043).
 */
function checkReasons(c: Comparer, bundle: ReadBundle, payload: ReturnType<typeof computeRoundConsensus>["payload"], published: ReturnType<typeof reportStatements>) {
  const withSplit = published.filter((s) => s.disagreementReasons).map((s) => s.key);
  if (!bundle.reasons) {
    return {
      notRecomputable: `the split of cruxes by disagreement reason: no reasons in this bundle (its format, ${bundle.manifest.format}, predates reasons.csv)${withSplit.length ? `; report.json splits ${withSplit.join(", ")} and that split is not checked` : ""}`,
    };
  }
  const k = bundle.source.minGroupSize;
  const mark = c.numbers;
  for (const [i, split] of [...bundle.reasons.entries()].sort((a, b) => a[0] - b[0])) {
    const s = payload.statements[i]!;
    const key = `S${i + 1}`;
    if (s.classification !== "disagreement") c.breaks("reasons.csv", key, "rows", split.given, `${key} is not a point of disagreement (its votes give ${s.classification}), and only cruxes are split by reason`);
    const rows = [{ name: "all", ...split, counts: split.overall }, ...split.groups];
    for (const row of rows) {
      const sum = DISAGREE_REASONS.reduce((t, r) => t + row.counts[r], 0);
      c.numbers++;
      if (sum !== row.given) c.breaks("reasons.csv", key, `${row.name} given`, row.given, `its reasons add up to ${sum}`);
    }
    const against = s.overall.disagree + s.overall.pass;
    c.numbers++;
    if (split.given > against) c.breaks("reasons.csv", key, "all given", split.given, `only ${against} votes on ${key} are disagree or pass`);
    let named = 0;
    let otherGiven = 0;
    for (const g of split.groups) {
      c.numbers++;
      if (k > 1 && g.given < k) c.breaks("reasons.csv", key, `${g.name} given`, g.given, `a group with fewer than k = ${k} reasons must not be shown on its own (the report merges it into ${OTHER_GROUP_NAME})`);
      if (g.name === OTHER_GROUP_NAME) {
        otherGiven += g.given;
        continue;
      }
      const stat = s.groups.find((x) => x.name === g.name);
      const cast = stat ? stat.disagree + stat.pass : 0;
      named += cast;
      if (g.given > cast) c.breaks("reasons.csv", key, `${g.name} given`, g.given, `${g.name} cast only ${cast} disagree or pass votes on ${key}`);
    }
    if (otherGiven > against - named) c.breaks("reasons.csv", key, `${OTHER_GROUP_NAME} given`, otherGiven, `the voters outside the groups shown cast only ${against - named} disagree or pass votes on ${key}`);
    const inGroups = split.groups.reduce((t, g) => t + g.given, 0);
    const rest = split.given - inGroups;
    // no group rows at all is allowed (the report then shows only the total)
    if (rest < 0 || (k > 1 && split.groups.length > 0 && rest > 0 && rest < k)) c.breaks("reasons.csv", key, "groups' given", inGroups, `the total is ${split.given}, which leaves ${rest}: what the groups leave out must be 0 or at least k = ${k}`);
    for (const r of DISAGREE_REASONS) {
      const sum = split.groups.reduce((t, g) => t + g.counts[r], 0);
      if (sum > split.overall[r]) c.breaks("reasons.csv", key, `groups' ${r}`, sum, `the "all" row counts only ${split.overall[r]}`);
    }
  }
  const cruxes = payload.statements.filter((s) => s.classification === "disagreement").length;
  return {
    checked: `reasons of ${bundle.reasons.size} of ${cruxes} cruxes: reasons.csv against the votes (no more reasons than disagree and pass votes, per group), k (every group shown has at least k reasons, nothing hidden can be recovered by subtraction), and report.json's split, main reason and sentence (${c.numbers - mark} numbers)`,
  };
}
