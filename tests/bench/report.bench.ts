/**
 * `npm run bench:report`: the consensus report (issue #5) at assembly scale, on a real SQLite file.
 *
 * Fixture (deterministic): one deliberation with a closed round of 200 frozen proposals whose typed
 * fields hold realistic-length text, 5,000 participants in 5 stakeholder groups (unequal sizes) and
 * 5 regions (some "not stated"), votes at ~30 % density with group structure (agreement, crux,
 * uncertainty and no-consensus proposals, a few with too few votes), ~2,000 supports / opposes
 * comments spread over the proposals (some naming a participant, so redaction has work to do).
 *
 * Measured, 5 timed runs after 1 warm-up, median [min–max]:
 *  - building the model: `buildReport` once cold (empty consensus cache, so it includes
 *    recomputeRound; it is also the build's warm-up), `recomputeRound` alone once, then
 *    `buildReport` with the cache warm;
 *  - rendering the model: HTML, JSON, Markdown, PDF; CSV is `exportRoundAsPolis` (the three
 *    files), which reads the round from the database and does not use the model;
 *  - time per format = build + render, summed per run (each run builds once, then renders every
 *    format from that model, as a request does);
 *  - the PDF in Chinese and Arabic (embedded Noto Sans SC / IBM Plex Sans Arabic, subset): time and size.
 * References, measured in the same run on the same model: `JSON.stringify(model)` (the cheapest
 * possible "render"), and for the PDF a bare pdfkit document that writes the same text strings the
 * report writes (captured from one render), one plain `doc.text` call each, Helvetica 10, no
 * tables, bars, map or footers. Goals are printed, never asserted.
 *
 * Environment: BENCH_PARTICIPANTS, BENCH_PROPOSALS, BENCH_COMMENTS, BENCH_RUNS override the sizes.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import SQLite from "better-sqlite3";
import PDFDocument from "pdfkit";
import { createDatabase } from "../../db/connection";
import { migrateToLatest } from "../../db/migrate";
import { createAppContext } from "../../app/context/app-context.server";
import { getEnv } from "../../app/env.server";
import { recomputeRound } from "../../app/results/round-results.server";
import { backfillSnapshots, findSnapshot, takeRoundSnapshot } from "../../app/results/results-source.server";
import { computeRoundConsensus } from "../../app/results/round-consensus";
import { installResultsHandlers } from "../../app/results/install.server";
import { buildOpenDataBundle } from "../../app/report/open-data-bundle";
import { listRoundVotes } from "../../app/deliberation/vote-repository.server";
import { verifyOpenDataBundle } from "../../app/interop/verify-bundle";
import { exportRoundFiles } from "../../app/interop/polis-export.server";
import { buildReport, type ReportOptions } from "../../app/report/report-service.server";
import { renderReportHtml } from "../../app/report/render-html";
import { renderReportJson } from "../../app/report/render-json";
import { renderReportMarkdown } from "../../app/report/render-markdown";
import { renderReportPdf } from "../../app/report/render-pdf.server";
import type { ReportModel } from "../../app/report/report-types";
import { fmt, line, summarize, timeIt } from "./stats";

const PARTICIPANTS = Number(process.env.BENCH_PARTICIPANTS ?? 5000);
const PROPOSALS = Number(process.env.BENCH_PROPOSALS ?? 200);
const COMMENTS = Number(process.env.BENCH_COMMENTS ?? 2000);
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const DENSITY = 0.3;
const GOALS_MS = { HTML: 2000, JSON: 2000, PDF: 5000 } as const;

const started = performance.now();
const dir = mkdtempSync(path.join(tmpdir(), "accord-report-bench-"));
const file = path.join(dir, "bench.db");
const db = createDatabase({ path: file });
await migrateToLatest(db);
const app = createAppContext({ db, config: getEnv() });
installResultsHandlers(app);

// ------------------------------------------------------------------------------------ fixture

let seed = 20261123;
const rand = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
const between = (lo: number, hi: number) => lo + Math.floor(rand() * (hi - lo + 1));

const FIRST = ["Amara", "Bogdan", "Chen", "Dalia", "Emeka", "Freya", "Gustavo", "Hana", "Ibrahim", "Jelena", "Kofi", "Léa", "Mateo", "Nadia", "Oskar", "Priya", "Quentin", "Rosa", "Sipho", "Tomás", "Ulla", "Vikram", "Wanjiru", "Xavier", "Yuki", "Zofia", "Aleksander", "Beatriz", "Camille", "Dmitri", "Eun-ji", "Fatima", "Gabriel", "Helga", "Ines", "Jonas", "Kateryna", "Lars", "Mariam", "Nikolai"];
const LAST = ["Adeyemi", "Bauer", "Castillo", "Dubois", "Eriksen", "Fernández", "García", "Haddad", "Ivanova", "Jensen", "Kowalski", "Lindqvist", "Moreau", "Nakamura", "Okafor", "Petrov", "Quispe", "Rossi", "Schmidt", "Tanaka", "Ueda", "Van der Berg", "Wójcik", "Xu", "Yilmaz", "Zhang", "Andersson", "Bianchi", "Chowdhury", "Delgado", "Esposito", "Fischer", "Gonzalez", "Horvath", "Iyer", "Jovanović", "Kim", "Lopez", "Mensah", "Novak"];
const WORDS = (
  "frontier model evaluation capability threshold deployment developer incident disclosure audit independent third-party access compute training run " +
  "autonomous replication oversight human approval safeguards red-team benchmark success rate tasks biological chemical cyber uplift novice expert " +
  "deception sandbagging monitoring shutdown weights exfiltration security controls regulator notification public registry liability insurance " +
  "labour market concentration privacy surveillance biometric identification elections persuasion provenance watermark energy water emissions"
).split(" ");
const CATEGORIES = ["malicious_use.wmd", "malicious_use.cyber_offence", "malicious_use.manipulation", "malfunctions.loss_of_control", "malfunctions.self_replication", "malfunctions.deception", "malfunctions.power_seeking", "malfunctions.reliability", "systemic.labour", "systemic.concentration", "systemic.privacy", "systemic.environment", "systemic.surveillance", "other.unclassified"];
const SCOPES = ["development", "deployment", "use"] as const;

function sentence(min: number, max: number): string {
  const n = between(min, max);
  const w = Array.from({ length: n }, () => pick(WORDS));
  w[0] = w[0]![0]!.toUpperCase() + w[0]!.slice(1);
  return `${w.join(" ")}.`;
}
function prose(chars: number): string {
  let out = "";
  while (out.length < chars) out += (out ? " " : "") + sentence(8, 22);
  return out;
}
function paragraphsOf(chars: number, paras: number): string {
  return Array.from({ length: paras }, () => prose(Math.round(chars / paras))).join("\n\n");
}

const T0 = Date.parse("2026-09-01T08:00:00.000Z");
const iso = (ms: number) => new Date(T0 + ms).toISOString();
const DAY = 86_400_000;
const openedAt = iso(0);
const votingOpenedAt = iso(14 * DAY);
const closedAt = iso(21 * DAY);

const raw = new SQLite(file);
raw.pragma("journal_mode = WAL");
raw.pragma("synchronous = NORMAL");

const delibId = "bench-delib";
const roundId = "bench-round-1";
const facilitatorUser = "bench-facilitator";
const GROUP_NAMES = ["Frontier AI developers", "Civil society", "Academia", "Governments and regulators", "Affected communities"];
const GROUP_SIZES = [0.3, 0.25, 0.2, 0.15, 0.1];
const REGION_NAMES = ["Africa", "Asia-Pacific", "Europe", "Latin America and the Caribbean", "North America"];
const groupIds = GROUP_NAMES.map((_, i) => `bench-group-${i}`);
const regionIds = REGION_NAMES.map((_, i) => `bench-region-${i}`);

interface Member {
  id: string;
  group: number;
  cluster: number;
  density: number;
}
const members: Member[] = [];
const names: string[] = [];
let voteCount = 0;
const classCount = { agreement: 0, crux: 0, uncertainty: 0, mixed: 0, sparse: 0 };

raw.transaction(() => {
  raw.prepare(`insert into users (id, email, password_hash, display_name, created_at) values (?, ?, null, ?, ?)`).run(facilitatorUser, "facilitator@example.org", "Bench Facilitator", openedAt);
  raw
    .prepare(
      `insert into deliberations (id, title, question, description, attribution_mode, results_visibility, min_group_size, thresholds, public_reports, created_by, created_at, updated_at)
       values (?, ?, ?, ?, 'chatham_house', 'after_close', 5, '{}', 0, ?, ?, ?)`,
    )
    .run(
      delibId,
      "Global Assembly on AI Red Lines 2026",
      "Which red lines should no AI system cross, how do we measure them, and what happens when one is crossed?",
      paragraphsOf(900, 3),
      facilitatorUser,
      openedAt,
      openedAt,
    );
  const g = raw.prepare(`insert into stakeholder_groups (id, deliberation_id, name, target_share, position) values (?, ?, ?, 0.2, ?)`);
  GROUP_NAMES.forEach((name, i) => g.run(groupIds[i], delibId, name, i));
  const r = raw.prepare(`insert into regions (id, deliberation_id, name, position) values (?, ?, ?, ?)`);
  REGION_NAMES.forEach((name, i) => r.run(regionIds[i], delibId, name, i));
  raw.prepare(`insert into rounds (id, deliberation_id, number, phase, opened_at, voting_opened_at, closed_at) values (?, ?, 1, 'closed', ?, ?, ?)`).run(roundId, delibId, openedAt, votingOpenedAt, closedAt);

  const insUser = raw.prepare(`insert into users (id, email, password_hash, display_name, created_at) values (?, ?, null, ?, ?)`);
  const insMember = raw.prepare(
    `insert into memberships (id, deliberation_id, user_id, role, stakeholder_group_id, region_id, pseudonym, created_at, removed_at) values (?, ?, ?, ?, ?, ?, ?, ?, null)`,
  );
  insMember.run("bench-m-facilitator", delibId, facilitatorUser, "facilitator", null, null, "Facilitator", openedAt);
  for (let i = 0; i < PARTICIPANTS; i++) {
    const u = rand();
    let group = 0;
    for (let acc = GROUP_SIZES[0]!; u > acc && group < GROUP_SIZES.length - 1; acc += GROUP_SIZES[++group]!);
    const region = rand() < 0.04 ? null : regionIds[between(0, REGION_NAMES.length - 1)]!;
    const display = `${pick(FIRST)} ${pick(LAST)}`;
    const pseudonym = `Delegate ${i + 1}`;
    const id = `bench-m-${i}`;
    insUser.run(`bench-u-${i}`, rand() < 0.7 ? `user${i}@example.org` : null, display, openedAt);
    insMember.run(id, delibId, `bench-u-${i}`, "participant", groupIds[group], region, pseudonym, iso(i * 1000));
    members.push({ id, group, cluster: rand() < 0.7 ? group % 3 : between(0, 2), density: 0.5 + rand() });
    names.push(display);
  }

  // Proposals: archetype by index (agreement 40 %, crux 20 %, uncertainty 20 %, mixed 20 %; a few sparse).
  const insProposal = raw.prepare(
    `insert into proposals (id, deliberation_id, author_membership_id, status, merged_into_id, status_reason, created_at, updated_at) values (?, ?, ?, 'active', null, null, ?, ?)`,
  );
  const insVersion = raw.prepare(
    `insert into proposal_versions (id, proposal_id, version_number, round_id, title, statement, rationale, category, indicator, threshold_value, threshold_unit, trigger, response, scope, evidence_links, created_by_membership_id, created_at, frozen_at)
     values (?, ?, 1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insVote = raw.prepare(`insert into votes (id, round_id, version_id, membership_id, choice, confidence, created_at, updated_at) values (?, ?, ?, ?, ?, ?, ?, ?)`);
  const clusterPref = [0, 1, 2].map(() => Array.from({ length: PROPOSALS }, () => (rand() < 0.5 ? -1 : 1)));
  for (let p = 0; p < PROPOSALS; p++) {
    const proposalId = `bench-p-${p}`;
    const versionId = `bench-v-${p}`;
    const author = members[between(0, members.length - 1)]!.id;
    const created = iso(p * 3_600_000);
    insProposal.run(proposalId, delibId, author, created, created);
    const title = `${sentence(5, 9).slice(0, -1)} (${["≥", "≤", "no more than", "at least"][p % 4]} threshold)`;
    const links = JSON.stringify(Array.from({ length: between(0, 3) }, (_, k) => `https://evidence.example.org/papers/${p}-${k}?ref=assembly-2026`));
    insVersion.run(
      versionId,
      proposalId,
      roundId,
      title,
      `AI systems must not ${prose(between(160, 320)).toLowerCase()}`,
      paragraphsOf(between(600, 1400), between(2, 4)),
      CATEGORIES[p % CATEGORIES.length],
      prose(between(80, 180)),
      `${between(1, 50)}`,
      pick(["% of tasks", "% success rate", "incidents per quarter", "FLOP (×10²⁵)", "hours of autonomous operation"]),
      prose(between(80, 200)),
      prose(between(120, 320)),
      SCOPES[p % 3],
      links,
      author,
      created,
      votingOpenedAt,
    );

    const kind = p % 50 === 49 ? "sparse" : (["agreement", "agreement", "agreement", "agreement", "crux", "crux", "uncertainty", "uncertainty", "mixed", "mixed"] as const)[p % 10]!;
    classCount[kind === "agreement" ? "agreement" : kind === "crux" ? "crux" : kind === "uncertainty" ? "uncertainty" : kind === "mixed" ? "mixed" : "sparse"]++;
    const density = kind === "sparse" ? 0.0015 : DENSITY;
    for (let i = 0; i < members.length; i++) {
      const m = members[i]!;
      if (rand() >= density * m.density) continue;
      // agree / pass probabilities by archetype and group, nudged by the member's latent opinion cluster
      let agree: number;
      let pass: number;
      if (kind === "agreement") [agree, pass] = [0.86, 0.06];
      else if (kind === "crux") [agree, pass] = [m.group < 2 ? 0.85 : m.group === 2 ? 0.5 : 0.18, 0.07];
      else if (kind === "uncertainty") [agree, pass] = [0.42, 0.42];
      else [agree, pass] = [0.5 + 0.06 * (m.group - 2), 0.12];
      agree = Math.min(0.97, Math.max(0.02, agree + 0.06 * clusterPref[m.cluster]![p]!));
      const x = rand();
      const choice = x < agree ? "agree" : x < agree + pass ? "pass" : "disagree";
      const confidence = rand() < 0.3 ? null : kind === "uncertainty" ? between(1, 3) : between(2, 5);
      const at = iso(14 * DAY + Math.floor(rand() * 7 * DAY));
      insVote.run(`bench-vote-${voteCount++}`, roundId, versionId, m.id, choice, confidence, at, at);
    }
  }

  // Comments: supports / opposes, spread over proposals (cruxes get more), some naming someone.
  const insComment = raw.prepare(
    `insert into comments (id, deliberation_id, proposal_id, membership_id, parent_id, anchor, stance, body, created_at, edited_at, deleted_at, hidden_at, hidden_reason, hidden_by)
     values (?, ?, ?, ?, null, null, ?, ?, ?, null, null, null, null, null)`,
  );
  for (let c = 0; c < COMMENTS; c++) {
    const p = rand() < 0.4 ? between(0, Math.floor((PROPOSALS - 1) / 10)) * 10 + 4 + between(0, 1) : between(0, PROPOSALS - 1);
    const author = members[between(0, members.length - 1)]!;
    let body = paragraphsOf(between(150, 1100), between(1, 3));
    if (rand() < 0.15) body = `As ${pick(names)} argued in the plenary, ${body}`;
    if (rand() < 0.05) body += ` Contact me at user${between(0, PARTICIPANTS - 1)}@example.org for the data.`;
    insComment.run(`bench-c-${c}`, delibId, `bench-p-${Math.min(p, PROPOSALS - 1)}`, author.id, rand() < 0.55 ? "supports" : "opposes", body, iso(Math.floor(rand() * 20 * DAY)));
  }
})();
raw.close();
const fixtureMs = performance.now() - started;

const options: ReportOptions = {
  summary: paragraphsOf(2400, 4),
  notes: { agreement: paragraphsOf(500, 2), disagreement: paragraphsOf(600, 2), uncertainty: paragraphsOf(400, 1), appendix: prose(200) },
  generatedAt: iso(22 * DAY),
  convener: "The Accord Secretariat",
};

console.log(
  `Accord report benchmark: ${PROPOSALS} proposals, ${PARTICIPANTS} participants (${GROUP_NAMES.length} stakeholder groups × ${REGION_NAMES.length} regions), ` +
    `${voteCount} votes (${((100 * voteCount) / (PROPOSALS * PARTICIPANTS)).toFixed(1)} %), ${COMMENTS} comments; ${RUNS} timed runs after 1 warm-up, median [min–max]`,
);
console.log(
  `fixture: built in ${fmt(fixtureMs)}; planted proposals: ${classCount.agreement} agreement, ${classCount.crux} crux, ${classCount.uncertainty} uncertainty, ${classCount.mixed} mixed, ${classCount.sparse} sparse\n`,
);

// ------------------------------------------------------------------------------------ snapshot

// The fixture writes a closed round straight into the tables; freeze it as the server does at start.
// Closing a round takes this snapshot inside the closing transaction: time it (rolled back) too.
const snapshotSamples: number[] = [];
const readVotesSamples: number[] = [];
for (let run = 0; run <= RUNS; run++) {
  const readMs = await timeIt(() => listRoundVotes(db, delibId, roundId));
  if (run > 0) readVotesSamples.push(readMs);
  const ms = await timeIt(() =>
    db
      .transaction()
      .execute(async (tx) => {
        await takeRoundSnapshot(tx, delibId, { id: roundId, number: 1 }, new Date().toISOString());
        throw new Error("rollback");
      })
      .catch(() => undefined),
  );
  if (run > 0) snapshotSamples.push(ms);
}
await backfillSnapshots(db);
const snapshot = (await findSnapshot(db, roundId))!.snapshot;

// ------------------------------------------------------------------------------------ cold build

let coldModel!: ReportModel;
const coldBuildMs = await timeIt(async () => {
  coldModel = await buildReport(db, delibId, roundId, options);
});
const recomputeMs = await timeIt(() => recomputeRound(db, delibId, roundId));

// ------------------------------------------------------------------------------------ PDF reference

/** Every string the report PDF passes to doc.text (already reduced to WinAnsi), captured from one render. */
async function capturePdfText(model: ReportModel): Promise<string[]> {
  const proto = PDFDocument.prototype as unknown as { text: (...args: unknown[]) => unknown };
  const original = proto.text;
  const seen: string[] = [];
  proto.text = function (this: unknown, ...args: unknown[]) {
    seen.push(String(args[0] ?? ""));
    return original.apply(this, args);
  };
  try {
    await renderReportPdf(model);
  } finally {
    proto.text = original;
  }
  return seen;
}

