import { describe, expect, it, type MockInstance } from "vitest";
import { createEventBus, type DomainEvent, type EventOrigin } from "../../app/context/domain-events";

/** The domain publishes; layers above subscribe. Closing a round without the snapshot hook is refused. */
describe("domain events", () => {
  it("delivers events to subscribers, with their origin, until they unsubscribe", async () => {
    const bus = createEventBus();
    const seen: [DomainEvent, EventOrigin][] = [];
    const off = bus.subscribe((e, origin) => void seen.push([e, origin]));
    await bus.publish({ type: "votes-changed", deliberationId: "d", roundId: "r" });
    await bus.publish({ type: "votes-changed", deliberationId: "d", roundId: "r1" }, "remote");
    off();
    await bus.publish({ type: "votes-changed", deliberationId: "d", roundId: "r2" });
    expect(seen).toEqual([
      [{ type: "votes-changed", deliberationId: "d", roundId: "r" }, "local"],
      [{ type: "votes-changed", deliberationId: "d", roundId: "r1" }, "remote"],
    ]);
  });

  it("settles a publication after every subscriber's work, and a failing subscriber never fails it", async () => {
    const bus = createEventBus();
    const order: string[] = [];
    bus.subscribe(async () => {
      order.push("slow started");
      await new Promise((r) => setTimeout(r, 20));
      order.push("slow done");
    });
    bus.subscribe(() => {
      throw new Error("a broken subscriber");
    });
    bus.subscribe(async () => {
      throw new Error("a broken async subscriber");
    });
    const errorSpy = console.error as unknown as MockInstance;
    errorSpy.mockImplementation(() => {}); // the two failures are logged: recorded, not printed
    const published = bus.publish({ type: "sessions-ended", sessionIds: ["s"] });
    order.push("publish returned");
    await published;
    order.push("publish settled");
    expect(errorSpy.mock.calls.map((c) => String(c[0]))).toEqual([expect.stringMatching(/subscriber failed/), expect.stringMatching(/subscriber failed/)]);
    errorSpy.mockClear();
    expect(order).toEqual(["slow started", "publish returned", "slow done", "publish settled"]);
  });

  it("refuses to close a round when no snapshot hook is installed, and runs the hook when one is", async () => {
    const bus = createEventBus();
    const closing = { deliberationId: "d", round: { id: "r", number: 1 }, closedAt: "2026-11-30T00:00:00.000Z" };
    await expect(bus.runRoundClosingHook({} as never, closing)).rejects.toThrow(/installResultsHandlers/);
    const calls: unknown[] = [];
    bus.setRoundClosingHook(async (_db, c) => void calls.push(c));
    await bus.runRoundClosingHook({} as never, closing);
    expect(calls).toEqual([closing]);
  });
});
