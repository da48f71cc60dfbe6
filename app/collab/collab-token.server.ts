import { createHmac } from "node:crypto";
import { safeEqual } from "../auth/crypto.server";
import { getEnv } from "../env.server";

/**
 * A short-lived signed token for the WebSocket: issued by the proposal page's loader to a member,
 * verified (and the membership re-checked in the database) when the socket authenticates.
 */
const TTL_MS = 12 * 60 * 60 * 1000;

function sign(payload: string): string {
  return createHmac("sha256", `collab:${getEnv().SESSION_SECRET}`).update(payload).digest("base64url");
}

export function issueCollabToken(membershipId: string, now = Date.now()): string {
  const payload = Buffer.from(JSON.stringify({ m: membershipId, exp: now + TTL_MS })).toString("base64url");
  return `${payload}.${sign(payload)}`;
}

/** The membership id in a valid, unexpired token, or null. */
export function verifyCollabToken(token: string, now = Date.now()): string | null {
  if (typeof token !== "string" || token.length > 500) return null;
  const [payload, signature] = token.split(".");
  if (!payload || !signature || !safeEqual(sign(payload), signature)) return null;
  try {
    const data = JSON.parse(Buffer.from(payload, "base64url").toString()) as { m?: unknown; exp?: unknown };
    if (typeof data.m !== "string" || typeof data.exp !== "number" || data.exp < now) return null;
    return data.m;
  } catch {
    return null;
  }
}
