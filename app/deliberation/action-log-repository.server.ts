import type { Executor } from "../../db/connection";
import type { ActionLogTable } from "../../db/schema";
import type { ActionKind } from "./action-kinds";

export async function insertAction(db: Executor, row: ActionLogTable): Promise<void> {
  await db.insertInto("action_log").values(row).execute();
}

function ofKinds(db: Executor, deliberationId: string, kinds: readonly ActionKind[] | null) {
  let q = db.selectFrom("action_log as a").where("a.deliberation_id", "=", deliberationId);
  if (kinds) q = q.where("a.kind", "in", kinds.length > 0 ? [...kinds] : [""]);
  return q;
}

export async function countActions(db: Executor, deliberationId: string, kinds: readonly ActionKind[] | null): Promise<number> {
  const r = await ofKinds(db, deliberationId, kinds).select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
  return Number(r.n);
}

/** Newest first, with the actor's name and pseudonym (the service decides who may see them). */
export async function listActions(db: Executor, deliberationId: string, options: { kinds: readonly ActionKind[] | null; limit?: number; offset?: number; until?: string }) {
  let q = ofKinds(db, deliberationId, options.kinds)
    .leftJoin("memberships as m", "m.id", "a.actor_membership_id")
    .leftJoin("users as u", "u.id", "m.user_id")
    .select(["a.id", "a.kind", "a.subject_type", "a.subject_id", "a.before", "a.after", "a.at", "a.actor_membership_id", "u.display_name as actor_name", "m.pseudonym as actor_pseudonym"]);
  if (options.until) q = q.where("a.at", "<=", options.until);
  q = q.orderBy("a.at", "desc").orderBy("a.id", "desc");
  if (options.limit !== undefined) q = q.limit(options.limit).offset(options.offset ?? 0);
  return q.execute();
}

/** Names for the subjects of log entries, each query scoped by the deliberation. */
export async function findSubjectNames(db: Executor, deliberationId: string, ids: { rounds: string[]; proposals: string[]; comments: string[]; memberships: string[]; categories: string[]; reports: string[] }) {
  const none = [""];
  const list = (xs: string[]) => (xs.length > 0 ? xs : none);
  const [rounds, comments, memberships, categories, reports] = await Promise.all([
    db.selectFrom("rounds").select(["id", "number"]).where("deliberation_id", "=", deliberationId).where("id", "in", list(ids.rounds)).execute(),
    db.selectFrom("comments").select(["id", "proposal_id"]).where("deliberation_id", "=", deliberationId).where("id", "in", list(ids.comments)).execute(),
    db
      .selectFrom("memberships as m")
      .innerJoin("users as u", "u.id", "m.user_id")
      .select(["m.id", "m.pseudonym", "u.display_name"])
      .where("m.deliberation_id", "=", deliberationId)
      .where("m.id", "in", list(ids.memberships))
      .execute(),
    db.selectFrom("proposal_categories").select(["id", "label"]).where("deliberation_id", "=", deliberationId).where("id", "in", list(ids.categories)).execute(),
    db.selectFrom("reports").select(["id", "version"]).where("deliberation_id", "=", deliberationId).where("id", "in", list(ids.reports)).execute(),
  ]);
  const proposalIds = [...new Set([...ids.proposals, ...comments.map((c) => c.proposal_id)])];
  const titles = await db
    .selectFrom("proposal_versions as v")
    .innerJoin("proposals as p", "p.id", "v.proposal_id")
    .select(["v.proposal_id", "v.title", "v.version_number"])
    .where("p.deliberation_id", "=", deliberationId)
    .where("v.proposal_id", "in", list(proposalIds))
    .orderBy("v.version_number")
    .execute();
  return { rounds, comments, memberships, categories, reports, titles };
}

/**
 * Remove a deleted deliberation's log, in its deleting transaction: the database refuses this
 * unless the deliberation's `deleted_at` is already set (migration 20261201170000).
 */
export async function deleteActionLogOfDeletedDeliberation(db: Executor, deliberationId: string): Promise<void> {
  await db.deleteFrom("action_log").where("deliberation_id", "=", deliberationId).execute();
}

/** Entries of the given kinds up to a moment, oldest first, without actors (for the report's methodology). */
export async function listEntriesForReport(db: Executor, deliberationId: string, kinds: readonly ActionKind[], until: string) {
  return db
    .selectFrom("action_log")
    .select(["kind", "subject_id", "before", "after", "at"])
    .where("deliberation_id", "=", deliberationId)
    .where("kind", "in", [...kinds])
    .where("at", "<=", until)
    .orderBy("at")
    .orderBy("id")
    .execute();
}
