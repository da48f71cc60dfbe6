/**
 * Background jobs debounced per key (a round's results): a burst of votes triggers one run a
 * moment after the last one — but never later than `maxWaitMs` after the first one still pending,
 * so results follow a room that votes without pause — and a job never runs twice at once for a key
 * (a change during a run schedules another). Pages read the cache and never wait. One scheduler
 * per application context.
 */
import { logger } from "../observability/logger.server";

/**
 * What a job reports: it did its work; found nothing to do (another instance already did it); or
 * left it for later (another instance is doing it now).
 */
export type JobOutcome = "computed" | "skipped" | "deferred";
type Job = () => Promise<JobOutcome | void>;

/** Told after every run (metrics, tests): how long it took, whether it succeeded, and whether it did anything. */
export type RunObserver = (run: { key: string; seconds: number; ok: boolean; outcome: JobOutcome | "failed" }) => void;

export interface Scheduler {
  /** Run `job` for `key` after `delay` ms of quiet; later calls push it back and replace the job. */
  schedule(key: string, job: Job, delay?: number): void;
  /** Run every pending job now and wait for all running ones (tests, shutdown). */
  flush(): Promise<void>;
  /** Stop accepting work, drop pending jobs, wait for running ones. */
  stop(): Promise<void>;
  /** Accept work again after `stop` (a server restarted on the same context). */
  restart(): void;
  observe(observer: RunObserver): () => void;
  /** The quiet time of `schedule` when no delay is given. */
  readonly debounceMs: number;
}

export function debounceMs(): number {
  const v = Number(process.env.RESULTS_DEBOUNCE_MS ?? 1000);
  return Number.isFinite(v) && v >= 0 ? v : 1000;
}

export function createScheduler(options: { debounceMs?: number; maxWaitMs?: number } = {}): Scheduler {
  const quiet = options.debounceMs ?? debounceMs();
  const maxWait = options.maxWaitMs ?? Math.max(quiet * 10, 1);
  const timers = new Map<string, ReturnType<typeof setTimeout>>();
  /** when the oldest change still waiting for a run of this key came in */
  const pendingSince = new Map<string, number>();
  const jobs = new Map<string, Job>();
  const running = new Map<string, Promise<void>>();
  const again = new Set<string>();
  const observers = new Set<RunObserver>();
  let stopped = false;

  async function run(key: string): Promise<void> {
    timers.delete(key);
    pendingSince.delete(key);
    const job = jobs.get(key);
    if (!job) return;
    if (running.has(key)) {
      again.add(key);
      return;
    }
    jobs.delete(key);
    const started = performance.now();
    const observe = (outcome: JobOutcome | "failed") => {
      for (const observer of observers) observer({ key, seconds: (performance.now() - started) / 1000, ok: outcome !== "failed", outcome });
    };
    const p = job()
      .then(
        (outcome) => observe(outcome ?? "computed"),
        (error) => {
          observe("failed");
          if (!stopped) logger().error({ err: error, job: key }, "recomputing results failed");
        },
      )
      .finally(() => {
        running.delete(key);
        if (again.delete(key) && jobs.has(key)) void run(key);
      });
    running.set(key, p);
    await p;
  }

  return {
    debounceMs: quiet,
    schedule(key, job, delay = quiet) {
      if (stopped) return;
      jobs.set(key, job);
      const existing = timers.get(key);
      if (existing) clearTimeout(existing);
      const now = performance.now();
      if (!pendingSince.has(key)) pendingSince.set(key, now);
      const due = Math.max(0, Math.min(delay, pendingSince.get(key)! + maxWait - now));
      const timer = setTimeout(() => void run(key), due);
      timer.unref?.();
      timers.set(key, timer);
    },
    async flush() {
      // a change that came in while its key was running starts a second run when the first ends:
      // wait for that one too, until nothing is due and nothing runs (bounded, in case a job
      // keeps scheduling itself)
      for (let pass = 0; pass < 100 && (timers.size > 0 || running.size > 0); pass++) {
        for (const [key, timer] of [...timers]) {
          clearTimeout(timer);
          await run(key);
        }
        await Promise.all([...running.values()]);
      }
    },
    async stop() {
      stopped = true;
      for (const timer of timers.values()) clearTimeout(timer);
      timers.clear();
      pendingSince.clear();
      jobs.clear();
      await Promise.all([...running.values()]);
    },
    restart() {
      stopped = false;
    },
    observe(observer) {
      observers.add(observer);
      return () => void observers.delete(observer);
    },
  };
}
