import type { Executor } from "../../db/connection";
import { deleteActionLogOfDeletedDeliberation } from "./action-log-repository.server";

/** Archive (a time) or unarchive (null) a live deliberation. */
export async function setArchivedAt(db: Executor, deliberationId: string, at: string | null) {
  await db.updateTable("deliberations").set({ archived_at: at }).where("id", "=", deliberationId).where("deleted_at", "is", null).execute();
}

export async function countPublishedReports(db: Executor, deliberationId: string): Promise<number> {
  const r = await db.selectFrom("reports").select((eb) => eb.fn.countAll<number>().as("n")).where("deliberation_id", "=", deliberationId).executeTakeFirstOrThrow();
  return Number(r.n);
}

/**
 * Remove everything private of a deliberation (marked deleted first: markDeleted), children before parents, in the caller's
 * transaction: explicit deletes rather than one cascading delete, so the order (and the result)
 * is the same on SQLite and PostgreSQL, whose checks of non-cascading keys differ mid-cascade.
 * Rounds stay (a published version names its round); reports are the caller's decision.
 */
export async function deletePrivateData(db: Executor, deliberationId: string) {
  const proposals = db.selectFrom("proposals").select("id").where("deliberation_id", "=", deliberationId);
  const rounds = db.selectFrom("rounds").select("id").where("deliberation_id", "=", deliberationId);
  const memberships = db.selectFrom("memberships").select("id").where("deliberation_id", "=", deliberationId);
  const proposalIds = (await proposals.execute()).map((p) => p.id);
  if (proposalIds.length > 0) {
    const names = proposalIds.flatMap((id) => [`proposal:${id}:draft`, `proposal:${id}:comments`]);
    for (let i = 0; i < names.length; i += 500) await db.deleteFrom("yjs_documents").where("name", "in", names.slice(i, i + 500)).execute();
  }
  // carried red lines' frozen history (docs/decisions/049); a deliberation continued FROM this one keeps its own copy
  await db.deleteFrom("proposal_lineage").where("proposal_id", "in", proposals).execute();
  await db.deleteFrom("continuations").where("deliberation_id", "=", deliberationId).execute();
  await db.deleteFrom("comment_reads").where("proposal_id", "in", proposals).execute();
  await db.deleteFrom("comments").where("deliberation_id", "=", deliberationId).execute();
  await db.deleteFrom("vote_undo").where("membership_id", "in", memberships).execute();
  await db.deleteFrom("votes").where("round_id", "in", rounds).execute();
  await db.deleteFrom("round_results").where("round_id", "in", rounds).execute();
  await db.deleteFrom("round_snapshots").where("round_id", "in", rounds).execute();
  await db.deleteFrom("round_analyses").where("round_id", "in", rounds).execute();
  await db.deleteFrom("version_translations").where("deliberation_id", "=", deliberationId).execute();
  await db.deleteFrom("proposal_versions").where("proposal_id", "in", proposals).execute();
  await db.updateTable("proposals").set({ merged_into_id: null, status_round_id: null }).where("deliberation_id", "=", deliberationId).execute();
  await db.deleteFrom("proposals").where("deliberation_id", "=", deliberationId).execute();
  await db.deleteFrom("proposal_categories").where("deliberation_id", "=", deliberationId).execute();
  await db.deleteFrom("invites").where("deliberation_id", "=", deliberationId).execute();
  await db.deleteFrom("return_links").where("membership_id", "in", memberships).execute();
  await db.deleteFrom("import_jobs").where("deliberation_id", "=", deliberationId).execute();
  // personal access links and addresses: never kept with a tombstone
  await db.deleteFrom("email_outbox").where("deliberation_id", "=", deliberationId).execute();
  // the caller has marked the deliberation deleted (else the database refuses this)
  await deleteActionLogOfDeletedDeliberation(db, deliberationId);
  await db.deleteFrom("phase_deadlines").where("deliberation_id", "=", deliberationId).execute();
  // reports.published_by is set to null by its foreign key (migration 20261201160000)
  await db.deleteFrom("memberships").where("deliberation_id", "=", deliberationId).execute();
  await db.deleteFrom("stakeholder_groups").where("deliberation_id", "=", deliberationId).execute();
  await db.deleteFrom("regions").where("deliberation_id", "=", deliberationId).execute();
}

/** Delete the members-only reports (and their files, by cascade). */
export async function deleteReports(db: Executor, deliberationId: string) {
  await db.deleteFrom("reports").where("deliberation_id", "=", deliberationId).execute();
}

/** What stays of a deleted deliberation whose reports are public: title, question, the public flag. */
export async function markDeleted(db: Executor, deliberationId: string, at: string) {
  await db.updateTable("deliberations").set({ deleted_at: at, archived_at: at, description: "", updated_at: at }).where("id", "=", deliberationId).execute();
}

/** A deliberation with nothing public left goes entirely (its rounds by cascade). */
export async function deleteDeliberationRow(db: Executor, deliberationId: string) {
  await db.deleteFrom("deliberations").where("id", "=", deliberationId).execute();
}
