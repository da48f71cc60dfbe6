import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createScheduler } from "../../app/context/scheduler.server";

describe("the results scheduler", () => {
  beforeEach(() => void vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "performance"] }));
  afterEach(() => void vi.useRealTimers());

  it("runs once, a quiet moment after a burst", async () => {
    const s = createScheduler({ debounceMs: 1000 });
    let runs = 0;
    for (let i = 0; i < 5; i++) {
      s.schedule("round", async () => void runs++);
      await vi.advanceTimersByTimeAsync(200);
    }
    expect(runs).toBe(0);
    await vi.advanceTimersByTimeAsync(1000);
    expect(runs).toBe(1);
  });

  it("does not wait for a pause that never comes: a room voting without stop still gets results every max wait", async () => {
    const s = createScheduler({ debounceMs: 1000, maxWaitMs: 5000 });
    let runs = 0;
    // a change every 500 ms for 12 s: never a second of quiet
    for (let t = 0; t < 12_000; t += 500) {
      s.schedule("round", async () => void runs++);
      await vi.advanceTimersByTimeAsync(500);
    }
    expect(runs).toBe(2);
    await vi.advanceTimersByTimeAsync(1000);
    expect(runs).toBe(3);
  });

  it("flush waits for the run a change made while the same key was running", async () => {
    vi.useRealTimers();
    const s = createScheduler({ debounceMs: 1000 });
    const seen: number[] = [];
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    s.schedule("round", async () => {
      await gate;
      seen.push(1);
    });
    void s.flush();
    // a second change while the first run is still computing
    s.schedule("round", async () => {
      await new Promise((resolve) => setTimeout(resolve, 20));
      seen.push(2);
    });
    const second = s.flush();
    release();
    await second;
    expect(seen).toEqual([1, 2]);
  });
});
