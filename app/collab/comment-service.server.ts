/**
 * Comment threads on proposals. SQL is the source of truth: every change is validated and
 * stored here first, and only after the transaction commits is it published ("comment-changed");
 * the collab server applies it to the live Yjs comments document (which clients can only read)
 * before the publication settles. The author is always the signed-in member.
 */
import type { z } from "zod";
import type { Executor } from "../../db/connection";
import { newId } from "../auth/crypto.server";
import { toRoundView, type MemberContext } from "../deliberation/access.server";
import { findProposal, findLatestVersion } from "../deliberation/proposal-repository.server";
import { assertActiveProposal, requirePhase } from "../deliberation/proposal-service.server";
import { findLatestRound } from "../deliberation/round-repository.server";
import { recordAction } from "../deliberation/action-log-service.server";
import { SUBMISSION_ID_FIELD } from "../forms/submission-id";
import { echoValues, toFieldErrors } from "../forms/validation";
import { t } from "../i18n/i18n";
import { assertAllowed, assertFound, assertNoConflict, assertValid, refuse, refuseFields } from "../refusal";
import * as repo from "./comment-repository.server";
import { CommentSchema, COMMENTS_PER_MINUTE, EDIT_WINDOW_MS, EditCommentSchema, HideCommentSchema } from "./comment-schemas";
import type { LiveComment } from "./document-names";

export { EDIT_WINDOW_MS };

/** Loose form input: whatever arrived is validated here, after the access checks. */
export type CommentFields = { stance?: unknown; body?: unknown; anchor?: unknown; parentId?: unknown; submissionId?: unknown };

/** The input as `schema` reads it; refused (400) with every field's message and what the person typed. */
function validate<S extends z.ZodTypeAny>(schema: S, input: Record<string, unknown>): z.output<S> {
  const r = schema.safeParse(input);
  if (r.success) return r.data;
  return refuseFields(toFieldErrors(r.error, t), echoValues(input));
}

/** The proposal must belong to the caller's deliberation: anything else is "not found". */
async function requireProposal(db: Executor, ctx: MemberContext, proposalId: string) {
  const proposal = typeof proposalId === "string" && proposalId.length <= 40 ? await findProposal(db, ctx.deliberation.id, proposalId) : undefined;
  assertFound(proposal, "errors.proposalNotFound");
  return proposal;
}

function requireWriter(ctx: MemberContext) {
  assertAllowed(ctx.membership.role !== "observer", "errors.observersReadOnly");
}

/** The phase check against the round as it is now in the database, not as the request saw it. */
async function requireCommentPhase(db: Executor, ctx: MemberContext) {
  const round = await findLatestRound(db, ctx.deliberation.id);
  requirePhase({ ...ctx, round: round ? toRoundView(round) : null }, "comment");
}

/** A comment of the caller's deliberation: anything else is "not found". */
async function requireComment(db: Executor, ctx: MemberContext, commentId: string) {
  const comment = typeof commentId === "string" && commentId.length <= 40 ? await repo.findComment(db, ctx.deliberation.id, commentId) : undefined;
  assertFound(comment, "discussion.errors.commentNotFound");
  return comment;
}

/** Own comment, still within the edit window, neither deleted nor hidden. */
function requireOwnEditable(ctx: MemberContext, comment: { membership_id: string; created_at: string; deleted_at: string | null; hidden_at: string | null }, now: number) {
  assertAllowed(comment.membership_id === ctx.membership.id, "discussion.errors.notYours");
  assertNoConflict(comment.deleted_at === null, "discussion.errors.alreadyDeleted");
  assertNoConflict(comment.hidden_at === null, "discussion.errors.hiddenCannotChange");
  assertAllowed(now - Date.parse(comment.created_at) <= EDIT_WINDOW_MS, "discussion.errors.editWindowPassed", { params: { minutes: EDIT_WINDOW_MS / 60_000 } });
}

/** Whitespace-insensitive containment: a quoted passage may wrap differently than the statement. */
function quotes(statement: string, anchor: string): boolean {
  const norm = (s: string) => s.replace(/\s+/g, " ").trim();
  return norm(statement).includes(norm(anchor));
}

/**
 * After the commit: tell the live layer, and wait for it, so that the answer to the request
 * follows the comment's arrival in the live document. Never fails the request: a subscriber's
 * failure is logged by the bus (the live document is rebuilt from SQL when it next loads).
 */
