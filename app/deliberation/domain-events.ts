/**
 * Domain events: what the deliberation services tell the layers above them (results, live
 * collaboration) without importing them. Services publish; the results pipeline and the collab
 * server subscribe when the server starts (`installResultsHandlers`, the collab server). State lives
 * on globalThis so server.ts and the Remix bundle share one bus.
 */
import type { Executor } from "../../db/connection";
import type { Phase } from "./phase-rules";
import { logger } from "../observability/logger.server";

export type DomainEvent =
  /** a vote was cast or changed in an open round */
  | { type: "votes-changed"; deliberationId: string; roundId: string }
  /** a round moved to another phase */
  | { type: "phase-changed"; deliberationId: string; roundId: string; phase: Phase }
  /** who may vote, or the rules of counting, changed (join, removal, thresholds) */
  | { type: "electorate-changed"; deliberationId: string }
  /** a member was removed */
  | { type: "member-removed"; deliberationId: string; membershipId: string };

/** Runs inside the transaction that closes a round, before it commits (the results snapshot). */
export type RoundClosingHook = (db: Executor, closing: { deliberationId: string; round: { id: string; number: number }; closedAt: string }) => Promise<void>;

interface Bus {
  listeners: Set<(event: DomainEvent) => void>;
  closing: RoundClosingHook | null;
}
const KEY = Symbol.for("accord.domain-events");
function bus(): Bus {
  const g = globalThis as { [KEY]?: Bus };
  return (g[KEY] ??= { listeners: new Set(), closing: null });
}

/** Tell every subscriber; a failing subscriber is logged and never fails the service's request. */
export function publish(event: DomainEvent): void {
  for (const listener of bus().listeners) {
    try {
      listener(event);
    } catch (error) {
      logger().error({ err: error, event: event.type }, "a domain-event subscriber failed");
    }
  }
}

export function subscribe(listener: (event: DomainEvent) => void): () => void {
  bus().listeners.add(listener);
  return () => bus().listeners.delete(listener);
}

export function setRoundClosingHook(hook: RoundClosingHook | null): void {
  bus().closing = hook;
}

/** Closing a round without its snapshot would break "closed means frozen": refuse instead. */
export async function runRoundClosingHook(db: Executor, closing: Parameters<RoundClosingHook>[1]): Promise<void> {
  const hook = bus().closing;
  if (!hook) throw new Error("No round-closing hook is installed: call installResultsHandlers() when the process starts.");
  await hook(db, closing);
}
