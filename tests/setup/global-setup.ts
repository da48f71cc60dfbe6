import { execSync } from "node:child_process";
import { existsSync } from "node:fs";
import pg from "pg";
import { createDatabase } from "../../db/connection";
import { migrateToLatest } from "../../db/migrate";
import { startPgCluster } from "../helpers/pg-cluster";
import { PG_TEMPLATE } from "../helpers/test-db";

/**
 * Integration tests run the production build; build it once if it is missing. Under
 * TEST_DATABASE=postgres, start a throwaway PostgreSQL cluster and migrate a template database that
 * every test database is copied from (tests/helpers/test-db.ts); stop and delete it at the end.
 */
export default async function setup() {
  if (!existsSync("build/server/index.js")) {
    // a production build, as npm test makes: Vitest's NODE_ENV=test would make Vite build a DEV bundle
    execSync("npx remix vite:build", { stdio: "inherit", env: { ...process.env, NODE_ENV: "production" } });
  }
  if (process.env.TEST_DATABASE !== "postgres") return;
  const cluster = await startPgCluster();
  try {
    const admin = new pg.Client({ connectionString: cluster.url("postgres") });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${PG_TEMPLATE}`);
    await admin.end();
    const template = createDatabase({ url: cluster.url(PG_TEMPLATE) });
    await migrateToLatest(template);
    await template.destroy();
  } catch (error) {
    cluster.stop();
    throw error;
  }
  // test workers are forked after this and inherit the environment
  process.env.ACCORD_TEST_PG_URL = cluster.url("").replace(/\/$/, "");
  return () => cluster.stop();
}
