import { hmacToken, newId, newToken, sha256 } from "../auth/crypto.server";
import { moveSessionToReturnLink, revokeSessionsOfReturnLinks } from "../auth/user-repository.server";
import type { Executor } from "../../db/connection";
import { getEnv } from "../env.server";
import { assertAllowed, assertFound, refuse, refuseUnless } from "../refusal";
import { t } from "../i18n/i18n";
import type { MemberContext } from "./access.server";
import {
  findReturnLinkByHash,
  insertReturnLink,
  listMembershipLinksOfUser,
  listReturnLinksOfMembership,
  listReturnLinkStates,
  revokeLiveReturnLinks,
} from "./return-link-repository.server";

/**
 * Personal return links (docs/decisions/016-return-links.md): the token is an HMAC of the session
 * secret over a stored random nonce, so it can be shown to its member again, while the database
 * alone holds nothing that opens a session (only the nonce and the token's SHA-256).
 */
function tokenFromNonce(nonce: string): string {
  return hmacToken(`return-link:${getEnv().SESSION_SECRET}`, nonce);
}

/** The token for a stored link, or null when it cannot be derived any more (the secret changed). */
function deriveToken(link: { nonce: string; token_hash: string }): string | null {
  const token = tokenFromNonce(link.nonce);
  return sha256(token) === link.token_hash ? token : null;
}

/** Issue a live link for a membership that has none (pass the transaction). */
export async function issueReturnLink(db: Executor, membershipId: string): Promise<{ id: string; token: string }> {
  const nonce = newToken();
  const token = tokenFromNonce(nonce);
  const id = newId();
  await insertReturnLink(db, {
    id,
    membership_id: membershipId,
    nonce,
    token_hash: sha256(token),
    created_at: new Date().toISOString(),
    revoked_at: null,
    revoked_by: null,
  });
  return { id, token };
}

export type MyReturnLink =
  | { state: "live"; token: string }
  | { state: "none" }
  | { state: "revoked" }
  | { state: "unavailable" }
  | { state: "account" };

/** What "My access" shows the member: their live link (derived again), or why there is none. */
export async function myReturnLink(ctx: MemberContext): Promise<MyReturnLink> {
  if (ctx.user.hasPassword) return { state: "account" };
  const links = await listReturnLinksOfMembership(ctx.app.db, ctx.deliberation.id, ctx.membership.id);
  const live = links.find((l) => l.revoked_at === null);
  if (live) {
    const token = deriveToken(live);
    return token ? { state: "live", token } : { state: "unavailable" };
  }
  return links.length > 0 ? { state: "revoked" } : { state: "none" };
}

/**
 * The member makes a new link: the old one stops working and every session opened with it ends,
 * except the caller's own, which moves over to the new link.
 */
export async function replaceMyReturnLink(ctx: MemberContext, currentSessionHash: string | null): Promise<void> {
  assertAllowed(!ctx.user.hasPassword, "errors.returnLinksForLinkMembers");
  const ended = await ctx.app.db
    .transaction()
    .execute(async (tx) => {
      const old = await revokeLiveReturnLinks(tx, ctx.deliberation.id, ctx.membership.id, "member");
      const fresh = await issueReturnLink(tx, ctx.membership.id);
      if (currentSessionHash) await moveSessionToReturnLink(tx, currentSessionHash, old, fresh.id);
      return revokeSessionsOfReturnLinks(tx, old);
    });
  if (ended.length > 0) await ctx.app.events.publish({ type: "sessions-ended", sessionIds: ended });
}

/** A facilitator revokes a member's link: it stops working and the sessions opened with it end. */
export async function revokeMemberReturnLink(ctx: MemberContext, membershipId: string): Promise<void> {
  assertAllowed(ctx.membership.role === "facilitator", "errors.facilitatorsOnly");
  const ended = await ctx.app.db
    .transaction()
    .execute(async (tx) => {
      const revoked = await revokeLiveReturnLinks(tx, ctx.deliberation.id, membershipId, "facilitator");
      refuseUnless(revoked.length > 0, 404, "errors.noLiveReturnLink");
      return revokeSessionsOfReturnLinks(tx, revoked);
    });
  if (ended.length > 0) await ctx.app.events.publish({ type: "sessions-ended", sessionIds: ended });
}

export type ReturnLinkState = "live" | "revoked" | "none" | "account";

/** For the facilitator's member list: each membership's return-link state. */
export async function returnLinkStatesForFacilitator(ctx: MemberContext): Promise<Record<string, ReturnLinkState>> {
  const rows = await listReturnLinkStates(ctx.app.db, ctx.deliberation.id);
  return Object.fromEntries(
    rows.map((r) => [r.membershipId, r.hasLiveLink ? "live" : r.hasAccount ? "account" : r.hasAnyLink ? "revoked" : "none"]),
  );
}

export interface OpenedReturnLink {
  linkId: string;
  userId: string;
  deliberationId: string;
  title: string;
  displayName: string;
}

/** A live return link of a live membership, or a refusal that says what happened and whom to ask. */
export async function openReturnLink(db: Executor, token: string): Promise<OpenedReturnLink> {
  refuseUnless(typeof token === "string" && /^[A-Za-z0-9_-]{20,100}$/.test(token), 404, "errors.returnLinkNotFound");
  const link = await findReturnLinkByHash(db, sha256(token));
  assertFound(link, "errors.returnLinkNotFound");
  const about = { params: { title: link.title } };
  if (link.removed_at) refuse(403, "errors.returnLinkMemberRemoved", about);
  if (link.revoked_at) refuse(410, link.revoked_by === "member" ? "errors.returnLinkReplaced" : "errors.returnLinkRevoked", about);
  return { linkId: link.id, userId: link.user_id, deliberationId: link.deliberation_id, title: link.title, displayName: link.display_name };
}

/** For the log-out warning: each of the person's deliberations with their live return link, if any. */
export async function returnLinksOfUser(db: Executor, userId: string): Promise<{ deliberationId: string; title: string; token: string | null }[]> {
  const rows = await listMembershipLinksOfUser(db, userId);
  return rows.map((r) => ({
    deliberationId: r.deliberation_id,
    title: r.title,
    token: r.nonce && r.token_hash ? deriveToken({ nonce: r.nonce, token_hash: r.token_hash }) : null,
  }));
}

/** The URL a return link is opened at. */
export function returnLinkUrl(origin: string, token: string): string {
  return `${origin}/return/${token}`;
}
