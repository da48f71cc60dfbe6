import type { Movement } from "../consensus/movement";
import { opinionGroupName } from "../consensus/engine";
import { t } from "../i18n/i18n";
import type { MemberContext } from "./access.server";
import { movementFor, readRoundConsensus, type NamedStat } from "./consensus-service.server";

const bars = (stats: NamedStat[]) => stats.map((g) => ({ name: g.name, rate: g.agreeRate, low: g.interval?.low ?? null, high: g.interval?.high ?? null, n: g.n }));

/**
 * The consensus part of the results page, shaped for the UI: the board, per-statement reasons and
 * bars, the opinion map (highlighting a stakeholder group; no point carries an identifier),
 * representative statements and movement. Reads the cache only.
 */
export async function buildConsensusView(ctx: MemberContext, round: { id: string; number: number }, roundRefs: { id: string; number: number }[], highlightGroup: string | null) {
  const cached = await readRoundConsensus(ctx.deliberation.id, round.id);
  if (cached.status === "computing") return { status: "computing" as const };
  const r = cached.result;
  const movement: Map<string, Movement[]> = await movementFor(ctx.deliberation.id, roundRefs, r);
  const titles = new Map(r.statements.map((s) => [s.versionId, s.title]));
  const labels = r.opinion.groupSizes.map((_, g) => opinionGroupName(g));
  const validFilter = highlightGroup && ctx.deliberation.groups.some((g) => g.id === highlightGroup) ? highlightGroup : null;
  const points = r.opinion.points.map((p) => ({ x: p.x, y: p.y, group: p.group, highlighted: validFilter === null || p.stakeholderGroupId === validFilter }));
  return {
    status: "ready" as const,
    stale: cached.stale,
    computedAt: r.computedAt,
    voters: r.voters,
    thresholds: r.thresholds,
    comparedByOpinion: r.statements.some((s) => s.comparedBy === "opinion_groups"),
    board: r.statements.map((s) => ({ versionId: s.versionId, proposalId: s.proposalId, title: s.title, classification: s.classification, reason: s.reason, sides: s.sides })),
    byVersion: Object.fromEntries(
      r.statements.map((s) => [
        s.versionId,
        {
          classification: s.classification,
          reason: s.reason,
          bars: bars(s.groups.filter((g) => g.n > 0 || ctx.deliberation.groups.length > 0)),
          regionBars: bars(s.regions),
          bridging: s.bridging,
          balanced: s.balanced,
          gic: s.groupInformedConsensus,
          movement: (movement.get(s.proposalId) ?? []).filter((m) => m.to === round.number),
        },
      ]),
    ),
    map: {
      points,
      labels: labels.map((l, g) => t("consensus.opinionGroup", { label: l }) + ` (${r.opinion.groupSizes[g]})`),
      description: t("consensus.mapDesc", {
        points: points.length,
        k: r.opinion.k,
        groups: labels.map((l, g) => t("consensus.mapGroup", { label: l, n: r.opinion.groupSizes[g] })).join(", "),
      }),
      filter: validFilter,
    },
    representative: r.opinion.representative.map((rep) => ({
      label: labels[rep.group] ?? String(rep.group),
      statements: rep.statements.map((s) => ({ title: titles.get(s.versionId) ?? "", direction: s.direction, probability: s.probability, ratio: s.ratio })),
    })),
  };
}
