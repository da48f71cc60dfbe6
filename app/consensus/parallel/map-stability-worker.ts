/**
 * Worker thread entry: computes ranges of bootstrap resamples (the opinion map's, the
 * codification's, matrix factorisation's: bootstrap-ranges.ts) for map-stability-pool.server.ts. The inputs arrive in shared memory (never
 * copied); each partial result's typed arrays are moved back, not copied. Built as its own file next
 * to the server bundle (vite.config.ts, serverWorkers).
 */
import { parentPort } from "node:worker_threads";
import { computeRange, transferList } from "./bootstrap-ranges";
import type { RangeAnswer, RangeRequest } from "./map-stability-pool.server";

const parent = parentPort;
if (!parent) throw new Error("map-stability-worker runs only as a worker thread");

parent.on("message", (request: RangeRequest) => {
  let answer: RangeAnswer;
  try {
    const partial = computeRange(request.job, request.from, request.to);
    answer = { id: request.id, partial };
    parent.postMessage(answer, transferList(partial));
  } catch (error) {
    answer = { id: request.id, error: error instanceof Error ? error.message : String(error) };
    parent.postMessage(answer);
  }
});
// the pool sends work only once this thread is listening (and knows it started)
parent.postMessage({ ready: true } satisfies RangeAnswer);
