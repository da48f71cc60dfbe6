import { Link, useActionData, useFetcher, useSearchParams } from "@remix-run/react";
import type { DiscussionDone, DiscussionView } from "~/collab/discussion-service.server";
import { useEffect, useRef, useState, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { useFormat } from "~/i18n/format";
import { COMMENT_LIMITS, discussionFormKey, isDiscussionIntent, type DiscussionIntent } from "~/collab/comment-schemas";
import { STANCES, type LiveComment } from "~/collab/document-names";
import { useLiveComments, type LiveStatus } from "~/collab/use-live-comments";
import { SUBMISSION_ID_FIELD } from "~/forms/submission-id";
import type { RefusedForm } from "~/refusal";
import { FormErrors, SelectField, TextArea, TextField } from "~/ui/fields";

/** What the proposal page's action answers a discussion form with: done, or refused next to the form. */
export type DiscussionActionData = DiscussionDone | RefusedForm;

const isRefused = (d: DiscussionActionData | undefined): d is RefusedForm => d !== undefined && "refused" in d;

/** The comment form's next submission id an answer brings (a refusal brings one in its kept values). */
function nextSubmissionId(d: DiscussionActionData | undefined): string | undefined {
  if (!d) return undefined;
  return isRefused(d) ? str(d.values[SUBMISSION_ID_FIELD]) : d.submissionId;
}

export type DiscussionProps = DiscussionView & { deliberationId: string; proposalId: string };

/** True once React runs in the browser: forms then ask for a JSON answer instead of a redirect. */
function useHydrated(): boolean {
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => setHydrated(true), []);
  return hydrated;
}

/**
 * A discussion form: a fetcher (the page URL does not change) that also works without
 * JavaScript, when it submits as a plain form and the action redirects back to the page.
 */
function DiscussionForm({ intent, commentId, submissionId, className, onDone, children }: { intent: DiscussionIntent; commentId?: string; submissionId?: string; className?: string; onDone?: () => void; children: (state: { busy: boolean; result: DiscussionActionData | undefined }) => ReactNode }) {
  const fetcher = useFetcher<DiscussionActionData>();
  const actionData = useActionData<DiscussionActionData>();
  const hydrated = useHydrated();
  const ref = useRef<HTMLFormElement>(null);
  // Without JavaScript a refused form comes back as the page's action data.
  const fromPage = isRefused(actionData) && actionData.form === discussionFormKey(intent, commentId) ? actionData : undefined;
  const result = fetcher.data ?? fromPage;
  const busy = fetcher.state !== "idle";
  // The newest submission id an answer brought wins over the page's: the one just sent may be used
  // up, and an answer without one must not bring back an older id.
  const [issued, setIssued] = useState<string | undefined>(undefined);
  const answered = nextSubmissionId(result);
  if (answered && answered !== issued) setIssued(answered);
  const currentSubmissionId = answered ?? issued ?? submissionId;
  const onDoneRef = useRef(onDone);
  onDoneRef.current = onDone;
  useEffect(() => {
    if (fetcher.state === "idle" && fetcher.data && !isRefused(fetcher.data)) {
      ref.current?.reset();
      onDoneRef.current?.();
    }
  }, [fetcher.state, fetcher.data]);
  return (
    <fetcher.Form method="post" ref={ref} className={className} noValidate>
      <input type="hidden" name="intent" value={intent} />
      {commentId ? <input type="hidden" name="commentId" value={commentId} /> : null}
      {currentSubmissionId ? <input type="hidden" name={SUBMISSION_ID_FIELD} value={currentSubmissionId} /> : null}
      {hydrated ? <input type="hidden" name="js" value="1" /> : null}
      {isRefused(result) && Object.keys(result.errors).length === 0 ? <p className="field-error" role="alert">{result.message}</p> : null}
      {children({ busy, result })}
    </fetcher.Form>
  );
}

function AuthorLabel({ author }: { author: LiveComment["author"] }) {
  if (!author.name && !author.group) return null;
  const label = author.name && author.group ? `${author.name} (${author.group})` : (author.name ?? author.group ?? "");
  return <span className="comment-author">{label}</span>;
}

const str = (v: string | string[] | undefined) => (typeof v === "string" ? v : undefined);

