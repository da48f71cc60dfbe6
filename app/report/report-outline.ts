/**
 * The report as ONE outline of localized blocks (docs/decisions/052): every sentence, label, legend
 * and number of a report, already translated (i18next, `getFixedT(language)`) and formatted (Intl,
 * LANGUAGE_LOCALES). The HTML, Markdown and PDF renderers only format these blocks.
 *
 * PURE and deterministic. The model is data: its English sentences (reasonText, methodology, …)
 * are shown as stored in English, the language they were published in; in every other language
 * they are written anew from the model's structured fields (reason codes, thresholds, counts).
 */
import { robustnessSentence } from "../results/robustness-sentence";
import { robustnessMethodText } from "./robustness-text";
import type { TFunction } from "i18next";
import { i18n } from "../i18n/i18n";
import { LANGUAGE_LOCALES, languageDirection, type Language } from "../i18n/languages";
import { triggerAfterIf } from "../deliberation/if-then";
import { OTHER_GROUP_NAME } from "../results/k-protection";
import { cruxReasonSentence } from "../results/disagreement-reasons";
import { reasonSentence } from "../ui/reason-text";
import { processEventBlocks } from "./process-events";
import { reportFormat, type ReportFormat } from "./report-format";
import { groupShape } from "./report-palette";
import type { ReportModel, ReportStatement } from "./report-types";

/** Text with some parts in bold (labels inside a sentence: "If … then …"). */
export type Rich = string | { text: string; strong?: boolean }[];

export interface TableCell {
  text: string;
  /** a second, muted line */
  sub?: string;
  /** id of a statement in this report the cell links to */
  anchor?: string;
}

export interface BarRow {
  name: string;
  /** the name with its n, as the chart labels it */
  label: string;
  n: number;
  rate: number | null;
  rateText: string;
  interval: { low: number; high: number } | null;
  intervalText: string;
}

export type ReportBlock =
  | { kind: "title"; text: string }
  | { kind: "heading"; level: 2 | 3 | 4; text: string; id?: string }
  | { kind: "section"; id: string; heading: string; major: boolean; cover?: boolean; blocks: ReportBlock[] }
  | { kind: "paragraph"; text: string; tone?: "kicker" | "question" | "intro" | "muted" | "meta" | "strong" | "suppression" | "footer" }
  /** free text written by people (summary, statement, description): paragraphs, each with line breaks */
  | { kind: "prose"; paragraphs: string[]; quote?: "statement" | "excerpt" }
  | { kind: "facts"; variant?: "cover" | "commitment" | "sides"; items: { label: string; value: Rich }[] }
  | { kind: "labelled"; label: string; text: string; variant?: "reason" | "crux-reasons" }
  | { kind: "numbers"; items: { label: string; value: string }[] }
  | { kind: "table"; label: string; caption?: string; headers: string[]; rows: TableCell[][]; numericFrom: number; weights: number[]; variant?: "appendix" }
  | { kind: "bars"; id: string; title: string; caption: string; description: string; summary: string; rows: BarRow[]; ticks: { at: number; label: string }[]; headers: [string, string, string, string] }
  | { kind: "map"; title: string; description: string; points: { x: number; y: number; group: number }[]; legend: { group: number; text: string }[] }
  | { kind: "list"; label?: string; items: { label?: string; text: string }[]; links?: boolean }
  | { kind: "excerpts"; label: string; items: string[][] }
  | { kind: "note"; label: string; paragraphs: string[] }
  | { kind: "formats" }
  | {
      kind: "statement";
      key: string;
      variant: "agreement" | "crux" | "uncertainty" | "brief";
      prefix: string;
      title: string;
      meta: string;
      carried: { text: string; href: string | null } | null;
      blocks: ReportBlock[];
    };

export interface ReportOutline {
  language: Language;
  /** BCP 47 tag for `lang` attributes and Intl */
  locale: string;
  dir: "ltr" | "rtl";
  documentTitle: string;
  /** the running footer of a printed page */
  pageFooter: string;
  pageOf: (page: number, pages: number) => string;
  labels: { otherFormats: string; alsoAvailable: string; facilitatorNote: string; colon: (label: string) => string };
  schemaVersion: number;
  blocks: ReportBlock[];
}

type T = (key: string, options?: Record<string, unknown>) => string;

/** Splits free text into paragraphs on blank lines; trims and drops empty ones. */
export function paragraphs(text: string | null | undefined): string[] {
  return String(text ?? "")
    .replace(/\r\n?/g, "\n")
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter(Boolean);
}