/** The reference: a bare pdfkit A4 document writing the same strings, one plain line (call) each. */
function barePdf(lines: readonly string[]): Promise<Buffer> {
  return new Promise<Buffer>((resolve, reject) => {
    const doc = new PDFDocument({ size: "A4", margins: { top: 56, left: 56, right: 56, bottom: 84 } });
    const chunks: Buffer[] = [];
    doc.on("data", (c: Buffer) => chunks.push(c));
    doc.on("end", () => resolve(Buffer.concat(chunks)));
    doc.on("error", reject);
    doc.font("Helvetica").fontSize(10);
    for (const l of lines) doc.text(l);
    doc.end();
  });
}

// ------------------------------------------------------------------------------------ timed runs

const FORMATS = ["HTML", "JSON", "Markdown", "PDF"] as const;
type Format = (typeof FORMATS)[number];
const samples = {
  build: [] as number[],
  stringify: [] as number[],
  bare: [] as number[],
  csv: [] as number[],
  render: Object.fromEntries(FORMATS.map((f) => [f, [] as number[]])) as Record<Format, number[]>,
};
const sizes: Record<string, number> = {};
let model!: ReportModel;
let pdfLines: string[] = [];

for (let run = 0; run <= RUNS; run++) {
  const keep = run > 0; // run 0 is the warm-up
  // The cold call above already ran buildReport end to end, so it doubles as the build's warm-up
  // (saves one slow build); run 0 warms up the renderers, the references and the CSV export.
  let built: ReportModel = coldModel;
  const build = keep
    ? await timeIt(async () => {
        built = await buildReport(db, delibId, roundId, options);
      })
    : 0;
  model = built;
  if (run === 0) pdfLines = await capturePdfText(model);

  const outputs: Record<string, string | Buffer> = {};
  const render: Record<Format, () => unknown> = {
    HTML: () => (outputs.HTML = renderReportHtml(model)),
    JSON: () => (outputs.JSON = renderReportJson(model)),
    Markdown: () => (outputs.Markdown = renderReportMarkdown(model)),
    PDF: async () => (outputs.PDF = await renderReportPdf(model)),
  };
  const t: Partial<Record<Format, number>> = {};
  for (const f of FORMATS) t[f] = await timeIt(render[f]);
  let ref = "";
  const stringify = await timeIt(() => (ref = JSON.stringify(model)));
  let bare!: Buffer;
  const bareMs = await timeIt(async () => (bare = await barePdf(pdfLines)));
  let csv!: Awaited<ReturnType<typeof exportRoundFiles>>;
  const csvMs = await timeIt(async () => (csv = await exportRoundFiles(db, delibId, roundId)));

  if (!keep) {
    for (const [k, v] of Object.entries(outputs)) sizes[k] = Buffer.byteLength(v);
    sizes["JSON.stringify (reference)"] = Buffer.byteLength(ref);
    sizes["bare pdfkit (reference)"] = bare.length;
    for (const [k, v] of Object.entries(csv)) sizes[k] = Buffer.byteLength(v);
    continue;
  }
  samples.build.push(build);
  samples.stringify.push(stringify);
  samples.bare.push(bareMs);
  samples.csv.push(csvMs);
  for (const f of FORMATS) samples.render[f].push(t[f]!);
}

