import { CopyRefusal, copyDatabase, parseDatabaseArgument } from "./copy";

/** `npm run db:copy -- --from <sqlite file | postgres url> --to <postgres url | sqlite file>` */
const args = process.argv.slice(2);
const option = (name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const from = option("--from");
const to = option("--to");
if (!from || !to || from.startsWith("--") || to.startsWith("--")) {
  console.error("copy: Usage: npm run db:copy -- --from <SQLite file or postgres:// URL> --to <postgres:// URL or SQLite file>. Stop the server on the source first.");
  process.exit(1);
}
try {
  const summary = await copyDatabase(parseDatabaseArgument(from), parseDatabaseArgument(to));
  const rows = summary.tables.reduce((sum, t) => sum + t.rows, 0);
  console.log(`Copied ${rows} rows in ${summary.tables.length} tables from ${summary.from} to ${summary.to}.`);
  for (const t of summary.tables) console.log(`  ${t.table.padEnd(20)} ${t.rows}`);
} catch (error) {
  console.error(`copy: ${error instanceof CopyRefusal ? error.message : `The copy failed, and nothing was written to the target: ${error instanceof Error ? error.message : String(error)}`}`);
  process.exitCode = 1;
}
