import { describe, expect, it } from "vitest";
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { ReportModel, ReportStatement } from "../../app/report/report-types";
import { escapeHtml, renderReportHtml } from "../../app/report/render-html";
import { escapeMarkdown, renderReportMarkdown } from "../../app/report/render-markdown";
import { renderReportJson } from "../../app/report/render-json";
import { renderReportPdf, toWinAnsi } from "../../app/report/render-pdf.server";

const PDFTOTEXT = "/usr/bin/pdftotext";
const hasPdftotext = existsSync(PDFTOTEXT);

const HEADINGS = ["Points of agreement", "Points of disagreement", "Key uncertainties", "Methodology", "Movement across rounds", "Appendix"];

function statement(over: Partial<ReportStatement> & Pick<ReportStatement, "key" | "title" | "classification" | "reason" | "reasonText">): ReportStatement {
  return {
    proposalNumber: Number(over.key.slice(1)),
    versionNumber: 1,
    statement: `${over.title}: statement text.`,
    category: "malfunctions.self_replication",
    categoryLabel: "Malfunctions › Self-replication",
    scope: "",
    indicator: "",
    threshold: "",
    trigger: "",
    response: "",
    evidenceLinks: [],
    counts: { agree: 10, disagree: 3, pass: 2, total: 15 },
    agreeRate: 10 / 13,
    passRate: 2 / 15,
    meanConfidence: 3.2,
    bridging: null,
    balanced: null,
    groupInformedConsensus: null,
    sides: null,
    groups: [
      { name: "Academia", n: 7, agreeRate: 0.71, interval: { low: 0.42, high: 0.9 } },
      { name: "Industry", n: 8, agreeRate: 0.62, interval: { low: 0.35, high: 0.84 } },
    ],
    excerpts: { supports: [], opposes: [] },
    movement: [],
    ...over,
  };
}

function fixture(): ReportModel {
  const agreed = statement({
    key: "S1",
    title: "No autonomous self-replication",
    statement: "Frontier models must not copy their own weights to new hardware.\n\nThis applies to all deployments.",
    scope: "Frontier general-purpose models",
    indicator: "Success rate on the replication eval suite",
    threshold: "≥ 20 % — “quoted” … 北京",
    trigger: "the success rate exceeds the threshold",
    response: "halt deployment and notify the regulator within 72 hours",
    evidenceLinks: ["https://example.org/eval", "javascript:alert(1)"],
    classification: "agreement",
    reason: { code: "all_agree", groups: 2, lowest: { group: "Industry", rate: 0.8, interval: { low: 0.55, high: 0.93 }, n: 8 }, overall: 0.85 },
    reasonText: "Every group agreed; the lowest was Industry at 80% (95% interval 55–93%).",
    agreeRate: 0.85,
    groupInformedConsensus: 0.612,
    movement: [{ fromRound: 1, agreeChange: 0.12, spreadChange: -0.08, converged: true }],
  });
  const crux = statement({
    key: "S2",
    title: "Open weights | a crux",
    classification: "disagreement",
    reason: { code: "split", spread: 0.55, high: { group: "Civil society", rate: 0.9 }, low: { group: "Industry", rate: 0.35 } },
    reasonText: "Groups split: Civil society 90% vs Industry 35% (spread 55 points).",
    sides: { for: ["Civil society"], against: ["Industry"] },
    excerpts: {
      supports: ["Openness lets <script>alert(1)</script> independent labs audit | verify."],
      opposes: ["Releasing weights is irreversible & \"final\".\nSecond line | with pipe."],
    },
    movement: [{ fromRound: 1, agreeChange: -0.05, spreadChange: 0.1, converged: false }],
  });
  const open = statement({
    key: "S3",
    title: "Deception evals predict real-world deception",
    classification: "uncertainty",
    reason: { code: "many_passes", passRate: 0.4, n: 15, threshold: 0.3 },
    reasonText: "40% of voters passed, at or above the 30% threshold.",
  });
  const none = statement({
    key: "S4",
    title: "Compute caps",
    classification: "no_consensus",
    reason: { code: "no_consensus", overall: 0.55, spread: 0.1 },
    reasonText: "Overall agreement 55% is below 70% and groups differ by 10 points.",
  });
  const thin = statement({
    key: "S5",
    title: "Bio-uplift red line",
    classification: "insufficient_data",
    reason: { code: "too_few_votes", n: 4, min: 10 },
    reasonText: "Only 4 votes, fewer than the 10 required.",
    counts: { agree: 3, disagree: 1, pass: 0, total: 4 },
    groups: [],
  });
  return {
    schemaVersion: 1,
    deliberation: {
      title: "AI Red Lines <Assembly> & Friends",
      question: "Which AI capabilities should never be deployed?",
      description: "A global assembly.",
      convener: "Global Forum on AI",
    },
    round: { number: 2, openedAt: "2025-03-01T09:00:00.000Z", votingOpenedAt: "2025-03-10T09:00:00.000Z", closedAt: "2025-03-20T17:00:00.000Z" },
    rounds: 2,
    generatedAt: "2025-03-21T08:00:00.000Z",
    participation: {
      participants: 42,
      voters: 38,
      byGroup: [
        { name: "Academia", participants: 14, voters: 13 },
        { name: "Industry | Labs", participants: 16, voters: 15 },
        { name: "Other (groups under k)", participants: 12, voters: 10 },
      ],
      byRegion: [
        { name: "Europe", participants: 20, voters: 18 },
        { name: "Asia", participants: 22, voters: 20 },
      ],
      suppressed: { groups: 2, regions: 1, k: 5 },
    },
    methodology: {
      process: "Two rounds of proposal, deliberation and voting.",
      votingScale: "Agree / disagree / pass, with confidence 1–5.",
      thresholds: {
        agreementLowerBound: 0.5,
        agreementGroupRate: 0.6,
        agreementOverall: 0.7,
        disagreementSpread: 0.3,
        uncertaintyPassRate: 0.3,
        uncertaintyConfidence: 2.5,
        uncertaintyIntervalWidth: 0.5,
        minVotes: 10,
        minGroupSize: 5,
      },
      weighting: "Each stakeholder group counts equally.",
      opinionGroups: "k-means on the vote matrix.",
      attributionMode: "chatham_house",
      attributionRule: "Participants may use what was said but not who said it.",
    },
    summary: "First paragraph with <b>bold</b> attempt.\n\nSecond paragraph & more.",
    sectionNotes: { agreement: "Facilitator note on agreement.", disagreement: "Note | on cruxes." },
    agreement: [agreed],
    disagreement: [crux],
    uncertainty: [open],
    noConsensus: [none],
    insufficient: [thin],
    opinionMap: {
      k: 2,
      points: [
        { x: 0.1, y: 0.2, group: 0 },
        { x: 0.3, y: -0.1, group: 0 },
        { x: -0.5, y: 0.4, group: 1 },
      ],
      groupSizes: [2, 1],
    },
    taxonomy: [{ category: "malfunctions", label: "Malfunctions", statements: 5, agreement: 1, disagreement: 1, uncertainty: 1 }],
  };
}