// ------------------------------------------------------------------------------------ report

const sum = (a: number[], b: number[]) => a.map((x, i) => x + b[i]!);
const S = {
  build: summarize(samples.build),
  stringify: summarize(samples.stringify),
  bare: summarize(samples.bare),
  csv: summarize(samples.csv),
  buildStringify: summarize(sum(samples.build, samples.stringify)),
  buildBare: summarize(sum(samples.build, samples.bare)),
};
const statements = model.agreement.length + model.disagreement.length + model.uncertainty.length + model.noConsensus.length + model.insufficient.length;
console.log(
  `model: ${statements} statements (${model.agreement.length} agreement, ${model.disagreement.length} disagreement, ${model.uncertainty.length} uncertainty, ` +
    `${model.noConsensus.length} no consensus, ${model.insufficient.length} insufficient data), ${model.opinionMap.points.length} map points in ${model.opinionMap.k} opinion groups, ` +
    `${model.disagreement.reduce((n, s) => n + s.excerpts.supports.length + s.excerpts.opposes.length, 0)} excerpts`,
);
console.log(`PDF reference: bare pdfkit document, ${pdfLines.length} plain doc.text calls with the same ${pdfLines.reduce((n, l) => n + l.length, 0)} characters the report PDF writes\n`);

console.log("1. Building the model (buildReport)");
console.log(`${"buildReport cold (empty cache, incl. recompute)".padEnd(44)} once   ${fmt(coldBuildMs).padStart(9)}  (first call in the process)`);
console.log(`${"recomputeRound alone (cache then warm)".padEnd(44)} once   ${fmt(recomputeMs).padStart(9)}`);
line("buildReport warm cache", S.build, S.stringify, "JSON.stringify(model)");

