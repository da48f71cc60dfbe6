import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { sql, type Kysely } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAppContext } from "../../app/context/app-context.server";
import { getEnv } from "../../app/env.server";
import { seedDemoIfEmpty } from "../../app/demo/seed-demo.server";
import { installResultsHandlers } from "../../app/results/install.server";
import { createDatabase, type DatabaseConfig } from "../../db/connection";
import { COPY_ORDER, CopyRefusal, copyDatabase } from "../../db/copy";
import { engineOf } from "../../db/dialect";
import { MIGRATION_TABLE, migrateToLatest } from "../../db/migrate";
import { freshDatabase, testEngine } from "../helpers/test-db";

/**
 * `npm run db:copy`: the seeded demo, in an SQLite file, copied into an empty database of the engine
 * under test (PostgreSQL in the second run of npm test), then every table compared row by row.
 */
const run = promisify(execFile);
const folder = mkdtempSync(path.join(tmpdir(), "accord-copy-"));
const sourcePath = path.join(folder, "source.db");
const source: DatabaseConfig = { path: sourcePath };
const drops: (() => Promise<void>)[] = [];

async function emptyTarget(): Promise<DatabaseConfig> {
  const fresh = await freshDatabase({ migrated: false });
  drops.push(fresh.drop);
  return fresh.config;
}

/** A value as both engines can agree on it: numbers as numbers, bytes as base64. */
const normalise = (value: unknown) => (Buffer.isBuffer(value) ? value.toString("base64") : typeof value === "bigint" ? Number(value) : value);

async function everyRow(config: DatabaseConfig, table: string, key: readonly string[]) {
  const db = createDatabase(config) as unknown as Kysely<any>;
  try {
    const rows = (await db.selectFrom(table).selectAll().execute()) as Record<string, unknown>[];
    // sorted here, byte by byte: the engines collate text differently
    const keyOf = (row: Record<string, unknown>) => JSON.stringify(key.map((k) => row[k]));
    return rows
      .map((row) => Object.fromEntries(Object.entries(row).map(([k, v]) => [k, normalise(v)])))
      .sort((a, b) => (keyOf(a) < keyOf(b) ? -1 : keyOf(a) > keyOf(b) ? 1 : 0));
  } finally {
    await db.destroy();
  }
}

beforeAll(async () => {
  const db = createDatabase(source);
  await migrateToLatest(db);
  const app = createAppContext({ db, config: getEnv() });
  installResultsHandlers(app);
  expect(await seedDemoIfEmpty(app)).not.toBeNull();
  await app.scheduler.stop(); // every background recompute of the seed is written before the copy
  await db.destroy();
}, 120_000);

afterAll(async () => {
  for (const drop of drops) await drop();
  rmSync(folder, { recursive: true, force: true });
});

describe(`db:copy from SQLite into ${testEngine() === "postgres" ? "PostgreSQL" : "SQLite"}`, () => {
  it("names every table of a migrated database, so none is left behind", async () => {
    const db = createDatabase(source) as unknown as Kysely<any>;
    try {
      const tables = (await db.introspection.getTables()).map((t) => t.name).filter((n) => !n.startsWith("kysely_"));
      expect(COPY_ORDER.map((t) => t.table).sort()).toEqual(tables.sort());
    } finally {
      await db.destroy();
    }
  });

  it("copies the seeded demo: every table holds the same rows, and the target is at the same migration level", async () => {
    const target = await emptyTarget();
    const summary = await copyDatabase(source, target);
    expect(summary.tables.find((t) => t.table === "votes")!.rows).toBeGreaterThan(100);
    expect(summary.tables.find((t) => t.table === "comments")!.rows).toBeGreaterThan(0);
    for (const { table, key } of COPY_ORDER) {
      const [from, to] = await Promise.all([everyRow(source, table, key), everyRow(target, table, key)]);
      expect(to, table).toEqual(from);
    }
    const migrations = await Promise.all([source, target].map((c) => everyRow(c, MIGRATION_TABLE, ["name"])));
    expect(migrations[1]!.map((r) => r.name)).toEqual(migrations[0]!.map((r) => r.name));
    const check = createDatabase(target);
    try {
      if (testEngine() === "postgres") expect(engineOf(check)).toBe("postgres");
    } finally {
      await check.destroy();
    }
  });

  it("refuses a target that already holds data, and changes nothing in it", async () => {
    const target = await emptyTarget();
    await copyDatabase(source, target);
    const before = await everyRow(target, "users", ["id"]);
    await expect(copyDatabase(source, target)).rejects.toThrow(/already holds data \(table users\)/);
    expect(await everyRow(target, "users", ["id"])).toEqual(before);
  });

  it("is one transaction on the target: a failure halfway leaves it empty", async () => {
    const target = await emptyTarget();
    const db = createDatabase(target);
    try {
      await migrateToLatest(db);
      // the target refuses votes (a stand-in for a full disk or a lost connection halfway)
      if (engineOf(db) === "postgres") {
        await sql`create function refuse_votes() returns trigger as $$ begin raise exception 'no votes here'; end $$ language plpgsql`.execute(db);
        await sql`create trigger refuse_votes before insert on votes for each row execute function refuse_votes()`.execute(db);
      } else {
        await sql`create trigger refuse_votes before insert on votes begin select raise(abort, 'no votes here'); end`.execute(db);
      }
    } finally {
      await db.destroy();
    }
    await expect(copyDatabase(source, target)).rejects.toThrow(/no votes here/);
    for (const table of ["users", "deliberations", "memberships", "proposals"]) expect(await everyRow(target, table, ["id"]), table).toEqual([]);
  });

  it("refuses a source that is missing, or behind this code's migrations, with a sentence", async () => {
    await expect(copyDatabase({ path: path.join(folder, "nothing.db") }, await emptyTarget())).rejects.toThrow(CopyRefusal);
    const behind = path.join(folder, "behind.db");
    const db = createDatabase({ path: behind }) as unknown as Kysely<any>;
    await migrateToLatest(db);
    const last = await db.selectFrom(MIGRATION_TABLE).select("name").orderBy("name", "desc").executeTakeFirstOrThrow();
    await db.deleteFrom(MIGRATION_TABLE).where("name", "=", last.name).execute();
    await db.destroy();
    await expect(copyDatabase({ path: behind }, await emptyTarget())).rejects.toThrow(/migrate it first/);
  });

  it("the command line prints what it copied, and a refusal as a sentence with exit code 1", async () => {
    const target = await emptyTarget();
    const targetArgument = "url" in target ? target.url : target.path;
    const ok = await run("npx", ["tsx", "db/copy-cli.ts", "--from", sourcePath, "--to", targetArgument]);
    expect(ok.stdout).toMatch(new RegExp(`^Copied \\d+ rows in ${COPY_ORDER.length} tables from `));
    const refused = await run("npx", ["tsx", "db/copy-cli.ts", "--from", sourcePath, "--to", targetArgument]).catch((e: { code: number; stderr: string }) => e);
    expect(refused).toMatchObject({ code: 1 });
    expect((refused as { stderr: string }).stderr).toMatch(/^copy: .* already holds data/);
  }, 60_000);
});