/** Every statement in ballot order (S1, S2, …). */
export function allStatements(model: ReportModel): ReportStatement[] {
  const all = [...model.agreement, ...model.disagreement, ...model.uncertainty, ...model.noConsensus, ...model.insufficient];
  return all.sort((a, b) => keyOrder(a.key) - keyOrder(b.key) || a.key.localeCompare(b.key));
}

function keyOrder(key: string): number {
  const m = /^S(\d+)$/.exec(key);
  return m ? Number(m[1]) : Number.MAX_SAFE_INTEGER;
}

/** Opinion-group letter: 0 → "A", 25 → "Z", 26 → "AA". */
export function opinionGroupLetter(index: number): string {
  let n = index;
  let s = "";
  do {
    s = String.fromCharCode(65 + (n % 26)) + s;
    n = Math.floor(n / 26) - 1;
  } while (n >= 0);
  return s;
}

/** The spread recorded in the model for a crux (from its reason), or null. */
export function statementSpread(s: ReportStatement): number | null {
  return s.reason.code === "split" ? s.reason.spread : s.reason.code === "no_consensus" ? s.reason.spread : null;
}

class OutlineBuilder {
  /** this language's i18next `t`, for the shared sentence builders (reasons, crux reasons) */
  readonly fixed: TFunction;
  /** the same with keys built from data (sections, classifications…): the marked-bundle and parity tests check them */
  readonly t: T;
  readonly f: ReportFormat;
  readonly english: boolean;
  private readonly taxonomyEn: Record<string, string>;
  private readonly taxonomyHere: Record<string, string>;

  constructor(
    readonly model: ReportModel,
    readonly language: Language,
  ) {
    // cast, not annotated: checking i18next's generic TFunction against the typed one instantiates every key (tsc crawls)
    const fixed = i18n.getFixedT(language) as unknown as TFunction;
    this.fixed = fixed;
    const plain = fixed as unknown as T;
    // labels are asked for once per statement: look each one up once per outline
    const labels = new Map<string, string>();
    this.t = (key, options) => {
      if (options) return String(plain(key, options));
      let text = labels.get(key);
      if (text === undefined) labels.set(key, (text = String(plain(key))));
      return text;
    };
    this.f = reportFormat(language, this.t("reportOutline.none"));
    this.english = language === "en";
    this.taxonomyEn = i18n.getResource("en", "translation", "taxonomy") as Record<string, string>;
    this.taxonomyHere = { ...this.taxonomyEn, ...((i18n.getResource(language, "translation", "taxonomy") as Record<string, string> | undefined) ?? {}) };
  }

  /** A stored English sentence in English; the sentence written from the facts in any other language. */
  sentence(stored: string, written: () => string): string {
    return this.english ? stored : written();
  }

  groupName(name: string): string {
    return name === OTHER_GROUP_NAME ? this.t("reportOutline.otherGroups") : name;
  }

  list(names: string[]): string {
    return names.map((n) => this.groupName(n)).join(this.t("reportOutline.listSeparator"));
  }

  /** The seed taxonomy's label in this language; a deliberation's own category names as they are. */
  category(s: { category: string; categoryLabel: string }): string {
    const label = s.categoryLabel || s.category;
    const [top] = s.category.split(".");
    const en = this.taxonomyEn;
    const english = en[s.category] && top && en[top] && s.category.includes(".") ? `${en[top]} › ${en[s.category]}` : (en[s.category] ?? (top ? en[top] : undefined));
    if (this.english || label !== english) return label;
    const here = this.taxonomyHere;
    return here[s.category] && top && here[top] && s.category.includes(".") ? `${here[top]} › ${here[s.category]}` : (here[s.category] ?? (top ? here[top] : undefined) ?? label);
  }

  colon(label: string): string {
    return this.t("reportOutline.labelColon", { label });
  }
}

// ------------------------------------------------------------------------------------ cover