export function Discussion(props: DiscussionProps) {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const actionData = useActionData<DiscussionActionData>();
  const { comments, status } = useLiveComments(props.proposalId, props.token, props.comments);
  // "New" marks what arrived before this visit; kept for as long as the page is open.
  const [lastSeenAt] = useState(props.lastSeenAt);
  const [unread] = useState(props.unread);
  const [now, setNow] = useState(props.now);
  useEffect(() => {
    setNow(Date.now());
    const timer = setInterval(() => setNow(Date.now()), 30_000);
    return () => clearInterval(timer);
  }, []);
  // Clicking "Reply" moves the focus into the form, to the words.
  const replyId = props.replyTo?.id ?? null;
  const firstReply = useRef(true);
  useEffect(() => {
    if (firstReply.current) {
      firstReply.current = false;
      return;
    }
    if (replyId) document.querySelector<HTMLTextAreaElement>("#comment-form textarea")?.focus();
  }, [replyId]);
  const mine = new Set(props.mine);
  const top = comments.filter((c) => c.parentId === null || !comments.some((p) => p.id === c.parentId));
  const replies = (id: string) => comments.filter((c) => c.parentId === id);
  const done = params.get("done");
  const base = `/d/${props.deliberationId}/proposals/${props.proposalId}`;
  const itemProps = { base, now, mine, lastSeenAt, editWindowMs: props.editWindowMs, canComment: props.canComment, canModerate: props.canModerate };

  return (
    <section id="discussion" aria-labelledby="discussion-title" className="discussion">
      <h3 id="discussion-title">{t("discussion.title", { count: comments.filter((c) => !c.deleted && !c.hidden).length })}</h3>
      {isDiscussionIntent(done) && !actionData ? <p className="notice ok" role="status">{t(`discussion.done.${done}`)}</p> : null}
      {unread > 0 ? (
        <p className="notice" data-testid="unread">{lastSeenAt ? t("discussion.unreadSinceLastVisit", { count: unread }) : t("discussion.unreadFirstVisit", { count: unread })}</p>
      ) : null}
      <LiveStatusLine status={status} />
      {comments.length === 0 ? (
        <p className="muted">{t("discussion.empty")}</p>
      ) : (
        <ol className="comment-list">
          {top.map((c) => (
            <CommentItem key={c.id} comment={c} {...itemProps}>
              {replies(c.id).length > 0 ? (
                <ol className="comment-list replies" aria-label={t("discussion.repliesTo", { count: replies(c.id).length })}>
                  {replies(c.id).map((r) => (
                    <CommentItem key={r.id} comment={r} {...itemProps} />
                  ))}
                </ol>
              ) : null}
            </CommentItem>
          ))}
        </ol>
      )}

      {props.canComment ? (
        <section id="comment-form" aria-labelledby="comment-form-title" className="card" tabIndex={-1}>
          <h4 id="comment-form-title">{props.replyTo ? t("discussion.replyTitle") : t("discussion.formTitle")}</h4>
          {props.replyTo ? (
            <p className="muted">
              {t("discussion.replyingTo")} <AuthorLabel author={props.replyTo.author} /> “{props.replyTo.excerpt}”{" "}
              <Link to={`${base}#comment-form`}>{t("discussion.cancelReply")}</Link>
            </p>
          ) : null}
          <DiscussionForm
            intent="comment"
            submissionId={props.submissionId}
            onDone={() => {
              if (params.has("reply")) setParams((p) => { p.delete("reply"); return p; }, { replace: true, preventScrollReset: true });
            }}
          >
            {({ busy, result }) => {
              const errors = isRefused(result) ? result.errors : {};
              const values = isRefused(result) ? result.values : {};
              return (
                <>
                  {props.replyTo ? <input type="hidden" name="parentId" value={props.replyTo.id} /> : null}
                  <FormErrors errors={errors[SUBMISSION_ID_FIELD] ?? (Object.keys(errors).length ? [t("validation.fixBelow")] : undefined)} />
                  <SelectField name="stance" label={t("discussion.stanceLabel")} placeholder={t("proposalForm.choose")} defaultValue={str(values.stance)} options={STANCES.map((s) => ({ value: s, label: t(`discussion.stance.${s}`) }))} errors={errors.stance} required />
                  <TextArea name="body" label={t("discussion.bodyLabel")} hint={t("discussion.bodyHint", { max: COMMENT_LIMITS.body })} maxLength={COMMENT_LIMITS.body} rows={4} defaultValue={str(values.body)} errors={errors.body} required />
                  <TextField name="anchor" label={t("discussion.anchorLabel")} hint={t("discussion.anchorHint")} maxLength={COMMENT_LIMITS.anchor} defaultValue={str(values.anchor)} errors={errors.anchor} />
                  <button type="submit" disabled={busy}>{busy ? t("discussion.posting") : props.replyTo ? t("discussion.postReply") : t("discussion.post")}</button>
                  {result && !isRefused(result) && !busy ? <p className="muted" role="status">{t("discussion.done.comment")}</p> : null}
                </>
              );
            }}
          </DiscussionForm>
        </section>
      ) : props.cannotCommentReason ? (
        <p className="muted" id="comment-form">{props.cannotCommentReason}</p>
      ) : null}
    </section>
  );
}

