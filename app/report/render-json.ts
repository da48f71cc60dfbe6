/**
 * The report as JSON: the model itself, pretty-printed. Key order follows the model builder, so
 * the output is stable for a given model. For a content hash independent of key order use
 * `reportContentHash` (server-only, in report-hash.server.ts) or `canonicalJson` here.
 */
import type { ReportModel } from "./report-types";

export function renderReportJson(model: ReportModel): string {
  return `${JSON.stringify(model, null, 2)}\n`;
}

/**
 * Canonical JSON: keys of every object sorted (by UTF-16 code units), no whitespace, `undefined`
 * object members dropped (as JSON.stringify does). Arrays keep their order — order is content.
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (value === null || typeof value !== "object") return value;
  if (typeof (value as { toJSON?: unknown }).toJSON === "function") return sortKeys((value as { toJSON: () => unknown }).toJSON());
  if (Array.isArray(value)) return value.map(sortKeys);
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) {
    const v = (value as Record<string, unknown>)[key];
    if (v !== undefined && typeof v !== "function" && typeof v !== "symbol") out[key] = sortKeys(v);
  }
  return out;
}
