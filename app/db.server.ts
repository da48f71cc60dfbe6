import { createDatabase, databaseConfig, type DB } from "../db/connection";
import { getEnv } from "./env.server";

// One database client per process. It lives on globalThis so that server.ts (run by tsx) and the
// Remix server bundle (a separate module graph) share the same connection.
const KEY = Symbol.for("accord.db");
type Holder = { [KEY]?: DB };

export function getDb(): DB {
  const holder = globalThis as Holder;
  if (!holder[KEY]) holder[KEY] = createDatabase(databaseConfig(getEnv()));
  return holder[KEY]!;
}

/** Install a specific database (server start-up and tests). */
export function setDb(db: DB | undefined): void {
  (globalThis as Holder)[KEY] = db;
}
