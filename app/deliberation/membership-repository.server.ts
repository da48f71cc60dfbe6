import type { Executor } from "../../db/connection";
import type { MembershipRow } from "../../db/schema";

export async function findLiveMembership(db: Executor, deliberationId: string, userId: string) {
  return db
    .selectFrom("memberships")
    .selectAll()
    .where("deliberation_id", "=", deliberationId)
    .where("user_id", "=", userId)
    .where("removed_at", "is", null)
    .executeTakeFirst();
}

export async function findAnyMembership(db: Executor, deliberationId: string, userId: string) {
  return db
    .selectFrom("memberships")
    .selectAll()
    .where("deliberation_id", "=", deliberationId)
    .where("user_id", "=", userId)
    .executeTakeFirst();
}

export async function insertMembership(db: Executor, row: MembershipRow) {
  await db.insertInto("memberships").values(row).execute();
}

export async function countMemberships(db: Executor, deliberationId: string): Promise<number> {
  const r = await db
    .selectFrom("memberships")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("deliberation_id", "=", deliberationId)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

/**
 * Whether anyone other than a facilitator has ever joined (a removed membership still counts:
 * that person joined, and contributed, under the rules of the time).
 */
export async function hasNonFacilitatorJoined(db: Executor, deliberationId: string): Promise<boolean> {
  const row = await db
    .selectFrom("memberships")
    .select("id")
    .where("deliberation_id", "=", deliberationId)
    .where("role", "!=", "facilitator")
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

/** Members with their group and region names; names and emails are for the facilitator's view only. */
export async function listMembers(db: Executor, deliberationId: string) {
  return db
    .selectFrom("memberships")
    .innerJoin("users", "users.id", "memberships.user_id")
    .leftJoin("stakeholder_groups", "stakeholder_groups.id", "memberships.stakeholder_group_id")
    .leftJoin("regions", "regions.id", "memberships.region_id")
    .select([
      "memberships.id",
      "memberships.role",
      "memberships.pseudonym",
      "memberships.created_at",
      "memberships.stakeholder_group_id",
      "users.display_name",
      "users.email",
      "stakeholder_groups.name as group_name",
      "regions.name as region_name",
    ])
    .where("memberships.deliberation_id", "=", deliberationId)
    .where("memberships.removed_at", "is", null)
    .orderBy("memberships.created_at")
    .execute();
}

export async function removeMembership(db: Executor, deliberationId: string, membershipId: string) {
  return db
    .updateTable("memberships")
    .set({ removed_at: new Date().toISOString() })
    .where("id", "=", membershipId)
    .where("deliberation_id", "=", deliberationId)
    .where("removed_at", "is", null)
    .executeTakeFirst();
}
