/**
 * Long work started by a request that outlives it (a Polis import): tracked so that shutdown can
 * tell it to stop at its next safe point and wait for it. One set per application context.
 */
export interface BackgroundTasks {
  /** Keep `task` until it settles, so that `stop` waits for it. */
  track(task: Promise<unknown>): void;
  /** True once `stop` was called: a task ends before its next transaction. */
  stopping(): boolean;
  stop(): Promise<void>;
}

export function createBackgroundTasks(): BackgroundTasks {
  const running = new Set<Promise<unknown>>();
  let stopping = false;
  return {
    track(task) {
      running.add(task);
      void task.finally(() => running.delete(task)).catch(() => {});
    },
    stopping: () => stopping,
    async stop() {
      stopping = true;
      await Promise.allSettled([...running]);
    },
  };
}