function cover(b: OutlineBuilder): ReportBlock {
  const { model, t, f } = b;
  const d = model.deliberation;
  const p = model.participation;
  const blocks: ReportBlock[] = [
    { kind: "paragraph", text: t("reportOutline.kicker"), tone: "kicker" },
    { kind: "title", text: d.title },
    { kind: "paragraph", text: d.question, tone: "question" },
    { kind: "prose", paragraphs: paragraphs(d.description) },
    {
      kind: "facts",
      variant: "cover",
      items: [
        { label: t("reportOutline.cover.convener"), value: d.convener },
        { label: t("reportOutline.cover.round"), value: t("reportOutline.cover.roundOf", { number: f.int(model.round.number), total: f.int(model.rounds) }) },
        { label: t("reportOutline.cover.opened"), value: f.date(model.round.openedAt) },
        { label: t("reportOutline.cover.votingOpened"), value: f.date(model.round.votingOpenedAt) },
        { label: t("reportOutline.cover.closed"), value: f.date(model.round.closedAt) },
        { label: t("reportOutline.cover.participants"), value: t("reportOutline.cover.participantsValue", { invited: f.int(p.participants), voters: f.int(p.voters) }) },
        { label: t("reportOutline.cover.generated"), value: f.date(model.generatedAt) },
      ],
    },
    { kind: "formats" },
    { kind: "heading", level: 2, text: t("reportOutline.participation.heading"), id: "participation-h" },
    participationTable(b, "group", p.byGroup),
    participationTable(b, "region", p.byRegion),
  ];
  const note = suppressionNote(b);
  if (note) blocks.push({ kind: "paragraph", text: note, tone: "suppression" });
  return { kind: "section", id: "cover", heading: "", major: false, cover: true, blocks };
}

function participationTable(b: OutlineBuilder, by: "group" | "region", rows: { name: string; participants: number; voters: number }[]): ReportBlock {
  const { t, f } = b;
  const caption = t(by === "group" ? "reportOutline.participation.byGroup" : "reportOutline.participation.byRegion");
  if (!rows.length) return { kind: "paragraph", text: t(by === "group" ? "reportOutline.participation.noGroups" : "reportOutline.participation.noRegions"), tone: "muted" };
  return {
    kind: "table",
    label: caption,
    caption,
    headers: [t(by === "group" ? "reportOutline.participation.group" : "reportOutline.participation.region"), t("reportOutline.participation.participants"), t("reportOutline.participation.voters")],
    rows: rows.map((r) => [{ text: b.groupName(r.name) }, { text: f.int(r.participants) }, { text: f.int(r.voters) }]),
    numericFrom: 1,
    weights: [0.6, 0.2, 0.2],
  };
}

function suppressionNote(b: OutlineBuilder): string | null {
  const { t } = b;
  const { groups, regions, k } = b.model.participation.suppressed;
  if (!groups && !regions) return null;
  const parts: string[] = [];
  if (groups) parts.push(t("reportOutline.participation.groups", { count: groups }));
  if (regions) parts.push(t("reportOutline.participation.regions", { count: regions }));
  return t(groups + regions === 1 ? "reportOutline.participation.suppressedOne" : "reportOutline.participation.suppressedMany", { parts: parts.join(t("reportOutline.participation.and")), k: b.f.int(k), other: t("reportOutline.otherGroups") });
}

// ------------------------------------------------------------------------------------ methodology

