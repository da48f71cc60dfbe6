import type { Language } from "../i18n/languages";
import { BUNDLE_FILES } from "./open-data-bundle";
import { renderReportHtml } from "./render-html";
import { renderReportMarkdown } from "./render-markdown";
import { renderReportPdf } from "./render-pdf.server";
import type { ReportModel } from "./report-types";

/** Renderings of the stored model (in any language, `?lang=`), then the stored open-data bundle (served byte for byte). */
export const RENDERED_FILES = ["report.pdf", "report.md", "report.html"] as const;
export const REPORT_FILES = [...RENDERED_FILES, ...BUNDLE_FILES] as const;
export type ReportFile = (typeof REPORT_FILES)[number];
export type RenderedFile = (typeof RENDERED_FILES)[number];

/** The files a published version offers as downloads: the rendered ones (not report.html: it is the version's own page), the bundle's as far as it was stored. */
export function downloadableFiles(stored: readonly { name: string }[]): ReportFile[] {
  return REPORT_FILES.filter((f) => f === "report.pdf" || f === "report.md" || stored.some((x) => x.name === f));
}

export function isRenderedFile(file: string): file is RenderedFile {
  return (RENDERED_FILES as readonly string[]).includes(file);
}

export function contentTypeOf(file: string): string {
  if (file.endsWith(".pdf")) return "application/pdf";
  if (file.endsWith(".md")) return "text/markdown; charset=utf-8";
  if (file.endsWith(".html")) return "text/html; charset=utf-8";
  if (file.endsWith(".json")) return "application/json; charset=utf-8";
  return "text/csv; charset=utf-8";
}

/** A rendering of a published report (PDF, Markdown or standalone HTML) from its stored model, in `language`. */
export async function renderReportFile(file: RenderedFile, model: ReportModel, language: Language): Promise<string | Buffer> {
  if (file === "report.pdf") return renderReportPdf(model, language);
  if (file === "report.html") return renderReportHtml(model, { lang: language });
  return renderReportMarkdown(model, language);
}
