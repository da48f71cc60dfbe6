import { isUniqueViolation } from "../../db/dialect";
import type { Executor } from "../../db/connection";
import { hashPassword, verifyPassword } from "./crypto.server";
import { findUserByEmail, insertUser } from "./user-repository.server";

// A fixed hash to compare against when the email is unknown, so both paths take the same time.
const DUMMY_HASH = "scrypt$16384$AAAAAAAAAAAAAAAAAAAAAA==$" + "A".repeat(86) + "==";

/**
 * Create a facilitator account. The password is hashed first, so a taken address costs the same
 * time as a new one: the sign-up page answers both alike (docs/decisions/020), so a taken address
 * is not a refusal: the new account's id, or null when the address is taken.
 */
export async function signUp(db: Executor, input: { displayName: string; email: string; password: string }): Promise<string | null> {
  const passwordHash = await hashPassword(input.password);
  const existing = await findUserByEmail(db, input.email);
  if (existing) return null;
  try {
    return await insertUser(db, { email: input.email, passwordHash, displayName: input.displayName });
  } catch (error) {
    // Lost a race with another sign-up for the same address: the unique constraint decided.
    if (isUniqueViolation(error)) return null;
    throw error;
  }
}

/** The user id for a correct email + password, or null (one message for both failures). */
export async function logIn(db: Executor, email: string, password: string): Promise<string | null> {
  const user = await findUserByEmail(db, email);
  const ok = await verifyPassword(password, user?.password_hash ?? DUMMY_HASH);
  return ok && user?.password_hash ? user.id : null;
}
