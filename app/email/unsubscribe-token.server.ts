import { hmacToken, safeEqual } from "../auth/crypto.server";

/**
 * A notice's unsubscribe link is signed, not stored: `<membership id>.<HMAC of it>` under the
 * session secret, so it needs no session (a mail provider's one-click POST has none) and cannot be
 * made up for someone else's membership.
 */
export function unsubscribeToken(secret: string, membershipId: string): string {
  return `${membershipId}.${hmacToken(`unsubscribe:${secret}`, membershipId)}`;
}

/** The membership id a token was signed for, or null. */
export function verifyUnsubscribeToken(secret: string, token: string): string | null {
  if (typeof token !== "string" || token.length > 200) return null;
  const dot = token.indexOf(".");
  if (dot <= 0) return null;
  const membershipId = token.slice(0, dot);
  return safeEqual(unsubscribeToken(secret, membershipId), token) ? membershipId : null;
}
