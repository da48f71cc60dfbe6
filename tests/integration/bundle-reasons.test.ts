import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AppContext } from "../../app/context/app-context.server";
import type { DisagreeReason } from "../../app/deliberation/disagree-reasons";
import { createProposal } from "../../app/deliberation/proposal-service.server";
import { advancePhase, openRound } from "../../app/deliberation/round-service.server";
import { castVote, getBallot } from "../../app/deliberation/vote-service.server";
import { formatCsv, parseCsv } from "../../app/formats/csv";
import { readPolisFolder } from "../../app/interop/polis-folder.server";
import { importPolisExport } from "../../app/interop/polis-import.server";
import { publishReport } from "../../app/report/publication-service.server";
import type { ReportModel } from "../../app/report/report-types";
import { freshRoundConsensus } from "../../app/results/round-results.server";
import { withFreshManifest, type Files } from "../helpers/bundle-edits";
import { makeDeliberation, proposalInput } from "../helpers/scenario";
import { startTestServer } from "../helpers/test-server";

/**
 * Decision 043: a published report's open-data bundle carries the split of each crux by
 * disagreement reason (reasons.csv, counts k-protected as in the report), `npm run verify` checks it
 * against report.json and the votes, older bundles without it still verify, and the Polis import
 * still reads Accord's own bundle.
 */
let server: Awaited<ReturnType<typeof startTestServer>>;
let app: AppContext;
let root: string;

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}
const verify = (target: string) =>
  new Promise<Run>((resolve) => {
    execFile(process.execPath, ["--import", "tsx", "app/interop/verify-cli.ts", target], { maxBuffer: 16 * 1024 * 1024, timeout: 120_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === "number" ? error.code : -1) : 0, stdout, stderr });
    });
  });

function writeFolder(name: string, files: Files): string {
  const dir = mkdtempSync(path.join(root, `${name}-`));
  for (const [file, text] of Object.entries(files)) writeFileSync(path.join(dir, file), text);
  return dir;
}

async function download(base: string): Promise<Files> {
  const manifest = await (await fetch(`${base}/manifest.json`)).text();
  const files: Files = { "manifest.json": manifest };
  for (const f of (JSON.parse(manifest) as { files: { name: string }[] }).files) {
    const res = await fetch(`${base}/${f.name}`);
    expect(res.status, f.name).toBe(200);
    files[f.name] = await res.text();
  }
  return files;
}

/** reasons.csv as rows of objects. */
function reasonRows(text: string) {
  const [header, ...rows] = parseCsv(text);
  return rows.map((r) => Object.fromEntries(header!.map((h, i) => [h, r[i]!])));
}

const GROUPS = ["Industry", "Civil society", "Academia", "Government"];
/**
 * Statement "crux": Industry (6) agrees; Civil society (6) disagrees on the evidence; Government (6)
 * on the timeline; Academia (5) disagrees, 3 of them on values (fewer than k = 5 reasons, so the
 * report merges Academia — and, to keep it unrecoverable, Government — into Other).
 * Statement "all-against": everyone disagrees, with reasons (not a crux: nobody splits).
 * Statement "all-for": everyone agrees.
 */
const SIZES = [6, 6, 5, 6];
let d: Awaited<ReturnType<typeof makeDeliberation>>;
let cruxKey: string;
let againstKey: string;
let base: string;
let published: Files;
let model: ReportModel;

