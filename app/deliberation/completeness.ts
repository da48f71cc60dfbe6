/** The parts a red line is encouraged to have, in the order the form asks for them. */
export const ENCOURAGED_PARTS = ["indicator", "threshold", "ifThen", "evidence"] as const;
export type EncouragedPart = (typeof ENCOURAGED_PARTS)[number];

export interface RedLineParts {
  indicator?: string;
  thresholdValue?: string;
  thresholdUnit?: string;
  trigger?: string;
  response?: string;
  /** the form's text (one link a line) or a stored version's list */
  evidenceLinks?: string | readonly string[];
}

const filled = (v: string | undefined) => (v ?? "").trim() !== "";

/** What a red line still lacks (pure: the form's live hint and the proposal page use the same rule). */
export function missingParts(v: RedLineParts): EncouragedPart[] {
  const evidence = typeof v.evidenceLinks === "string" ? filled(v.evidenceLinks) : (v.evidenceLinks ?? []).length > 0;
  const has: Record<EncouragedPart, boolean> = {
    indicator: filled(v.indicator),
    threshold: filled(v.thresholdValue) && filled(v.thresholdUnit),
    ifThen: filled(v.trigger) && filled(v.response),
    evidence,
  };
  return ENCOURAGED_PARTS.filter((p) => !has[p]);
}
