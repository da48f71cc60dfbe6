import { BUNDLE_FILES } from "./open-data-bundle";
import { renderReportMarkdown } from "./render-markdown";
import { renderReportPdf } from "./render-pdf.server";
import type { ReportModel } from "./report-types";

/** Renderings of the stored model, then the stored open-data bundle (served byte for byte). */
export const RENDERED_FILES = ["report.pdf", "report.md"] as const;
export const REPORT_FILES = [...RENDERED_FILES, ...BUNDLE_FILES] as const;
export type ReportFile = (typeof REPORT_FILES)[number];

/** The files a published version offers: the rendered ones always, the bundle's as far as it was stored. */
export function downloadableFiles(stored: readonly { name: string }[]): ReportFile[] {
  return REPORT_FILES.filter((f) => RENDERED_FILES.includes(f as never) || stored.some((x) => x.name === f));
}

export function contentTypeOf(file: string): string {
  if (file.endsWith(".pdf")) return "application/pdf";
  if (file.endsWith(".md")) return "text/markdown; charset=utf-8";
  if (file.endsWith(".json")) return "application/json; charset=utf-8";
  return "text/csv; charset=utf-8";
}

/** A rendering of a published report (PDF or Markdown) from its stored model. */
export async function renderReportFile(file: (typeof RENDERED_FILES)[number], model: ReportModel): Promise<string | Buffer> {
  return file === "report.pdf" ? renderReportPdf(model) : renderReportMarkdown(model);
}
