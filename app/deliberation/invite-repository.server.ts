import type { Executor } from "../../db/connection";
import type { InviteRow } from "../../db/schema";

export async function insertInvite(db: Executor, row: InviteRow) {
  await db.insertInto("invites").values(row).execute();
}

export async function findInviteByHash(db: Executor, tokenHash: string) {
  return db.selectFrom("invites").selectAll().where("token_hash", "=", tokenHash).executeTakeFirst();
}

/**
 * Count one use, atomically: the row changes only while the invite is live and below its limit,
 * so two people racing for the last use cannot both get in.
 */
export async function consumeInvite(db: Executor, id: string, now: string): Promise<boolean> {
  const r = await db
    .updateTable("invites")
    .set((eb) => ({ uses: eb("uses", "+", 1) }))
    .where("id", "=", id)
    .where("revoked_at", "is", null)
    .where("expires_at", ">", now)
    .whereRef("uses", "<", "max_uses")
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function listInvites(db: Executor, deliberationId: string) {
  return db
    .selectFrom("invites")
    .leftJoin("stakeholder_groups", "stakeholder_groups.id", "invites.stakeholder_group_id")
    .leftJoin("regions", "regions.id", "invites.region_id")
    .select([
      "invites.id",
      "invites.role",
      "invites.label",
      "invites.uses",
      "invites.max_uses",
      "invites.expires_at",
      "invites.revoked_at",
      "invites.created_at",
      "stakeholder_groups.name as group_name",
      "regions.name as region_name",
    ])
    .where("invites.deliberation_id", "=", deliberationId)
    .orderBy("invites.created_at", "desc")
    .execute();
}

export async function revokeInviteRow(db: Executor, deliberationId: string, id: string) {
  return db
    .updateTable("invites")
    .set({ revoked_at: new Date().toISOString() })
    .where("id", "=", id)
    .where("deliberation_id", "=", deliberationId)
    .where("revoked_at", "is", null)
    .executeTakeFirst();
}
