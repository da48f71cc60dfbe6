import type { Executor } from "../../db/connection";
import type { ImportJobsTable } from "../../db/schema";
import { newId } from "../auth/crypto.server";

export type ImportPhase = ImportJobsTable["phase"];

export interface ImportJob {
  id: string;
  deliberationId: string;
  title: string;
  phase: ImportPhase;
  doneRows: number;
  totalRows: number;
  error: string | null;
}

const stamp = () => new Date().toISOString();

export async function createImportJob(db: Executor, job: { id?: string; userId: string; title: string; totalRows: number }): Promise<ImportJob> {
  const row = { id: job.id ?? newId(), user_id: job.userId, deliberation_id: newId(), title: job.title, phase: "writing" as const, done_rows: 0, total_rows: job.totalRows, error: null, created_at: stamp(), updated_at: stamp() };
  await db.insertInto("import_jobs").values(row).execute();
  return { id: row.id, deliberationId: row.deliberation_id, title: row.title, phase: row.phase, doneRows: 0, totalRows: row.total_rows, error: null };
}

/** The job, only for the account that started it. */
export async function findImportJob(db: Executor, jobId: string, userId: string): Promise<ImportJob | null> {
  const row = await db.selectFrom("import_jobs").selectAll().where("id", "=", jobId).where("user_id", "=", userId).executeTakeFirst();
  return row ? { id: row.id, deliberationId: row.deliberation_id, title: row.title, phase: row.phase, doneRows: row.done_rows, totalRows: row.total_rows, error: row.error } : null;
}

export async function recordImportProgress(db: Executor, jobId: string, doneRows: number): Promise<void> {
  await db.updateTable("import_jobs").set({ done_rows: doneRows, updated_at: stamp() }).where("id", "=", jobId).execute();
}

export async function setImportPhase(db: Executor, jobId: string, phase: "finishing" | "done"): Promise<void> {
  await db.updateTable("import_jobs").set({ phase, updated_at: stamp() }).where("id", "=", jobId).execute();
}

export async function failImportJob(db: Executor, jobId: string, error: string): Promise<void> {
  await db.updateTable("import_jobs").set({ phase: "failed", error, updated_at: stamp() }).where("id", "=", jobId).execute();
}

/** Imports that were writing when the server stopped: they will never finish. */
export async function listUnfinishedImportJobs(db: Executor): Promise<{ id: string; deliberationId: string }[]> {
  const rows = await db.selectFrom("import_jobs").select(["id", "deliberation_id"]).where("phase", "in", ["writing", "finishing"]).execute();
  return rows.map((r) => ({ id: r.id, deliberationId: r.deliberation_id }));
}

const DELETE_ROWS = 2000;

/**
 * Remove everything an unfinished import wrote, a bounded number of rows per statement with a turn
 * for other requests between them (`pause`): votes, proposals (their versions cascade), the made-up
 * voters' accounts (their memberships cascade), then the deliberation (its rounds and memberships).
 */
export async function discardImportedRows(db: Executor, deliberationId: string, pause: () => Promise<void>): Promise<void> {
  const rounds = db.selectFrom("rounds").select("id").where("deliberation_id", "=", deliberationId);
  const voters = db.selectFrom("memberships").select("user_id").where("deliberation_id", "=", deliberationId).where("role", "=", "participant");
  const steps = [
    () => db.deleteFrom("votes").where("id", "in", db.selectFrom("votes").select("id").where("round_id", "in", rounds).limit(DELETE_ROWS)).executeTakeFirst(),
    () => db.deleteFrom("proposals").where("id", "in", db.selectFrom("proposals").select("id").where("deliberation_id", "=", deliberationId).limit(DELETE_ROWS)).executeTakeFirst(),
    () => db.deleteFrom("users").where("id", "in", voters.limit(DELETE_ROWS)).where("email", "is", null).executeTakeFirst(),
  ];
  for (const step of steps) {
    while (Number((await step()).numDeletedRows) > 0) await pause();
  }
  await db.deleteFrom("deliberations").where("id", "=", deliberationId).execute();
}
