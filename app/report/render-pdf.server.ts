/**
 * Renders a ReportModel (schema v1) as an A4 PDF with pdfkit, server-side and without a browser.
 * It uses only the standard Helvetica fonts (no font files), so every string is first reduced to
 * what WinAnsi can encode (see `toWinAnsi`). The text is real PDF text, so it can be searched,
 * copied and extracted. Headings are the same strings as in the HTML report.
 */
import PDFDocument from "pdfkit";
import { triggerAfterIf } from "../deliberation/if-then";
import { processEventBlocks } from "./process-events";
import type { ReportModel, ReportStatement } from "./report-types";
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
  opinionGroupLabel,
  paragraphs,
  roundLine,
  statementSpread,
  suppressionNote,
  thresholdRows,
} from "./render-html";

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
  let out = "";
  for (const ch of String(input ?? "").normalize("NFC").replace(/\r\n?/g, "\n")) {
    const cp = ch.codePointAt(0)!;
    if (winAnsiOk(cp)) {
      out += ch;
      continue;
    }
    if (ch in TRANSLITERATIONS) {
      out += TRANSLITERATIONS[ch];
      continue;
    }
    if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0)) {
      out += " ";
      continue;
    }
    const stripped = ch.normalize("NFKD").replace(/[\u0300-\u036f]/g, "");
    if (stripped && [...stripped].every((c) => winAnsiOk(c.codePointAt(0)!))) {
      out += stripped;
      continue;
    }
    out += "?";
  }
  return out;
}

const A4_MARGIN = 56;
const FOOTER_SPACE = 28;
const COLOURS = ["#1b6ca8", "#c0392b", "#2e8540", "#8e44ad", "#d35400", "#16a085", "#7f6000", "#5d6d7e"];
const COLOUR_NAMES = ["blue", "red", "green", "purple", "orange", "teal", "olive", "grey"];

type Doc = PDFKit.PDFDocument;

class PdfWriter {
  constructor(readonly doc: Doc) {}

  get width(): number {
    return this.doc.page.width - this.doc.page.margins.left - this.doc.page.margins.right;
  }

  get left(): number {
    return this.doc.page.margins.left;
  }

  /** Starts a new page unless `height` points still fit on this one. */
  ensure(height: number): void {
    if (this.doc.y + height > this.doc.page.height - this.doc.page.margins.bottom) this.doc.addPage();
  }

  text(value: string, opts: PDFKit.Mixins.TextOptions & { size?: number; bold?: boolean; italic?: boolean; colour?: string } = {}): void {
    const { size = 10, bold = false, italic = false, colour = "#1a1a1a", ...rest } = opts;
    this.doc
      .font(bold ? (italic ? "Helvetica-BoldOblique" : "Helvetica-Bold") : italic ? "Helvetica-Oblique" : "Helvetica")
      .fontSize(size)
      .fillColor(colour)
      .text(toWinAnsi(value), { width: rest.width ?? this.width - (rest.indent ?? 0), ...rest });
  }

  /** "Label: value" with a bold label. */
  labelled(label: string, value: string, indent = 0): void {
    this.doc.font("Helvetica-Bold").fontSize(10).fillColor("#1a1a1a").text(`${toWinAnsi(label)}: `, this.left + indent, this.doc.y, {
      continued: true,
      width: this.width - indent,
    });
    this.doc.font("Helvetica").text(toWinAnsi(value || "—"));
    this.doc.x = this.left;
  }

  paragraphs(value: string, opts: { size?: number; italic?: boolean; indent?: number; colour?: string } = {}): void {
    for (const p of paragraphs(value)) {
      this.doc.x = this.left + (opts.indent ?? 0);
      this.text(p, { size: opts.size, italic: opts.italic, colour: opts.colour, width: this.width - (opts.indent ?? 0) });
      this.doc.moveDown(0.4);
    }
    this.doc.x = this.left;
  }

  /** A section heading (exact strings from SECTION_HEADINGS); major ones start a new page. */
  heading(title: string, newPage: boolean): void {
    if (newPage) this.doc.addPage();
    else {
      this.doc.moveDown(1);
      this.ensure(80);
    }
    this.doc.x = this.left;
    this.text(title, { size: 18, bold: true });
    const y = this.doc.y + 2;
    this.doc.moveTo(this.left, y).lineTo(this.left + this.width, y).lineWidth(1).strokeColor("#1a1a1a").stroke();
    this.doc.y = y + 8;
    this.doc.outline.addItem(toWinAnsi(title));
  }

