/**
 * Events that act on what another instance holds (its live sockets) cross instances through a
 * Redis channel (docs/decisions/032). Changes to live documents do not: Hocuspocus's Redis
 * extension carries those as Yjs updates, and relaying them too would apply a comment twice.
 */
import { randomUUID } from "node:crypto";
import type { RedisClient } from "./redis.server";

export type EventOrigin = "local" | "remote";

/** The shape of the application's event bus, as far as the relay needs it. */
export interface RelayableBus<E extends { type: string }> {
  publish(event: E, origin?: EventOrigin): void;
  subscribe(listener: (event: E, origin: EventOrigin) => void): () => void;
}

/**
 * The events whose subscribers act on connections held by every instance: a logout closes the
 * sockets opened under its session, a removal those of the member, a phase change makes drafts
 * read-only (or reconnects them), an archive or delete closes a deliberation's — wherever those sockets are.
 */
export const CROSS_INSTANCE_EVENTS = ["sessions-ended", "member-removed", "phase-changed", "deliberation-closed"] as const;

interface Envelope {
  from: string;
  event: { type: string };
}

/**
 * Forward the bus's local events of `types` to `channel`, and publish the ones other instances
 * sent into the bus as "remote" (never forwarded again). `subscriber` is a connection of its own
 * (subscriber mode). Resolves, once subscribed, to a function that stops relaying.
 */
export async function relayEvents<E extends { type: string }>(options: {
  publisher: RedisClient;
  subscriber: RedisClient;
  channel: string;
  bus: RelayableBus<E>;
  types: readonly string[];
  instanceId?: string;
  onError?: (error: unknown) => void;
}): Promise<() => Promise<void>> {
  const { publisher, subscriber, channel, bus } = options;
  const self = options.instanceId ?? randomUUID();
  const types = new Set(options.types);
  const onError = options.onError ?? (() => {});

  const onMessage = (from: string, raw: string) => {
    if (from !== channel) return;
    let envelope: Envelope;
    try {
      envelope = JSON.parse(raw) as Envelope;
    } catch (error) {
      return onError(error);
    }
    if (envelope.from === self || typeof envelope.event?.type !== "string" || !types.has(envelope.event.type)) return;
    bus.publish(envelope.event as E, "remote");
  };
  subscriber.on("message", onMessage);
  await subscriber.subscribe(channel);

  const unsubscribe = bus.subscribe((event, origin) => {
    if (origin === "remote" || !types.has(event.type)) return;
    const envelope: Envelope = { from: self, event };
    publisher.publish(channel, JSON.stringify(envelope)).catch(onError);
  });

  return async () => {
    unsubscribe();
    subscriber.off("message", onMessage);
    await subscriber.unsubscribe(channel).catch(onError);
  };
}
