import { exportRoundFiles } from "../interop/polis-export.server";
import { renderReportJson } from "./render-json";
import { renderReportMarkdown } from "./render-markdown";
import { renderReportPdf } from "./render-pdf.server";
import type { ReportModel } from "./report-types";

/** Standalone report documents run no script and load nothing but their own inline styles. */
export const REPORT_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

export const REPORT_FILES = ["report.pdf", "report.md", "report.json", "comments.csv", "votes.csv", "participants-votes.csv"] as const;
export type ReportFile = (typeof REPORT_FILES)[number];

/** One export of a published report, rendered from the stored model (CSV: the round's votes, anonymous ids). */
export async function renderReportFile(file: ReportFile, model: ReportModel, source: { deliberationId: string; roundId: string }): Promise<{ body: string | Buffer; type: string }> {
  switch (file) {
    case "report.pdf":
      return { body: await renderReportPdf(model), type: "application/pdf" };
    case "report.md":
      return { body: renderReportMarkdown(model), type: "text/markdown; charset=utf-8" };
    case "report.json":
      return { body: renderReportJson(model), type: "application/json; charset=utf-8" };
    default: {
      const files = await exportRoundFiles(source.deliberationId, source.roundId);
      return { body: files[file], type: "text/csv; charset=utf-8" };
    }
  }
}
