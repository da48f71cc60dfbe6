/**
 * The participation monitor of a deliberation's current round: who is a member, who proposed,
 * commented and voted, per stakeholder group and per region, against their target shares.
 * Facilitators see every group and, outside anonymous mode, the names of those who have not voted;
 * observers see the k-protected aggregates only; participants are refused.
 */
import { requireRole, type MemberContext } from "../deliberation/access.server";
import { t } from "../i18n/i18n";
import { refuseFields } from "../refusal";
import type { Basis, Category, CategoryRow, Counts } from "./participation-math";
import { buildRows, inGroupRow, protectCounts, turnoutSeries, zeroCounts } from "./participation-math";
import * as repo from "./participation-repository.server";
import type { ParticipationSettingsInput } from "./participation-schema";

export interface ParticipationMonitor {
  deliberationId: string;
  round: { number: number; phase: string; openedAt: string; votingOpenedAt: string | null; closedAt: string | null } | null;
  /** the count compared with target shares: members before voting, voters from then on */
  basis: Basis;
  marginPoints: number;
  /** k applied to what is shown (null: facilitators see every group) */
  k: number | null;
  totals: Counts & { turnout: number | null };
  groups: CategoryRow[];
  regions: CategoryRow[];
  /** groups or regions merged (or hidden) for k */
  merged: { groups: number; regions: number };
  alerts: { kind: "group" | "region"; id: string; sentence: string }[];
  timeline: { at: string; voters: number; turnout: number | null }[];
  /** during and after voting: who has not voted, per group; `people` only for facilitators outside anonymous mode */
  nonVoters: { groupId: string; name: string; count: number; people: { membershipId: string; name: string }[] | null }[] | null;
}

type Counted = Map<string | null, Counts>;

function tally(into: Counted, key: string | null, measure: keyof Counts, n: number) {
  const c = into.get(key) ?? zeroCounts();
  c[measure] += n;
  into.set(key, c);
}

/**
 * Turnout of the current round for the facilitator's round control: who has voted of the members
 * who vote (the same counts as the monitor's totals). Null before the first round.
 */
export async function loadTurnout(ctx: MemberContext): Promise<{ voters: number; members: number } | null> {
  requireRole(ctx, ["facilitator"]);
  const round = ctx.round;
  if (!round) return null;
  const [members, votes] = await Promise.all([repo.countMembersByCell(ctx.app.db, ctx.deliberation.id), repo.countVotesByCell(ctx.app.db, ctx.deliberation.id, round.id)]);
  return { members: members.reduce((a, m) => a + m.n, 0), voters: votes.reduce((a, v) => a + v.voters, 0) };
}

/** Votes and voters per cell, from the round's voters (one row each). */
function votesByCell(voters: readonly { groupId: string | null; regionId: string | null; votes: number }[]): (repo.CellCount & { voters: number })[] {
  const cells = new Map<string, repo.CellCount & { voters: number }>();
  for (const v of voters) {
    const key = JSON.stringify([v.groupId, v.regionId]);
    const cell = cells.get(key) ?? { groupId: v.groupId, regionId: v.regionId, n: 0, voters: 0 };
    cell.n += v.votes;
    cell.voters += 1;
    cells.set(key, cell);
  }
  return [...cells.values()];
}

