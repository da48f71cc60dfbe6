/**
 * Worker thread entry: parse an uploaded Polis export off the server's event loop and send back
 * the import plan (its typed arrays moved, not copied). Built as its own file next to the server
 * bundle (vite.config.ts); started by polis-parse.server.ts.
 */
import { parentPort, workerData } from "node:worker_threads";
import { parsePolisExport, planPolisImport, PolisFormatError } from "./polis-format";
import type { PolisUpload } from "./polis-parse.server";

const upload = workerData as PolisUpload;
const decoder = new TextDecoder();
const text = (bytes: Uint8Array | null) => (bytes ? decoder.decode(bytes) : null);

try {
  const plan = planPolisImport(parsePolisExport({ comments: text(upload.comments) ?? "", votes: text(upload.votes), participantsVotes: text(upload.participantsVotes) }));
  const { voter, comment, value, timestamp } = plan.votes;
  parentPort!.postMessage({ ok: true, plan }, [voter, comment, value, timestamp].map((a) => a.buffer as ArrayBuffer));
} catch (error) {
  if (!(error instanceof PolisFormatError)) throw error;
  parentPort!.postMessage({ ok: false, message: error.message });
}
