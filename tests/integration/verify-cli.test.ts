import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { flipOneVote, relabelAndShuffleBundle, withFreshManifest, type Files } from "../helpers/bundle-edits";
import { polisSnapshot, publishRound, syntheticSnapshot } from "../helpers/bundle-rounds";

/** `npm run verify` as a user runs it: the real CLI in a child process, on folders and over HTTP. */

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function run(command: string, args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(command, args, { cwd: process.cwd(), maxBuffer: 16 * 1024 * 1024, timeout: 90_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === "number" ? error.code : -1) : 0, stdout, stderr });
    });
  });
}
const verify = (target: string) => run(process.execPath, ["--import", "tsx", "app/interop/verify-cli.ts", target]);

let root: string;
const folder = (name: string, files: Files) => {
  const dir = path.join(root, name);
  mkdirSync(dir);
  for (const [file, text] of Object.entries(files)) writeFileSync(path.join(dir, file), text);
  return dir;
};

const published = publishRound(syntheticSnapshot());
const polis = publishRound(polisSnapshot("brexit-consensus"));

let server: Server;
let base: string;

beforeAll(async () => {
  root = mkdtempSync(path.join(tmpdir(), "accord-verify-"));
  // a stand-in for the public report pages: /reports/d1/3/<file> serves the bundle's files
  server = createServer((req, res) => {
    const match = /^\/reports\/d1\/3\/([\w.-]+)$/.exec(req.url ?? "");
    const body = match ? (published.bundle.files as Record<string, string>)[match[1]!] : undefined;
    if (body === undefined) {
      res.writeHead(404, { "content-type": "text/plain" }).end("Not found");
      return;
    }
    res.writeHead(200, { "content-type": match![1]!.endsWith(".json") ? "application/json" : "text/csv; charset=utf-8" }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  rmSync(root, { recursive: true, force: true });
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

describe("npm run verify on a folder", () => {
  it("an untouched bundle: exit 0, what it checked, and 'verified N numbers in M statements'", async () => {
    const out = await run("npm", ["run", "--silent", "verify", "--", folder("untouched", published.bundle.files)]);
    expect(out.stderr).toBe("");
    expect(out.code).toBe(0);
    expect(out.stdout).toContain("checked every file matches manifest.json (8 files, SHA-256 and size)");
    expect(out.stdout).toContain(published.bundle.contentHash);
    expect(out.stdout).toMatch(/checked 9 statements: counts, agree and pass rates/);
    expect(out.stdout.trim().split("\n").at(-1)).toMatch(/^verified \d+ numbers in 9 statements$/);
  });

  it("a real Polis conversation published as a round verifies too", async () => {
    const out = await verify(folder("polis", polis.bundle.files));
    expect(out.stderr).toBe("");
    expect(out.code).toBe(0);
    expect(out.stdout.trim().split("\n").at(-1)).toMatch(/^verified \d+ numbers in 50 statements$/);
  });

  it("one vote flipped in votes.csv: exit 1 naming votes.csv", async () => {
    const out = await verify(folder("flipped", flipOneVote(published.bundle.files).files));
    expect(out.code).toBe(1);
    expect(out.stderr).toBe("");
    expect(out.stdout).toMatch(/^FAILED: votes\.csv has been changed: its SHA-256 is [0-9a-f]{64}/);
  });

  it("a number edited in report.json with a matching manifest: exit 1 naming the statement and field", async () => {
    const report = JSON.parse(published.bundle.files["report.json"]) as { agreement: { key: string; balanced: number | null }[]; disagreement: { key: string; balanced: number | null }[] };
    const target = [...report.agreement, ...report.disagreement].find((s) => s.balanced !== null)!;
    target.balanced = 0.123;
    const out = await verify(folder("edited", withFreshManifest({ ...published.bundle.files, "report.json": JSON.stringify(report, null, 2) + "\n" })));
    expect(out.code).toBe(1);
    expect(out.stdout).toContain(`MISMATCH report.json: ${target.key} balanced is 0.123, but the bundle's votes give`);
    expect(out.stdout).toMatch(/FAILED: 1 of \d+ numbers or labels do not match/);
  });

  it("participant ids relabelled in every file and rows shuffled, manifest rewritten: exit 0", async () => {
    const out = await verify(folder("relabelled", relabelAndShuffleBundle(published.bundle.files, 7)));
    expect(out.stderr).toBe("");
    expect(out.code).toBe(0);
  });

  it("unreadable input: exit 2 with a sentence", async () => {
    const missing = path.join(root, "no-such-folder");
    const a = await verify(missing);
    expect(a.code).toBe(2);
    expect(a.stdout).toBe("");
    expect(a.stderr).toBe(`verify: ${missing} is neither a folder nor a report address (http(s)://…/reports/<id>/<version>).\n`);
    const b = await verify(folder("not-a-bundle", { "votes.csv": "a,b\n" }));
    expect(b.code).toBe(2);
    expect(b.stderr).toBe("verify: There is no manifest.json: this is not an Accord open-data bundle.\n");
  });
});

describe("npm run verify on a report address", () => {
  it("fetches manifest.json, then every file it lists, and verifies", async () => {
    const out = await verify(`${base}/reports/d1/3`);
    expect(out.stderr).toBe("");
    expect(out.code).toBe(0);
    expect(out.stdout.trim().split("\n").at(-1)).toMatch(/^verified \d+ numbers in 9 statements$/);
  });

  it("a version that does not exist, or a server that does not answer: exit 2 with a sentence", async () => {
    const gone = await verify(`${base}/reports/d1/4`);
    expect(gone.code).toBe(2);
    expect(gone.stderr).toBe(`verify: ${base}/reports/d1/4/manifest.json answered 404: is this a published version whose open data is public?\n`);
    const down = await verify("http://127.0.0.1:9/reports/d1/3");
    expect(down.code).toBe(2);
    expect(down.stderr).toMatch(/^verify: could not reach http:\/\/127\.0\.0\.1:9\/reports\/d1\/3\/manifest\.json \(.+\)\.\n$/);
    const other = await verify(`${base}/somewhere/else`);
    expect(other.code).toBe(2);
    expect(other.stderr).toContain("is not the address of a published report version");
  });
});
