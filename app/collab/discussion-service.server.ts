/**
 * The proposal page's discussion: what its loader shows (threads from SQL, so the page works
 * without JavaScript; unread count; the token for live updates) and what its action does.
 */
import type { MemberContext } from "../deliberation/access.server";
import { isAllowedInPhase } from "../deliberation/phase-rules";
import { newSubmissionId } from "../forms/submission-id.server";
import { SUBMISSION_ID_FIELD } from "../forms/submission-id";
import { echoValues, formValues } from "../forms/validation";
import { t, dynamicKey } from "../i18n/i18n";
import { isRefusal, refuse, type EchoedValues } from "../refusal";
import { issueCollabToken } from "./collab-token.server";
import { deleteComment, editComment, hideComment, markSeen, postComment, restoreComment, unreadCount } from "./comment-service.server";
import { listProposalComments, findLastSeen } from "./comment-repository.server";
import { discussionFormKey, EDIT_WINDOW_MS, isDiscussionIntent, type DiscussionIntent } from "./comment-schemas";
import type { LiveComment } from "./document-names";

export interface DiscussionView {
  /** top-level comments in order, each with its replies (one level) */
  comments: LiveComment[];
  /** ids of the viewer's own comments (to offer edit and delete) */
  mine: string[];
  /** when the viewer last saw this discussion before this visit (null: first visit) */
  lastSeenAt: string | null;
  unread: number;
  /** the server's clock when the page was rendered (edit windows are measured against it) */
  now: number;
  editWindowMs: number;
  canComment: boolean;
  /** why the viewer cannot comment, when they cannot */
  cannotCommentReason: string | null;
  canModerate: boolean;
  /** signed token for the read-only live connection to the comments document */
  token: string;
  /** a fresh submission id for the comment form (a repeat of a submitted form stores nothing) */
  submissionId: string;
  /** the comment being replied to (from ?reply=), if it is a comment of this proposal */
  replyTo: { id: string; excerpt: string; author: LiveComment["author"] } | null;
}

/**
 * Assemble the discussion for the proposal page, then record the visit (the unread count is
 * the one before this visit). The proposal is already checked to belong to ctx's deliberation.
 */
export async function getDiscussion(ctx: MemberContext, proposal: { id: string; status: string }, options: { sessionId: string; replyTo?: string | null }): Promise<DiscussionView> {
  const db = ctx.app.db;
  const now = Date.now();
  const [rows, unread, lastSeenAt] = await Promise.all([
    listProposalComments(db, ctx.deliberation.id, proposal.id),
    unreadCount(ctx, proposal.id),
    findLastSeen(db, ctx.membership.id, proposal.id),
  ]);
  await markSeen(ctx, proposal.id, new Date(now).toISOString());
  const phase = ctx.round?.phase ?? null;
  const role = ctx.membership.role;
  const canComment = role !== "observer" && proposal.status === "active" && isAllowedInPhase("comment", phase);
  let cannotCommentReason: string | null = null;
  if (!canComment) {
    if (role === "observer") cannotCommentReason = t("discussion.observerNote");
    else if (proposal.status !== "active") cannotCommentReason = t("discussion.inactiveNote", { status: t(dynamicKey(`status.${proposal.status}`)) });
    else cannotCommentReason = phase ? t("discussion.phaseNote", { phase: t(`phases.${phase}.name`) }) : t("discussion.noRoundNote");
  }
  const comments = rows.map((r) => r.comment);
  const reply = options.replyTo ? comments.find((c) => c.id === options.replyTo && !c.deleted && !c.hidden) : undefined;
  return {
    comments,
    mine: rows.filter((r) => r.membershipId === ctx.membership.id).map((r) => r.comment.id),
    lastSeenAt,
    unread,
    now,
    editWindowMs: EDIT_WINDOW_MS,
    canComment,
    cannotCommentReason,
    canModerate: role === "facilitator",
    token: issueCollabToken(ctx.membership.id, options.sessionId),
    submissionId: newSubmissionId(),
    replyTo: reply ? { id: reply.parentId ?? reply.id, excerpt: excerpt(reply.body), author: reply.author } : null,
  };
}

function excerpt(body: string, max = 120): string {
  const flat = body.replace(/\s+/g, " ").trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

/** A discussion form done; the comment form's answer carries the next submission id (the one it sent is used up). */
export interface DiscussionDone {
  ok: true;
  intent: DiscussionIntent;
  commentId: string;
  submissionId?: string;
}

/**
 * Run one discussion form of the proposal page. Access, phase and ownership refusals (403/404/409/429)
 * replace the page without JavaScript; invalid fields (400), and every refusal a fetcher receives
 * (`inline`), are answered next to the form that sent them, with what the person typed (and, for
 * the comment form, a fresh submission id).
 */
export async function runDiscussionAction(ctx: MemberContext, proposalId: string, form: FormData, options: { inline: boolean }): Promise<DiscussionDone> {
  const intent = form.get("intent");
  if (!isDiscussionIntent(intent)) return refuse(400, "errors.unknownIntent");
  const values = formValues(form);
  const commentId = typeof values.commentId === "string" ? values.commentId : "";
  try {
    switch (intent) {
      case "comment":
        return { ok: true, intent, commentId: (await postComment(ctx, proposalId, values)).id, submissionId: newSubmissionId() };
      case "edit-comment":
        return { ok: true, intent, commentId: (await editComment(ctx, commentId, values)).id };
      case "delete-comment":
        return { ok: true, intent, commentId: (await deleteComment(ctx, commentId)).id };
      case "hide-comment":
        return { ok: true, intent, commentId: (await hideComment(ctx, commentId, values.reason)).id };
      case "restore-comment":
        return { ok: true, intent, commentId: (await restoreComment(ctx, commentId)).id };
    }
  } catch (error) {
    if (!isRefusal(error) || !(options.inline || error.fieldErrors)) throw error;
    const next: EchoedValues = intent === "comment" ? { [SUBMISSION_ID_FIELD]: newSubmissionId() } : {};
    throw error.with({ values: { ...(error.values ?? echoValues(values)), ...next } }).inline(discussionFormKey(intent, commentId));
  }
}
