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
  return new Kysely<Database>({ dialect: new SqliteDialect({ database: cacheStatements(sqlite) }) });
}

const STATEMENT_CACHE_SIZE = 500;

/**
 * Kysely asks better-sqlite3 to prepare every query it runs, and preparing (parsing and planning
 * the SQL) cost more than running most of ours. The same few hundred SQL texts recur with new
 * parameters, so keep the prepared statements, least recently used out first. Safe with Kysely's
 * SQLite driver: it holds one connection behind a mutex, so a statement never runs twice at once.
 */
function cacheStatements(sqlite: SQLite.Database): SQLite.Database {
  const cache = new Map<string, SQLite.Statement>();
  const prepare = sqlite.prepare.bind(sqlite);
  sqlite.prepare = ((source: string) => {
    let statement = cache.get(source);
    if (statement) cache.delete(source);
    else statement = prepare(source);
    cache.set(source, statement);
    if (cache.size > STATEMENT_CACHE_SIZE) cache.delete(cache.keys().next().value!);
    return statement;
  }) as SQLite.Database["prepare"];
  return sqlite;
}
