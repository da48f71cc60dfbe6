/** SHA-256 content hash of a report model, independent of object key order. Server-only. */
import { createHash } from "node:crypto";
import type { ReportModel } from "./report-types";
import { canonicalJson } from "./render-json";

export { canonicalJson };

export function reportContentHash(model: ReportModel): string {
  return createHash("sha256").update(canonicalJson(model), "utf8").digest("hex");
}