function methodology(b: OutlineBuilder): ReportBlock {
  const { model, t, f } = b;
  const m = model.methodology;
  const th = m.thresholds;
  const r = model.round;
  const k = model.participation.suppressed.k;
  const prose = (text: string): ReportBlock => ({ kind: "prose", paragraphs: paragraphs(text) });
  const h3 = (key: string, id?: string): ReportBlock => ({ kind: "heading", level: 3, text: t(`reportOutline.method.${key}`), ...(id ? { id } : {}) });

  const process = b.sentence(m.process, () => {
    const status = r.closedAt
      ? t("reportOutline.method.statusClosed", { round: f.int(r.number), opened: f.date(r.openedAt), voting: f.date(r.votingOpenedAt), closed: f.date(r.closedAt) })
      : t("reportOutline.method.statusPreview", { round: f.int(r.number), opened: f.date(r.openedAt) });
    return t("reportOutline.method.processText", { round: f.int(r.number), rounds: f.int(model.rounds), status });
  });
  const votingScale = b.sentence(m.votingScale, () =>
    t("reportOutline.method.votingScaleText", {
      overall: f.pct(th.agreementOverall),
      groupRate: f.pct(th.agreementGroupRate),
      lowerBound: f.pct(th.agreementLowerBound),
      spread: f.int(Math.round(th.disagreementSpread * 100)),
      passRate: f.pct(th.uncertaintyPassRate),
      confidence: f.num(th.uncertaintyConfidence, 1),
      width: f.int(Math.round(th.uncertaintyIntervalWidth * 100)),
      minVotes: f.int(th.minVotes),
      minGroup: f.int(th.minGroupSize),
    }),
  );
  // the target shares and the silhouette are only in the English sentence of a schema-v1 model
  const weighting = b.sentence(m.weighting, () => t("reportOutline.method.weightingText", { shares: "", k: f.int(k), other: t("reportOutline.otherGroups") }));
  const map = model.opinionMap;
  const comparedByOpinion = !model.participation.byGroup.some((g) => g.participants > 0);
  const opinionGroups = b.sentence(m.opinionGroups, () =>
    [
      t("reportOutline.method.opinionGroupsText"),
      map.k > 0 ? t("reportOutline.method.groupsFound", { k: f.int(map.k), sizes: map.groupSizes.map((n) => f.int(n)).join(t("reportOutline.listSeparator")) }) : t("reportOutline.method.noOpinionGroups"),
      t(comparedByOpinion ? "reportOutline.method.comparedByOpinion" : "reportOutline.method.comparedByStakeholder"),
    ].reduce((first, second) => t("reportOutline.twoSentences", { first, second })),
  );
  const attributionRule = b.sentence(m.attributionRule, () => t(`reportOutline.method.attributionRule.${m.attributionMode}`));

  const thresholdKeys = ["agreementLowerBound", "agreementGroupRate", "agreementOverall", "disagreementSpread", "uncertaintyPassRate", "uncertaintyConfidence", "uncertaintyIntervalWidth", "minVotes", "minGroupSize"] as const;
  const thresholdValue = (key: (typeof thresholdKeys)[number]) =>
    key === "uncertaintyConfidence" || key === "minVotes" || key === "minGroupSize" ? f.num(th[key]) : f.pct(th[key]);

  const blocks: ReportBlock[] = [
    h3("process"),
    prose(process),
    h3("votingScale"),
    prose(votingScale),
    h3("thresholds"),
    {
      kind: "table",
      label: t("reportOutline.method.thresholdsCaption"),
      caption: t("reportOutline.method.thresholdsCaption"),
      headers: [t("reportOutline.method.criterion"), t("reportOutline.method.value")],
      rows: thresholdKeys.map((key) => [{ text: t(`reportOutline.method.threshold.${key}`) }, { text: thresholdValue(key) }]),
      numericFrom: 1,
      weights: [0.8, 0.2],
    },
    h3("weighting"),
    prose(weighting),
    h3("opinionGroups"),
    prose(opinionGroups),
    h3("attribution"),
    { kind: "paragraph", text: `${t(`reportOutline.method.attributionMode.${m.attributionMode}`, { defaultValue: m.attributionMode })}.`, tone: "strong" },
    prose(attributionRule),
  ];
  if (m.participation) {
    const participation = b.sentence(m.participation, () => turnoutSentence(b));
    blocks.push(h3("participation"), prose(participation));
  }
  if (m.robustness && model.robustness) {
    const facts = model.robustness;
    blocks.push(h3("robustness"), prose(b.sentence(m.robustness, () => robustnessMethodText(facts, k, b.fixed, f))));
  }
  const events = processEventBlocks(m.processEvents, b.t);
  if (events) {
    blocks.push({ kind: "heading", level: 3, text: events.heading, id: "process-events" });
    for (const e of events.blocks) blocks.push({ kind: "heading", level: 4, text: e.heading }, { kind: "list", items: e.lines.map((text) => ({ text })) });
  }
  return { kind: "section", id: "methodology", heading: t("reportOutline.sections.methodology"), major: true, blocks };
}

/** The turnout sentence from the participation rows (the target shares are not in the model). */
function turnoutSentence(b: OutlineBuilder): string {
  const { model, t, f } = b;
  const p = model.participation;
  const list = (rows: { name: string; participants: number; voters: number }[]) =>
    rows
      .filter((r) => r.participants > 0)
      .map((r) => t("reportOutline.method.turnoutRow", { name: b.groupName(r.name), voters: f.int(r.voters), invited: f.int(r.participants), target: "" }))
      .join(t("reportOutline.method.turnoutListSeparator"));
  const parts = [
    t("reportOutline.method.turnout", {
      invited: f.int(p.participants),
      voters: f.int(p.voters),
      rate: p.participants > 0 ? t("reportOutline.method.turnoutRate", { rate: f.pct(p.voters / p.participants) }) : "",
    }),
  ];
  if (p.byGroup.some((r) => r.participants > 0)) parts.push(t("reportOutline.method.turnoutByGroup", { list: list(p.byGroup) }));
  if (p.byRegion.some((r) => r.participants > 0)) parts.push(t("reportOutline.method.turnoutByRegion", { list: list(p.byRegion) }));
  return parts.reduce((first, second) => t("reportOutline.twoSentences", { first, second }));
}

// ------------------------------------------------------------------------------------ statements

function reasonText(b: OutlineBuilder, s: ReportStatement): string {
  return b.sentence(s.reasonText, () => reasonSentence(s.reason, b.fixed));
}

