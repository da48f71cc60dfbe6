import { MIGRATION_NAMES } from "./migrate";
import type { DatabaseSummary } from "./backup";

/** The lines both commands print: size, migration level and every table's rows. */
export function formatSummary(summary: DatabaseSummary): string {
  const width = Math.max(...summary.tables.map((t) => t.name.length), 5);
  const level = summary.migrations.at(-1) ?? "none";
  return [
    `Size: ${formatBytes(summary.bytes)} (${summary.bytes} bytes)`,
    `Migration level: ${level} (${summary.migrations.length} applied; this code's latest is ${MIGRATION_NAMES.at(-1)})`,
    "Rows per table:",
    ...summary.tables.map((t) => `  ${t.name.padEnd(width)}  ${t.rows}`),
  ].join("\n");
}

function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
