/** Round-over-round movement of one proposal: did the Delphi round converge? */
export interface RoundPoint {
  round: number;
  agreeRate: number | null;
  /** max − min agree rate across groups; null with fewer than two groups */
  spread: number | null;
}

export interface Movement {
  from: number;
  to: number;
  agreeChange: number | null;
  spreadChange: number | null;
  /** spread narrowed by at least `epsilon` */
  converged: boolean | null;
}

export function computeMovement(points: readonly RoundPoint[], epsilon = 0.02): Movement[] {
  const sorted = [...points].sort((a, b) => a.round - b.round);
  const out: Movement[] = [];
  for (let i = 1; i < sorted.length; i++) {
    const a = sorted[i - 1]!;
    const b = sorted[i]!;
    const spreadChange = a.spread !== null && b.spread !== null ? b.spread - a.spread : null;
    out.push({
      from: a.round,
      to: b.round,
      agreeChange: a.agreeRate !== null && b.agreeRate !== null ? b.agreeRate - a.agreeRate : null,
      spreadChange,
      converged: spreadChange === null ? null : spreadChange <= -epsilon,
    });
  }
  return out;
}
