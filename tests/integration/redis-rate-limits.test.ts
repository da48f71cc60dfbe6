import { describe, expect, it } from "vitest";
import { createAuthRateLimits, RedisSlidingWindowLimiter, SlidingWindowLimiter, type LimitCheck, type RateLimitConfig, type RateLimiter } from "../../app/scale/rate-limiter.server";
import { redisForTests, useRedisServer } from "../helpers/redis-server";

const redis = redisForTests();

const CONFIG: RateLimitConfig = { windowMs: 60_000, loginFailuresPerAccount: 10, loginFailuresPerAddress: 50, attemptsPerAddress: 50, importsPerAccountPerHour: 10 };

describe.skipIf(!redis.available)(redis.title("rate limits shared through Redis (a real redis-server)"), () => {
  const { link } = useRedisServer();

  it("two instances count against one quota: attempts through A and through B add up, concurrent ones included", async () => {
    const a = createAuthRateLimits(CONFIG, (await link()).client);
    const b = createAuthRateLimits(CONFIG, (await link()).client);
    const address = "203.0.113.7";
    // 40 attempts at once, half through each instance: every one counts
    await Promise.all(Array.from({ length: 40 }, (_, i) => (i % 2 ? a : b).signupAddress.hit(address)));
    expect((await a.signupAddress.check(address)).ok).toBe(true);
    for (let i = 0; i < 10; i++) await (i % 2 ? a : b).signupAddress.hit(address);
    // 50 in the window: limited on both instances, for about the window
    for (const instance of [a, b]) {
      const r = await instance.signupAddress.check(address);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.retryAfterSeconds).toBeGreaterThan(50);
    }
    // another limiter, another address: untouched
    expect((await a.joinAddress.check(address)).ok).toBe(true);
    expect((await b.signupAddress.check("203.0.113.8")).ok).toBe(true);
    // a good login on B resets the account's failures seen on A
    for (let i = 0; i < 10; i++) await a.loginAccount.hit("ada@example.org");
    expect((await b.loginAccount.check("ada@example.org")).ok).toBe(false);
    await b.loginAccount.reset("ada@example.org");
    expect((await a.loginAccount.check("ada@example.org")).ok).toBe(true);
  });

  it("answers as the in-memory window does, Retry-After included, attempt by attempt", async () => {
    const client = (await link()).client;
    let now = 1_000_000;
    const clock = () => now;
    const limiters: RateLimiter[] = [new SlidingWindowLimiter(3, 60_000, 100, clock), new RedisSlidingWindowLimiter(client, "semantics", 3, 60_000, clock)];
    const answers: LimitCheck[][] = [[], []];
    // a fixed walk through time: bursts, waits shorter and longer than the window, a reset
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let step = 0; step < 200; step++) {
      const r = next();
      now += r < 0.5 ? Math.floor(next() * 3000) : r < 0.9 ? Math.floor(next() * 30_000) : 61_000;
      const key = next() < 0.8 ? "k1" : "k2";
      const action = next();
      for (let i = 0; i < 2; i++) {
        if (action < 0.6) await limiters[i]!.hit(key);
        else if (action < 0.97) answers[i]!.push(await limiters[i]!.check(key));
        else await limiters[i]!.reset(key);
      }
    }
    expect(answers[0]!.some((x) => !x.ok)).toBe(true); // the walk does meet the limit
    expect(answers[1]).toEqual(answers[0]);
  });
});
