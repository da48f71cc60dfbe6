/**
 * The declared-group view of every statement: per stakeholder group (or region) counts, agree rate
 * with a 95 % Wilson interval, turnout; bridging agreement (the lowest group's rate) and balanced
 * agreement (groups weighted by target share, not head-count).
 */
import type { SparseMatrix } from "./sparse-matrix";
import { wilsonInterval } from "./stats";
import type { Interval } from "./types";

export interface GroupStat {
  groupId: string;
  agree: number;
  disagree: number;
  pass: number;
  n: number;
  agreeRate: number | null;
  interval: Interval | null;
  meanConfidence: number | null;
}

export interface StatementGroupView {
  overall: GroupStat;
  groups: GroupStat[];
  /** lowest agree rate among groups with votes; null if no group has votes */
  bridging: { groupId: string; rate: number } | null;
  /** Σ share × rate over groups with votes, renormalised by the shares present */
  balanced: number | null;
  passRate: number | null;
}

export interface DeclaredGroupsInput {
  groups: { id: string; targetShare: number }[];
  /** declared group id per participant index (null: none) */
  groupOf: (string | null)[];
}

export function computeDeclaredGroups(m: SparseMatrix, input: DeclaredGroupsInput): StatementGroupView[] {
  const S = m.statementCount;
  const G = input.groups.length;
  const gIndex = new Map(input.groups.map((g, i) => [g.id, i]));
  // counts[(g * S + j) * 3 + k], k: agree, disagree, pass; g = G is "overall"
  const counts = new Float64Array((G + 1) * S * 3);
  const confSum = new Float64Array((G + 1) * S);
  const confN = new Float64Array((G + 1) * S);
  for (let i = 0; i < m.participantCount; i++) {
    const gid = input.groupOf[i] ?? null;
    const g = gid === null ? -1 : gIndex.get(gid) ?? -1;
    for (let p = m.rowStart[i]!; p < m.rowStart[i + 1]!; p++) {
      const j = m.cols[p]!;
      const v = m.values[p]!;
      const k = v === 1 ? 0 : v === -1 ? 1 : 2;
      counts[(G * S + j) * 3 + k]! += 1;
      const conf = m.confidences[p]!;
      if (!Number.isNaN(conf)) {
        confSum[G * S + j]! += conf;
        confN[G * S + j]! += 1;
      }
      if (g >= 0) {
        counts[(g * S + j) * 3 + k]! += 1;
        if (!Number.isNaN(conf)) {
          confSum[g * S + j]! += conf;
          confN[g * S + j]! += 1;
        }
      }
    }
  }
  const stat = (g: number, j: number, groupId: string): GroupStat => {
    const base = (g * S + j) * 3;
    const agree = counts[base]!;
    const disagree = counts[base + 1]!;
    const pass = counts[base + 2]!;
    const n = agree + disagree + pass;
    const cn = confN[g * S + j]!;
    return {
      groupId,
      agree,
      disagree,
      pass,
      n,
      agreeRate: n > 0 ? agree / n : null,
      interval: n > 0 ? wilsonInterval(agree, n) : null,
      meanConfidence: cn > 0 ? confSum[g * S + j]! / cn : null,
    };
  };
  const out: StatementGroupView[] = [];
  for (let j = 0; j < S; j++) {
    const overall = stat(G, j, "all");
    const groups = input.groups.map((g, gi) => stat(gi, j, g.id));
    let bridging: StatementGroupView["bridging"] = null;
    let weighted = 0;
    let shares = 0;
    for (const [gi, gs] of groups.entries()) {
      if (gs.agreeRate === null) continue;
      if (!bridging || gs.agreeRate < bridging.rate) bridging = { groupId: gs.groupId, rate: gs.agreeRate };
      const share = input.groups[gi]!.targetShare;
      if (share > 0) {
        weighted += share * gs.agreeRate;
        shares += share;
      }
    }
    out.push({
      overall,
      groups,
      bridging,
      balanced: shares > 0 ? weighted / shares : null,
      passRate: overall.n > 0 ? overall.pass / overall.n : null,
    });
  }
  return out;
}

/** Participants per declared group who cast at least one vote, and the eligible count. */
export function declaredTurnout(m: SparseMatrix, input: DeclaredGroupsInput, eligible: Map<string, number>) {
  const voted = new Map<string, number>();
  for (let i = 0; i < m.participantCount; i++) {
    if (m.rowStart[i + 1]! === m.rowStart[i]!) continue;
    const g = input.groupOf[i];
    if (g) voted.set(g, (voted.get(g) ?? 0) + 1);
  }
  return input.groups.map((g) => {
    const e = eligible.get(g.id) ?? 0;
    const v = voted.get(g.id) ?? 0;
    return { groupId: g.id, eligible: e, voted: v, turnout: e > 0 ? v / e : null };
  });
}