describe("escapeHtml", () => {
  it("escapes tags, quotes and ampersands", () => {
    expect(escapeHtml(`<script>alert("x")</script>`)).toBe("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;");
    expect(escapeHtml(`it's "a" & b`)).toBe("it&#39;s &quot;a&quot; &amp; b");
    expect(escapeHtml("&amp;")).toBe("&amp;amp;");
    expect(escapeHtml(null)).toBe("");
  });
});

describe("renderReportHtml", () => {
  const model = fixture();
  const html = renderReportHtml(model, { lang: "en", baseUrl: "https://accord.example/d/1/report", formats: [{ label: "PDF", href: "report.pdf" }] });

  it("is a complete standalone document with lang, title and one h1 and no scripts", () => {
    expect(html.startsWith("<!DOCTYPE html>")).toBe(true);
    expect(html).toContain('<html lang="en" dir="ltr">');
    expect(html).toContain("<title>AI Red Lines &lt;Assembly&gt; &amp; Friends — consensus report</title>");
    expect(html.match(/<h1[\s>]/g)).toHaveLength(1);
    expect(html).not.toMatch(/<script/i);
    expect(html).toContain("@media print");
    expect(html).toContain('name="viewport"');
    expect(html).toContain('href="https://accord.example/d/1/report.pdf"');
  });

  it("contains every section heading exactly", () => {
    for (const h of HEADINGS) expect(html).toMatch(new RegExp(`<h2 id="[\\w-]+">${h}</h2>`));
    expect(html).toContain(">No consensus</h2>");
    expect(html).toContain(">Insufficient data</h2>");
  });

  it("shows the agreed statement's indicator, threshold and commitment", () => {
    expect(html).toContain("Success rate on the replication eval suite");
    expect(html).toContain("≥ 20 % — “quoted” … 北京");
    expect(html).toContain("halt deployment and notify the regulator within 72 hours");
    expect(html).toContain("the success rate exceeds the threshold");
    expect(html).toContain("Every group agreed; the lowest was Industry at 80% (95% interval 55–93%).");
  });

  it("escapes user text, including excerpts, and keeps summary paragraphs", () => {
    expect(html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(html).toContain("<p>First paragraph with &lt;b&gt;bold&lt;/b&gt; attempt.</p>");
    expect(html).toContain("<p>Second paragraph &amp; more.</p>");
    expect(html).toContain("Releasing weights is irreversible &amp; &quot;final&quot;.<br>Second line | with pipe.");
    expect(html).not.toContain('href="javascript:');
  });

  it("has the cover, methodology and structural parts", () => {
    expect(html).toContain("Global Forum on AI");
    expect(html).toContain("Participation by stakeholder group");
    expect(html).toContain("Participation by region");
    expect(html).toContain("2 stakeholder groups and 1 region with fewer than 5 members were merged");
    expect(html).toContain("Chatham House Rule");
    expect(html).toContain("Facilitator note on agreement.");
    expect(html).toContain("Open question: ");
    expect(html).toMatch(/<svg[^>]*role="img"/);
    expect(html).toContain("Academia: 71% agree (95% interval 42%–90%), n = 7");
    expect(html).toContain("Opinion group A (circle), 2 participants");
    expect(html).toContain("+12 pp");
  });

  it("falls back to lang=en for an invalid lang", () => {
    expect(renderReportHtml(model, { lang: '"><script>' })).toContain('<html lang="en" dir="ltr">');
  });
});

/** Counts `|` cell separators not escaped with a backslash. */
function pipes(line: string): number {
  return (line.match(/(?<!\\)\|/g) ?? []).length;
}

describe("renderReportMarkdown", () => {
  const md = renderReportMarkdown(fixture());

  it("has one h1 and every section heading", () => {
    expect(md.match(/^# /gm)).toHaveLength(1);
    for (const h of HEADINGS) expect(md).toMatch(new RegExp(`^## ${h}$`, "m"));
  });

  it("keeps every table well-formed", () => {
    const lines = md.split("\n");
    let tables = 0;
    for (let i = 0; i < lines.length; i++) {
      if (!lines[i].startsWith("|") || (i > 0 && lines[i - 1].startsWith("|"))) continue;
      tables++;
      const cols = pipes(lines[i]);
      expect(lines[i + 1]).toMatch(/^\|( -{3,}:? \|)+$/);
      for (let j = i; j < lines.length && lines[j].startsWith("|"); j++) {
        expect(pipes(lines[j]), `line ${j}: ${lines[j]}`).toBe(cols);
        expect(lines[j].endsWith("|")).toBe(true);
      }
    }
    expect(tables).toBeGreaterThanOrEqual(5); // groups, regions, thresholds, movement, taxonomy, appendix, per-group
    expect(md).toContain("Industry \\| Labs");
  });

  it("quotes excerpts and escapes HTML and pipes in them", () => {
    expect(md).toContain("> Openness lets \\<script\\>alert(1)\\</script\\> independent labs audit \\| verify.");
    expect(md).toContain("> Releasing weights is irreversible &amp; \"final\".  \n> Second line \\| with pipe.");
    expect(md).not.toMatch(/(?<!\\)<script/i); // only escaped: \<script\>
  });

  it("shows the agreed statement's indicator, threshold and commitment", () => {
    expect(md).toContain("**Indicator:** Success rate on the replication eval suite");
    expect(md).toContain("**Threshold:** ≥ 20 % — “quoted” … 北京");
    expect(md).toContain("**If** the success rate exceeds the threshold **then** halt deployment");
    expect(md).toContain("### Open question: S3 Deception evals predict real-world deception");
  });

  it("escapes Markdown syntax", () => {
    expect(escapeMarkdown("a|b*c_d`e<f>[g]")).toBe("a\\|b\\*c\\_d\\`e\\<f\\>\\[g\\]");
  });
});

describe("renderReportJson", () => {
  it("round-trips the model", () => {
    const model = fixture();
    const json = renderReportJson(model);
    expect(JSON.parse(json)).toEqual(model);
    expect(json).toBe(`${JSON.stringify(model, null, 2)}\n`);
  });

});

describe("toWinAnsi", () => {
  it("keeps WinAnsi characters, transliterates common symbols and replaces the rest", () => {
    expect(toWinAnsi("≥ 20 % — “quoted” … 北京 ’ – é")).toBe(">= 20 % — “quoted” … ?? ’ – é");
    expect(toWinAnsi("≤ 5 → x\u202F%")).toBe("<= 5 -> x %");
    expect(toWinAnsi("Łódź 😀 ǆ")).toBe("Lódz ? dz");
  });
});

describe("renderReportPdf", () => {
  let pdf: Buffer;

  it("renders an A4 PDF without crashing on non-Latin-1 text", async () => {
    pdf = await renderReportPdf(fixture());
    expect(pdf.subarray(0, 5).toString("latin1")).toBe("%PDF-");
    expect(pdf.length).toBeGreaterThan(2000);
    expect(pdf.toString("latin1")).toContain("/MediaBox [0 0 595.28 841.89]");
  });

  it.skipIf(!hasPdftotext)("has extractable text with the section headings, statements and page numbers", async () => {
    pdf ??= await renderReportPdf(fixture());
    const dir = mkdtempSync(join(tmpdir(), "report-pdf-"));
    try {
      const file = join(dir, "report.pdf");
      writeFileSync(file, pdf);
      const text = execFileSync(PDFTOTEXT, ["-enc", "UTF-8", file, "-"], { encoding: "utf8" }).replace(/[ \t]+/g, " ");
      for (const h of HEADINGS) expect(text).toContain(h);
      expect(text).toContain("No autonomous self-replication");
      expect(text).toContain("Success rate on the replication eval suite");
      expect(text).toContain(">= 20 % — “quoted” … ??");
      expect(text).toContain("Every group agreed; the lowest was Industry at 80%");
      expect(text).toContain("Open question: S3");
      expect(text).toMatch(/Page 1 of \d+/);
      expect(text).not.toContain("alert(1)</script>x"); // sanity: text is real, not garbled
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
