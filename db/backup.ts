import SQLite from "better-sqlite3";
import { copyFileSync, existsSync, mkdirSync, renameSync, rmSync, statSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { createDatabase } from "./connection";
import { MIGRATION_NAMES, MIGRATION_TABLE, migrateToLatest } from "./migrate";
import { findDatabaseUse } from "./server-lock";

/** A refusal or failure the command line prints as one sentence and exits 1 on. */
export class BackupRefusal extends Error {}

export interface DatabaseSummary {
  path: string;
  bytes: number;
  /** Applied migrations, oldest first; the last is the database's migration level. */
  migrations: string[];
  tables: { name: string; rows: number }[];
}

/**
 * A consistent copy of a live database: `VACUUM INTO` reads inside one transaction, so the copy holds
 * every transaction committed before it started (including those still only in the -wal file) and
 * nothing half-written, while the server keeps reading and writing. The copy is written next to the
 * target and renamed into place, so a failed backup never leaves a partial file under the real name.
 */
export function backupDatabase(sourcePath: string, targetPath: string, options: { force?: boolean } = {}): DatabaseSummary {
  if (!existsSync(sourcePath)) throw new BackupRefusal(`There is no database at ${sourcePath}; set DATABASE_PATH to the server's database file.`);
  if (resolve(sourcePath) === resolve(targetPath)) throw new BackupRefusal(`The backup cannot be written over the database it copies (${sourcePath}).`);
  if (existsSync(targetPath) && !options.force) {
    throw new BackupRefusal(`${targetPath} already exists; choose another file name, or add --force to overwrite it.`);
  }
  mkdirSync(dirname(targetPath), { recursive: true });
  const partial = `${targetPath}.partial-${process.pid}`;
  removeDatabaseFiles(partial);
  try {
    const source = new SQLite(sourcePath, { fileMustExist: true, timeout: 5000 });
    try {
      source.prepare("VACUUM INTO ?").run(partial);
    } finally {
      source.close();
    }
    const copy = new SQLite(partial, { fileMustExist: true });
    try {
      // one self-contained file, whatever the source's journal mode
      copy.pragma("journal_mode = DELETE");
      assertIntact(copy, partial);
    } finally {
      copy.close();
    }
    removeDatabaseFiles(targetPath);
    renameSync(partial, targetPath);
  } catch (error) {
    removeDatabaseFiles(partial);
    if (error instanceof BackupRefusal) throw error;
    throw new BackupRefusal(`The backup of ${sourcePath} failed: ${error instanceof Error ? error.message : String(error)}.`);
  }
  return describeDatabase(targetPath);
}

export interface RestoreResult {
  restored: DatabaseSummary;
  /** Where the replaced database was kept; undefined when there was none. */
  keptAs?: string;
  /** Migrations applied after the restore because the backup was older than this code. */
  migrated: string[];
  /** A pid file left by a server that is no longer running (it crashed or was killed). */
  stalePid?: number;
}

/**
 * Replace the database with a backup: refused while a server (or any program) has the database
 * open, for a damaged backup, and for a backup from a newer Accord. The replaced file is kept as
 * `<db>.before-restore-<timestamp>`; an older backup is migrated to this code's level.
 */
export async function restoreDatabase(backupPath: string, databasePath: string, now = new Date()): Promise<RestoreResult> {
  if (!existsSync(backupPath)) throw new BackupRefusal(`There is no backup file at ${backupPath}.`);
  if (resolve(backupPath) === resolve(databasePath)) throw new BackupRefusal(`${backupPath} is the database itself, not a backup of it.`);
  const use = findDatabaseUse(databasePath);
  if (use.inUse) throw new BackupRefusal(`Refused: ${use.reason}. Stop the server first, then restore.`);

  mkdirSync(dirname(databasePath), { recursive: true });
  // checked on a copy, so the backup file itself is never opened for writing
  const incoming = `${databasePath}.restoring-${process.pid}`;
  removeDatabaseFiles(incoming);
  copyFileSync(backupPath, incoming);
  try {
    checkBackup(incoming, backupPath);
  } catch (error) {
    removeDatabaseFiles(incoming);
    throw error;
  }

  let keptAs: string | undefined;
  if (existsSync(databasePath)) {
    keptAs = freeName(`${databasePath}.before-restore-${stamp(now)}`);
    foldWalIntoFile(databasePath);
    renameSync(databasePath, keptAs);
    for (const suffix of ["-wal", "-shm"]) {
      if (existsSync(databasePath + suffix)) renameSync(databasePath + suffix, keptAs + suffix);
    }
  }
  renameSync(incoming, databasePath);
  const migrated = await migrateRestored(databasePath);
  return { restored: describeDatabase(databasePath), keptAs, migrated, stalePid: use.stalePid };
}

/** Size, migration level and every table's row count of a database file. */
export function describeDatabase(path: string): DatabaseSummary {
  // not read-only: a read-only connection to a WAL database cannot remove its -wal and -shm files at close
  const sqlite = new SQLite(path, { fileMustExist: true });
  try {
    const names = sqlite
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
      .pluck()
      .all() as string[];
    const tables = names.map((name) => ({ name, rows: sqlite.prepare(`SELECT count(*) FROM "${name.replaceAll('"', '""')}"`).pluck().get() as number }));
    return { path, bytes: statSync(path).size, migrations: appliedMigrations(sqlite), tables };
  } finally {
    sqlite.close();
  }
}

function checkBackup(copyPath: string, shownAs: string): void {
  let sqlite: SQLite.Database;
  try {
    sqlite = new SQLite(copyPath, { fileMustExist: true });
  } catch (error) {
    throw new BackupRefusal(`${shownAs} is not a readable SQLite database (${messageOf(error)}); nothing was changed.`);
  }
  try {
    assertIntact(sqlite, shownAs);
    const tables = sqlite.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name = ?").pluck().all(MIGRATION_TABLE);
    if (tables.length === 0) throw new BackupRefusal(`${shownAs} is not an Accord backup: it has no ${MIGRATION_TABLE} table; nothing was changed.`);
    const unknown = appliedMigrations(sqlite).filter((name) => !MIGRATION_NAMES.includes(name));
    if (unknown.length > 0) {
      throw new BackupRefusal(
        `${shownAs} comes from a newer Accord: its migration ${unknown.at(-1)} is newer than this code's latest (${MIGRATION_NAMES.at(-1)}). ` +
          `Restore it with the Accord version that wrote it; nothing was changed.`,
      );
    }
  } finally {
    sqlite.close();
  }
}

function assertIntact(sqlite: SQLite.Database, shownAs: string): void {
  let problems: string[];
  try {
    problems = sqlite.prepare("PRAGMA integrity_check").pluck().all() as string[];
  } catch (error) {
    throw new BackupRefusal(`${shownAs} is damaged (${messageOf(error)}); nothing was changed.`);
  }
  if (problems.length !== 1 || problems[0] !== "ok") {
    throw new BackupRefusal(`${shownAs} is damaged: the integrity check found ${problems.length} problem(s), first: ${problems[0]}; nothing was changed.`);
  }
}

function appliedMigrations(sqlite: SQLite.Database): string[] {
  const exists = sqlite.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(MIGRATION_TABLE);
  if (!exists) return [];
  return sqlite.prepare(`SELECT name FROM ${MIGRATION_TABLE} ORDER BY name`).pluck().all() as string[];
}

async function migrateRestored(databasePath: string): Promise<string[]> {
  const db = createDatabase({ path: databasePath });
  try {
    return await migrateToLatest(db);
  } finally {
    await db.destroy();
  }
}

/** Move everything still in the -wal file into the database file, so the file alone is complete. */
function foldWalIntoFile(databasePath: string): void {
  try {
    const sqlite = new SQLite(databasePath, { fileMustExist: true, timeout: 5000 });
    try {
      sqlite.pragma("wal_checkpoint(TRUNCATE)");
    } finally {
      sqlite.close();
    }
  } catch {
    // a damaged database is kept as it is, -wal and -shm beside it
  }
}

function removeDatabaseFiles(path: string): void {
  for (const suffix of ["", "-wal", "-shm", "-journal"]) rmSync(path + suffix, { force: true });
}

function stamp(now: Date): string {
  return now.toISOString().replace(/[-:]/g, "").replace(/\.\d+Z$/, "Z");
}

function freeName(base: string): string {
  let name = base;
  for (let i = 2; existsSync(name); i++) name = `${base}-${i}`;
  return name;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * db:backup and db:restore copy and replace the SQLite file: with DATABASE_URL the data is in
 * PostgreSQL, so say which tools to use instead and exit 1.
 */
export function refuseWhenPostgres(tool: "backup" | "restore"): void {
  if (!process.env.DATABASE_URL) return;
  console.error(`${tool}: DATABASE_URL is set, so the data is in PostgreSQL, not in the SQLite file DATABASE_PATH: ${tool === "backup" ? "back it up" : "restore it"} with PostgreSQL's own tools (pg_dump, pg_restore).`);
  process.exit(1);
}
