/**
 * The application context: everything a service needs besides its arguments, created once by
 * whoever runs the code (the server, a CLI, a test) and passed down explicitly — from a loader or
 * action (`context.app`), into `requireMember`, into the services. Nothing reaches for a process
 * global, so the same code runs on either engine, inside a transaction, and in tests that hold two
 * contexts side by side (docs/decisions/031).
 */
import type { DB } from "../../db/connection";
import { createAuthRateLimits, rateLimitConfig, type AuthRateLimits } from "../scale/rate-limiter.server";
import { createBackgroundTasks, type BackgroundTasks } from "./background";
import { createEventBus, type EventBus } from "./domain-events";
import type { Env } from "../env.server";
import { createScheduler, type Scheduler } from "./scheduler.server";
import { createProcessLocks, type Locks } from "../scale/locks";

export interface Clock {
  now(): Date;
}

export interface AppContext {
  db: DB;
  /** Domain events: services publish, results and the collab server subscribe. */
  events: EventBus;
  /** Debounced background work (results recomputation). */
  scheduler: Scheduler;
  /** Work that runs once across instances (in-process alone, Redis with REDIS_URL). */
  locks: Locks;
  clock: Clock;
  config: Env;
  /** The sign-in rate limits of this server (docs/decisions/020). */
  rateLimits: AuthRateLimits;
  /** Work that outlives its request (Polis imports), stopped and awaited at shutdown. */
  background: BackgroundTasks;
}

export const systemClock: Clock = { now: () => new Date() };

/** A context with in-process defaults for what is not given. */
export function createAppContext(options: {
  db: DB;
  config: Env;
  locks?: Locks;
  clock?: Clock;
  rateLimits?: AuthRateLimits;
  events?: EventBus;
  scheduler?: Scheduler;
}): AppContext {
  return {
    db: options.db,
    config: options.config,
    events: options.events ?? createEventBus(),
    scheduler: options.scheduler ?? createScheduler(),
    locks: options.locks ?? createProcessLocks(),
    clock: options.clock ?? systemClock,
    rateLimits: options.rateLimits ?? createAuthRateLimits(rateLimitConfig(options.config)),
    background: createBackgroundTasks(),
  };
}