function robustnessText(b: OutlineBuilder, s: ReportStatement): string {
  const r = s.robustness!;
  return b.sentence(r.text, () => robustnessSentence(r, s.classification, b.fixed, { percent: b.f.pct }));
}

function numbers(b: OutlineBuilder, s: ReportStatement): ReportBlock {
  const { t, f } = b;
  const c = s.counts;
  const items = [
    { label: t("reportOutline.statement.votes"), value: t("reportOutline.statement.votesValue", { total: f.int(c.total), agree: f.int(c.agree), disagree: f.int(c.disagree), pass: f.int(c.pass) }) },
    { label: t("reportOutline.statement.agreeRate"), value: f.pct(s.agreeRate) },
    { label: t("reportOutline.statement.passRate"), value: f.pct(s.passRate) },
    { label: t("reportOutline.statement.meanConfidence"), value: f.num(s.meanConfidence) },
  ];
  // the geometric-mean score replaces Polis's product; reports published before it show the product
  if (s.consensusScore !== undefined) {
    if (s.consensusScore !== null) items.push({ label: t("reportOutline.statement.score"), value: f.num(s.consensusScore, 2) });
  } else if (s.groupInformedConsensus !== null) items.push({ label: t("reportOutline.statement.gic"), value: f.num(s.groupInformedConsensus, 3) });
  if (s.balanced !== null) items.push({ label: t("reportOutline.statement.balanced"), value: f.pct(s.balanced) });
  if (s.mfIntercept) items.push({ label: t("reportOutline.statement.mf"), value: t("reportOutline.statement.mfValue", { value: f.num(s.mfIntercept.value, 2), low: f.num(s.mfIntercept.low, 2), high: f.num(s.mfIntercept.high, 2) }) });
  if (s.robustness) items.push({ label: t("reportOutline.statement.robustness"), value: robustnessText(b, s) });
  if (s.bridging) items.push({ label: t("reportOutline.statement.bridging"), value: t("reportOutline.statement.bridgingValue", { group: b.groupName(s.bridging.group), rate: f.pct(s.bridging.rate) }) });
  return { kind: "numbers", items };
}

function bars(b: OutlineBuilder, s: ReportStatement): ReportBlock {
  const { t, f } = b;
  if (!s.groups.length) return { kind: "paragraph", text: t("reportOutline.bars.none"), tone: "muted" };
  const rows: BarRow[] = s.groups.map((g) => ({
    name: b.groupName(g.name),
    label: t("reportOutline.bars.label", { name: b.groupName(g.name), n: f.int(g.n) }),
    n: g.n,
    rate: g.agreeRate,
    rateText: f.pct(g.agreeRate),
    interval: g.interval,
    intervalText: g.interval ? t("reportOutline.bars.range", { low: f.pct(g.interval.low), high: f.pct(g.interval.high) }) : t("reportOutline.none"),
  }));
  const summary = s.groups
    .map((g) =>
      g.interval
        ? t("reportOutline.bars.bar", { name: b.groupName(g.name), rate: f.pct(g.agreeRate), low: f.pct(g.interval.low), high: f.pct(g.interval.high), n: f.int(g.n) })
        : t("reportOutline.bars.barNoInterval", { name: b.groupName(g.name), rate: f.pct(g.agreeRate), n: f.int(g.n) }),
    )
    .join(t("reportOutline.bars.separator"));
  return {
    kind: "bars",
    id: s.key,
    title: t("reportOutline.bars.title"),
    caption: t("reportOutline.bars.caption"),
    description: t("reportOutline.bars.description", { key: s.key, bars: summary }),
    summary,
    rows,
    ticks: [0, 0.5, 1].map((at) => ({ at, label: f.pct(at) })),
    headers: [t("reportOutline.bars.group"), t("reportOutline.bars.n"), t("reportOutline.bars.agreeRate"), t("reportOutline.bars.interval")],
  };
}

function evidence(b: OutlineBuilder, s: ReportStatement): ReportBlock[] {
  if (!s.evidenceLinks.length) return [];
  return [{ kind: "list", label: b.t("reportOutline.statement.evidence"), items: s.evidenceLinks.map((text) => ({ text })), links: true }];
}

function commitment(b: OutlineBuilder, s: ReportStatement): ReportBlock[] {
  const { t } = b;
  const items: { label: string; value: Rich }[] = [];
  if (s.scope) items.push({ label: t("reportOutline.statement.scope"), value: s.scope });
  if (s.indicator) items.push({ label: t("reportOutline.statement.indicator"), value: s.indicator });
  if (s.threshold) items.push({ label: t("reportOutline.statement.threshold"), value: s.threshold });
  if (s.trigger || s.response)
    items.push({
      label: t("reportOutline.statement.commitment"),
      value: [
        { text: t("reportOutline.statement.if"), strong: true },
        { text: ` ${triggerAfterIf(s.trigger) || t("reportOutline.none")} ` },
        { text: t("reportOutline.statement.then"), strong: true },
        { text: ` ${s.response || t("reportOutline.none")}` },
      ],
    });
  return items.length ? [{ kind: "facts", variant: "commitment", items }] : [];
}

