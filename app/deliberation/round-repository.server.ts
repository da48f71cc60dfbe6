import type { Executor } from "../../db/connection";
import type { RoundRow } from "../../db/schema";

/** The most recent round of a deliberation (open or closed), or undefined before round 1. */
export async function findLatestRound(db: Executor, deliberationId: string) {
  return db
    .selectFrom("rounds")
    .selectAll()
    .where("deliberation_id", "=", deliberationId)
    .orderBy("number", "desc")
    .limit(1)
    .executeTakeFirst();
}

export async function findRound(db: Executor, deliberationId: string, roundId: string) {
  return db
    .selectFrom("rounds")
    .selectAll()
    .where("deliberation_id", "=", deliberationId)
    .where("id", "=", roundId)
    .executeTakeFirst();
}

export async function findRoundByNumber(db: Executor, deliberationId: string, number: number) {
  return db
    .selectFrom("rounds")
    .selectAll()
    .where("deliberation_id", "=", deliberationId)
    .where("number", "=", number)
    .executeTakeFirst();
}

export async function listRounds(db: Executor, deliberationId: string) {
  return db.selectFrom("rounds").selectAll().where("deliberation_id", "=", deliberationId).orderBy("number").execute();
}

export async function insertRound(db: Executor, row: RoundRow) {
  await db.insertInto("rounds").values(row).execute();
}

/** Move a round on only from the phase the caller saw, so two facilitators cannot skip a phase. */
export async function updateRoundPhase(
  db: Executor,
  roundId: string,
  from: RoundRow["phase"],
  set: Partial<Pick<RoundRow, "phase" | "voting_opened_at" | "closed_at">>,
): Promise<boolean> {
  const r = await db.updateTable("rounds").set(set).where("id", "=", roundId).where("phase", "=", from).executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}
