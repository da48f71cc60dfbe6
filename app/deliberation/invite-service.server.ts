import { newId, newToken, sha256 } from "../auth/crypto.server";
import { findUserById, insertUser } from "../auth/user-repository.server";
import type { Executor } from "../../db/connection";
import type { AppContext } from "../context/app-context.server";
import { t } from "../i18n/i18n";
import { assertFound, refuse, refuseFields, refuseUnless, type FieldErrors } from "../refusal";
import { loadDeliberationView, type DeliberationView, type MemberContext } from "./access.server";
import { findInviteByHash, consumeInvite, insertInvite, listInvites, revokeInviteRow } from "./invite-repository.server";
import { countMemberships, findAnyMembership, insertMembership } from "./membership-repository.server";
import { issueReturnLink } from "./return-link-service.server";
import { queueInvitationEmails, rememberInvitedAddress } from "../email/email-service.server";
import { wakeOutboxSender } from "../email/outbox-sender.server";
import { LIMITS, type EmailInviteInput } from "./schemas";

export interface InviteInput {
  role: "facilitator" | "participant" | "observer";
  stakeholderGroupId: string;
  regionId: string;
  label: string;
  maxUses: number;
  expiresInDays: number;
}

/** The one-time token (only its hash is stored); a group or region not of this deliberation is refused (400, per field). */
export async function createInvite(ctx: MemberContext, input: InviteInput): Promise<{ token: string }> {
  const { groupId, regionId } = checkGroupAndRegion(ctx, input, () => echoInvite(input));
  const token = newToken();
  await insertInvite(ctx.app.db, inviteRow(ctx, token, { ...input, groupId, regionId }));
  return { token };
}

/**
 * A group or region not of this deliberation is refused (400, per field). A co-facilitator's
 * invitation carries none: a facilitator who also votes declares their group on the members page.
 */
function checkGroupAndRegion(ctx: MemberContext, input: { role: InviteInput["role"]; stakeholderGroupId: string; regionId: string }, echo: () => Record<string, string>, form?: string) {
  if (input.role === "facilitator") return { groupId: null, regionId: null };
  const groupId = input.stakeholderGroupId || null;
  const regionId = input.regionId || null;
  const fieldErrors: FieldErrors = {};
  if (groupId && !ctx.deliberation.groups.some((g) => g.id === groupId)) fieldErrors.stakeholderGroupId = [t("validation.choose")];
  else if (regionId && !ctx.deliberation.regions.some((r) => r.id === regionId)) fieldErrors.regionId = [t("validation.choose")];
  if (Object.keys(fieldErrors).length) refuseFields(fieldErrors, echo(), form ? { form } : {});
  return { groupId, regionId };
}

function inviteRow(ctx: MemberContext, token: string, input: { role: InviteInput["role"]; groupId: string | null; regionId: string | null; label: string; maxUses: number; expiresInDays: number }) {
  const now = new Date();
  return {
    id: newId(),
    deliberation_id: ctx.deliberation.id,
    token_hash: sha256(token),
    role: input.role,
    stakeholder_group_id: input.groupId,
    region_id: input.regionId,
    label: input.label,
    max_uses: input.maxUses,
    uses: 0,
    expires_at: new Date(now.getTime() + input.expiresInDays * 86_400_000).toISOString(),
    revoked_at: null,
    created_by: ctx.user.id,
    created_at: now.toISOString(),
  };
}

/**
 * Invite by email: each address gets its own single-use invitation, emailed with its personal
 * link; the invitations and their emails are written in one transaction (docs/decisions/046).
 * `baseUrl` is the origin the links point to. Returns how many were queued.
 */
export async function createEmailInvites(ctx: MemberContext, input: EmailInviteInput, baseUrl: string): Promise<{ queued: number }> {
  const echo = () => ({ addresses: input.addresses.join("\n"), role: input.role, stakeholderGroupId: input.stakeholderGroupId, regionId: input.regionId, expiresInDays: String(input.expiresInDays) });
  const { groupId, regionId } = checkGroupAndRegion(ctx, input, echo, "email-invite");
  await ctx.app.db.transaction().execute(async (tx) => {
    const sent = [];
    let expiresAt = "";
    for (const email of input.addresses) {
      const token = newToken();
      const row = inviteRow(ctx, token, { role: input.role, groupId, regionId, label: email.slice(0, LIMITS.inviteLabel), maxUses: 1, expiresInDays: input.expiresInDays });
      await insertInvite(tx, row);
      expiresAt = row.expires_at;
      sent.push({ inviteId: row.id, email, link: `${baseUrl}/join/${token}` });
    }
    const d = ctx.deliberation;
    await queueInvitationEmails(tx, ctx.app, { deliberation: { id: d.id, title: d.title, question: d.question, defaultLanguage: d.defaultLanguage }, role: input.role, expiresAt }, sent);
  });
  wakeOutboxSender(ctx.app);
  return { queued: input.addresses.length };
}

