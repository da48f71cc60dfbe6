import type { Executor } from "../../db/connection";
import { holdTransactionLock } from "../../db/dialect";
import { assertAllowed, assertFound, assertNoConflict, refuseFields, refuseUnless, type FieldErrors } from "../refusal";
import { t } from "../i18n/i18n";
import type { MemberContext } from "./access.server";
import {
  changeMemberRole,
  countLiveFacilitators,
  findLiveMember,
  findOwnerUserId,
  listMembers,
  removeMembership,
  setFacilitatorVoting,
  setOwner,
} from "./membership-repository.server";
import { recordAction, type ActionValues } from "./action-log-service.server";
import { hasVoteInRound } from "./vote-repository.server";
import { countsAsVoter } from "../eligibility/voters.server";

/** The facilitator's member list: names are shown here only (they issued the invitations). */
export async function listMembersForFacilitator(ctx: MemberContext) {
  const [rows, ownerUserId] = await Promise.all([listMembers(ctx.app.db, ctx.deliberation.id), findOwnerUserId(ctx.app.db, ctx.deliberation.id)]);
  return rows.map((r) => ({
    id: r.id,
    name: r.display_name,
    pseudonym: r.pseudonym,
    role: r.role,
    groupId: r.stakeholder_group_id,
    regionId: r.region_id,
    groupName: r.group_name,
    regionName: r.region_name,
    /** a facilitator who also votes (decision 048) */
    alsoVotes: r.role === "facilitator" && Number(r.also_votes) === 1,
    isOwner: r.role === "facilitator" && r.user_id === ownerUserId,
    isMe: r.id === ctx.membership.id,
  }));
}

type Member = NonNullable<Awaited<ReturnType<typeof findLiveMember>>>;
const votesNow = (m: Member) => countsAsVoter({ role: m.role, alsoVotes: Number(m.also_votes) === 1 });

/**
 * Every change of who facilitates or votes runs in one transaction that holds the deliberation's
 * member-roles lock (PostgreSQL; SQLite writes one at a time), so a handover and a demotion, or two
 * removals of the last two facilitators, cannot both pass their checks.
 */
async function inRolesTransaction<T>(ctx: MemberContext, work: (tx: Executor) => Promise<T>): Promise<T> {
  const result = await ctx.app.db.transaction().execute(async (tx) => {
    await holdTransactionLock(tx, "memberRoles", ctx.deliberation.id, "exclusive");
    return work(tx);
  });
  // the electorate of an open vote may have changed: its turnout recomputes (closed rounds are frozen)
  await ctx.app.events.publish({ type: "electorate-changed", deliberationId: ctx.deliberation.id });
  return result;
}

async function requireOwner(tx: Executor, ctx: MemberContext): Promise<void> {
  assertAllowed(ctx.membership.role === "facilitator" && (await findOwnerUserId(tx, ctx.deliberation.id)) === ctx.user.id, "coFacilitators.errors.ownerOnly");
}

/**
 * A member who has voted in the round now voting must keep counting until it closes: a change that
 * would stop them counting (or move their votes to another group or region) is refused (409).
 */
async function refuseIfVotedNow(tx: Executor, ctx: MemberContext, membershipId: string): Promise<void> {
  const round = ctx.round;
  if (round?.phase !== "voting") return;
  await holdTransactionLock(tx, "roundPhase", round.id, "exclusive");
  assertNoConflict(!(await hasVoteInRound(tx, round.id, membershipId)), "coFacilitators.errors.votedThisRound", { params: { number: round.number } });
}

async function requireAnotherFacilitator(tx: Executor, ctx: MemberContext): Promise<void> {
  assertNoConflict((await countLiveFacilitators(tx, ctx.deliberation.id)) > 1, "coFacilitators.errors.lastFacilitator");
}

/**
 * Remove a member. Any facilitator removes a participant or an observer; only the owner removes a
 * facilitator, the owner cannot be removed, and the last facilitator never goes.
 */
