import SQLite from "better-sqlite3";
import { Kysely, PostgresDialect, SqliteDialect, type Transaction } from "kysely";
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import pg from "pg";
import { pgTypeParsers } from "./dialect";
import type { Database } from "./schema";

export type DB = Kysely<Database>;
export type Tx = Transaction<Database>;
/** Repositories take either, so the same function runs inside a transaction. */
export type Executor = Kysely<Database> | Transaction<Database>;

/**
 * Where the data lives: a PostgreSQL server (`DATABASE_URL=postgres://…`) when one machine is not
 * enough, otherwise the embedded SQLite file. Both run the same queries (docs/decisions/029).
 */
export type DatabaseConfig = { url: string } | { path: string };

/** `DATABASE_URL` wins when set; otherwise SQLite at `DATABASE_PATH`. */
export function databaseConfig(env: { DATABASE_URL?: string | undefined; DATABASE_PATH: string }): DatabaseConfig {
  return env.DATABASE_URL ? { url: env.DATABASE_URL } : { path: env.DATABASE_PATH };
}

/** For command-line tools that run without the server's validated configuration. */
export function databaseConfigFromProcess(env: NodeJS.ProcessEnv = process.env): DatabaseConfig {
  return databaseConfig({ DATABASE_URL: env.DATABASE_URL || undefined, DATABASE_PATH: env.DATABASE_PATH ?? "data/accord.db" });
}

/** A name for logs that never shows a password. */
export function describeDatabaseConfig(config: DatabaseConfig): string {
  if ("path" in config) return config.path;
  const url = new URL(config.url);
  return `PostgreSQL ${url.hostname}${url.port ? `:${url.port}` : ""}${url.pathname}`;
}

/** The SQLite file behind a config, or undefined for PostgreSQL (file-only tools: backup, pid file). */
export function sqlitePath(config: DatabaseConfig): string | undefined {
  return "path" in config ? config.path : undefined;
}

export function createDatabase(config: DatabaseConfig): DB {
  return "url" in config ? createPostgresDatabase(config.url) : createSqliteDatabase(config.path);
}

/** Open the SQLite file (created if missing) with WAL, foreign keys and a busy timeout. */
function createSqliteDatabase(path: string): DB {
  if (path !== ":memory:") mkdirSync(dirname(path), { recursive: true });
  const sqlite = new SQLite(path);
  sqlite.pragma("journal_mode = WAL");
  sqlite.pragma("foreign_keys = ON");
  sqlite.pragma("busy_timeout = 5000");
  sqlite.pragma("synchronous = NORMAL");
  return new Kysely<Database>({ dialect: new SqliteDialect({ database: cacheStatements(sqlite) }) });
}

function createPostgresDatabase(url: string): DB {
  const pool = new pg.Pool({ connectionString: url, max: 10, types: pgTypeParsers });
  // an idle client that loses its server (a restart) must not crash the process
  pool.on("error", () => {});
  pool.on("connect", (client) => prepareRecurringStatements(client));
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
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

/**
 * The PostgreSQL side of `cacheStatements`: PostgreSQL parses and plans every unnamed statement
 * again. A statement that recurs (the same SQL text, new parameters) is sent named instead, so each
 * connection parses it once and reuses it. Only plain reads and writes with few parameters are named:
 * bulk inserts and long IN-lists make a new text for every size, which would pile up on the server.
 * Never `select *`: a column added by a migration during a rolling deploy would change its result
 * type, which a prepared statement refuses ("cached plan must not change result type"); should a
 * named statement be refused for that reason anyway, it is prepared again under a new name.
 */
function prepareRecurringStatements(client: pg.PoolClient): void {
  const query = client.query.bind(client) as (...args: unknown[]) => unknown;
  const names = new Map<string, string>();
  let prepared = 0;
  (client as { query: unknown }).query = (text: unknown, values?: unknown, callback?: unknown) => {
    if (typeof text !== "string" || !Array.isArray(values) || typeof callback === "function" || values.length > 24 || text.length > 4000 || /[\s.]\*/.test(text) || !/^\s*(select|insert|update|delete|with)\b/i.test(text)) {
      return query(text, values, callback);
    }
    let name = names.get(text);
    if (!name && names.size < STATEMENT_CACHE_SIZE) names.set(text, (name = `accord_${++prepared}`));
    if (!name) return query(text, values);
    return (query({ name, text, values }) as Promise<unknown>).catch((error: { code?: string }) => {
      if (error.code === "0A000") names.delete(text);
      throw error;
    });
  };
}