function echoInvite(input: InviteInput): Record<string, string> {
  return { role: input.role, stakeholderGroupId: input.stakeholderGroupId, regionId: input.regionId, label: input.label, maxUses: String(input.maxUses), expiresInDays: String(input.expiresInDays) };
}

export async function revokeInvite(ctx: MemberContext, inviteId: string) {
  const r = await revokeInviteRow(ctx.app.db, ctx.deliberation.id, inviteId);
  refuseUnless(Number(r.numUpdatedRows) === 1, 404, "errors.inviteNotFound");
}

export async function listInvitesForFacilitator(ctx: MemberContext) {
  const now = new Date().toISOString();
  const rows = await listInvites(ctx.app.db, ctx.deliberation.id);
  return rows.map((r) => ({
    id: r.id,
    role: r.role,
    label: r.label,
    uses: r.uses,
    maxUses: r.max_uses,
    expiresAt: r.expires_at,
    groupName: r.group_name,
    regionName: r.region_name,
    status: r.revoked_at ? "revoked" : r.expires_at <= now ? "expired" : r.uses >= r.max_uses ? "used_up" : "active",
  }));
}

async function findInvite(db: Executor, token: string) {
  refuseUnless(typeof token === "string" && token.length >= 20 && token.length <= 100, 404, "errors.inviteNotFound");
  const invite = await findInviteByHash(db, sha256(token));
  assertFound(invite, "errors.inviteNotFound");
  return invite;
}

function assertLive(invite: { revoked_at: string | null; expires_at: string; uses: number; max_uses: number }) {
  if (invite.revoked_at) refuse(410, "errors.inviteRevoked");
  if (invite.expires_at <= new Date().toISOString()) refuse(410, "errors.inviteExpired");
  if (invite.uses >= invite.max_uses) refuse(410, "errors.inviteUsedUp");
}

/**
 * One person, one membership: someone who is already a member of the invitation's deliberation
 * goes straight there, whatever state the invitation is in, and it is not used. A removed member
 * is refused (403). Null when the person is not a member.
 */
async function existingMembershipDestination(db: Executor, deliberationId: string, userId: string): Promise<string | null> {
  const existing = await findAnyMembership(db, deliberationId, userId);
  if (!existing) return null;
  if (existing.removed_at) refuse(403, "errors.membershipRemoved");
  return deliberationId;
}

export type InviteVisit =
  | { kind: "member"; deliberationId: string }
  | {
      kind: "invite";
      deliberation: { id: string; title: string; question: string; attributionMode: DeliberationView["attributionMode"] };
      role: "facilitator" | "participant" | "observer";
      fixedGroup: string | null;
      fixedRegion: string | null;
      groups: { id: string; name: string }[];
      regions: { id: string; name: string }[];
    };

/** What opening an invitation shows: the way in for a member, else the join form's facts (dead invites: 404 / 410). */
export async function openInvite(db: Executor, token: string, currentUserId: string | null): Promise<InviteVisit> {
  const invite = await findInvite(db, token);
  const destination = currentUserId ? await existingMembershipDestination(db, invite.deliberation_id, currentUserId) : null;
  if (destination) return { kind: "member", deliberationId: destination };
  assertLive(invite);
  const deliberation = await loadDeliberationView(db, invite.deliberation_id);
  assertFound(deliberation, "errors.inviteNotFound");
  return {
    kind: "invite",
    deliberation: { id: deliberation.id, title: deliberation.title, question: deliberation.question, attributionMode: deliberation.attributionMode },
    role: invite.role,
    fixedGroup: deliberation.groups.find((g) => g.id === invite.stakeholder_group_id)?.name ?? null,
    fixedRegion: deliberation.regions.find((r) => r.id === invite.region_id)?.name ?? null,
    // a co-facilitator chooses no group on joining (only a facilitator who also votes has one)
    groups: invite.stakeholder_group_id || invite.role === "facilitator" ? [] : deliberation.groups.map((g) => ({ id: g.id, name: g.name })),
    regions: invite.region_id || invite.role === "facilitator" ? [] : deliberation.regions.map((r) => ({ id: r.id, name: r.name })),
  };
}

