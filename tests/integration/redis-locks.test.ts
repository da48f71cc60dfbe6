import { describe, expect, it } from "vitest";
import { createRedisLocks } from "../../app/scale/redis-locks.server";
import { openRedis, redisCheck } from "../../app/scale/redis.server";
import { redisForTests, useRedisServer } from "../helpers/redis-server";

const redis = redisForTests();

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve = () => {};
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

describe.skipIf(!redis.available)(redis.title("locks in Redis, across instances (a real redis-server)"), () => {
  const { link } = useRedisServer();

  it("two instances contend for one key: one runs, the other is told {ran: false} at once", async () => {
    const a = createRedisLocks((await link()).client);
    const b = createRedisLocks((await link()).client);
    const release = deferred();
    let runs = 0;
    const first = a.tryWithLock("round:r1", 5000, async () => {
      runs++;
      await release.promise;
      return "a";
    });
    // the holder is inside fn once the key exists
    await new Promise((r) => setTimeout(r, 50));
    expect(await b.tryWithLock("round:r1", 5000, async () => ++runs)).toEqual({ ran: false });
    release.resolve();
    expect(await first).toEqual({ ran: true, value: "a" });
    expect(runs).toBe(1);
    // released: the next holder runs
    expect(await b.tryWithLock("round:r1", 5000, async () => "b")).toEqual({ ran: true, value: "b" });
  });

  it("a holder that runs past its ttl keeps the key (extended at half the ttl)", async () => {
    const a = createRedisLocks((await link()).client);
    const b = createRedisLocks((await link()).client);
    const release = deferred();
    const first = a.tryWithLock("round:long", 300, () => release.promise);
    await new Promise((r) => setTimeout(r, 50));
    // four times the ttl later, the holder is still holding
    await new Promise((r) => setTimeout(r, 1200));
    expect(await b.tryWithLock("round:long", 300, async () => "b")).toEqual({ ran: false });
    release.resolve();
    expect((await first).ran).toBe(true);
  });

  it("a holder that dies (its connection closed, never released) frees the key once its ttl passes", async () => {
    const dying = await link();
    const b = createRedisLocks((await link()).client);
    const never = deferred();
    void createRedisLocks(dying.client).tryWithLock("round:crash", 400, () => never.promise).catch(() => {});
    await new Promise((r) => setTimeout(r, 50));
    dying.client.disconnect(); // the process is gone: no release, no extension
    expect(await b.tryWithLock("round:crash", 400, async () => "b")).toEqual({ ran: false });
    let outcome = await b.tryWithLock("round:crash", 400, async () => "b");
    for (let i = 0; i < 100 && !outcome.ran; i++) {
      await new Promise((r) => setTimeout(r, 50));
      outcome = await b.tryWithLock("round:crash", 400, async () => "b");
    }
    expect(outcome).toEqual({ ran: true, value: "b" });
    never.resolve();
  });

  it("a stale holder (its key expired under it) cannot release, nor extend, the next holder's key", async () => {
    const admin = (await link()).client;
    const lost: string[] = [];
    const a = createRedisLocks((await link()).client, { onLost: (key) => lost.push(key) });
    const b = createRedisLocks((await link()).client);
    const releaseA = deferred();
    const releaseB = deferred();
    const first = a.tryWithLock("round:stale", 400, () => releaseA.promise);
    await new Promise((r) => setTimeout(r, 50));
    // A is cut off long enough for its key to expire (played by expiring it now)
    await admin.pexpire("accord:lock:round:stale", 1);
    await new Promise((r) => setTimeout(r, 20));
    const second = b.tryWithLock("round:stale", 5000, () => releaseB.promise);
    await new Promise((r) => setTimeout(r, 50));
    const tokenOfB = await admin.get("accord:lock:round:stale");
    expect(tokenOfB).not.toBeNull();
    // A's extender (every ttl/2 = 200 ms) finds the key no longer its own
    await new Promise((r) => setTimeout(r, 500));
    releaseA.resolve();
    expect((await first).ran).toBe(true);
    // A finished and released: B's key is untouched, and A's extender noticed it had lost it
    expect(await admin.get("accord:lock:round:stale")).toBe(tokenOfB);
    expect(await admin.pttl("accord:lock:round:stale")).toBeGreaterThan(1000);
    expect(lost).toEqual(["round:stale"]);
    releaseB.resolve();
    expect((await second).ran).toBe(true);
    expect(await admin.get("accord:lock:round:stale")).toBeNull();
  });

  it("readiness: ok while Redis answers, failing once it is gone; a Redis that cannot be reached stops the start with a sentence", async () => {
    const l = await link();
    expect(await redisCheck(l.client)()).toEqual({ status: "ok" });
    const gone = await link();
    await gone.close();
    expect((await redisCheck(gone.client)()).status).toBe("failing");
    await expect(openRedis("redis://127.0.0.1:1", () => {})).rejects.toThrow(/^Redis at 127\.0\.0\.1:1 \(REDIS_URL\) cannot be reached \(connect ECONNREFUSED 127\.0\.0\.1:1\)\. Start Redis, or unset REDIS_URL/);
  });
});
