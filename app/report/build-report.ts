/**
 * Builds the consensus report model (schema v1) from plain data. PURE and deterministic: no
 * database, no clock (generatedAt comes from the input), stable ordering everywhere.
 *
 * Privacy rules applied here (the loader must still pass only what it may pass):
 *  - no participant identifier is copied into the model: no ids, names, emails or pseudonyms;
 *  - every breakdown by group or region is k-protected (app/results/k-protection.ts): the
 *    participation rows arrive protected with the round's results, and per-statement bars with
 *    fewer than k votes are merged into "Other (groups under k)" with complementary suppression;
 *  - comment excerpts are unattributed, trimmed, and every name in `namesToRedact` (and any email
 *    address) is replaced by "[name removed]".
 */
import type { Reason } from "../consensus/codify";
import type { Movement } from "../consensus/movement";
import type { Thresholds } from "../consensus/types";
import { OTHER_GROUP_NAME } from "../results/k-protection";
import { cruxReasonSentence, mainReason, protectReasons } from "../results/disagreement-reasons";
import { protectedBars, type RoundConsensus, type StatementResult } from "../results/round-consensus";
import type { TFunction } from "i18next";
import { i18n } from "../i18n/i18n";
import { en } from "../i18n/en";
import { reasonSentence } from "../ui/reason-text";
import type { CarriedOverFacts, ReportGroupBar, ReportModel, ReportStatement } from "./report-types";
import { makeRedactor } from "./redact-names";
import { buildProcessEvents, type ProcessEventsInput } from "./process-events";
import { nameableRobustness } from "../results/headline";
import { robustnessSentence } from "../results/robustness-sentence";
import { reportFormat } from "./report-format";
import { robustnessMethodText } from "./robustness-text";
import type { ReportRobustness } from "./report-types";

export { COMMON_WORDS, makeRedactor, NAME_REMOVED, redactNames } from "./redact-names";

export const OTHER_GROUPS_LABEL = OTHER_GROUP_NAME;
export const EXCERPT_MAX_CHARS = 280;
export const EXCERPTS_PER_SIDE = 2;

/**
 * The model is data (hashed when published): its sentences are always English, whatever the
 * request's language; the report outline (report-outline.ts) renders them in other languages.
 */
// cast, not annotated: checking i18next's generic TFunction against the typed one instantiates every key (tsc crawls)
const englishT = i18n.getFixedT("en") as unknown as TFunction;
const modelT = (key: string, options?: Record<string, unknown>) => String((englishT as unknown as (k: string, o?: Record<string, unknown>) => string)(key, options));

export const CHATHAM_HOUSE_STATEMENT = modelT("reportOutline.method.attributionRule.chatham_house");

export type SectionKey = "agreement" | "disagreement" | "uncertainty" | "movement" | "appendix";

/** One frozen proposal version on the round's ballot, with the texts the report shows. */
export interface ReportVersionInput {
  versionId: string;
  proposalId: string;
  /** stable number of the proposal within the deliberation (1-based, in order of creation) */
  proposalNumber: number;
  versionNumber: number;
  title: string;
  statement: string;
  category: string;
  scope: string;
  indicator: string;
  thresholdValue: string;
  thresholdUnit: string;
  trigger: string;
  response: string;
  evidenceLinks: string[];
}

export interface ParticipationRow {
  name: string;
  participants: number;
  voters: number;
}

export interface ReportInput {
  deliberation: {
    title: string;
    question: string;
    description: string;
    /** who convened the assembly, as it should appear on the cover (never a participant's name in chatham_house / anonymous) */
    convener: string;
    attributionMode: "named" | "chatham_house" | "anonymous";
    /** stakeholder groups with their target share (for the weighting sentence) */
    groups: { name: string; targetShare: number }[];
  };
  round: { number: number; phase: "proposing" | "discussing" | "voting" | "closed"; openedAt: string; votingOpenedAt: string | null; closedAt: string | null };
  /** number of rounds the deliberation has had so far */
  rounds: number;
  /** the round's results (statements in ballot order; participation and k from the round's snapshot) */
  consensus: RoundConsensus;
  /** the ballot's versions (any order; matched by versionId) */
  versions: ReportVersionInput[];
  /** visible (not hidden, not deleted) comments per ballot version; only supports / opposes are used */
  comments: { versionId: string; stance: string; body: string }[];
  /** round-over-round movement per proposal id (from movementFor) */
  movement: Record<string, Movement[]>;
  /** the deliberation's names for its categories, by key (a key not named here gets the seed taxonomy's label) */
  categoryLabels?: Record<string, string>;
  /** every participant display name and pseudonym: replaced in excerpts */
  namesToRedact: string[];
  summary: string;
  sectionNotes: Partial<Record<SectionKey, string>>;
  generatedAt: string;
  /** the action log's process events up to the round's close (or now, for a preview) */
  processEvents?: ProcessEventsInput;
  /** per proposal id: the earlier deliberation a carried red line came from (app/continuity) */
  carriedOver?: Record<string, CarriedOverInput>;
}