export interface JoinResult {
  deliberationId: string;
  userId: string;
  /** a person was created (and needs a session) */
  newUser: boolean;
  /** false when they were a member already: nothing was created and the invite was not used */
  joined: boolean;
  /** a personal return link was issued (the person has no password) */
  returnLinkIssued: boolean;
}

/**
 * Join through an invite in one transaction: count the use (atomically), create the person if they
 * are not signed in, create the membership with the next free pseudonym and, for a person without
 * a password, their personal return link. A signed-in member is simply sent to the deliberation
 * and the invite is not used up. A signed-in account holder joins under their account name.
 * A group or region that does not fit is refused per field (400), nothing written.
 */
export async function acceptInvite(
  app: AppContext,
  token: string,
  currentUserId: string | null,
  input: { displayName: string; stakeholderGroupId: string; regionId: string },
): Promise<JoinResult> {
  const result = await joinInTransaction(app, token, currentUserId, input);
  // a new eligible voter changes an open vote's turnout: it recomputes (closed rounds are frozen)
  if (result.joined) await app.events.publish({ type: "electorate-changed", deliberationId: result.deliberationId });
  return result;
}

async function joinInTransaction(app: AppContext, token: string, currentUserId: string | null, input: { displayName: string; stakeholderGroupId: string; regionId: string }): Promise<JoinResult> {
  return app.db.transaction().execute(async (tx) => {
    const invite = await findInvite(tx, token);
    if (currentUserId && (await existingMembershipDestination(tx, invite.deliberation_id, currentUserId))) {
      return { deliberationId: invite.deliberation_id, userId: currentUserId, newUser: false, joined: false, returnLinkIssued: false };
    }
    assertLive(invite);
    const deliberation = await loadDeliberationView(tx, invite.deliberation_id);
    assertFound(deliberation, "errors.inviteNotFound");
    if (deliberation.archived) refuse(409, "lifecycle.archivedRefusal");
    const coFacilitator = invite.role === "facilitator";
    const groupId = coFacilitator ? null : (invite.stakeholder_group_id ?? (input.stakeholderGroupId || null));
    const regionId = coFacilitator ? null : (invite.region_id ?? (input.regionId || null));
    const fieldErrors: FieldErrors = {};
    if (invite.role === "participant" && deliberation.groups.length > 0 && !groupId) fieldErrors.stakeholderGroupId = [t("validation.required")];
    if (groupId && !deliberation.groups.some((g) => g.id === groupId)) fieldErrors.stakeholderGroupId = [t("validation.choose")];
    if (regionId && !deliberation.regions.some((r) => r.id === regionId)) fieldErrors.regionId = [t("validation.choose")];
    if (Object.keys(fieldErrors).length) refuseFields(fieldErrors, { displayName: input.displayName, stakeholderGroupId: input.stakeholderGroupId, regionId: input.regionId });

    const current = currentUserId ? await findUserById(tx, currentUserId) : undefined;
    if (currentUserId) assertFound(current, "errors.inviteNotFound");
    refuseUnless(await consumeInvite(tx, invite.id, new Date().toISOString()), 410, "errors.inviteUsedUp");
    const userId = current?.id ?? (await insertUser(tx, { email: null, passwordHash: null, displayName: input.displayName }));
    const n = (await countMemberships(tx, invite.deliberation_id)) + 1;
    const membershipId = newId();
    await insertMembership(tx, {
      id: membershipId,
      deliberation_id: invite.deliberation_id,
      user_id: userId,
      role: invite.role,
      stakeholder_group_id: groupId,
      region_id: regionId,
      pseudonym: t(invite.role === "observer" ? "pseudonym.observer" : invite.role === "facilitator" ? "coFacilitators.pseudonym" : "pseudonym.delegate", { n }),
      created_at: new Date().toISOString(),
      removed_at: null,
    });
    const linkOnly = !current?.hasPassword;
    if (linkOnly) await issueReturnLink(tx, membershipId);
    await rememberInvitedAddress(tx, invite.id, membershipId);
    return { deliberationId: invite.deliberation_id, userId, newUser: !current, joined: true, returnLinkIssued: linkOnly };
  });
}
