/**
 * A carried red line's history in earlier deliberations (docs/decisions/049): plain JSON, frozen
 * when a deliberation is continued, so it survives the source being edited or deleted. Pure: no I/O.
 */
import type { Classification } from "../consensus/types";

/** One version of the red line in an earlier deliberation (its texts as they were). */
export interface LineageVersion {
  id: string;
  number: number;
  roundNumber: number;
  title: string;
  statement: string;
  rationale: string;
  category: string;
  indicator: string;
  thresholdValue: string;
  thresholdUnit: string;
  trigger: string;
  response: string;
  scope: string;
  evidenceLinks: string;
  frozenAt: string | null;
}

/** Its overall result in one closed round, exactly as that round's snapshot gives it. */
export interface LineageResult {
  roundId: string;
  roundNumber: number;
  versionNumber: number;
  agree: number;
  disagree: number;
  pass: number;
  total: number;
  agreeRate: number | null;
  classification: Classification;
}

/** The red line's time in one earlier deliberation. */
export interface LineageStage {
  deliberationId: string;
  deliberationTitle: string;
  proposalId: string;
  /** the closed round it was continued from */
  continuedFromRound: number;
  continuedAt: string;
  /** the latest published report version up to that round when it was continued (links look again at view time) */
  reportVersion: number | null;
  versions: LineageVersion[];
  results: LineageResult[];
}

/** Stages as stored; anything malformed reads as no history rather than failing the page. */
export function parseStages(json: string): LineageStage[] {
  try {
    const raw: unknown = JSON.parse(json);
    return Array.isArray(raw) ? (raw as LineageStage[]) : [];
  } catch {
    return [];
  }
}

/** The result of the round a stage was continued from (what "where it had …" quotes). */
export function continuedResult(stage: LineageStage): LineageResult | null {
  return stage.results.find((r) => r.roundNumber === stage.continuedFromRound) ?? null;
}
