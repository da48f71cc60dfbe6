import type { Executor } from "../../db/connection";
import { decodeSnapshot, type RoundSnapshot } from "./round-snapshot";

export async function insertSnapshot(db: Executor, row: { round_id: string; created_at: string; payload: string; sha256: string }) {
  await db.insertInto("round_snapshots").values(row).execute();
}

/** The snapshot's hash alone (its stamp), without reading the payload. */
export async function findSnapshotHash(db: Executor, roundId: string): Promise<string | undefined> {
  return (await db.selectFrom("round_snapshots").select("sha256").where("round_id", "=", roundId).executeTakeFirst())?.sha256;
}

export async function findSnapshotRow(db: Executor, roundId: string) {
  return db.selectFrom("round_snapshots").select(["payload", "sha256", "created_at"]).where("round_id", "=", roundId).executeTakeFirst();
}

/** Closed rounds without a snapshot (databases from before snapshots existed). */
export async function listClosedRoundsWithoutSnapshot(db: Executor) {
  return db
    .selectFrom("rounds")
    .leftJoin("round_snapshots as s", "s.round_id", "rounds.id")
    .select(["rounds.id", "rounds.deliberation_id", "rounds.number", "rounds.closed_at"])
    .where("rounds.phase", "=", "closed")
    .where("s.round_id", "is", null)
    .execute();
}

export function parseSnapshot(payload: string): RoundSnapshot {
  return decodeSnapshot(payload);
}

export async function insertAnalysis(db: Executor, row: { id: string; round_id: string; label: string; thresholds: string; created_by: string; created_at: string }) {
  await db.insertInto("round_analyses").values(row).execute();
}

export async function listAnalyses(db: Executor, roundId: string) {
  return db.selectFrom("round_analyses").select(["id", "label", "thresholds", "created_at"]).where("round_id", "=", roundId).orderBy("created_at").orderBy("id").execute();
}
