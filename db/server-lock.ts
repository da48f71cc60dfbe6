import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import SQLite from "better-sqlite3";

/**
 * A running server announces itself next to its database: `<db>.server.pid` holds its process id
 * from start to shutdown. Tools that replace the file (restore) read it, and also try an exclusive
 * SQLite lock, which catches a server whose pid file was deleted or another program holding the file.
 */
export function serverPidPath(databasePath: string): string {
  return `${databasePath}.server.pid`;
}

/** Write this process's pid next to the database; returns the function that removes it again. */
export function announceServer(databasePath: string): () => void {
  if (databasePath === ":memory:") return () => {};
  const file = serverPidPath(databasePath);
  writeFileSync(file, `${process.pid}\n`);
  return () => {
    // only our own announcement: a second server on the same file must not lose its pid file
    if (readPid(file) === process.pid) rmSync(file, { force: true });
  };
}

function readPid(file: string): number | undefined {
  try {
    const pid = Number.parseInt(readFileSync(file, "utf8").trim(), 10);
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

export type DatabaseUse =
  | { inUse: false; stalePid?: number }
  | { inUse: true; reason: string };

/** Is a server (or any other program) using this database file right now? */
export function findDatabaseUse(databasePath: string): DatabaseUse {
  const pid = readPid(serverPidPath(databasePath));
  if (pid !== undefined && pid !== process.pid && isAlive(pid)) {
    return { inUse: true, reason: `an Accord server (process ${pid}) is running on ${databasePath}` };
  }
  if (existsSync(databasePath) && !canLockExclusively(databasePath)) {
    return { inUse: true, reason: `another program has ${databasePath} open (a running server, a backup, or an SQLite shell)` };
  }
  return pid !== undefined && pid !== process.pid ? { inUse: false, stalePid: pid } : { inUse: false };
}

/** Every open WAL connection holds a shared lock, so an exclusive one succeeds only when nobody else has the file open. */
function canLockExclusively(databasePath: string): boolean {
  let sqlite: SQLite.Database | undefined;
  try {
    sqlite = new SQLite(databasePath, { fileMustExist: true, timeout: 0 });
    sqlite.pragma("locking_mode = EXCLUSIVE");
    sqlite.exec("BEGIN EXCLUSIVE; COMMIT");
    return true;
  } catch (error) {
    const code = (error as { code?: string }).code ?? "";
    return !code.startsWith("SQLITE_BUSY") && !code.startsWith("SQLITE_LOCKED");
  } finally {
    sqlite?.close();
  }
}