function carried(b: OutlineBuilder, s: ReportStatement): { text: string; href: string | null } | null {
  const c = s.carriedOver;
  if (!c) return null;
  const { t, f } = b;
  const text = b.sentence(c.sentence, () =>
    c.classification
      ? t("continuity.report.carriedWith", {
          title: c.from,
          rate: c.agreeRate === null ? t("continuity.report.noRate") : f.pct(c.agreeRate),
          classification: t(`consensus.classificationShort.${c.classification}`),
          round: f.int(c.round),
        })
      : t("continuity.report.carriedWithout", { title: c.from, round: f.int(c.round) }),
  );
  return { text, href: c.reportPath && c.reportPath.startsWith("/reports/") ? c.reportPath : null };
}

function cruxReasons(b: OutlineBuilder, s: ReportStatement): ReportBlock[] {
  const r = s.disagreementReasons;
  if (!r) return [];
  const text = b.sentence(r.sentence, () =>
    cruxReasonSentence({ given: r.given, overall: r.overall, groups: r.groups } as unknown as Parameters<typeof cruxReasonSentence>[0], s.sides ? { for: s.sides.for.map((n) => b.groupName(n)), against: s.sides.against.map((n) => b.groupName(n)) } : null, b.fixed),
  );
  return [{ kind: "labelled", label: b.t("reportOutline.statement.whyDisagree"), text, variant: "crux-reasons" }];
}

type Variant = "agreement" | "crux" | "uncertainty" | "brief";

function statement(b: OutlineBuilder, s: ReportStatement, variant: Variant): ReportBlock {
  const { t, f } = b;
  const why = (key: "why" | "whyOpen"): ReportBlock => ({ kind: "labelled", label: t(`reportOutline.statement.${key}`), text: reasonText(b, s), variant: "reason" });
  const text: ReportBlock = { kind: "prose", paragraphs: paragraphs(s.statement), quote: "statement" };
  let blocks: ReportBlock[];
  if (variant === "agreement") blocks = [text, ...commitment(b, s), numbers(b, s), bars(b, s), why("why"), ...evidence(b, s)];
  else if (variant === "uncertainty") blocks = [text, why("whyOpen"), numbers(b, s), bars(b, s), ...evidence(b, s)];
  else if (variant === "brief") blocks = [text, numbers(b, s), why("why")];
  else {
    const spread = statementSpread(s);
    const sides: ReportBlock[] = s.sides
      ? [
          {
            kind: "facts",
            variant: "sides",
            items: [
              { label: t("reportOutline.statement.leaningFor"), value: b.list(s.sides.for) || t("reportOutline.none") },
              { label: t("reportOutline.statement.leaningAgainst"), value: b.list(s.sides.against) || t("reportOutline.none") },
              ...(spread !== null ? [{ label: t("reportOutline.statement.spread"), value: f.pct(spread) }] : []),
            ],
          },
        ]
      : spread !== null
        ? [{ kind: "labelled", label: t("reportOutline.statement.spread"), text: f.pct(spread) }]
        : [];
    const excerpts = (key: "argumentsFor" | "argumentsAgainst", items: string[]): ReportBlock => {
      const label = t(`reportOutline.statement.${key}`);
      return items.length ? { kind: "excerpts", label, items: items.map((e) => paragraphs(e)) } : { kind: "paragraph", text: t("reportOutline.statement.noExcerpts", { label }), tone: "muted" };
    };
    blocks = [text, ...sides, numbers(b, s), bars(b, s), why("why"), ...cruxReasons(b, s), excerpts("argumentsFor", s.excerpts.supports), excerpts("argumentsAgainst", s.excerpts.opposes), ...evidence(b, s)];
  }
  return {
    kind: "statement",
    key: s.key,
    variant,
    prefix: variant === "uncertainty" ? t("reportOutline.statement.openQuestion") : "",
    title: s.title,
    meta: t("reportOutline.statement.meta", { number: s.proposalNumber, version: s.versionNumber, category: b.category(s) }),
    carried: carried(b, s),
    blocks,
  };
}

