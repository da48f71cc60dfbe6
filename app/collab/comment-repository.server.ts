import { sql } from "kysely";
import type { Executor } from "../../db/connection";
import type { CommentsTable } from "../../db/schema";
import { authorLabel } from "../deliberation/attribution";
import type { LiveComment, Stance } from "./document-names";

/** Comments joined with what `toLiveComment` needs to label the author per attribution mode. */
function commentRows(db: Executor) {
  return db
    .selectFrom("comments as c")
    .innerJoin("memberships as m", "m.id", "c.membership_id")
    .innerJoin("users as u", "u.id", "m.user_id")
    .innerJoin("deliberations as d", "d.id", "c.deliberation_id")
    .leftJoin("stakeholder_groups as g", "g.id", "m.stakeholder_group_id")
    .select(["c.id", "c.parent_id", "c.anchor", "c.stance", "c.body", "c.created_at", "c.edited_at", "c.deleted_at", "c.hidden_at", "c.hidden_reason", "c.membership_id", "m.pseudonym", "u.display_name", "g.name as group_name", "d.attribution_mode"]);
}

/** Every comment of a proposal as members may see it (authors per attribution mode). */
export async function listLiveComments(db: Executor, proposalId: string): Promise<LiveComment[]> {
  const rows = await commentRows(db).where("c.proposal_id", "=", proposalId).orderBy("c.created_at").orderBy("c.id").execute();
  return rows.map((r) => toLiveComment(r));
}

/** The comments of one proposal of one deliberation, oldest first, with who wrote each (for "mine"). */
export async function listProposalComments(db: Executor, deliberationId: string, proposalId: string) {
  const rows = await commentRows(db)
    .where("c.deliberation_id", "=", deliberationId)
    .where("c.proposal_id", "=", proposalId)
    .orderBy("c.created_at")
    .orderBy("c.id")
    .execute();
  return rows.map((r) => ({ comment: toLiveComment(r), membershipId: r.membership_id }));
}

/** One comment as members see it (to apply to the live document after a change). */
export async function findLiveComment(db: Executor, commentId: string): Promise<LiveComment | null> {
  const row = await commentRows(db).where("c.id", "=", commentId).executeTakeFirst();
  return row ? toLiveComment(row) : null;
}

export function toLiveComment(r: {
  id: string;
  parent_id: string | null;
  anchor: string | null;
  stance: LiveComment["stance"];
  body: string;
  created_at: string;
  edited_at: string | null;
  deleted_at: string | null;
  hidden_at: string | null;
  hidden_reason: string | null;
  pseudonym: string;
  display_name: string;
  group_name: string | null;
  attribution_mode: "named" | "chatham_house" | "anonymous";
}): LiveComment {
  const gone = r.deleted_at !== null || r.hidden_at !== null;
  return {
    id: r.id,
    parentId: r.parent_id,
    anchor: gone ? null : r.anchor,
    stance: r.stance,
    // hidden and deleted comments keep their place in the thread but not their words
    body: gone ? "" : r.body,
    author: gone ? { name: null, group: null } : authorLabel(r.attribution_mode, { displayName: r.display_name, pseudonym: r.pseudonym, groupName: r.group_name }),
    createdAt: r.created_at,
    editedAt: r.edited_at,
    deleted: r.deleted_at !== null,
    hidden: r.hidden_at !== null,
    hiddenReason: r.hidden_at !== null ? r.hidden_reason : null,
  };
}

export async function latestStatement(db: Executor, proposalId: string): Promise<string | null> {
  const row = await db.selectFrom("proposal_versions").select("statement").where("proposal_id", "=", proposalId).orderBy("version_number", "desc").limit(1).executeTakeFirst();
  return row?.statement ?? null;
}

/**
 * Store a new comment. False when the member already stored one under this submission id: the
 * unique index decides, so of two concurrent submits exactly one inserts.
 */
