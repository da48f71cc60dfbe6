import { BackupRefusal, refuseWhenPostgres, restoreDatabase } from "./backup";
import { formatSummary } from "./backup-format";

/** `npm run db:restore -- <file>`: replace DATABASE_PATH with a backup, with the server stopped. */
const args = process.argv.slice(2);
const target = process.env.DATABASE_PATH ?? "data/accord.db";

refuseWhenPostgres("restore");

if (args.length !== 1 || args[0]!.startsWith("--")) {
  console.error("restore: Usage: npm run db:restore -- <backup file> (replaces DATABASE_PATH, default data/accord.db; stop the server first).");
  process.exit(1);
}
try {
  const result = await restoreDatabase(args[0]!, target);
  if (result.stalePid) console.log(`Note: ${target}.server.pid named process ${result.stalePid}, which is no longer running (a server that crashed); restored anyway.`);
  console.log(result.keptAs ? `Kept the replaced database as ${result.keptAs}.` : `There was no database at ${target} yet; nothing to keep.`);
  console.log(`Restored ${args[0]} to ${target} (integrity ok).`);
  console.log(
    result.migrated.length
      ? `The backup was older than this code: applied ${result.migrated.join(", ")}.`
      : "The backup is at this code's migration level; no migration was needed.",
  );
  console.log(formatSummary(result.restored));
} catch (error) {
  console.error(`restore: ${error instanceof BackupRefusal ? error.message : `The restore failed: ${error instanceof Error ? error.message : String(error)}`}`);
  process.exitCode = 1;
}
