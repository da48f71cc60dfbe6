import { opinionGroupName } from "../consensus/engine";
import { DEFAULT_K_STREAK } from "../consensus/map-stability";
import type { Movement } from "../consensus/movement";
import type { MemberContext } from "../deliberation/access.server";
import { t } from "../i18n/i18n";
import { buildHeadline, nameableRobustness, nameableSides } from "./headline";
import { mainReason, protectReasons } from "./disagreement-reasons";
import { protectedBars, type NamedStat, type RoundConsensus } from "./round-consensus";
import { movementFor, readRoundConsensus } from "./round-results.server";

const rawBars = (stats: NamedStat[]) => stats.map((g) => ({ name: g.name, rate: g.agreeRate, low: g.interval?.low ?? null, high: g.interval?.high ?? null, n: g.n }));

/**
 * The consensus part of the results page, shaped for the UI: the board, per-statement reasons and
 * bars, the opinion map (highlighting a stakeholder group of the protected grouping; no point
 * carries an identifier), representative statements and movement. Reads the cache only.
 * Everyone but facilitators gets bars with k applied per statement (complementary suppression).
 */
export async function buildConsensusView(ctx: MemberContext, round: { id: string; number: number }, roundRefs: { id: string; number: number }[], highlightGroup: string | null, override?: RoundConsensus) {
  const cached = override ? { status: "ready" as const, result: override, stale: false } : await readRoundConsensus(ctx.app.db, ctx.deliberation.id, round.id);
  if (cached.status === "computing") return { status: "computing" as const };
  const r = cached.result;
  const movement: Map<string, Movement[]> = await movementFor(ctx.app.db, roundRefs, r);
  const titles = new Map(r.statements.map((s) => [s.versionId, s.title]));
  const labels = r.opinion.groupSizes.map((_, g) => opinionGroupName(g));
  const k = r.minGroupSize;
  const isFacilitator = ctx.membership.role === "facilitator";
  const bars = (stats: NamedStat[], overall: RoundConsensus["statements"][number]["overall"]) =>
    isFacilitator ? rawBars(stats) : protectedBars(stats, overall, k).map((b) => ({ name: b.name, rate: b.agreeRate, low: b.interval?.low ?? null, high: b.interval?.high ?? null, n: b.n }));
  // the map can highlight only groups of the protected grouping (each has at least k members)
  const filterable = r.groups.map((g) => ({ id: g.id, name: g.name }));
  const validFilter = highlightGroup && filterable.some((g) => g.id === highlightGroup) ? highlightGroup : null;
  const sides = new Map(r.statements.map((s) => [s.versionId, nameableSides(s, k, isFacilitator)]));
  const points = r.opinion.points.map((p) => ({ x: p.x, y: p.y, group: p.group, highlighted: validFilter === null || p.stakeholderGroupId === validFilter }));
  return {
    status: "ready" as const,
    stale: cached.stale,
    basis: r.basis,
    computedAt: r.computedAt,
    voters: r.voters,
    thresholds: r.thresholds,
    minGroupSize: k,
    filterGroups: filterable,
    comparedByOpinion: r.statements.some((s) => s.comparedBy === "opinion_groups"),
    headline: buildHeadline(r.statements.map((s) => ({ classification: s.classification, sides: sides.get(s.versionId) ?? null, mainReason: s.reasons ? mainReason(s.reasons.overall) : null }))),
    board: r.statements.map((s) => ({ versionId: s.versionId, proposalId: s.proposalId, title: s.title, classification: s.classification, reason: s.reason, sides: sides.get(s.versionId) ?? null })),
    byVersion: Object.fromEntries(
      r.statements.map((s) => [
        s.versionId,
        {
          classification: s.classification,
          reason: s.reason,
          sides: sides.get(s.versionId) ?? null,
          overallRate: s.overall.agreeRate,
          passRate: s.passRate,
          bars: bars(s.groups.filter((g) => g.n > 0 || ctx.deliberation.groups.length > 0), s.overall),
          regionBars: bars(s.regions, s.overall),
          bridging: s.bridging,
          balanced: s.balanced,
          score: s.consensusScore ?? null,
          movement: (movement.get(s.proposalId) ?? []).filter((m) => m.to === round.number),
          reasons: s.reasons ? (isFacilitator ? s.reasons : protectReasons(s.reasons, k)) : null,
          robustness: s.robustness ? (isFacilitator ? s.robustness : nameableRobustness(s, k)) : null,
          mf: s.mf ?? null,
          bridgingDisagreement: s.bridgingDisagreement ?? null,
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
    fdrQ: r.opinion.fdrQ,
    robustness: r.robustness ? { robust: r.robustness.summary.robust, fragile: r.robustness.summary.fragile, resamples: r.robustness.resamples } : null,
    abnormal: r.abnormal ? abnormalView(r.abnormal, k, isFacilitator) : null,
    stability: mapStabilityView(r, labels, k),
    // statements all opinion groups share: aggregate over every group, so no small-group concern
    consensusStatements: r.opinion.consensusStatements.map((s) => ({ title: titles.get(s.versionId) ?? "", direction: s.direction, probability: s.probability })),
    // an opinion group of fewer than k people is not described: its "distinct" votes would be a few people's ballots
    representative: r.opinion.representative.map((rep) => ({
      label: labels[rep.group] ?? String(rep.group),
      tooSmall: (r.opinion.groupSizes[rep.group] ?? 0) < k,
      statements: (r.opinion.groupSizes[rep.group] ?? 0) < k ? [] : rep.statements.map((s) => ({ title: titles.get(s.versionId) ?? "", direction: s.direction, probability: s.probability, ratio: s.ratio })),
    })),
  };
}

/**
 * Unusual ballots in counts. Anyone but a facilitator sees what they move only when at least k
 * ballots were flagged: "without them" for one or two people would describe their ballots.
 */
function abnormalView(a: NonNullable<RoundConsensus["abnormal"]>, k: number, isFacilitator: boolean) {
  const hidden = !isFacilitator && a.flagged.any > 0 && a.flagged.any < k;
  return {
    timing: a.timingAvailable,
    judged: a.judged.straightLine,
    agreeAll: hidden ? null : a.flagged.agree_all,
    disagreeAll: hidden ? null : a.flagged.disagree_all,
    tooFast: hidden ? null : a.flagged.too_fast,
    any: a.flagged.any,
    fewerThanK: hidden,
    fastSeconds: a.settings.fastMedianSeconds,
    changed: hidden ? null : a.changed.length,
    largestChange: hidden || !a.largestAgreeRateChange ? null : a.largestAgreeRateChange.change,
  };
}

/** The map's bootstrap stability in a reader's terms; null when it was not assessed (results from before it, or too few participants). */
function mapStabilityView(r: RoundConsensus, labels: string[], k: number) {
  const s = r.opinion.stability;
  if (!s || s.resamples === 0 || s.stable === null || !s.ari) return null;
  return {
    stable: s.stable,
    resamples: s.resamples,
    ari: s.ari.median,
    k: r.opinion.k,
    kShare: s.kStability?.find((x) => x.k === r.opinion.k)?.share ?? null,
    // live results: the group-k smoother holds k while a new one has not yet been chosen often enough
    held: r.opinion.groupK?.candidate ? { k: r.opinion.groupK.k, candidate: r.opinion.groupK.candidate, streak: r.opinion.groupK.streak, needed: DEFAULT_K_STREAK } : null,
    // a group of fewer than k people is not described (as for its representative statements)
    groups: s.groups.filter((g) => g.stability !== null && (r.opinion.groupSizes[g.group] ?? 0) >= k).map((g) => ({ label: labels[g.group] ?? String(g.group), share: g.stability! })),
  };
}

/** The consensus part of the results page once computed. */
export type ConsensusView = Extract<Awaited<ReturnType<typeof buildConsensusView>>, { status: "ready" }>;