function LiveStatusLine({ status }: { status: LiveStatus }) {
  const { t } = useTranslation();
  if (status === "live") return <p className="muted live-status" role="status">{t("discussion.live.on")}</p>;
  if (status === "unavailable") return <p className="muted live-status" role="status">{t("discussion.live.unavailable")}</p>;
  return null;
}

interface ItemProps {
  base: string;
  comment: LiveComment;
  now: number;
  mine: Set<string>;
  lastSeenAt: string | null;
  editWindowMs: number;
  canComment: boolean;
  canModerate: boolean;
  children?: ReactNode;
}

function CommentItem({ base, comment: c, now, mine, lastSeenAt, editWindowMs, canComment, canModerate, children }: ItemProps) {
  const { t } = useTranslation();
  const f = useFormat();
  const own = mine.has(c.id);
  const gone = c.deleted || c.hidden;
  const canChange = own && canComment && !gone && now - Date.parse(c.createdAt) <= editWindowMs;
  const isNew = !own && !gone && lastSeenAt !== null && c.createdAt > lastSeenAt;
  const headingId = `comment-${c.id}-meta`;
  return (
    <li id={`comment-${c.id}`} className="comment">
      <article aria-labelledby={headingId}>
        <p className="comment-meta" id={headingId}>
          <span className={`badge stance-${c.stance}`}>{t(`discussion.stance.${c.stance}`)}</span>
          <AuthorLabel author={c.author} />
          {own ? <span className="badge">{t("discussion.yours")}</span> : null}
          <time dateTime={c.createdAt} className="muted">{f.utcDateTime(c.createdAt)}</time>
          {c.editedAt && !gone ? <span className="muted">{t("discussion.edited")}</span> : null}
          {isNew ? <span className="badge new">{t("discussion.new")}</span> : null}
        </p>
        {c.hidden ? (
          <p className="comment-gone">{c.hiddenReason ? t("discussion.hiddenBy", { reason: c.hiddenReason }) : t("discussion.hiddenNoReason")}</p>
        ) : c.deleted ? (
          <p className="comment-gone">{t("discussion.deleted")}</p>
        ) : (
          <>
            {c.anchor ? (
              <blockquote className="comment-anchor">
                <span className="sr-only">{t("discussion.quoted")} </span>
                {c.anchor}
              </blockquote>
            ) : null}
            <p className="comment-body" dir="auto">{c.body}</p>
          </>
        )}
        <div className="comment-actions">
          {canComment && !gone ? (
            <Link to={`${base}?reply=${encodeURIComponent(c.parentId ?? c.id)}#comment-form`}>{t("discussion.reply")}</Link>
          ) : null}
          {canChange ? (
            <>
              {/* a new wording remounts the form: closed, with the new words as its default */}
              <details key={c.editedAt ?? c.createdAt}>
                <summary>{t("discussion.edit")}</summary>
                <DiscussionForm intent="edit-comment" commentId={c.id}>
                  {({ busy, result }) => (
                    <>
                      <TextArea name="body" label={t("discussion.editLabel")} maxLength={COMMENT_LIMITS.body} rows={4} defaultValue={(isRefused(result) ? str(result.values.body) : undefined) ?? c.body} errors={isRefused(result) ? result.errors.body : undefined} required />
                      <button type="submit" disabled={busy}>{t("discussion.save")}</button>
                    </>
                  )}
                </DiscussionForm>
              </details>
              <details>
                <summary>{t("discussion.delete")}</summary>
                <DiscussionForm intent="delete-comment" commentId={c.id}>
                  {({ busy }) => (
                    <button type="submit" className="danger" disabled={busy}>{t("discussion.confirmDelete")}</button>
                  )}
                </DiscussionForm>
              </details>
            </>
          ) : null}
          {canModerate && c.hidden ? (
            <DiscussionForm intent="restore-comment" commentId={c.id} className="inline">
              {({ busy }) => <button type="submit" className="secondary" disabled={busy}>{t("discussion.restore")}</button>}
            </DiscussionForm>
          ) : null}
          {canModerate && !gone ? (
            <details>
              <summary>{t("discussion.hide")}</summary>
              <DiscussionForm intent="hide-comment" commentId={c.id}>
                {({ busy, result }) => (
                  <>
                    <TextField name="reason" label={t("discussion.hideReason")} hint={t("discussion.hideReasonHint")} maxLength={COMMENT_LIMITS.reason} defaultValue={isRefused(result) ? str(result.values.reason) : undefined} errors={isRefused(result) ? result.errors.reason : undefined} required />
                    <button type="submit" className="danger" disabled={busy}>{t("discussion.confirmHide")}</button>
                  </>
                )}
              </DiscussionForm>
            </details>
          ) : null}
        </div>
      </article>
      {children}
    </li>
  );
}