export async function removeMember(ctx: MemberContext, membershipId: string) {
  assertNoConflict(membershipId !== ctx.membership.id, "errors.cannotRemoveSelf");
  await ctx.app.db.transaction().execute(async (tx) => {
    await holdTransactionLock(tx, "memberRoles", ctx.deliberation.id, "exclusive");
    const target = await findLiveMember(tx, ctx.deliberation.id, membershipId);
    assertFound(target, "errors.memberNotFound");
    if (target.role === "facilitator") {
      await requireOwner(tx, ctx);
      assertNoConflict((await findOwnerUserId(tx, ctx.deliberation.id)) !== target.user_id, "coFacilitators.errors.ownerStays");
      await requireAnotherFacilitator(tx, ctx);
    }
    const r = await removeMembership(tx, ctx.deliberation.id, membershipId);
    refuseUnless(Number(r.numUpdatedRows) === 1, 404, "errors.memberNotFound");
    await recordAction(tx, ctx, { kind: "member_removed", subject: { type: "membership", id: membershipId }, before: { removed: false }, after: { removed: true } });
  });
  // Their open live documents close now; their token no longer authenticates (removed_at is set).
  await ctx.app.events.publish({ type: "member-removed", deliberationId: ctx.deliberation.id, membershipId });
  // an open vote no longer counts them; closed rounds are frozen and do not change
  await ctx.app.events.publish({ type: "electorate-changed", deliberationId: ctx.deliberation.id });
}

/**
 * Make a participant or an observer a co-facilitator (any facilitator). A participant keeps voting
 * in their group (they become a facilitator who also votes), so their votes stay counted.
 */
export async function promoteToFacilitator(ctx: MemberContext, membershipId: string): Promise<void> {
  await inRolesTransaction(ctx, async (tx) => {
    const target = await findLiveMember(tx, ctx.deliberation.id, membershipId);
    assertFound(target, "errors.memberNotFound");
    assertNoConflict(target.role !== "facilitator", "coFacilitators.errors.alreadyFacilitator");
    const alsoVotes = target.role === "participant";
    refuseUnless(await changeMemberRole(tx, ctx.deliberation.id, membershipId, target.role, { role: "facilitator", also_votes: alsoVotes ? 1 : 0 }), 409, "coFacilitators.errors.changedMeanwhile");
    await recordAction(tx, ctx, { kind: "member_promoted", subject: { type: "membership", id: membershipId }, before: { role: target.role }, after: { role: "facilitator", alsoVotes } });
  });
}

/**
 * The owner makes a co-facilitator a participant (who needs a stakeholder group when the
 * deliberation has groups) or an observer. The owner is never demoted; a co-facilitator who voted
 * in the round now voting is not made an observer until it closes.
 */
export async function demoteFacilitator(ctx: MemberContext, input: { membershipId: string; role: "participant" | "observer"; stakeholderGroupId: string }): Promise<void> {
  await inRolesTransaction(ctx, async (tx) => {
    await requireOwner(tx, ctx);
    const target = await findLiveMember(tx, ctx.deliberation.id, input.membershipId);
    assertFound(target, "errors.memberNotFound");
    assertNoConflict(target.role === "facilitator", "coFacilitators.errors.notFacilitator");
    assertNoConflict((await findOwnerUserId(tx, ctx.deliberation.id)) !== target.user_id, "coFacilitators.errors.ownerStays");
    await requireAnotherFacilitator(tx, ctx);
    let groupId = target.stakeholder_group_id;
    if (input.role === "participant" && ctx.deliberation.groups.length > 0 && !groupId) {
      groupId = input.stakeholderGroupId || null;
      if (!groupId || !ctx.deliberation.groups.some((g) => g.id === groupId)) {
        refuseFields({ [`group-${input.membershipId}`]: [t(groupId ? "validation.choose" : "coFacilitators.validation.groupForParticipant")] }, { stakeholderGroupId: input.stakeholderGroupId, role: input.role }, { form: `demote-${input.membershipId}` });
      }
    }
    if (votesNow(target) && input.role === "observer") await refuseIfVotedNow(tx, ctx, target.id);
    const set = input.role === "participant" ? { role: input.role, also_votes: 0, stakeholder_group_id: groupId } : { role: input.role, also_votes: 0 };
    refuseUnless(await changeMemberRole(tx, ctx.deliberation.id, target.id, "facilitator", set), 409, "coFacilitators.errors.changedMeanwhile");
    await recordAction(tx, ctx, { kind: "member_demoted", subject: { type: "membership", id: target.id }, before: { role: "facilitator", alsoVotes: Number(target.also_votes) === 1 }, after: { role: input.role } });
  });
}

