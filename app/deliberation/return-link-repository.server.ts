import type { Executor } from "../../db/connection";
import type { ReturnLinkRow } from "../../db/schema";

export async function insertReturnLink(db: Executor, row: ReturnLinkRow) {
  await db.insertInto("return_links").values(row).execute();
}

/** A return link by the SHA-256 of its token, with what deciding on it needs: its member, person and deliberation. */
export async function findReturnLinkByHash(db: Executor, tokenHash: string) {
  return db
    .selectFrom("return_links")
    .innerJoin("memberships", "memberships.id", "return_links.membership_id")
    .innerJoin("users", "users.id", "memberships.user_id")
    .innerJoin("deliberations", "deliberations.id", "memberships.deliberation_id")
    .select([
      "return_links.id",
      "return_links.revoked_at",
      "return_links.revoked_by",
      "memberships.id as membership_id",
      "memberships.removed_at",
      "memberships.user_id",
      "memberships.deliberation_id",
      "users.display_name",
      "deliberations.title",
    ])
    .where("return_links.token_hash", "=", tokenHash)
    .executeTakeFirst();
}

/** Every return link the membership ever had (a handful at most), newest first. */
export async function listReturnLinksOfMembership(db: Executor, deliberationId: string, membershipId: string) {
  return db
    .selectFrom("return_links")
    .innerJoin("memberships", "memberships.id", "return_links.membership_id")
    .select(["return_links.id", "return_links.nonce", "return_links.token_hash", "return_links.created_at", "return_links.revoked_at", "return_links.revoked_by"])
    .where("memberships.deliberation_id", "=", deliberationId)
    .where("return_links.membership_id", "=", membershipId)
    .orderBy("return_links.created_at", "desc")
    .execute();
}

/** Revoke the membership's live link(s) in this deliberation; returns the ids that were revoked. */
export async function revokeLiveReturnLinks(db: Executor, deliberationId: string, membershipId: string, by: "facilitator" | "member"): Promise<string[]> {
  const live = await db
    .selectFrom("return_links")
    .innerJoin("memberships", "memberships.id", "return_links.membership_id")
    .select("return_links.id")
    .where("memberships.deliberation_id", "=", deliberationId)
    .where("return_links.membership_id", "=", membershipId)
    .where("return_links.revoked_at", "is", null)
    .execute();
  const ids = live.map((r) => r.id);
  if (ids.length === 0) return [];
  await db
    .updateTable("return_links")
    .set({ revoked_at: new Date().toISOString(), revoked_by: by })
    .where("id", "in", ids)
    .where("revoked_at", "is", null)
    .execute();
  return ids;
}

/** Per live membership of the deliberation: does the person have an account, and a live (or any) return link. */
export async function listReturnLinkStates(db: Executor, deliberationId: string) {
  const rows = await db
    .selectFrom("memberships")
    .innerJoin("users", "users.id", "memberships.user_id")
    .select((eb) => [
      "memberships.id as membership_id",
      eb.case().when("users.password_hash", "is", null).then(0).else(1).end().as("has_account"),
      eb
        .exists(eb.selectFrom("return_links as l").select("l.id").whereRef("l.membership_id", "=", "memberships.id").where("l.revoked_at", "is", null))
        .as("has_live_link"),
      eb.exists(eb.selectFrom("return_links as l").select("l.id").whereRef("l.membership_id", "=", "memberships.id")).as("has_any_link"),
    ])
    .where("memberships.deliberation_id", "=", deliberationId)
    .where("memberships.removed_at", "is", null)
    .execute();
  return rows.map((r) => ({
    membershipId: r.membership_id,
    hasAccount: Boolean(Number(r.has_account)),
    hasLiveLink: Boolean(Number(r.has_live_link)),
    hasAnyLink: Boolean(Number(r.has_any_link)),
  }));
}

/** The person's live memberships with their live return link, if any (for the log-out warning). */
export async function listMembershipLinksOfUser(db: Executor, userId: string) {
  return db
    .selectFrom("memberships")
    .innerJoin("deliberations", "deliberations.id", "memberships.deliberation_id")
    .leftJoin("return_links", (join) => join.onRef("return_links.membership_id", "=", "memberships.id").on("return_links.revoked_at", "is", null))
    .select(["memberships.id as membership_id", "deliberations.id as deliberation_id", "deliberations.title", "return_links.nonce", "return_links.token_hash"])
    .where("memberships.user_id", "=", userId)
    .where("memberships.removed_at", "is", null)
    .orderBy("memberships.created_at")
    .execute();
}
