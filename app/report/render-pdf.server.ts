/**
 * Formats the report outline (report-outline.ts) as an A4 PDF with pdfkit, server-side and without
 * a browser. It holds no sentence of its own. Latin languages use the standard Helvetica fonts, so
 * their text is first reduced to what WinAnsi can encode (`toWinAnsi`); Chinese and Arabic embed a
 * subset of Noto Sans SC / IBM Plex Sans Arabic (pdf-fonts.server.ts). Arabic is laid out right to
 * left: each line is wrapped in logical order, split into bidi runs (Unicode Bidirectional
 * Algorithm, bidi-js) and drawn run by run in visual order, with fontkit shaping the joined letter
 * forms. The text is real PDF text, so it can be searched, copied and extracted.
 */
import PDFDocument from "pdfkit";
import bidiFactory from "bidi-js";
import { DEFAULT_LANGUAGE, type Language } from "../i18n/languages";
import type { ReportModel } from "./report-types";
import { buildReportOutline, type BarRow, type ReportBlock, type ReportOutline, type Rich, type TableCell } from "./report-outline";
import { groupColour, groupShape, markerGeometry, REPORT_COLOURS as C } from "./report-palette";
import { registerPdfFonts, type PdfFonts } from "./pdf-fonts.server";

/** Characters above U+00FF that WinAnsi (cp1252) has and pdfkit's standard fonts can draw. */
const WIN_ANSI_EXTRA = new Set([
  0x0152, 0x0153, 0x0160, 0x0161, 0x0178, 0x017d, 0x017e, 0x0192, 0x02c6, 0x02dc, 0x2013, 0x2014, 0x2018, 0x2019, 0x201a, 0x201c, 0x201d,
  0x201e, 0x2020, 0x2021, 0x2022, 0x2026, 0x2030, 0x2039, 0x203a, 0x20ac, 0x2122,
]);

/** Common characters outside WinAnsi, transliterated. */
const TRANSLITERATIONS: Record<string, string> = {
  "≥": ">=",
  "≤": "<=",
  "≠": "!=",
  "≈": "~",
  "→": "->",
  "←": "<-",
  "↔": "<->",
  "⇒": "=>",
  "−": "-",
  "‐": "-",
  "‑": "-",
  "‒": "-",
  "―": "-",
  "′": "'",
  "″": '"',
  "‛": "'",
  "‟": '"',
  "Ł": "L",
  "ł": "l",
  "Đ": "D",
  "đ": "d",
  "ı": "i",
  "✓": "v",
  "✔": "v",
  "✗": "x",
  "✘": "x",
  "\u00a0": " ",
  "\u2002": " ",
  "\u2003": " ",
  "\u2007": " ",
  "\u2009": " ",
  "\u200a": " ",
  "\u202f": " ",
  "\u200b": "",
  "\u200c": "",
  "\u200d": "",
  "\u2060": "",
  "\ufeff": "",
  "\u2028": "\n",
  "\u2029": "\n",
};

function winAnsiOk(cp: number): boolean {
  return cp === 0x0a || (cp >= 0x20 && cp <= 0x7e) || (cp >= 0xa0 && cp <= 0xff) || WIN_ANSI_EXTRA.has(cp);
}

/**
 * Reduces a string to characters Helvetica (WinAnsi) can draw: keeps Latin-1 and the cp1252
 * extras (’ “ ” – — … € …), transliterates common symbols (≥ → ">="), strips accents where that
 * yields a drawable letter (ő → o), and replaces anything else (北京, emoji) with "?".
 */
export function toWinAnsi(input: string | null | undefined): string {
  return fitText(input, winAnsiOk);
}

/** Bidi formatting characters (LRM, RLM, ALM, embeddings, isolates): they order text, they are not drawn. */
const BIDI_CONTROLS = /[\u200e\u200f\u061c\u202a-\u202e\u2066-\u2069]/g;
const BIDI_CONTROL = /[\u200e\u200f\u061c\u202a-\u202e\u2066-\u2069]/;

