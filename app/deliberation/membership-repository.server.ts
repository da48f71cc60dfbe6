import type { Executor } from "../../db/connection";
import type { Insertable } from "kysely";
import type { MembershipsTable } from "../../db/schema";

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

export async function insertMembership(db: Executor, row: Insertable<MembershipsTable>) {
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
 * Whether anyone other than the creating facilitator has ever joined (a removed membership still
 * counts: that person joined, and contributed, under the rules of the time). A co-facilitator
 * counts too, and so does a participant promoted to facilitator: both joined under the rules of
 * the time (decision 048).
 */
export async function hasNonFacilitatorJoined(db: Executor, deliberationId: string): Promise<boolean> {
  const row = await db
    .selectFrom("memberships")
    .select("id")
    .where("deliberation_id", "=", deliberationId)
    .where((eb) => eb.or([eb("role", "!=", "facilitator"), eb("user_id", "!=", eb.selectFrom("deliberations").select("created_by").where("id", "=", deliberationId))]))
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
      "memberships.region_id",
      "memberships.also_votes",
      "memberships.user_id",
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

/**
 * A member's live membership, its deliberation and that deliberation's latest round, in one read:
 * every page and action inside a deliberation starts with these three.
 */
export async function findMembershipScope(db: Executor, deliberationId: string, userId: string) {
  const row = await db
    .selectFrom("memberships as m")
    .innerJoin("deliberations as d", "d.id", "m.deliberation_id")
    .leftJoin("rounds as r", (join) =>
      join.onRef("r.deliberation_id", "=", "d.id").on((eb) => eb("r.number", "=", eb.selectFrom("rounds as latest").select((e) => e.fn.max("latest.number").as("n")).whereRef("latest.deliberation_id", "=", "d.id"))),
    )
    .select([
      "d.id",
      "d.title",
      "d.question",
      "d.description",
      "d.attribution_mode",
      "d.results_visibility",
      "d.min_group_size",
      "d.thresholds",
      "d.archived_at",
      "d.default_language",
      "m.id as membership_id",
      "m.role as membership_role",
      "m.pseudonym as membership_pseudonym",
      "m.stakeholder_group_id as membership_group_id",
      "m.region_id as membership_region_id",
      "m.also_votes as membership_also_votes",
      "d.owner_user_id",
      "r.id as round_id",
      "r.number as round_number",
      "r.phase as round_phase",
      "r.opened_at as round_opened_at",
      "r.voting_opened_at as round_voting_opened_at",
      "r.closed_at as round_closed_at",
    ])
    .where("m.deliberation_id", "=", deliberationId)
    .where("m.user_id", "=", userId)
    .where("m.removed_at", "is", null)
    .where("d.deleted_at", "is", null)
    .executeTakeFirst();
  if (!row) return undefined;
  const { membership_id, membership_role, membership_pseudonym, membership_group_id, membership_region_id, membership_also_votes, round_id, round_number, round_phase, round_opened_at, round_voting_opened_at, round_closed_at, ...deliberation } = row;
  return {
    membership: { id: membership_id, role: membership_role, pseudonym: membership_pseudonym, stakeholder_group_id: membership_group_id, region_id: membership_region_id, also_votes: membership_also_votes },
    deliberation,
    round:
      round_id !== null && round_number !== null && round_phase !== null && round_opened_at !== null
        ? { id: round_id, number: round_number, phase: round_phase, opened_at: round_opened_at, voting_opened_at: round_voting_opened_at, closed_at: round_closed_at }
        : null,
  };
}

/** One live membership of the deliberation, as the role changes of decision 048 need it. */
export async function findLiveMember(db: Executor, deliberationId: string, membershipId: string) {
  return db
    .selectFrom("memberships")
    .select(["id", "user_id", "role", "also_votes", "stakeholder_group_id", "region_id", "pseudonym"])
    .where("deliberation_id", "=", deliberationId)
    .where("id", "=", membershipId)
    .where("removed_at", "is", null)
    .executeTakeFirst();
}

export async function countLiveFacilitators(db: Executor, deliberationId: string): Promise<number> {
  const r = await db
    .selectFrom("memberships")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("deliberation_id", "=", deliberationId)
    .where("role", "=", "facilitator")
    .where("removed_at", "is", null)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

/**
 * Change a live member's role (and what goes with it), only while they still hold `fromRole`:
 * false when nothing matched (they changed meanwhile, or are gone).
 */
export async function changeMemberRole(
  db: Executor,
  deliberationId: string,
  membershipId: string,
  fromRole: MembershipsTable["role"],
  set: { role: MembershipsTable["role"]; also_votes: number; stakeholder_group_id?: string | null; region_id?: string | null },
): Promise<boolean> {
  const r = await db
    .updateTable("memberships")
    .set(set)
    .where("id", "=", membershipId)
    .where("deliberation_id", "=", deliberationId)
    .where("role", "=", fromRole)
    .where("removed_at", "is", null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** A facilitator's own "I also vote" declaration with their group and region. */
export async function setFacilitatorVoting(db: Executor, deliberationId: string, membershipId: string, set: { also_votes: number; stakeholder_group_id: string | null; region_id: string | null }): Promise<boolean> {
  const r = await db
    .updateTable("memberships")
    .set(set)
    .where("id", "=", membershipId)
    .where("deliberation_id", "=", deliberationId)
    .where("role", "=", "facilitator")
    .where("removed_at", "is", null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function findOwnerUserId(db: Executor, deliberationId: string): Promise<string | null> {
  const r = await db.selectFrom("deliberations").select("owner_user_id").where("id", "=", deliberationId).executeTakeFirst();
  return r?.owner_user_id ?? null;
}

/** Hand the ownership from `fromUserId` to `toUserId`: false when `fromUserId` is no longer the owner. */
export async function setOwner(db: Executor, deliberationId: string, fromUserId: string, toUserId: string): Promise<boolean> {
  const r = await db.updateTable("deliberations").set({ owner_user_id: toUserId }).where("id", "=", deliberationId).where("owner_user_id", "=", fromUserId).executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}
