import { escapeHtml } from "../formats/html";
import { triggerAfterIf } from "../deliberation/if-then";
/**
 * Renders a ReportModel (schema v1) as one complete, standalone, print-ready HTML document:
 * no scripts, no external assets, inline SVG charts with text alternatives, a `@media print`
 * stylesheet. It only presents what the model holds; it computes no statistics of its own.
 *
 * The small formatting helpers and section headings exported here are shared by the Markdown
 * and PDF renderers so that every format reads the same.
 */
import type { ReportModel, ReportStatement } from "./report-types";
import type { Thresholds } from "../consensus/types";
import { processEventBlocks } from "./process-events";

/** Section headings, identical in every format. */
export const SECTION_HEADINGS = {
  summary: "Executive summary",
  methodology: "Methodology",
  agreement: "Points of agreement",
  disagreement: "Points of disagreement",
  uncertainty: "Key uncertainties",
  noConsensus: "No consensus",
  insufficient: "Insufficient data",
  movement: "Movement across rounds",
  opinionMap: "Opinion map",
  taxonomy: "Taxonomy breakdown",
  appendix: "Appendix",
} as const;

export const SECTION_INTROS = {
  agreement: "Statements on which every stakeholder group agreed, with enough confidence to act on.",
  disagreement: "Cruxes: statements that divide stakeholder groups. Excerpts are unattributed.",
  uncertainty: "Questions the assembly could not yet answer — a research agenda for the next round.",
  noConsensus: "Statements that met none of the thresholds for agreement, disagreement or uncertainty.",
  insufficient: "Statements with too few votes, or too small a group, to classify.",
  movement: "How agreement and spread changed for each statement since earlier rounds.",
  appendix: "Every statement on the ballot with its numbers.",
} as const;

export { escapeHtml };

/** 0.724 → "72%"; null → "—". */
export function fmtPct(rate: number | null | undefined): string {
  if (rate === null || rate === undefined || !Number.isFinite(rate)) return "—";
  return `${Math.round(rate * 100)}%`;
}

/** A change in rate as signed percentage points: 0.12 → "+12 pp". */
export function fmtPp(change: number | null | undefined): string {
  if (change === null || change === undefined || !Number.isFinite(change)) return "—";
  const pp = Math.round(change * 100);
  return `${pp > 0 ? "+" : pp < 0 ? "−" : "±"}${Math.abs(pp)} pp`;
}

export function fmtNum(value: number | null | undefined, digits = 2): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return "—";
  return Number.isInteger(value) ? String(value) : value.toFixed(digits);
}

/** ISO timestamp → "2025-03-14 09:30 UTC"; null or unparsable values are shown as given / "—". */
export function fmtDate(iso: string | null | undefined): string {
  if (!iso) return "—";
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return `${d.toISOString().slice(0, 10)} ${d.toISOString().slice(11, 16)} UTC`;
}

export const CLASSIFICATION_LABELS: Record<ReportStatement["classification"], string> = {
  agreement: "Agreement",
  disagreement: "Disagreement (crux)",
  uncertainty: "Uncertainty",
  insufficient_data: "Insufficient data",
  no_consensus: "No consensus",
};

export const ATTRIBUTION_LABELS: Record<ReportModel["methodology"]["attributionMode"], string> = {
  named: "Named",
  chatham_house: "Chatham House Rule",
  anonymous: "Anonymous",
};

/** Thresholds as label/value rows (rates as percentages). */
export function thresholdRows(t: Thresholds): [string, string][] {
  return [
    ["Agreement: every group's 95% interval lower bound at least", fmtPct(t.agreementLowerBound)],
    ["Agreement: every group's agree rate at least", fmtPct(t.agreementGroupRate)],
    ["Agreement: overall agree rate at least", fmtPct(t.agreementOverall)],
    ["Disagreement: spread between groups at least", fmtPct(t.disagreementSpread)],
    ["Uncertainty: pass rate at least", fmtPct(t.uncertaintyPassRate)],
    ["Uncertainty: mean confidence at most", fmtNum(t.uncertaintyConfidence)],
    ["Uncertainty: a group's interval wider than", fmtPct(t.uncertaintyIntervalWidth)],
    ["Insufficient data: fewer votes than", fmtNum(t.minVotes)],
    ["Insufficient data: a group with fewer voters than", fmtNum(t.minGroupSize)],
  ];
}

/** The spread recorded in the model for a crux (from its reason), or null. */
export function statementSpread(s: ReportStatement): number | null {
  return s.reason.code === "split" ? s.reason.spread : s.reason.code === "no_consensus" ? s.reason.spread : null;
}

