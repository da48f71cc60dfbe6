import type { Insertable } from "kysely";
import type { Executor } from "../../db/connection";
import type { EmailOutboxTable } from "../../db/schema";
import { liveVoter } from "../eligibility/voters.server";

export type NewOutboxEmail = Insertable<EmailOutboxTable>;

export async function insertOutboxEmails(db: Executor, rows: NewOutboxEmail[]): Promise<void> {
  if (rows.length) await db.insertInto("email_outbox").values(rows).execute();
}

/** Pending emails whose time has come, oldest first. */
export async function findDueEmails(db: Executor, now: string, limit: number) {
  return db
    .selectFrom("email_outbox")
    .selectAll()
    .where("status", "=", "pending")
    .where("next_attempt_at", "<=", now)
    .orderBy("next_attempt_at")
    .orderBy("id")
    .limit(limit)
    .execute();
}

/** When the next pending email is due (null: none waits). */
export async function nextPendingAt(db: Executor): Promise<string | null> {
  const r = await db.selectFrom("email_outbox").select((eb) => eb.fn.min("next_attempt_at").as("at")).where("status", "=", "pending").executeTakeFirst();
  return (r?.at as string | null | undefined) ?? null;
}

/**
 * Take an email for sending: moves its next attempt to `leaseUntil` only if nobody else moved it
 * since it was read, so two senders (two instances) never send it at once; a sender that dies
 * mid-send leaves it pending, due again when the lease ends.
 */
