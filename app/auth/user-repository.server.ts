import type { Executor } from "../../db/connection";
import { isLanguage, type Language } from "../i18n/languages";
import { newId } from "./crypto.server";

export interface UserRecord {
  id: string;
  email: string | null;
  displayName: string;
  hasPassword: boolean;
  /** the interface language they chose; null: their browser's decides */
  language: Language | null;
}

function toUserRecord(row: { id: string; email: string | null; display_name: string; password_hash: string | null; language: string | null }): UserRecord {
  return { id: row.id, email: row.email, displayName: row.display_name, hasPassword: row.password_hash !== null, language: isLanguage(row.language) ? row.language : null };
}

export async function findUserByEmail(db: Executor, email: string) {
  return db
    .selectFrom("users")
    .select(["id", "email", "password_hash", "display_name"])
    .where("email", "=", email)
    .executeTakeFirst();
}

export async function findUserById(db: Executor, id: string): Promise<UserRecord | undefined> {
  const row = await db.selectFrom("users").select(["id", "email", "display_name", "password_hash", "language"]).where("id", "=", id).executeTakeFirst();
  return row ? toUserRecord(row) : undefined;
}

export async function insertUser(
  db: Executor,
  input: { email: string | null; passwordHash: string | null; displayName: string },
): Promise<string> {
  const id = newId();
  await db
    .insertInto("users")
    .values({
      id,
      email: input.email,
      password_hash: input.passwordHash,
      display_name: input.displayName,
      created_at: new Date().toISOString(),
    })
    .execute();
  return id;
}

export async function insertSession(db: Executor, input: { idHash: string; userId: string; expiresAt: Date; returnLinkId?: string | null }) {
  await db
    .insertInto("sessions")
    .values({
      id: input.idHash,
      user_id: input.userId,
      created_at: new Date().toISOString(),
      expires_at: input.expiresAt.toISOString(),
      revoked_at: null,
      return_link_id: input.returnLinkId ?? null,
    })
    .execute();
}

/**
 * Start a session opened with a return link, in one statement that inserts only while the link is
 * live and its membership not removed: a revocation racing the sign-in cannot leave a live session.
 */
export async function insertSessionIfReturnLinkLive(db: Executor, input: { idHash: string; userId: string; expiresAt: Date; returnLinkId: string }): Promise<boolean> {
  const now = new Date().toISOString();
  const r = await db
    .insertInto("sessions")
    .columns(["id", "user_id", "created_at", "expires_at", "revoked_at", "return_link_id"])
    .expression((eb) =>
      eb
        .selectFrom("return_links")
        .innerJoin("memberships", "memberships.id", "return_links.membership_id")
        .select([
          eb.val(input.idHash).as("id"),
          "memberships.user_id",
          eb.val(now).as("created_at"),
          eb.val(input.expiresAt.toISOString()).as("expires_at"),
          eb.val(null).as("revoked_at"),
          "return_links.id as return_link_id",
        ])
        .where("return_links.id", "=", input.returnLinkId)
        .where("return_links.revoked_at", "is", null)
        .where("memberships.user_id", "=", input.userId)
        .where("memberships.removed_at", "is", null),
    )
    .executeTakeFirst();
  return Number(r.numInsertedOrUpdatedRows ?? 0) === 1;
}

/** The user behind a live (unexpired, unrevoked) session, or undefined. */
export async function findUserBySession(db: Executor, idHash: string): Promise<UserRecord | undefined> {
  const row = await db
    .selectFrom("sessions")
    .innerJoin("users", "users.id", "sessions.user_id")
    .select(["users.id", "users.email", "users.display_name", "users.password_hash", "users.language"])
    .where("sessions.id", "=", idHash)
    .where("sessions.revoked_at", "is", null)
    .where("sessions.expires_at", ">", new Date().toISOString())
    .executeTakeFirst();
  return row ? toUserRecord(row) : undefined;
}

/** End one session; returns its id when it was live until now. */
export async function revokeSession(db: Executor, idHash: string): Promise<string[]> {
  const rows = await db
    .updateTable("sessions")
    .set({ revoked_at: new Date().toISOString() })
    .where("id", "=", idHash)
    .where("revoked_at", "is", null)
    .returning("id")
    .execute();
  return rows.map((r) => r.id);
}

/** End every live session opened with one of these return links, except (optionally) the caller's own; returns their ids. */
export async function revokeSessionsOfReturnLinks(db: Executor, returnLinkIds: readonly string[], exceptIdHash: string | null = null): Promise<string[]> {
  if (returnLinkIds.length === 0) return [];
  let q = db
    .updateTable("sessions")
    .set({ revoked_at: new Date().toISOString() })
    .where("return_link_id", "in", returnLinkIds)
    .where("revoked_at", "is", null);
  if (exceptIdHash) q = q.where("id", "!=", exceptIdHash);
  return (await q.returning("id").execute()).map((r) => r.id);
}

/** Tie a session to another return link (the caller's own session, when they replace their link). */
export async function moveSessionToReturnLink(db: Executor, idHash: string, fromLinkIds: readonly string[], toLinkId: string) {
  if (fromLinkIds.length === 0) return;
  await db.updateTable("sessions").set({ return_link_id: toLinkId }).where("id", "=", idHash).where("return_link_id", "in", fromLinkIds).execute();
}

/** A person's live (unexpired, unrevoked) sessions, newest first. */
export async function listLiveSessionsOfUser(db: Executor, userId: string) {
  return db
    .selectFrom("sessions")
    .select(["id", "created_at", "expires_at"])
    .where("user_id", "=", userId)
    .where("revoked_at", "is", null)
    .where("expires_at", ">", new Date().toISOString())
    .orderBy("created_at", "desc")
    .execute();
}

/** End every live session of a person, except (optionally) one; returns the ids of those that ended. */
export async function revokeSessionsOfUser(db: Executor, userId: string, exceptIdHash: string | null = null): Promise<string[]> {
  let q = db.updateTable("sessions").set({ revoked_at: new Date().toISOString() }).where("user_id", "=", userId).where("revoked_at", "is", null);
  if (exceptIdHash) q = q.where("id", "!=", exceptIdHash);
  return (await q.returning("id").execute()).map((r) => r.id);
}

/** Is this session live (unrevoked, unexpired) and the session of the member `membershipId`? */
export async function isLiveSessionOfMember(db: Executor, idHash: string, membershipId: string): Promise<boolean> {
  const row = await db
    .selectFrom("sessions")
    .innerJoin("memberships", "memberships.user_id", "sessions.user_id")
    .select("sessions.id")
    .where("sessions.id", "=", idHash)
    .where("memberships.id", "=", membershipId)
    .where("sessions.revoked_at", "is", null)
    .where("sessions.expires_at", ">", new Date().toISOString())
    .executeTakeFirst();
  return row !== undefined;
}

/** Saves (or, with null, forgets) the interface language a person chose. */
export async function updateUserLanguage(db: Executor, userId: string, language: Language | null): Promise<void> {
  await db.updateTable("users").set({ language }).where("id", "=", userId).execute();
}

/** The saved interface language of each of these people (absent: none saved). */
export async function findUserLanguages(db: Executor, userIds: readonly string[]): Promise<Map<string, Language>> {
  const out = new Map<string, Language>();
  if (userIds.length === 0) return out;
  const rows = await db.selectFrom("users").select(["id", "language"]).where("id", "in", [...userIds]).where("language", "is not", null).execute();
  for (const row of rows) if (isLanguage(row.language)) out.set(row.id, row.language);
  return out;
}
