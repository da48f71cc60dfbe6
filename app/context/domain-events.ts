/**
 * Domain events: what the services tell the layers above them (results, live collaboration,
 * metrics, a Redis relay) without importing them. Services publish on their context's bus
 * (`app.events`); the results pipeline and the collab server subscribe when they are created.
 * One bus per application context (app/context/app-context.server.ts), never a process global.
 */
import type { Executor } from "../../db/connection";
import type { RoundRow } from "../../db/schema";
import { logger } from "../observability/logger.server";

/** A round's phase (the same union as app/deliberation/phase-rules.ts, read from the schema so this layer stays below the domain). */
type Phase = RoundRow["phase"];

export type DomainEvent =
  /** a vote was cast or changed in an open round */
  | { type: "votes-changed"; deliberationId: string; roundId: string }
  /** a round moved to another phase */
  | { type: "phase-changed"; deliberationId: string; roundId: string; phase: Phase }
  /** who may vote, or the rules of counting, changed (join, removal, thresholds) */
  | { type: "electorate-changed"; deliberationId: string }
  /** a deliberation was archived (read-only) or deleted: its live connections close */
  | { type: "deliberation-closed"; deliberationId: string; reason: "archived" | "deleted" }
  /** a member was removed */
  | { type: "member-removed"; deliberationId: string; membershipId: string }
  /** sessions ended (log out, sign out elsewhere or everywhere, a revoked return link), after the commit */
  | { type: "sessions-ended"; sessionIds: string[] }
  /** a comment was posted, edited, deleted, hidden or restored (after the commit); SQL holds its new form */
  | { type: "comment-changed"; deliberationId: string; proposalId: string; commentId: string }
  /** a facilitator put a draft back to `text` for everyone editing it */
  | { type: "draft-reset"; deliberationId: string; proposalId: string; text: string }
  /** a report version was published (after the commit) */
  | { type: "report-published"; deliberationId: string; version: number }
  /** a phase's deadline is less than 24 hours away (published once per deadline, across instances); `dueAt` is ISO UTC */
  | { type: "deadline-approaching"; deliberationId: string; roundId: string; phase: Phase; dueAt: string; autoAdvance: boolean };

/** "local": published by this process; "remote": relayed from another instance (a Redis relay). */
export type EventOrigin = "local" | "remote";

export type EventListener = (event: DomainEvent, origin: EventOrigin) => void | Promise<void>;

/** Runs inside the transaction that closes a round, before it commits (the results snapshot). */
export type RoundClosingHook = (db: Executor, closing: { deliberationId: string; round: { id: string; number: number }; closedAt: string }) => Promise<void>;

/**
 * The live copy of a draft, when this process hosts the collaboration server: the open Yjs
 * document is fresher than its stored state (stored after a debounce). A question with an
 * answer, so a port the collab layer installs, not an event.
 */
export interface LiveDrafts {
  read(proposalId: string): Promise<string | null>;
}

export interface EventBus {
  /**
   * Tell every subscriber. Listeners start synchronously, in subscription order; the promise
   * settles when every listener's work has (await it when the caller's answer must follow that
   * work, e.g. a posted comment already in the live document). It never rejects: a failing
   * listener is logged and never fails the service's request.
   */
  publish(event: DomainEvent, origin?: EventOrigin): Promise<void>;
  subscribe(listener: EventListener): () => void;
  setRoundClosingHook(hook: RoundClosingHook | null): void;
  /** Closing a round without its snapshot would break "closed means frozen": refuses when no hook is installed. */
  runRoundClosingHook(db: Executor, closing: Parameters<RoundClosingHook>[1]): Promise<void>;
  setLiveDrafts(drafts: LiveDrafts | null): void;
  /** The collaboration server's drafts, or null when this process has none. */
  liveDrafts(): LiveDrafts | null;
}

export function createEventBus(): EventBus {
  const listeners = new Set<EventListener>();
  let closing: RoundClosingHook | null = null;
  let drafts: LiveDrafts | null = null;
  const failed = (error: unknown, event: DomainEvent) => logger().error({ err: error, event: event.type }, "a domain-event subscriber failed");
  return {
    publish(event, origin = "local") {
      const pending: Promise<void>[] = [];
      for (const listener of [...listeners]) {
        try {
          const result = listener(event, origin);
          if (result) pending.push(result.catch((error: unknown) => failed(error, event)));
        } catch (error) {
          failed(error, event);
        }
      }
      return Promise.all(pending).then(() => undefined);
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    setRoundClosingHook(hook) {
      closing = hook;
    },
    async runRoundClosingHook(db, c) {
      if (!closing) throw new Error("No round-closing hook is installed: call installResultsHandlers(app) when the context is created.");
      await closing(db, c);
    },
    setLiveDrafts(d) {
      drafts = d;
    },
    liveDrafts: () => drafts,
  };
}
