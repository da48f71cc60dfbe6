import { getDb } from "../db.server";
import { t } from "../i18n/i18n";
import { hashPassword, verifyPassword } from "./crypto.server";
import { findUserByEmail, insertUser } from "./user-repository.server";

// A fixed hash to compare against when the email is unknown, so both paths take the same time.
const DUMMY_HASH = "scrypt$16384$AAAAAAAAAAAAAAAAAAAAAA==$" + "A".repeat(86) + "==";

/**
 * Create a facilitator account. The password is hashed first, so a taken address costs the same
 * time as a new one: the sign-up page answers both alike (docs/decisions/020).
 */
export async function signUp(input: { displayName: string; email: string; password: string }): Promise<{ userId: string } | { fieldErrors: Record<string, string[]> }> {
  const passwordHash = await hashPassword(input.password);
  const existing = await findUserByEmail(getDb(), input.email);
  if (existing) return { fieldErrors: { email: [t("validation.emailTaken")] } };
  try {
    const userId = await insertUser(getDb(), { email: input.email, passwordHash, displayName: input.displayName });
    return { userId };
  } catch {
    // Lost a race with another sign-up for the same address: the unique constraint decided.
    return { fieldErrors: { email: [t("validation.emailTaken")] } };
  }
}

/** The user id for a correct email + password, or null (one message for both failures). */
export async function logIn(email: string, password: string): Promise<string | null> {
  const user = await findUserByEmail(getDb(), email);
  const ok = await verifyPassword(password, user?.password_hash ?? DUMMY_HASH);
  return ok && user?.password_hash ? user.id : null;
}
