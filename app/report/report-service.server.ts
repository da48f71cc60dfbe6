/**
 * Loads everything a report needs for one round (through repositories, every query scoped by the
 * deliberation) and builds the report model. A closed round's report comes from its snapshot: its
 * results, ballot, groups and k are the ones frozen at close. An open round (preview) uses the
 * current data, recomputed first when the cache is stale.
 */
import type { Executor } from "../../db/connection";
import type { Movement } from "../consensus/movement";
import { loadDeliberationView } from "../deliberation/access.server";
import { storedCategoryLabels } from "../deliberation/category-service.server";
import { findRound, listRounds } from "../deliberation/round-repository.server";
import { findSnapshot, loadLiveSource } from "../results/results-source.server";
import { freshRoundConsensus, movementFor } from "../results/round-results.server";
import { buildReportModel, type ReportInput, type SectionKey } from "./build-report";
import { listNamesToRedact, listProposalOrder, listVisibleArguments } from "./report-repository.server";
import type { ReportModel } from "./report-types";
import { listEntriesForReport } from "../deliberation/action-log-repository.server";
import { carriedOverFor } from "../continuity/continuity-service.server";

export const DEFAULT_CONVENER = "The conveners of the assembly";

export interface ReportOptions {
  /** the executive summary written for this report */
  summary: string;
  /** notes per section, written for this report */
  notes: Partial<Record<SectionKey, string>>;
  /** ISO timestamp printed on the report (no clock is read while building) */
  generatedAt: string;
  /** the convening organisation shown on the cover (never taken from a member's name) */
  convener?: string;
}

export class ReportNotFoundError extends Error {}

/** Everything `buildReportModel` needs, read from the database. Throws ReportNotFoundError for an unknown deliberation or round. */
export async function loadReportInput(db: Executor, deliberationId: string, roundId: string, options: ReportOptions): Promise<ReportInput> {
  const deliberation = await loadDeliberationView(db, deliberationId);
  if (!deliberation) throw new ReportNotFoundError("deliberation not found");
  const round = await findRound(db, deliberationId, roundId);
  if (!round) throw new ReportNotFoundError("round not found");
  const rounds = await listRounds(db, deliberationId);

  const consensus = await freshRoundConsensus(db, deliberationId, roundId);
  if (!consensus) throw new ReportNotFoundError("deliberation not found");
  const frozen = await findSnapshot(db, roundId);
  const source = frozen?.snapshot ?? (await loadLiveSource(db, deliberationId, roundId));
  if (!source) throw new ReportNotFoundError("deliberation not found");

  // Earlier rounds: make sure their results are cached and fresh so movement can be computed.
  const earlier = rounds.filter((r) => r.number < round.number && (r.phase === "voting" || r.phase === "closed"));
  for (const r of earlier) await freshRoundConsensus(db, deliberationId, r.id);
  const movementMap = await movementFor(
    db,
    [...earlier, round].map((r) => ({ id: r.id, number: r.number })),
    consensus,
  );
  const movement: Record<string, Movement[]> = {};
  for (const [proposalId, list] of [...movementMap].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) movement[proposalId] = list;

  const [proposalOrder, names] = await Promise.all([listProposalOrder(db, deliberationId), listNamesToRedact(db, deliberationId)]);
  const numberOf = new Map(proposalOrder.map((id, i) => [id, i + 1]));
  const versionOfProposal = new Map(source.ballot.map((v) => [v.proposalId, v.versionId]));
  const args = await listVisibleArguments(db, deliberationId, [...versionOfProposal.keys()], round.phase === "closed" ? round.closed_at : null);
  // the process as it stood when the round closed (a preview: as it stands now)
  const until = round.phase === "closed" && round.closed_at ? round.closed_at : options.generatedAt;
  const entries = await listEntriesForReport(db, deliberationId, ["phase_changed", "comment_hidden", "comment_restored", "thresholds_changed"], until);
  const carried = await carriedOverFor(db, deliberationId, [...versionOfProposal.keys()]);

  return {
    deliberation: {
      title: deliberation.title,
      question: deliberation.question,
      description: deliberation.description,
      convener: options.convener?.trim() || DEFAULT_CONVENER,
      attributionMode: deliberation.attributionMode,
      // the groups as compared (k-protected), so the weighting sentence names no group under k
      groups: consensus.groups.map((g) => ({ name: g.name, targetShare: g.targetShare })),
    },
    round: { number: round.number, phase: round.phase, openedAt: round.opened_at, votingOpenedAt: round.voting_opened_at, closedAt: round.closed_at },
    rounds: rounds.length,
    consensus,
    versions: source.ballot.map((v) => ({
      versionId: v.versionId,
      proposalId: v.proposalId,
      proposalNumber: numberOf.get(v.proposalId) ?? 0,
      versionNumber: v.versionNumber,
      title: v.title,
      statement: v.statement,
      category: v.category,
      scope: v.scope,
      indicator: v.indicator,
      thresholdValue: v.thresholdValue,
      thresholdUnit: v.thresholdUnit,
      trigger: v.trigger,
      response: v.response,
      evidenceLinks: [...v.evidenceLinks],
    })),
    categoryLabels: await storedCategoryLabels(db, deliberationId),
    comments: args.map((c) => ({ versionId: versionOfProposal.get(c.proposal_id)!, stance: c.stance, body: c.body })),
    movement,
    namesToRedact: names,
    summary: options.summary,
    sectionNotes: { ...options.notes },
    generatedAt: options.generatedAt,
    processEvents: {
      rounds: rounds.filter((r) => r.number <= round.number).map((r) => ({ number: r.number, openedAt: r.opened_at, votingOpenedAt: r.voting_opened_at, closedAt: r.closed_at })),
      entries: entries.map((e) => ({ kind: e.kind, subjectId: e.subject_id, before: e.before, after: e.after, at: e.at })),
      roundNumbers: Object.fromEntries(rounds.map((r) => [r.id, r.number])),
    },
    ...(carried.size > 0 ? { carriedOver: Object.fromEntries([...carried].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) } : {}),
  };
}

/** Load and build: the report model of one round (closed, or a preview of an open one). */
export async function buildReport(db: Executor, deliberationId: string, roundId: string, options: ReportOptions): Promise<ReportModel> {
  return buildReportModel(await loadReportInput(db, deliberationId, roundId, options));
}