/** The same reduction for any font: `covers` says which code points it can draw; bidi controls are kept for the line layout (which drops them). */
export function fitText(input: string | null | undefined, covers: (codePoint: number) => boolean): string {
  let out = "";
  for (const ch of String(input ?? "").normalize("NFC").replace(/\r\n?/g, "\n")) {
    const cp = ch.codePointAt(0)!;
    if (BIDI_CONTROL.test(ch)) {
      out += covers === winAnsiOk ? "" : ch;
      continue;
    }
    if (cp === 0x0a || (cp >= 0x20 && covers(cp) && !(cp >= 0x7f && cp < 0xa0))) {
      out += ch;
      continue;
    }
    if (ch in TRANSLITERATIONS && [...TRANSLITERATIONS[ch]].every((c) => c === "\n" || covers(c.codePointAt(0)!))) {
      out += TRANSLITERATIONS[ch];
      continue;
    }
    if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0)) {
      out += " ";
      continue;
    }
    const stripped = ch.normalize("NFKD").replace(/[\u0300-\u036f]/g, "");
    if (stripped && [...stripped].every((c) => covers(c.codePointAt(0)!))) {
      out += stripped;
      continue;
    }
    out += "?";
  }
  return out;
}

const A4_MARGIN = 56;
const FOOTER_SPACE = 28;

type Doc = PDFKit.PDFDocument;
type Run = { text: string; width: number };
/** `own`: text written by people, laid out in its own direction (an English statement in an Arabic report reads left to right). */
type TextStyle = { size?: number; bold?: boolean; italic?: boolean; colour?: string; indent?: number; own?: boolean };

let bidi: ReturnType<typeof bidiFactory> | null = null;
const RTL_SCRIPT = /[\p{Script=Arabic}\p{Script=Hebrew}\p{Script=Syriac}\p{Script=Thaana}\p{Script=Nko}]/u;
const NEUTRAL_SCRIPT = /[\p{Script=Common}\p{Script=Inherited}]/u;

/** The direction fontkit lays a run out in: that of its first character of a specific script. */
function fontkitIsRtl(text: string): boolean {
  for (const ch of text) if (!NEUTRAL_SCRIPT.test(ch)) return RTL_SCRIPT.test(ch);
  return false;
}

/**
 * One line of a right-to-left paragraph as runs in visual order (left to right), by the Unicode
 * Bidirectional Algorithm (rules L1–L2 over the resolved levels): each run in logical order with
 * its mirrored characters (brackets) applied, and whether it reads right to left. Digits and Latin
 * words inside Arabic stay left-to-right runs, so "72%" and "S1" read as written.
 */
export function bidiRuns(line: string, base: "rtl" | "ltr" = "rtl"): { text: string; rtl: boolean }[] {
  if (!line) return [];
  bidi ??= bidiFactory();
  const levels = bidi.getEmbeddingLevels(line, base).levels;
  const mirrored = bidi.getMirroredCharactersMap(line, levels);
  const runs: { start: number; end: number; level: number }[] = [];
  for (let i = 0; i < line.length; i++) {
    const last = runs[runs.length - 1];
    if (last && last.level === levels[i]) last.end = i + 1;
    else runs.push({ start: i, end: i + 1, level: levels[i]! });
  }
  const max = Math.max(...runs.map((r) => r.level));
  const minOdd = Math.min(...runs.map((r) => (r.level % 2 ? r.level : r.level + 1)));
  for (let level = max; level >= minOdd; level--) {
    for (let i = 0; i < runs.length; ) {
      if (runs[i]!.level < level) {
        i++;
        continue;
      }
      let j = i;
      while (j < runs.length && runs[j]!.level >= level) j++;
      runs.splice(i, j - i, ...runs.slice(i, j).reverse());
      i = j;
    }
  }
  return runs.map((r) => {
    let text = "";
    for (let i = r.start; i < r.end; i++) text += mirrored.get(i) ?? line[i];
    return { text: text.replace(BIDI_CONTROLS, ""), rtl: r.level % 2 === 1 };
  }).filter((r) => r.text);
}

