import type { Executor } from "../../db/connection";
import { TEXT_FIELDS } from "./proposal-service.server";

/**
 * Every version of the proposals one member authored in a deliberation, oldest first, with the
 * round each belongs to and the proposal's status. Scoped by deliberation and author in the where.
 */
export async function listOwnProposalVersions(db: Executor, deliberationId: string, membershipId: string) {
  return db
    .selectFrom("proposals as p")
    .innerJoin("proposal_versions as v", "v.proposal_id", "p.id")
    .innerJoin("rounds as r", "r.id", "v.round_id")
    .select([
      "p.id as proposal_id",
      "p.status",
      "p.status_reason",
      "p.merged_into_id",
      "p.status_round_id",
      "p.created_at as proposal_created_at",
      "v.id as version_id",
      "v.version_number",
      "v.round_id",
      "r.number as round_number",
      "v.frozen_at",
    ])
    .select(TEXT_FIELDS.map((f) => `v.${f}` as const))
    .where("p.deliberation_id", "=", deliberationId)
    .where("p.author_membership_id", "=", membershipId)
    .orderBy("p.created_at")
    .orderBy("p.id")
    .orderBy("v.version_number")
    .execute();
}

/** The latest title of proposals of a deliberation (for "merged into …"). */
export async function findLatestTitles(db: Executor, deliberationId: string, proposalIds: string[]) {
  if (proposalIds.length === 0) return new Map<string, string>();
  const rows = await db
    .selectFrom("proposals as p")
    .innerJoin("proposal_versions as v", "v.proposal_id", "p.id")
    .select(["p.id", "v.title"])
    .where("p.deliberation_id", "=", deliberationId)
    .where("p.id", "in", proposalIds)
    .where("v.version_number", "=", (eb) =>
      eb.selectFrom("proposal_versions as v2").select((e) => e.fn.max("v2.version_number").as("mx")).whereRef("v2.proposal_id", "=", "p.id"),
    )
    .execute();
  return new Map(rows.map((r) => [r.id, r.title]));
}