export interface CarriedOverInput {
  fromTitle: string;
  fromRound: number;
  /** null when that round's result was not published publicly */
  result: { agreeRate: number | null; classification: NonNullable<CarriedOverFacts["classification"]> } | null;
  reportPath: string | null;
}

/** The "carried over from …" facts and sentence of one statement. */
export function carriedOverFacts(c: CarriedOverInput): CarriedOverFacts {
  const sentence = c.result
    ? modelT("continuity.report.carriedWith", {
        title: c.fromTitle,
        rate: c.result.agreeRate === null ? modelT("continuity.report.noRate") : pct(c.result.agreeRate),
        classification: modelT(`consensus.classificationShort.${c.result.classification}`),
        round: c.fromRound,
      })
    : modelT("continuity.report.carriedWithout", { title: c.fromTitle, round: c.fromRound });
  return { from: c.fromTitle, round: c.fromRound, agreeRate: c.result?.agreeRate ?? null, classification: c.result?.classification ?? null, reportPath: c.reportPath, sentence };
}

// ------------------------------------------------------------------------------------ helpers

const pct = (x: number) => `${Math.round(x * 1000) / 10}%`;
const byString = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function taxonomyLabel(key: string, named: Record<string, string> = {}): string {
  if (key === "") return modelT("proposing.notSpecified");
  if (named[key] !== undefined) return named[key];
  const labels = en.taxonomy as Record<string, string>;
  const [top] = key.split(".");
  const topLabel = top ? labels[top] : undefined;
  const subLabel = labels[key];
  if (topLabel && subLabel && key.includes(".")) return `${topLabel} › ${subLabel}`;
  return subLabel ?? topLabel ?? key;
}

/** Per-statement group bars as published: k-protected (cells under k merged, complementary suppression). */
export function groupBars(s: Pick<StatementResult, "groups" | "overall">, k: number): ReportGroupBar[] {
  return protectedBars(s.groups, s.overall, k).map((b) => ({ name: b.name, n: b.n, agreeRate: b.agreeRate, interval: b.interval }));
}

/** Collapse whitespace and trim to at most `max` characters at a word boundary, ending with "…". */
export function trimExcerpt(text: string, max = EXCERPT_MAX_CHARS): string {
  const flat = text.replace(/\s+/g, " ").trim();
  if (flat.length <= max) return flat;
  const room = flat.slice(0, max - 1);
  const cut = room.lastIndexOf(" ");
  const head = (cut > max / 2 ? room.slice(0, cut) : room).replace(/[\s.,;:!?-]+$/u, "");
  return `${head}…`;
}

/** The longest visible comments of one stance, redacted and trimmed (ties broken by text). */
export function strongestExcerpts(comments: readonly { stance: string; body: string }[], stance: "supports" | "opposes", redact: (text: string) => string): string[] {
  return comments
    .filter((c) => c.stance === stance && c.body.trim().length > 0)
    .map((c) => c.body.replace(/\s+/g, " ").trim())
    .sort((a, b) => b.length - a.length || byString(a, b))
    .slice(0, EXCERPTS_PER_SIDE)
    .map((body) => trimExcerpt(redact(body)));
}

// ------------------------------------------------------------------------------------ methodology

function dateOnly(iso: string | null): string {
  return iso ? iso.slice(0, 10) : "—";
}

