/**
 * Formats the report outline (report-outline.ts) as GitHub-flavoured Markdown. User text is escaped
 * so it can neither break a table (`|`, newlines) nor inject HTML or Markdown structure. It holds
 * no sentence of its own.
 */
import { DEFAULT_LANGUAGE, type Language } from "../i18n/languages";
import type { ReportModel } from "./report-types";
import { buildReportOutline, type ReportBlock, type ReportOutline, type Rich, type TableCell } from "./report-outline";

/** Escapes inline Markdown (and raw HTML) in one line of user text. */
export function escapeMarkdown(text: string | null | undefined): string {
  return String(text ?? "")
    .replace(/[\\`*_[\]<>|~]/g, (c) => `\\${c}`)
    .replace(/&/g, "&amp;");
}

/** Escapes user text for a paragraph: keeps line breaks, neutralises block markers at line start. */
function mdLines(text: string): string {
  return text
    .split("\n")
    .map((line) =>
      escapeMarkdown(line.trim())
        .replace(/^(\d+)([.)])(\s|$)/, "$1\\$2$3")
        .replace(/^([-+#=])/, "\\$1"),
    )
    .join("  \n");
}

/** One table cell: escaped, newlines folded into spaces so the row stays on one line. */
export function mdCell(text: string | number | null | undefined): string {
  return escapeMarkdown(String(text ?? "").replace(/\s*[\r\n]+\s*/g, " ").trim());
}

/** A GFM table; `numeric` lists the right-aligned columns (or the first of a run to the end). */
export function mdTable(headers: string[], rows: (string | number)[][], numeric: number | number[] = headers.length): string {
  const isNum = (i: number) => (Array.isArray(numeric) ? numeric.includes(i) : i >= numeric);
  const head = `| ${headers.map(mdCell).join(" | ")} |`;
  const sep = `| ${headers.map((_, i) => (isNum(i) ? "---:" : "---")).join(" | ")} |`;
  const body = rows.map((r) => `| ${r.map(mdCell).join(" | ")} |`);
  return [head, sep, ...body].join("\n");
}

function quote(paras: string[]): string {
  return paras.map((p) => mdLines(p).split("\n").map((l) => `> ${l}`).join("\n")).join("\n>\n");
}

function rich(value: Rich): string {
  if (typeof value === "string") return mdCell(value);
  return value.map((p) => (p.strong ? `**${mdCell(p.text)}**` : ` ${mdCell(p.text)} `)).join("").replace(/ {2,}/g, " ").trim();
}

function cell(c: TableCell): string {
  return c.sub ? `${c.text} (${c.sub})` : c.text;
}

function blockMd(o: ReportOutline, b: ReportBlock): string {
  const colon = o.labels.colon;
  switch (b.kind) {
    case "title":
      return `# ${escapeMarkdown(b.text)}\n\n`;
    case "heading":
      return `${"#".repeat(b.level)} ${escapeMarkdown(b.text)}\n\n`;
    case "section":
      return `${b.cover ? "" : `## ${escapeMarkdown(b.heading)}\n\n`}${b.blocks.map((x) => blockMd(o, x)).join("")}`;
    case "paragraph":
      if (!b.text.trim()) return "";
      if (b.tone === "strong" || b.tone === "question") return `**${mdCell(b.text)}**\n\n`;
      if (b.tone === "footer") return `---\n\n_${mdCell(b.text)}_\n`;
      return b.tone ? `_${mdCell(b.text)}_\n\n` : `${mdLines(b.text)}\n\n`;
    case "prose":
      if (!b.paragraphs.length) return "";
      return b.quote ? `${quote(b.paragraphs)}\n\n` : `${b.paragraphs.map(mdLines).join("\n\n")}\n\n`;
    case "facts":
      return `${b.items.map((i) => `- **${mdCell(colon(i.label))}** ${rich(i.value)}`).join("\n")}\n\n`;
    case "labelled":
      return `**${mdCell(colon(b.label))}** ${mdCell(b.text)}\n\n`;
    case "numbers":
      return `${b.items.map((i) => `${mdCell(i.label)} ${mdCell(i.value)}`).join(" · ")}\n\n`;
    case "table":
      return `${mdTable(b.headers, b.rows.map((r) => r.map(cell)), b.numericFrom)}\n\n`;
    case "bars":
      return `${mdTable(b.headers, b.rows.map((r) => [r.name, r.n, r.rateText, r.intervalText]), 1)}\n\n`;
    case "map":
      return `${mdCell(b.description)}\n\n`;
    case "list": {
      const items = b.items.map((i) => `- ${i.label ? `**${mdCell(i.label)}** ` : ""}${mdCell(i.text)}`).join("\n");
      return `${b.label ? `**${mdCell(b.label)}**\n\n` : ""}${items}\n\n`;
    }
    case "excerpts":
      return `**${mdCell(colon(b.label))}**\n\n${b.items.map(quote).join("\n\n")}\n\n`;
    case "note":
      return `**${mdCell(b.label)}**\n\n${quote(b.paragraphs)}\n\n`;
    case "formats":
      return "";
    case "statement": {
      const carried = b.carried ? `${mdCell(b.carried.text)}${b.carried.href ? ` (${mdCell(b.carried.href)})` : ""}\n\n` : "";
      return `### ${escapeMarkdown(b.prefix)}${b.key} ${escapeMarkdown(b.title)}\n\n_${mdCell(b.meta)}_\n\n${carried}${b.blocks.map((x) => blockMd(o, x)).join("")}`;
    }
  }
}

/** Formats an outline as Markdown. Evidence links stay escaped text, so a hostile URL can't become clickable markup. */
export function renderOutlineMarkdown(outline: ReportOutline): string {
  return outline.blocks.map((b) => blockMd(outline, b)).join("");
}

/** Renders a ReportModel (schema v1) as Markdown in `language` (default: English). */
export function renderReportMarkdown(model: ReportModel, language: Language = DEFAULT_LANGUAGE): string {
  return renderOutlineMarkdown(buildReportOutline(model, language));
}
