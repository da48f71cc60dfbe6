import { escapeHtml } from "../formats/html";
import { DEFAULT_LANGUAGE, isLanguage, type Language } from "../i18n/languages";
/**
 * Formats the report outline (report-outline.ts) as one complete, standalone, print-ready HTML
 * document: no scripts, no external assets, inline SVG charts with text alternatives, a
 * `@media print` stylesheet, `lang` and `dir` from the outline's language, and CSS in logical
 * properties so a right-to-left report mirrors. It holds no sentence of its own.
 */
import type { ReportModel } from "./report-types";
import { buildReportOutline, type BarRow, type ReportBlock, type ReportOutline, type Rich, type TableCell } from "./report-outline";
import { groupColour, groupShape, markerGeometry, REPORT_COLOURS as C, type MarkerShape } from "./report-palette";

export { escapeHtml };

/** People's paragraphs; in a right-to-left report each takes its own direction (`dir="auto"`), so an English statement still reads left to right. */
function textHtml(paras: string[], own = false): string {
  const open = own ? '<p dir="auto">' : "<p>";
  return paras.map((p) => `${open}${escapeHtml(p).replace(/\n/g, "<br>")}</p>`).join("\n");
}

function richHtml(value: Rich): string {
  if (typeof value === "string") return escapeHtml(value);
  return value.map((part) => (part.strong ? `<strong>${escapeHtml(part.text)}</strong>` : escapeHtml(part.text))).join("");
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

function markerSvg(shape: MarkerShape, x: number, y: number, colour: string): string {
  const g = markerGeometry(shape, x, y);
  const f = `fill="${colour}" fill-opacity="0.8" stroke="${colour}"`;
  if (g.type === "circle") return `<circle cx="${g.cx.toFixed(1)}" cy="${g.cy.toFixed(1)}" r="${g.r}" ${f}/>`;
  if (g.type === "polygon") return `<polygon points="${g.points.map(([px, py]) => `${px.toFixed(1)},${py.toFixed(1)}`).join(" ")}" ${f}/>`;
  return `<path d="${g.lines.map(([[x1, y1], [x2, y2]]) => `M${x1.toFixed(1)} ${y1.toFixed(1)}L${x2.toFixed(1)} ${y2.toFixed(1)}`).join("")}" stroke="${colour}" stroke-width="2" fill="none"/>`;
}

interface Ctx {
  outline: ReportOutline;
  baseUrl?: string;
  formats: { label: string; href: string }[];
  svgIds: number;
}

/** Horizontal per-group bars of agree rates with 95% interval whiskers; mirrored right-to-left. */
function barsHtml(ctx: Ctx, b: Extract<ReportBlock, { kind: "bars" }>): string {
  const id = `${b.id}-bars-${++ctx.svgIds}`.replace(/[^\w-]/g, "_");
  const rtl = ctx.outline.dir === "rtl";
  const labelW = 170;
  const barW = 260;
  const rowH = 22;
  const top = 6;
  const width = labelW + barW + 60;
  const height = top + b.rows.length * rowH + 22;
  // x of a point in left-to-right layout, mirrored for right-to-left reading
  const mx = (x: number) => (rtl ? width - x : x);
  const rect = (x: number, w: number) => (rtl ? width - x - w : x);
  const start = rtl ? "start" : "end";
  const end = rtl ? "end" : "start";
  const rows = b.rows
    .map((g: BarRow, i) => {
      const y = top + i * rowH;
      const w = g.rate === null ? 0 : Math.max(0, Math.min(1, g.rate)) * barW;
      const name = g.label.length > 34 ? `${g.label.slice(0, 33)}…` : g.label;
      let whisker = "";
      if (g.interval) {
        const x1 = mx(labelW + Math.max(0, Math.min(1, g.interval.low)) * barW);
        const x2 = mx(labelW + Math.max(0, Math.min(1, g.interval.high)) * barW);
        const cy = y + 8;
        whisker = `<line x1="${x1.toFixed(1)}" y1="${cy}" x2="${x2.toFixed(1)}" y2="${cy}" class="whisker"/><line x1="${x1.toFixed(1)}" y1="${cy - 5}" x2="${x1.toFixed(1)}" y2="${cy + 5}" class="whisker"/><line x1="${x2.toFixed(1)}" y1="${cy - 5}" x2="${x2.toFixed(1)}" y2="${cy + 5}" class="whisker"/>`;
      }
      return `<text x="${mx(labelW - 6)}" y="${y + 12}" text-anchor="${start}" class="lbl">${escapeHtml(name)}</text><rect x="${rect(labelW, barW)}" y="${y + 2}" width="${barW}" height="12" class="track"/><rect x="${rect(labelW, w).toFixed(1)}" y="${y + 2}" width="${w.toFixed(1)}" height="12" class="bar"/>${whisker}<text x="${mx(labelW + barW + 6)}" y="${y + 12}" text-anchor="${end}" class="val">${escapeHtml(g.rateText)}</text>`;
    })
    .join("");
  const axisY = top + b.rows.length * rowH;
  const ticks = b.ticks
    .map((t) => `<line x1="${mx(labelW + t.at * barW)}" y1="${top}" x2="${mx(labelW + t.at * barW)}" y2="${axisY}" class="grid"/><text x="${mx(labelW + t.at * barW)}" y="${axisY + 14}" text-anchor="middle" class="tick">${escapeHtml(t.label)}</text>`)
    .join("");
  // direction="ltr": coordinates and anchors are placed above already, for either reading direction
  return `<figure class="bars"><svg viewBox="0 0 ${width} ${height}" width="100%" role="img" direction="ltr" aria-labelledby="${id}-t ${id}-d" xmlns="http://www.w3.org/2000/svg"><title id="${id}-t">${escapeHtml(b.title)}</title><desc id="${id}-d">${escapeHtml(b.description)}</desc>${ticks}${rows}</svg><figcaption>${escapeHtml(b.caption)} <span class="sr-only">${escapeHtml(b.summary)}</span></figcaption></figure>`;
}

function mapHtml(ctx: Ctx, b: Extract<ReportBlock, { kind: "map" }>): string {
  const W = 480;
  const H = 320;
  const pad = 16;
  const xs = b.points.map((p) => p.x);
  const ys = b.points.map((p) => p.y);
  const [minX, maxX, minY, maxY] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  const sx = (x: number) => pad + (maxX === minX ? 0.5 : (x - minX) / (maxX - minX)) * (W - 2 * pad);
  const sy = (y: number) => H - pad - (maxY === minY ? 0.5 : (y - minY) / (maxY - minY)) * (H - 2 * pad);
  const pts = b.points.map((p) => markerSvg(groupShape(p.group), sx(p.x), sy(p.y), groupColour(p.group))).join("");
  const legend = b.legend
    .map((l) => `<li><svg width="14" height="14" viewBox="0 0 14 14" aria-hidden="true">${markerSvg(groupShape(l.group), 7, 7, groupColour(l.group))}</svg> ${escapeHtml(l.text)}</li>`)
    .join("");
  return `<figure class="map"><svg viewBox="0 0 ${W} ${H}" width="100%" role="img" aria-labelledby="opinion-map-t opinion-map-d" xmlns="http://www.w3.org/2000/svg"><title id="opinion-map-t">${escapeHtml(b.title)}</title><desc id="opinion-map-d">${escapeHtml(b.description)}</desc><rect x="0.5" y="0.5" width="${W - 1}" height="${H - 1}" class="frame"/>${pts}</svg><figcaption>${escapeHtml(b.description)}</figcaption><ul class="legend">${legend}</ul></figure>`;
}

function cellHtml(c: TableCell): string {
  const text = c.anchor ? `<a href="#st-${escapeHtml(c.anchor)}">${escapeHtml(c.text)}</a>` : escapeHtml(c.text);
  return c.sub ? `${text}<br><span class="muted">${escapeHtml(c.sub)}</span>` : text;
}

function tableHtml(b: Extract<ReportBlock, { kind: "table" }>): string {
  const num = b.numericFrom;
  const head = b.headers.map((h, i) => `<th scope="col"${i >= num ? ' class="num"' : ""}>${escapeHtml(h)}</th>`).join("");
  const body = b.rows
    .map((r) => `<tr>${r.map((c, i) => (i === 0 ? `<th scope="row">${cellHtml(c)}</th>` : `<td${i >= num ? ' class="num"' : ""}>${cellHtml(c)}</td>`)).join("")}</tr>`)
    .join("\n");
  // focusable and named, so a keyboard can scroll a table wider than a phone (axe: scrollable-region-focusable)
  return `<div class="table-wrap" role="group" tabindex="0" aria-label="${escapeHtml(b.caption ?? b.label)}"><table${b.variant ? ` class="${b.variant}"` : ""}>${b.caption ? `<caption>${escapeHtml(b.caption)}</caption>` : ""}<thead><tr>${head}</tr></thead><tbody>${body}</tbody></table></div>`;
}

const PARAGRAPH_CLASS = { kicker: "meta", question: "question", intro: "intro", muted: "muted", meta: "meta", suppression: "suppression" } as const;

function blockHtml(ctx: Ctx, b: ReportBlock): string {
  const colon = ctx.outline.labels.colon;
  const rtl = ctx.outline.dir === "rtl";
  switch (b.kind) {
    case "title":
      return `<h1${rtl ? ' dir="auto"' : ""}>${escapeHtml(b.text)}</h1>`;
    case "heading":
      return `<h${b.level}${b.id ? ` id="${escapeHtml(b.id)}"` : ""}>${escapeHtml(b.text)}</h${b.level}>`;
    case "section": {
      const inner = b.blocks.map((x) => blockHtml(ctx, x)).join("\n");
      if (b.cover) return `<header class="cover" id="${b.id}">\n${inner}\n</header>`;
      return `<section id="${b.id}"${b.major ? ' class="major"' : ""} aria-labelledby="${b.id}-h"><h2 id="${b.id}-h">${escapeHtml(b.heading)}</h2>${inner}</section>`;
    }
    case "paragraph":
      if (b.tone === "strong") return `<p><strong>${escapeHtml(b.text)}</strong></p>`;
      if (b.tone === "footer") return `<footer><p class="muted">${escapeHtml(b.text)}</p></footer>`;
      return b.tone ? `<p class="${PARAGRAPH_CLASS[b.tone]}"${rtl && b.tone === "question" ? ' dir="auto"' : ""}>${escapeHtml(b.text)}</p>` : `<p>${escapeHtml(b.text)}</p>`;
    case "prose":
      return b.quote ? `<blockquote${b.quote === "statement" ? ' class="text"' : ""}>${textHtml(b.paragraphs, rtl)}</blockquote>` : textHtml(b.paragraphs, rtl);
    case "facts":
      return `<dl class="${b.variant ?? "facts"}">${b.items.map((i) => `<dt>${escapeHtml(i.label)}</dt><dd>${richHtml(i.value)}</dd>`).join("")}</dl>`;
    case "labelled":
      return `<p class="reason"${b.variant === "crux-reasons" ? ' data-testid="crux-reasons"' : ""}><strong>${escapeHtml(colon(b.label))}</strong> ${escapeHtml(b.text)}</p>`;
    case "numbers":
      return `<ul class="numbers">${b.items.map((i) => `<li><span>${escapeHtml(i.label)}</span> ${escapeHtml(i.value)}</li>`).join("")}</ul>`;
    case "table":
      return tableHtml(b);
    case "bars":
      return barsHtml(ctx, b);
    case "map":
      return mapHtml(ctx, b);
    case "list": {
      const items = b.items
        .map((i) => {
          const href = b.links ? safeHref(i.text, ctx.baseUrl) : null;
          const text = href ? `<a href="${escapeHtml(href)}">${escapeHtml(i.text)}</a>` : escapeHtml(i.text);
          return `<li>${i.label ? `<strong>${escapeHtml(i.label)}</strong> ` : ""}${text}</li>`;
        })
        .join("");
      if (b.label) return `<div class="${b.links ? "evidence" : "list"}"><p class="dt">${escapeHtml(b.label)}</p><ul>${items}</ul></div>`;
      return `<ul${b.items.some((i) => i.label) ? ' class="reasons"' : ""}>${items}</ul>`;
    }
    case "excerpts":
      return `<div class="excerpts"><p class="dt">${escapeHtml(b.label)}</p>${b.items.map((e) => `<blockquote>${textHtml(e, rtl)}</blockquote>`).join("")}</div>`;
    case "note":
      return `<aside class="note" aria-label="${escapeHtml(b.label)}"><p class="note-label">${escapeHtml(b.label)}</p>${textHtml(b.paragraphs, rtl)}</aside>`;
    case "formats":
      return ctx.formats.length
        ? `<nav class="formats" aria-label="${escapeHtml(ctx.outline.labels.otherFormats)}">${escapeHtml(ctx.outline.labels.alsoAvailable)} <ul>${ctx.formats.map((f) => `<li><a href="${escapeHtml(f.href)}">${escapeHtml(f.label)}</a></li>`).join("")}</ul></nav>`
        : "";
    case "statement": {
      const carried = b.carried
        ? `<p class="meta carried" data-testid="carried-over">${escapeHtml(b.carried.text)}${b.carried.href ? ` <a href="${escapeHtml(b.carried.href)}">${escapeHtml(b.carried.href)}</a>` : ""}</p>`
        : "";
      const cls = b.variant === "brief" ? "brief" : b.variant;
      return `<article class="statement ${cls}"><h3 id="st-${escapeHtml(b.key)}">${escapeHtml(b.prefix)}<span class="key">${escapeHtml(b.key)}</span> ${escapeHtml(b.title)}</h3><p class="meta">${escapeHtml(b.meta)}</p>${carried}${b.blocks.map((x) => blockHtml(ctx, x)).join("")}</article>`;
    }
  }
}

/** The stylesheet, in logical properties (inline-start/end), so `dir="rtl"` mirrors the layout. */
export const REPORT_CSS = `
:root{--fg:${C.text};--muted:${C.muted};--line:${C.line};--accent:${C.accent};--bg-note:${C.noteBackground}}
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;color:var(--fg);background:#fff;font:16px/1.55 Georgia,"Times New Roman",serif}
:lang(zh) body,:lang(ar) body{font-family:system-ui,-apple-system,"Segoe UI","Noto Sans SC","Noto Sans Arabic",sans-serif}
main{max-inline-size:46rem;margin-inline:auto;padding:1rem}
h1,h2,h3,caption,th,.meta,.numbers,figcaption,nav{font-family:system-ui,-apple-system,"Segoe UI",Helvetica,Arial,sans-serif}
h1{font-size:1.9rem;line-height:1.2;margin-block:1.5rem .5rem}
h2{font-size:1.45rem;margin-block:2.5rem .5rem;padding-block-start:.5rem;border-block-start:2px solid var(--fg)}
h3{font-size:1.1rem;margin-block:1.5rem .25rem}
.key{display:inline-block;min-inline-size:2.2em;color:var(--accent)}
.cover .question{font-size:1.2rem;font-style:italic}
.meta,.muted,.intro{color:var(--muted)}
.meta{font-size:.85rem;margin-block:.1rem .5rem}
blockquote{margin-block:.5rem;margin-inline:0;padding-block:.25rem;padding-inline:1rem 0;border-inline-start:3px solid var(--line)}
blockquote.text{border-inline-start-color:var(--accent)}
dl{display:grid;grid-template-columns:minmax(7rem,max-content) 1fr;gap:.25rem .75rem;margin-block:.5rem}
dt,.dt{font-weight:bold;font-family:system-ui,sans-serif;font-size:.9rem;margin:0}
dd{margin:0;overflow-wrap:anywhere}
.numbers{list-style:none;padding:0;display:flex;flex-wrap:wrap;gap:.25rem 1rem;font-size:.85rem}
.numbers span{color:var(--muted)}
.note{background:var(--bg-note);padding-block:.5rem;padding-inline:1rem;margin-block:1rem;border-radius:4px}
.note-label{font-weight:bold;margin:0;font-family:system-ui,sans-serif;font-size:.85rem}
.reason{font-size:.95rem}
.statement{margin-block:1rem 2rem;break-inside:avoid-page}
.table-wrap{overflow-x:auto;margin-block:.75rem;background:linear-gradient(to right,#fff 30%,rgba(255,255,255,0)) left/2rem 100% no-repeat local,linear-gradient(to left,#fff 30%,rgba(255,255,255,0)) right/2rem 100% no-repeat local,radial-gradient(farthest-side at 0 50%,rgba(0,0,0,.22),rgba(0,0,0,0)) left/.75rem 100% no-repeat scroll,radial-gradient(farthest-side at 100% 50%,rgba(0,0,0,.22),rgba(0,0,0,0)) right/.75rem 100% no-repeat scroll}
code,pre{overflow-wrap:anywhere;white-space:pre-wrap}
table{border-collapse:collapse;inline-size:100%;font-size:.85rem}
caption{text-align:start;font-weight:bold;padding-block:.25rem}
th,td{border-block-end:1px solid var(--line);padding-block:.3rem;padding-inline:.4rem;text-align:start;vertical-align:top}
th.num,td.num{text-align:end;font-variant-numeric:tabular-nums}
figure{margin-block:.75rem;margin-inline:0}
figcaption{font-size:.8rem;color:var(--muted)}
svg text{font-family:system-ui,Helvetica,Arial,sans-serif}
svg .lbl,svg .val{font-size:11px;fill:${C.text}}
svg .tick{font-size:9px;fill:${C.muted}}
svg .track{fill:${C.track}}
svg .bar{fill:${C.accent}}
svg .whisker{stroke:${C.whisker};stroke-width:1.5}
svg .grid{stroke:${C.grid};stroke-dasharray:2 2}
svg .frame{fill:none;stroke:${C.frame}}
.legend{list-style:none;padding:0;display:flex;flex-wrap:wrap;gap:.25rem 1rem;font-size:.85rem}
.sr-only{position:absolute;width:1px;height:1px;padding:0;margin:-1px;overflow:hidden;clip:rect(0,0,0,0);white-space:nowrap;border:0}
.formats{font-size:.9rem}
.formats ul{display:inline;list-style:none;padding:0}
.formats li{display:inline-block;margin-inline-end:.75rem}
a{color:var(--accent)}
.evidence li{overflow-wrap:anywhere}
@media (max-width:600px){body{font-size:15px}main{padding:.75rem}h1{font-size:1.5rem}h2{font-size:1.25rem}dl{grid-template-columns:1fr}}
@media print{
  @page{size:A4;margin:18mm 16mm 20mm}
  body{font-size:10.5pt;color:#000}
  main{max-inline-size:none;padding:0}
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
  /** the report's language; anything unsupported is the default language */
  lang?: string;
  baseUrl?: string;
  formats?: { label: string; href: string }[];
}

/** Formats an outline as the standalone HTML document. */
export function renderOutlineHtml(outline: ReportOutline, opts: Omit<RenderHtmlOptions, "lang"> = {}): string {
  const canonical = opts.baseUrl ? safeHref(opts.baseUrl) : null;
  const formats = (opts.formats ?? [])
    .map((f) => ({ label: f.label, href: safeHref(f.href, opts.baseUrl) }))
    .filter((f): f is { label: string; href: string } => !!f.href);
  const ctx: Ctx = { outline, baseUrl: opts.baseUrl, formats, svgIds: 0 };
  const body = outline.blocks.map((b) => blockHtml(ctx, b)).join("\n");
  return `<!DOCTYPE html>
<html lang="${escapeHtml(outline.locale)}" dir="${outline.dir}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="Accord report schema v${outline.schemaVersion}">
<title>${escapeHtml(outline.documentTitle)}</title>
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

/** Renders a ReportModel (schema v1) as HTML in `opts.lang` (default: English). */
export function renderReportHtml(model: ReportModel, opts: RenderHtmlOptions = {}): string {
  const language: Language = isLanguage(opts.lang) ? opts.lang : DEFAULT_LANGUAGE;
  return renderOutlineHtml(buildReportOutline(model, language), opts);
}