/** A paragraph's own direction (rule P2): that of its first strong letter; right to left when it has none. */
export function paragraphDirection(text: string): "rtl" | "ltr" {
  for (const ch of text) if (/\p{L}/u.test(ch)) return RTL_SCRIPT.test(ch) ? "rtl" : "ltr";
  return "rtl";
}

class PdfWriter {
  readonly rtl: boolean;
  constructor(
    readonly doc: Doc,
    readonly outline: ReportOutline,
    readonly fonts: PdfFonts,
  ) {
    this.rtl = outline.dir === "rtl";
  }

  get width(): number {
    return this.doc.page.width - this.doc.page.margins.left - this.doc.page.margins.right;
  }

  get left(): number {
    return this.doc.page.margins.left;
  }

  /** Text reduced to what the font can draw. */
  clean(value: string): string {
    return this.fonts.embedded ? fitText(value, this.fonts.covers) : toWinAnsi(value);
  }

  /** x of a box of width `w` that starts `offset` points from the start edge (left, or right in a right-to-left report). */
  x(offset: number, w: number): number {
    return this.rtl ? this.left + this.width - offset - w : this.left + offset;
  }

  /** Starts a new page unless `height` points still fit on this one. */
  ensure(height: number): void {
    if (this.doc.y + height > this.doc.page.height - this.doc.page.margins.bottom) this.doc.addPage();
  }

  font(style: TextStyle): void {
    const f = this.fonts;
    this.doc
      .font(style.bold ? (style.italic ? f.boldItalic : f.bold) : style.italic ? f.italic : f.regular)
      .fontSize(style.size ?? 10)
      .fillColor(style.colour ?? C.text);
  }

  /** Right to left: the runs of one line in visual order (left to right), ready for fontkit, with their widths. */
  visualRuns(line: string, base: "rtl" | "ltr" = "rtl"): Run[] {
    return bidiRuns(line, base).map((r) => {
      // fontkit reverses a run whose script is right-to-left: give it the order that comes out right
      const text = r.rtl !== fontkitIsRtl(r.text) ? [...r.text].reverse().join("") : r.text;
      return { text, width: this.doc.widthOfString(text, { features: [] } as PDFKit.Mixins.TextOptions) };
    });
  }

  private readonly widths = new Map<string, number>();

  /** Width of a word in the current font and size, shaped once (shaping never crosses a space). */
  wordWidth(word: string): number {
    const doc = this.doc as unknown as { _font: { name: string }; _fontSize: number };
    const key = `${doc._font.name}|${doc._fontSize}|${word}`;
    let w = this.widths.get(key);
    if (w === undefined) this.widths.set(key, (w = this.doc.widthOfString(word, { features: [] } as PDFKit.Mixins.TextOptions)));
    return w;
  }

  /** Right to left: wraps one paragraph into lines (logical order) that fit `width`. */
  wrap(text: string, width: number): string[] {
    const out: string[] = [];
    const space = this.wordWidth(" ");
    for (const para of text.split("\n")) {
      const words = para.split(/ +/).filter(Boolean);
      let line = "";
      let used = 0;
      for (const word of words) {
        const w = this.wordWidth(word);
        if (!line || used + space + w <= width) {
          used = line ? used + space + w : w;
          line = line ? `${line} ${word}` : word;
        } else {
          out.push(line);
          line = word;
          used = w;
        }
      }
      out.push(line);
    }
    return out;
  }

  /** Draws one line right to left, aligned to the right of the box [x, x + width]. */
  rtlLine(line: string, x: number, y: number, width: number, align: "right" | "left" | "center" = "right", base: "rtl" | "ltr" = "rtl"): void {
    const runs = this.visualRuns(line, base);
    const total = runs.reduce((n, r) => n + r.width, 0);
    let at = align === "right" ? x + width - total : align === "center" ? x + (width - total) / 2 : x;
    for (const r of runs) {
      this.doc.text(r.text, at, y, { lineBreak: false, features: [] } as PDFKit.Mixins.TextOptions);
      at += r.width;
    }
  }