async function goLive(ctx: MemberContext, proposalId: string, commentId: string): Promise<LiveComment> {
  const comment = await repo.findLiveComment(ctx.app.db, commentId);
  if (!comment) throw new Error(`comment ${commentId} vanished after commit`);
  await ctx.app.events.publish({ type: "comment-changed", deliberationId: ctx.deliberation.id, proposalId, commentId });
  return comment;
}

/**
 * Post a comment (or a reply) on a proposal of the caller's deliberation. Refused: 404 for a
 * proposal elsewhere, 403 for observers, 409 outside the discussing phase or on an inactive
 * proposal, 400 for an unknown parent, 429 beyond COMMENTS_PER_MINUTE; 400 with field errors
 * for the stance, the body and an anchor that does not quote the current statement.
 * The same submission id sent again by the same member returns the comment it first stored
 * (nothing stored, nothing sent live again); with other words it is refused, nothing stored.
 */
export async function postComment(ctx: MemberContext, proposalId: string, input: CommentFields): Promise<LiveComment> {
  const db = ctx.app.db;
  const proposal = await requireProposal(db, ctx, proposalId);
  requireWriter(ctx);
  await requireCommentPhase(db, ctx);
  assertActiveProposal(proposal);
  const { stance, body, anchor, parentId, submissionId } = validate(CommentSchema, input);

  const id = newId();
  const outcome = await db.transaction().execute(async (tx): Promise<{ storedId: string; repeat: boolean }> => {
    await requireCommentPhase(tx, ctx);
    let parent: string | null = null;
    if (parentId !== null) {
      const p = await repo.findComment(tx, ctx.deliberation.id, parentId);
      assertValid(p?.proposal_id === proposal.id, "discussion.errors.unknownParent");
      // Replies nest one level: a reply to a reply joins the thread of its top comment.
      parent = p.parent_id ?? p.id;
    }
    if (anchor !== null) {
      const latest = await findLatestVersion(tx, proposal.id);
      if (!latest || !quotes(latest.statement, anchor)) refuseFields({ anchor: [t("discussion.errors.anchorNotInStatement")] }, echoValues(input));
    }
    const now = ctx.app.clock.now().getTime();
    const row = { proposal_id: proposal.id, parent_id: parent, anchor, stance, body };
    const inserted = await repo.insertComment(tx, {
      id,
      deliberation_id: ctx.deliberation.id,
      membership_id: ctx.membership.id,
      ...row,
      created_at: new Date(now).toISOString(),
      submission_id: submissionId,
    });
    if (!inserted) {
      // A repeat of a submission this member already stored: the first one wins.
      const first = submissionId === null ? undefined : await repo.findCommentBySubmission(tx, ctx.membership.id, submissionId);
      if (!first) throw new Error("a comment's submission id conflicted but its comment is not there");
      // the submission id was used for other words (a form restored from history): nothing stored
      if (!sameFields(first, row)) refuseFields({ [SUBMISSION_ID_FIELD]: [t("validation.alreadySent")] }, echoValues(input));
      return { storedId: first.id, repeat: true };
    }
    // counted after the insert, inside the transaction: a refusal (thrown) rolls the insert back
    const recent = await repo.countCommentsSince(tx, ctx.membership.id, new Date(now - 60_000).toISOString());
    if (recent > COMMENTS_PER_MINUTE) refuse(429, "discussion.errors.rateLimited", { params: { count: COMMENTS_PER_MINUTE } });
    return { storedId: id, repeat: false };
  });
  if (outcome.repeat) {
    const comment = await repo.findLiveComment(db, outcome.storedId);
    if (!comment) throw new Error(`comment ${outcome.storedId} vanished`);
    return comment;
  }
  return goLive(ctx, proposal.id, id);
}

function sameFields<T extends Record<string, unknown>>(stored: T, sent: T): boolean {
  return Object.keys(sent).every((k) => stored[k] === sent[k]);
}

/** Change the words of one's own comment within EDIT_WINDOW_MS of posting (discussing phase only). */
export async function editComment(ctx: MemberContext, commentId: string, input: { body?: unknown }): Promise<LiveComment> {
  const db = ctx.app.db;
  requireWriter(ctx);
  const comment = await requireComment(db, ctx, commentId);
  requireOwnEditable(ctx, comment, ctx.app.clock.now().getTime());
  await requireCommentPhase(db, ctx);
  const { body } = validate(EditCommentSchema, { commentId, body: input.body });
  const changed = await repo.updateCommentBody(db, comment.id, ctx.membership.id, body, ctx.app.clock.now().toISOString());
  assertNoConflict(changed, "discussion.errors.alreadyDeleted");
  return goLive(ctx, comment.proposal_id, comment.id);
}

