/**
 * Worker thread entry: compute a round's results (the whole pure pipeline, bootstraps included)
 * off the server's event loop and send back the payload as JSON. Built beside the server bundle
 * (vite.config.ts); started by round-consensus-off-thread.server.ts.
 */
import { parentPort, workerData } from "node:worker_threads";
import { computeRoundConsensus } from "./round-consensus";
import type { RoundConsensusJob } from "./round-consensus-off-thread.server";

const parent = parentPort;
if (!parent) throw new Error("round-consensus-worker runs only as a worker thread");
const job = workerData as RoundConsensusJob;
parent.postMessage(JSON.stringify(computeRoundConsensus(job.source, job.computedAt, job.basis, undefined, job.groupK).payload));
