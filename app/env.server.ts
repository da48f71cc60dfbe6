import { randomBytes } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";

const MIN_SECRET = 32;
const bytes = (fallback: number) => z.coerce.number().int().min(1024, "must be at least 1024 bytes").default(fallback);

const EnvSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default("0.0.0.0"),
  DATABASE_PATH: z.string().min(1).default("data/accord.db"),
  /** PostgreSQL instead of the SQLite file at DATABASE_PATH (docs/decisions/029); empty means unset. */
  DATABASE_URL: z.preprocess(
    (v) => (v === "" ? undefined : v),
    z
      .string()
      .url("must be a URL like postgres://user:password@host:5432/accord")
      .refine((v) => /^postgres(ql)?:\/\//.test(v), "must start with postgres:// or postgresql:// (without it, SQLite at DATABASE_PATH is used)")
      .optional(),
  ),
  /** Signs session cookies, collab tokens and return links. Required in production (decision 021). */
  SESSION_SECRET: z.preprocess(
    (v) => (v === "" ? undefined : v), // `SESSION_SECRET=` in a shell or .env means "not set"
    z.string().min(MIN_SECRET, `SESSION_SECRET must be at least ${MIN_SECRET} characters`).optional(),
  ),
  /** "true" (set by `npm start`): without SESSION_SECRET, generate one and keep it next to the database. */
  STORE_SESSION_SECRET: z.enum(["true", "false"]).default("false"),
  /** Largest request body read for any route, in bytes; counted on the bytes read, not Content-Length. */
  BODY_LIMIT_BYTES: bytes(256 * 1024),
  /** Largest body read for the Polis upload (/deliberations/import), in bytes. */
  UPLOAD_LIMIT_BYTES: bytes(20 * 1024 * 1024),
  /** Public origin(s) allowed to POST, comma separated; the request's own host is always allowed. */
  APP_ORIGIN: z.string().optional(),
  /** Set to "false" to skip seeding the demo deliberation into an empty database. */
  SEED_DEMO: z.enum(["true", "false"]).default("true"),
  /** Force Secure cookies; by default they are Secure when the request arrived over HTTPS. */
  COOKIE_SECURE: z.enum(["auto", "true", "false"]).default("auto"),
  /** Least severe level written as JSON lines on stdout; "silent" writes none. */
  LOG_LEVEL: z.enum(["silent", "error", "warn", "info", "debug"]).default("info"),
  /** Bearer token that `/metrics` requires; unset, `/metrics` answers 404. */
  METRICS_TOKEN: z.preprocess((v) => (v === "" ? undefined : v), z.string().min(16, "METRICS_TOKEN must be at least 16 characters").optional()),
  /** Redis linking several instances (docs/deploy.md); unset, this instance runs alone. */
  REDIS_URL: z.preprocess((v) => (v === "" ? undefined : v), z.string().optional()),
  /** Reverse proxies whose X-Forwarded-* headers are believed: "loopback" and/or IP addresses, comma separated; empty trusts none. */
  TRUST_PROXY: z
    .string()
    .default("")
    .refine((v) => v.split(",").every((e) => /^\s*(loopback|[0-9a-f:.]*)\s*$/i.test(e)), 'must be "loopback" or IP addresses, comma separated'),
  /** Sliding window of the sign-in rate limits (docs/decisions/020). */
  RATE_LIMIT_WINDOW_MINUTES: z.coerce.number().int().min(1).max(24 * 60).default(15),
  /** Wrong passwords for one email within the window before that account is locked. */
  LOGIN_FAILURES_PER_ACCOUNT: z.coerce.number().int().min(1).default(10),
  /** Wrong passwords from one client address (any account) within the window. */
  LOGIN_FAILURES_PER_ADDRESS: z.coerce.number().int().min(1).default(50),
  /** Sign-ups, and refused invitation or return-link tokens, per client address within the window. */
  AUTH_ATTEMPTS_PER_ADDRESS: z.coerce.number().int().min(1).default(50),
  /** Polis uploads (/deliberations/import) one account may start within an hour. */
  IMPORTS_PER_ACCOUNT_PER_HOUR: z.coerce.number().int().min(1).default(10),
  /** SMTP server emails go through (docs/decisions/046); unset, they stay in the outbox facilitators see. */
  SMTP_URL: z.preprocess(
    (v) => (v === "" ? undefined : v),
    z
      .string()
      .url("must be a URL like smtp://user:password@mail.example.org:587 or smtps://…:465")
      .refine((v) => /^smtps?:\/\//.test(v), "must start with smtp:// or smtps:// (without it, emails stay in the outbox)")
      .optional(),
  ),
  /** The sender of every email: an address, or a name and an address ("Accord <accord@example.org>"). */
  MAIL_FROM: z
    .string()
    .default("Accord <accord@localhost>")
    .refine((v) => /^(?:[^<>@\r\n]*<[^<>@\s]+@[^<>@\s]+>|[^<>@\s]+@[^<>@\s]+)$/.test(v.trim()), 'must be an address like accord@example.org or "Accord <accord@example.org>"'),
  /** How often each instance looks for phase deadlines that are due (docs/decisions/045), in ms. */
  DEADLINE_POLL_MS: z.coerce.number().int().min(100).max(3_600_000).default(15_000),
});

export type Env = Omit<z.infer<typeof EnvSchema>, "SESSION_SECRET"> & {
  SESSION_SECRET: string;
  /** Where the secret came from: the environment, or the file generated on this machine. */
  sessionSecretSource: "environment" | { file: string };
};

let cached: Env | undefined;

/** Configuration, validated once. An invalid value stops the server at boot with a readable message. */
export function getEnv(): Env {
  if (cached) return cached;
  const parsed = EnvSchema.safeParse(process.env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new Error(`Invalid configuration:\n${lines.join("\n")}`);
  }
  const { SESSION_SECRET, ...rest } = parsed.data;
  if (SESSION_SECRET) {
    cached = { ...rest, SESSION_SECRET, sessionSecretSource: "environment" };
  } else if (rest.NODE_ENV === "production" && rest.STORE_SESSION_SECRET !== "true") {
    throw new Error(
      `Invalid configuration:\n  SESSION_SECRET: production needs a secret of at least ${MIN_SECRET} characters; ` +
        `generate one with \`openssl rand -hex 32\` and set SESSION_SECRET (see README, Configuration).`,
    );
  } else {
    const file = path.join(path.dirname(rest.DATABASE_PATH), ".session-secret");
    cached = { ...rest, SESSION_SECRET: readOrCreateSecret(file), sessionSecretSource: { file } };
  }
  return cached;
}

/** A random per-machine secret, created once with owner-only permissions, never a public constant. */
function readOrCreateSecret(file: string): string {
  if (existsSync(file)) {
    const stored = readFileSync(file, "utf8").trim();
    if (stored.length >= MIN_SECRET) return stored;
  }
  mkdirSync(path.dirname(file), { recursive: true });
  const secret = randomBytes(32).toString("hex");
  writeFileSync(file, secret + "\n", { mode: 0o600 });
  chmodSync(file, 0o600);
  return secret;
}

/** Reset the cached configuration (tests change process.env between servers). */
export function resetEnvCache(): void {
  cached = undefined;
}