  /** Height of a wrapped text in a box of `width`, in the current font. */
  measure(text: string, width: number): number {
    if (!this.rtl) return this.doc.heightOfString(text, { width });
    return this.wrap(text, width).length * this.doc.currentLineHeight(true);
  }

  /** Draws wrapped text in a box at (x, y); returns the y below it. */
  boxText(text: string, x: number, y: number, width: number, align: "start" | "end" | "center" = "start"): number {
    if (!this.rtl) {
      this.doc.text(text, x, y, { width, align: align === "start" ? "left" : align === "end" ? "right" : "center" });
      return this.doc.y;
    }
    const h = this.doc.currentLineHeight(true);
    for (const line of this.wrap(text, width)) {
      this.rtlLine(line, x, y, width, align === "start" ? "right" : align === "end" ? "left" : "center");
      y += h;
    }
    return y;
  }

  /** A paragraph across the text width (less the indent on the start side), breaking pages as it flows. */
  text(value: string, style: TextStyle = {}): void {
    this.font(style);
    const indent = style.indent ?? 0;
    const width = this.width - indent;
    const clean = this.clean(value);
    if (!this.rtl) {
      this.doc.text(clean, this.left + indent, this.doc.y, { width });
      this.doc.x = this.left;
      return;
    }
    const h = this.doc.currentLineHeight(true);
    const base = style.own ? paragraphDirection(clean) : "rtl";
    for (const line of this.wrap(clean, width)) {
      this.ensure(h);
      if (base === "rtl") this.rtlLine(line, this.left, this.doc.y, width);
      else this.rtlLine(line, this.left, this.doc.y, width, "left", "ltr");
      this.doc.y += h;
    }
    this.doc.x = this.left;
  }

  paragraphs(paras: string[], style: TextStyle = {}): void {
    for (const p of paras) {
      this.text(p, style);
      this.doc.moveDown(0.4);
    }
  }

  /** "Label: value" with a bold label (right to left: the label on its own line). */
  labelled(label: string, value: Rich): void {
    const colonLabel = this.outline.labels.colon(label);
    const parts = typeof value === "string" ? [{ text: value }] : value;
    if (this.rtl) {
      this.text(colonLabel, { bold: true });
      this.text(parts.map((p) => p.text).join(""), { own: true });
      return;
    }
    this.font({ bold: true });
    this.doc.text(`${this.clean(colonLabel)} `, this.left, this.doc.y, { continued: true, width: this.width });
    parts.forEach((p, i) => {
      this.font({ bold: !!p.strong });
      this.doc.text(this.clean(p.text), { continued: i < parts.length - 1 });
    });
    this.doc.x = this.left;
  }

  /** A section heading; major ones start a new page. */
  heading(title: string, newPage: boolean): void {
    if (newPage) this.doc.addPage();
    else {
      this.doc.moveDown(1);
      this.ensure(80);
    }
    this.text(title, { size: 18, bold: true });
    const y = this.doc.y + 2;
    this.doc.moveTo(this.left, y).lineTo(this.left + this.width, y).lineWidth(1).strokeColor(C.text).stroke();
    this.doc.y = y + 8;
    this.doc.outline.addItem(this.fonts.embedded ? title : toWinAnsi(title));
  }

  subheading(title: string, level: 3 | 4): void {
    this.doc.moveDown(level === 3 ? 0.5 : 0.3);
    this.ensure(40);
    this.text(title, { size: level === 3 ? 12 : 10.5, bold: true });
    this.doc.moveDown(0.2);
  }

