/**
 * Labelled re-analyses of a closed round. The official result of a closed round uses the
 * thresholds frozen at close; a facilitator who wants other thresholds on an old round creates a
 * re-analysis: the same snapshot with the deliberation's current thresholds, shown under its own
 * label, never overwriting the original.
 */
import { z } from "zod";
import { newId } from "../auth/crypto.server";
import type { Thresholds } from "../consensus/types";
import type { Executor } from "../../db/connection";
import type { MemberContext } from "../deliberation/access.server";
import { effectiveThresholds } from "../deliberation/consensus-settings";
import { assertAllowed, assertFound, assertNoConflict, refuseFields } from "../refusal";
import { t } from "../i18n/i18n";
import { findSnapshot } from "./results-source.server";
import { computeAnalysis } from "./round-results.server";
import { insertAnalysis, listAnalyses } from "./snapshot-repository.server";
import type { RoundConsensus } from "./round-consensus";

export const AnalysisSchema = z.object({
  label: z.string({ required_error: "validation.required" }).trim().min(1, "validation.required").max(120, "validation.tooLong"),
});

export interface AnalysisView {
  id: string;
  label: string;
  createdAt: string;
  thresholds: Thresholds;
}

function parse(row: { id: string; label: string; thresholds: string; created_at: string }): AnalysisView {
  return { id: row.id, label: row.label, createdAt: row.created_at, thresholds: JSON.parse(row.thresholds) as Thresholds };
}

/** The labelled re-analyses of a round, oldest first. */
export async function listRoundAnalyses(db: Executor, roundId: string): Promise<AnalysisView[]> {
  return (await listAnalyses(db, roundId)).map(parse);
}

/** Whether the deliberation's thresholds now differ from those a closed round was codified with. */
export async function thresholdsChangedSinceClose(ctx: MemberContext, roundId: string): Promise<boolean> {
  const frozen = await findSnapshot(ctx.app.db, roundId);
  if (!frozen) return false;
  const now = effectiveThresholds(ctx.deliberation.thresholds, ctx.deliberation.minGroupSize);
  return JSON.stringify(now) !== JSON.stringify(frozen.snapshot.thresholds);
}

/**
 * Create a re-analysis of a closed round with the current thresholds (facilitators). Refused with a
 * field message when the thresholds are those the round closed with (it would only repeat the
 * official result) or the label is already used for this round.
 */
export async function createAnalysis(ctx: MemberContext, round: { id: string; number: number; phase: string }, label: string): Promise<{ id: string }> {
  assertAllowed(ctx.membership.role === "facilitator", "errors.facilitatorsOnly");
  const notClosed = { params: { number: round.number } };
  assertNoConflict(round.phase === "closed", "analysis.errors.notClosed", notClosed);
  const frozen = await findSnapshot(ctx.app.db, round.id);
  assertNoConflict(frozen, "analysis.errors.notClosed", notClosed);
  const thresholds = effectiveThresholds(ctx.deliberation.thresholds, ctx.deliberation.minGroupSize);
  if (JSON.stringify(thresholds) === JSON.stringify(frozen.snapshot.thresholds)) refuseFields({ label: [t("analysis.errors.sameThresholds")] }, { label });
  const existing = await listAnalyses(ctx.app.db, round.id);
  if (existing.some((a) => a.label.trim().toLowerCase() === label.trim().toLowerCase())) refuseFields({ label: [t("analysis.errors.labelTaken")] }, { label });
  const id = newId();
  await insertAnalysis(ctx.app.db, {
    id,
    round_id: round.id,
    label,
    thresholds: JSON.stringify(thresholds),
    created_by: ctx.membership.id,
    created_at: new Date().toISOString(),
  });
  return { id };
}

// Re-analyses are computed from the snapshot on demand and kept for a while (bounded).
const computed = new Map<string, RoundConsensus>();

/** One re-analysis' results, computed from the round's snapshot with its own thresholds. */
export async function loadAnalysis(db: Executor, roundId: string, analysisId: string): Promise<{ analysis: AnalysisView; result: RoundConsensus }> {
  const analysis = (await listRoundAnalyses(db, roundId)).find((a) => a.id === analysisId);
  assertFound(analysis, "analysis.errors.notFound");
  let result = computed.get(analysisId);
  if (!result) {
    result = (await computeAnalysis(db, roundId, analysis.thresholds)) ?? undefined;
    assertFound(result, "analysis.errors.notFound");
    if (computed.size >= 16) computed.delete(computed.keys().next().value!);
    computed.set(analysisId, result);
  }
  return { analysis, result };
}