export function suppressionNote(model: ReportModel): string | null {
  const { groups, regions, k } = model.participation.suppressed;
  if (!groups && !regions) return null;
  const parts: string[] = [];
  if (groups) parts.push(`${groups} stakeholder group${groups === 1 ? "" : "s"}`);
  if (regions) parts.push(`${regions} region${regions === 1 ? "" : "s"}`);
  return `To protect participants, ${parts.join(" and ")} with fewer than ${k} members ${groups + regions === 1 ? "was" : "were"} merged into "Other (groups under k)" or suppressed.`;
}

export function roundLine(model: ReportModel): string {
  const r = model.round;
  return `Round ${r.number} of ${model.rounds} · opened ${fmtDate(r.openedAt)} · voting opened ${fmtDate(r.votingOpenedAt)} · closed ${fmtDate(r.closedAt)}`;
}

/** Splits free text into paragraphs on blank lines; trims and drops empty ones. */
export function paragraphs(text: string | null | undefined): string[] {
  return String(text ?? "")
    .replace(/\r\n?/g, "\n")
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter(Boolean);
}

/** Opinion-group label: 0 → "Opinion group A". */
export function opinionGroupLabel(index: number): string {
  let n = index;
  let s = "";
  do {
    s = String.fromCharCode(65 + (n % 26)) + s;
    n = Math.floor(n / 26) - 1;
  } while (n >= 0);
  return `Opinion group ${s}`;
}

export function groupBarsText(s: ReportStatement): string {
  if (!s.groups.length) return "No per-group results.";
  return s.groups
    .map((g) => {
      const interval = g.interval ? ` (95% interval ${fmtPct(g.interval.low)}–${fmtPct(g.interval.high)})` : "";
      return `${g.name}: ${fmtPct(g.agreeRate)} agree${interval}, n = ${g.n}`;
    })
    .join("; ");
}

// ---------------------------------------------------------------------------------------------

function textHtml(text: string | null | undefined): string {
  const paras = paragraphs(text);
  return paras.map((p) => `<p>${escapeHtml(p).replace(/\n/g, "<br>")}</p>`).join("\n");
}

