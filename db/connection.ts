import SQLite from "better-sqlite3";
import { Kysely, SqliteDialect, type Transaction } from "kysely";
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import type { Database } from "./schema";

export type DB = Kysely<Database>;
export type Tx = Transaction<Database>;
/** Repositories take either, so the same function runs inside a transaction. */
export type Executor = Kysely<Database> | Transaction<Database>;

/** Open the SQLite file (created if missing) with WAL, foreign keys and a busy timeout. */
export function createDatabase(path: string): DB {
  if (path !== ":memory:") mkdirSync(dirname(path), { recursive: true });
  const sqlite = new SQLite(path);
  sqlite.pragma("journal_mode = WAL");
  sqlite.pragma("foreign_keys = ON");
  sqlite.pragma("busy_timeout = 5000");
  sqlite.pragma("synchronous = NORMAL");
  return new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
}
