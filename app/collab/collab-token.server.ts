import { createHmac } from "node:crypto";
import { safeEqual } from "../auth/crypto.server";
import { getEnv } from "../env.server";

/**
 * A short-lived signed token for the WebSocket: issued by the proposal page's loader to a member
 * under their session, verified when the socket authenticates — where the membership and the
 * session are re-checked in the database, so the token dies with the session (log out, sign out
 * everywhere, a revoked return link) however long it still had to run.
 */
const TTL_MS = 12 * 60 * 60 * 1000;

export interface CollabTokenClaims {
  membershipId: string;
  /** the id (SHA-256) of the session the page was loaded under */
  sessionId: string;
}

function sign(payload: string): string {
  return createHmac("sha256", `collab:${getEnv().SESSION_SECRET}`).update(payload).digest("base64url");
}

export function issueCollabToken(membershipId: string, sessionId: string, now = Date.now()): string {
  const payload = Buffer.from(JSON.stringify({ m: membershipId, s: sessionId, exp: now + TTL_MS })).toString("base64url");
  return `${payload}.${sign(payload)}`;
}

/** The claims of a valid, unexpired token, or null. */
export function verifyCollabToken(token: string, now = Date.now()): CollabTokenClaims | null {
  if (typeof token !== "string" || token.length > 500) return null;
  const [payload, signature] = token.split(".");
  if (!payload || !signature || !safeEqual(sign(payload), signature)) return null;
  try {
    const data = JSON.parse(Buffer.from(payload, "base64url").toString()) as { m?: unknown; s?: unknown; exp?: unknown };
    if (typeof data.m !== "string" || typeof data.s !== "string" || typeof data.exp !== "number" || data.exp < now) return null;
    return { membershipId: data.m, sessionId: data.s };
  } catch {
    return null;
  }
}
