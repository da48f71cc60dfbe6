import { z } from "zod";
import { SubmissionIdSchema } from "../forms/submission-id";
import { STANCES } from "./document-names";

/** Limits of the discussion forms, shared by the forms (maxLength) and the schemas. */
export const COMMENT_LIMITS = { body: 2000, anchor: 300, reason: 500, id: 40 } as const;

/** How long after posting its author may still edit or delete a comment. */
export const EDIT_WINDOW_MS = 15 * 60 * 1000;

/** At most this many comments per member per minute. */
export const COMMENTS_PER_MINUTE = 10;

const required = { required_error: "validation.required", invalid_type_error: "validation.required" };
/** An optional text field: absent, empty or blank becomes null. */
const optional = (max: number) =>
  z
    .string()
    .nullish()
    .transform((v) => (v ?? "").trim())
    .pipe(z.string().max(max))
    .transform((v) => (v === "" ? null : v));
const commentId = z.string(required).trim().min(1).max(COMMENT_LIMITS.id);

/** The comment form (intent=comment). The author is never a field: it is the signed-in member. */
export const CommentSchema = z.object({
  stance: z.enum(STANCES, { errorMap: () => ({ message: "validation.choose" }) }),
  body: z.string(required).trim().min(1).max(COMMENT_LIMITS.body),
  anchor: optional(COMMENT_LIMITS.anchor),
  parentId: optional(COMMENT_LIMITS.id),
  submissionId: SubmissionIdSchema,
});
export type CommentInput = z.output<typeof CommentSchema>;

/** Edit one's own comment (intent=edit-comment). */
export const EditCommentSchema = z.object({
  commentId,
  body: z.string(required).trim().min(1).max(COMMENT_LIMITS.body),
});

/** Delete one's own comment, or restore a hidden one (facilitator). */
export const CommentRefSchema = z.object({ commentId });

/** Hide a comment (facilitator): the reason is shown in its place. */
export const HideCommentSchema = z.object({
  commentId,
  reason: z.string(required).trim().min(1).max(COMMENT_LIMITS.reason),
});

export const DISCUSSION_INTENTS = ["comment", "edit-comment", "delete-comment", "hide-comment", "restore-comment"] as const;
export type DiscussionIntent = (typeof DISCUSSION_INTENTS)[number];

export function isDiscussionIntent(v: unknown): v is DiscussionIntent {
  return typeof v === "string" && (DISCUSSION_INTENTS as readonly string[]).includes(v);
}

/** Which discussion form of the page a refusal answers: the intent, and the comment it acts on. */
export function discussionFormKey(intent: DiscussionIntent, commentId?: string | null): string {
  return commentId ? `${intent}:${commentId}` : intent;
}