beforeAll(async () => {
  server = await startTestServer();
  app = server.app;
  root = mkdtempSync(path.join(tmpdir(), "accord-bundle-reasons-"));
  d = await makeDeliberation(app, "Bundle reasons", { groups: GROUPS.map((name) => ({ id: null, name, targetShare: 0.25 })) });
  const people: { userId: string; group: number; i: number }[] = [];
  for (const [g, n] of SIZES.entries()) for (let i = 0; i < n; i++) people.push({ userId: await d.join(`Reasons ${g}-${i}`, { group: g }), group: g, i });
  const fac = () => d.ctx(d.facilitatorId);
  await openRound(await fac());
  for (const title of ["crux", "all-against", "all-for"]) await createProposal(await d.ctx(people[0]!.userId), proposalInput({ title }));
  await advancePhase(await fac(), "proposing");
  await advancePhase(await fac(), "discussing");
  const items = (await getBallot(await d.ctx(people[0]!.userId))).items;
  const versionOf = (title: string) => items.find((x) => x.title === title)!.versionId;
  for (const p of people) {
    const ctx = await d.ctx(p.userId);
    const groupReason: (DisagreeReason | null)[] = [null, "evidence", p.i < 3 ? "values" : null, "timeline"];
    await castVote(ctx, { versionId: versionOf("crux"), choice: p.group === 0 ? "agree" : "disagree", confidence: 4, reason: groupReason[p.group] ?? null });
    await castVote(ctx, { versionId: versionOf("all-against"), choice: p.i % 3 === 0 ? "pass" : "disagree", confidence: 3, reason: p.i % 2 === 0 ? "wording" : "threshold" });
    await castVote(ctx, { versionId: versionOf("all-for"), choice: "agree", confidence: 5 });
  }
  await advancePhase(await fac(), "voting");
  await app.scheduler.flush();
  await publishReport(await fac(), 1, { summary: "Where the assembly split, and why.", notes: {} });
  await app.db.updateTable("deliberations").set({ public_reports: 1 }).where("id", "=", d.id).execute();
  base = `${server.url}/reports/${d.id}/1`;
  published = await download(base);
  model = JSON.parse(published["report.json"]!) as ReportModel;
  const all = [...model.agreement, ...model.disagreement, ...model.uncertainty, ...model.noConsensus, ...model.insufficient];
  cruxKey = all.find((s) => s.title === "crux")!.key;
  againstKey = all.find((s) => s.title === "all-against")!.key;
}, 240_000);

afterAll(async () => {
  rmSync(root, { recursive: true, force: true });
  await server.stop();
});

