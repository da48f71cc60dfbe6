/**
 * A small pool of worker threads for the bootstraps of the robustness suite: the opinion map's
 * (map-stability.ts), the codification's (robustness.ts) and bridging by matrix factorisation's
 * (matrix-factorisation.ts). The resamples are split into ranges, each worker computes ranges
 * (bootstrap-ranges.ts), and the partials are combined in resample order, so every result is
 * byte-identical to the one computed in this thread.
 *
 * Data: a job's inputs (typed arrays and plain values only) are copied once into shared memory and
 * read by every worker in place; each partial result's typed arrays are moved back (transferred),
 * never copied. When a worker cannot start, or stops, its ranges are computed in this thread
 * instead: the answer is the same, only slower.
 *
 *   const pool = createMapStabilityPool({ workers: 2 });
 *   const stability = await pool.run(basis, { resamples: 100 });   // or pool.run(matrix, options)
 *   const keeps = await pool.classes(prepared.plan);                 // robustness.ts
 *   const mf = await pool.mf(data, fit);                             // matrix-factorisation.ts
 *   await pool.close();
 */
import type { Worker } from "node:worker_threads";
import { startWorkerThread } from "../../threads/worker-thread.server";
import {
  combineMapStability,
  isOpinionMapBasis,
  mapStabilityInputs,
  type MapStability,
  type MapStabilityInputs,
  type MapStabilityOptions,
  type MapStabilityPartial,
} from "../map-stability";
import { combineMfBootstrap, type MfBootstrapRange, type MfData, type MfFit, type MfResult } from "../matrix-factorisation";
import { opinionMapBasis, type OpinionMapBasis } from "../opinion-groups";
import { combineBootstrap, type BootstrapPartial, type BootstrapPlan } from "../robustness";
import { computeRange, resamplesOf, shareJob, type RangeJob, type RangePartial } from "./bootstrap-ranges";
import type { SparseMatrix } from "../sparse-matrix";

/** One range of resamples for a worker. */
export interface RangeRequest {
  id: number;
  job: RangeJob;
  from: number;
  to: number;
}

/** A worker's answer: it is listening, or a range's partial result, or the error that range threw. */
export type RangeAnswer = { ready: true } | { id: number; partial: RangePartial } | { id: number; error: string };

export interface MapStabilityPoolOptions {
  /** worker threads (default 2; 0: everything runs in this thread) */
  workers?: number;
  /** resamples per range handed to a worker (default: about four ranges per worker) */
  rangeSize?: number;
  /** how a worker is started (tests use it to simulate a worker that cannot start) */
  startWorker?: () => Worker;
}

export interface MapStabilityPool {
  /** worker threads alive now (0 once none could start: the work runs in this thread) */
  readonly threads: number;
  /** resolves once every worker has started or failed to, with the number that started */
  ready(): Promise<number>;
  /** computeMapStability, its resamples spread over the workers; runs one after another */
  run(input: SparseMatrix | OpinionMapBasis, options?: MapStabilityOptions): Promise<MapStability>;
  /** the same from inputs already prepared (mapStabilityInputs) */
  runInputs(inputs: MapStabilityInputs): Promise<MapStability>;
  /** the codification bootstrap (robustness.ts): per statement, the resamples that kept its class */
  classes(plan: BootstrapPlan): Promise<Int32Array>;
  /** bridging by matrix factorisation with its bootstrap, from the data and the full fit */
  mf(data: MfData, fit: MfFit): Promise<MfResult>;
  close(): Promise<void>;
}

/**
 * The worker's file, as for the Polis parser (app/interop/polis-parse.server.ts): from source (tsx,
 * Vite's dev server, Vitest) this module is a .ts file and the worker is loaded through tsx; from the
 * production build it sits beside the server bundle as plain JavaScript (emitted by the
 * `serverWorkers` plugin in vite.config.ts).
 */
function startStabilityWorker(): Worker {
  return startWorkerThread(import.meta.url, "./map-stability-worker.ts", "map-stability-worker");
}

interface Slot {
  worker: Worker;
  state: "starting" | "ready" | "dead";
  job: { id: number; from: number; to: number } | null;
}

/** Ranges [from, to) covering 0…R−1, of `size` resamples each (the last may be shorter). */
export function resampleRanges(R: number, size: number): [number, number][] {
  const out: [number, number][] = [];
  const step = Math.max(1, Math.floor(size));
  for (let from = 0; from < R; from += step) out.push([from, Math.min(R, from + step)]);
  return out;
}

