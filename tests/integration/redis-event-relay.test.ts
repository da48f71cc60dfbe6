import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CROSS_INSTANCE_EVENTS, relayEvents, type EventOrigin, type RelayableBus } from "../../app/scale/redis-event-relay.server";
import { openRedis, type RedisLink } from "../../app/scale/redis.server";
import { redisForTests, startRedisServer, type RedisServer } from "../helpers/redis-server";

const redis = redisForTests();

type Event = { type: "sessions-ended"; sessionIds: string[] } | { type: "member-removed"; membershipId: string } | { type: "votes-changed"; roundId: string };

/** A bus as small as the relay needs: it remembers what its subscribers heard. */
function tinyBus() {
  const listeners = new Set<(event: Event, origin: EventOrigin) => void>();
  const heard: { event: Event; origin: EventOrigin }[] = [];
  const bus: RelayableBus<Event> = {
    publish(event, origin = "local") {
      for (const l of listeners) l(event, origin);
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
  bus.subscribe((event, origin) => heard.push({ event, origin }));
  return { bus, heard };
}

const until = async (what: string, condition: () => boolean) => {
  for (let i = 0; i < 200 && !condition(); i++) await new Promise((r) => setTimeout(r, 10));
  if (!condition()) throw new Error(`timed out waiting for ${what}`);
};

describe.skipIf(!redis.available)(redis.title("events that cross instances through Redis (a real redis-server)"), () => {
  let server: RedisServer;
  const links: RedisLink[] = [];
  beforeAll(async () => {
    server = await startRedisServer();
  });
  afterAll(async () => {
    for (const l of links) await l.close();
    await server?.stop();
  });

  async function instance() {
    const link = await openRedis(server.url, (error) => {
      throw error;
    });
    links.push(link);
    const { bus, heard } = tinyBus();
    const stop = await relayEvents({ publisher: link.client, subscriber: link.connect("events"), channel: "accord:events", bus, types: CROSS_INSTANCE_EVENTS });
    return { bus, heard, stop };
  }

  it("a logout or a removal on A reaches B's bus as remote, once; what only concerns A stays on A", async () => {
    const a = await instance();
    const b = await instance();
    // every message on the channel, to count them
    const monitor = (await openRedis(server.url, () => {})).connect("monitor");
    links.push({ url: server.url, client: monitor, connect: () => monitor, close: async () => void monitor.disconnect() });
    const seen: string[] = [];
    monitor.on("message", (_channel: string, raw: string) => seen.push(raw));
    await monitor.subscribe("accord:events");

    a.bus.publish({ type: "sessions-ended", sessionIds: ["s1", "s2"] });
    a.bus.publish({ type: "votes-changed", roundId: "r1" }); // results travel through the database, not here
    b.bus.publish({ type: "member-removed", membershipId: "m9" });
    await until("B hears A's logout", () => b.heard.some((h) => h.event.type === "sessions-ended"));
    await until("A hears B's removal", () => a.heard.some((h) => h.event.type === "member-removed"));
    // let any echo (a remote event sent on again) arrive before counting
    await new Promise((r) => setTimeout(r, 200));

    // (local and remote events interleave in any order)
    const sorted = (heard: { event: Event; origin: EventOrigin }[]) => [...heard].sort((x, y) => x.event.type.localeCompare(y.event.type));
    expect(sorted(b.heard)).toEqual([
      { event: { type: "member-removed", membershipId: "m9" }, origin: "local" },
      { event: { type: "sessions-ended", sessionIds: ["s1", "s2"] }, origin: "remote" },
    ]);
    expect(sorted(a.heard)).toEqual([
      { event: { type: "member-removed", membershipId: "m9" }, origin: "remote" },
      { event: { type: "sessions-ended", sessionIds: ["s1", "s2"] }, origin: "local" },
      { event: { type: "votes-changed", roundId: "r1" }, origin: "local" },
    ]);
    expect(seen).toHaveLength(2); // one message per crossing event: no echo

    await a.stop();
    await b.stop();
    b.bus.publish({ type: "member-removed", membershipId: "m10" });
    await new Promise((r) => setTimeout(r, 100));
    expect(a.heard.some((h) => h.event.type === "member-removed" && h.event.membershipId === "m10")).toBe(false);
  });
});
