/**
 * Renders a ReportModel (schema v1) as GitHub-flavoured Markdown, with the same sections and
 * headings as the HTML report. User text is escaped so it can neither break a table (`|`,
 * newlines) nor inject HTML or Markdown structure.
 */
import type { ReportModel, ReportStatement } from "./report-types";
import { triggerAfterIf } from "../deliberation/if-then";
import { processEventBlocks } from "./process-events";
import {
  ATTRIBUTION_LABELS,
  CLASSIFICATION_LABELS,
  SECTION_HEADINGS,
  SECTION_INTROS,
  allStatements,
  fmtDate,
  fmtNum,
  fmtPct,
  fmtPp,
  groupBarsText,
  opinionGroupLabel,
  paragraphs,
  statementSpread,
  suppressionNote,
  thresholdRows,
} from "./render-html";

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

/** Paragraphs of user text, separated by blank lines. */
function mdText(text: string | null | undefined): string {
  return paragraphs(text).map(mdLines).join("\n\n");
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

function quote(text: string): string {
  return paragraphs(text)
    .map((p) => mdLines(p).split("\n").map((l) => `> ${l}`).join("\n"))
    .join("\n>\n");
}

function note(text: string | undefined): string {
  if (!text || !text.trim()) return "";
  return `**Facilitator's note**\n\n${quote(text)}\n\n`;
}

function numbers(s: ReportStatement): string {
  const c = s.counts;
  const parts = [
    `Votes: ${c.total} (agree ${c.agree}, disagree ${c.disagree}, pass ${c.pass})`,
    `agree rate ${fmtPct(s.agreeRate)}`,
    `pass rate ${fmtPct(s.passRate)}`,
    `mean confidence ${fmtNum(s.meanConfidence)}`,
  ];
  if (s.groupInformedConsensus !== null) parts.push(`group-informed consensus ${fmtNum(s.groupInformedConsensus, 3)}`);
  if (s.balanced !== null) parts.push(`balanced agreement ${fmtPct(s.balanced)}`);
  if (s.bridging) parts.push(`bridging ${escapeMarkdown(s.bridging.group)} ${fmtPct(s.bridging.rate)}`);
  return parts.join(" · ");
}

function groupsTable(s: ReportStatement): string {
  if (!s.groups.length) return "_No per-group results._";
  return mdTable(
    ["Stakeholder group", "n", "Agree rate", "95% interval"],
    s.groups.map((g) => [g.name, g.n, fmtPct(g.agreeRate), g.interval ? `${fmtPct(g.interval.low)}–${fmtPct(g.interval.high)}` : "—"]),
    1,
  );
}

function header(s: ReportStatement, prefix = ""): string {
  const carried = s.carriedOver ? `${mdCell(s.carriedOver.sentence)}${s.carriedOver.reportPath ? ` (${mdCell(s.carriedOver.reportPath)})` : ""}\n\n` : "";
  return `### ${prefix}${s.key} ${escapeMarkdown(s.title)}\n\n_Proposal #${s.proposalNumber}, version ${s.versionNumber} · ${escapeMarkdown(s.categoryLabel || s.category)}_\n\n${carried}${quote(s.statement)}\n\n`;
}

function evidence(s: ReportStatement): string {
  if (!s.evidenceLinks.length) return "";
  // links are shown as escaped text (not live links) so a hostile URL can't become clickable markup
  return `**Evidence**\n\n${s.evidenceLinks.map((l) => `- ${mdCell(l)}`).join("\n")}\n\n`;
}

function commitment(s: ReportStatement): string {
  const lines: string[] = [];
  if (s.scope) lines.push(`- **Scope:** ${mdCell(s.scope)}`);
  if (s.indicator) lines.push(`- **Indicator:** ${mdCell(s.indicator)}`);
  if (s.threshold) lines.push(`- **Threshold:** ${mdCell(s.threshold)}`);
  if (s.trigger || s.response) lines.push(`- **If-then commitment:** **If** ${mdCell(triggerAfterIf(s.trigger) || "—")} **then** ${mdCell(s.response || "—")}`);
  return lines.length ? `${lines.join("\n")}\n\n` : "";
}

function reason(s: ReportStatement, label = "Why"): string {
  return `**${label}:** ${mdCell(s.reasonText)}\n\n`;
}

function agreementMd(s: ReportStatement): string {
  return `${header(s)}${commitment(s)}${numbers(s)}\n\n${groupsTable(s)}\n\n${reason(s)}${evidence(s)}`;
}

function excerpts(label: string, items: string[]): string {
  if (!items.length) return `**${label}:** _no excerpts._\n\n`;
  return `**${label}:**\n\n${items.map(quote).join("\n\n")}\n\n`;
}

function cruxMd(s: ReportStatement): string {
  const spread = statementSpread(s);
  const sides = s.sides
    ? `- **Leaning for:** ${mdCell(s.sides.for.join(", ") || "—")}\n- **Leaning against:** ${mdCell(s.sides.against.join(", ") || "—")}\n${spread !== null ? `- **Spread between groups:** ${fmtPct(spread)}\n` : ""}\n`
    : spread !== null
      ? `**Spread between groups:** ${fmtPct(spread)}\n\n`
      : "";
  return `${header(s)}${sides}${numbers(s)}\n\n${groupsTable(s)}\n\n${reason(s)}${s.disagreementReasons ? `**Why they disagree:** ${mdCell(s.disagreementReasons.sentence)}\n\n` : ""}${excerpts("Strongest arguments for", s.excerpts.supports)}${excerpts("Strongest arguments against", s.excerpts.opposes)}${evidence(s)}`;
}

function uncertaintyMd(s: ReportStatement): string {
  return `${header(s, "Open question: ")}${reason(s, "Why it is open")}${numbers(s)}\n\n${groupsTable(s)}\n\n${evidence(s)}`;
}

function briefMd(s: ReportStatement): string {
  return `${header(s)}${numbers(s)}\n\n${reason(s)}`;
}

function section(heading: string, intro: string, list: ReportStatement[], render: (s: ReportStatement) => string, sectionNote?: string): string {
  return `## ${heading}\n\n_${intro}_\n\n${note(sectionNote)}${list.length ? list.map(render).join("") : "_None in this round._\n\n"}`;
}

export function renderReportMarkdown(model: ReportModel): string {
  const d = model.deliberation;
  const m = model.methodology;
  const out: string[] = [];
  out.push(`# ${escapeMarkdown(d.title)}\n\n_State-of-the-science consensus report_\n\n**Question:** ${mdCell(d.question)}\n\n`);
  if (paragraphs(d.description).length) out.push(`${mdText(d.description)}\n\n`);
  out.push(
    `- **Convener:** ${mdCell(d.convener)}\n- **Round:** ${model.round.number} of ${model.rounds}\n- **Opened:** ${fmtDate(model.round.openedAt)}\n- **Voting opened:** ${fmtDate(model.round.votingOpenedAt)}\n- **Closed:** ${fmtDate(model.round.closedAt)}\n- **Participants:** ${model.participation.participants} (${model.participation.voters} voted)\n- **Generated:** ${fmtDate(model.generatedAt)}\n\n`,
  );
  out.push(`## Participation\n\n`);
  out.push(
    model.participation.byGroup.length
      ? `${mdTable(["Stakeholder group", "Participants", "Voters"], model.participation.byGroup.map((g) => [g.name, g.participants, g.voters]), 1)}\n\n`
      : "_No stakeholder groups reported._\n\n",
  );
  out.push(
    model.participation.byRegion.length
      ? `${mdTable(["Region", "Participants", "Voters"], model.participation.byRegion.map((g) => [g.name, g.participants, g.voters]), 1)}\n\n`
      : "_No regions reported._\n\n",
  );
  const sup = suppressionNote(model);
  if (sup) out.push(`_${escapeMarkdown(sup)}_\n\n`);

  out.push(`## ${SECTION_HEADINGS.summary}\n\n${paragraphs(model.summary).length ? mdText(model.summary) : "_No summary provided._"}\n\n`);

  out.push(`## ${SECTION_HEADINGS.methodology}\n\n`);
  out.push(`### Process\n\n${mdText(m.process)}\n\n### Voting scale\n\n${mdText(m.votingScale)}\n\n`);
  out.push(`### Thresholds\n\n${mdTable(["Criterion", "Value"], thresholdRows(m.thresholds), 1)}\n\n`);
  out.push(`### Weighting\n\n${mdText(m.weighting)}\n\n### Opinion groups\n\n${mdText(m.opinionGroups)}\n\n`);
  out.push(`### Attribution\n\n**${ATTRIBUTION_LABELS[m.attributionMode] ?? escapeMarkdown(m.attributionMode)}.** ${mdText(m.attributionRule)}\n\n`);
  if (m.participation) out.push(`### Participation\n\n${mdText(m.participation)}\n\n`);
  const events = processEventBlocks(m.processEvents);
  if (events) {
    out.push(`### ${escapeMarkdown(events.heading)}\n\n`);
    for (const b of events.blocks) out.push(`#### ${escapeMarkdown(b.heading)}\n\n${b.lines.map((l) => `- ${mdCell(l)}`).join("\n")}\n\n`);
  }

  out.push(section(SECTION_HEADINGS.agreement, SECTION_INTROS.agreement, model.agreement, agreementMd, model.sectionNotes.agreement));
  out.push(section(SECTION_HEADINGS.disagreement, SECTION_INTROS.disagreement, model.disagreement, cruxMd, model.sectionNotes.disagreement));
  out.push(section(SECTION_HEADINGS.uncertainty, SECTION_INTROS.uncertainty, model.uncertainty, uncertaintyMd, model.sectionNotes.uncertainty));
  out.push(section(SECTION_HEADINGS.noConsensus, SECTION_INTROS.noConsensus, model.noConsensus, briefMd));
  out.push(section(SECTION_HEADINGS.insufficient, SECTION_INTROS.insufficient, model.insufficient, briefMd));

  const all = allStatements(model);
  const moves = all.flatMap((s) =>
    s.movement.map((mv) => [s.key, s.title, `Round ${mv.fromRound}`, fmtPp(mv.agreeChange), fmtPp(mv.spreadChange), mv.converged === null ? "—" : mv.converged ? "Converged" : "Diverged"]),
  );
  out.push(`## ${SECTION_HEADINGS.movement}\n\n_${SECTION_INTROS.movement}_\n\n${note(model.sectionNotes.movement)}`);
  out.push(
    moves.length
      ? `${mdTable(["Statement", "Title", "Compared with", "Agree rate change", "Spread change", "Direction"], moves, 3)}\n\n`
      : "_No earlier round to compare with._\n\n",
  );

  const map = model.opinionMap;
  out.push(`## ${SECTION_HEADINGS.opinionMap}\n\n`);
  out.push(
    map.points.length
      ? `${map.points.length} participants fall into ${map.k} opinion group${map.k === 1 ? "" : "s"} (nearby points in the map voted alike):\n\n${map.groupSizes.map((n, i) => `- ${opinionGroupLabel(i)}: ${n} participant${n === 1 ? "" : "s"}`).join("\n")}\n\n`
      : "_No opinion map for this round._\n\n",
  );

  out.push(`## ${SECTION_HEADINGS.taxonomy}\n\n`);
  out.push(
    model.taxonomy.length
      ? `${mdTable(["Category", "Statements", "Agreement", "Disagreement", "Uncertainty"], model.taxonomy.map((t) => [t.label || t.category, t.statements, t.agreement, t.disagreement, t.uncertainty]), 1)}\n\n`
      : "_No categories._\n\n",
  );

  out.push(`## ${SECTION_HEADINGS.appendix}\n\n_${SECTION_INTROS.appendix}_\n\n${note(model.sectionNotes.appendix)}`);
  out.push(
    all.length
      ? `${mdTable(
          ["Key", "Statement", "Category", "Classification", "Agree", "Disagree", "Pass", "Total", "Agree rate", "Pass rate", "Mean confidence", "GIC", "Per group", "Reason"],
          all.map((s) => [
            s.key,
            s.title,
            s.categoryLabel || s.category,
            CLASSIFICATION_LABELS[s.classification],
            s.counts.agree,
            s.counts.disagree,
            s.counts.pass,
            s.counts.total,
            fmtPct(s.agreeRate),
            fmtPct(s.passRate),
            fmtNum(s.meanConfidence),
            fmtNum(s.groupInformedConsensus, 3),
            groupBarsText(s),
            s.reasonText,
          ]),
          [4, 5, 6, 7, 8, 9, 10, 11],
        )}\n\n`
      : "_No statements._\n\n",
  );
  out.push(`---\n\n_Report schema v${model.schemaVersion} · generated ${fmtDate(model.generatedAt)}. No participant is named in this report._\n`);
  return out.join("");
}
