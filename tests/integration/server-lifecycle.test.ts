import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDatabase, type DatabaseConfig } from "../../db/connection";
import { freshDatabase, testEngine } from "../helpers/test-db";

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

/** Run `server.ts` to its exit; its code and everything it printed. */
async function exitOf(env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  const child = spawn(process.execPath, ["--import", "tsx", "server.ts"], {
    env: { ...process.env, NODE_ENV: "production", PORT: "0", HOST: "127.0.0.1", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout!.on("data", (c: Buffer) => (output += c.toString()));
  child.stderr!.on("data", (c: Buffer) => (output += c.toString()));
  const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
  return { code, output };
}

describe("the server process", () => {
  const dir = mkdtempSync(path.join(tmpdir(), "accord-proc-"));
  const dbPath = path.join(dir, "accord.db");
  // the engine under test: SQLite at dbPath, or a fresh PostgreSQL database by DATABASE_URL (the
  // session secret file stays next to DATABASE_PATH either way)
  let database: DatabaseConfig = { path: dbPath };
  let dropDatabase = async () => {};
  const where = () => ({ DATABASE_PATH: dbPath, ...("url" in database ? { DATABASE_URL: database.url } : {}) });
  beforeAll(async () => {
    if (testEngine() === "sqlite") return;
    const fresh = await freshDatabase({ migrated: false });
    database = fresh.config;
    dropDatabase = fresh.drop;
  });
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    await dropDatabase();
  });

  it("migrates, seeds the demo once, keeps the generated secret of `npm start` next to the database, and exits cleanly on SIGTERM", async () => {
    const secretFile = path.join(dir, ".session-secret");
    const first = await startProcess({ ...where(), SESSION_SECRET: "", STORE_SESSION_SECRET: "true" });
    expect(first.output()).toContain("SESSION_SECRET");
    expect(first.output()).toContain(secretFile);
    const generated = readFileSync(secretFile, "utf8").trim();
    expect(generated).toMatch(/^[0-9a-f]{64}$/);
    expect(statSync(secretFile).mode & 0o077).toBe(0);
    expect(first.output()).toContain("Seeded the demo deliberation");
    expect(first.output()).toContain(testEngine() === "postgres" ? "database PostgreSQL 127.0.0.1:" : `database ${dbPath}`);
    expect((await fetch(first.url + "/healthz")).status).toBe(200);
    first.child.kill("SIGTERM");
    expect(await first.exited).toBe(0);

    // Second start on the same file: no second demo, data still there.
    const second = await startProcess({ ...where(), SESSION_SECRET: "a-real-secret-for-this-test-1234" });
    expect(second.output()).not.toContain("Seeded");
    expect(second.output()).not.toContain("SESSION_SECRET");
    second.child.kill("SIGINT");
    expect(await second.exited).toBe(0);

    // a third `npm start` reuses the stored secret (sessions survive a restart)
    const third = await startProcess({ ...where(), SESSION_SECRET: "", STORE_SESSION_SECRET: "true" });
    expect(readFileSync(secretFile, "utf8").trim()).toBe(generated);
    third.child.kill("SIGTERM");
    expect(await third.exited).toBe(0);

    const db = createDatabase(database);
    const n = await db.selectFrom("deliberations").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
    await db.destroy();
    expect(n.n).toBe(1);
  }, 60_000);

  it("refuses to start with invalid configuration and says why", async () => {
    await expect(startProcess({ DATABASE_PATH: dbPath, SESSION_SECRET: "short" })).rejects.toThrow(/SESSION_SECRET must be at least 32 characters/);
  }, 30_000);

  it("in production, exits 1 without SESSION_SECRET, or with one shorter than 32 characters, and says how to set it", async () => {
    const noSecret = await exitOf({ DATABASE_PATH: path.join(dir, "none.db"), SESSION_SECRET: "", STORE_SESSION_SECRET: "false" });
    expect(noSecret.code).toBe(1);
    expect(noSecret.output).toMatch(/SESSION_SECRET: production needs a secret of at least 32 characters/);
    expect(noSecret.output).toContain("openssl rand -hex 32");
    expect(noSecret.output).not.toMatch(/\n\s+at /); // a sentence, not a stack trace
    expect(existsSync(path.join(dir, "none.db"))).toBe(false); // refused before touching the database

    const short = await exitOf({ DATABASE_PATH: path.join(dir, "none.db"), SESSION_SECRET: "x".repeat(31), STORE_SESSION_SECRET: "false" });
    expect(short.code).toBe(1);
    expect(short.output).toMatch(/SESSION_SECRET must be at least 32 characters/);
  }, 30_000);

  it("refuses a DATABASE_URL that is not a PostgreSQL URL, and says what it must look like", async () => {
    const mysql = await exitOf({ DATABASE_PATH: path.join(dir, "none.db"), DATABASE_URL: "mysql://db.example/accord" });
    expect(mysql.code).toBe(1);
    expect(mysql.output).toContain("DATABASE_URL: must start with postgres:// or postgresql://");
    const notUrl = await exitOf({ DATABASE_PATH: path.join(dir, "none.db"), DATABASE_URL: "accord.db" });
    expect(notUrl.code).toBe(1);
    expect(notUrl.output).toContain("DATABASE_URL: must be a URL like postgres://user:password@host:5432/accord");
    expect(existsSync(path.join(dir, "none.db"))).toBe(false);
  }, 30_000);

  it("refuses a body limit that is not a number of bytes", async () => {
    const bad = await exitOf({ DATABASE_PATH: path.join(dir, "none.db"), BODY_LIMIT_BYTES: "lots" });
    expect(bad.code).toBe(1);
    expect(bad.output).toMatch(/BODY_LIMIT_BYTES/);
  }, 30_000);
});