  /** A table: column widths as fractions of the text width; wraps rows across pages; columns run from the start edge. */
  table(headers: string[], rows: TableCell[][], weights: number[], numericFrom: number, size = 9): void {
    const total = weights.reduce((a, b) => a + b, 0);
    const widths = weights.map((f) => (f / total) * this.width);
    const offsets = widths.map((_, i) => widths.slice(0, i).reduce((a, b) => a + b, 0));
    const drawRow = (cells: string[], bold: boolean) => {
      this.font({ size, bold });
      const texts = cells.map((c) => this.clean(c));
      const h = Math.max(...texts.map((c, i) => this.measure(c, widths[i]! - 4)), size) + 4;
      this.ensure(h);
      const y = this.doc.y;
      texts.forEach((c, i) => {
        this.boxText(c, this.x(offsets[i]!, widths[i]!) + 2, y + 2, widths[i]! - 4, i >= numericFrom ? "end" : "start");
      });
      this.doc
        .moveTo(this.left, y + h)
        .lineTo(this.left + this.width, y + h)
        .lineWidth(bold ? 0.8 : 0.3)
        .strokeColor(bold ? C.text : C.rule)
        .stroke();
      this.doc.x = this.left;
      this.doc.y = y + h;
    };
    drawRow(headers, true);
    for (const r of rows) drawRow(r.map((c) => (c.sub ? `${c.text}\n${c.sub}` : c.text)), false);
    this.doc.moveDown(0.5);
  }

  /** Per-group agree-rate bars with 95% interval whiskers; mirrored right to left. */
  bars(rows: BarRow[], caption: string): void {
    const labelW = 150;
    const barW = Math.min(240, this.width - labelW - 50);
    const rowH = 15;
    this.ensure(rows.length * rowH + 20);
    this.text(caption, { size: 8, colour: C.muted });
    let y = this.doc.y + 2;
    for (const g of rows) {
      this.font({ size: 8 });
      const label = this.clean(g.label);
      if (this.rtl) this.rtlLine(label, this.x(0, labelW - 6), y + 1, labelW - 6, "left");
      else this.doc.text(label, this.left, y + 1, { width: labelW - 6, align: "right", lineBreak: false, ellipsis: true, height: 10 });
      this.doc.rect(this.x(labelW, barW), y, barW, 10).fillColor(C.track).fill();
      const rate = g.rate === null ? 0 : Math.max(0, Math.min(1, g.rate));
      if (rate > 0) this.doc.rect(this.x(labelW, rate * barW), y, rate * barW, 10).fillColor(C.accent).fill();
      if (g.interval) {
        const a = this.x(labelW + Math.max(0, Math.min(1, g.interval.low)) * barW, 0);
        const b = this.x(labelW + Math.max(0, Math.min(1, g.interval.high)) * barW, 0);
        this.doc.lineWidth(1).strokeColor(C.whisker);
        this.doc.moveTo(a, y + 5).lineTo(b, y + 5).stroke();
        this.doc.moveTo(a, y + 2).lineTo(a, y + 8).stroke();
        this.doc.moveTo(b, y + 2).lineTo(b, y + 8).stroke();
      }
      this.font({ size: 8 });
      const value = this.clean(g.rateText);
      if (this.rtl) this.rtlLine(value, this.x(labelW + barW + 4, 40), y + 1, 40);
      else this.doc.text(value, this.left + labelW + barW + 4, y + 1, { lineBreak: false });
      y += rowH;
    }
    this.doc.x = this.left;
    this.doc.y = y + 4;
  }

  marker(group: number, x: number, y: number, r = 2.5): void {
    const g = markerGeometry(groupShape(group), x, y, r);
    const colour = groupColour(group);
    if (g.type === "circle") this.doc.circle(g.cx, g.cy, g.r).fillColor(colour).fill();
    else if (g.type === "polygon") this.doc.polygon(...g.points).fillColor(colour).fill();
    else for (const [[x1, y1], [x2, y2]] of g.lines) this.doc.moveTo(x1, y1).lineTo(x2, y2).lineWidth(1.2).strokeColor(colour).stroke();
  }

