import { computeBasicResults } from "../consensus/basic-results";
import { getDb } from "../db.server";
import { forbidden, notFound } from "../http-errors.server";
import { t } from "../i18n/i18n";
import { toRoundView, type MemberContext, type RoundView } from "./access.server";
import { listBallot } from "./proposal-repository.server";
import { findRoundByNumber, listRounds } from "./round-repository.server";
import { listEligibleVoters, listRoundVotes } from "./vote-repository.server";

/**
 * Who may see a round's results: facilitators always (live during voting); everyone else once
 * the round is closed, or during voting when the deliberation shows results live.
 */
export function canSeeResults(ctx: MemberContext, round: RoundView): boolean {
  if (ctx.membership.role === "facilitator") return round.phase === "voting" || round.phase === "closed";
  if (round.phase === "closed") return true;
  return round.phase === "voting" && ctx.deliberation.resultsVisibility === "live";
}

export async function getRoundResults(ctx: MemberContext, roundNumber: number | null) {
  const db = getDb();
  const rounds = (await listRounds(db, ctx.deliberation.id)).map(toRoundView);
  const visible = rounds.filter((r) => canSeeResults(ctx, r));
  const round = roundNumber === null ? visible[visible.length - 1] : rounds.find((r) => r.number === roundNumber);
  if (!round) {
    if (roundNumber !== null) notFound(t("errors.roundNotFound", { number: roundNumber }));
    return { round: null, rounds: visible.map((r) => r.number), roundRefs: visible.map((r) => ({ id: r.id, number: r.number })), results: null };
  }
  if (!canSeeResults(ctx, round)) forbidden(t(round.phase === "voting" ? "errors.resultsAfterClose" : "errors.resultsNotYet", { phase: t(`phases.${round.phase}.name`) }));
  const roundRow = await findRoundByNumber(db, ctx.deliberation.id, round.number);
  const [ballot, votes, voters] = await Promise.all([
    listBallot(db, ctx.deliberation.id, roundRow!.id),
    listRoundVotes(db, ctx.deliberation.id, roundRow!.id),
    listEligibleVoters(db, ctx.deliberation.id),
  ]);
  const results = computeBasicResults(
    ballot.map((b) => b.id),
    ctx.deliberation.groups.map((g) => g.id),
    votes.map((v) => ({ statementId: v.version_id, voterId: v.membership_id, choice: v.choice, confidence: v.confidence, groupId: v.stakeholder_group_id })),
    voters.map((v) => ({ voterId: v.id, groupId: v.stakeholder_group_id })),
  );
  const titles = new Map(ballot.map((b) => [b.id, { title: b.title, proposalId: b.proposal_id, versionNumber: b.version_number }]));
  return {
    round,
    rounds: visible.map((r) => r.number),
    roundRefs: visible.filter((r) => r.number <= round.number).map((r) => ({ id: r.id, number: r.number })),
    results: {
      ...results,
      statements: results.statements.map((s) => ({ ...s, ...titles.get(s.statementId)! })),
    },
  };
}
