/** What the action log records (docs/decisions/044). Shared by the service, the page's filter and the report. */
export const ACTION_KINDS = [
  "round_opened",
  "phase_changed",
  "settings_changed",
  "attribution_changed",
  "thresholds_changed",
  "ballot_order_changed",
  "typed_fields_changed",
  "public_reports_changed",
  "category_added",
  "category_renamed",
  "category_retired",
  "category_restored",
  "member_removed",
  "comment_hidden",
  "comment_restored",
  "proposal_merged",
  "proposal_withdrawn",
  "report_published",
  "deliberation_archived",
  "deliberation_unarchived",
  "deliberation_deleted",
  "continued_from",
  "continued_into",
  "reminders_sent",
  "member_promoted",
  "member_demoted",
  "ownership_transferred",
  "member_voting_changed",
] as const;
export type ActionKind = (typeof ACTION_KINDS)[number];

export type ActionSubjectType = "deliberation" | "round" | "proposal" | "comment" | "membership" | "category" | "report";

export function isActionKind(value: unknown): value is ActionKind {
  return typeof value === "string" && (ACTION_KINDS as readonly string[]).includes(value);
}
