/**
 * What may happen in each phase of a round. Pure and shared by services (to refuse) and UI
 * (to say what can be done now).
 */
export const PHASES = ["proposing", "discussing", "voting", "closed"] as const;
export type Phase = (typeof PHASES)[number];

export type PhaseAction = "propose" | "edit_proposal" | "revise" | "vote" | "withdraw" | "merge" | "comment" | "adopt_draft";

const ALLOWED: Record<PhaseAction, readonly Phase[]> = {
  propose: ["proposing"],
  edit_proposal: ["proposing", "discussing"],
  revise: ["proposing", "discussing"],
  vote: ["voting"],
  withdraw: ["proposing", "discussing", "closed"],
  merge: ["proposing", "discussing", "closed"],
  comment: ["discussing"],
  /** a co-drafted amendment becomes the statement; drafts are co-edited while discussing only */
  adopt_draft: ["discussing"],
};

export function isAllowedInPhase(action: PhaseAction, phase: Phase | null): boolean {
  return phase !== null && ALLOWED[action].includes(phase);
}

export function phasesAllowing(action: PhaseAction): readonly Phase[] {
  return ALLOWED[action];
}

/** The phase after this one, or null when the round is closed. */
export function nextPhase(phase: Phase): Phase | null {
  const i = PHASES.indexOf(phase);
  return i >= 0 && i < PHASES.length - 1 ? PHASES[i + 1]! : null;
}
