import { createDatabase } from "./connection";
import { migrateToLatest } from "./migrate";

const path = process.env.DATABASE_PATH ?? "data/accord.db";
const db = createDatabase(path);
try {
  const applied = await migrateToLatest(db);
  console.log(applied.length ? `Applied: ${applied.join(", ")}` : "Database is up to date.");
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
} finally {
  await db.destroy();
}
