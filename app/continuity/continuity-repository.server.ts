import type { Executor } from "../../db/connection";
import type { ContinuationsTable, ProposalLineageTable } from "../../db/schema";

export async function insertContinuation(db: Executor, row: ContinuationsTable) {
  await db.insertInto("continuations").values(row).execute();
}

export async function insertLineage(db: Executor, rows: ProposalLineageTable[]) {
  for (let i = 0; i < rows.length; i += 100) await db.insertInto("proposal_lineage").values(rows.slice(i, i + 100)).execute();
}

/** The continuation a deliberation started from, if it was continued from another. */
export async function findContinuation(db: Executor, deliberationId: string) {
  return db.selectFrom("continuations").selectAll().where("deliberation_id", "=", deliberationId).executeTakeFirst();
}

/** The frozen lineage of proposals of one deliberation (scoped by it in the where). */
export async function listLineage(db: Executor, deliberationId: string, proposalIds: readonly string[]) {
  if (proposalIds.length === 0) return [];
  return db
    .selectFrom("proposal_lineage as l")
    .innerJoin("proposals as p", "p.id", "l.proposal_id")
    .select(["l.proposal_id", "l.source_proposal_id", "l.source_version_ids", "l.stages"])
    .where("p.deliberation_id", "=", deliberationId)
    .where("l.proposal_id", "in", [...proposalIds])
    .execute();
}

/** The live members of a deliberation, as they are carried over. */
export async function listLiveMemberships(db: Executor, deliberationId: string) {
  return db
    .selectFrom("memberships")
    .select(["id", "user_id", "role", "stakeholder_group_id", "region_id", "pseudonym", "created_at"])
    .where("deliberation_id", "=", deliberationId)
    .where("removed_at", "is", null)
    .orderBy("created_at")
    .orderBy("id")
    .execute();
}

export async function listRegionsWithTargets(db: Executor, deliberationId: string) {
  return db.selectFrom("regions").select(["id", "name", "position", "target_share"]).where("deliberation_id", "=", deliberationId).orderBy("position").execute();
}

export async function setRegionTarget(db: Executor, deliberationId: string, regionId: string, targetShare: number) {
  await db.updateTable("regions").set({ target_share: targetShare }).where("id", "=", regionId).where("deliberation_id", "=", deliberationId).execute();
}

/** Every version of a proposal up to a round (by number), oldest first. */
export async function listVersionsUpToRound(db: Executor, deliberationId: string, proposalId: string, roundNumber: number) {
  return db
    .selectFrom("proposal_versions as v")
    .innerJoin("proposals as p", "p.id", "v.proposal_id")
    .innerJoin("rounds as r", "r.id", "v.round_id")
    .selectAll("v")
    .select("r.number as round_number")
    .where("p.deliberation_id", "=", deliberationId)
    .where("v.proposal_id", "=", proposalId)
    .where("r.number", "<=", roundNumber)
    .orderBy("v.version_number")
    .execute();
}

/** The proposals of a deliberation with their status (for the choice of red lines to carry). */
export async function listProposalStatuses(db: Executor, deliberationId: string) {
  return db.selectFrom("proposals").select(["id", "status", "author_membership_id"]).where("deliberation_id", "=", deliberationId).execute();
}

/** The latest published report version of a deliberation for a round up to `roundNumber`. */
export async function findLatestReportUpTo(db: Executor, deliberationId: string, roundNumber: number): Promise<number | null> {
  const row = await db
    .selectFrom("reports")
    .innerJoin("rounds", "rounds.id", "reports.round_id")
    .select((eb) => eb.fn.max<number>("reports.version").as("v"))
    .where("reports.deliberation_id", "=", deliberationId)
    .where("rounds.number", "<=", roundNumber)
    .executeTakeFirst();
  return row?.v === null || row?.v === undefined ? null : Number(row.v);
}

/** Of these rounds, the ones a published report covers in a deliberation whose reports are public. */
export async function listPubliclyReportedRounds(db: Executor, roundIds: readonly string[]): Promise<Set<string>> {
  if (roundIds.length === 0) return new Set();
  const rows = await db
    .selectFrom("reports")
    .innerJoin("deliberations", "deliberations.id", "reports.deliberation_id")
    .select("reports.round_id")
    .where("reports.round_id", "in", [...roundIds])
    .where("deliberations.public_reports", "=", 1)
    .execute();
  return new Set(rows.map((r) => r.round_id));
}

/** Of these deliberations, the ones whose reports are public now (a link to them works for anyone). */
export async function listPublicDeliberations(db: Executor, deliberationIds: readonly string[]): Promise<Set<string>> {
  if (deliberationIds.length === 0) return new Set();
  const rows = await db.selectFrom("deliberations").select("id").where("id", "in", [...deliberationIds]).where("public_reports", "=", 1).execute();
  return new Set(rows.map((r) => r.id));
}

/** Of these deliberations, the ones (not deleted) where the user is a live member now. */
export async function listLiveMemberOf(db: Executor, userId: string, deliberationIds: readonly string[]): Promise<Set<string>> {
  if (deliberationIds.length === 0) return new Set();
  const rows = await db
    .selectFrom("memberships")
    .innerJoin("deliberations", "deliberations.id", "memberships.deliberation_id")
    .select("memberships.deliberation_id")
    .where("memberships.user_id", "=", userId)
    .where("memberships.removed_at", "is", null)
    .where("deliberations.deleted_at", "is", null)
    .where("memberships.deliberation_id", "in", [...deliberationIds])
    .execute();
  return new Set(rows.map((r) => r.deliberation_id));
}
