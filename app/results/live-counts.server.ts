/**
 * The counts part of the results page: turnout and agree / disagree / pass per statement, overall
 * and per stakeholder group. Computed from the round's results source (the snapshot once closed).
 * Facilitators see every declared group; everyone else sees the k-protected grouping, with
 * per-statement cells under k merged (complementary suppression, k-protection.ts).
 */
import { computeBasicResults } from "../consensus/basic-results";
import type { Executor } from "../../db/connection";
import { toRoundView, type MemberContext, type RoundView } from "../deliberation/access.server";
import { findRoundByNumber, listRounds } from "../deliberation/round-repository.server";
import { assertAllowed, assertFound, refuse } from "../refusal";
import { t } from "../i18n/i18n";
import { OTHER_GROUP_ID, protectCountCells } from "./k-protection";
import { protectGrouping, type ResultsSource } from "./round-consensus";
import { findSnapshot, loadLiveSource, type FullSource } from "./results-source.server";

/**
 * Who may see a round's results: facilitators always (live during voting); everyone else once
 * the round is closed, or during voting when the deliberation shows results live.
 */
export function canSeeResults(ctx: MemberContext, round: RoundView): boolean {
  if (ctx.membership.role === "facilitator") return round.phase === "voting" || round.phase === "closed";
  if (round.phase === "closed") return true;
  return round.phase === "voting" && ctx.deliberation.resultsVisibility === "live";
}

/** The round a member asked for (the latest visible one by default), checked for visibility. */
export async function requireVisibleRound(ctx: MemberContext, roundNumber: number | null) {
  const rounds = (await listRounds(ctx.app.db, ctx.deliberation.id)).map(toRoundView);
  const visible = rounds.filter((r) => canSeeResults(ctx, r));
  const round = roundNumber === null ? visible[visible.length - 1] : rounds.find((r) => r.number === roundNumber);
  if (!round) {
    if (roundNumber !== null) refuse(404, "errors.roundNotFound", { params: { number: roundNumber } });
    return { round: null, visible };
  }
  assertAllowed(canSeeResults(ctx, round), round.phase === "voting" ? "errors.resultsAfterClose" : "errors.resultsNotYet", { params: { phase: t(`phases.${round.phase}.name`) } });
  return { round, visible };
}

/** A round's results source: its snapshot when closed, its live data otherwise. */
export async function loadRoundSource(db: Executor, deliberationId: string, roundId: string): Promise<FullSource | null> {
  const frozen = await findSnapshot(db, roundId);
  return frozen ? frozen.snapshot : loadLiveSource(db, deliberationId, roundId);
}

export async function getRoundResults(ctx: MemberContext, roundNumber: number | null) {
  const { round, visible } = await requireVisibleRound(ctx, roundNumber);
  const roundRefs = (upTo: number) => visible.filter((r) => r.number <= upTo).map((r) => ({ id: r.id, number: r.number }));
  if (!round) return { round: null, rounds: visible.map((r) => r.number), roundRefs: roundRefs(Infinity), results: null };
  const roundRow = await findRoundByNumber(ctx.app.db, ctx.deliberation.id, round.number);
  assertFound(roundRow, "errors.roundNotFound", { params: { number: round.number } });
  const source = await loadRoundSource(ctx.app.db, ctx.deliberation.id, roundRow.id);
  assertFound(source, "errors.deliberationNotFound");
  const results = countsFor(source, ctx.membership.role === "facilitator");
  return { round, rounds: visible.map((r) => r.number), roundRefs: roundRefs(round.number), results };
}

/** Counts for one viewer: every group for facilitators, the protected view for everyone else. */
export function countsFor(source: ResultsSource, isFacilitator: boolean) {
  let groups: { id: string; name: string }[] = source.groups;
  let groupOf = new Map(source.voters.map((v) => [v.id, v.groupId]));
  if (!isFacilitator) {
    const protectedGroups = protectGrouping(source).groups;
    groups = protectedGroups.categories;
    groupOf = protectedGroups.assignment;
  }
  const name = new Map(groups.map((g) => [g.id, g.name]));
  const basic = computeBasicResults(
    source.ballot.map((b) => b.versionId),
    groups.map((g) => g.id),
    source.votes.map((v) => ({ statementId: v.versionId, voterId: v.voterId, choice: v.choice, confidence: v.confidence, groupId: groupOf.get(v.voterId) ?? null })),
    source.voters.map((v) => ({ voterId: v.id, groupId: groupOf.get(v.id) ?? null })),
  );
  const ballot = new Map(source.ballot.map((b) => [b.versionId, b]));
  const k = source.minGroupSize;
  return {
    voters: basic.voters,
    eligible: basic.eligible,
    turnout: basic.turnout.map((g) => ({ ...g, name: g.groupId ? name.get(g.groupId) ?? "" : null })),
    statements: basic.statements.map((s) => {
      const b = ballot.get(s.statementId)!;
      const rows = s.byGroup.map((g) => ({ groupId: g.groupId, name: g.groupId ? name.get(g.groupId) ?? "" : null, counts: g.counts }));
      return {
        statementId: s.statementId,
        proposalId: b.proposalId,
        versionNumber: b.versionNumber,
        title: b.title,
        overall: s.overall,
        byGroup: isFacilitator ? rows : protectRows(rows, k),
      };
    }),
  };
}

type Row = { groupId: string | null; name: string | null; counts: { agree: number; disagree: number; pass: number; total: number; agreeRate: number | null; meanConfidence: number | null } };

/** Per-statement rows under k merged into Other (or all hidden), so no hidden cell can be recovered from the total. */
function protectRows(rows: Row[], k: number): Row[] {
  const named = rows.filter((r) => r.groupId !== null);
  const none = rows.find((r) => r.groupId === null)?.counts ?? { agree: 0, disagree: 0, pass: 0 };
  return protectCountCells(
    named.map((r) => ({ name: r.groupId!, agree: r.counts.agree, disagree: r.counts.disagree, pass: r.counts.pass })),
    { agree: none.agree, disagree: none.disagree, pass: none.pass },
    k,
  ).map((c) => {
    const total = c.agree + c.disagree + c.pass;
    const original = named.find((r) => r.groupId === c.name);
    const counts = { agree: c.agree, disagree: c.disagree, pass: c.pass, total, agreeRate: total ? c.agree / total : null, meanConfidence: null };
    return original ? { ...original, counts: { ...counts, meanConfidence: original.counts.meanConfidence } } : { groupId: OTHER_GROUP_ID, name: t("results.otherGroups"), counts };
  });
}