  subheading(title: string): void {
    this.doc.moveDown(0.5);
    this.ensure(40);
    this.doc.x = this.left;
    this.text(title, { size: 12, bold: true });
    this.doc.moveDown(0.2);
  }

  note(value: string | undefined): void {
    if (!value || !value.trim()) return;
    this.doc.moveDown(0.3);
    this.ensure(40);
    this.text("Facilitator's note", { size: 9, bold: true, colour: "#5a5a5a" });
    this.paragraphs(value, { size: 10, italic: true, indent: 10 });
  }

  /** Simple table: column widths as fractions of the text width; wraps rows across pages. */
  table(headers: string[], rows: string[][], fractions: number[], opts: { size?: number } = {}): void {
    const size = opts.size ?? 9;
    const widths = fractions.map((f) => f * this.width);
    const drawRow = (cells: string[], bold: boolean) => {
      this.doc.font(bold ? "Helvetica-Bold" : "Helvetica").fontSize(size);
      const heights = cells.map((c, i) => this.doc.heightOfString(toWinAnsi(c), { width: widths[i] - 4 }));
      const h = Math.max(...heights, size) + 4;
      this.ensure(h);
      const y = this.doc.y;
      let x = this.left;
      cells.forEach((c, i) => {
        this.doc.fillColor("#1a1a1a").text(toWinAnsi(c), x + 2, y + 2, { width: widths[i] - 4 });
        x += widths[i];
      });
      this.doc
        .moveTo(this.left, y + h)
        .lineTo(this.left + this.width, y + h)
        .lineWidth(bold ? 0.8 : 0.3)
        .strokeColor(bold ? "#1a1a1a" : "#bbbbbb")
        .stroke();
      this.doc.x = this.left;
      this.doc.y = y + h;
    };
    drawRow(headers, true);
    for (const r of rows) drawRow(r, false);
    this.doc.moveDown(0.5);
  }

  /** Per-group agree-rate bars with 95% interval whiskers, drawn with rectangles and lines. */
  groupBars(s: ReportStatement): void {
    if (!s.groups.length) return;
    const labelW = 150;
    const barW = Math.min(240, this.width - labelW - 50);
    const rowH = 15;
    this.ensure(s.groups.length * rowH + 20);
    this.text("Agree rate by stakeholder group (whiskers: 95% interval)", { size: 8, colour: "#5a5a5a" });
    let y = this.doc.y + 2;
    const x0 = this.left + labelW;
    for (const g of s.groups) {
      this.doc.font("Helvetica").fontSize(8).fillColor("#1a1a1a");
      this.doc.text(toWinAnsi(`${g.name} (n=${g.n})`), this.left, y + 1, { width: labelW - 6, align: "right", lineBreak: false, ellipsis: true, height: 10 });
      this.doc.rect(x0, y, barW, 10).fillColor("#eeeeee").fill();
      const rate = g.agreeRate === null ? 0 : Math.max(0, Math.min(1, g.agreeRate));
      if (rate > 0) this.doc.rect(x0, y, rate * barW, 10).fillColor(COLOURS[0]).fill();
      if (g.interval) {
        const a = x0 + Math.max(0, Math.min(1, g.interval.low)) * barW;
        const b = x0 + Math.max(0, Math.min(1, g.interval.high)) * barW;
        this.doc.lineWidth(1).strokeColor("#1a1a1a");
        this.doc.moveTo(a, y + 5).lineTo(b, y + 5).stroke();
        this.doc.moveTo(a, y + 2).lineTo(a, y + 8).stroke();
        this.doc.moveTo(b, y + 2).lineTo(b, y + 8).stroke();
      }
      this.doc.fillColor("#1a1a1a").text(fmtPct(g.agreeRate), x0 + barW + 4, y + 1, { lineBreak: false });
      y += rowH;
    }
    this.doc.x = this.left;
    this.doc.y = y + 4;
  }
}

function numbersLine(s: ReportStatement): string {
  const c = s.counts;
  const parts = [
    `Votes ${c.total} (agree ${c.agree}, disagree ${c.disagree}, pass ${c.pass})`,
    `agree rate ${fmtPct(s.agreeRate)}`,
    `pass rate ${fmtPct(s.passRate)}`,
    `mean confidence ${fmtNum(s.meanConfidence)}`,
  ];
  if (s.groupInformedConsensus !== null) parts.push(`group-informed consensus ${fmtNum(s.groupInformedConsensus, 3)}`);
  if (s.bridging) parts.push(`bridging ${s.bridging.group} ${fmtPct(s.bridging.rate)}`);
  return parts.join(" · ");
}

