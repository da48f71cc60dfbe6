import { beforeAll, describe, expect, it } from "vitest";
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { i18n } from "../../app/i18n/i18n";
import { LANGUAGE_LOCALES, SUPPORTED_LANGUAGES, languageDirection, type Language } from "../../app/i18n/languages";
import { REPORT_CSS, renderReportHtml } from "../../app/report/render-html";
import { renderReportMarkdown } from "../../app/report/render-markdown";
import { bidiRuns, renderReportPdf } from "../../app/report/render-pdf.server";
import { reportModelFixture } from "../fixtures/report-model";
import { ensureReportLanguages } from "../helpers/report-languages";

/**
 * The report in each of the five languages, in HTML, Markdown and PDF (text extracted with
 * pdftotext): the translated headings come from `i18n.getFixedT(language)`, so these tests hold
 * for the locale files as they land (tests/helpers/report-languages.ts adds a few Chinese and
 * Arabic strings meanwhile, so the CJK and Arabic fonts are exercised now).
 */

const PDFTOTEXT = "/usr/bin/pdftotext";
const SECTIONS = ["summary", "methodology", "agreement", "disagreement", "uncertainty", "movement", "opinionMap", "appendix"] as const;
const MB = 1024 * 1024;

beforeAll(() => ensureReportLanguages());

const headings = (language: Language) => SECTIONS.map((s) => String((i18n.getFixedT(language) as unknown as (key: string) => string)(`reportOutline.sections.${s}`)));

function pdfText(pdf: Buffer): string {
  const dir = mkdtempSync(join(tmpdir(), "report-lang-"));
  try {
    const file = join(dir, "report.pdf");
    writeFileSync(file, pdf);
    return execFileSync(PDFTOTEXT, ["-enc", "UTF-8", file, "-"], { encoding: "utf8" }).replace(/[ \t]+/g, " ");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Arabic as pdftotext reads it: poppler orders a word's characters by glyph position and guesses
 * spaces from gaps, and the joined forms of Arabic letters overlap or leave gaps (a medial yeh
 * before a final noon comes out as "ني", the lam-alef ligature's two letters as "ال", "خريطة" as
 * "خر يطة") and drops some diacritics, although the page shows them right (checked as images). So
 * an Arabic heading is found when one line of the extracted text has exactly its letters.
 */
function containsLine(text: string, heading: string): boolean {
  // Arabic diacritics (shadda, harakat) are optional in writing and poppler drops some of them
  const letters = (s: string) => [...s.replace(/[\s\u202a-\u202e\u064b-\u065f\u0670]/g, "")].sort().join("");
  return text.split("\n").some((line) => letters(line) === letters(heading));
}

describe.each(SUPPORTED_LANGUAGES)("the report in %s", (language) => {
  const model = reportModelFixture("latin");

  it("is HTML with the language's lang and dir, and its headings", () => {
    const html = renderReportHtml(model, { lang: language });
    expect(html).toContain(`<html lang="${LANGUAGE_LOCALES[language]}" dir="${languageDirection(language)}">`);
    for (const h of headings(language)) expect(html).toMatch(new RegExp(`<h2 id="[\\w-]+">${h}</h2>`));
    // user text is never translated
    expect(html).toContain("AI systems must not exceed 20 % on eval v2 by 2026.");
  });

  it("is Markdown with its headings", () => {
    const md = renderReportMarkdown(model, language);
    for (const h of headings(language)) expect(md).toMatch(new RegExp(`^## ${h}$`, "m"));
  });

  it.skipIf(!existsSync(PDFTOTEXT))("is a PDF whose extracted text has its headings and the user's Latin text, under 1 MB", async () => {
    const started = performance.now();
    const pdf = await renderReportPdf(model, language);
    const ms = performance.now() - started;
    console.log(`report PDF in ${language}: ${pdf.length} bytes (${(pdf.length / 1024).toFixed(1)} KiB), rendered in ${ms.toFixed(0)} ms`);
    if (process.env.REPORT_PDF_DIR) {
      mkdirSync(process.env.REPORT_PDF_DIR, { recursive: true });
      writeFileSync(join(process.env.REPORT_PDF_DIR, `report-${language}.pdf`), pdf);
    }
    expect(pdf.length).toBeLessThan(MB);
    const text = pdfText(pdf);
    for (const h of headings(language)) expect(language === "ar" ? containsLine(text, h) : text.includes(h), h).toBe(true);
    expect(text).toContain("AI systems must not exceed 20 % on eval v2 by 2026.");
    const latin = pdf.toString("latin1");
    if (language === "zh") expect(latin).toMatch(/\/BaseFont \/[A-Z]{6}\+NotoSansSC-Regular/);
    else if (language === "ar") expect(latin).toMatch(/\/BaseFont \/[A-Z]{6}\+IBMPlexSansArabic/);
    else expect(latin).not.toContain("NotoSans");
  });
});

describe("Chinese and Arabic", () => {
  it("have their own headings here (not the English fallback), so the fonts are exercised", () => {
    for (const language of ["zh", "ar"] as const) expect(headings(language)).not.toEqual(headings("en"));
  });

  it("write the Arabic report right to left: dir=rtl and a stylesheet in logical properties only", () => {
    expect(renderReportHtml(reportModelFixture(), { lang: "ar" })).toContain('dir="rtl"');
    expect(REPORT_CSS).not.toMatch(/(margin|padding|border)-(left|right)|text-align:(left|right)|\b(left|right):/);
  });

  it("mirror the bar charts in the Arabic HTML: labels at the right, values at the left", () => {
    const html = renderReportHtml(reportModelFixture(), { lang: "ar" });
    const label = /<text x="(\d+(?:\.\d+)?)" y="18" text-anchor="start" class="lbl">/.exec(html);
    const value = /<text x="(\d+(?:\.\d+)?)" y="18" text-anchor="end" class="val">/.exec(html);
    expect(label && value && Number(label[1]) > Number(value[1])).toBe(true);
  });
});

describe("bidiRuns (Arabic lines in the PDF)", () => {
  it("orders the runs of a right-to-left line visually and keeps digits and Latin words left to right", () => {
    const runs = bidiRuns("نسبة الموافقة 72% في S1");
    // visual order, left to right; after Arabic letters the digits are Arabic numbers, so "%" is placed
    // by its neighbours (as a browser does): "S1", "% في", "72", "نسبة الموافقة"
    expect(runs.map((r) => r.text.trim())).toEqual(["S1", "% في", "72", "نسبة الموافقة"]);
    expect(runs.map((r) => r.rtl)).toEqual([false, true, false, true]);
    // a neutral between a Latin run and Arabic takes the paragraph's direction
    expect(bidiRuns("Industry 62% · نسبة").map((r) => [r.text.trim(), r.rtl])).toEqual([
      ["· نسبة", true],
      ["Industry 62%", false],
    ]);
  });

  it("mirrors brackets inside right-to-left text", () => {
    const runs = bidiRuns("الأصوات (كلها)");
    expect(runs).toHaveLength(1);
    expect(runs[0]!.text).toBe("الأصوات )كلها(");
  });
});
