import type { DatabaseConfig } from "../../db/connection";
import type { RateLimitConfig } from "../../app/scale/rate-limiter.server";
import type { CollabOptions } from "../../app/collab/collab-server.server";
import { startServer, type RunningServer } from "../../app/server/create-server";
import { freshDatabase } from "./test-db";
import type { Logger } from "../../app/observability/logger.server";
import type { Clock } from "../../app/context/app-context.server";
import { errorsToConsole } from "./test-logger";

/** Tests sign in many times from one address: limits out of reach unless a test sets its own. */
const GENEROUS_LIMITS: Partial<RateLimitConfig> = { loginFailuresPerAccount: 10_000, loginFailuresPerAddress: 10_000, attemptsPerAddress: 10_000 };

/**
 * The real Accord server (production build, Express, Remix) on a free port with its own fresh
 * database of the engine under test (tests/helpers/test-db.ts), migrated at start as in production;
 * `database` runs it on a given one instead (a restart, a restored file). `seedDemo` seeds the demo deliberation as `npm start` does on first start;
 * `rateLimits` sets the sign-in limits (by default too high to meet); `trustProxy` plays TRUST_PROXY;
 * `logger` receives the server's log (by default errors only, to console.error); `metricsToken` plays METRICS_TOKEN.
 */
export async function startTestServer(
  options: { seedDemo?: boolean; database?: DatabaseConfig; rateLimits?: Partial<RateLimitConfig>; trustProxy?: string; collab?: CollabOptions; logger?: Logger; metricsToken?: string; clock?: Clock } = {},
): Promise<RunningServer & { database: DatabaseConfig; stop: () => Promise<void> }> {
  // production refuses to start without a secret (decision 021); vitest.config.ts sets one too
  process.env.SESSION_SECRET ??= "accord-test-session-secret-0123456789abcdef";
  // a given database belongs to the test (a restart, a restored file): stop() closes but leaves it in place
  const fresh = options.database ? undefined : await freshDatabase({ migrated: false });
  const database = options.database ?? fresh!.config;
  const server = await startServer({
    mode: "production",
    port: 0,
    host: "127.0.0.1",
    database,
    seedDemo: options.seedDemo ?? false,
    logger: options.logger ?? errorsToConsole(),
    ...(options.metricsToken !== undefined ? { metricsToken: options.metricsToken } : {}),
    rateLimits: { ...GENEROUS_LIMITS, ...options.rateLimits },
    // TRUST_PROXY as configured (by default none), unless the test says which proxy it plays
    ...(options.trustProxy !== undefined ? { trustProxy: options.trustProxy } : {}),
    ...(options.collab ? { collab: options.collab } : {}),
    ...(options.clock ? { clock: options.clock } : {}),
  });
  return {
    ...server,
    database,
    stop: async () => {
      await server.close();
      await fresh?.drop();
    },
  };
}

/** A page's HTML with its per-response Content-Security-Policy nonces blanked, to compare two responses. */
export function withoutNonces(html: string): string {
  return html.replace(/ nonce="[^"]*"/g, ' nonce=""');
}

/**
 * A cookie-keeping HTTP client that behaves like a same-site browser form post (it sends
 * `Origin`), without following redirects so tests can assert them.
 */
export class Client {
  private cookies = new Map<string, string>();
  private forwardedFor: string | null = null;
  constructor(readonly base: string, private readonly origin: string | null = base) {}

  /** Requests as if from this client address, through a proxy (`X-Forwarded-For`; the server must trust loopback). */
  from(address: string): this {
    this.forwardedFor = address;
    return this;
  }

  private addressHeader(): Record<string, string> {
    return this.forwardedFor ? { "X-Forwarded-For": this.forwardedFor } : {};
  }

  private cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
  }

  private keep(res: Response) {
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(";");
      const i = pair!.indexOf("=");
      const name = pair!.slice(0, i).trim();
      const value = pair!.slice(i + 1).trim();
      if (value === "" || /max-age=0/i.test(line) || /expires=thu, 01 jan 1970/i.test(line)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  async get(pathname: string, extraHeaders: Record<string, string> = {}): Promise<Response> {
    const res = await fetch(this.base + pathname, { redirect: "manual", headers: { Cookie: this.cookieHeader(), ...this.addressHeader(), ...extraHeaders } });
    this.keep(res);
    return res;
  }

  async post(pathname: string, fields: Record<string, string | string[]>, extraHeaders: Record<string, string> = {}): Promise<Response> {
    const body = new URLSearchParams();
    for (const [k, v] of Object.entries(fields)) for (const x of Array.isArray(v) ? v : [v]) body.append(k, x);
    const headers: Record<string, string> = { Cookie: this.cookieHeader(), "Content-Type": "application/x-www-form-urlencoded", ...this.addressHeader(), ...extraHeaders };
    if (this.origin) headers.Origin = this.origin;
    const res = await fetch(this.base + pathname, { method: "POST", redirect: "manual", headers, body });
    this.keep(res);
    return res;
  }

  /** A multipart form post (file uploads), like a browser's, with this client's cookies and Origin. */
  async postMultipart(pathname: string, form: FormData): Promise<Response> {
    const headers: Record<string, string> = { Cookie: this.cookieHeader(), ...this.addressHeader() };
    if (this.origin) headers.Origin = this.origin;
    const res = await fetch(this.base + pathname, { method: "POST", redirect: "manual", headers, body: form });
    this.keep(res);
    return res;
  }

  /** This browser's cookies, but a form posted from another site's page (Origin of that site). */
  fromOtherSite(origin = "https://evil.example"): Client {
    const other = new Client(this.base, origin);
    other.cookies = this.cookies;
    return other;
  }

  /** This browser's cookies, talking to the same Accord at another address (e.g. a restarted server on port 0). */
  at(base: string): Client {
    const moved = new Client(base, this.origin === this.base ? base : this.origin);
    moved.cookies = this.cookies;
    return moved;
  }

  /** Sign up (which starts no session: decision 020), then log in as the new account. */
  async signUp(displayName: string, email: string, password: string): Promise<void> {
    const res = await this.post("/signup", { displayName, email, password });
    if (res.status !== 302) throw new Error(`sign-up failed for ${email}: ${res.status}`);
    await this.login(email, password);
  }

  async login(email: string, password: string): Promise<void> {
    const res = await this.post("/login", { email, password, redirectTo: "/" });
    if (res.status !== 302) throw new Error(`login failed for ${email}: ${res.status}`);
  }
}
