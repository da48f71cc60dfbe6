import { assertNoConflict, refuseUnless } from "../refusal";
import { t } from "../i18n/i18n";
import type { MemberContext } from "./access.server";
import { listMembers, removeMembership } from "./membership-repository.server";
import { recordAction } from "./action-log-service.server";

/** The facilitator's member list: names are shown here only (they issued the invitations). */
export async function listMembersForFacilitator(ctx: MemberContext) {
  const rows = await listMembers(ctx.app.db, ctx.deliberation.id);
  return rows.map((r) => ({
    id: r.id,
    name: r.display_name,
    pseudonym: r.pseudonym,
    role: r.role,
    groupName: r.group_name,
    regionName: r.region_name,
  }));
}

export async function removeMember(ctx: MemberContext, membershipId: string) {
  assertNoConflict(membershipId !== ctx.membership.id, "errors.cannotRemoveSelf");
  await ctx.app.db.transaction().execute(async (tx) => {
    const r = await removeMembership(tx, ctx.deliberation.id, membershipId);
    refuseUnless(Number(r.numUpdatedRows) === 1, 404, "errors.memberNotFound");
    await recordAction(tx, ctx, { kind: "member_removed", subject: { type: "membership", id: membershipId }, before: { removed: false }, after: { removed: true } });
  });
  // Their open live documents close now; their token no longer authenticates (removed_at is set).
  await ctx.app.events.publish({ type: "member-removed", deliberationId: ctx.deliberation.id, membershipId });
  // an open vote no longer counts them; closed rounds are frozen and do not change
  await ctx.app.events.publish({ type: "electorate-changed", deliberationId: ctx.deliberation.id });
}
