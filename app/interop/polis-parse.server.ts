import type { Worker } from "node:worker_threads";
import { startWorkerThread } from "../threads/worker-thread.server";
import { Refusal } from "../refusal";
import type { PolisImportPlan } from "./polis-format";

/** The files of an upload as bytes (moved to the worker, not copied). */
export interface PolisUpload {
  comments: Uint8Array;
  votes: Uint8Array | null;
  participantsVotes: Uint8Array | null;
}

/**
 * The worker's file. From source (tsx, Vite's dev server, Vitest) this module is a .ts file and the
 * worker is loaded through tsx; from the production build it sits beside the server bundle as
 * plain JavaScript (emitted by the `serverWorkers` plugin in vite.config.ts).
 */
function startWorker(upload: PolisUpload): Worker {
  const transferList = [upload.comments, upload.votes, upload.participantsVotes].flatMap((b) => (b ? [b.buffer as ArrayBuffer] : []));
  return startWorkerThread(import.meta.url, "./polis-parse-worker.ts", "polis-parse-worker", { workerData: upload, transferList });
}

/** The worker's answer: the plan, or the sentence of its refusal (a Refusal itself cannot cross). */
export type PolisWorkerAnswer = { plan: PolisImportPlan } | { refused: string };

/**
 * Parse a Polis export in a worker thread, so that a large upload never holds up other requests.
 * Rejects with a Refusal (400, the sentence naming the file and row, answered on the upload form)
 * when the files cannot be read as one.
 */
export function parsePolisUploadOffThread(upload: PolisUpload): Promise<PolisImportPlan> {
  return new Promise((resolve, reject) => {
    const worker = startWorker(upload);
    let settled = false;
    worker.once("message", (message: PolisWorkerAnswer) => {
      settled = true;
      if ("plan" in message) resolve(message.plan);
      else reject(new Refusal(400, "importPolis.bad", { params: { reason: message.refused }, fieldErrors: {} }));
      void worker.terminate();
    });
    worker.once("error", (error) => {
      settled = true;
      reject(error);
    });
    worker.once("exit", (code) => {
      if (!settled) reject(new Error(`the Polis parser stopped (exit code ${code})`));
    });
  });
}