function methodologyFor(input: ReportInput, redact: (text: string) => string, robustness: ReportRobustness | null): ReportModel["methodology"] {
  const th: Thresholds = input.consensus.thresholds;
  const r = input.round;
  const k = input.consensus.minGroupSize;
  const status =
    r.phase === "closed"
      ? modelT("reportOutline.method.statusClosed", { round: r.number, opened: dateOnly(r.openedAt), voting: dateOnly(r.votingOpenedAt), closed: dateOnly(r.closedAt) })
      : modelT("reportOutline.method.statusOpen", { round: r.number, opened: dateOnly(r.openedAt), phase: r.phase });
  const process = modelT("reportOutline.method.processText", { round: r.number, rounds: input.rounds, status });
  const votingScale = modelT("reportOutline.method.votingScaleText", {
    overall: pct(th.agreementOverall),
    groupRate: pct(th.agreementGroupRate),
    lowerBound: pct(th.agreementLowerBound),
    spread: Math.round(th.disagreementSpread * 100),
    passRate: pct(th.uncertaintyPassRate),
    confidence: th.uncertaintyConfidence,
    width: Math.round(th.uncertaintyIntervalWidth * 100),
    minVotes: th.minVotes,
    minGroup: th.minGroupSize,
  });

  const shares = input.deliberation.groups
    .filter((g) => g.targetShare > 0)
    .map((g) => modelT("reportOutline.method.share", { name: g.name, share: pct(g.targetShare) }))
    .join(", ");
  const weighting = modelT("reportOutline.method.weightingText", { shares: shares ? modelT("reportOutline.method.shares", { list: shares }) : "", k, other: OTHER_GROUPS_LABEL });

  const o = input.consensus.opinion;
  const compared = input.consensus.statements[0]?.comparedBy ?? "stakeholder_groups";
  const opinionGroups = [
    modelT("reportOutline.method.opinionGroupsText"),
    o.k > 0
      ? o.silhouette !== null
        ? modelT("reportOutline.method.groupsFoundSilhouette", { k: o.k, sizes: o.groupSizes.join(", "), silhouette: o.silhouette.toFixed(2) })
        : modelT("reportOutline.method.groupsFound", { k: o.k, sizes: o.groupSizes.join(", ") })
      : modelT("reportOutline.method.noOpinionGroups"),
    modelT(compared === "opinion_groups" ? "reportOutline.method.comparedByOpinion" : "reportOutline.method.comparedByStakeholder"),
  ].join(" ");

  const mode = input.deliberation.attributionMode;
  const attributionRule = modelT(`reportOutline.method.attributionRule.${mode}`);

  return {
    process,
    votingScale,
    thresholds: { ...th },
    weighting,
    opinionGroups,
    attributionMode: mode,
    attributionRule,
    participation: participationSentence(input),
    ...(input.consensus.method === 2 ? { method: 2 as const } : {}),
    ...(robustness ? { robustness: robustnessMethodText(robustness, k, englishT, englishFormat) } : {}),
    ...(input.processEvents ? { processEvents: buildProcessEvents(input.processEvents, redact) } : {}),
  };
}

/**
 * Who took part (voted) against who was invited to vote (the round's eligible members), overall and
 * per stakeholder group and region, from the participation rows (already k-protected), with each
 * group's target share for comparison. Only what the open-data bundle holds, so `npm run verify`
 * can recompute it (how many groups were merged is not published: the suppression note says so).
 */
function participationSentence(input: ReportInput): string {
  const c = input.consensus;
  const target = new Map(input.deliberation.groups.map((g) => [g.name, g.targetShare]));
  const list = (rows: ParticipationRow[], withTarget: boolean) =>
    rows
      .filter((r) => r.participants > 0)
      .map((r) => {
        const t = withTarget ? target.get(r.name) : undefined;
        const ofVoters = c.voters > 0 ? modelT("reportOutline.method.turnoutOfVoters", { rate: pct(r.voters / c.voters) }) : "";
        const targetText = t !== undefined && t > 0 ? modelT("reportOutline.method.turnoutTarget", { share: pct(t), ofVoters }) : "";
        return modelT("reportOutline.method.turnoutRow", { name: r.name, voters: r.voters, invited: r.participants, target: targetText });
      })
      .join(modelT("reportOutline.method.turnoutListSeparator"));
  const rate = c.participants > 0 ? modelT("reportOutline.method.turnoutRate", { rate: pct(c.voters / c.participants) }) : "";
  const parts = [modelT("reportOutline.method.turnout", { invited: c.participants, voters: c.voters, rate })];
  if (c.participation.byGroup.some((r) => r.participants > 0)) parts.push(modelT("reportOutline.method.turnoutByGroup", { list: list(c.participation.byGroup, true) }));
  if (c.participation.byRegion.some((r) => r.participants > 0)) parts.push(modelT("reportOutline.method.turnoutByRegion", { list: list(c.participation.byRegion, false) }));
  return parts.join(" ");
}

