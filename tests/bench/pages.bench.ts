/**
 * Page latency on the real server (production build) with the demo deliberation, sequential
 * requests from one signed-in facilitator: overview, results, ballot. Reference: /healthz on the
 * same server in the same run (HTTP + Express + one SQL query, no Remix rendering).
 */
import { DEMO_LOGINS } from "../../app/demo/demo-content";
import { Client, startTestServer } from "../helpers/test-server";
import { line, summarize, timeIt } from "./stats";

const N = Number(process.env.BENCH_REQUESTS ?? 200);
const server = await startTestServer({ seedDemo: true });
try {
  const facilitator = new Client(server.url);
  await facilitator.login(DEMO_LOGINS.facilitator.email, DEMO_LOGINS.facilitator.password);
  const participant = new Client(server.url);
  await participant.login(DEMO_LOGINS.participant.email, DEMO_LOGINS.participant.password);
  const home = await (await facilitator.get("/")).text();
  const id = /href="\/d\/([^"/]+)"/.exec(home)?.[1];
  if (!id) throw new Error("demo deliberation not found");

  async function sample(client: Client, path: string) {
    const out: number[] = [];
    for (let i = 0; i < 20; i++) await (await client.get(path)).arrayBuffer(); // warm-up
    for (let i = 0; i < N; i++) {
      out.push(await timeIt(async () => {
        const res = await client.get(path);
        await res.arrayBuffer();
        if (res.status !== 200) throw new Error(`${path}: ${res.status}`);
      }));
    }
    return summarize(out);
  }
  console.log(`Accord page benchmark: ${N} sequential requests per page, demo deliberation (60 participants, 14 red lines)\n`);
  const ref = await sample(facilitator, "/healthz");
  for (const [label, client, path] of [
    ["overview /d/:id (facilitator)", facilitator, `/d/${id}`],
    ["results /d/:id/results (facilitator)", facilitator, `/d/${id}/results`],
    ["ballot /d/:id/vote (participant)", participant, `/d/${id}/vote`],
  ] as const) {
    const s = await sample(client, path);
    line(label, s, ref, "/healthz");
    console.log(`${"".padEnd(44)} p99 ${s.p99.toFixed(1)} ms (reference p99 ${ref.p99.toFixed(1)} ms)`);
  }
  console.log(`\nRSS after run ${(process.memoryUsage().rss / 1024 / 1024).toFixed(0)} MB (server and client in one process)`);
} finally {
  await server.stop();
}
