import type { Env } from "../env.server";
import { isRefusal, refuse, type MessageKey } from "../refusal";

/** How many attempts per key within the window; see docs/decisions/020. */
export interface RateLimitConfig {
  windowMs: number;
  loginFailuresPerAccount: number;
  loginFailuresPerAddress: number;
  attemptsPerAddress: number;
  /** Polis imports one account may start within an hour (their own window: an import is heavy). */
  importsPerAccountPerHour: number;
  /** Most keys one limiter remembers; beyond it the keys whose attempts are oldest are forgotten. */
  maxKeys?: number;
}

export type LimitCheck = { ok: true } | { ok: false; retryAfterSeconds: number };

/**
 * A sliding-window limiter in process memory: for each key the times of its recent attempts (at most
 * `limit` of them). A key is limited while `limit` attempts fall within the last `windowMs`.
 */
export class SlidingWindowLimiter {
  private readonly hits = new Map<string, number[]>();
  constructor(
    readonly limit: number,
    readonly windowMs: number,
    private readonly maxKeys = 10_000,
    private readonly now: () => number = Date.now,
  ) {}

  private recent(key: string, now: number): number[] {
    const times = this.hits.get(key);
    if (!times) return [];
    const live = times.filter((at) => at > now - this.windowMs);
    if (live.length === 0) this.hits.delete(key);
    else if (live.length !== times.length) this.hits.set(key, live);
    return live;
  }

  check(key: string): LimitCheck {
    const now = this.now();
    const times = this.recent(key, now);
    if (times.length < this.limit) return { ok: true };
    const freeAt = times[times.length - this.limit]! + this.windowMs;
    return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((freeAt - now) / 1000)) };
  }

  hit(key: string): void {
    const now = this.now();
    const times = this.recent(key, now);
    times.push(now);
    // re-inserted at the end: the Map's order is the order of the latest attempt
    this.hits.delete(key);
    this.hits.set(key, times.slice(-this.limit));
    if (this.hits.size > this.maxKeys) this.evict(now);
  }

  reset(key: string): void {
    this.hits.delete(key);
  }

  get size(): number {
    return this.hits.size;
  }

  private evict(now: number) {
    for (const key of [...this.hits.keys()]) this.recent(key, now);
    for (const key of this.hits.keys()) {
      if (this.hits.size <= this.maxKeys) break;
      this.hits.delete(key);
    }
  }
}

/** The limiters of the sign-in paths, one set per server. */
export interface AuthRateLimits {
  loginAccount: SlidingWindowLimiter;
  loginAddress: SlidingWindowLimiter;
  signupAddress: SlidingWindowLimiter;
  joinAddress: SlidingWindowLimiter;
  returnAddress: SlidingWindowLimiter;
  importAccount: SlidingWindowLimiter;
}

/** The rate limits of the sign-in paths as configured. */
export function rateLimitConfig(env: Env): RateLimitConfig {
  return {
    windowMs: env.RATE_LIMIT_WINDOW_MINUTES * 60_000,
    loginFailuresPerAccount: env.LOGIN_FAILURES_PER_ACCOUNT,
    loginFailuresPerAddress: env.LOGIN_FAILURES_PER_ADDRESS,
    attemptsPerAddress: env.AUTH_ATTEMPTS_PER_ADDRESS,
    importsPerAccountPerHour: env.IMPORTS_PER_ACCOUNT_PER_HOUR,
  };
}

export function createAuthRateLimits(config: RateLimitConfig): AuthRateLimits {
  const make = (limit: number) => new SlidingWindowLimiter(limit, config.windowMs, config.maxKeys);
  return {
    loginAccount: make(config.loginFailuresPerAccount),
    loginAddress: make(config.loginFailuresPerAddress),
    signupAddress: make(config.attemptsPerAddress),
    joinAddress: make(config.attemptsPerAddress),
    returnAddress: make(config.attemptsPerAddress),
    importAccount: new SlidingWindowLimiter(config.importsPerAccountPerHour, 60 * 60_000, config.maxKeys),
  };
}

/** The key under which failed logins for one email are counted. */
export function accountKey(email: string): string {
  return email.trim().toLowerCase();
}

/** Refuse with 429, a sentence and `Retry-After` when any of these keys is limited; changes nothing. */
export function assertNotLimited(...checks: [SlidingWindowLimiter, string][]): void {
  let wait = 0;
  for (const [limiter, key] of checks) {
    const r = limiter.check(key);
    if (!r.ok) wait = Math.max(wait, r.retryAfterSeconds);
  }
  if (wait > 0) refuseWithRetryAfter(wait, "errors.tooManyAttempts");
}

/** Refuse with 429, `Retry-After` and the sentence `messageKey` (given the minutes as its count) when `key` is limited. */
export function assertWithinLimit(limiter: SlidingWindowLimiter, key: string, messageKey: MessageKey): void {
  const r = limiter.check(key);
  if (!r.ok) refuseWithRetryAfter(r.retryAfterSeconds, messageKey);
}

function refuseWithRetryAfter(seconds: number, messageKey: MessageKey): never {
  const minutes = Math.max(1, Math.ceil(seconds / 60));
  return refuse(429, messageKey, { params: { count: minutes }, headers: { "Retry-After": String(seconds) } });
}

/**
 * Run a token lookup (an invitation, a return link) and count it against `key` when it is refused
 * (a thrown Refusal: unknown, revoked, used up), so guessing tokens meets the limit and using a good
 * one does not. A refused form (field errors) is not a refused token.
 */
export async function countRefusals<T>(limiter: SlidingWindowLimiter, key: string, run: () => Promise<T>): Promise<T> {
  assertNotLimited([limiter, key]);
  try {
    return await run();
  } catch (error) {
    if (isRefusal(error) && !error.fieldErrors) limiter.hit(key);
    throw error;
  }
}
