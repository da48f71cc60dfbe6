/**
 * A round's results computed in a worker thread, so that a large round's bootstraps (seconds of
 * CPU) never hold up other requests. The same pure pipeline as in this thread: the payload is the
 * same, byte for byte. If the worker cannot start, the computation runs here instead.
 */
import type { GroupKState } from "../consensus/map-stability";
import { startWorkerThread } from "../threads/worker-thread.server";
import { computeRoundConsensus, type ResultsSource, type RoundConsensus } from "./round-consensus";

export interface RoundConsensusJob {
  source: ResultsSource;
  computedAt: string;
  basis: RoundConsensus["basis"];
  /** live results: the group-k smoother's state after the previous computation (null: the first) */
  groupK?: GroupKState | null;
}

export function computeRoundConsensusOffThread(job: RoundConsensusJob): Promise<RoundConsensus> {
  return new Promise((resolve) => {
    let settled = false;
    const here = () => {
      if (settled) return;
      settled = true;
      resolve(computeRoundConsensus(job.source, job.computedAt, job.basis, undefined, job.groupK).payload);
    };
    let worker;
    try {
      worker = startWorkerThread(import.meta.url, "./round-consensus-worker.ts", "round-consensus-worker", { workerData: job });
    } catch {
      here();
      return;
    }
    worker.once("message", (json: string) => {
      settled = true;
      resolve(JSON.parse(json) as RoundConsensus);
      void worker.terminate();
    });
    worker.once("error", here);
    worker.once("exit", here);
  });
}
