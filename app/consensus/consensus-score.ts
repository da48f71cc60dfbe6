/**
 * A cross-group consensus score that does not shrink with the number of groups.
 *
 * Polis's group-informed consensus is the product over groups of (A + 1)/(S + 2): six groups that
 * each agree at 80 % give 0.26, twelve give 0.07, so the same agreement reads as "no consensus" once
 * the assembly is cut finer. The score here is the geometric mean of a per-group estimate instead:
 * adding a group that agrees as much as the others leaves it unchanged.
 *
 * Per group g with A agrees among n votes (passes count in n):
 *   estimate = min(A/n, (A + ½)/(n + 1))  — the Jeffreys posterior mean may pull a high agree rate
 *              down towards ½ when votes are few; it never lifts a low one (min with the raw rate);
 *   engagement = min(1, n / m)             — a group with fewer than m votes (m = the minimum group
 *              size of the thresholds) counts in proportion to its votes; none at all counts as 0.
 * score = (∏g estimate·engagement)^(1/G), over every group compared. With fixed agree rates, more
 * votes never lower the score and fewer never raise it.
 */

export interface GroupVotes {
  agree: number;
  /** votes cast in the group on the statement (agree + disagree + pass) */
  n: number;
}

/** One group's penalised agreement estimate (see the module comment); 0 without votes. */
export function groupAgreementEstimate(g: GroupVotes, minVotes: number): number {
  if (!(g.n > 0)) return 0;
  const raw = g.agree / g.n;
  const jeffreys = (g.agree + 0.5) / (g.n + 1);
  const engagement = minVotes > 0 ? Math.min(1, g.n / minVotes) : 1;
  return Math.min(raw, jeffreys) * engagement;
}

/**
 * The geometric-mean consensus score over the groups compared; null when there is no group.
 * `minVotes` is the engagement threshold (a group with fewer votes is penalised).
 */
export function consensusScore(groups: readonly GroupVotes[], minVotes: number): number | null {
  if (groups.length === 0) return null;
  let logSum = 0;
  for (const g of groups) {
    const e = groupAgreementEstimate(g, minVotes);
    if (e <= 0) return 0;
    logSum += Math.log(e);
  }
  return Math.exp(logSum / groups.length);
}
