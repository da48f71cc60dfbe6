/**
 * "Remind these people" (issue 12): a facilitator reminds the participants who have not voted in
 * the open voting round, all of them or those of one stakeholder group. The facilitator chooses a
 * group, never people, so it works alike in anonymous mode, where they see counts only. Each
 * reminder is recorded in the action log (the group and the counts, never who) in the transaction
 * that writes its emails to the outbox.
 */
import { requireRole, type MemberContext } from "../deliberation/access.server";
import { recordAction } from "../deliberation/action-log-service.server";
import { wakeEmailSender, writeVoteReminders } from "../email/email-service.server";
import { t } from "../i18n/i18n";
import { refuse } from "../refusal";
import { inGroupRow, NO_CATEGORY_ID } from "./participation-math";
import { listNonVoters } from "./participation-repository.server";

export interface ReminderOutcome {
  /** participants of the group (or of all) who had not voted */
  notVoted: number;
  /** reminders written to the outbox: those of them with an address who did not unsubscribe */
  reminded: number;
}

/**
 * Remind the non-voters of the stakeholder group `groupId` (a group of the participation page's
 * table, `none` for those without one; null: everyone). 409 outside voting, 400 for a group that
 * is not this deliberation's.
 */
export async function remindNonVoters(ctx: MemberContext, groupId: string | null): Promise<ReminderOutcome> {
  requireRole(ctx, ["facilitator"]);
  const d = ctx.deliberation;
  const group = groupId === null ? null : groupId === NO_CATEGORY_ID ? { id: NO_CATEGORY_ID, name: t("results.noGroup") } : d.groups.find((g) => g.id === groupId);
  if (group === undefined) return refuse(400, "cockpit.remind.unknownGroup");
  const round = ctx.round;
  if (!round || round.phase !== "voting") return refuse(409, "email.remind.notVotingNow");
  const declared = new Set(d.groups.map((g) => g.id));
  const outcome = await ctx.app.db.transaction().execute(async (tx) => {
    const nonVoters = (await listNonVoters(tx, d.id, round.id)).filter((p) => group === null || inGroupRow(group.id, p.stakeholder_group_id, declared));
    const written = await writeVoteReminders(tx, ctx.app, d.id, nonVoters.map((p) => p.id));
    // the round closed meanwhile: nothing is written
    if (!written || written.round.id !== round.id) return refuse(409, "email.remind.notVotingNow");
    if (written.queued > 0) {
      await recordAction(tx, ctx, {
        kind: "reminders_sent",
        subject: { type: "round", id: round.id },
        before: null,
        after: { group: group?.name ?? t("cockpit.remind.everyone"), notVoted: nonVoters.length, reminded: written.queued },
      });
    }
    return { notVoted: nonVoters.length, reminded: written.queued };
  });
  if (outcome.reminded > 0) wakeEmailSender(ctx.app);
  return outcome;
}
