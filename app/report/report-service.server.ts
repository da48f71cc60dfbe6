/**
 * Loads everything a report needs for one round (through repositories, every query scoped by the
 * deliberation) and builds the report model. The round's cached consensus is recomputed first
 * when it is missing or stale, so the report always shows the numbers of the current votes.
 */
import type { Executor } from "../../db/connection";
import type { Movement } from "../consensus/movement";
import { getDb } from "../db.server";
import { loadDeliberationView } from "../deliberation/access.server";
import { findCachedResults, resultsStamp } from "../deliberation/consensus-repository.server";
import { movementFor, recomputeRound, type RoundConsensus } from "../deliberation/consensus-service.server";
import { findRound, listRounds } from "../deliberation/round-repository.server";
import { buildReportModel, NOT_STATED_LABEL, type ParticipationRow, type ReportInput, type SectionKey } from "./build-report";
import { listBallot } from "../deliberation/proposal-repository.server";
import { listNamesToRedact, listParticipation, listProposalOrder, listVisibleArguments } from "./report-repository.server";
import type { ReportModel } from "./report-types";

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

/** The round's consensus, recomputed when there is no cache or the cache is stale. */
async function freshConsensus(db: Executor, deliberationId: string, roundId: string): Promise<RoundConsensus | null> {
  const [stamp, cached] = await Promise.all([resultsStamp(db, deliberationId, roundId), findCachedResults(db, roundId)]);
  if (cached && cached.stamp === stamp) return JSON.parse(cached.payload) as RoundConsensus;
  return recomputeRound(deliberationId, roundId, db);
}

function parseLinks(json: string): string[] {
  try {
    const raw: unknown = JSON.parse(json);
    return Array.isArray(raw) ? raw.filter((x): x is string => typeof x === "string") : [];
  } catch {
    return [];
  }
}

function tally(
  rows: { groupId: string | null; regionId: string | null; voted: boolean }[],
  keyOf: (r: { groupId: string | null; regionId: string | null }) => string | null,
  named: { id: string; name: string }[],
): ParticipationRow[] {
  const counts = new Map<string | null, { participants: number; voters: number }>();
  for (const r of rows) {
    const key = keyOf(r);
    const known = key !== null && named.some((n) => n.id === key) ? key : null;
    const c = counts.get(known) ?? { participants: 0, voters: 0 };
    c.participants++;
    if (r.voted) c.voters++;
    counts.set(known, c);
  }
  const out: ParticipationRow[] = named.map((n) => ({ name: n.name, ...(counts.get(n.id) ?? { participants: 0, voters: 0 }) }));
  const none = counts.get(null);
  if (none) out.push({ name: NOT_STATED_LABEL, ...none });
  return out;
}

/** Everything `buildReportModel` needs, read from the database. Throws ReportNotFoundError for an unknown deliberation or round. */
export async function loadReportInput(deliberationId: string, roundId: string, options: ReportOptions, db: Executor = getDb()): Promise<ReportInput> {
  const deliberation = await loadDeliberationView(deliberationId, db);
  if (!deliberation) throw new ReportNotFoundError("deliberation not found");
  const round = await findRound(db, deliberationId, roundId);
  if (!round) throw new ReportNotFoundError("round not found");
  const rounds = await listRounds(db, deliberationId);

  const consensus = await freshConsensus(db, deliberationId, roundId);
  if (!consensus) throw new ReportNotFoundError("deliberation not found");

  // Earlier rounds: make sure their results are cached and fresh so movement can be computed.
  const earlier = rounds.filter((r) => r.number < round.number && (r.phase === "voting" || r.phase === "closed"));
  for (const r of earlier) await freshConsensus(db, deliberationId, r.id);
  const movementMap = await movementFor(
    deliberationId,
    [...earlier, round].map((r) => ({ id: r.id, number: r.number })),
    consensus,
  );
  const movement: Record<string, Movement[]> = {};
  for (const [proposalId, list] of [...movementMap].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) movement[proposalId] = list;

  const [ballot, proposalOrder, participation, names] = await Promise.all([
    listBallot(db, deliberationId, roundId),
    listProposalOrder(db, deliberationId),
    listParticipation(db, deliberationId, roundId),
    listNamesToRedact(db, deliberationId),
  ]);
  const numberOf = new Map(proposalOrder.map((id, i) => [id, i + 1]));
  const versionOfProposal = new Map(ballot.map((v) => [v.proposal_id, v.id]));
  const args = await listVisibleArguments(db, deliberationId, [...versionOfProposal.keys()], round.phase === "closed" ? round.closed_at : null);

  return {
    deliberation: {
      title: deliberation.title,
      question: deliberation.question,
      description: deliberation.description,
      convener: options.convener?.trim() || DEFAULT_CONVENER,
      attributionMode: deliberation.attributionMode,
      minGroupSize: deliberation.minGroupSize,
      groups: deliberation.groups.map((g) => ({ name: g.name, targetShare: g.targetShare })),
    },
    round: { number: round.number, phase: round.phase, openedAt: round.opened_at, votingOpenedAt: round.voting_opened_at, closedAt: round.closed_at },
    rounds: rounds.length,
    consensus,
    versions: ballot.map((v) => ({
      versionId: v.id,
      proposalId: v.proposal_id,
      proposalNumber: numberOf.get(v.proposal_id) ?? 0,
      versionNumber: v.version_number,
      title: v.title,
      statement: v.statement,
      category: v.category,
      scope: v.scope,
      indicator: v.indicator,
      thresholdValue: v.threshold_value,
      thresholdUnit: v.threshold_unit,
      trigger: v.trigger,
      response: v.response,
      evidenceLinks: parseLinks(v.evidence_links),
    })),
    participation: {
      participants: consensus.participants,
      voters: consensus.voters,
      byGroup: tally(participation, (r) => r.groupId, deliberation.groups),
      byRegion: tally(participation, (r) => r.regionId, deliberation.regions),
    },
    comments: args.map((c) => ({ versionId: versionOfProposal.get(c.proposal_id)!, stance: c.stance, body: c.body })),
    movement,
    namesToRedact: names,
    summary: options.summary,
    sectionNotes: { ...options.notes },
    generatedAt: options.generatedAt,
  };
}

/** Load and build: the report model of one round (closed, or a preview of an open one). */
export async function buildReport(deliberationId: string, roundId: string, options: ReportOptions, db: Executor = getDb()): Promise<ReportModel> {
  return buildReportModel(await loadReportInput(deliberationId, roundId, options, db));
}