type Kind = "agreement" | "disagreement" | "uncertainty" | "brief";

function statementBlock(w: PdfWriter, s: ReportStatement, kind: Kind): void {
  const doc = w.doc;
  doc.moveDown(0.6);
  w.ensure(90);
  doc.x = w.left;
  w.text(`${kind === "uncertainty" ? "Open question: " : ""}${s.key} ${s.title}`, { size: 12, bold: true });
  w.text(`Proposal #${s.proposalNumber}, version ${s.versionNumber} · ${s.categoryLabel || s.category}`, { size: 8, colour: "#5a5a5a" });
  if (s.carriedOver) w.text(s.carriedOver.sentence, { size: 8.5, italic: true, colour: "#333333" });
  doc.moveDown(0.3);
  w.paragraphs(s.statement, { indent: 10 });
  if (kind === "agreement") {
    if (s.scope) w.labelled("Scope", s.scope);
    if (s.indicator) w.labelled("Indicator", s.indicator);
    if (s.threshold) w.labelled("Threshold", s.threshold);
    if (s.trigger || s.response) w.labelled("If-then commitment", `If ${triggerAfterIf(s.trigger) || "—"} then ${s.response || "—"}`);
  }
  if (kind === "disagreement") {
    const spread = statementSpread(s);
    if (s.sides) {
      w.labelled("Leaning for", s.sides.for.join(", "));
      w.labelled("Leaning against", s.sides.against.join(", "));
    }
    if (spread !== null) w.labelled("Spread between groups", fmtPct(spread));
  }
  if (kind === "uncertainty") w.labelled("Why it is open", s.reasonText);
  doc.moveDown(0.2);
  w.text(numbersLine(s), { size: 8.5, colour: "#333333" });
  doc.moveDown(0.3);
  if (kind !== "brief") w.groupBars(s);
  if (kind !== "uncertainty") w.labelled("Why", s.reasonText);
  if (kind === "disagreement") {
    for (const [label, items] of [
      ["Strongest arguments for", s.excerpts.supports],
      ["Strongest arguments against", s.excerpts.opposes],
    ] as const) {
      if (!items.length) continue;
      doc.moveDown(0.3);
      w.ensure(30);
      w.text(label, { size: 9, bold: true });
      for (const e of items) w.paragraphs(`“${e}”`, { size: 9.5, italic: true, indent: 14, colour: "#333333" });
    }
  }
  if (s.evidenceLinks.length && kind !== "brief") w.labelled("Evidence", s.evidenceLinks.join("; "));
}

function statementSection(w: PdfWriter, heading: string, intro: string, list: ReportStatement[], kind: Kind, note: string | undefined, newPage: boolean): void {
  w.heading(heading, newPage);
  w.text(intro, { size: 9.5, italic: true, colour: "#5a5a5a" });
  w.note(note);
  if (!list.length) {
    w.doc.moveDown(0.5);
    w.text("None in this round.", { colour: "#5a5a5a" });
  }
  for (const s of list) statementBlock(w, s, kind);
}

function opinionMap(w: PdfWriter, map: ReportModel["opinionMap"]): void {
  if (!map.points.length) {
    w.text("No opinion map for this round.", { colour: "#5a5a5a" });
    return;
  }
  const doc = w.doc;
  const size = Math.min(w.width, 300);
  w.ensure(size + 20);
  const x0 = w.left;
  const y0 = doc.y;
  doc.rect(x0, y0, size, size * 0.66).lineWidth(0.5).strokeColor("#bbbbbb").stroke();
  const xs = map.points.map((p) => p.x);
  const ys = map.points.map((p) => p.y);
  const [minX, maxX, minY, maxY] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  const pad = 8;
  const h = size * 0.66;
  for (const p of map.points) {
    const px = x0 + pad + (maxX === minX ? 0.5 : (p.x - minX) / (maxX - minX)) * (size - 2 * pad);
    const py = y0 + h - pad - (maxY === minY ? 0.5 : (p.y - minY) / (maxY - minY)) * (h - 2 * pad);
    const c = COLOURS[p.group % COLOURS.length];
    if (p.group % 2 === 0) doc.circle(px, py, 2.5).fillColor(c).fill();
    else doc.rect(px - 2.5, py - 2.5, 5, 5).fillColor(c).fill();
  }
  doc.x = w.left;
  doc.y = y0 + h + 6;
  w.text(
    `${map.points.length} participants in ${map.k} opinion group${map.k === 1 ? "" : "s"}: ${map.groupSizes
      .map((n, i) => `${opinionGroupLabel(i)} (${i % 2 === 0 ? "circles" : "squares"}, ${COLOUR_NAMES[i % COLOUR_NAMES.length]}) ${n}`)
      .join("; ")}. Nearby points voted alike; the axes have no units.`,
    { size: 8.5, colour: "#333333" },
  );
}

