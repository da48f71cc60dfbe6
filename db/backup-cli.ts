import { BackupRefusal, refuseWhenPostgres, backupDatabase } from "./backup";
import { formatSummary } from "./backup-format";

/** `npm run db:backup -- <file> [--force]`: a consistent copy of DATABASE_PATH, safe while the server runs. */
const args = process.argv.slice(2);
const force = args.includes("--force");
const files = args.filter((a) => a !== "--force");
const source = process.env.DATABASE_PATH ?? "data/accord.db";

refuseWhenPostgres("backup");

if (files.length !== 1 || files[0]!.startsWith("--")) {
  console.error("backup: Usage: npm run db:backup -- <backup file> [--force] (copies DATABASE_PATH, default data/accord.db).");
  process.exit(1);
}
try {
  const summary = backupDatabase(source, files[0]!, { force });
  console.log(`Backed up ${source} to ${summary.path} (consistent as of ${new Date().toISOString()}; integrity ok).`);
  console.log(formatSummary(summary));
} catch (error) {
  console.error(`backup: ${error instanceof BackupRefusal ? error.message : `The backup failed: ${String(error)}`}`);
  process.exitCode = 1;
}
