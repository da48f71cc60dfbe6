import { randomUUID } from "node:crypto";
import type { Redis } from "ioredis";
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
 * A sliding window: a key is limited while `limit` attempts fall within the last `windowMs`, and
 * free again when the oldest of those ages out. Asynchronous, so its attempts may live in Redis
 * and be shared by every instance (docs/decisions/032).
 */
export interface RateLimiter {
  readonly limit: number;
  readonly windowMs: number;
  check(key: string): Promise<LimitCheck>;
  hit(key: string): Promise<void>;
  reset(key: string): Promise<void>;
}

/** Seconds until the attempt at `oldestCounted` ages out: what `Retry-After` says. */
function retryAfter(oldestCounted: number, windowMs: number, now: number): LimitCheck {
  return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((oldestCounted + windowMs - now) / 1000)) };
}

/**
 * The sliding window in process memory (one instance): for each key the times of its recent
 * attempts (at most `limit` of them).
 */
export class SlidingWindowLimiter implements RateLimiter {
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

  async check(key: string): Promise<LimitCheck> {
    const now = this.now();
    const times = this.recent(key, now);
    if (times.length < this.limit) return { ok: true };
    return retryAfter(times[times.length - this.limit]!, this.windowMs, now);
  }

  async hit(key: string): Promise<void> {
    const now = this.now();
    const times = this.recent(key, now);
    times.push(now);
    // re-inserted at the end: the Map's order is the order of the latest attempt
    this.hits.delete(key);
    this.hits.set(key, times.slice(-this.limit));
    if (this.hits.size > this.maxKeys) this.evict(now);
  }

  async reset(key: string): Promise<void> {
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

// One script per operation, so that two instances hitting one key at once are both counted (each
// attempt is its own member) and the window is trimmed and read in the same step. Times are
// Redis's own clock (TIME) unless a test gives one, so instances whose clocks differ agree.
const NOW = `local now = tonumber(ARGV[3]) if not now then local t = redis.call("TIME") now = t[1] * 1000 + math.floor(t[2] / 1000) end`;
const CHECK_SCRIPT = `${NOW}
redis.call("ZREMRANGEBYSCORE", KEYS[1], "-inf", now - tonumber(ARGV[1]))
local n = redis.call("ZCARD", KEYS[1])
local limit = tonumber(ARGV[2])
if n < limit then return {-1, now} end
local oldest = redis.call("ZRANGE", KEYS[1], n - limit, n - limit, "WITHSCORES")
return {tonumber(oldest[2]), now}`;
const HIT_SCRIPT = `${NOW}
redis.call("ZREMRANGEBYSCORE", KEYS[1], "-inf", now - tonumber(ARGV[1]))
redis.call("ZADD", KEYS[1], now, now .. ":" .. ARGV[4])
redis.call("ZREMRANGEBYRANK", KEYS[1], 0, -(tonumber(ARGV[2]) + 1))
redis.call("PEXPIRE", KEYS[1], ARGV[1])
return 1`;

/**
 * The sliding window in Redis, shared by every instance: per key a sorted set of attempt times
 * under `accord:rl:<name>:<key>` (at most `limit` of them), expiring with the window.
 */
export class RedisSlidingWindowLimiter implements RateLimiter {
  private readonly prefix: string;
  constructor(
    private readonly redis: Redis,
    name: string,
    readonly limit: number,
    readonly windowMs: number,
    private readonly now?: () => number,
  ) {
    this.prefix = `accord:rl:${name}:`;
  }

  private args(): string[] {
    return [String(this.windowMs), String(this.limit), this.now ? String(this.now()) : ""];
  }

  async check(key: string): Promise<LimitCheck> {
    const [oldest, now] = (await this.redis.eval(CHECK_SCRIPT, 1, this.prefix + key, ...this.args())) as [number, number];
    return oldest < 0 ? { ok: true } : retryAfter(oldest, this.windowMs, now);
  }

  async hit(key: string): Promise<void> {
    await this.redis.eval(HIT_SCRIPT, 1, this.prefix + key, ...this.args(), randomUUID());
  }

  async reset(key: string): Promise<void> {
    await this.redis.del(this.prefix + key);
  }
}

/** The limiters of the sign-in paths, one set per server (shared through Redis when it is given). */
export interface AuthRateLimits {
  loginAccount: RateLimiter;
  loginAddress: RateLimiter;
  signupAddress: RateLimiter;
  joinAddress: RateLimiter;
  returnAddress: RateLimiter;
  importAccount: RateLimiter;
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

/**
 * The sign-in limiters: in this process's memory, or with `redis` (REDIS_URL) in Redis, so that
 * a client cannot multiply its quota by the number of instances.
 */
export function createAuthRateLimits(config: RateLimitConfig, redis?: Redis): AuthRateLimits {
  const make = (name: keyof AuthRateLimits, limit: number, windowMs = config.windowMs): RateLimiter =>
    redis ? new RedisSlidingWindowLimiter(redis, name, limit, windowMs) : new SlidingWindowLimiter(limit, windowMs, config.maxKeys);
  return {
    loginAccount: make("loginAccount", config.loginFailuresPerAccount),
    loginAddress: make("loginAddress", config.loginFailuresPerAddress),
    signupAddress: make("signupAddress", config.attemptsPerAddress),
    joinAddress: make("joinAddress", config.attemptsPerAddress),
    returnAddress: make("returnAddress", config.attemptsPerAddress),
    importAccount: make("importAccount", config.importsPerAccountPerHour, 60 * 60_000),
  };
}

/** The key under which failed logins for one email are counted. */
export function accountKey(email: string): string {
  return email.trim().toLowerCase();
}

/** Refuse with 429, a sentence and `Retry-After` when any of these keys is limited; changes nothing. */
export async function assertNotLimited(...checks: [RateLimiter, string][]): Promise<void> {
  let wait = 0;
  for (const r of await Promise.all(checks.map(([limiter, key]) => limiter.check(key)))) {
    if (!r.ok) wait = Math.max(wait, r.retryAfterSeconds);
  }
  if (wait > 0) refuseWithRetryAfter(wait, "errors.tooManyAttempts");
}

/** Refuse with 429, `Retry-After` and the sentence `messageKey` (given the minutes as its count) when `key` is limited. */
export async function assertWithinLimit(limiter: RateLimiter, key: string, messageKey: MessageKey): Promise<void> {
  const r = await limiter.check(key);
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
export async function countRefusals<T>(limiter: RateLimiter, key: string, run: () => Promise<T>): Promise<T> {
  await assertNotLimited([limiter, key]);
  try {
    return await run();
  } catch (error) {
    if (isRefusal(error) && !error.fieldErrors) await limiter.hit(key);
    throw error;
  }
}
