/**
 * Presence (Yjs awareness) is relayed by the server to every connection of a document, so one
 * client's presence costs everyone. Before Hocuspocus applies an awareness message, it is dropped
 * when it is too large, when its connection sends faster than its budget, when it writes the
 * presence of a client that belongs to another connection, or when its `user` field is not the
 * label and role the server computed for this member. A connection that keeps being dropped is closed.
 */
import { readAwareness, silenceAwareness } from "./hocuspocus-messages.server";

export interface PresenceLimits {
  /** largest awareness update relayed, in bytes */
  maxBytes: number;
  /** awareness updates per second and connection (a burst of twice as many is allowed) */
  perSecond: number;
  /** dropped updates within 10 s after which the connection is closed */
  dropsBeforeClose: number;
}

export interface PresenceIdentity {
  name: string;
  role: string;
}

interface Budget {
  tokens: number;
  at: number;
  drops: number;
  dropsSince: number;
}

const DROP_WINDOW_MS = 10_000;

export type PresenceVerdict = "pass" | "dropped" | "abusive";

/** The `user` field a member's presence may carry: none, or exactly the server's label and role. */
function isOwnUser(state: unknown, identity: PresenceIdentity): boolean {
  if (state === null) return true; // leaving
  if (typeof state !== "object" || Array.isArray(state)) return false;
  if (!("user" in state)) return true;
  const user = (state as { user: unknown }).user;
  if (typeof user !== "object" || user === null) return false;
  const { name, role } = user as { name?: unknown; role?: unknown };
  return name === identity.name && role === identity.role;
}

export function createPresenceGuard(limits: PresenceLimits, now: () => number = Date.now) {
  const budgets = new WeakMap<object, Budget>();
  // per document: awareness client id → the connection that first wrote it
  const owners = new WeakMap<object, Map<number, object>>();

  function spend(connection: object): boolean {
    const t = now();
    const burst = limits.perSecond * 2;
    const b = budgets.get(connection) ?? { tokens: burst, at: t, drops: 0, dropsSince: t };
    budgets.set(connection, b);
    b.tokens = Math.min(burst, b.tokens + ((t - b.at) / 1000) * limits.perSecond);
    b.at = t;
    if (b.tokens < 1) return false;
    b.tokens -= 1;
    return true;
  }

  function drop(connection: object): PresenceVerdict {
    const t = now();
    const b = budgets.get(connection)!;
    if (t - b.dropsSince > DROP_WINDOW_MS) {
      b.drops = 0;
      b.dropsSince = t;
    }
    return ++b.drops > limits.dropsBeforeClose ? "abusive" : "dropped";
  }

  /**
   * Judge one incoming message of `connection` on `document` (any message; only awareness is
   * judged). A dropped message is silenced in place; "abusive" means: close the connection.
   */
  function check(
    message: Uint8Array,
    document: { hasConnection(connection: never): boolean },
    connection: object,
    identity: PresenceIdentity,
  ): PresenceVerdict {
    const awareness = readAwareness(message);
    if (!awareness) return "pass";
    let byDocument = owners.get(document);
    if (!byDocument) owners.set(document, (byDocument = new Map()));
    const taken = (clientId: number) => {
      const owner = byDocument.get(clientId);
      return owner !== undefined && owner !== connection && document.hasConnection(owner as never);
    };
    const ok =
      spend(connection) &&
      awareness.bytes <= limits.maxBytes &&
      awareness.entries.every((e) => !taken(e.clientId) && isOwnUser(e.state, identity));
    if (ok) {
      for (const e of awareness.entries) byDocument.set(e.clientId, connection);
      return "pass";
    }
    silenceAwareness(message, awareness);
    return drop(connection);
  }

  return { check };
}
