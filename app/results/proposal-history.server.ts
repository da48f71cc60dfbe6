/**
 * "What happened to my proposal": each proposal a member authored, round by round — proposed,
 * revised or carried over, frozen for voting, merged into another or withdrawn (with the reason) —
 * and how the vote went in each round whose results the member may see (the cached results
 * only; a read never computes).
 */
import type { Classification } from "../consensus/types";
import type { Reason } from "../consensus/codify";
import { toRoundView, type MemberContext } from "../deliberation/access.server";
import { findLatestTitles, listOwnProposalVersions } from "../deliberation/proposal-history-repository.server";
import { TEXT_FIELDS } from "../deliberation/proposal-service.server";
import { listRounds } from "../deliberation/round-repository.server";
import { nameableSides } from "./headline";
import { canSeeResults } from "./live-counts.server";
import { readRoundConsensus, type RoundConsensus } from "./round-results.server";

export type HistoryEvent =
  | { kind: "proposed" | "revised" | "carried" | "frozen"; version: number }
  | { kind: "withdrawn"; reason: string | null }
  | { kind: "merged"; into: { id: string; title: string }; reason: string | null };

export type RoundOutcome =
  | { status: "ready"; versionId: string; classification: Classification; reason: Reason; sides: { for: string[]; against: string[] } | null; agreeRate: number | null; votes: number }
  | { status: "pending" | "computing" };

export interface ProposalHistory {
  id: string;
  title: string;
  status: "active" | "withdrawn" | "merged";
  rounds: { number: number; events: HistoryEvent[]; outcome: RoundOutcome | null }[];
}

export async function myProposalHistory(ctx: MemberContext): Promise<ProposalHistory[]> {
  const db = ctx.app.db;
  const rows = await listOwnProposalVersions(db, ctx.deliberation.id, ctx.membership.id);
  if (rows.length === 0) return [];
  const rounds = (await listRounds(db, ctx.deliberation.id)).map(toRoundView);
  const roundById = new Map(rounds.map((r) => [r.id, r]));
  const mergedTitles = await findLatestTitles(db, ctx.deliberation.id, [...new Set(rows.flatMap((r) => (r.merged_into_id ? [r.merged_into_id] : [])))]);
  const isFacilitator = ctx.membership.role === "facilitator";

  // each round's cached results, read once and only when this member may see them
  const results = new Map<string, RoundConsensus | "computing" | "pending">();
  const resultsOf = async (roundId: string) => {
    if (!results.has(roundId)) {
      const round = roundById.get(roundId);
      if (!round || !canSeeResults(ctx, round)) results.set(roundId, "pending");
      else {
        const cached = await readRoundConsensus(db, ctx.deliberation.id, roundId);
        results.set(roundId, cached.status === "ready" ? cached.result : "computing");
      }
    }
    return results.get(roundId)!;
  };

  const byProposal = new Map<string, typeof rows>();
  for (const r of rows) byProposal.set(r.proposal_id, [...(byProposal.get(r.proposal_id) ?? []), r]);
  const out: ProposalHistory[] = [];
  for (const versions of byProposal.values()) {
    const first = versions[0]!;
    const perRound = new Map<string, ProposalHistory["rounds"][number]>();
    const entry = (roundId: string) => {
      let e = perRound.get(roundId);
      if (!e) perRound.set(roundId, (e = { number: roundById.get(roundId)?.number ?? 0, events: [], outcome: null }));
      return e;
    };
    for (const [i, v] of versions.entries()) {
      const e = entry(v.round_id);
      const prev = versions[i - 1];
      const kind = !prev ? "proposed" : TEXT_FIELDS.every((f) => prev[f] === v[f]) ? "carried" : "revised";
      e.events.push({ kind, version: v.version_number });
      if (v.frozen_at !== null) {
        e.events.push({ kind: "frozen", version: v.version_number });
        const r = await resultsOf(v.round_id);
        const s = typeof r === "string" ? undefined : r.statements.find((st) => st.versionId === v.version_id);
        e.outcome =
          typeof r === "string"
            ? { status: r }
            : s
              ? { status: "ready", versionId: v.version_id, classification: s.classification, reason: s.reason, sides: nameableSides(s, r.minGroupSize, isFacilitator), agreeRate: s.overall.agreeRate, votes: s.overall.n }
              : null;
      }
    }
    if (first.status !== "active") {
      // an older row whose round is unknown: the change is shown in the latest round it has a version in
      const e = entry(first.status_round_id ?? versions[versions.length - 1]!.round_id);
      e.events.push(
        first.status === "withdrawn"
          ? { kind: "withdrawn", reason: first.status_reason }
          : { kind: "merged", into: { id: first.merged_into_id ?? "", title: mergedTitles.get(first.merged_into_id ?? "") ?? "" }, reason: first.status_reason },
      );
    }
    out.push({ id: first.proposal_id, title: versions[versions.length - 1]!.title, status: first.status, rounds: [...perRound.values()].sort((a, b) => a.number - b.number) });
  }
  return out;
}