// ------------------------------------------------------------------------------------ build

const reasonT = englishT;

function reportReasons(reasons: NonNullable<StatementResult["reasons"]>, sides: StatementResult["sides"], k: number): NonNullable<ReportStatement["disagreementReasons"]> {
  const shown = protectReasons(reasons, k);
  return { given: shown.given, main: mainReason(shown.overall), sentence: cruxReasonSentence(shown, sides, reasonT), overall: { ...shown.overall }, groups: shown.groups.map((g) => ({ name: g.name, given: g.given, counts: { ...g.counts } })) };
}

const englishFormat = reportFormat("en", "—");

/** A statement's robustness as the public may read it (groups and regions named as the bars allow), with its English sentence. */
function reportRobustness(s: StatementResult, k: number): NonNullable<ReportStatement["robustness"]> {
  const r = nameableRobustness(s, k);
  return { robust: r.robust, bootstrapShare: r.bootstrapShare, because: r.because.map((b) => ({ ...b })), text: robustnessSentence(r, s.classification, englishT, { percent: englishFormat.pct }) };
}

/** The robustness checks in numbers, for the appendix and the methodology (method 2 only). */
function robustnessFacts(c: RoundConsensus): ReportRobustness | null {
  if (!c.robustness || !c.abnormal) return null;
  const s = c.opinion.stability;
  const a = c.abnormal;
  const k = c.minGroupSize;
  const fewerThanK = a.flagged.any > 0 && a.flagged.any < k;
  return {
    resamples: c.robustness.resamples,
    minBootstrapShare: c.robustness.minBootstrapShare,
    fdrQ: c.opinion.fdrQ,
    robust: c.robustness.summary.robust,
    fragile: c.robustness.summary.fragile,
    map: { stable: s.resamples > 0 ? s.stable : null, ari: s.ari ? s.ari.median : null, k: c.opinion.k, kShare: s.kStability?.find((x) => x.k === c.opinion.k)?.share ?? null },
    abnormal: {
      judged: a.judged.straightLine,
      agreeAll: fewerThanK ? null : a.flagged.agree_all,
      disagreeAll: fewerThanK ? null : a.flagged.disagree_all,
      tooFast: fewerThanK ? null : a.flagged.too_fast,
      timing: a.timingAvailable,
      changed: fewerThanK ? null : a.changed.length,
      fewerThanK,
    },
  };
}

