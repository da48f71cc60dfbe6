/**
 * Email (docs/decisions/046): every email is an outbox row first, written by the caller's
 * transaction when something else is written with it (an invitation), so a crash never loses one;
 * the sender (outbox-sender.server.ts) delivers it later, off the request. Notices carry a signed
 * one-click unsubscribe link; invitations never do.
 */
import { newId } from "../auth/crypto.server";
import type { Executor } from "../../db/connection";
import type { AppContext } from "../context/app-context.server";
import type { Env } from "../env.server";
import { dynamicKey, i18n, t } from "../i18n/i18n";
import { composeEmail, memberLanguage, type EmailKind } from "./email-messages";
import { formatDate, formatUtcDateTime } from "../i18n/format";
// every language's strings, whatever imported this module (a job, a test, the server)
import "../i18n/server-languages.server";
import type { Language } from "../i18n/languages";
import {
  copyInviteEmailToMember,
  countOutboxOfDeliberation,
  findDeliberationForNotice,
  findMembershipForUnsubscribe,
  findRoundForNotice,
  findVotingRound,
  insertInviteEmail,
  insertOutboxEmails,
  listNonVoters,
  listNoticeRecipients,
  listOutboxOfDeliberation,
  setNoticesUnsubscribed,
  type NewOutboxEmail,
} from "./email-repository.server";
import { wakeOutboxSender } from "./outbox-sender.server";
import { unsubscribeToken, verifyUnsubscribeToken } from "./unsubscribe-token.server";
import type { TFunction } from "i18next";

type Phase = "proposing" | "discussing" | "voting" | "closed";

/** Where links in emails point: the first of APP_ORIGIN, else this server on localhost. */
export function emailBaseUrl(config: Env): string {
  const first = (config.APP_ORIGIN ?? "").split(",").map((s) => s.trim()).find(Boolean);
  return (first ?? `http://localhost:${config.PORT}`).replace(/\/+$/, "");
}

function row(app: AppContext, e: { deliberationId: string; membershipId: string | null; kind: EmailKind; recipient: string; language: string; subject: string; body: string; link: string; unsubscribeUrl: string | null }): NewOutboxEmail {
  const now = app.clock.now().toISOString();
  return {
    id: newId(),
    deliberation_id: e.deliberationId,
    membership_id: e.membershipId,
    kind: e.kind,
    recipient: e.recipient,
    language: e.language,
    subject: e.subject,
    body: e.body,
    link: e.link,
    unsubscribe_url: e.unsubscribeUrl,
    status: "pending",
    attempts: 0,
    next_attempt_at: now,
    last_error: null,
    created_at: now,
    sent_at: null,
  };
}

export interface InvitationEmail {
  inviteId: string;
  email: string;
  link: string;
}

/**
 * Write the invitation emails in the caller's transaction (with their invites), and remember where
 * each went so the person who joins gets notices there. Call `wakeOutboxSender` after the commit.
 */
export async function queueInvitationEmails(
  db: Executor,
  app: AppContext,
  invitation: { deliberation: { id: string; title: string; question: string; defaultLanguage: string }; role: "facilitator" | "participant" | "observer"; expiresAt: string },
  invites: readonly InvitationEmail[],
): Promise<void> {
  const language = memberLanguage(null, invitation.deliberation.defaultLanguage);
  const t = i18n.getFixedT(language) as unknown as TFunction;
  const rows = invites.map((invite) => {
    const { subject, body } = composeEmail(
      "invitation",
      language,
      { title: invitation.deliberation.title, question: invitation.deliberation.question, role: t(`roles.${invitation.role}`), expires: formatDate(invitation.expiresAt, language), link: invite.link },
      null,
    );
    return row(app, { deliberationId: invitation.deliberation.id, membershipId: null, kind: "invitation", recipient: invite.email, language, subject, body, link: invite.link, unsubscribeUrl: null });
  });
  for (const invite of invites) await insertInviteEmail(db, invite.inviteId, invite.email);
  await insertOutboxEmails(db, rows);
}

/** In the join transaction: the new member receives notices where their invitation was emailed. */
export async function rememberInvitedAddress(db: Executor, inviteId: string, membershipId: string): Promise<void> {
  await copyInviteEmailToMember(db, inviteId, membershipId);
}

type NoticeParams = (t: TFunction, language: Language) => Record<string, string | number>;
type NoticeFilter = Parameters<typeof listNoticeRecipients>[2];