export async function insertComment(db: Executor, row: Omit<CommentsTable, "edited_at" | "deleted_at" | "hidden_at" | "hidden_reason" | "hidden_by">): Promise<boolean> {
  const r = await db
    .insertInto("comments")
    .values({ ...row, edited_at: null, deleted_at: null, hidden_at: null, hidden_reason: null, hidden_by: null })
    .onConflict((oc) => oc.columns(["membership_id", "submission_id"]).doNothing())
    .executeTakeFirst();
  return Number(r.numInsertedOrUpdatedRows ?? 0n) === 1;
}

/** The comment a member stored under a submission id (scoped to the member), or undefined. */
export async function findCommentBySubmission(db: Executor, membershipId: string, submissionId: string) {
  return db
    .selectFrom("comments")
    .select(["id", "proposal_id", "parent_id", "anchor", "stance", "body"])
    .where("membership_id", "=", membershipId)
    .where("submission_id", "=", submissionId)
    .executeTakeFirst();
}

/** A comment of this deliberation (scoped in the where clause), or undefined. */
export async function findComment(db: Executor, deliberationId: string, commentId: string) {
  return db
    .selectFrom("comments")
    .select(["id", "proposal_id", "parent_id", "membership_id", "created_at", "deleted_at", "hidden_at", "hidden_reason"])
    .where("deliberation_id", "=", deliberationId)
    .where("id", "=", commentId)
    .executeTakeFirst();
}