function safeHref(href: string, baseUrl?: string): string | null {
  try {
    const url = baseUrl ? new URL(href, baseUrl) : new URL(href);
    if (url.protocol !== "http:" && url.protocol !== "https:") return null;
    return url.toString();
  } catch {
    // a relative link without a base: allow it unless it names a scheme or another host
    const trimmed = href.trim();
    return trimmed && !/^[a-z][a-z0-9+.-]*:/i.test(trimmed) && !/^[\\/]{2}/.test(trimmed) && !/[\s<>"]/.test(trimmed) ? trimmed : null;
  }
}

function sectionNote(note: string | undefined): string {
  if (!note || !note.trim()) return "";
  return `<aside class="note" aria-label="Facilitator's note"><p class="note-label">Facilitator's note</p>${textHtml(note)}</aside>`;
}

const BAR_COLOURS = ["#1b6ca8", "#c0392b", "#2e8540", "#8e44ad", "#d35400", "#16a085", "#7f6000", "#5d6d7e"];
const SHAPES = ["circle", "square", "triangle", "diamond", "cross", "star"] as const;

let svgIdCounter = 0;

/** Horizontal per-group bars of agree rates with 95% interval whiskers. */
export function groupBarsSvg(s: ReportStatement, idPrefix = s.key): string {
  if (!s.groups.length) return `<p class="muted">No per-group results.</p>`;
  const id = `${idPrefix}-bars-${++svgIdCounter}`.replace(/[^\w-]/g, "_");
  const labelW = 170;
  const barW = 260;
  const rowH = 22;
  const top = 6;
  const width = labelW + barW + 60;
  const height = top + s.groups.length * rowH + 22;
  const rows = s.groups
    .map((g, i) => {
      const y = top + i * rowH;
      const w = g.agreeRate === null ? 0 : Math.max(0, Math.min(1, g.agreeRate)) * barW;
      const name = g.name.length > 26 ? `${g.name.slice(0, 25)}…` : g.name;
      let whisker = "";
      if (g.interval) {
        const x1 = labelW + Math.max(0, Math.min(1, g.interval.low)) * barW;
        const x2 = labelW + Math.max(0, Math.min(1, g.interval.high)) * barW;
        const cy = y + 8;
        whisker = `<line x1="${x1.toFixed(1)}" y1="${cy}" x2="${x2.toFixed(1)}" y2="${cy}" class="whisker"/><line x1="${x1.toFixed(1)}" y1="${cy - 5}" x2="${x1.toFixed(1)}" y2="${cy + 5}" class="whisker"/><line x1="${x2.toFixed(1)}" y1="${cy - 5}" x2="${x2.toFixed(1)}" y2="${cy + 5}" class="whisker"/>`;
      }
      return `<text x="${labelW - 6}" y="${y + 12}" text-anchor="end" class="lbl">${escapeHtml(name)} (n=${g.n})</text><rect x="${labelW}" y="${y + 2}" width="${barW}" height="12" class="track"/><rect x="${labelW}" y="${y + 2}" width="${w.toFixed(1)}" height="12" class="bar"/>${whisker}<text x="${labelW + barW + 6}" y="${y + 12}" class="val">${fmtPct(g.agreeRate)}</text>`;
    })
    .join("");
  const axisY = top + s.groups.length * rowH;
  const ticks = [0, 0.5, 1]
    .map((t) => `<line x1="${labelW + t * barW}" y1="${top}" x2="${labelW + t * barW}" y2="${axisY}" class="grid"/><text x="${labelW + t * barW}" y="${axisY + 14}" text-anchor="middle" class="tick">${fmtPct(t)}</text>`)
    .join("");
  const desc = `Agree rate by stakeholder group for ${s.key}: ${groupBarsText(s)}`;
  return `<figure class="bars"><svg viewBox="0 0 ${width} ${height}" width="100%" role="img" aria-labelledby="${id}-t ${id}-d" xmlns="http://www.w3.org/2000/svg"><title id="${id}-t">Agree rate by stakeholder group, with 95% intervals</title><desc id="${id}-d">${escapeHtml(desc)}</desc>${ticks}${rows}</svg><figcaption>Agree rate by stakeholder group; whiskers show 95% intervals. <span class="sr-only">${escapeHtml(groupBarsText(s))}</span></figcaption></figure>`;
}

function shapeSvg(shape: (typeof SHAPES)[number], x: number, y: number, colour: string): string {
  const r = 4;
  const f = `fill="${colour}" fill-opacity="0.8" stroke="${colour}"`;
  switch (shape) {
    case "circle":
      return `<circle cx="${x.toFixed(1)}" cy="${y.toFixed(1)}" r="${r}" ${f}/>`;
    case "square":
      return `<rect x="${(x - r).toFixed(1)}" y="${(y - r).toFixed(1)}" width="${2 * r}" height="${2 * r}" ${f}/>`;
    case "triangle":
      return `<polygon points="${x.toFixed(1)},${(y - r - 1).toFixed(1)} ${(x + r + 1).toFixed(1)},${(y + r).toFixed(1)} ${(x - r - 1).toFixed(1)},${(y + r).toFixed(1)}" ${f}/>`;
    case "diamond":
      return `<polygon points="${x.toFixed(1)},${(y - r - 1).toFixed(1)} ${(x + r + 1).toFixed(1)},${y.toFixed(1)} ${x.toFixed(1)},${(y + r + 1).toFixed(1)} ${(x - r - 1).toFixed(1)},${y.toFixed(1)}" ${f}/>`;
    case "cross":
      return `<path d="M${(x - r).toFixed(1)} ${(y - r).toFixed(1)}L${(x + r).toFixed(1)} ${(y + r).toFixed(1)}M${(x + r).toFixed(1)} ${(y - r).toFixed(1)}L${(x - r).toFixed(1)} ${(y + r).toFixed(1)}" stroke="${colour}" stroke-width="2" fill="none"/>`;
    default:
      return `<polygon points="${[0, 1, 2, 3, 4, 5, 6, 7, 8, 9]
        .map((i) => {
          const a = (Math.PI / 5) * i - Math.PI / 2;
          const rr = i % 2 ? r * 0.5 : r + 1;
          return `${(x + rr * Math.cos(a)).toFixed(1)},${(y + rr * Math.sin(a)).toFixed(1)}`;
        })
        .join(" ")}" ${f}/>`;
  }
}

export function opinionMapSvg(map: ReportModel["opinionMap"]): string {
  if (!map.points.length) return `<p class="muted">No opinion map for this round.</p>`;
  const W = 480;
  const H = 320;
  const pad = 16;
  const xs = map.points.map((p) => p.x);
  const ys = map.points.map((p) => p.y);
  const [minX, maxX, minY, maxY] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  const sx = (x: number) => pad + (maxX === minX ? 0.5 : (x - minX) / (maxX - minX)) * (W - 2 * pad);
  const sy = (y: number) => H - pad - (maxY === minY ? 0.5 : (y - minY) / (maxY - minY)) * (H - 2 * pad);
  const pts = map.points
    .map((p) => shapeSvg(SHAPES[p.group % SHAPES.length], sx(p.x), sy(p.y), BAR_COLOURS[p.group % BAR_COLOURS.length]))
    .join("");
  const groups = map.groupSizes.map((size, i) => ({ i, size }));
  const desc = `Opinion map of ${map.points.length} participants in ${map.k} opinion group${map.k === 1 ? "" : "s"}: ${groups
    .map((g) => `${opinionGroupLabel(g.i)} (${SHAPES[g.i % SHAPES.length]}), ${g.size} participant${g.size === 1 ? "" : "s"}`)
    .join("; ")}. Nearby points voted alike; the axes have no units.`;
  const legend = groups
    .map(
      (g) =>
        `<li><svg width="14" height="14" viewBox="0 0 14 14" aria-hidden="true">${shapeSvg(SHAPES[g.i % SHAPES.length], 7, 7, BAR_COLOURS[g.i % BAR_COLOURS.length])}</svg> ${escapeHtml(opinionGroupLabel(g.i))}: ${g.size} participant${g.size === 1 ? "" : "s"}</li>`,
    )
    .join("");
  return `<figure class="map"><svg viewBox="0 0 ${W} ${H}" width="100%" role="img" aria-labelledby="opinion-map-t opinion-map-d" xmlns="http://www.w3.org/2000/svg"><title id="opinion-map-t">Opinion map</title><desc id="opinion-map-d">${escapeHtml(desc)}</desc><rect x="0.5" y="0.5" width="${W - 1}" height="${H - 1}" class="frame"/>${pts}</svg><figcaption>${escapeHtml(desc)}</figcaption><ul class="legend">${legend}</ul></figure>`;
}

function table(headers: string[], rows: string[][], opts: { caption?: string; numericFrom?: number; cls?: string } = {}): string {
  const num = opts.numericFrom ?? headers.length;
  const head = headers.map((h, i) => `<th scope="col"${i >= num ? ' class="num"' : ""}>${escapeHtml(h)}</th>`).join("");
  const body = rows
    .map((r) => `<tr>${r.map((c, i) => (i === 0 ? `<th scope="row">${c}</th>` : `<td${i >= num ? ' class="num"' : ""}>${c}</td>`)).join("")}</tr>`)
    .join("\n");
  // focusable and named, so a keyboard can scroll a table wider than a phone (axe: scrollable-region-focusable)
  const name = opts.caption ?? headers.join(", ");
  return `<div class="table-wrap" role="group" tabindex="0" aria-label="${escapeHtml(name)}"><table${opts.cls ? ` class="${opts.cls}"` : ""}>${opts.caption ? `<caption>${escapeHtml(opts.caption)}</caption>` : ""}<thead><tr>${head}</tr></thead><tbody>${body}</tbody></table></div>`;
}

function participationTable(caption: string, rows: { name: string; participants: number; voters: number }[]): string {
  if (!rows.length) return `<p class="muted">${escapeHtml(caption)}: none reported.</p>`;
  return table(
    [caption.includes("region") ? "Region" : "Stakeholder group", "Participants", "Voters"],
    rows.map((r) => [escapeHtml(r.name), String(r.participants), String(r.voters)]),
    { caption, numericFrom: 1 },
  );
}

function statementNumbers(s: ReportStatement): string {
  const c = s.counts;
  const items = [
    `<li><span>Votes</span> ${c.total} (agree ${c.agree}, disagree ${c.disagree}, pass ${c.pass})</li>`,
    `<li><span>Agree rate</span> ${fmtPct(s.agreeRate)}</li>`,
    `<li><span>Pass rate</span> ${fmtPct(s.passRate)}</li>`,
    `<li><span>Mean confidence</span> ${fmtNum(s.meanConfidence)}</li>`,
  ];
  if (s.groupInformedConsensus !== null) items.push(`<li><span>Group-informed consensus</span> ${fmtNum(s.groupInformedConsensus, 3)}</li>`);
  if (s.balanced !== null) items.push(`<li><span>Balanced agreement</span> ${fmtPct(s.balanced)}</li>`);
  if (s.bridging) items.push(`<li><span>Bridging</span> ${escapeHtml(s.bridging.group)} ${fmtPct(s.bridging.rate)}</li>`);
  return `<ul class="numbers">${items.join("")}</ul>`;
}

function evidenceHtml(s: ReportStatement, baseUrl?: string): string {
  if (!s.evidenceLinks.length) return "";
  const items = s.evidenceLinks
    .map((l) => {
      const href = safeHref(l, baseUrl);
      return href ? `<li><a href="${escapeHtml(href)}">${escapeHtml(l)}</a></li>` : `<li>${escapeHtml(l)}</li>`;
    })
    .join("");
  return `<div class="evidence"><p class="dt">Evidence</p><ul>${items}</ul></div>`;
}

function commitmentHtml(s: ReportStatement): string {
  const rows: string[] = [];
  if (s.scope) rows.push(`<dt>Scope</dt><dd>${escapeHtml(s.scope)}</dd>`);
  if (s.indicator) rows.push(`<dt>Indicator</dt><dd>${escapeHtml(s.indicator)}</dd>`);
  if (s.threshold) rows.push(`<dt>Threshold</dt><dd>${escapeHtml(s.threshold)}</dd>`);
  if (s.trigger || s.response)
    rows.push(
      `<dt>If-then commitment</dt><dd><strong>If</strong> ${escapeHtml(triggerAfterIf(s.trigger) || "—")} <strong>then</strong> ${escapeHtml(s.response || "—")}</dd>`,
    );
  return rows.length ? `<dl class="commitment">${rows.join("")}</dl>` : "";
}

function statementHeader(s: ReportStatement, prefix = ""): string {
  return `<h3 id="st-${escapeHtml(s.key)}">${escapeHtml(prefix)}<span class="key">${escapeHtml(s.key)}</span> ${escapeHtml(s.title)}</h3><p class="meta">Proposal #${s.proposalNumber}, version ${s.versionNumber} · ${escapeHtml(s.categoryLabel || s.category)}</p>${carriedOverHtml(s)}`;
}

/** "Carried over from …, where it had …" for a red line continued from an earlier deliberation. */
function carriedOverHtml(s: ReportStatement): string {
  const c = s.carriedOver;
  if (!c) return "";
  const link = c.reportPath && c.reportPath.startsWith("/reports/") ? ` <a href="${escapeHtml(c.reportPath)}">${escapeHtml(c.reportPath)}</a>` : "";
  return `<p class="meta carried" data-testid="carried-over">${escapeHtml(c.sentence)}${link}</p>`;
}

function reasonsHtml(s: ReportStatement): string {
  return s.disagreementReasons ? `<p class="reason" data-testid="crux-reasons"><strong>Why they disagree:</strong> ${escapeHtml(s.disagreementReasons.sentence)}</p>` : "";
}

function reasonHtml(s: ReportStatement, label = "Why"): string {
  return `<p class="reason"><strong>${escapeHtml(label)}:</strong> ${escapeHtml(s.reasonText)}</p>`;
}

function agreementCard(s: ReportStatement, baseUrl?: string): string {
  return `<article class="statement agreement">${statementHeader(s)}<blockquote class="text">${textHtml(s.statement)}</blockquote>${commitmentHtml(s)}${statementNumbers(s)}${groupBarsSvg(s)}${reasonHtml(s)}${evidenceHtml(s, baseUrl)}</article>`;
}

function excerptList(label: string, items: string[]): string {
  if (!items.length) return `<p class="muted">${escapeHtml(label)}: no excerpts.</p>`;
  return `<div class="excerpts"><p class="dt">${escapeHtml(label)}</p>${items.map((e) => `<blockquote>${textHtml(e)}</blockquote>`).join("")}</div>`;
}

function cruxCard(s: ReportStatement, baseUrl?: string): string {
  const spread = statementSpread(s);
  const sides = s.sides
    ? `<dl class="sides"><dt>Leaning for</dt><dd>${escapeHtml(s.sides.for.join(", ") || "—")}</dd><dt>Leaning against</dt><dd>${escapeHtml(s.sides.against.join(", ") || "—")}</dd>${spread !== null ? `<dt>Spread between groups</dt><dd>${fmtPct(spread)}</dd>` : ""}</dl>`
    : spread !== null
      ? `<p><strong>Spread between groups:</strong> ${fmtPct(spread)}</p>`
      : "";
  return `<article class="statement crux">${statementHeader(s)}<blockquote class="text">${textHtml(s.statement)}</blockquote>${sides}${statementNumbers(s)}${groupBarsSvg(s)}${reasonHtml(s)}${reasonsHtml(s)}${excerptList("Strongest arguments for", s.excerpts.supports)}${excerptList("Strongest arguments against", s.excerpts.opposes)}${evidenceHtml(s, baseUrl)}</article>`;
}

function uncertaintyCard(s: ReportStatement, baseUrl?: string): string {
  return `<article class="statement uncertainty">${statementHeader(s, "Open question: ")}<blockquote class="text">${textHtml(s.statement)}</blockquote>${reasonHtml(s, "Why it is open")}${statementNumbers(s)}${groupBarsSvg(s)}${evidenceHtml(s, baseUrl)}</article>`;
}

function briefCard(s: ReportStatement): string {
  return `<article class="statement brief">${statementHeader(s)}<blockquote class="text">${textHtml(s.statement)}</blockquote>${statementNumbers(s)}${reasonHtml(s)}</article>`;
}

function statementSection(id: string, heading: string, intro: string, list: ReportStatement[], card: (s: ReportStatement) => string, note?: string, cls = "major"): string {
  const body = list.length ? list.map(card).join("\n") : `<p class="muted">None in this round.</p>`;
  return `<section id="${id}" class="${cls}" aria-labelledby="${id}-h"><h2 id="${id}-h">${escapeHtml(heading)}</h2><p class="intro">${escapeHtml(intro)}</p>${sectionNote(note)}${body}</section>`;
}

function allStatements(model: ReportModel): ReportStatement[] {
  const all = [...model.agreement, ...model.disagreement, ...model.uncertainty, ...model.noConsensus, ...model.insufficient];
  return all.sort((a, b) => keyOrder(a.key) - keyOrder(b.key) || a.key.localeCompare(b.key));
}

function keyOrder(key: string): number {
  const m = /^S(\d+)$/.exec(key);
  return m ? Number(m[1]) : Number.MAX_SAFE_INTEGER;
}

export { allStatements };

function movementSection(model: ReportModel): string {
  const rows: string[][] = [];
  for (const s of allStatements(model)) {
    for (const m of s.movement) {
      rows.push([
        `${escapeHtml(s.key)}`,
        escapeHtml(s.title),
        `Round ${m.fromRound}`,
        fmtPp(m.agreeChange),
        fmtPp(m.spreadChange),
        m.converged === null ? "—" : m.converged ? "Converged" : "Diverged",
      ]);
    }
  }
  const body = rows.length
    ? table(["Statement", "Title", "Compared with", "Agree rate change", "Spread change", "Direction"], rows, { numericFrom: 3 })
    : `<p class="muted">No earlier round to compare with.</p>`;
  return `<section id="movement" class="major" aria-labelledby="movement-h"><h2 id="movement-h">${SECTION_HEADINGS.movement}</h2><p class="intro">${escapeHtml(SECTION_INTROS.movement)}</p>${sectionNote(model.sectionNotes.movement)}${body}</section>`;
}

function taxonomySection(model: ReportModel): string {
  const body = model.taxonomy.length
    ? table(
        ["Category", "Statements", "Agreement", "Disagreement", "Uncertainty"],
        model.taxonomy.map((t) => [escapeHtml(t.label || t.category), String(t.statements), String(t.agreement), String(t.disagreement), String(t.uncertainty)]),
        { numericFrom: 1 },
      )
    : `<p class="muted">No categories.</p>`;
  return `<section id="taxonomy" aria-labelledby="taxonomy-h"><h2 id="taxonomy-h">${SECTION_HEADINGS.taxonomy}</h2>${body}</section>`;
}

function appendixSection(model: ReportModel): string {
  const rows = allStatements(model).map((s) => [
    `<a href="#st-${escapeHtml(s.key)}">${escapeHtml(s.key)}</a>`,
    `${escapeHtml(s.title)}<br><span class="muted">#${s.proposalNumber} v${s.versionNumber} · ${escapeHtml(s.categoryLabel || s.category)}</span>`,
    escapeHtml(CLASSIFICATION_LABELS[s.classification]),
    String(s.counts.agree),
    String(s.counts.disagree),
    String(s.counts.pass),
    String(s.counts.total),
    fmtPct(s.agreeRate),
    fmtPct(s.passRate),
    fmtNum(s.meanConfidence),
    fmtNum(s.groupInformedConsensus, 3),
  ]);
  const body = rows.length
    ? table(["Key", "Statement", "Classification", "Agree", "Disagree", "Pass", "Total", "Agree rate", "Pass rate", "Mean confidence", "GIC"], rows, {
        numericFrom: 3,
        cls: "appendix",
      })
    : `<p class="muted">No statements.</p>`;
  const reasons = allStatements(model)
    .map((s) => `<li><strong>${escapeHtml(s.key)}</strong> ${escapeHtml(s.reasonText)}</li>`)
    .join("");
  return `<section id="appendix" class="major" aria-labelledby="appendix-h"><h2 id="appendix-h">${SECTION_HEADINGS.appendix}</h2><p class="intro">${escapeHtml(SECTION_INTROS.appendix)}</p>${sectionNote(model.sectionNotes.appendix)}${body}${reasons ? `<h3>Classification reasons</h3><ul class="reasons">${reasons}</ul>` : ""}</section>`;
}

export const REPORT_CSS = `
:root{--fg:#1a1a1a;--muted:#5a5a5a;--line:#d0d0d0;--accent:#1b6ca8;--bg-note:#f5f1e6}
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;color:var(--fg);background:#fff;font:16px/1.55 Georgia,"Times New Roman",serif}
main{max-width:46rem;margin:0 auto;padding:1rem}
h1,h2,h3,caption,th,.meta,.numbers,figcaption,nav{font-family:system-ui,-apple-system,"Segoe UI",Helvetica,Arial,sans-serif}
h1{font-size:1.9rem;line-height:1.2;margin:1.5rem 0 .5rem}
h2{font-size:1.45rem;margin:2.5rem 0 .5rem;padding-top:.5rem;border-top:2px solid var(--fg)}
h3{font-size:1.1rem;margin:1.5rem 0 .25rem}
.key{display:inline-block;min-width:2.2em;color:var(--accent)}
.cover .question{font-size:1.2rem;font-style:italic}
.meta,.muted,.intro{color:var(--muted)}
.meta{font-size:.85rem;margin:.1rem 0 .5rem}
blockquote{margin:.5rem 0;padding:.25rem 0 .25rem 1rem;border-left:3px solid var(--line)}
blockquote.text{border-left-color:var(--accent)}
dl{display:grid;grid-template-columns:minmax(7rem,max-content) 1fr;gap:.25rem .75rem;margin:.5rem 0}
dt,.dt{font-weight:bold;font-family:system-ui,sans-serif;font-size:.9rem;margin:0}
dd{margin:0;overflow-wrap:anywhere}
.numbers{list-style:none;padding:0;display:flex;flex-wrap:wrap;gap:.25rem 1rem;font-size:.85rem}
.numbers span{color:var(--muted)}
.note{background:var(--bg-note);padding:.5rem 1rem;margin:1rem 0;border-radius:4px}
.note-label{font-weight:bold;margin:0;font-family:system-ui,sans-serif;font-size:.85rem}
.reason{font-size:.95rem}
.statement{margin:1rem 0 2rem;break-inside:avoid-page}
.table-wrap{overflow-x:auto;margin:.75rem 0;background:linear-gradient(to right,#fff 30%,rgba(255,255,255,0)) left/2rem 100% no-repeat local,linear-gradient(to left,#fff 30%,rgba(255,255,255,0)) right/2rem 100% no-repeat local,radial-gradient(farthest-side at 0 50%,rgba(0,0,0,.22),rgba(0,0,0,0)) left/.75rem 100% no-repeat scroll,radial-gradient(farthest-side at 100% 50%,rgba(0,0,0,.22),rgba(0,0,0,0)) right/.75rem 100% no-repeat scroll}
code,pre{overflow-wrap:anywhere;white-space:pre-wrap}
table{border-collapse:collapse;width:100%;font-size:.85rem}
caption{text-align:left;font-weight:bold;padding:.25rem 0}
th,td{border-bottom:1px solid var(--line);padding:.3rem .4rem;text-align:left;vertical-align:top}
th.num,td.num{text-align:right;font-variant-numeric:tabular-nums}
figure{margin:.75rem 0}
figcaption{font-size:.8rem;color:var(--muted)}
svg text{font-family:system-ui,Helvetica,Arial,sans-serif}
svg .lbl,svg .val{font-size:11px;fill:#1a1a1a}
svg .tick{font-size:9px;fill:#5a5a5a}
svg .track{fill:#eee}
svg .bar{fill:#1b6ca8}
svg .whisker{stroke:#1a1a1a;stroke-width:1.5}
svg .grid{stroke:#ccc;stroke-dasharray:2 2}
svg .frame{fill:none;stroke:#ccc}
.legend{list-style:none;padding:0;display:flex;flex-wrap:wrap;gap:.25rem 1rem;font-size:.85rem}
.sr-only{position:absolute;width:1px;height:1px;padding:0;margin:-1px;overflow:hidden;clip:rect(0,0,0,0);white-space:nowrap;border:0}
.formats{font-size:.9rem}
.formats ul{display:inline;list-style:none;padding:0}
.formats li{display:inline-block;margin-right:.75rem}
a{color:var(--accent)}
.evidence li{overflow-wrap:anywhere}
@media (max-width:600px){body{font-size:15px}main{padding:.75rem}h1{font-size:1.5rem}h2{font-size:1.25rem}dl{grid-template-columns:1fr}}
@media print{
  @page{size:A4;margin:18mm 16mm 20mm}
  body{font-size:10.5pt;color:#000}
  main{max-width:none;padding:0}
  a{color:#000;text-decoration:none}
  .formats{display:none}
  .cover{break-after:page}
  section.major{break-before:page}
  h2,h3{break-after:avoid}
  .statement,figure,tr,blockquote{break-inside:avoid}
  .table-wrap{overflow:visible}
  thead{display:table-header-group}
}
`;

export interface RenderHtmlOptions {
  lang?: string;
  baseUrl?: string;
  formats?: { label: string; href: string }[];
}

function processEventsHtml(events: ReportModel["methodology"]["processEvents"]): string {
  const outline = processEventBlocks(events);
  if (!outline) return "";
  const blocks = outline.blocks.map((b) => `<h4>${escapeHtml(b.heading)}</h4><ul>${b.lines.map((l) => `<li>${escapeHtml(l)}</li>`).join("")}</ul>`).join("\n");
  return `<h3 id="process-events">${escapeHtml(outline.heading)}</h3>\n${blocks}`;
}

export function renderReportHtml(model: ReportModel, opts: RenderHtmlOptions = {}): string {
  svgIdCounter = 0;
  const lang = /^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$/.test(opts.lang ?? "") ? opts.lang! : "en";
  const d = model.deliberation;
  const m = model.methodology;
  const title = `${d.title} — consensus report`;
  const canonical = opts.baseUrl ? safeHref(opts.baseUrl) : null;
  const formats = (opts.formats ?? [])
    .map((f) => ({ label: f.label, href: safeHref(f.href, opts.baseUrl) }))
    .filter((f): f is { label: string; href: string } => !!f.href);
  const note = suppressionNote(model);

  const cover = `<header class="cover" id="cover">
<p class="meta">State-of-the-science consensus report</p>
<h1>${escapeHtml(d.title)}</h1>
<p class="question">${escapeHtml(d.question)}</p>
${textHtml(d.description)}
<dl class="facts"><dt>Convener</dt><dd>${escapeHtml(d.convener)}</dd><dt>Round</dt><dd>${model.round.number} of ${model.rounds}</dd><dt>Opened</dt><dd>${escapeHtml(fmtDate(model.round.openedAt))}</dd><dt>Voting opened</dt><dd>${escapeHtml(fmtDate(model.round.votingOpenedAt))}</dd><dt>Closed</dt><dd>${escapeHtml(fmtDate(model.round.closedAt))}</dd><dt>Participants</dt><dd>${model.participation.participants} (${model.participation.voters} voted)</dd><dt>Generated</dt><dd>${escapeHtml(fmtDate(model.generatedAt))}</dd></dl>
${formats.length ? `<nav class="formats" aria-label="Other formats">Also available as: <ul>${formats.map((f) => `<li><a href="${escapeHtml(f.href)}">${escapeHtml(f.label)}</a></li>`).join("")}</ul></nav>` : ""}
<h2 id="participation-h">Participation</h2>
${participationTable("Participation by stakeholder group", model.participation.byGroup)}
${participationTable("Participation by region", model.participation.byRegion)}
${note ? `<p class="suppression">${escapeHtml(note)}</p>` : ""}
</header>`;

  const summary = `<section id="summary" aria-labelledby="summary-h"><h2 id="summary-h">${SECTION_HEADINGS.summary}</h2>${paragraphs(model.summary).length ? textHtml(model.summary) : `<p class="muted">No summary provided.</p>`}</section>`;

  const methodology = `<section id="methodology" class="major" aria-labelledby="methodology-h"><h2 id="methodology-h">${SECTION_HEADINGS.methodology}</h2>
<h3>Process</h3>${textHtml(m.process)}
<h3>Voting scale</h3>${textHtml(m.votingScale)}
<h3>Thresholds</h3>${table(["Criterion", "Value"], thresholdRows(m.thresholds).map(([k, v]) => [escapeHtml(k), escapeHtml(v)]), { caption: "Classification thresholds", numericFrom: 1 })}
<h3>Weighting</h3>${textHtml(m.weighting)}
<h3>Opinion groups</h3>${textHtml(m.opinionGroups)}
<h3>Attribution</h3><p><strong>${escapeHtml(ATTRIBUTION_LABELS[m.attributionMode] ?? m.attributionMode)}.</strong></p>${textHtml(m.attributionRule)}
${m.participation ? `<h3>Participation</h3>${textHtml(m.participation)}` : ""}
${processEventsHtml(m.processEvents)}
</section>`;

  const b = opts.baseUrl;
  const body = [
    cover,
    summary,
    methodology,
    statementSection("agreement", SECTION_HEADINGS.agreement, SECTION_INTROS.agreement, model.agreement, (s) => agreementCard(s, b), model.sectionNotes.agreement),
    statementSection("disagreement", SECTION_HEADINGS.disagreement, SECTION_INTROS.disagreement, model.disagreement, (s) => cruxCard(s, b), model.sectionNotes.disagreement),
    statementSection("uncertainty", SECTION_HEADINGS.uncertainty, SECTION_INTROS.uncertainty, model.uncertainty, (s) => uncertaintyCard(s, b), model.sectionNotes.uncertainty),
    statementSection("no-consensus", SECTION_HEADINGS.noConsensus, SECTION_INTROS.noConsensus, model.noConsensus, briefCard, undefined, ""),
    statementSection("insufficient", SECTION_HEADINGS.insufficient, SECTION_INTROS.insufficient, model.insufficient, briefCard, undefined, ""),
    movementSection(model),
    `<section id="opinion-map" class="major" aria-labelledby="opinion-map-h"><h2 id="opinion-map-h">${SECTION_HEADINGS.opinionMap}</h2>${opinionMapSvg(model.opinionMap)}</section>`,
    taxonomySection(model),
    appendixSection(model),
    `<footer><p class="muted">Report schema v${model.schemaVersion} · generated ${escapeHtml(fmtDate(model.generatedAt))}. No participant is named in this report.</p></footer>`,
  ].join("\n");

  return `<!DOCTYPE html>
<html lang="${escapeHtml(lang)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="Accord report schema v${model.schemaVersion}">
<title>${escapeHtml(title)}</title>
${canonical ? `<link rel="canonical" href="${escapeHtml(canonical)}">\n` : ""}<style>${REPORT_CSS}</style>
</head>
<body>
<main>
${body}
</main>
</body>
</html>
`;
}