/** The monitor as this member may see it (403 for participants). */
export async function loadParticipation(ctx: MemberContext): Promise<ParticipationMonitor> {
  requireRole(ctx, ["facilitator", "observer"]);
  const db = ctx.app.db;
  const d = ctx.deliberation;
  const isFacilitator = ctx.membership.role === "facilitator";
  const round = ctx.round;
  const settings = await repo.findParticipationSettings(db, d.id);
  const [members, proposals, comments, voters] = await Promise.all([
    repo.countMembersByCell(db, d.id),
    round ? repo.countProposalsByCell(db, d.id, round.id) : [],
    round ? repo.countCommentsByCell(db, d.id, round.openedAt, round.closedAt) : [],
    round ? repo.listVoters(db, d.id, round.id) : [],
  ]);
  const votes = votesByCell(voters);
  const firstVotes = round?.votingOpenedAt ? voters.map((v) => v.firstAt) : [];
  const byGroup: Counted = new Map();
  const byRegion: Counted = new Map();
  const knownGroups = new Set(d.groups.map((g) => g.id));
  const knownRegions = new Set(d.regions.map((r) => r.id));
  const add = (rows: repo.CellCount[], measure: keyof Counts) => {
    for (const r of rows) {
      tally(byGroup, r.groupId !== null && knownGroups.has(r.groupId) ? r.groupId : null, measure, r.n);
      tally(byRegion, r.regionId !== null && knownRegions.has(r.regionId) ? r.regionId : null, measure, r.n);
    }
  };
  add(members, "members");
  add(proposals, "proposals");
  add(comments, "comments");
  add(votes, "votes");
  add(votes.map((v) => ({ ...v, n: v.voters })), "voters");

  let groupCats: Category[] = d.groups.map((g) => ({ id: g.id, name: g.name, targetShare: g.targetShare }));
  let regionCats: Category[] = d.regions.map((r) => ({ id: r.id, name: r.name, targetShare: settings.regionTargets.get(r.id) ?? null }));
  let groupCounts = byGroup;
  let regionCounts = byRegion;
  const merged = { groups: 0, regions: 0 };
  const k = isFacilitator ? null : d.minGroupSize;
  if (k !== null) {
    const pg = protectCounts(groupCats, byGroup, k);
    const pr = protectCounts(regionCats, byRegion, k);
    [groupCats, groupCounts, merged.groups] = [pg.categories, pg.counts, pg.merged];
    [regionCats, regionCounts, merged.regions] = [pr.categories, pr.counts, pr.merged];
  }
  const basis: Basis = round && (round.phase === "voting" || round.phase === "closed") ? "voters" : "members";
  const otherName = (c: Category) => (c.id === "other" ? { ...c, name: t("results.otherGroups") } : c);
  const g = buildRows(groupCats.map(otherName), groupCounts, basis, settings.margin, t("results.noGroup"));
  const r = buildRows(regionCats.map(otherName), regionCounts, basis, settings.margin, t("participation.noRegion"));
  const totals = g.totals;

  const alerts = [
    ...g.rows.filter((x) => x.alert).map((x) => ({ kind: "group" as const, id: x.id, sentence: alertSentence(x, basis) })),
    ...r.rows.filter((x) => x.alert).map((x) => ({ kind: "region" as const, id: x.id, sentence: alertSentence(x, basis) })),
  ];
  const timeline = round?.votingOpenedAt ? turnoutSeries(firstVotes, round.votingOpenedAt, round.closedAt ?? ctx.app.clock.now().toISOString(), totals.members) : [];

  let nonVoters: ParticipationMonitor["nonVoters"] = null;
  if (round && basis === "voters") {
    const named = isFacilitator && d.attributionMode !== "anonymous";
    const people = named ? await repo.listNonVoters(db, d.id, round.id) : [];
    nonVoters = g.rows.map((row) => ({
      groupId: row.id,
      name: row.name,
      count: row.counts.members - row.counts.voters,
      people: named
        ? people.filter((p) => inGroupRow(row.id, p.stakeholder_group_id, knownGroups)).map((p) => ({ membershipId: p.id, name: p.display_name }))
        : null,
    }));
  }

  return {
    deliberationId: d.id,
    round: round ? { number: round.number, phase: round.phase, openedAt: round.openedAt, votingOpenedAt: round.votingOpenedAt, closedAt: round.closedAt } : null,
    basis,
    marginPoints: settings.margin,
    k,
    totals: { ...totals, turnout: totals.members > 0 ? totals.voters / totals.members : null },
    groups: g.rows,
    regions: r.rows,
    merged,
    alerts,
    timeline,
    nonVoters,
  };
}

const pctText = (x: number | null) => (x === null ? "—" : String(Math.round(x * 100)));

/** "Civil society: 9 of 12 voted, target share 20 %, now 12 % of voters" */
function alertSentence(row: CategoryRow, basis: Basis): string {
  const params = { name: row.name, voted: row.counts.voters, members: row.counts.members, target: pctText(row.targetShare), share: pctText(row.shares[basis]), gap: row.gapPeople };
  return basis === "voters" ? t("participation.alertVoters", params) : t("participation.alertMembers", params);
}

/** The settings of the monitor as the facilitator's form shows them. */
export async function getParticipationSettings(ctx: MemberContext) {
  requireRole(ctx, ["facilitator"]);
  const s = await repo.findParticipationSettings(ctx.app.db, ctx.deliberation.id);
  return {
    margin: String(s.margin),
    regions: ctx.deliberation.regions.map((r) => {
      const target = s.regionTargets.get(r.id) ?? null;
      return { id: r.id, name: r.name, target: target === null ? "" : String(Math.round(target * 1000) / 10) };
    }),
  };
}

export async function saveParticipationSettings(ctx: MemberContext, input: ParticipationSettingsInput) {
  requireRole(ctx, ["facilitator"]);
  const known = new Set(ctx.deliberation.regions.map((r) => r.id));
  if (input.regionTargets.some((r) => !known.has(r.id))) refuseFields({ regionTarget: [t("participation.validation.unknownRegion")] });
  await repo.updateParticipationSettings(ctx.app.db, ctx.deliberation.id, input.margin, input.regionTargets);
}
