/**
 * Worker thread entry: computes ranges of bootstrap resamples of the opinion map
 * (mapStabilityRange) for map-stability-pool.server.ts. The inputs arrive in shared memory (never
 * copied); each partial result's typed arrays are moved back, not copied. Built as its own file next
 * to the server bundle (vite.config.ts, serverWorkers).
 */
import { parentPort } from "node:worker_threads";
import { mapStabilityRange } from "../map-stability";
import type { RangeAnswer, RangeRequest } from "./map-stability-pool.server";

const parent = parentPort;
if (!parent) throw new Error("map-stability-worker runs only as a worker thread");

parent.on("message", (request: RangeRequest) => {
  let answer: RangeAnswer;
  try {
    const partial = mapStabilityRange(request.inputs, request.from, request.to);
    answer = { id: request.id, partial };
    parent.postMessage(answer, [partial.bestK.buffer as ArrayBuffer, partial.ari.buffer as ArrayBuffer, partial.jaccard.buffer as ArrayBuffer]);
  } catch (error) {
    answer = { id: request.id, error: error instanceof Error ? error.message : String(error) };
    parent.postMessage(answer);
  }
});
// the pool sends work only once this thread is listening (and knows it started)
parent.postMessage({ ready: true } satisfies RangeAnswer);
