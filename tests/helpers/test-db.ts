import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { createDatabase, type DB } from "../../db/connection";
import { migrateToLatest } from "../../db/migrate";
import { setDb } from "../../app/db.server";
import { installResultsHandlers } from "../../app/results/install.server";
import { restartScheduler, stopScheduler } from "../../app/results/recompute-scheduler.server";

/**
 * A real, freshly migrated SQLite file in a temporary folder, installed as the app's database.
 * Call `cleanup` in afterAll.
 */
export async function createTestDb(): Promise<{ db: DB; path: string; cleanup: () => Promise<void> }> {
  const dir = mkdtempSync(path.join(tmpdir(), "accord-test-"));
  const file = path.join(dir, "accord.db");
  const db = createDatabase(file);
  await migrateToLatest(db);
  installResultsHandlers();
  setDb(db);
  restartScheduler();
  return {
    db,
    path: file,
    cleanup: async () => {
      // background recomputations (scheduled by votes) must not outlive this database
      await stopScheduler();
      await db.destroy();
      setDb(undefined);
      rmSync(dir, { recursive: true, force: true });
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