  map(b: Extract<ReportBlock, { kind: "map" }>): void {
    const doc = this.doc;
    const size = Math.min(this.width, 300);
    const h = size * 0.66;
    this.ensure(h + 20);
    const x0 = this.x(0, size);
    const y0 = doc.y;
    doc.rect(x0, y0, size, h).lineWidth(0.5).strokeColor(C.rule).stroke();
    const xs = b.points.map((p) => p.x);
    const ys = b.points.map((p) => p.y);
    const [minX, maxX, minY, maxY] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
    const pad = 8;
    for (const p of b.points) {
      const px = x0 + pad + (maxX === minX ? 0.5 : (p.x - minX) / (maxX - minX)) * (size - 2 * pad);
      const py = y0 + h - pad - (maxY === minY ? 0.5 : (p.y - minY) / (maxY - minY)) * (h - 2 * pad);
      this.marker(p.group, px, py);
    }
    doc.y = y0 + h + 6;
    for (const l of b.legend) {
      this.ensure(12);
      this.marker(l.group, this.x(4, 0), doc.y + 5, 3);
      this.text(l.text, { size: 8.5, colour: C.soft, indent: 12 });
    }
    doc.moveDown(0.3);
    this.text(b.description, { size: 8.5, colour: C.soft });
  }
}

const PARAGRAPH_STYLE: Record<string, TextStyle> = {
  kicker: { size: 11, colour: C.muted },
  question: { size: 14, italic: true },
  intro: { size: 9.5, italic: true, colour: C.muted },
  muted: { colour: C.muted },
  meta: { size: 8, colour: C.muted },
  strong: { bold: true },
  suppression: { size: 9, italic: true, colour: C.muted },
  footer: { size: 8, colour: C.muted },
};

function block(w: PdfWriter, b: ReportBlock, state: { afterCover: boolean }): void {
  const doc = w.doc;
  switch (b.kind) {
    case "title":
      doc.moveDown(0.5);
      w.text(b.text, { size: 26, bold: true, own: true });
      doc.moveDown(0.6);
      return;
    case "heading":
      if (b.level === 2) {
        doc.moveDown(1);
        w.text(b.text, { size: 12, bold: true });
        doc.moveDown(0.3);
      } else w.subheading(b.text, b.level);
      return;
    case "section":
      if (b.cover) {
        doc.y = A4_MARGIN + 80;
        for (const x of b.blocks) block(w, x, state);
        state.afterCover = true;
        return;
      }
      w.heading(b.heading, b.major || state.afterCover);
      state.afterCover = false;
      for (const x of b.blocks) block(w, x, state);
      return;
    case "paragraph":
      if (b.tone === "footer") doc.moveDown(1);
      w.text(b.text, { ...(b.tone ? PARAGRAPH_STYLE[b.tone] : {}), own: b.tone === "question" });
      if (b.tone === "question") doc.moveDown(0.8);
      return;
    case "prose":
      if (b.quote) w.paragraphs(b.paragraphs, { indent: 10, own: true });
      else w.paragraphs(b.paragraphs, { own: true });
      return;
    case "facts":
      for (const i of b.items) w.labelled(i.label, i.value);
      doc.moveDown(0.2);
      return;
    case "labelled":
      w.labelled(b.label, b.text);
      return;
    case "numbers":
      doc.moveDown(0.2);
      w.text(b.items.map((i) => `${i.label} ${i.value}`).join(" · "), { size: 8.5, colour: C.soft });
      doc.moveDown(0.3);
      return;
    case "table":
      doc.moveDown(0.2);
      w.table(b.headers, b.rows, b.weights, b.numericFrom, b.variant === "appendix" ? 7 : 9);
      return;
    case "bars":
      w.bars(b.rows, b.caption);
      return;
    case "map":
      w.map(b);
      return;
    case "list":
      if (b.label) w.labelled(b.label, b.items.map((i) => i.text).join("; "));
      else
        for (const i of b.items) {
          w.ensure(14);
          if (i.label) w.labelled(i.label, i.text);
          else w.text(`• ${i.text}`, { size: 10 });
        }
      doc.moveDown(0.3);
      return;
    case "excerpts":
      doc.moveDown(0.3);
      w.ensure(30);
      w.text(b.label, { size: 9, bold: true });
      for (const e of b.items) w.paragraphs(e, { size: 9.5, italic: true, indent: 14, colour: C.soft, own: true });
      return;
    case "note":
      doc.moveDown(0.3);
      w.ensure(40);
      w.text(b.label, { size: 9, bold: true, colour: C.muted });
      w.paragraphs(b.paragraphs, { size: 10, italic: true, indent: 10, own: true });
      return;
    case "formats":
      return;
    case "statement":
      doc.moveDown(0.6);
      w.ensure(90);
      w.text(`${b.prefix}${b.key} ${b.title}`, { size: 12, bold: true });
      w.text(b.meta, { size: 8, colour: C.muted });
      if (b.carried) w.text(b.carried.text, { size: 8.5, italic: true, colour: C.soft });
      doc.moveDown(0.3);
      for (const x of b.blocks) block(w, x, state);
      return;
  }
}

