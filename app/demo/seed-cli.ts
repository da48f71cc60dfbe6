import { createDatabase } from "../connection";
import { migrateToLatest } from "../migrate";
import { DEMO_LOGINS, seedDemoIfEmpty } from "./seed-demo";

const path = process.env.DATABASE_PATH ?? "data/accord.db";
const db = createDatabase(path);
try {
  await migrateToLatest(db);
  const started = performance.now();
  const seeded = await seedDemoIfEmpty(db);
  const ms = Math.round(performance.now() - started);
  if (seeded) {
    console.log(`Seeded the demo deliberation "${seeded.title}" (${seeded.deliberationId}) into ${path} in ${ms} ms.`);
    console.log("Demo sign-ins:");
    for (const [role, login] of Object.entries(DEMO_LOGINS)) {
      console.log(`  ${role.padEnd(12)} ${login.email}  ${login.password}`);
    }
  } else {
    console.log("The database already has deliberations; nothing seeded.");
  }
} catch (error) {
  console.error(`Seeding ${path} failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
} finally {
  await db.destroy();
}
