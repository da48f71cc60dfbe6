import { PostgresAdapter, sql, type Kysely } from "kysely";
import pg from "pg";

/**
 * The few places where SQLite and PostgreSQL cannot share one query live here, and only here
 * (docs/decisions/029). Everything else is plain Kysely that both engines run alike: text ids,
 * ISO-8601 text times, JSON kept as text, `on conflict` upserts, explicit ORDER BY.
 */
export type Engine = "sqlite" | "postgres";

/** Which engine a database (or a transaction of it) talks to. */
export function engineOf(db: Kysely<any>): Engine {
  return db.getExecutor().adapter instanceof PostgresAdapter ? "postgres" : "sqlite";
}

/**
 * After a bulk write (a Polis import of 100 000 votes), refresh the planner's statistics. PostgreSQL
 * plans from them, and autovacuum runs later: until then it plans the next join as if the tables
 * were still empty (a nested loop over every vote, minutes instead of milliseconds). SQLite plans
 * from its indexes and needs nothing.
 */
export async function refreshStatistics(db: Kysely<any>, tables: readonly string[]): Promise<void> {
  if (engineOf(db) !== "postgres" || tables.length === 0) return;
  await sql`analyze ${sql.join(tables.map((t) => sql.table(t)))}`.execute(db);
}

/** A unique (or primary key) constraint refused the row: SQLite's and PostgreSQL's codes. */
export function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === "23505" || code === "SQLITE_CONSTRAINT_UNIQUE" || code === "SQLITE_CONSTRAINT_PRIMARYKEY";
}

const INT8 = 20;
const NUMERIC = 1700;
/**
 * pg hands back 64-bit integers (count(*), sum() of integers) and numerics as strings, since they
 * may exceed 2^53. Ours are counts and small sums: numbers, as better-sqlite3 gives them.
 */
export const pgTypeParsers = {
  getTypeParser: ((oid: number, format?: "text" | "binary") =>
    oid === INT8 || oid === NUMERIC ? (value: string) => Number(value) : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
};

/** What a transaction-scoped lock guards: the first key of PostgreSQL's two-key advisory locks. */
const LOCK_SCOPES = { roundPhase: 1, memberRoles: 2 } as const;

/**
 * Hold a lock until the transaction ends. PostgreSQL runs transactions side by side: a write that
 * depends on a state (a vote on an open round) holds the state's lock shared, and the change of that
 * state (closing the round) holds it exclusively, so the two never interleave — the vote either
 * commits before the close reads the votes, or waits and then reads the closed round. Advisory locks
 * live in memory: unlike `FOR SHARE` on the round's row, thousands of votes do not write to that row.
 * SQLite runs write transactions one at a time: nothing to hold. Call it before reading the state.
 */
export async function holdTransactionLock(db: Kysely<any>, scope: keyof typeof LOCK_SCOPES, key: string, mode: "shared" | "exclusive"): Promise<void> {
  if (engineOf(db) !== "postgres") return;
  const lock = sql.raw(mode === "shared" ? "pg_advisory_xact_lock_shared" : "pg_advisory_xact_lock");
  await sql`select ${lock}(${LOCK_SCOPES[scope]}::int4, hashtext(${key}))`.execute(db);
}