/** One notice per recipient (members with an address who did not unsubscribe), then wake the sender. */
async function queueNotices(app: AppContext, deliberationId: string, kind: Exclude<EmailKind, "invitation">, link: string, params: NoticeParams, filter: NoticeFilter): Promise<number> {
  const queued = await writeNotices(app.db, app, deliberationId, kind, link, params, filter);
  wakeOutboxSender(app);
  return queued;
}

/** The notices' outbox rows, written with `db` (the caller's transaction, if it has one). */
async function writeNotices(db: Executor, app: AppContext, deliberationId: string, kind: Exclude<EmailKind, "invitation">, link: string, params: NoticeParams, filter: NoticeFilter): Promise<number> {
  const deliberation = await findDeliberationForNotice(db, deliberationId);
  if (!deliberation || deliberation.archived_at) return 0;
  const recipients = await listNoticeRecipients(db, deliberationId, filter);
  const base = emailBaseUrl(app.config);
  const rows = recipients.map((r) => {
    const language = memberLanguage(r.language, deliberation.default_language);
    const unsubscribeUrl = `${base}/unsubscribe/${unsubscribeToken(app.config.SESSION_SECRET, r.membershipId)}`;
    const { subject, body } = composeEmail(kind, language, { title: deliberation.title, link, ...params(i18n.getFixedT(language) as unknown as TFunction, language) }, unsubscribeUrl);
    return row(app, { deliberationId, membershipId: r.membershipId, kind, recipient: r.email, language, subject, body, link, unsubscribeUrl });
  });
  await insertOutboxEmails(db, rows);
  return rows.length;
}

const NOTIFIED_ROLES = ["participant", "observer"] as const;

/** "Round N: <phase> has begun", to participants and observers (on the phase-changed event). */
export async function queuePhaseOpenNotices(app: AppContext, change: { deliberationId: string; roundId: string; phase: Phase }): Promise<number> {
  const round = await findRoundForNotice(app.db, change.roundId);
  if (!round || round.deliberation_id !== change.deliberationId) return 0;
  const base = emailBaseUrl(app.config);
  const link = change.phase === "voting" ? `${base}/d/${change.deliberationId}/vote` : change.phase === "closed" ? `${base}/d/${change.deliberationId}/results` : `${base}/d/${change.deliberationId}`;
  return queueNotices(app, change.deliberationId, "phase-open", link, (t) => ({ number: round.number, phase: t(`phases.${change.phase}.name`), what: t(dynamicKey(`phases.${change.phase}.help.participant`)) }), { roles: NOTIFIED_ROLES });
}

/**
 * "<phase> ends in 24 hours", to participants and observers. Ready for the deadlines work: its
 * `deadline-approaching` event (or its scheduler) calls this once per phase deadline.
 */
export async function queueDeadlineNotices(app: AppContext, deadline: { deliberationId: string; roundId: string; phase: Phase; endsAt: string }): Promise<number> {
  const round = await findRoundForNotice(app.db, deadline.roundId);
  if (!round || round.deliberation_id !== deadline.deliberationId || round.phase !== deadline.phase) return 0;
  const link = `${emailBaseUrl(app.config)}/d/${deadline.deliberationId}${deadline.phase === "voting" ? "/vote" : ""}`;
  return queueNotices(app, deadline.deliberationId, "deadline", link, (t, language) => ({ number: round.number, phase: t(`phases.${deadline.phase}.name`), deadline: formatUtcDateTime(deadline.endsAt, language, "medium") }), { roles: NOTIFIED_ROLES });
}

/** "Report version N is published", to every member (on the report-published event). */
export async function queueReportPublishedNotices(app: AppContext, publication: { deliberationId: string; version: number }): Promise<number> {
  const link = `${emailBaseUrl(app.config)}/d/${publication.deliberationId}/report/published/${publication.version}`;
  return queueNotices(app, publication.deliberationId, "report-published", link, () => ({ version: publication.version }), { roles: NOTIFIED_ROLES });
}

/**
 * Remind these members to vote in the open voting round: the service the participation monitor
 * calls with the people it lists. Ids that are not live participants of this deliberation, or
 * who voted meanwhile, unsubscribed or have no address, are skipped. Returns how many were queued.
 */
export async function queueVoteReminders(app: AppContext, deliberationId: string, membershipIds: readonly string[]): Promise<number> {
  const queued = await writeVoteReminders(app.db, app, deliberationId, membershipIds);
  if (queued) wakeOutboxSender(app);
  return queued?.queued ?? 0;
}