export function createMapStabilityPool(options: MapStabilityPoolOptions = {}): MapStabilityPool {
  const start = options.startWorker ?? startStabilityWorker;
  const slots: Slot[] = [];
  let nextId = 1;
  let closed = false;
  // what the current run does when a worker answers, becomes ready or stops
  let onChange: (() => void) | null = null;
  const answers = new Map<number, RangeAnswer>();
  let startedResolve: (() => void) | null = null;
  const started = new Promise<void>((resolve) => (startedResolve = resolve));
  const checkStarted = () => {
    if (slots.every((s) => s.state !== "starting")) startedResolve?.();
  };

  for (let w = 0; w < Math.max(0, Math.floor(options.workers ?? 2)); w++) {
    let worker: Worker;
    try {
      worker = start();
    } catch {
      continue; // this thread does the work instead
    }
    const slot: Slot = { worker, state: "starting", job: null };
    slots.push(slot);
    // an idle worker does not keep the process alive; a starting or busy one does
    worker.on("message", (message: RangeAnswer) => {
      if ("ready" in message) {
        if (slot.state === "starting") slot.state = "ready";
      } else {
        answers.set(message.id, message);
        slot.job = null;
      }
      if (!slot.job) worker.unref();
      checkStarted();
      onChange?.();
    });
    const stop = () => {
      if (slot.state === "dead") return;
      slot.state = "dead";
      checkStarted();
      onChange?.();
    };
    worker.on("error", stop);
    worker.on("exit", stop);
  }
  checkStarted();

  let tail: Promise<unknown> = Promise.resolve();

  const execute = <T>(job: RangeJob, combine: (partials: RangePartial[]) => T): Promise<T> => {
    const R = resamplesOf(job);
    const live = slots.filter((s) => s.state !== "dead").length;
    const size = options.rangeSize ?? Math.ceil(R / Math.max(1, 4 * live));
    const queue = resampleRanges(R, size);
    if (live === 0 || R === 0) {
      try {
        return Promise.resolve(combine(queue.map(([from, to]) => computeRange(job, from, to))));
      } catch (e) {
        return Promise.reject(e as Error);
      }
    }
    const shared = shareJob(job);
    const partials: RangePartial[] = [];
    return new Promise<T>((resolve, reject) => {
      let failed = false;
      const finish = (error: Error | null) => {
        onChange = null;
        if (error) reject(error);
        else {
          try {
            resolve(combine(partials));
          } catch (e) {
            reject(e as Error);
          }
        }
      };
      const step = () => {
        if (failed) return;
        for (const slot of slots) {
          // take back the range of a worker that stopped
          if (slot.job && slot.state === "dead") {
            queue.unshift([slot.job.from, slot.job.to]);
            slot.job = null;
          }
        }
        for (const [id, answer] of answers) {
          answers.delete(id);
          if ("error" in answer) {
            failed = true;
            finish(new Error(`bootstrap worker (${job.kind}): ${answer.error}`));
            return;
          }
          if ("partial" in answer) partials.push(answer.partial);
        }
        for (const slot of slots) {
          if (slot.state !== "ready" || slot.job || queue.length === 0) continue;
          const [from, to] = queue.shift()!;
          const request: RangeRequest = { id: nextId++, job: shared, from, to };
          slot.job = { id: request.id, from, to };
          slot.worker.ref();
          slot.worker.postMessage(request);
        }
        const running = slots.some((s) => s.job);
        const waiting = slots.some((s) => s.state === "starting");
        if (queue.length > 0 && !running && !waiting) {
          // no worker left: the rest in this thread
          while (queue.length > 0) {
            const [from, to] = queue.shift()!;
            partials.push(computeRange(job, from, to));
          }
        }
        if (queue.length === 0 && !running) finish(null);
      };
      onChange = step;
      step();
    });
  };

  /** one job at a time, in the order asked */
  const enqueue = <T>(job: RangeJob, combine: (partials: RangePartial[]) => T): Promise<T> => {
    if (closed) return Promise.reject(new Error("the bootstrap pool is closed"));
    const result = tail.then(() => execute(job, combine));
    tail = result.catch(() => undefined);
    return result;
  };

  const pool: MapStabilityPool = {
    get threads() {
      return slots.filter((s) => s.state !== "dead").length;
    },
    async ready() {
      await started;
      return slots.filter((s) => s.state === "ready").length;
    },
    run(input, runOptions = {}) {
      const basis = isOpinionMapBasis(input) ? input : opinionMapBasis(input, runOptions);
      return pool.runInputs(mapStabilityInputs(basis, runOptions));
    },
    runInputs(inputs) {
      return enqueue({ kind: "map", inputs }, (partials) => combineMapStability(inputs, partials as MapStabilityPartial[]));
    },
    classes(plan) {
      return enqueue({ kind: "classes", plan }, (partials) => combineBootstrap(plan, partials as BootstrapPartial[]));
    },
    mf(data, fit) {
      return enqueue({ kind: "mf", data, fit }, (partials) => combineMfBootstrap(data, fit, partials as MfBootstrapRange[]));
    },
    async close() {
      closed = true;
      await Promise.all(
        slots.map((s) => {
          s.state = "dead";
          return s.worker.terminate();
        }),
      );
    },
  };
  return pool;
}

/** computeMapStability in a pool of `workers` threads started for this one call, then closed. */
export async function computeMapStabilityOffThread(input: SparseMatrix | OpinionMapBasis, options: MapStabilityOptions = {}, poolOptions: MapStabilityPoolOptions = {}): Promise<MapStability> {
  const pool = createMapStabilityPool(poolOptions);
  try {
    return await pool.run(input, options);
  } finally {
    await pool.close();
  }
}
