import type { Executor } from "../../db/connection";
import { liveVoter } from "../eligibility/voters.server";

/**
 * Participation counts as SQL aggregates (GROUP BY stakeholder group × region), never by loading
 * every vote: one row per cell of the cross-table, so a monitor of 5,000 members stays a handful
 * of small result sets. Only live voters count (app/eligibility/voters.server.ts: participants, and facilitators who also vote).
 */
export interface CellCount {
  groupId: string | null;
  regionId: string | null;
  n: number;
}

const num = (v: unknown) => Number(v ?? 0);

export async function countMembersByCell(db: Executor, deliberationId: string): Promise<CellCount[]> {
  const rows = await db
    .selectFrom("memberships")
    .select(["stakeholder_group_id", "region_id", (eb) => eb.fn.countAll().as("n")])
    .where("deliberation_id", "=", deliberationId)
    .where(liveVoter())
    .groupBy(["stakeholder_group_id", "region_id"])
    .execute();
  return rows.map((r) => ({ groupId: r.stakeholder_group_id, regionId: r.region_id, n: num(r.n) }));
}

/** Proposals with a version in the round, by their author's cell. */
export async function countProposalsByCell(db: Executor, deliberationId: string, roundId: string): Promise<CellCount[]> {
  const rows = await db
    .selectFrom("proposal_versions as v")
    .innerJoin("proposals as p", "p.id", "v.proposal_id")
    .innerJoin("memberships as m", "m.id", "p.author_membership_id")
    .select(["m.stakeholder_group_id", "m.region_id", (eb) => eb.fn.count("p.id").distinct().as("n")])
    .where("p.deliberation_id", "=", deliberationId)
    .where("v.round_id", "=", roundId)
    .where(liveVoter("m"))
    .groupBy(["m.stakeholder_group_id", "m.region_id"])
    .execute();
  return rows.map((r) => ({ groupId: r.stakeholder_group_id, regionId: r.region_id, n: num(r.n) }));
}

/** Comments written while the round was open (deleted ones excluded), by their author's cell. */
export async function countCommentsByCell(db: Executor, deliberationId: string, from: string, until: string | null): Promise<CellCount[]> {
  let q = db
    .selectFrom("comments as c")
    .innerJoin("memberships as m", "m.id", "c.membership_id")
    .select(["m.stakeholder_group_id", "m.region_id", (eb) => eb.fn.countAll().as("n")])
    .where("c.deliberation_id", "=", deliberationId)
    .where("c.deleted_at", "is", null)
    .where("c.created_at", ">=", from)
    .where(liveVoter("m"));
  if (until) q = q.where("c.created_at", "<=", until);
  const rows = await q.groupBy(["m.stakeholder_group_id", "m.region_id"]).execute();
  return rows.map((r) => ({ groupId: r.stakeholder_group_id, regionId: r.region_id, n: num(r.n) }));
}

/** Votes and distinct voters in the round, by the voter's cell. */
export async function countVotesByCell(db: Executor, deliberationId: string, roundId: string): Promise<(CellCount & { voters: number })[]> {
  const rows = await db
    .selectFrom("votes as v")
    .innerJoin("memberships as m", "m.id", "v.membership_id")
    .select(["m.stakeholder_group_id", "m.region_id", (eb) => eb.fn.countAll().as("n"), (eb) => eb.fn.count("v.membership_id").distinct().as("voters")])
    .where("v.round_id", "=", roundId)
    .where("m.deliberation_id", "=", deliberationId)
    .where(liveVoter("m"))
    .groupBy(["m.stakeholder_group_id", "m.region_id"])
    .execute();
  return rows.map((r) => ({ groupId: r.stakeholder_group_id, regionId: r.region_id, n: num(r.n), voters: num(r.voters) }));
}

/**
 * Each voter of the round with their cell, how many votes they cast and when they first voted: one
 * pass over the round's votes (grouped per voter before the join, so the join meets one row per
 * voter) that gives both the counts by cell and the turnout time series.
 */
export async function listVoters(db: Executor, deliberationId: string, roundId: string): Promise<{ groupId: string | null; regionId: string | null; votes: number; firstAt: string }[]> {
  const perVoter = db
    .selectFrom("votes")
    .select(["membership_id", (eb) => eb.fn.countAll().as("n"), (eb) => eb.fn.min("created_at").as("first")])
    .where("round_id", "=", roundId)
    .groupBy("membership_id")
    .as("pv");
  const rows = await db
    .selectFrom(perVoter)
    .innerJoin("memberships as m", "m.id", "pv.membership_id")
    .select(["m.stakeholder_group_id", "m.region_id", "pv.n", "pv.first"])
    .where("m.deliberation_id", "=", deliberationId)
    .where(liveVoter("m"))
    .execute();
  return rows.map((r) => ({ groupId: r.stakeholder_group_id, regionId: r.region_id, votes: num(r.n), firstAt: String(r.first) }));
}

/** Live voters who have cast no vote in the round, with their names (facilitators only). */
export async function listNonVoters(db: Executor, deliberationId: string, roundId: string) {
  return db
    .selectFrom("memberships as m")
    .innerJoin("users as u", "u.id", "m.user_id")
    .select(["m.id", "m.stakeholder_group_id", "u.display_name"])
    .where("m.deliberation_id", "=", deliberationId)
    .where(liveVoter("m"))
    .where((eb) => eb.not(eb.exists(eb.selectFrom("votes as v").select("v.id").whereRef("v.membership_id", "=", "m.id").where("v.round_id", "=", roundId))))
    .orderBy("u.display_name")
    .orderBy("m.id")
    .execute();
}

export async function findParticipationSettings(db: Executor, deliberationId: string) {
  const [d, regions] = await Promise.all([
    db.selectFrom("deliberations").select("participation_margin").where("id", "=", deliberationId).executeTakeFirst(),
    db.selectFrom("regions").select(["id", "target_share"]).where("deliberation_id", "=", deliberationId).orderBy("position").execute(),
  ]);
  return { margin: d?.participation_margin ?? 5, regionTargets: new Map(regions.map((r) => [r.id, r.target_share === null ? null : Number(r.target_share)])) };
}

export async function updateParticipationSettings(db: Executor, deliberationId: string, margin: number, regionTargets: { id: string; targetShare: number | null }[]) {
  await db.updateTable("deliberations").set({ participation_margin: margin }).where("id", "=", deliberationId).execute();
  for (const r of regionTargets) {
    await db.updateTable("regions").set({ target_share: r.targetShare }).where("id", "=", r.id).where("deliberation_id", "=", deliberationId).execute();
  }
}
