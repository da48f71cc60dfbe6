import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { en } from "../../app/i18n/en";
import { i18n } from "../../app/i18n/i18n";
import { buildReportOutline, type ReportBlock } from "../../app/report/report-outline";
import { reportFormat } from "../../app/report/report-format";
import { renderReportHtml } from "../../app/report/render-html";
import { renderReportMarkdown } from "../../app/report/render-markdown";
import { MARKER_SHAPES } from "../../app/report/report-palette";
import { reportModelFixture } from "../fixtures/report-model";
import { ensureReportLanguages } from "../helpers/report-languages";

type Tree = { [key: string]: string | Tree };

/** Every block, depth first. */
function walk(blocks: ReportBlock[]): ReportBlock[] {
  return blocks.flatMap((b) => [b, ...(b.kind === "section" || b.kind === "statement" ? walk(b.blocks) : [])]);
}

describe("buildReportOutline", () => {
  const model = reportModelFixture();
  const outline = buildReportOutline(model, "en");

  it("lays the report out as sections in reading order, each statement in its section's variant", () => {
    const sections = outline.blocks.filter((b) => b.kind === "section");
    expect(sections.map((s) => s.id)).toEqual(["cover", "summary", "methodology", "agreement", "disagreement", "uncertainty", "no-consensus", "insufficient", "movement", "opinion-map", "taxonomy", "appendix"]);
    expect(sections.filter((s) => s.major).map((s) => s.id)).toEqual(["methodology", "agreement", "disagreement", "uncertainty", "movement", "opinion-map", "appendix"]);
    const statements = walk(outline.blocks).filter((b) => b.kind === "statement");
    expect(statements.map((s) => [s.key, s.variant])).toEqual([
      ["S1", "agreement"],
      ["S2", "crux"],
      ["S3", "uncertainty"],
      ["S4", "brief"],
      ["S5", "brief"],
    ]);
    expect(outline.blocks.at(-1)).toMatchObject({ kind: "paragraph", tone: "footer" });
  });

  it("carries the facts as data: bars with rates and intervals, a map with one legend entry per group, tables with numeric columns", () => {
    const all = walk(outline.blocks);
    const bars = all.find((b) => b.kind === "bars")!;
    expect(bars).toMatchObject({ id: "S1", rows: [{ name: "Academia", n: 7, rate: 0.71, rateText: "71%", intervalText: "42%–90%" }, { name: "Industry", n: 8 }] });
    const map = all.find((b) => b.kind === "map")!;
    expect(map.kind === "map" && map.legend.map((l) => l.text)).toEqual([`Opinion group A (${MARKER_SHAPES[0]}), 2 participants`, `Opinion group B (${MARKER_SHAPES[1]}), 1 participant`]);
    const appendix = all.find((b) => b.kind === "table" && b.variant === "appendix")!;
    expect(appendix.kind === "table" && [appendix.headers.length, appendix.numericFrom, appendix.rows.length, appendix.weights.length]).toEqual([11, 3, 5, 11]);
  });

  it("shows the model's stored English sentences in English, and writes them anew from the facts in another language", () => {
    ensureReportLanguages();
    const reasons = (language: "en" | "fr") =>
      walk(buildReportOutline(model, language).blocks)
        .filter((b) => b.kind === "labelled" && b.variant === "reason")
        .map((b) => (b.kind === "labelled" ? b.text : ""));
    expect(reasons("en")[0]).toBe(model.agreement[0]!.reasonText);
    const t = i18n.getFixedT("fr") as unknown as (key: string, options: Record<string, unknown>) => string;
    expect(reasons("fr")[0]).toBe(t("consensus.reason.all_agree", { count: 2, group: "Industry", rate: "80 %", low: "55 %", high: "93 %", n: 8 }));
  });

  it("formats numbers and dates for the language (Intl)", () => {
    expect(reportFormat("en", "—").pct(0.724)).toBe("72%");
    expect(reportFormat("fr", "—").pct(0.724)).toBe(new Intl.NumberFormat("fr", { style: "percent" }).format(0.72));
    expect(reportFormat("en", "—").int(5000)).toBe("5,000");
    expect(reportFormat("en", "—").pct(null)).toBe("—");
    expect(reportFormat("zh", "—").date("2025-03-21T08:00:00.000Z")).toContain("2025");
  });
});

/**
 * Every sentence of a report comes from the translation files: with a test language whose every
 * string is marked ⟦…⟧, nothing but marked text, people's text (here Greek), keys (S1) and
 * Intl-formatted numbers and dates is left in the HTML and the Markdown.
 */
describe("a report whose every string is marked", () => {
  const mark = (tree: Tree): Tree => Object.fromEntries(Object.entries(tree).map(([k, v]) => [k, typeof v === "string" ? `⟦${v}⟧` : mark(v)]));
  const model = reportModelFixture("greek");
  let saved: Tree | undefined;

  beforeAll(() => {
    ensureReportLanguages();
    saved = i18n.getResourceBundle("fr", "translation") as Tree | undefined;
    i18n.addResourceBundle("fr", "translation", mark(en as unknown as Tree), true, true);
  });
  afterAll(() => {
    i18n.removeResourceBundle("fr", "translation");
    if (saved) i18n.addResourceBundle("fr", "translation", saved, true, true);
  });

  /** What is left once marked text (innermost first), dates and keys are taken out. */
  function unmarked(text: string): string[] {
    let rest = text;
    for (let before = ""; before !== rest; ) {
      before = rest;
      rest = rest.replace(/⟦[^⟦⟧]*⟧/g, " ");
    }
    const f = reportFormat("fr", "—");
    for (const iso of [model.round.openedAt, model.round.votingOpenedAt, model.round.closedAt, model.generatedAt]) rest = rest.split(f.date(iso)).join(" ");
    return (rest.match(/[A-Za-z]{2,}/g) ?? []).filter((w) => !/^S\d+$/.test(w));
  }

  it("leaves no unmarked English word in the HTML (text and labels)", () => {
    const html = renderReportHtml(model, { lang: "fr" });
    expect(html).toContain("⟦"); // the marked bundle is in use
    const text = html
      .replace(/<style>[\s\S]*?<\/style>/, " ")
      .replace(/<[^>]*\baria-label="([^"]*)"[^>]*>/g, " $1 ")
      .replace(/<[^>]+>/g, " ")
      .replace(/&[a-z]+;|&#\d+;/g, " ");
    expect(unmarked(text)).toEqual([]);
  });

  it("leaves no unmarked English word in the Markdown", () => {
    const md = renderReportMarkdown(model, "fr");
    expect(md).toContain("⟦");
    expect(unmarked(md.replace(/&amp;/g, " "))).toEqual([]);
  });

  it("would see an English sentence left in a renderer", () => {
    expect(unmarked("⟦Points of agreement⟧ Why: ⟦x⟧")).toEqual(["Why"]);
  });
});
