import { describe, expect, it } from "vitest";
import { clientAddress, trustedProxies } from "../../app/auth/client-address";
import { SlidingWindowLimiter } from "../../app/scale/rate-limiter.server";

describe("SlidingWindowLimiter", () => {
  it("limits a key after `limit` attempts in the window and frees it as they age out", async () => {
    let now = 0;
    const l = new SlidingWindowLimiter(3, 60_000, 100, () => now);
    for (let i = 0; i < 3; i++) {
      expect((await l.check("a")).ok).toBe(true);
      await l.hit("a");
      now += 10_000;
    }
    expect(await l.check("a")).toEqual({ ok: false, retryAfterSeconds: 30 }); // the first attempt ages out at 60 s
    expect((await l.check("b")).ok).toBe(true);
    now = 60_001;
    expect((await l.check("a")).ok).toBe(true);
    await l.reset("a");
    expect(l.size).toBe(0);
  });

  it("stays bounded: beyond maxKeys the oldest keys are forgotten", async () => {
    const l = new SlidingWindowLimiter(2, 60_000, 50, () => 1);
    for (let i = 0; i < 500; i++) await l.hit(`k${i}`);
    expect(l.size).toBeLessThanOrEqual(50);
    await l.hit("k499");
    expect((await l.check("k499")).ok).toBe(false);
  });
});

describe("clientAddress", () => {
  it("trusts no proxy by default: X-Forwarded-For is ignored, even from loopback", () => {
    const none = trustedProxies("");
    expect(clientAddress("203.0.113.9", "198.51.100.1", none)).toBe("203.0.113.9");
    expect(clientAddress("127.0.0.1", "198.51.100.1", none)).toBe("127.0.0.1");
    expect(clientAddress("::1", "198.51.100.1", none)).toBe("::1");
  });

  it("believes X-Forwarded-For only from a configured proxy, and takes the hop the proxy added", () => {
    const loopback = trustedProxies("loopback");
    expect(clientAddress("203.0.113.9", "198.51.100.1", loopback)).toBe("203.0.113.9");
    expect(clientAddress("127.0.0.1", "198.51.100.1", loopback)).toBe("198.51.100.1");
    expect(clientAddress("::ffff:127.0.0.1", "6.6.6.6, 198.51.100.1", loopback)).toBe("198.51.100.1");
    expect(clientAddress("::1", undefined, loopback)).toBe("::1");
    const listed = trustedProxies(" 10.0.0.5 , 10.0.0.6");
    expect(clientAddress("10.0.0.5", "6.6.6.6, 10.0.0.6, 198.51.100.1", listed)).toBe("198.51.100.1");
    expect(clientAddress("::ffff:10.0.0.5", "198.51.100.1", listed)).toBe("198.51.100.1");
    expect(clientAddress("127.0.0.1", "198.51.100.1", listed)).toBe("127.0.0.1");
  });
});