describe("a published report's bundle", () => {
  it("holds reasons.csv, listed in the manifest (so under the content hash): the report's split of the crux, as counts", async () => {
    const manifest = JSON.parse(published["manifest.json"]!) as { format: string; files: { name: string }[] };
    expect(manifest.format).toBe("accord-open-data/2");
    expect(manifest.files.map((f) => f.name)).toContain("reasons.csv");
    const crux = model.disagreement.find((s) => s.key === cruxKey)!;
    expect(crux.disagreementReasons).toBeDefined();
    const comment = String(Number(cruxKey.slice(1)) - 1);
    const rows = reasonRows(published["reasons.csv"]!).filter((r) => r["comment-id"] === comment);
    const numbers = (r: Record<string, string>) => ({ given: Number(r.given), counts: { evidence: Number(r.evidence), values: Number(r.values), timeline: Number(r.timeline), threshold: Number(r.threshold), wording: Number(r.wording) } });
    expect(rows[0]).toMatchObject({ level: "all", "stakeholder-group": "" });
    expect(numbers(rows[0]!)).toEqual({ given: crux.disagreementReasons!.given, counts: crux.disagreementReasons!.overall });
    expect(rows.slice(1).map((r) => ({ name: r["stakeholder-group"], ...numbers(r) }))).toEqual(crux.disagreementReasons!.groups);
    expect(crux.disagreementReasons!.overall).toEqual({ evidence: 6, values: 3, timeline: 6, threshold: 0, wording: 0 });
    // no voter id, no time, no order by person: one row per statement and group
    expect(Object.keys(rows[0]!)).toEqual(["comment-id", "level", "stakeholder-group", "given", "evidence", "values", "timeline", "threshold", "wording"]);
  });

  it("verifies over HTTP: the crux's split is checked against the votes and report.json", async () => {
    const out = await verify(base);
    expect(out.stderr).toBe("");
    expect(out.stdout).toContain("checked reasons of 1 of 1 cruxes: reasons.csv against the votes");
    expect(out.stdout).not.toContain("no reasons in this bundle");
    expect(out.stdout.trim().split("\n").at(-1)).toMatch(/^verified \d+ numbers in 3 statements$/);
    expect(out.code).toBe(0);
  });

  it("never has reasons for a group the report suppresses (fewer than k), nor for a statement that is not a crux", async () => {
    const round = await app.db.selectFrom("rounds").select("id").where("deliberation_id", "=", d.id).executeTakeFirstOrThrow();
    const unprotected = (await freshRoundConsensus(app.db, d.id, round.id))!.statements;
    // what the facilitator may see: Academia gave 3 reasons on the crux, and everyone gave reasons on the other statement
    const crux = unprotected.find((s) => s.title === "crux")!;
    expect(crux.reasons!.groups.find((g) => g.name === "Academia")).toMatchObject({ given: 3, counts: { values: 3 } });
    expect(unprotected.find((s) => s.title === "all-against")!.reasons!.given).toBe(23);

    const rows = reasonRows(published["reasons.csv"]!);
    expect(rows.map((r) => r["stakeholder-group"])).not.toContain("Academia");
    // Government joins Other so that Academia cannot be recovered as a difference
    expect(rows.filter((r) => r.level === "group").map((r) => [r["stakeholder-group"], r.given])).toEqual([
      ["Civil society", "6"],
      ["Other (groups under k)", "9"],
    ]);
    for (const r of rows.filter((x) => x.level === "group")) expect(Number(r.given)).toBeGreaterThanOrEqual(5);
    expect(new Set(rows.map((r) => `S${Number(r["comment-id"]) + 1}`))).toEqual(new Set([cruxKey]));
    expect(againstKey).not.toBe(cruxKey);
    // the report shows exactly as much
    const shown = model.disagreement.find((s) => s.key === cruxKey)!.disagreementReasons!;
    expect(shown.groups.map((g) => g.name)).toEqual(["Civil society", "Other (groups under k)"]);
  });

  it("a reason changed in reasons.csv fails: naming reasons.csv without a fixed manifest, naming the statement and numbers with one", async () => {
    const rows = parseCsv(published["reasons.csv"]!);
    const header = rows[0]!;
    const civil = rows.find((r) => r[header.indexOf("stakeholder-group")] === "Civil society")!;
    // one Civil society reason moved from the evidence to values: the row still adds up to 6
    civil[header.indexOf("evidence")] = "5";
    civil[header.indexOf("values")] = "1";
    const tampered = { ...published, "reasons.csv": formatCsv(rows) };

    const plain = await verify(writeFolder("reason-changed", tampered));
    expect(plain.code).toBe(1);
    expect(plain.stdout).toMatch(/^FAILED: reasons\.csv has been changed: its SHA-256 is [0-9a-f]{64}/m);

    const fixed = await verify(writeFolder("reason-changed-manifest-fixed", withFreshManifest(tampered)));
    expect(fixed.code).toBe(1);
    expect(fixed.stdout).toContain(`MISMATCH report.json: ${cruxKey} disagreementReasons.groups[0].counts.evidence is 6, but reasons.csv and the bundle's votes give 5`);
    expect(fixed.stdout).toContain(`MISMATCH report.json: ${cruxKey} disagreementReasons.groups[0].counts.values is 0, but reasons.csv and the bundle's votes give 1`);
    // and the groups now hold more "values" than the whole statement
    expect(fixed.stdout).toContain(`MISMATCH reasons.csv: ${cruxKey} groups' values is 4, but the "all" row counts only 3`);
    expect(fixed.stdout).toMatch(/FAILED: 3 of \d+ numbers or labels do not match/);
  });

  it("reasons.csv that breaks the rules fails naming the rule: more reasons than votes, a group under k, counts that do not add up", async () => {
    const rows = parseCsv(published["reasons.csv"]!);
    const header = rows[0]!;
    const col = (name: string) => header.indexOf(name);
    const all = rows.find((r) => r[col("level")] === "all")!;
    all[col("given")] = "30";
    all[col("wording")] = "9";
    const civil = rows.find((r) => r[col("stakeholder-group")] === "Civil society")!;
    civil[col("evidence")] = "7";
    rows.push([all[col("comment-id")]!, "group", "Academia", "3", "0", "3", "0", "0", "0"]);
    const out = await verify(writeFolder("reason-rules", withFreshManifest({ ...published, "reasons.csv": formatCsv(rows) })));
    expect(out.code).toBe(1);
    expect(out.stdout).toContain(`MISMATCH reasons.csv: ${cruxKey} all given is 30, but only 17 votes on ${cruxKey} are disagree or pass`);
    expect(out.stdout).toContain(`MISMATCH reasons.csv: ${cruxKey} Civil society given is 6, but its reasons add up to 7`);
    expect(out.stdout).toContain(`MISMATCH reasons.csv: ${cruxKey} Academia given is 3, but a group with fewer than k = 5 reasons must not be shown on its own`);
  });
});

