import type { Executor } from "../../db/connection";
import type { NewProposalVersion, ProposalRow } from "../../db/schema";

/**
 * Store a new proposal. False when its author already stored one under this submission id: the
 * unique index decides, so of two concurrent submits exactly one inserts.
 */
export async function insertProposal(db: Executor, row: Omit<ProposalRow, "status_round_id">): Promise<boolean> {
  const r = await db
    .insertInto("proposals")
    .values(row)
    .onConflict((oc) => oc.columns(["author_membership_id", "submission_id"]).doNothing())
    .executeTakeFirst();
  return Number(r.numInsertedOrUpdatedRows ?? 0n) === 1;
}

/** The proposal a member stored under a submission id (scoped to the author), with its first version. */
export async function findProposalBySubmission(db: Executor, membershipId: string, submissionId: string) {
  return db
    .selectFrom("proposals as p")
    .innerJoin("proposal_versions as v", (j) => j.onRef("v.proposal_id", "=", "p.id").on("v.version_number", "=", 1))
    .select(["p.id", "v.title", "v.statement", "v.rationale", "v.category", "v.indicator", "v.threshold_value", "v.threshold_unit", "v.trigger", "v.response", "v.scope", "v.evidence_links"])
    .where("p.author_membership_id", "=", membershipId)
    .where("p.submission_id", "=", submissionId)
    .executeTakeFirst();
}

/**
 * The author's active proposal first written in this round with exactly these words, sent under
 * another submission id (a repeat of the same id is the unique index's to answer), if any.
 */
export async function findOwnProposalWithSameWords(
  db: Executor,
  deliberationId: string,
  membershipId: string,
  roundId: string,
  submissionId: string,
  values: Pick<NewProposalVersion, "title" | "statement" | "rationale" | "category" | "indicator" | "threshold_value" | "threshold_unit" | "trigger" | "response" | "scope" | "evidence_links">,
) {
  let query = db
    .selectFrom("proposals as p")
    .innerJoin("proposal_versions as v", (j) => j.onRef("v.proposal_id", "=", "p.id").on("v.version_number", "=", 1))
    .select("p.id")
    .where("p.deliberation_id", "=", deliberationId)
    .where("p.author_membership_id", "=", membershipId)
    .where("p.status", "=", "active")
    .where("v.round_id", "=", roundId)
    .where((eb) => eb.or([eb("p.submission_id", "is", null), eb("p.submission_id", "!=", submissionId)]));
  for (const [column, value] of Object.entries(values) as [keyof typeof values, string][]) query = query.where(`v.${column}`, "=", value);
  return (await query.orderBy("p.created_at").executeTakeFirst())?.id ?? null;
}

export async function insertVersion(db: Executor, row: NewProposalVersion) {
  await db.insertInto("proposal_versions").values(row).execute();
}

export async function findProposal(db: Executor, deliberationId: string, proposalId: string) {
  return db
    .selectFrom("proposals")
    .selectAll()
    .where("deliberation_id", "=", deliberationId)
    .where("id", "=", proposalId)
    .executeTakeFirst();
}

/** All versions of a proposal, oldest first. */
export async function listVersions(db: Executor, proposalId: string) {
  return db
    .selectFrom("proposal_versions")
    .innerJoin("rounds", "rounds.id", "proposal_versions.round_id")
    .selectAll("proposal_versions")
    .select("rounds.number as round_number")
    .where("proposal_id", "=", proposalId)
    .orderBy("version_number")
    .execute();
}

export async function findLatestVersion(db: Executor, proposalId: string) {
  return db
    .selectFrom("proposal_versions")
    .selectAll()
    .where("proposal_id", "=", proposalId)
    .orderBy("version_number", "desc")
    .limit(1)
    .executeTakeFirst();
}

