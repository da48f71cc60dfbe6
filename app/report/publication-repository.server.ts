import type { Executor } from "../../db/connection";

export async function insertReport(
  db: Executor,
  row: { id: string; deliberation_id: string; round_id: string; version: number; model: string; hash: string; published_at: string; published_by: string },
) {
  await db.insertInto("reports").values(row).execute();
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
    .select(["reports.version", "reports.model", "reports.hash", "reports.published_at", "reports.round_id", "rounds.number as round_number"])
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
