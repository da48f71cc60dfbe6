import type { Executor } from "../../db/connection";

export async function insertReport(
  db: Executor,
  row: { id: string; deliberation_id: string; round_id: string; version: number; model: string; hash: string; published_at: string; published_by: string },
) {
  await db.insertInto("reports").values(row).execute();
}

/** The open-data bundle of a version, written once in the publishing transaction. */
export async function insertReportFiles(db: Executor, reportId: string, files: { name: string; content: string; bytes: number; sha256: string }[]) {
  if (files.length === 0) return;
  await db
    .insertInto("report_files")
    .values(files.map((f, position) => ({ report_id: reportId, name: f.name, position, content: f.content, bytes: f.bytes, sha256: f.sha256 })))
    .execute();
}

/** The files of a version with their sizes and hashes (no contents), in bundle order. */
export async function listReportFiles(db: Executor, reportId: string) {
  return db.selectFrom("report_files").select(["name", "bytes", "sha256"]).where("report_id", "=", reportId).orderBy("position").execute();
}

export async function findReportFile(db: Executor, reportId: string, name: string) {
  return db.selectFrom("report_files").select(["content", "sha256"]).where("report_id", "=", reportId).where("name", "=", name).executeTakeFirst();
}

export async function maxReportVersion(db: Executor, deliberationId: string): Promise<number> {
  const r = await db
    .selectFrom("reports")
    .select((eb) => eb.fn.max<number>("version").as("v"))
    .where("deliberation_id", "=", deliberationId)
    .executeTakeFirst();
  return Number(r?.v ?? 0);
}

/** Published versions of a deliberation, newest first (metadata only). */
export async function listReports(db: Executor, deliberationId: string) {
  return db
    .selectFrom("reports")
    .innerJoin("rounds", "rounds.id", "reports.round_id")
    .select(["reports.version", "reports.hash", "reports.published_at", "rounds.number as round_number"])
    .where("reports.deliberation_id", "=", deliberationId)
    .orderBy("reports.version", "desc")
    .execute();
}

export async function findReport(db: Executor, deliberationId: string, version: number) {
  return db
    .selectFrom("reports")
    .innerJoin("rounds", "rounds.id", "reports.round_id")
    .select(["reports.id", "reports.version", "reports.model", "reports.hash", "reports.published_at", "reports.round_id", "rounds.number as round_number"])
    .where("reports.deliberation_id", "=", deliberationId)
    .where("reports.version", "=", version)
    .executeTakeFirst();
}

export async function findPublicDeliberation(db: Executor, deliberationId: string) {
  return db.selectFrom("deliberations").select(["id", "title", "question", "public_reports"]).where("id", "=", deliberationId).executeTakeFirst();
}

export async function setPublicReports(db: Executor, deliberationId: string, value: boolean) {
  await db.updateTable("deliberations").set({ public_reports: value ? 1 : 0 }).where("id", "=", deliberationId).execute();
}
