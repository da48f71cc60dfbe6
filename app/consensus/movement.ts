/** Round-over-round movement of one proposal: did the Delphi round converge? */
export interface RoundPoint {
  round: number;
  agreeRate: number | null;
  /** max − min agree rate across groups; null with fewer than two groups */
  spread: number | null;
}

/**
 * converged: the groups came closer (spread narrowed by at least epsilon) and agreement did not fall;
 * agreement_fell: the groups came closer, but on less support (not convergence on the red line);
 * diverged: the spread widened by at least epsilon; steady: neither.
 */
export type MovementVerdict = "converged" | "agreement_fell" | "diverged" | "steady";

export interface Movement {
  from: number;
  to: number;
  agreeChange: number | null;
  spreadChange: number | null;
  /** verdict === "converged"; null when either change is unknown */
  converged: boolean | null;
  verdict: MovementVerdict | null;
}

// rates are ratios of small integers: a difference this small is rounding, not a fall
const FLOAT_NOISE = 1e-9;

export function movementVerdict(agreeChange: number | null, spreadChange: number | null, epsilon: number): MovementVerdict | null {
  if (agreeChange === null || spreadChange === null) return null;
  if (spreadChange <= -epsilon) return agreeChange >= -FLOAT_NOISE ? "converged" : "agreement_fell";
  return spreadChange >= epsilon ? "diverged" : "steady";
}

export function computeMovement(points: readonly RoundPoint[], epsilon = 0.02): Movement[] {
  const sorted = [...points].sort((a, b) => a.round - b.round);
  const out: Movement[] = [];
  for (let i = 1; i < sorted.length; i++) {
    const a = sorted[i - 1]!;
    const b = sorted[i]!;
    const spreadChange = a.spread !== null && b.spread !== null ? b.spread - a.spread : null;
    const agreeChange = a.agreeRate !== null && b.agreeRate !== null ? b.agreeRate - a.agreeRate : null;
    const verdict = movementVerdict(agreeChange, spreadChange, epsilon);
    out.push({ from: a.round, to: b.round, agreeChange, spreadChange, converged: verdict === null ? null : verdict === "converged", verdict });
  }
  return out;
}