function addFooters(w: PdfWriter): void {
  const doc = w.doc;
  const range = doc.bufferedPageRange();
  const footer = w.clean(w.outline.pageFooter);
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0; // writing inside the bottom margin must not add a page
    const y = doc.page.height - A4_MARGIN + 10;
    const width = doc.page.width - 2 * A4_MARGIN;
    w.font({ size: 8, colour: C.muted });
    const page = w.clean(w.outline.pageOf(i - range.start + 1, range.count));
    if (w.rtl) {
      w.rtlLine(footer, A4_MARGIN + width * 0.25, y, width * 0.75);
      w.rtlLine(page, A4_MARGIN, y, width * 0.25, "left");
    } else {
      doc.text(footer, A4_MARGIN, y, { width: width * 0.75, lineBreak: false, ellipsis: true, height: 10 });
      doc.text(page, A4_MARGIN, y, { width, align: "right", lineBreak: false });
    }
    doc.page.margins.bottom = bottom;
  }
}

/** Formats an outline as an A4 PDF. */
export function renderOutlinePdf(outline: ReportOutline, info: { title: string; author: string; subject: string; createdAt: string }): Promise<Buffer> {
  return new Promise<Buffer>((resolve, reject) => {
    const doc = new PDFDocument({
      size: "A4",
      margins: { top: A4_MARGIN, left: A4_MARGIN, right: A4_MARGIN, bottom: A4_MARGIN + FOOTER_SPACE },
      bufferPages: true,
      lang: outline.locale,
      displayTitle: true,
      info: {
        // pdfkit writes metadata as UTF-16 when it needs to; the Latin reports keep WinAnsi as before
        Title: outline.dir === "ltr" && outline.language !== "zh" ? toWinAnsi(info.title) : info.title,
        Author: outline.dir === "ltr" && outline.language !== "zh" ? toWinAnsi(info.author) : info.author,
        Subject: outline.dir === "ltr" && outline.language !== "zh" ? toWinAnsi(info.subject) : info.subject,
        Creator: "Accord",
        CreationDate: Number.isNaN(Date.parse(info.createdAt)) ? new Date() : new Date(info.createdAt),
      },
    });
    const chunks: Buffer[] = [];
    doc.on("data", (c: Buffer) => chunks.push(c));
    doc.on("end", () => resolve(Buffer.concat(chunks)));
    doc.on("error", reject);
    try {
      const w = new PdfWriter(doc, outline, registerPdfFonts(doc, outline.language));
      const state = { afterCover: false };
      for (const b of outline.blocks) block(w, b, state);
      addFooters(w);
      doc.end();
    } catch (err) {
      reject(err);
    }
  });
}

/** Renders a ReportModel (schema v1) as a PDF in `language` (default: English). */
export function renderReportPdf(model: ReportModel, language: Language = DEFAULT_LANGUAGE): Promise<Buffer> {
  const outline = buildReportOutline(model, language);
  return renderOutlinePdf(outline, { title: outline.documentTitle, author: model.deliberation.convener, subject: model.deliberation.question, createdAt: model.generatedAt });
}