export function renderReportPdf(model: ReportModel): Promise<Buffer> {
  return new Promise<Buffer>((resolve, reject) => {
    const d = model.deliberation;
    const doc = new PDFDocument({
      size: "A4",
      margins: { top: A4_MARGIN, left: A4_MARGIN, right: A4_MARGIN, bottom: A4_MARGIN + FOOTER_SPACE },
      bufferPages: true,
      lang: "en",
      displayTitle: true,
      info: {
        Title: toWinAnsi(`${d.title} — consensus report`),
        Author: toWinAnsi(d.convener),
        Subject: toWinAnsi(d.question),
        Creator: "Accord",
        CreationDate: Number.isNaN(Date.parse(model.generatedAt)) ? new Date() : new Date(model.generatedAt),
      },
    });
    const chunks: Buffer[] = [];
    doc.on("data", (c: Buffer) => chunks.push(c));
    doc.on("end", () => resolve(Buffer.concat(chunks)));
    doc.on("error", reject);
    try {
      write(new PdfWriter(doc), model);
      addFooters(doc, model);
      doc.end();
    } catch (err) {
      reject(err);
    }
  });
}

function write(w: PdfWriter, model: ReportModel): void {
  const doc = w.doc;
  const d = model.deliberation;
  const m = model.methodology;

  // Title page
  doc.y = A4_MARGIN + 80;
  w.text("State-of-the-science consensus report", { size: 11, colour: "#5a5a5a" });
  doc.moveDown(0.5);
  w.text(d.title, { size: 26, bold: true });
  doc.moveDown(0.6);
  w.text(d.question, { size: 14, italic: true });
  doc.moveDown(0.8);
  w.paragraphs(d.description);
  doc.moveDown(0.5);
  w.labelled("Convener", d.convener);
  w.labelled("Round", roundLine(model));
  w.labelled("Participants", `${model.participation.participants} (${model.participation.voters} voted)`);
  w.labelled("Generated", fmtDate(model.generatedAt));
  doc.moveDown(1);
  w.text("Participation", { size: 12, bold: true });
  doc.moveDown(0.3);
  const prow = (r: { name: string; participants: number; voters: number }) => [r.name, String(r.participants), String(r.voters)];
  if (model.participation.byGroup.length) w.table(["Stakeholder group", "Participants", "Voters"], model.participation.byGroup.map(prow), [0.6, 0.2, 0.2]);
  if (model.participation.byRegion.length) w.table(["Region", "Participants", "Voters"], model.participation.byRegion.map(prow), [0.6, 0.2, 0.2]);
  const sup = suppressionNote(model);
  if (sup) w.text(sup, { size: 9, italic: true, colour: "#5a5a5a" });

  // Executive summary
  w.heading(SECTION_HEADINGS.summary, true);
  if (paragraphs(model.summary).length) w.paragraphs(model.summary, { size: 11 });
  else w.text("No summary provided.", { colour: "#5a5a5a" });

  // Methodology
  w.heading(SECTION_HEADINGS.methodology, true);
  w.subheading("Process");
  w.paragraphs(m.process);
  w.subheading("Voting scale");
  w.paragraphs(m.votingScale);
  w.subheading("Thresholds");
  w.table(["Criterion", "Value"], thresholdRows(m.thresholds), [0.8, 0.2]);
  w.subheading("Weighting");
  w.paragraphs(m.weighting);
  w.subheading("Opinion groups");
  w.paragraphs(m.opinionGroups);
  w.subheading("Attribution");
  w.text(`${ATTRIBUTION_LABELS[m.attributionMode] ?? m.attributionMode}.`, { bold: true });
  w.paragraphs(m.attributionRule);
  if (m.participation) {
    w.subheading("Participation");
    w.paragraphs(m.participation);
  }
  const events = processEventBlocks(m.processEvents);
  if (events) {
    w.subheading(events.heading);
    for (const b of events.blocks) {
      w.text(b.heading, { bold: true });
      for (const line of b.lines) w.text(`• ${line}`, { size: 10 });
      doc.moveDown(0.3);
    }
  }

  statementSection(w, SECTION_HEADINGS.agreement, SECTION_INTROS.agreement, model.agreement, "agreement", model.sectionNotes.agreement, true);
  statementSection(w, SECTION_HEADINGS.disagreement, SECTION_INTROS.disagreement, model.disagreement, "disagreement", model.sectionNotes.disagreement, true);
  statementSection(w, SECTION_HEADINGS.uncertainty, SECTION_INTROS.uncertainty, model.uncertainty, "uncertainty", model.sectionNotes.uncertainty, true);
  statementSection(w, SECTION_HEADINGS.noConsensus, SECTION_INTROS.noConsensus, model.noConsensus, "brief", undefined, false);
  statementSection(w, SECTION_HEADINGS.insufficient, SECTION_INTROS.insufficient, model.insufficient, "brief", undefined, false);

  // Movement
  const all = allStatements(model);
  w.heading(SECTION_HEADINGS.movement, true);
  w.text(SECTION_INTROS.movement, { size: 9.5, italic: true, colour: "#5a5a5a" });
  w.note(model.sectionNotes.movement);
  doc.moveDown(0.4);
  const moves = all.flatMap((s) =>
    s.movement.map((mv) => [`${s.key} ${s.title}`, `Round ${mv.fromRound}`, fmtPp(mv.agreeChange), fmtPp(mv.spreadChange), mv.converged === null ? "—" : mv.converged ? "Converged" : "Diverged"]),
  );
  if (moves.length) w.table(["Statement", "Compared with", "Agree rate", "Spread", "Direction"], moves, [0.44, 0.14, 0.14, 0.14, 0.14]);
  else w.text("No earlier round to compare with.", { colour: "#5a5a5a" });

  // Opinion map + taxonomy
  w.heading(SECTION_HEADINGS.opinionMap, false);
  opinionMap(w, model.opinionMap);
  w.heading(SECTION_HEADINGS.taxonomy, false);
  if (model.taxonomy.length)
    w.table(
      ["Category", "Statements", "Agreement", "Disagreement", "Uncertainty"],
      model.taxonomy.map((t) => [t.label || t.category, String(t.statements), String(t.agreement), String(t.disagreement), String(t.uncertainty)]),
      [0.44, 0.14, 0.14, 0.14, 0.14],
    );
  else w.text("No categories.", { colour: "#5a5a5a" });

  // Appendix
  w.heading(SECTION_HEADINGS.appendix, true);
  w.text(SECTION_INTROS.appendix, { size: 9.5, italic: true, colour: "#5a5a5a" });
  w.note(model.sectionNotes.appendix);
  doc.moveDown(0.4);
  w.table(
    ["Key", "Statement", "Classification", "Agree", "Disagree", "Pass", "Total", "Agree rate", "Pass rate", "Conf."],
    all.map((s) => [
      s.key,
      s.title,
      CLASSIFICATION_LABELS[s.classification],
      String(s.counts.agree),
      String(s.counts.disagree),
      String(s.counts.pass),
      String(s.counts.total),
      fmtPct(s.agreeRate),
      fmtPct(s.passRate),
      fmtNum(s.meanConfidence),
    ]),
    [0.06, 0.3, 0.14, 0.07, 0.08, 0.06, 0.06, 0.08, 0.08, 0.07],
    { size: 7.5 },
  );
  w.subheading("Classification reasons");
  for (const s of all) {
    w.ensure(24);
    w.labelled(s.key, s.reasonText);
    doc.moveDown(0.15);
  }
  doc.moveDown(1);
  w.text(`Report schema v${model.schemaVersion}. No participant is named in this report.`, { size: 8, colour: "#5a5a5a" });
}

function addFooters(doc: Doc, model: ReportModel): void {
  const range = doc.bufferedPageRange();
  const footer = toWinAnsi(`${model.deliberation.title} — consensus report, round ${model.round.number}`);
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0; // writing inside the bottom margin must not add a page
    const y = doc.page.height - A4_MARGIN + 10;
    const width = doc.page.width - 2 * A4_MARGIN;
    doc.font("Helvetica").fontSize(8).fillColor("#5a5a5a");
    doc.text(footer, A4_MARGIN, y, { width: width * 0.75, lineBreak: false, ellipsis: true, height: 10 });
    doc.text(`Page ${i - range.start + 1} of ${range.count}`, A4_MARGIN, y, { width, align: "right", lineBreak: false });
    doc.page.margins.bottom = bottom;
  }
}
