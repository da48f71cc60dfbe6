import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseCsv } from "../../app/formats/csv";
import { decodeSnapshot } from "../../app/results/round-snapshot";
import { publishReport } from "../../app/report/publication-service.server";
import { demoFacts, loggedIn } from "../helpers/demo";
import { closedRoundScenario } from "../helpers/round-scenario";
import { startTestServer } from "../helpers/test-server";

/**
 * Published means frozen and verifiable, end to end on the production server: the demo's published
 * report verifies over HTTP and as a downloaded copy; one flipped vote fails naming the file; an
 * unchanged round published twice has the same hash; files are served as stored; ids are random.
 */
let server: Awaited<ReturnType<typeof startTestServer>>;
let facts: Awaited<ReturnType<typeof demoFacts>>;
let root: string;

interface Run {
  code: number;
  out: string;
}
const verify = (target: string) =>
  new Promise<Run>((resolve) => {
    execFile(process.execPath, ["--import", "tsx", "app/interop/verify-cli.ts", target], { maxBuffer: 16 * 1024 * 1024, timeout: 120_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === "number" ? error.code : -1) : 0, out: stdout + stderr });
    });
  });

async function download(base: string): Promise<Record<string, string>> {
  const manifest = await (await fetch(`${base}/manifest.json`)).text();
  const files: Record<string, string> = { "manifest.json": manifest };
  for (const f of (JSON.parse(manifest) as { files: { name: string }[] }).files) {
    const res = await fetch(`${base}/${f.name}`);
    expect(res.status, f.name).toBe(200);
    files[f.name] = await res.text();
  }
  return files;
}

function writeFolder(name: string, files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(root, `${name}-`));
  for (const [file, text] of Object.entries(files)) writeFileSync(path.join(dir, file), text);
  return dir;
}

beforeAll(async () => {
  server = await startTestServer({ seedDemo: true });
  facts = await demoFacts(server.db);
  root = mkdtempSync(path.join(tmpdir(), "accord-bundle-"));
});
afterAll(async () => {
  rmSync(root, { recursive: true, force: true });
  await server.stop();
});

describe("the demo's published report", () => {
  const base = () => `${server.url}/reports/${facts.id}/1`;

  it("verifies over HTTP: every file against the manifest, every number recomputed", async () => {
    const r = await verify(base());
    expect(r.out).toMatch(/verified \d+ numbers in 14 statements/);
    expect(r.code).toBe(0);
  });

  it("lists its files and their SHA-256 on its public page, and the hash is the manifest's", async () => {
    const html = await (await fetch(base())).text();
    const row = await server.db.selectFrom("reports").select(["id", "hash"]).where("deliberation_id", "=", facts.id).where("version", "=", 1).executeTakeFirstOrThrow();
    const stored = await server.db.selectFrom("report_files").select(["name", "sha256", "content"]).where("report_id", "=", row.id).orderBy("position").execute();
    expect(stored.map((f) => f.name)).toEqual(["comments.csv", "votes.csv", "participants-votes.csv", "participants.csv", "groups.csv", "summary.csv", "reasons.csv", "report.json", "manifest.json"]);
    for (const f of stored) {
      expect(html).toContain(f.sha256);
      expect(html).toContain(`/reports/${facts.id}/1/${f.name}`);
    }
    expect(stored.find((f) => f.name === "manifest.json")!.sha256).toBe(row.hash);
    expect(html).toContain(`npm run --silent verify -- ${base()}`);
  });

  it("verifies as a downloaded copy, and fails naming votes.csv when one vote is flipped", async () => {
    const files = await download(base());
    expect((await verify(writeFolder("copy", files))).code).toBe(0);
    const lines = files["votes.csv"]!.split("\n");
    const i = lines.findIndex((l, n) => n > 0 && /,1,[1-5]?$/.test(l.replace(/\r$/, "")));
    expect(i).toBeGreaterThan(0);
    lines[i] = lines[i]!.replace(/,1,([1-5]?)(\r?)$/, ",-1,$1$2");
    const flipped = await verify(writeFolder("flipped", { ...files, "votes.csv": lines.join("\n") }));
    expect(flipped.code).toBe(1);
    expect(flipped.out).toContain("votes.csv");
  });

  it("holds vote confidence, stakeholder groups and regions, but no vote time, name or internal id", async () => {
    const files = await download(base());
    const votes = parseCsv(files["votes.csv"]!);
    expect(votes[0]).toEqual(["timestamp", "datetime", "comment-id", "voter-id", "vote", "confidence"]);
    expect(votes.slice(1).every((r) => r[0] === "" && r[1] === "")).toBe(true);
    expect(votes.slice(1).some((r) => /^[1-5]$/.test(r[5] ?? ""))).toBe(true);
    const participants = parseCsv(files["participants.csv"]!);
    expect(participants[0]).toEqual(["participant", "stakeholder-group", "region"]);
    // group and region are published together: every combination holds at least k = 5 people
    const combos = new Map<string, number>();
    for (const r of participants.slice(1)) combos.set(`${r[1]}|${r[2]}`, (combos.get(`${r[1]}|${r[2]}`) ?? 0) + 1);
    for (const [combo, n] of combos) expect(n, combo).toBeGreaterThanOrEqual(5);
    expect(combos.size).toBeGreaterThan(3);
    // downloads keep the bundle's own file names
    const res = await fetch(`${base()}/votes.csv`);
    expect(res.headers.get("content-disposition")).toBe('attachment; filename="votes.csv"');
    const text = Object.values(files).join("\n");
    const people = await server.db.selectFrom("memberships as m").innerJoin("users as u", "u.id", "m.user_id").select(["m.id", "m.pseudonym", "u.display_name", "u.id as user_id"]).where("m.deliberation_id", "=", facts.id).execute();
    for (const p of people) {
      expect(text).not.toContain(p.id);
      expect(text).not.toContain(p.user_id);
      expect(text).not.toContain(p.display_name);
      expect(text).not.toContain(`"${p.pseudonym}"`);
    }
  });

  it("numbers participants in an order that is neither join order nor pseudonym order", async () => {
    const files = await download(base());
    const published = new Map<number, string>();
    const rows = parseCsv(files["participants-votes.csv"]!);
    for (const r of rows.slice(1)) published.set(Number(r[0]), r.slice(6).join(","));
    // the same people's vote vectors in join order, as an export numbered 0, 1, … by join order would show them
    const round1 = facts.rounds.find((r) => r.number === 1)!;
    const snapshot = decodeSnapshot((await server.db.selectFrom("round_snapshots").select("payload").where("round_id", "=", round1.id).executeTakeFirstOrThrow()).payload);
    const joinOrder = await server.db.selectFrom("memberships").select("id").where("deliberation_id", "=", facts.id).where("role", "=", "participant").orderBy("created_at").orderBy("id").execute();
    const value = (c: string) => (c === "agree" ? "1" : c === "disagree" ? "-1" : "0");
    const byVoter = new Map<string, string[]>(snapshot.voters.map((v) => [v.id, snapshot.ballot.map(() => "")]));
    const col = new Map(snapshot.ballot.map((b, i) => [b.versionId, i]));
    for (const v of snapshot.votes) byVoter.get(v.voterId)![col.get(v.versionId)!] = value(v.choice);
    const inJoinOrder = joinOrder.filter((m) => byVoter.has(m.id)).map((m) => byVoter.get(m.id)!.join(","));
    const same = inJoinOrder.filter((vector, i) => published.get(i) === vector).length;
    expect(inJoinOrder.length).toBe(published.size);
    expect(same).toBeLessThan(inJoinOrder.length / 2);
  });
});