function note(b: OutlineBuilder, text: string | undefined): ReportBlock[] {
  if (!text || !text.trim()) return [];
  return [{ kind: "note", label: b.t("reportOutline.facilitatorNote"), paragraphs: paragraphs(text) }];
}

type SectionKey = "agreement" | "disagreement" | "uncertainty" | "noConsensus" | "insufficient";

function statementSection(b: OutlineBuilder, key: SectionKey, id: string, list: ReportStatement[], variant: Variant, major: boolean, sectionNote?: string): ReportBlock {
  const { t } = b;
  return {
    kind: "section",
    id,
    heading: t(`reportOutline.sections.${key}`),
    major,
    blocks: [
      { kind: "paragraph", text: t(`reportOutline.intros.${key}`), tone: "intro" },
      ...note(b, sectionNote),
      ...(list.length ? list.map((s) => statement(b, s, variant)) : [{ kind: "paragraph" as const, text: t("reportOutline.noneInRound"), tone: "muted" as const }]),
    ],
  };
}

// ------------------------------------------------------------------------------------ closing sections

function movement(b: OutlineBuilder): ReportBlock {
  const { model, t, f } = b;
  const rows: TableCell[][] = [];
  for (const s of allStatements(model))
    for (const m of s.movement)
      rows.push([
        { text: s.key },
        { text: s.title },
        { text: t("reportOutline.movement.round", { number: f.int(m.fromRound) }) },
        { text: m.agreeChange === null ? t("reportOutline.none") : t("reportOutline.pp", { value: f.points(m.agreeChange) }) },
        { text: m.spreadChange === null ? t("reportOutline.none") : t("reportOutline.pp", { value: f.points(m.spreadChange) }) },
        { text: m.converged === null ? t("reportOutline.none") : t(m.converged ? "reportOutline.movement.converged" : "reportOutline.movement.diverged") },
      ]);
  const headers = ["statement", "title", "comparedWith", "agreeChange", "spreadChange", "direction"].map((h) => t(`reportOutline.movement.${h}`));
  return {
    kind: "section",
    id: "movement",
    heading: t("reportOutline.sections.movement"),
    major: true,
    blocks: [
      { kind: "paragraph", text: t("reportOutline.intros.movement"), tone: "intro" },
      ...note(b, model.sectionNotes.movement),
      rows.length
        ? { kind: "table", label: headers.join(t("reportOutline.listSeparator")), headers, rows, numericFrom: 3, weights: [0.08, 0.36, 0.14, 0.14, 0.14, 0.14] }
        : { kind: "paragraph", text: t("reportOutline.movement.none"), tone: "muted" },
    ],
  };
}

function opinionMap(b: OutlineBuilder): ReportBlock {
  const { model, t, f } = b;
  const map = model.opinionMap;
  const legend = map.groupSizes.map((n, i) => ({
    group: i,
    text: t("reportOutline.map.legendItem", { label: t("consensus.opinionGroup", { label: opinionGroupLetter(i) }), shape: t(`reportOutline.map.shape.${groupShape(i)}`), count: n }),
  }));
  const body: ReportBlock = map.points.length
    ? {
        kind: "map",
        title: t("reportOutline.map.title"),
        description: t("reportOutline.map.description", { points: f.int(map.points.length), count: map.k, groups: legend.map((l) => l.text).join(t("reportOutline.map.separator")) }),
        points: map.points,
        legend,
      }
    : { kind: "paragraph", text: t("reportOutline.map.none"), tone: "muted" };
  return { kind: "section", id: "opinion-map", heading: t("reportOutline.sections.opinionMap"), major: true, blocks: [body] };
}

function taxonomy(b: OutlineBuilder): ReportBlock {
  const { model, t, f } = b;
  const headers = ["category", "statements", "agreement", "disagreement", "uncertainty"].map((h) => t(`reportOutline.taxonomy.${h}`));
  return {
    kind: "section",
    id: "taxonomy",
    heading: t("reportOutline.sections.taxonomy"),
    major: false,
    blocks: [
      model.taxonomy.length
        ? {
            kind: "table",
            label: headers.join(t("reportOutline.listSeparator")),
            headers,
            rows: model.taxonomy.map((x) => [{ text: b.category({ category: x.category, categoryLabel: x.label }) }, { text: f.int(x.statements) }, { text: f.int(x.agreement) }, { text: f.int(x.disagreement) }, { text: f.int(x.uncertainty) }]),
            numericFrom: 1,
            weights: [0.44, 0.14, 0.14, 0.14, 0.14],
          }
        : { kind: "paragraph", text: t("reportOutline.taxonomy.none"), tone: "muted" },
    ],
  };
}

