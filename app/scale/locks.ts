/**
 * Work that must run once across every instance of Accord (recomputing a round's results, a
 * scheduled deadline): the holder of a key runs, the others skip. Alone, an in-process lock is
 * enough; with REDIS_URL the Redis implementation (app/scale/redis-locks.server.ts) holds the key
 * across instances, with an expiry so a crashed holder cannot block the work for ever.
 */
export type LockOutcome<T> = { ran: true; value: T } | { ran: false };

export interface Locks {
  /**
   * Run `fn` while holding `key`; when another holder has it, resolve `{ ran: false }` at once
   * without running. `ttlMs` bounds how long a holder that died keeps the key.
   */
  tryWithLock<T>(key: string, ttlMs: number, fn: () => Promise<T>): Promise<LockOutcome<T>>;
}

/** One process, one holder per key. */
export function createProcessLocks(): Locks {
  const held = new Set<string>();
  return {
    async tryWithLock(key, _ttlMs, fn) {
      if (held.has(key)) return { ran: false };
      held.add(key);
      try {
        return { ran: true, value: await fn() };
      } finally {
        held.delete(key);
      }
    },
  };
}
