import { z } from "zod";
import type { RateLimitConfig } from "./auth/rate-limiter.server";

const DEV_SECRET = "accord-development-secret-change-me";

const EnvSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default("0.0.0.0"),
  DATABASE_PATH: z.string().min(1).default("data/accord.db"),
  SESSION_SECRET: z.string().min(16, "SESSION_SECRET must be at least 16 characters").default(DEV_SECRET),
  /** Public origin(s) allowed to POST, comma separated; the request's own host is always allowed. */
  APP_ORIGIN: z.string().optional(),
  /** Set to "false" to skip seeding the demo deliberation into an empty database. */
  SEED_DEMO: z.enum(["true", "false"]).default("true"),
  /** Force Secure cookies; by default they are Secure when the request arrived over HTTPS. */
  COOKIE_SECURE: z.enum(["auto", "true", "false"]).default("auto"),
  LOG_LEVEL: z.enum(["silent", "error", "warn", "info"]).default("info"),
  /** Sliding window of the sign-in rate limits (docs/decisions/020). */
  RATE_LIMIT_WINDOW_MINUTES: z.coerce.number().int().min(1).max(24 * 60).default(15),
  /** Wrong passwords for one email within the window before that account is locked. */
  LOGIN_FAILURES_PER_ACCOUNT: z.coerce.number().int().min(1).default(10),
  /** Wrong passwords from one client address (any account) within the window. */
  LOGIN_FAILURES_PER_ADDRESS: z.coerce.number().int().min(1).default(50),
  /** Sign-ups, and refused invitation or return-link tokens, per client address within the window. */
  AUTH_ATTEMPTS_PER_ADDRESS: z.coerce.number().int().min(1).default(50),
});

export type Env = z.infer<typeof EnvSchema>;

let cached: Env | undefined;

/** Configuration, validated once. An invalid value stops the server at boot with a readable message. */
export function getEnv(): Env {
  if (cached) return cached;
  const parsed = EnvSchema.safeParse(process.env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new Error(`Invalid configuration:\n${lines.join("\n")}`);
  }
  cached = parsed.data;
  return cached;
}

/** The rate limits of the sign-in paths as configured. */
export function rateLimitConfig(env: Env): RateLimitConfig {
  return {
    windowMs: env.RATE_LIMIT_WINDOW_MINUTES * 60_000,
    loginFailuresPerAccount: env.LOGIN_FAILURES_PER_ACCOUNT,
    loginFailuresPerAddress: env.LOGIN_FAILURES_PER_ADDRESS,
    attemptsPerAddress: env.AUTH_ATTEMPTS_PER_ADDRESS,
  };
}

export function isDevSecret(env: Env): boolean {
  return env.SESSION_SECRET === DEV_SECRET;
}

/** Reset the cached configuration (tests change process.env between servers). */
export function resetEnvCache(): void {
  cached = undefined;
}
