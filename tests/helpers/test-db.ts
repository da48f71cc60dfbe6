import { mkdtempSync, rmSync } from "node:fs";
import { randomBytes } from "node:crypto";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { createDatabase, type DatabaseConfig, type DB } from "../../db/connection";
import { migrateToLatest } from "../../db/migrate";
import { createAppContext, type AppContext } from "../../app/context/app-context.server";
import { getEnv } from "../../app/env.server";
import { installResultsHandlers } from "../../app/results/install.server";
import type { Locks } from "../../app/scale/locks";

/** The engine this Vitest run tests: `TEST_DATABASE=postgres` (tests/run-all.sh's second run) or SQLite. */
export function testEngine(): "sqlite" | "postgres" {
  return process.env.TEST_DATABASE === "postgres" ? "postgres" : "sqlite";
}

/** Name of the migrated database every test database is copied from (tests/setup/global-setup.ts). */
export const PG_TEMPLATE = "accord_template";

/** The test cluster's URL for a database name; the cluster is started by the global setup. */
export function pgTestUrl(database: string): string {
  const base = process.env.ACCORD_TEST_PG_URL;
  if (!base) throw new Error("TEST_DATABASE=postgres needs the PostgreSQL cluster of tests/setup/global-setup.ts (ACCORD_TEST_PG_URL is unset).");
  return `${base}/${database}`;
}

async function asAdmin(statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: pgTestUrl("postgres") });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

/**
 * A database of its own for one test file or server, of the engine under test: a fresh SQLite file
 * in a temporary folder, or a PostgreSQL database copied from the migrated template (fast).
 * `migrated: false` gives an empty database (start-up migrates it, as a new deployment would).
 */
export async function freshDatabase(options: { migrated?: boolean } = {}): Promise<{ config: DatabaseConfig; drop: () => Promise<void> }> {
  if (testEngine() === "postgres") {
    const name = `accord_t_${randomBytes(6).toString("hex")}`;
    await asAdmin(`CREATE DATABASE ${name}${options.migrated === false ? "" : ` TEMPLATE ${PG_TEMPLATE}`}`);
    return { config: { url: pgTestUrl(name) }, drop: () => asAdmin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
  }
  const dir = mkdtempSync(path.join(tmpdir(), "accord-test-"));
  return { config: { path: path.join(dir, "accord.db") }, drop: async () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * A real, freshly migrated database (SQLite file, or PostgreSQL under TEST_DATABASE=postgres) and
 * an application context on it, with the results pipeline installed, as the server makes one.
 * `locks` shares one lock service between contexts (two instances). Call `cleanup` in afterAll.
 */
export async function createTestDb(options: { locks?: Locks } = {}): Promise<{ db: DB; app: AppContext; cleanup: () => Promise<void> }> {
  const fresh = await freshDatabase();
  const db = createDatabase(fresh.config);
  await migrateToLatest(db);
  const app = createAppContext({ db, config: getEnv(), ...(options.locks ? { locks: options.locks } : {}) });
  installResultsHandlers(app);
  return {
    db,
    app,
    cleanup: async () => {
      // background recomputations (scheduled by votes) must not outlive this database
      await app.scheduler.stop();
      await db.destroy();
      await fresh.drop();
    },
  };
}

/** Row counts of every table: assert "nothing changed" after a refused request. */
export async function tableCounts(db: DB): Promise<Record<string, number>> {
  const tables = ["users", "sessions", "deliberations", "stakeholder_groups", "regions", "memberships", "invites", "rounds", "proposals", "proposal_versions", "votes"] as const;
  const out: Record<string, number> = {};
  for (const t of tables) {
    const r = await db.selectFrom(t).select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
    out[t] = Number(r.n);
  }
  return out;
}