function appendix(b: OutlineBuilder): ReportBlock {
  const { model, t, f } = b;
  const all = allStatements(model);
  const withScore = all.some((s) => s.consensusScore !== undefined);
  const headers = ["key", "statement", "classification", "agree", "disagree", "pass", "total", "agreeRate", "passRate", "meanConfidence", withScore ? "score" : "gic"].map((h) => t(`reportOutline.appendix.${h}`));
  const rows: TableCell[][] = all.map((s) => [
    { text: s.key, anchor: s.key },
    { text: s.title, sub: t("reportOutline.appendix.sub", { number: s.proposalNumber, version: s.versionNumber, category: b.category(s) }) },
    { text: t(`reportOutline.classification.${s.classification}`) },
    { text: f.int(s.counts.agree) },
    { text: f.int(s.counts.disagree) },
    { text: f.int(s.counts.pass) },
    { text: f.int(s.counts.total) },
    { text: f.pct(s.agreeRate) },
    { text: f.pct(s.passRate) },
    { text: f.num(s.meanConfidence) },
    { text: withScore ? f.num(s.consensusScore ?? null, 2) : f.num(s.groupInformedConsensus, 3) },
  ]);
  const blocks: ReportBlock[] = [
    { kind: "paragraph", text: t("reportOutline.intros.appendix"), tone: "intro" },
    ...note(b, model.sectionNotes.appendix),
    rows.length
      ? { kind: "table", label: headers.join(t("reportOutline.listSeparator")), headers, rows, numericFrom: 3, weights: [0.05, 0.27, 0.13, 0.06, 0.07, 0.06, 0.06, 0.07, 0.07, 0.08, 0.08], variant: "appendix" }
      : { kind: "paragraph", text: t("reportOutline.appendix.none"), tone: "muted" },
  ];
  if (all.length) {
    blocks.push({ kind: "heading", level: 3, text: t("reportOutline.appendix.reasons") }, { kind: "list", items: all.map((s) => ({ label: s.key, text: reasonText(b, s) })) });
    const robust = all.filter((s) => s.robustness);
    if (robust.length) blocks.push({ kind: "heading", level: 3, text: t("reportOutline.appendix.robustness") }, { kind: "list", items: robust.map((s) => ({ label: s.key, text: robustnessText(b, s) })) });
  }
  return { kind: "section", id: "appendix", heading: t("reportOutline.sections.appendix"), major: true, blocks };
}

// ------------------------------------------------------------------------------------ the outline

/** The whole report as localized blocks, in reading order. */
export function buildReportOutline(model: ReportModel, language: Language): ReportOutline {
  const b = new OutlineBuilder(model, language);
  const { t, f } = b;
  const summary = paragraphs(model.summary);
  const blocks: ReportBlock[] = [
    cover(b),
    {
      kind: "section",
      id: "summary",
      heading: t("reportOutline.sections.summary"),
      major: false,
      blocks: [summary.length ? { kind: "prose", paragraphs: summary } : { kind: "paragraph", text: t("reportOutline.noSummary"), tone: "muted" }],
    },
    methodology(b),
    statementSection(b, "agreement", "agreement", model.agreement, "agreement", true, model.sectionNotes.agreement),
    statementSection(b, "disagreement", "disagreement", model.disagreement, "crux", true, model.sectionNotes.disagreement),
    statementSection(b, "uncertainty", "uncertainty", model.uncertainty, "uncertainty", true, model.sectionNotes.uncertainty),
    statementSection(b, "noConsensus", "no-consensus", model.noConsensus, "brief", false),
    statementSection(b, "insufficient", "insufficient", model.insufficient, "brief", false),
    movement(b),
    opinionMap(b),
    taxonomy(b),
    appendix(b),
    { kind: "paragraph", text: t("reportOutline.footer", { version: model.schemaVersion, date: f.date(model.generatedAt) }), tone: "footer" },
  ];
  return {
    language,
    locale: LANGUAGE_LOCALES[language],
    dir: languageDirection(language),
    documentTitle: t("reportOutline.documentTitle", { title: model.deliberation.title }),
    pageFooter: t("reportOutline.pageFooter", { title: model.deliberation.title, round: f.int(model.round.number) }),
    pageOf: (page, pages) => t("pagination.pageOf", { page: f.int(page), pages: f.int(pages) }),
    labels: {
      otherFormats: t("reportOutline.cover.otherFormats"),
      alsoAvailable: t("reportOutline.cover.alsoAvailable"),
      facilitatorNote: t("reportOutline.facilitatorNote"),
      colon: (label) => b.colon(label),
    },
    schemaVersion: model.schemaVersion,
    blocks,
  };
}
