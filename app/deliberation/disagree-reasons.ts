/**
 * Why a participant disagreed or passed (optional, one tap): a disagreement of fact (evidence,
 * timeline, threshold value) or of value (priorities), or about the text itself (wording, scope).
 * Results split each crux by these.
 */
export const DISAGREE_REASONS = ["evidence", "values", "timeline", "threshold", "wording"] as const;
export type DisagreeReason = (typeof DISAGREE_REASONS)[number];
