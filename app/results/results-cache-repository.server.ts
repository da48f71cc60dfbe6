import type { Executor } from "../../db/connection";

/**
 * What an open round's results depend on, as one string: if any vote, membership or setting
 * changes, the stamp changes and the cached results are stale. (A closed round's stamp is its
 * snapshot's hash: nothing can change it.)
 */
export async function liveStamp(db: Executor, deliberationId: string, roundId: string): Promise<string> {
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

/** Rounds whose results should be cached: open for voting or closed. */
export async function listRoundsWithResults(db: Executor) {
  return db.selectFrom("rounds").select(["id", "deliberation_id", "phase"]).where("phase", "in", ["voting", "closed"]).execute();
}