export async function claimEmail(db: Executor, id: string, seenNextAttempt: string, leaseUntil: string): Promise<boolean> {
  const r = await db
    .updateTable("email_outbox")
    .set({ next_attempt_at: leaseUntil })
    .where("id", "=", id)
    .where("status", "=", "pending")
    .where("next_attempt_at", "=", seenNextAttempt)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function markEmailSent(db: Executor, id: string, now: string, attempts: number): Promise<void> {
  await db.updateTable("email_outbox").set({ status: "sent", sent_at: now, attempts, last_error: null }).where("id", "=", id).execute();
}

export async function markEmailAttemptFailed(db: Executor, id: string, update: { attempts: number; nextAttemptAt: string; error: string; giveUp: boolean }): Promise<void> {
  await db
    .updateTable("email_outbox")
    .set({ attempts: update.attempts, next_attempt_at: update.nextAttemptAt, last_error: update.error.slice(0, 500), status: update.giveUp ? "failed" : "pending" })
    .where("id", "=", id)
    .execute();
}

/** A deliberation's outbox, newest first (facilitators only: it holds personal invitation links). */
export async function listOutboxOfDeliberation(db: Executor, deliberationId: string) {
  return db
    .selectFrom("email_outbox")
    .select(["id", "kind", "recipient", "subject", "link", "status", "attempts", "last_error", "created_at", "sent_at"])
    .where("deliberation_id", "=", deliberationId)
    .orderBy("created_at", "desc")
    .orderBy("id")
    .execute();
}

export async function countOutboxOfDeliberation(db: Executor, deliberationId: string): Promise<{ total: number; waiting: number }> {
  const rows = await db
    .selectFrom("email_outbox")
    .select(["status", (eb) => eb.fn.countAll<number>().as("n")])
    .where("deliberation_id", "=", deliberationId)
    .groupBy("status")
    .execute();
  const total = rows.reduce((sum, r) => sum + Number(r.n), 0);
  return { total, waiting: Number(rows.find((r) => r.status === "pending")?.n ?? 0) };
}

export async function insertInviteEmail(db: Executor, inviteId: string, email: string): Promise<void> {
  await db.insertInto("invite_emails").values({ invite_id: inviteId, email }).execute();
}

/** The member who joined through an emailed invitation receives notices at the address it went to. */
export async function copyInviteEmailToMember(db: Executor, inviteId: string, membershipId: string): Promise<void> {
  const sent = await db.selectFrom("invite_emails").select("email").where("invite_id", "=", inviteId).executeTakeFirst();
  if (!sent) return;
  await db
    .insertInto("member_email_settings")
    .values({ membership_id: membershipId, email: sent.email, notices_unsubscribed_at: null })
    .onConflict((oc) => oc.column("membership_id").doUpdateSet({ email: sent.email }))
    .execute();
}

export async function setNoticesUnsubscribed(db: Executor, membershipId: string, at: string): Promise<void> {
  await db
    .insertInto("member_email_settings")
    .values({ membership_id: membershipId, email: null, notices_unsubscribed_at: at })
    .onConflict((oc) => oc.column("membership_id").doUpdateSet({ notices_unsubscribed_at: at }))
    .execute();
}

/**
 * Live members of a deliberation who have an address for notices (the one their invitation went
 * to, else their account's) and have not unsubscribed; only `membershipIds` when given, only
 * `roles` when given.
 */
export async function listNoticeRecipients(db: Executor, deliberationId: string, filter: { membershipIds?: readonly string[]; roles?: readonly ("facilitator" | "participant" | "observer")[]; votersOnly?: boolean } = {}) {
  if (filter.membershipIds && filter.membershipIds.length === 0) return [];
  let q = db
    .selectFrom("memberships as m")
    .innerJoin("users as u", "u.id", "m.user_id")
    .leftJoin("member_email_settings as s", "s.membership_id", "m.id")
    .select(["m.id as membershipId", "s.email as noticeEmail", "u.email as accountEmail", "u.language"])
    .where("m.deliberation_id", "=", deliberationId)
    .where("m.removed_at", "is", null)
    .where("s.notices_unsubscribed_at", "is", null);
  if (filter.membershipIds) q = q.where("m.id", "in", [...filter.membershipIds]);
  if (filter.roles) q = q.where("m.role", "in", [...filter.roles]);
  if (filter.votersOnly) q = q.where(liveVoter("m"));
  const rows = await q.orderBy("m.created_at").orderBy("m.id").execute();
  return rows.flatMap((r) => {
    const email = r.noticeEmail ?? r.accountEmail;
    return email ? [{ membershipId: r.membershipId, email, language: r.language }] : [];
  });
}

export async function findMembershipForUnsubscribe(db: Executor, membershipId: string) {
  return db
    .selectFrom("memberships as m")
    .innerJoin("deliberations as d", "d.id", "m.deliberation_id")
    .leftJoin("member_email_settings as s", "s.membership_id", "m.id")
    .select(["m.id", "d.title", "d.deleted_at", "s.notices_unsubscribed_at"])
    .where("m.id", "=", membershipId)
    .executeTakeFirst();
}

/** What a notice names: the deliberation (none when it is deleted). */
export async function findDeliberationForNotice(db: Executor, deliberationId: string) {
  return db.selectFrom("deliberations").select(["id", "title", "archived_at", "default_language"]).where("id", "=", deliberationId).where("deleted_at", "is", null).executeTakeFirst();
}

export async function findRoundForNotice(db: Executor, roundId: string) {
  return db.selectFrom("rounds").select(["id", "number", "phase", "deliberation_id"]).where("id", "=", roundId).executeTakeFirst();
}

/** The open voting round of a deliberation, if any. */
export async function findVotingRound(db: Executor, deliberationId: string) {
  return db.selectFrom("rounds").select(["id", "number"]).where("deliberation_id", "=", deliberationId).where("phase", "=", "voting").executeTakeFirst();
}

/** Live voters of a deliberation (voters.server.ts) with no vote in `roundId`. */
export async function listNonVoters(db: Executor, deliberationId: string, roundId: string): Promise<string[]> {
  const rows = await db
    .selectFrom("memberships as m")
    .select("m.id")
    .where("m.deliberation_id", "=", deliberationId)
    .where(liveVoter("m"))
    .where(({ not, exists, selectFrom }) => not(exists(selectFrom("votes as v").select("v.id").whereRef("v.membership_id", "=", "m.id").where("v.round_id", "=", roundId))))
    .orderBy("m.created_at")
    .orderBy("m.id")
    .execute();
  return rows.map((r) => r.id);
}
