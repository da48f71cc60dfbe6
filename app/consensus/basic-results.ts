/**
 * Basic per-statement results: counts, agree rate overall and per declared stakeholder group,
 * turnout per group. Pure: plain arrays in, plain objects out, no I/O, deterministic.
 */
export type Choice = "agree" | "disagree" | "pass";

export interface VoteFact {
  statementId: string;
  voterId: string;
  choice: Choice;
  confidence: number | null;
  groupId: string | null;
}

export interface VoterFact {
  voterId: string;
  groupId: string | null;
}

export interface Counts {
  agree: number;
  disagree: number;
  pass: number;
  total: number;
  /** agree / total votes cast (passes count in the denominator); null when nobody voted */
  agreeRate: number | null;
  meanConfidence: number | null;
}

export interface GroupTurnout {
  groupId: string | null;
  eligible: number;
  voted: number;
  turnout: number | null;
}

export interface StatementCounts {
  statementId: string;
  overall: Counts;
  byGroup: { groupId: string | null; counts: Counts }[];
}

export interface BasicResults {
  statements: StatementCounts[];
  turnout: GroupTurnout[];
  voters: number;
  eligible: number;
}

function emptyCounts(): Counts {
  return { agree: 0, disagree: 0, pass: 0, total: 0, agreeRate: null, meanConfidence: null };
}

function finish(c: Counts, confidenceSum: number, confidenceN: number): Counts {
  return {
    ...c,
    agreeRate: c.total > 0 ? c.agree / c.total : null,
    meanConfidence: confidenceN > 0 ? confidenceSum / confidenceN : null,
  };
}

/**
 * @param statementIds the ballot, in display order (statements nobody voted on still appear)
 * @param groupIds declared groups in display order; votes from members without a group are
 *   counted overall and reported under `groupId: null` only if any exist
 * @param votes one row per voter and statement (duplicates: the last one wins)
 * @param voters everyone eligible to vote, for turnout
 */
export function computeBasicResults(statementIds: readonly string[], groupIds: readonly string[], votes: readonly VoteFact[], voters: readonly VoterFact[]): BasicResults {
  const latest = new Map<string, VoteFact>();
  for (const v of votes) latest.set(`${v.statementId}\u0000${v.voterId}`, v);
  const known = new Set(statementIds);
  type Acc = { c: Counts; cs: number; cn: number };
  const acc = new Map<string, Map<string | null, Acc>>();
  const overall = new Map<string, Acc>();
  for (const id of statementIds) {
    overall.set(id, { c: emptyCounts(), cs: 0, cn: 0 });
    acc.set(id, new Map());
  }
  const votedBy = new Set<string>();
  const add = (a: Acc, v: VoteFact) => {
    a.c[v.choice] += 1;
    a.c.total += 1;
    if (v.confidence !== null && Number.isFinite(v.confidence)) {
      a.cs += v.confidence;
      a.cn += 1;
    }
  };
  for (const v of latest.values()) {
    if (!known.has(v.statementId)) continue;
    votedBy.add(v.voterId);
    add(overall.get(v.statementId)!, v);
    const groups = acc.get(v.statementId)!;
    if (!groups.has(v.groupId)) groups.set(v.groupId, { c: emptyCounts(), cs: 0, cn: 0 });
    add(groups.get(v.groupId)!, v);
  }
  const hasUngrouped = voters.some((v) => v.groupId === null) || votes.some((v) => v.groupId === null);
  const groupOrder: (string | null)[] = [...groupIds, ...(hasUngrouped ? [null] : [])];
  const statements = statementIds.map((id) => {
    const o = overall.get(id)!;
    const groups = acc.get(id)!;
    return {
      statementId: id,
      overall: finish(o.c, o.cs, o.cn),
      byGroup: groupOrder.map((g) => {
        const a = groups.get(g);
        return { groupId: g, counts: a ? finish(a.c, a.cs, a.cn) : emptyCounts() };
      }),
    };
  });
  const turnout = groupOrder.map((g) => {
    const eligible = voters.filter((v) => v.groupId === g);
    const voted = eligible.filter((v) => votedBy.has(v.voterId)).length;
    return { groupId: g, eligible: eligible.length, voted, turnout: eligible.length ? voted / eligible.length : null };
  });
  const eligibleIds = new Set(voters.map((v) => v.voterId));
  return {
    statements,
    turnout,
    voters: [...votedBy].filter((id) => eligibleIds.has(id)).length,
    eligible: voters.length,
  };
}