/** The owner hands the ownership to another facilitator of the deliberation and stays a co-facilitator. */
export async function transferOwnership(ctx: MemberContext, membershipId: string): Promise<void> {
  await inRolesTransaction(ctx, async (tx) => {
    await requireOwner(tx, ctx);
    const target = await findLiveMember(tx, ctx.deliberation.id, membershipId);
    assertFound(target, "errors.memberNotFound");
    assertNoConflict(target.id !== ctx.membership.id, "coFacilitators.errors.alreadyOwner");
    assertNoConflict(target.role === "facilitator", "coFacilitators.errors.ownerMustFacilitate");
    refuseUnless(await setOwner(tx, ctx.deliberation.id, ctx.user.id, target.user_id), 409, "coFacilitators.errors.changedMeanwhile");
    await recordAction(tx, ctx, { kind: "ownership_transferred", subject: { type: "membership", id: target.id }, before: { owner: false }, after: { owner: true } });
  });
}

/**
 * A facilitator declares (for themselves only) that they also vote, with a stakeholder group
 * (required when the deliberation has groups) and an optional region — or stops. Stopping, or
 * moving to another group or region, is refused while they have votes in the round now voting.
 */
export async function setMyVoting(ctx: MemberContext, input: { alsoVotes: boolean; stakeholderGroupId: string; regionId: string }): Promise<void> {
  assertAllowed(ctx.membership.role === "facilitator", "errors.facilitatorsOnly");
  const groupId = input.alsoVotes ? input.stakeholderGroupId || null : null;
  const regionId = input.alsoVotes ? input.regionId || null : null;
  const errors: FieldErrors = {};
  if (input.alsoVotes && ctx.deliberation.groups.length > 0 && !groupId) errors.stakeholderGroupId = [t("coFacilitators.validation.groupToVote")];
  else if (groupId && !ctx.deliberation.groups.some((g) => g.id === groupId)) errors.stakeholderGroupId = [t("validation.choose")];
  if (regionId && !ctx.deliberation.regions.some((r) => r.id === regionId)) errors.regionId = [t("validation.choose")];
  const echo = { alsoVotes: input.alsoVotes ? "yes" : "", stakeholderGroupId: input.stakeholderGroupId, regionId: input.regionId };
  if (Object.keys(errors).length) refuseFields(errors, echo, { form: "my-voting" });
  await inRolesTransaction(ctx, async (tx) => {
    const me = await findLiveMember(tx, ctx.deliberation.id, ctx.membership.id);
    assertFound(me, "errors.memberNotFound");
    const before = { alsoVotes: Number(me.also_votes) === 1, group: me.stakeholder_group_id, region: me.region_id };
    const after = { alsoVotes: input.alsoVotes, group: groupId, region: regionId };
    if (before.alsoVotes === after.alsoVotes && before.group === after.group && before.region === after.region) return;
    if (before.alsoVotes) await refuseIfVotedNow(tx, ctx, me.id);
    refuseUnless(await setFacilitatorVoting(tx, ctx.deliberation.id, me.id, { also_votes: input.alsoVotes ? 1 : 0, stakeholder_group_id: groupId, region_id: regionId }), 409, "coFacilitators.errors.changedMeanwhile");
    const name = (id: string | null, list: { id: string; name: string }[]) => (id ? (list.find((x) => x.id === id)?.name ?? null) : null);
    const groups = ctx.deliberation.groups;
    const regions = ctx.deliberation.regions;
    // observers read the log too: in anonymous mode it does not say which group a facilitator votes in
    const where = (v: typeof before): ActionValues => (ctx.deliberation.attributionMode === "anonymous" ? {} : { group: name(v.group, groups), region: name(v.region, regions) });
    await recordAction(tx, ctx, {
      kind: "member_voting_changed",
      subject: { type: "membership", id: me.id },
      before: { alsoVotes: before.alsoVotes, ...where(before) },
      after: { alsoVotes: after.alsoVotes, ...where(after) },
    });
  });
}