console.log("\n2a. Render alone (from the built model)");
for (const f of FORMATS) line(`render ${f}`, summarize(samples.render[f]), S.stringify, "JSON.stringify(model)");
line("render PDF", summarize(samples.render.PDF), S.bare, "bare pdfkit, same text");
line("CSV: exportRoundAsPolis (3 files, no model)", S.csv, S.stringify, "JSON.stringify(model)");

console.log("\n2b. Time per format = build + render (summed per run)");
const e2e: Record<string, ReturnType<typeof summarize>> = {};
for (const f of FORMATS) {
  e2e[f] = summarize(sum(samples.build, samples.render[f]));
  line(`build + ${f}`, e2e[f]!, S.buildStringify, "build + JSON.stringify");
}
line("build + PDF", e2e.PDF!, S.buildBare, "build + bare pdfkit");
line("CSV (export reads the DB itself; no build)", S.csv, S.buildStringify, "build + JSON.stringify");

console.log("\n2c. PDF in Chinese and Arabic (embedded fonts, subset by pdfkit; same model; strings without a locale file fall back to English)");
for (const language of ["zh", "ar"] as const) {
  const times: number[] = [];
  let bytes = 0;
  let first = 0;
  for (let run = 0; run <= RUNS; run++) {
    let pdf!: Buffer;
    const ms = await timeIt(async () => (pdf = await renderReportPdf(model, language)));
    bytes = pdf.length;
    if (run === 0) first = ms; // the first render in the process also reads and parses the font files
    else times.push(ms);
  }
  line(`render PDF (${language})`, summarize(times), summarize(samples.render.PDF), "render PDF (en, Helvetica)");
  console.log(`  first render ${fmt(first)} (font files read); size ${(bytes / 1024).toFixed(1)} KiB`);
}

