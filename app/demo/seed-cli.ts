import { createDatabase, databaseConfigFromProcess, describeDatabaseConfig } from "../../db/connection";
import { migrateToLatest } from "../../db/migrate";
import { createAppContext } from "../context/app-context.server";
import { getEnv } from "../env.server";
import { installResultsHandlers } from "../results/install.server";
import { DEMO_LOGINS } from "./demo-content";
import { seedDemoIfEmpty } from "./seed-demo.server";

const config = databaseConfigFromProcess();
const path = describeDatabaseConfig(config);
const db = createDatabase(config);
const app = createAppContext({ db, config: getEnv() });
try {
  await migrateToLatest(db);
  installResultsHandlers(app);
  const started = performance.now();
  const cpu = process.cpuUsage();
  const seeded = await seedDemoIfEmpty(app);
  const ms = Math.round(performance.now() - started);
  const used = process.cpuUsage(cpu);
  const cpuMs = Math.round((used.user + used.system) / 1000);
  if (seeded) {
    console.log(`Seeded the demo deliberation "${seeded.title}" (${seeded.deliberationId}) into ${path} in ${ms} ms (${cpuMs} ms of CPU).`);
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
  // Votes scheduled result computations; the server computes them when it starts.
  await app.scheduler.stop();
  await db.destroy();
}
