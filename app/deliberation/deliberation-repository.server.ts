import type { Executor } from "../../db/connection";
import type { Insertable } from "kysely";
import type { DeliberationRow, DeliberationsTable } from "../../db/schema";

export async function insertDeliberation(db: Executor, row: Omit<Insertable<DeliberationsTable>, "min_group_size"> & { min_group_size?: number }) {
  await db.insertInto("deliberations").values({ ...row, min_group_size: row.min_group_size ?? 5, owner_user_id: row.owner_user_id ?? row.created_by }).execute();
}

export async function updateDeliberationRow(
  db: Executor,
  id: string,
  set: Partial<Pick<DeliberationRow, "title" | "question" | "description" | "attribution_mode" | "results_visibility" | "thresholds" | "min_group_size">>,
) {
  await db.updateTable("deliberations").set({ ...set, updated_at: new Date().toISOString() }).where("id", "=", id).execute();
}

/** Whether the database holds any deliberation at all (the demo is seeded only into an empty one). */
export async function hasAnyDeliberation(db: Executor): Promise<boolean> {
  return (await db.selectFrom("deliberations").select("id").limit(1).executeTakeFirst()) !== undefined;
}

export async function findDeliberation(db: Executor, id: string) {
  return db.selectFrom("deliberations").selectAll().where("id", "=", id).executeTakeFirst();
}

/** Deliberations where the user holds a live membership, newest first. */
export async function listDeliberationsForUser(db: Executor, userId: string) {
  return db
    .selectFrom("deliberations")
    .innerJoin("memberships", "memberships.deliberation_id", "deliberations.id")
    .select([
      "deliberations.id",
      "deliberations.title",
      "deliberations.question",
      "deliberations.updated_at",
      "deliberations.archived_at",
      "memberships.role",
    ])
    .where("memberships.user_id", "=", userId)
    .where("memberships.removed_at", "is", null)
    .where("deliberations.deleted_at", "is", null)
    .orderBy("deliberations.updated_at", "desc")
    .execute();
}

export async function listGroups(db: Executor, deliberationId: string) {
  return db
    .selectFrom("stakeholder_groups")
    .select(["id", "name", "target_share", "position"])
    .where("deliberation_id", "=", deliberationId)
    .orderBy("position")
    .execute();
}

export async function listRegions(db: Executor, deliberationId: string) {
  return db
    .selectFrom("regions")
    .select(["id", "name", "position"])
    .where("deliberation_id", "=", deliberationId)
    .orderBy("position")
    .execute();
}

export async function insertGroup(db: Executor, row: { id: string; deliberation_id: string; name: string; target_share: number; position: number }) {
  await db.insertInto("stakeholder_groups").values(row).execute();
}

export async function updateGroup(db: Executor, deliberationId: string, id: string, set: { name: string; target_share: number; position: number }) {
  await db.updateTable("stakeholder_groups").set(set).where("id", "=", id).where("deliberation_id", "=", deliberationId).execute();
}

export async function deleteGroup(db: Executor, deliberationId: string, id: string) {
  await db.deleteFrom("stakeholder_groups").where("id", "=", id).where("deliberation_id", "=", deliberationId).execute();
}

export async function isGroupInUse(db: Executor, id: string): Promise<boolean> {
  const m = await db.selectFrom("memberships").select("id").where("stakeholder_group_id", "=", id).executeTakeFirst();
  const i = await db.selectFrom("invites").select("id").where("stakeholder_group_id", "=", id).executeTakeFirst();
  return Boolean(m || i);
}

export async function insertRegion(db: Executor, row: { id: string; deliberation_id: string; name: string; position: number }) {
  await db.insertInto("regions").values(row).execute();
}

export async function updateRegionPosition(db: Executor, deliberationId: string, id: string, position: number) {
  await db.updateTable("regions").set({ position }).where("id", "=", id).where("deliberation_id", "=", deliberationId).execute();
}

export async function deleteRegion(db: Executor, deliberationId: string, id: string) {
  await db.deleteFrom("regions").where("id", "=", id).where("deliberation_id", "=", deliberationId).execute();
}

export async function isRegionInUse(db: Executor, id: string): Promise<boolean> {
  const m = await db.selectFrom("memberships").select("id").where("region_id", "=", id).executeTakeFirst();
  const i = await db.selectFrom("invites").select("id").where("region_id", "=", id).executeTakeFirst();
  return Boolean(m || i);
}

export type BallotOrder = "random" | "fixed";

export async function findBallotOrder(db: Executor, deliberationId: string): Promise<BallotOrder> {
  const row = await db.selectFrom("deliberations").select("ballot_order").where("id", "=", deliberationId).executeTakeFirst();
  return row?.ballot_order ?? "random";
}

export async function updateBallotOrder(db: Executor, deliberationId: string, order: BallotOrder) {
  await db.updateTable("deliberations").set({ ballot_order: order, updated_at: new Date().toISOString() }).where("id", "=", deliberationId).execute();
}

/** A deliberation's default language (its pages fall back to it), undefined when there is no such deliberation. */
export async function findDeliberationDefaultLanguage(db: Executor, id: string): Promise<string | undefined> {
  const row = await db.selectFrom("deliberations").select("default_language").where("id", "=", id).where("deleted_at", "is", null).executeTakeFirst();
  return row?.default_language;
}

export async function updateDefaultLanguage(db: Executor, deliberationId: string, language: string): Promise<void> {
  await db.updateTable("deliberations").set({ default_language: language, updated_at: new Date().toISOString() }).where("id", "=", deliberationId).execute();
}
