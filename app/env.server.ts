import { z } from "zod";

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

export function isDevSecret(env: Env): boolean {
  return env.SESSION_SECRET === DEV_SECRET;
}

/** Reset the cached configuration (tests change process.env between servers). */
export function resetEnvCache(): void {
  cached = undefined;
}
