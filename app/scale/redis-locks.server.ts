/**
 * Locks held in Redis, across every instance (docs/decisions/032): `SET key token NX PX ttl`
 * takes a key; only the holder of the token may extend or release it (compare-and-delete in one
 * Lua script), so a holder whose key expired cannot release the next holder's.
 */
import { randomUUID } from "node:crypto";
import type { LockOutcome, Locks } from "./locks";
import type { RedisClient } from "./redis.server";

const PREFIX = "accord:lock:";

const RELEASE = `if redis.call("get", KEYS[1]) == ARGV[1] then return redis.call("del", KEYS[1]) else return 0 end`;
const EXTEND = `if redis.call("get", KEYS[1]) == ARGV[1] then return redis.call("pexpire", KEYS[1], ARGV[2]) else return 0 end`;

/**
 * `onLost` hears of a holder whose key was gone when it tried to extend it (it ran longer than
 * the ttl while cut off from Redis): its work may overlap the next holder's, which work under a
 * lock must tolerate (recomputes are idempotent and stamped).
 */
export function createRedisLocks(redis: RedisClient, options: { onLost?: (key: string) => void } = {}): Locks {
  return {
    async tryWithLock<T>(key: string, ttlMs: number, fn: () => Promise<T>): Promise<LockOutcome<T>> {
      const name = PREFIX + key;
      const token = randomUUID();
      const taken = await redis.set(name, token, "PX", ttlMs, "NX");
      if (taken !== "OK") return { ran: false };
      // Extended at half the ttl while fn runs, so a long recompute keeps its key and a crashed
      // holder loses it within one ttl.
      let lost = false;
      const extender = setInterval(() => {
        redis.eval(EXTEND, 1, name, token, String(ttlMs)).then(
          (ok) => {
            if (ok === 0 && !lost) {
              lost = true;
              options.onLost?.(key);
            }
          },
          () => {}, // Redis away: the key expires on its own
        );
      }, Math.max(1, Math.floor(ttlMs / 2)));
      try {
        return { ran: true, value: await fn() };
      } finally {
        clearInterval(extender);
        await redis.eval(RELEASE, 1, name, token).catch(() => {});
      }
    },
  };
}