/** How many comments a member has posted since the given instant (deleted ones count too). */
export async function countCommentsSince(db: Executor, membershipId: string, since: string): Promise<number> {
  const r = await db
    .selectFrom("comments")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("membership_id", "=", membershipId)
    .where("created_at", ">", since)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

/** Change the words of the author's own live comment; the where clause re-checks author and state. */
export async function updateCommentBody(db: Executor, commentId: string, membershipId: string, body: string, at: string): Promise<boolean> {
  const r = await db
    .updateTable("comments")
    .set({ body, edited_at: at })
    .where("id", "=", commentId)
    .where("membership_id", "=", membershipId)
    .where("deleted_at", "is", null)
    .where("hidden_at", "is", null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function markCommentDeleted(db: Executor, commentId: string, membershipId: string, at: string): Promise<boolean> {
  const r = await db
    .updateTable("comments")
    .set({ deleted_at: at })
    .where("id", "=", commentId)
    .where("membership_id", "=", membershipId)
    .where("deleted_at", "is", null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function setCommentHidden(db: Executor, deliberationId: string, commentId: string, hidden: { at: string; reason: string; by: string } | null): Promise<boolean> {
  const r = await db
    .updateTable("comments")
    .set(hidden ? { hidden_at: hidden.at, hidden_reason: hidden.reason, hidden_by: hidden.by } : { hidden_at: null, hidden_reason: null, hidden_by: null })
    .where("id", "=", commentId)
    .where("deliberation_id", "=", deliberationId)
    .where("hidden_at", hidden ? "is" : "is not", null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function upsertCommentRead(db: Executor, membershipId: string, proposalId: string, at: string) {
  await db
    .insertInto("comment_reads")
    .values({ membership_id: membershipId, proposal_id: proposalId, last_seen_at: at })
    .onConflict((oc) => oc.columns(["membership_id", "proposal_id"]).doUpdateSet({ last_seen_at: at }))
    .execute();
}

export async function findLastSeen(db: Executor, membershipId: string, proposalId: string): Promise<string | null> {
  const row = await db.selectFrom("comment_reads").select("last_seen_at").where("membership_id", "=", membershipId).where("proposal_id", "=", proposalId).executeTakeFirst();
  return row?.last_seen_at ?? null;
}

/**
 * Visible comments by others that a member has not seen, per proposal of a deliberation: created
 * after the member's last visit to that proposal (all of them if never visited).
 */
export async function countUnreadByProposal(db: Executor, deliberationId: string, membershipId: string, proposalId?: string) {
  let q = db
    .selectFrom("comments as c")
    .leftJoin("comment_reads as r", (j) => j.onRef("r.proposal_id", "=", "c.proposal_id").on("r.membership_id", "=", membershipId))
    .select(["c.proposal_id", (eb) => eb.fn.countAll<number>().as("n")])
    .where("c.deliberation_id", "=", deliberationId)
    .where("c.membership_id", "!=", membershipId)
    .where("c.deleted_at", "is", null)
    .where("c.hidden_at", "is", null)
    .where((eb) => eb.or([eb("r.last_seen_at", "is", null), eb("c.created_at", ">", eb.ref("r.last_seen_at"))]))
    .groupBy("c.proposal_id");
  if (proposalId !== undefined) q = q.where("c.proposal_id", "=", proposalId);
  const rows = await q.execute();
  return rows.map((r) => ({ proposalId: r.proposal_id, unread: Number(r.n) }));
}

/**
 * Proposals of a deliberation by number of visible comments, with the count per stance. Counts
 * only: no author leaves this query.
 */
export async function listCommentStats(db: Executor, deliberationId: string, limit: number) {
  const count = (stance: Stance) => sql<number>`sum(case when c.stance = ${stance} then 1 else 0 end)`.as(stance);
  const rows = await db
    .selectFrom("comments as c")
    .innerJoin("proposals as p", "p.id", "c.proposal_id")
    .innerJoin("proposal_versions as v", "v.proposal_id", "p.id")
    .select((eb) => [
      "p.id as proposal_id",
      "v.title",
      eb.fn.countAll<number>().as("total"),
      count("supports"),
      count("opposes"),
      count("question"),
      count("evidence"),
    ])
    .where("c.deliberation_id", "=", deliberationId)
    .where("p.deliberation_id", "=", deliberationId)
    .where("c.deleted_at", "is", null)
    .where("c.hidden_at", "is", null)
    .where("v.version_number", "=", (eb) =>
      eb.selectFrom("proposal_versions as v2").select((e) => e.fn.max("v2.version_number").as("mx")).whereRef("v2.proposal_id", "=", "p.id"),
    )
    .groupBy(["p.id", "v.title"])
    .orderBy("total", "desc")
    .orderBy("v.title")
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    proposalId: r.proposal_id,
    title: r.title,
    total: Number(r.total),
    stances: { supports: Number(r.supports), opposes: Number(r.opposes), question: Number(r.question), evidence: Number(r.evidence) },
  }));
}

/**
 * Visible arguments (stance supports / opposes, neither hidden nor deleted) written on the given
 * proposals within a time window (a round), each with its number of visible replies in that window.
 * No author column leaves this query.
 */
export async function listArgumentsWithReplies(db: Executor, deliberationId: string, proposalIds: readonly string[], window: { from: string; until: string }) {
  if (proposalIds.length === 0) return [];
  const rows = await db
    .selectFrom("comments as c")
    .leftJoin("comments as r", (join) =>
      join.onRef("r.parent_id", "=", "c.id").on("r.hidden_at", "is", null).on("r.deleted_at", "is", null).on("r.created_at", "<=", window.until),
    )
    .select((eb) => ["c.id", "c.proposal_id", "c.stance", "c.body", "c.created_at", eb.fn.count<number>("r.id").as("replies")])
    .where("c.deliberation_id", "=", deliberationId)
    .where("c.proposal_id", "in", [...proposalIds])
    .where("c.stance", "in", ["supports", "opposes"])
    .where("c.hidden_at", "is", null)
    .where("c.deleted_at", "is", null)
    .where("c.created_at", ">=", window.from)
    .where("c.created_at", "<=", window.until)
    .groupBy(["c.id", "c.proposal_id", "c.stance", "c.body", "c.created_at"])
    .execute();
  return rows.map((r) => ({ id: r.id, proposalId: r.proposal_id, stance: r.stance as "supports" | "opposes", body: r.body, createdAt: r.created_at, replies: Number(r.replies) }));
}