/** Edit a draft in place; frozen versions never change (the where clause guarantees it). */
export async function updateDraftVersion(db: Executor, versionId: string, set: Partial<NewProposalVersion>): Promise<boolean> {
  const r = await db
    .updateTable("proposal_versions")
    .set(set)
    .where("id", "=", versionId)
    .where("frozen_at", "is", null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function freezeDraftsOfRound(db: Executor, deliberationId: string, roundId: string, at: string) {
  await db
    .updateTable("proposal_versions")
    .set({ frozen_at: at })
    .where("round_id", "=", roundId)
    .where("frozen_at", "is", null)
    .where("proposal_id", "in", (eb) =>
      eb.selectFrom("proposals").select("id").where("deliberation_id", "=", deliberationId).where("status", "=", "active"),
    )
    .execute();
}

export async function setProposalStatus(
  db: Executor,
  deliberationId: string,
  proposalId: string,
  set: Pick<ProposalRow, "status" | "merged_into_id" | "status_reason"> & { status_round_id?: string | null },
) {
  return db
    .updateTable("proposals")
    .set({ ...set, updated_at: new Date().toISOString() })
    .where("id", "=", proposalId)
    .where("deliberation_id", "=", deliberationId)
    .where("status", "=", "active")
    .executeTakeFirst();
}

/**
 * Every proposal of a deliberation with its latest version, its author's public facts and the
 * version on the ballot of the given round (if any). Scoped by deliberation in the where clause.
 */
export async function listProposalsWithLatest(db: Executor, deliberationId: string) {
  return db
    .selectFrom("proposals")
    .innerJoin("proposal_versions as v", "v.proposal_id", "proposals.id")
    .innerJoin("memberships as m", "m.id", "proposals.author_membership_id")
    .innerJoin("users as u", "u.id", "m.user_id")
    .leftJoin("stakeholder_groups as g", "g.id", "m.stakeholder_group_id")
    .select([
      "proposals.id",
      "proposals.status",
      "proposals.merged_into_id",
      "proposals.author_membership_id",
      "proposals.created_at",
      "v.id as version_id",
      "v.version_number",
      "v.round_id",
      "v.title",
      "v.statement",
      "v.category",
      "v.scope",
      "v.frozen_at",
      "m.pseudonym",
      "u.display_name",
      "g.name as group_name",
    ])
    .where("proposals.deliberation_id", "=", deliberationId)
    .where("v.version_number", "=", (eb) =>
      eb.selectFrom("proposal_versions as v2").select((e) => e.fn.max("v2.version_number").as("mx")).whereRef("v2.proposal_id", "=", "proposals.id"),
    )
    .orderBy("proposals.created_at")
    .execute();
}

/** The frozen versions that make up a round's ballot, in a stable order. */
/** One frozen version on a round's ballot, as the domain (and a round's snapshot) sees it. */
export interface BallotVersion {
  versionId: string;
  proposalId: string;
  versionNumber: number;
  title: string;
  statement: string;
  category: string;
  indicator: string;
  thresholdValue: string;
  thresholdUnit: string;
  trigger: string;
  response: string;
  scope: "development" | "deployment" | "use" | "";
  evidenceLinks: string[];
}

/** Evidence links are stored as a JSON array; anything malformed reads as none. */
export function parseEvidenceLinks(json: string): string[] {
  try {
    const raw: unknown = JSON.parse(json);
    return Array.isArray(raw) ? raw.filter((x): x is string => typeof x === "string") : [];
  } catch {
    return [];
  }
}

/** A row of `listBallot` as a domain object. */
export function toBallotVersion(b: Awaited<ReturnType<typeof listBallot>>[number]): BallotVersion {
  return {
    versionId: b.id,
    proposalId: b.proposal_id,
    versionNumber: b.version_number,
    title: b.title,
    statement: b.statement,
    category: b.category,
    indicator: b.indicator,
    thresholdValue: b.threshold_value,
    thresholdUnit: b.threshold_unit,
    trigger: b.trigger,
    response: b.response,
    scope: b.scope,
    evidenceLinks: parseEvidenceLinks(b.evidence_links),
  };
}

export async function listBallot(db: Executor, deliberationId: string, roundId: string) {
  return db
    .selectFrom("proposal_versions as v")
    .innerJoin("proposals as p", "p.id", "v.proposal_id")
    .select([
      "v.id",
      "v.proposal_id",
      "v.version_number",
      "v.title",
      "v.statement",
      "v.category",
      "v.indicator",
      "v.threshold_value",
      "v.threshold_unit",
      "v.trigger",
      "v.response",
      "v.scope",
      "v.evidence_links",
      "p.created_at",
    ])
    .where("p.deliberation_id", "=", deliberationId)
    .where("v.round_id", "=", roundId)
    .where("v.frozen_at", "is not", null)
    .orderBy("p.created_at")
    .orderBy("v.id")
    .execute();
}


/**
 * What a vote needs to know, in one read: the round's phase, and whether the version is frozen on
 * that round's ballot in that deliberation.
 */
export async function findBallotEntryForVote(db: Executor, deliberationId: string, roundId: string, versionId: string) {
  const row = await db
    .selectFrom("rounds as r")
    .leftJoin("proposal_versions as v", (join) => join.onRef("v.round_id", "=", "r.id").on("v.id", "=", versionId))
    .leftJoin("proposals as p", (join) => join.onRef("p.id", "=", "v.proposal_id").onRef("p.deliberation_id", "=", "r.deliberation_id"))
    .select(["r.id", "r.number", "r.phase", "r.opened_at", "r.voting_opened_at", "r.closed_at", "v.frozen_at", "p.id as proposal_id"])
    .where("r.deliberation_id", "=", deliberationId)
    .where("r.id", "=", roundId)
    .executeTakeFirst();
  if (!row) return undefined;
  const { frozen_at, proposal_id, ...round } = row;
  return { round, onBallot: proposal_id !== null && frozen_at !== null };
}