export function buildReportModel(input: ReportInput): ReportModel {
  const k = input.consensus.minGroupSize;
  const redact = makeRedactor(input.namesToRedact);
  const robustness = robustnessFacts(input.consensus);
  const versions = new Map(input.versions.map((v) => [v.versionId, v]));
  const commentsByVersion = new Map<string, { stance: string; body: string }[]>();
  for (const c of input.comments) {
    const list = commentsByVersion.get(c.versionId) ?? [];
    list.push({ stance: c.stance, body: c.body });
    commentsByVersion.set(c.versionId, list);
  }

  const statements: ReportStatement[] = input.consensus.statements.map((s, i) => {
    const v = versions.get(s.versionId);
    const counts = { agree: s.overall.agree, disagree: s.overall.disagree, pass: s.overall.pass, total: s.overall.n };
    const comments = commentsByVersion.get(s.versionId) ?? [];
    const isCrux = s.classification === "disagreement";
    const reason = JSON.parse(JSON.stringify(s.reason)) as Reason;
    const movement = (input.movement[s.proposalId] ?? [])
      .filter((m) => m.to === input.round.number)
      .map((m) => ({ fromRound: m.from, agreeChange: m.agreeChange, spreadChange: m.spreadChange, converged: m.converged }))
      .sort((a, b) => a.fromRound - b.fromRound);
    const threshold = v ? [v.thresholdValue, v.thresholdUnit].filter((x) => x.trim()).join(" ") : "";
    return {
      key: `S${i + 1}`,
      proposalNumber: v?.proposalNumber ?? i + 1,
      versionNumber: s.versionNumber,
      title: redact(v?.title ?? s.title),
      statement: redact(v?.statement ?? ""),
      category: v?.category ?? s.category,
      categoryLabel: taxonomyLabel(v?.category ?? s.category, input.categoryLabels),
      scope: v?.scope ?? "",
      indicator: redact(v?.indicator ?? ""),
      threshold: redact(threshold),
      trigger: redact(v?.trigger ?? ""),
      response: redact(v?.response ?? ""),
      evidenceLinks: [...(v?.evidenceLinks ?? [])],
      counts,
      agreeRate: s.overall.agreeRate,
      passRate: s.passRate,
      meanConfidence: s.overall.meanConfidence,
      bridging: s.bridging ? { group: s.bridging.name, rate: s.bridging.rate } : null,
      balanced: s.balanced,
      groupInformedConsensus: s.groupInformedConsensus,
      ...(s.consensusScore !== undefined ? { consensusScore: s.consensusScore } : {}),
      classification: s.classification,
      reason,
      reasonText: reasonSentence(reason, reasonT),
      sides: s.sides ? { for: [...s.sides.for], against: [...s.sides.against] } : null,
      groups: groupBars(s, k),
      excerpts: isCrux
        ? { supports: strongestExcerpts(comments, "supports", redact), opposes: strongestExcerpts(comments, "opposes", redact) }
        : { supports: [], opposes: [] },
      ...(s.robustness ? { robustness: reportRobustness(s, k) } : {}),
      ...(s.mf !== undefined ? { mfIntercept: s.mf ? { value: s.mf.intercept, low: s.mf.low, high: s.mf.high } : null } : {}),
      ...(isCrux && s.reasons && s.reasons.given > 0 ? { disagreementReasons: reportReasons(s.reasons, s.sides, k) } : {}),
      movement,
      ...(input.carriedOver?.[s.proposalId] ? { carriedOver: carriedOverFacts(input.carriedOver[s.proposalId]!) } : {}),
    };
  });

  const of = (c: ReportStatement["classification"]) => statements.filter((s) => s.classification === c);

  const participation = input.consensus.participation;

  const taxonomy = new Map<string, ReportModel["taxonomy"][number]>();
  for (const s of statements) {
    const row = taxonomy.get(s.category) ?? { category: s.category, label: s.categoryLabel, statements: 0, agreement: 0, disagreement: 0, uncertainty: 0 };
    row.statements++;
    if (s.classification === "agreement") row.agreement++;
    if (s.classification === "disagreement") row.disagreement++;
    if (s.classification === "uncertainty") row.uncertainty++;
    taxonomy.set(s.category, row);
  }

  const sectionNotes: ReportModel["sectionNotes"] = {};
  for (const key of ["agreement", "disagreement", "uncertainty", "movement", "appendix"] as const) {
    const note = input.sectionNotes[key];
    if (typeof note === "string" && note.trim()) sectionNotes[key] = redact(note.trim());
  }

  return {
    schemaVersion: 1,
    deliberation: {
      title: redact(input.deliberation.title),
      question: redact(input.deliberation.question),
      description: redact(input.deliberation.description),
      convener: redact(input.deliberation.convener),
    },
    round: { number: input.round.number, openedAt: input.round.openedAt, votingOpenedAt: input.round.votingOpenedAt, closedAt: input.round.closedAt },
    rounds: input.rounds,
    generatedAt: input.generatedAt,
    participation: {
      participants: input.consensus.participants,
      voters: input.consensus.voters,
      byGroup: participation.byGroup.map((r) => ({ ...r })),
      byRegion: participation.byRegion.map((r) => ({ ...r })),
      suppressed: { groups: participation.merged.groups, regions: participation.merged.regions, k },
    },
    methodology: methodologyFor(input, redact, robustness),
    summary: redact(input.summary.trim()),
    sectionNotes,
    agreement: of("agreement"),
    disagreement: of("disagreement"),
    uncertainty: of("uncertainty"),
    noConsensus: of("no_consensus"),
    insufficient: of("insufficient_data"),
    opinionMap: {
      k: input.consensus.opinion.k,
      points: input.consensus.opinion.points
        .map((p) => ({ x: p.x, y: p.y, group: p.group }))
        .sort((a, b) => a.group - b.group || a.x - b.x || a.y - b.y),
      groupSizes: [...input.consensus.opinion.groupSizes],
    },
    taxonomy: [...taxonomy.values()].sort((a, b) => byString(a.category, b.category)),
    ...(robustness ? { robustness } : {}),
  };
}
