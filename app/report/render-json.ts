/**
 * The report as JSON: the model itself, pretty-printed. Key order follows the model builder, so
 * the output is stable for a given model. A published version's hash is the SHA-256 of its
 * open-data bundle's manifest (app/report/open-data-bundle.ts).
 */
import type { ReportModel } from "./report-types";

export function renderReportJson(model: ReportModel): string {
  return `${JSON.stringify(model, null, 2)}\n`;
}