console.log("\n3. Trust: freezing, publishing and verifying the round (medians of the timed runs)");
const trust = { pipeline: [] as number[], bundle: [] as number[], verify: [] as number[] };
let bundleBytes = 0;
let verified = "";
for (let run = 0; run <= RUNS; run++) {
  let computed!: ReturnType<typeof computeRoundConsensus>;
  const pipelineMs = await timeIt(() => (computed = computeRoundConsensus(snapshot, "", "snapshot")));
  let bundle!: ReturnType<typeof buildOpenDataBundle>;
  const bundleMs = await timeIt(() => (bundle = buildOpenDataBundle({ snapshot, grouping: computed.grouping, opinionGroups: computed.opinionGroups, model })));
  let result!: ReturnType<typeof verifyOpenDataBundle>;
  const verifyMs = await timeIt(() => (result = verifyOpenDataBundle(bundle.files)));
  if (result.mismatches.length > 0) throw new Error(`the bench's own bundle does not verify: ${result.mismatches.length} mismatches`);
  bundleBytes = Object.values(bundle.files).reduce((n, f) => n + Buffer.byteLength(f), 0);
  verified = `${result.numbers} numbers in ${result.statements} statements`;
  if (run === 0) continue;
  trust.pipeline.push(pipelineMs);
  trust.bundle.push(bundleMs);
  trust.verify.push(verifyMs);
}
line("snapshot at close (read + write, rolled back)", summarize(snapshotSamples), summarize(readVotesSamples), "reading the round's votes alone");
line("results from the snapshot (pipeline)", summarize(trust.pipeline), S.stringify, "JSON.stringify(model)");
line("open-data bundle (8 files + hashes)", summarize(trust.bundle), S.stringify, "JSON.stringify(model)");
line(`verify (recompute ${verified})`, summarize(trust.verify), summarize(trust.pipeline), "results pipeline alone");
console.log(`  bundle size ${(bundleBytes / 1024).toFixed(1)} KiB`);

console.log("\nGoals (build + render median, not asserted)");
for (const [f, goal] of Object.entries(GOALS_MS)) {
  const m = e2e[f]!.median;
  console.log(`  ${f.padEnd(5)} ${fmt(m).padStart(9)}  goal < ${goal / 1000} s  ${m < goal ? "met" : "MISSED"}`);
}

console.log("\nOutput sizes");
for (const [k, v] of Object.entries(sizes)) console.log(`  ${k.padEnd(28)} ${(v / 1024).toFixed(1).padStart(9)} KiB`);

const peakMb = process.resourceUsage().maxRSS / 1024;
console.log(`\npeak RSS ${peakMb.toFixed(0)} MB (whole process: fixture, SQLite cache, all formats); total runtime ${((performance.now() - started) / 1000).toFixed(1)} s`);

await app.scheduler.stop();
await db.destroy();
rmSync(dir, { recursive: true, force: true });