/** Delete one's own comment within EDIT_WINDOW_MS: it keeps its place, marked "deleted by its author". */
export async function deleteComment(ctx: MemberContext, commentId: string): Promise<LiveComment> {
  const db = ctx.app.db;
  requireWriter(ctx);
  const comment = await requireComment(db, ctx, commentId);
  requireOwnEditable(ctx, comment, ctx.app.clock.now().getTime());
  await requireCommentPhase(db, ctx);
  const changed = await repo.markCommentDeleted(db, comment.id, ctx.membership.id, ctx.app.clock.now().toISOString());
  assertNoConflict(changed, "discussion.errors.alreadyDeleted");
  return goLive(ctx, comment.proposal_id, comment.id);
}

function requireFacilitator(ctx: MemberContext) {
  assertAllowed(ctx.membership.role === "facilitator", "errors.facilitatorsOnly");
}

/** Facilitators hide a comment in any phase; the reason (required) is shown in its place. */
export async function hideComment(ctx: MemberContext, commentId: string, reason: unknown): Promise<LiveComment> {
  const db = ctx.app.db;
  requireFacilitator(ctx);
  const comment = await requireComment(db, ctx, commentId);
  assertNoConflict(comment.deleted_at === null, "discussion.errors.alreadyDeleted");
  assertNoConflict(comment.hidden_at === null, "discussion.errors.alreadyHidden");
  const checked = validate(HideCommentSchema, { commentId, reason });
  await db.transaction().execute(async (tx) => {
    const at = ctx.app.clock.now().toISOString();
    const changed = await repo.setCommentHidden(tx, ctx.deliberation.id, comment.id, { at, reason: checked.reason, by: ctx.membership.id });
    assertNoConflict(changed, "discussion.errors.alreadyHidden");
    await recordAction(tx, ctx, { kind: "comment_hidden", subject: { type: "comment", id: comment.id }, before: { hidden: false }, after: { hidden: true, reason: checked.reason } }, at);
  });
  return goLive(ctx, comment.proposal_id, comment.id);
}

/** Facilitators show a hidden comment again. */
export async function restoreComment(ctx: MemberContext, commentId: string): Promise<LiveComment> {
  const db = ctx.app.db;
  requireFacilitator(ctx);
  const comment = await requireComment(db, ctx, commentId);
  assertNoConflict(comment.hidden_at !== null, "discussion.errors.notHidden");
  await db.transaction().execute(async (tx) => {
    const changed = await repo.setCommentHidden(tx, ctx.deliberation.id, comment.id, null);
    assertNoConflict(changed, "discussion.errors.notHidden");
    await recordAction(tx, ctx, { kind: "comment_restored", subject: { type: "comment", id: comment.id }, before: { hidden: true, reason: comment.hidden_reason }, after: { hidden: false } });
  });
  return goLive(ctx, comment.proposal_id, comment.id);
}

/** Remember that the member has now seen this proposal's discussion. */
export async function markSeen(ctx: MemberContext, proposalId: string, at = ctx.app.clock.now().toISOString()): Promise<void> {
  await requireProposal(ctx.app.db, ctx, proposalId);
  await repo.upsertCommentRead(ctx.app.db, ctx.membership.id, proposalId, at);
}

/** Visible comments by others posted since the member last saw this proposal. */
export async function unreadCount(ctx: MemberContext, proposalId: string): Promise<number> {
  const rows = await repo.countUnreadByProposal(ctx.app.db, ctx.deliberation.id, ctx.membership.id, proposalId);
  return rows[0]?.unread ?? 0;
}

/** Unread counts for every proposal of the deliberation that has any (proposal id → count). */
export async function unreadCounts(ctx: MemberContext): Promise<Record<string, number>> {
  const rows = await repo.countUnreadByProposal(ctx.app.db, ctx.deliberation.id, ctx.membership.id);
  return Object.fromEntries(rows.map((r) => [r.proposalId, r.unread]));
}

/** "Most debated": proposals by number of visible comments, with counts per stance (no authors). */
export async function mostDebated(ctx: MemberContext, limit = 10) {
  return repo.listCommentStats(ctx.app.db, ctx.deliberation.id, limit);
}