describe("a bundle from before reasons.csv", () => {
  it("the committed bundle written by the code before decision 043 still verifies, saying it has no reasons", async () => {
    const out = await verify("tests/fixtures/open-data-v1");
    expect(out.stderr).toBe("");
    expect(out.stdout).toContain("not recomputable from this bundle: the split of cruxes by disagreement reason: no reasons in this bundle (its format, accord-open-data/1, predates reasons.csv); report.json splits S4, S5, S6 and that split is not checked");
    expect(out.code).toBe(0);
  });

  it("this report, as the old format would have written it (no reasons.csv), verifies too", async () => {
    const { "reasons.csv": _gone, ...rest } = published;
    const manifest = JSON.parse(rest["manifest.json"]!) as { format: string; files: { name: string }[] };
    const old = withFreshManifest({ ...rest, "manifest.json": JSON.stringify({ format: "accord-open-data/1", files: manifest.files.filter((f) => f.name !== "reasons.csv") }) });
    const out = await verify(writeFolder("old-format", old));
    expect(out.stdout).toContain("no reasons in this bundle");
    expect(out.code).toBe(0);
    // but a new-format bundle whose reasons.csv was removed from the manifest fails
    const stripped = await verify(writeFolder("stripped", withFreshManifest({ ...rest, "manifest.json": JSON.stringify({ format: "accord-open-data/2", files: manifest.files.filter((f) => f.name !== "reasons.csv") }) })));
    expect(stripped.code).toBe(1);
    expect(stripped.stdout).toContain("FAILED: manifest.json does not list reasons.csv.");
  });
});

describe("the Polis import reads Accord's own bundle", () => {
  it("imports the votes of the downloaded folder (reasons.csv beside them is left alone: it has no reason per vote)", async () => {
    const dir = writeFolder("reimport", published);
    const exported = readPolisFolder(dir);
    expect(exported.comments).toHaveLength(3);
    const result = await importPolisExport(app, d.facilitatorId, exported, "Re-imported bundle");
    const votesCsv = parseCsv(published["votes.csv"]!).slice(1);
    expect(result).toMatchObject({ statements: 3, votes: votesCsv.length, participants: SIZES.reduce((a, b) => a + b, 0) });
    const stored = await app.db
      .selectFrom("votes as v")
      .innerJoin("proposal_versions as pv", "pv.id", "v.version_id")
      .innerJoin("proposals as p", "p.id", "pv.proposal_id")
      .select(["v.choice", "v.reason"])
      .where("p.deliberation_id", "=", result.deliberationId)
      .execute();
    expect(stored).toHaveLength(votesCsv.length);
    expect(stored.filter((v) => v.choice === "disagree").length).toBe(votesCsv.filter((r) => r[4] === "-1").length);
    expect(stored.every((v) => v.reason === null)).toBe(true);
    expect(Object.keys(published)).toContain("reasons.csv");
  });
});
