/**
 * Readiness (`GET /readyz`): may a load balancer send this instance traffic? A list of named
 * checks, each answering ok, failing (with a reason) or not configured; ready when none fails.
 * The server registers the database check; a Redis connection registers its own when REDIS_URL is
 * set (until then Redis is reported as not configured, which does not fail readiness).
 */
import { sql, type Kysely } from "kysely";
import { pendingMigrations } from "../../db/migrate";

export type CheckResult = { status: "ok"; detail?: string } | { status: "failing"; reason: string } | { status: "not configured"; detail: string };
export type ReadinessCheck = () => Promise<CheckResult>;

export interface ReadinessReport {
  ready: boolean;
  checks: Record<string, CheckResult>;
}

export interface Readiness {
  register(name: string, check: ReadinessCheck): void;
  report(): Promise<ReadinessReport>;
}

/** A check that does not answer within this time is failing: a hung dependency is not ready. */
const CHECK_TIMEOUT_MS = 3000;

export function createReadiness(): Readiness {
  const checks = new Map<string, ReadinessCheck>();
  return {
    register(name, check) {
      checks.set(name, check);
    },
    async report() {
      const entries = await Promise.all([...checks].map(async ([name, check]) => [name, await withinTimeout(check)] as const));
      return { ready: entries.every(([, r]) => r.status !== "failing"), checks: Object.fromEntries(entries) };
    },
  };
}

async function withinTimeout(check: ReadinessCheck): Promise<CheckResult> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<CheckResult>((resolve) => {
    timer = setTimeout(() => resolve({ status: "failing", reason: `no answer within ${CHECK_TIMEOUT_MS / 1000} s` }), CHECK_TIMEOUT_MS);
  });
  try {
    return await Promise.race([check().catch((error: unknown) => ({ status: "failing" as const, reason: error instanceof Error ? error.message : String(error) })), late]);
  } finally {
    clearTimeout(timer);
  }
}

/** The database answers a query, and has every migration this code knows (newer ones are fine: they are additive). */
export function databaseCheck(db: Kysely<any>): ReadinessCheck {
  return async () => {
    await sql`select 1`.execute(db);
    const pending = await pendingMigrations(db);
    if (pending.length > 0) return { status: "failing", reason: `the schema is behind this code: ${pending.length} migration(s) not applied (${pending.join(", ")})` };
    return { status: "ok" };
  };
}

export function notConfigured(detail: string): ReadinessCheck {
  return async () => ({ status: "not configured", detail });
}