describe("publishing", () => {
  it("gives an unchanged round the same hash twice, and serves files as stored even after a member leaves", async () => {
    const s = await closedRoundScenario(server.app, "Republish");
    const ctx = await s.ctx(s.facilitatorId);
    const first = await publishReport(ctx, 1, { summary: "Same words.", notes: {} });
    await new Promise((r) => setTimeout(r, 5));
    const second = await publishReport(ctx, 1, { summary: "Same words.", notes: {} });
    expect(second.version).toBe(first.version + 1);
    expect(second.hash).toBe(first.hash);
    const third = await publishReport(ctx, 1, { summary: "Other words.", notes: {} });
    expect(third.hash).not.toBe(first.hash);

    await server.db.updateTable("deliberations").set({ public_reports: 1 }).where("id", "=", s.id).execute();
    const url = `${server.url}/reports/${s.id}/${first.version}`;
    const before = await download(url);
    const removed = await server.db.selectFrom("memberships").select("id").where("user_id", "=", s.people[0]!.userId).executeTakeFirstOrThrow();
    await server.db.updateTable("memberships").set({ removed_at: new Date().toISOString() }).where("id", "=", removed.id).execute();
    expect(await download(url)).toEqual(before);
    // served from storage, byte for byte
    const report = await server.db.selectFrom("reports").select("id").where("deliberation_id", "=", s.id).where("version", "=", first.version).executeTakeFirstOrThrow();
    const stored = await server.db.selectFrom("report_files").select(["name", "content"]).where("report_id", "=", report.id).execute();
    for (const f of stored) expect(before[f.name]).toBe(f.content);
    expect((await verify(url)).code).toBe(0);
  });
});

describe("a member's download of a round still voting", () => {
  it("numbers participants afresh each time, so two downloads cannot be diffed", async () => {
    const f = await loggedIn(server.url, "facilitator");
    const get = async () => (await (await f.get(`/d/${facts.id}/export?round=2&file=participants-votes.csv`)).text());
    const a = parseCsv(await get());
    const b = parseCsv(await get());
    const rowsOf = (t: string[][]) => t.slice(1).map((r) => r.slice(6).join(","));
    expect([...rowsOf(a)].sort()).toEqual([...rowsOf(b)].sort());
    expect(rowsOf(a)).not.toEqual(rowsOf(b));
  });
});
