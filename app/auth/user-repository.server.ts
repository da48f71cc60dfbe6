import type { Executor } from "../../db/connection";
import { newId } from "./crypto.server";

export interface UserRecord {
  id: string;
  email: string | null;
  displayName: string;
  hasPassword: boolean;
}

export async function findUserByEmail(db: Executor, email: string) {
  return db
    .selectFrom("users")
    .select(["id", "email", "password_hash", "display_name"])
    .where("email", "=", email)
    .executeTakeFirst();
}

export async function findUserById(db: Executor, id: string): Promise<UserRecord | undefined> {
  const row = await db.selectFrom("users").select(["id", "email", "display_name", "password_hash"]).where("id", "=", id).executeTakeFirst();
  if (!row) return undefined;
  return { id: row.id, email: row.email, displayName: row.display_name, hasPassword: row.password_hash !== null };
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

export async function insertSession(db: Executor, input: { idHash: string; userId: string; expiresAt: Date }) {
  await db
    .insertInto("sessions")
    .values({
      id: input.idHash,
      user_id: input.userId,
      created_at: new Date().toISOString(),
      expires_at: input.expiresAt.toISOString(),
      revoked_at: null,
    })
    .execute();
}

/** The user behind a live (unexpired, unrevoked) session, or undefined. */
export async function findUserBySession(db: Executor, idHash: string): Promise<UserRecord | undefined> {
  const row = await db
    .selectFrom("sessions")
    .innerJoin("users", "users.id", "sessions.user_id")
    .select(["users.id", "users.email", "users.display_name", "users.password_hash"])
    .where("sessions.id", "=", idHash)
    .where("sessions.revoked_at", "is", null)
    .where("sessions.expires_at", ">", new Date().toISOString())
    .executeTakeFirst();
  if (!row) return undefined;
  return { id: row.id, email: row.email, displayName: row.display_name, hasPassword: row.password_hash !== null };
}

export async function revokeSession(db: Executor, idHash: string) {
  await db
    .updateTable("sessions")
    .set({ revoked_at: new Date().toISOString() })
    .where("id", "=", idHash)
    .where("revoked_at", "is", null)
    .execute();
}
