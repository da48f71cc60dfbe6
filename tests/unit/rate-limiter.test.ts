import { describe, expect, it } from "vitest";
import { clientAddress } from "../../app/auth/client-address";
import { SlidingWindowLimiter } from "../../app/auth/rate-limiter.server";

describe("SlidingWindowLimiter", () => {
  it("limits a key after `limit` attempts in the window and frees it as they age out", () => {
    let now = 0;
    const l = new SlidingWindowLimiter(3, 60_000, 100, () => now);
    for (let i = 0; i < 3; i++) {
      expect(l.check("a").ok).toBe(true);
      l.hit("a");
      now += 10_000;
    }
    expect(l.check("a")).toEqual({ ok: false, retryAfterSeconds: 30 }); // the first attempt ages out at 60 s
    expect(l.check("b").ok).toBe(true);
    now = 60_001;
    expect(l.check("a").ok).toBe(true);
    l.reset("a");
    expect(l.size).toBe(0);
  });

  it("stays bounded: beyond maxKeys the oldest keys are forgotten", () => {
    const l = new SlidingWindowLimiter(2, 60_000, 50, () => 1);
    for (let i = 0; i < 500; i++) l.hit(`k${i}`);
    expect(l.size).toBeLessThanOrEqual(50);
    l.hit("k499");
    expect(l.check("k499").ok).toBe(false);
  });
});

describe("clientAddress", () => {
  it("believes X-Forwarded-For only from loopback, and takes the hop the proxy added", () => {
    expect(clientAddress("203.0.113.9", "198.51.100.1")).toBe("203.0.113.9");
    expect(clientAddress("127.0.0.1", "198.51.100.1")).toBe("198.51.100.1");
    expect(clientAddress("::ffff:127.0.0.1", "6.6.6.6, 198.51.100.1")).toBe("198.51.100.1");
    expect(clientAddress("::1", undefined)).toBe("::1");
  });
});
