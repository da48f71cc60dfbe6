/**
 * Worker thread entry: parse an uploaded Polis export off the server's event loop and send back
 * the import plan (its typed arrays moved, not copied). Built as its own file next to the server
 * bundle (vite.config.ts); started by polis-parse.server.ts.
 */
import { parentPort, workerData } from "node:worker_threads";
import { isRefusal } from "../refusal";
import { parsePolisExport, planPolisImport } from "./polis-format";
import type { PolisUpload, PolisWorkerAnswer } from "./polis-parse.server";

const upload = workerData as PolisUpload;
const decoder = new TextDecoder();
const text = (bytes: Uint8Array | null) => (bytes ? decoder.decode(bytes) : null);

const parent = parentPort;
if (!parent) throw new Error("polis-parse-worker runs only as a worker thread");
const answer = (message: PolisWorkerAnswer, transfer: ArrayBuffer[] = []) => parent.postMessage(message, transfer);

try {
  const plan = planPolisImport(parsePolisExport({ comments: text(upload.comments) ?? "", votes: text(upload.votes), participantsVotes: text(upload.participantsVotes) }));
  const { voter, comment, value, timestamp } = plan.votes;
  answer({ plan }, [voter, comment, value, timestamp].map((a) => a.buffer as ArrayBuffer));
} catch (error) {
  // A Refusal does not survive the thread boundary (structured clone keeps neither its class nor
  // its symbol-keyed brand): its sentence crosses, and the other side refuses with it.
  if (!isRefusal(error)) throw error;
  answer({ refused: error.message });
}
