import { getEnv } from "./app/env.server";
import { createLogger } from "./app/observability/logger.server";
import { startServer } from "./app/server/create-server";
import { databaseConfig, describeDatabaseConfig } from "./db/connection";

// JSON lines on stdout (synchronous, so nothing is lost at process.exit); the level comes from
// LOG_LEVEL once the configuration is read.
let logger = createLogger({ level: "info" });
try {
  // an invalid or missing configuration (e.g. no SESSION_SECRET in production) stops here, exit 1
  const env = getEnv();
  logger = createLogger({ level: env.LOG_LEVEL });
  const mode = env.NODE_ENV === "production" ? "production" : "development";
  const server = await startServer({ mode, port: env.PORT, database: databaseConfig(env), logger });
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info(`${signal} received: closing connections and the database…`);
    await server.close();
    process.exit(0);
  };
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
  process.on("SIGINT", () => void shutdown("SIGINT"));
  // Announce readiness only once the shutdown handlers exist: a supervisor (or test) that signals
  // right after this line must get a clean shutdown, not the default kill.
  logger.info(`Accord is running at ${server.url.replace(/:\d+$/, `:${new URL(server.url).port}`)} (${mode}, database ${describeDatabaseConfig(databaseConfig(env))})`);
} catch (error) {
  logger.fatal(error instanceof Error ? error.message : String(error));
  process.exit(1);
}
