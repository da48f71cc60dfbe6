/**
 * Background recomputation of round results, debounced per round: a burst of votes triggers one
 * computation a moment after the last one, and a computation never runs twice at once for a
 * round (a change during a run schedules another). Pages read the cache and never wait.
 * State lives on globalThis so server.ts and the Remix bundle share one scheduler.
 */
import { logger } from "../observability/logger.server";

type Job = () => Promise<void>;
interface State {
  timers: Map<string, ReturnType<typeof setTimeout>>;
  jobs: Map<string, Job>;
  running: Map<string, Promise<void>>;
  again: Set<string>;
  stopped: boolean;
  observers: Set<RunObserver>;
}
/** Told after every run (metrics): how long it took and whether it succeeded. */
type RunObserver = (run: { key: string; seconds: number; ok: boolean }) => void;
const KEY = Symbol.for("accord.results-scheduler");

function state(): State {
  const g = globalThis as { [KEY]?: State };
  return (g[KEY] ??= { timers: new Map(), jobs: new Map(), running: new Map(), again: new Set(), stopped: false, observers: new Set() });
}

export function debounceMs(): number {
  const v = Number(process.env.RESULTS_DEBOUNCE_MS ?? 1000);
  return Number.isFinite(v) && v >= 0 ? v : 1000;
}

/** Run `job` for `key` after `delay` ms of quiet; later calls push it back and replace the job. */
export function schedule(key: string, job: Job, delay = debounceMs()): void {
  const s = state();
  if (s.stopped) return;
  s.jobs.set(key, job);
  const existing = s.timers.get(key);
  if (existing) clearTimeout(existing);
  const timer = setTimeout(() => void run(key), delay);
  timer.unref?.();
  s.timers.set(key, timer);
}

async function run(key: string): Promise<void> {
  const s = state();
  s.timers.delete(key);
  const job = s.jobs.get(key);
  if (!job) return;
  if (s.running.has(key)) {
    s.again.add(key);
    return;
  }
  s.jobs.delete(key);
  const started = performance.now();
  const observe = (ok: boolean) => {
    for (const observer of s.observers) observer({ key, seconds: (performance.now() - started) / 1000, ok });
  };
  const p = job()
    .then(
      () => observe(true),
      (error) => {
        observe(false);
        if (!s.stopped) logger().error({ err: error, job: key }, "recomputing results failed");
      },
    )
    .finally(() => {
      s.running.delete(key);
      if (s.again.delete(key) && s.jobs.has(key)) void run(key);
    });
  s.running.set(key, p);
  await p;
}

/** Run every pending job now and wait for all running ones (tests, shutdown). */
export async function flushScheduled(): Promise<void> {
  const s = state();
  for (const [key, timer] of [...s.timers]) {
    clearTimeout(timer);
    await run(key);
  }
  await Promise.all([...s.running.values()]);
}

/** Stop accepting work, drop pending jobs, wait for running ones. */
export async function stopScheduler(): Promise<void> {
  const s = state();
  s.stopped = true;
  for (const timer of s.timers.values()) clearTimeout(timer);
  s.timers.clear();
  s.jobs.clear();
  await Promise.all([...s.running.values()]);
}

export function observeRecomputes(observer: RunObserver): () => void {
  state().observers.add(observer);
  return () => state().observers.delete(observer);
}

export function restartScheduler(): void {
  state().stopped = false;
}
