import { afterEach, describe, expect, it } from "vitest";
import { publish, runRoundClosingHook, setRoundClosingHook, subscribe, type DomainEvent } from "../../app/deliberation/domain-events";

/** The domain publishes; layers above subscribe. Closing a round without the snapshot hook is refused. */
describe("domain events", () => {
  afterEach(() => setRoundClosingHook(null));

  it("delivers events to subscribers until they unsubscribe", () => {
    const seen: DomainEvent[] = [];
    const off = subscribe((e) => seen.push(e));
    publish({ type: "votes-changed", deliberationId: "d", roundId: "r" });
    off();
    publish({ type: "votes-changed", deliberationId: "d", roundId: "r2" });
    expect(seen).toEqual([{ type: "votes-changed", deliberationId: "d", roundId: "r" }]);
  });

  it("refuses to close a round when no snapshot hook is installed, and runs the hook when one is", async () => {
    const closing = { deliberationId: "d", round: { id: "r", number: 1 }, closedAt: "2026-11-30T00:00:00.000Z" };
    await expect(runRoundClosingHook({} as never, closing)).rejects.toThrow(/installResultsHandlers/);
    const calls: unknown[] = [];
    setRoundClosingHook(async (_db, c) => void calls.push(c));
    await runRoundClosingHook({} as never, closing);
    expect(calls).toEqual([closing]);
  });
});
