import { createDatabase, databaseConfigFromProcess } from "./connection";
import { migrateToLatest } from "./migrate";

const db = createDatabase(databaseConfigFromProcess());
try {
  const applied = await migrateToLatest(db);
  console.log(applied.length ? `Applied: ${applied.join(", ")}` : "Database is up to date.");
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
} finally {
  await db.destroy();
}
