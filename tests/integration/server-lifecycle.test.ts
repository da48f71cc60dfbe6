import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import SQLite from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";

/** Start `server.ts` the way `npm start` does, on a free port; resolve once it prints its URL. */
function startProcess(env: Record<string, string>): Promise<{ child: ChildProcess; url: string; output: () => string; exited: Promise<number | null> }> {
  const child = spawn(process.execPath, ["--import", "tsx", "server.ts"], {
    env: { ...process.env, NODE_ENV: "production", PORT: "0", HOST: "127.0.0.1", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      out += chunk.toString();
      const m = /running at (http:\/\/localhost:\d+)/.exec(out);
      if (m) resolve({ child, url: m[1]!, output: () => out, exited });
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", (c: Buffer) => (out += c.toString()));
    void exited.then((code) => reject(new Error(`server exited with ${code} before listening:\n${out}`)));
  });
}

describe("the server process", () => {
  const dir = mkdtempSync(path.join(tmpdir(), "accord-proc-"));
  const dbPath = path.join(dir, "accord.db");
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("migrates, seeds the demo once, warns about the development secret, and exits cleanly on SIGTERM", async () => {
    const first = await startProcess({ DATABASE_PATH: dbPath });
    expect(first.output()).toContain("SESSION_SECRET");
    expect(first.output()).toContain("Seeded the demo deliberation");
    expect((await fetch(first.url + "/healthz")).status).toBe(200);
    first.child.kill("SIGTERM");
    expect(await first.exited).toBe(0);

    // Second start on the same file: no second demo, data still there.
    const second = await startProcess({ DATABASE_PATH: dbPath, SESSION_SECRET: "a-real-secret-for-this-test-1234" });
    expect(second.output()).not.toContain("Seeded");
    expect(second.output()).not.toContain("SESSION_SECRET");
    second.child.kill("SIGINT");
    expect(await second.exited).toBe(0);

    const db = new SQLite(dbPath, { readonly: true });
    const n = db.prepare("select count(*) n from deliberations").get() as { n: number };
    db.close();
    expect(n.n).toBe(1);
  }, 60_000);

  it("refuses to start with invalid configuration and says why", async () => {
    await expect(startProcess({ DATABASE_PATH: dbPath, SESSION_SECRET: "short" })).rejects.toThrow(/SESSION_SECRET must be at least 16 characters/);
  }, 30_000);
});
