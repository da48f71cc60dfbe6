import type { Executor } from "../../db/connection";

/**
 * What a round's results depend on, as one string: if any vote, membership or setting changes,
 * the stamp changes and the cached results are stale.
 */
export async function resultsStamp(db: Executor, deliberationId: string, roundId: string): Promise<string> {
  const votes = await db
    .selectFrom("votes")
    .select((eb) => [eb.fn.countAll<number>().as("n"), eb.fn.max("updated_at").as("last")])
    .where("round_id", "=", roundId)
    .executeTakeFirstOrThrow();
  const members = await db
    .selectFrom("memberships")
    .select((eb) => [eb.fn.countAll<number>().as("n"), eb.fn.max("removed_at").as("removed")])
    .where("deliberation_id", "=", deliberationId)
    .executeTakeFirstOrThrow();
  const d = await db.selectFrom("deliberations").select(["thresholds", "min_group_size", "updated_at"]).where("id", "=", deliberationId).executeTakeFirstOrThrow();
  const round = await db.selectFrom("rounds").select(["phase"]).where("id", "=", roundId).executeTakeFirstOrThrow();
  return [Number(votes.n), votes.last ?? "", Number(members.n), members.removed ?? "", d.thresholds, d.min_group_size, d.updated_at, round.phase].join("|");
}

export async function findCachedResults(db: Executor, roundId: string) {
  return db.selectFrom("round_results").select(["stamp", "computed_at", "payload"]).where("round_id", "=", roundId).executeTakeFirst();
}

export async function storeCachedResults(db: Executor, row: { round_id: string; stamp: string; computed_at: string; payload: string }) {
  await db
    .insertInto("round_results")
    .values(row)
    .onConflict((oc) => oc.column("round_id").doUpdateSet({ stamp: row.stamp, computed_at: row.computed_at, payload: row.payload }))
    .execute();
}

/** Everything the engine needs for one round, scoped to the deliberation: votes in time order. */
export async function loadRoundInputs(db: Executor, deliberationId: string, roundId: string) {
  const [ballot, votes, participants] = await Promise.all([
    db
      .selectFrom("proposal_versions as v")
      .innerJoin("proposals as p", "p.id", "v.proposal_id")
      .select(["v.id", "v.proposal_id", "v.version_number", "v.title", "v.category", "v.statement"])
      .where("p.deliberation_id", "=", deliberationId)
      .where("v.round_id", "=", roundId)
      .where("v.frozen_at", "is not", null)
      .orderBy("p.created_at")
      .orderBy("v.id")
      .execute(),
    db
      .selectFrom("votes")
      .innerJoin("memberships as m", "m.id", "votes.membership_id")
      .select(["votes.membership_id", "votes.version_id", "votes.choice", "votes.confidence"])
      .where("m.deliberation_id", "=", deliberationId)
      .where("m.removed_at", "is", null)
      .where("votes.round_id", "=", roundId)
      .orderBy("votes.updated_at")
      .orderBy("votes.id")
      .execute(),
    db
      .selectFrom("memberships")
      .select(["id", "stakeholder_group_id", "region_id"])
      .where("deliberation_id", "=", deliberationId)
      .where("role", "=", "participant")
      .where("removed_at", "is", null)
      .orderBy("created_at")
      .orderBy("id")
      .execute(),
  ]);
  return { ballot, votes, participants };
}
