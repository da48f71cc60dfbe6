/**
 * Sessions that ended (log out, sign out elsewhere or everywhere, a revoked return link): auth
 * tells whoever holds something opened under a session — the live-editing sockets — without
 * importing them. Kept on globalThis so server.ts and the Remix bundle share one set of listeners.
 */
import { logger } from "../observability/logger.server";

type Listener = (sessionIds: readonly string[]) => void;

const KEY = Symbol.for("accord.sessions-ended");

function listeners(): Set<Listener> {
  const g = globalThis as { [KEY]?: Set<Listener> };
  return (g[KEY] ??= new Set());
}

/** Call after the revocation is committed; a failing listener is logged and never fails the request. */
export function publishSessionsEnded(sessionIds: readonly string[]): void {
  if (sessionIds.length === 0) return;
  for (const listener of listeners()) {
    try {
      listener(sessionIds);
    } catch (error) {
      logger().error({ err: error }, "a sessions-ended listener failed");
    }
  }
}

export function onSessionsEnded(listener: Listener): () => void {
  listeners().add(listener);
  return () => listeners().delete(listener);
}