/**
 * `queueVoteReminders` in the caller's transaction `db` (which also records that it reminded):
 * null when no round is in voting. The caller wakes the sender after its commit (`wakeEmailSender`).
 */
export async function writeVoteReminders(db: Executor, app: AppContext, deliberationId: string, membershipIds: readonly string[]): Promise<{ round: { id: string; number: number }; queued: number } | null> {
  const round = await findVotingRound(db, deliberationId);
  if (!round) return null;
  if (membershipIds.length === 0) return { round, queued: 0 };
  const stillToVote = new Set(await listNonVoters(db, deliberationId, round.id));
  const ids = [...new Set(membershipIds)].filter((id) => stillToVote.has(id));
  const link = `${emailBaseUrl(app.config)}/d/${deliberationId}/vote`;
  const queued = await writeNotices(db, app, deliberationId, "reminder", link, () => ({ number: round.number }), { membershipIds: ids, votersOnly: true });
  return { round, queued };
}

/** After a commit that wrote emails: the sender delivers them now rather than at its next pass. */
export function wakeEmailSender(app: AppContext): void {
  wakeOutboxSender(app);
}

/** Who has not voted in the open voting round (null: no round is in voting). */
export async function nonVotersOfVotingRound(app: AppContext, deliberationId: string): Promise<{ roundNumber: number; membershipIds: string[] } | null> {
  const round = await findVotingRound(app.db, deliberationId);
  if (!round) return null;
  return { roundNumber: round.number, membershipIds: await listNonVoters(app.db, deliberationId, round.id) };
}

/** The members page's "remind everyone who has not voted in this round". */
export async function remindAllNonVoters(app: AppContext, deliberationId: string): Promise<number | null> {
  const open = await nonVotersOfVotingRound(app, deliberationId);
  return open ? queueVoteReminders(app, deliberationId, open.membershipIds) : null;
}

export type UnsubscribeView = { valid: false } | { valid: true; membershipId: string; title: string; unsubscribed: boolean };

/** What an unsubscribe link is for (GET shows it; only a POST acts, so a link scanner changes nothing). */
export async function readUnsubscribeLink(app: AppContext, token: string): Promise<UnsubscribeView> {
  const membershipId = verifyUnsubscribeToken(app.config.SESSION_SECRET, token);
  const found = membershipId ? await findMembershipForUnsubscribe(app.db, membershipId) : undefined;
  if (!found || found.deleted_at) return { valid: false };
  return { valid: true, membershipId: found.id, title: found.title, unsubscribed: found.notices_unsubscribed_at !== null };
}

/** One-click unsubscribe (RFC 8058): notices stop; invitations and access links are not notices. */
export async function unsubscribeFromNotices(app: AppContext, token: string): Promise<UnsubscribeView> {
  const view = await readUnsubscribeLink(app, token);
  if (view.valid && !view.unsubscribed) await setNoticesUnsubscribed(app.db, view.membershipId, app.clock.now().toISOString());
  return view.valid ? { ...view, unsubscribed: true } : view;
}

/**
 * The deliberation's outbox for its facilitators (the caller checked the role): invitation links are
 * personal. `hideReminderRecipients` (anonymous mode): who was reminded to vote is who has not voted,
 * which the facilitator may not learn there, so those rows name no one (nor their delivery error).
 */
export async function listOutboxForFacilitators(app: AppContext, deliberationId: string, options: { hideReminderRecipients?: boolean } = {}) {
  const rows = await listOutboxOfDeliberation(app.db, deliberationId);
  return rows.map((r) => {
    const hidden = options.hideReminderRecipients === true && r.kind === "reminder";
    return {
      id: r.id,
      kind: r.kind,
      recipient: hidden ? t("cockpit.outbox.hiddenRecipient") : r.recipient,
      subject: r.subject,
      link: r.link,
      status: r.status,
      attempts: r.attempts,
      lastError: hidden ? null : r.last_error,
      createdAt: r.created_at,
      sentAt: r.sent_at,
    };
  });
}

/** The members page's email facts: is SMTP set up, how many emails wait, and who has not voted in an open vote. */
export async function emailOverviewForFacilitators(app: AppContext, deliberationId: string) {
  const counts = await countOutboxOfDeliberation(app.db, deliberationId);
  const open = await nonVotersOfVotingRound(app, deliberationId);
  return { smtp: Boolean(app.config.SMTP_URL), ...counts, vote: open ? { roundNumber: open.roundNumber, notVoted: open.membershipIds.length } : null };
}
