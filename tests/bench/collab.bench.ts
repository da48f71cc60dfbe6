/**
 * Live collaboration at assembly scale: 10, 50 and 200 clients on one proposal's documents.
 *
 * The servers run in their own processes (so their memory is theirs alone); the clients run here,
 * each one WebSocket carrying two providers (the draft and the comments document), as a browser
 * tab on the proposal page does. Measured, as p50/p99:
 *  (a) a comment posted through the proposal page's action (HTTP, intent=comment) → on every client;
 *      and, like for like with the reference, a comment applied in the server process
 *      (server.collab.applyComment, sent over IPC) → on every client;
 *  (b) a draft edit by one client → on every other client;
 *  (c) server RSS (and heap) per connection and per loaded document.
 * Reference, same run: a bare Hocuspocus Server (no auth, no persistence): (b) the same edit, and a
 * server-side change through openDirectConnection → on every client.
 *
 *   npm run bench:collab       (BENCH_CLIENTS=10,50,200 BENCH_SAMPLES=30 to change the sizes)
 */
import { HocuspocusProvider, HocuspocusProviderWebsocket } from "@hocuspocus/provider";
import { fork, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import WebSocket from "ws";
import * as Y from "yjs";
import { percentile } from "./stats";

const SELF = fileURLToPath(import.meta.url);
const LEVELS = (process.env.BENCH_CLIENTS ?? "10,50,200").split(",").map(Number);
const SAMPLES = Number(process.env.BENCH_SAMPLES ?? 30);
/** server-side changes and draft edits are cheap to repeat: more samples, steadier p99 */
const DIRECT_SAMPLES = Math.max(10, Math.round(Number(process.env.BENCH_DIRECT_SAMPLES ?? 100) / 10) * 10);
const WARMUP = 3;
const GOAL_P99_MS = 250;
const GOAL_RATIO = 1.5;

type Rpc = { id: number; cmd: string; [k: string]: unknown };
const gc = () => (globalThis as { gc?: () => void }).gc?.();

// ============================================================================ child processes

async function childMain(role: "accord" | "bare") {
  const handlers: Record<string, (msg: Rpc) => Promise<unknown>> = {};
  const memory = async () => {
    for (let i = 0; i < 3; i++) {
      gc();
      await new Promise((r) => setTimeout(r, 50));
    }
    const m = process.memoryUsage();
    return { rss: m.rss, heap: m.heapUsed + m.external + m.arrayBuffers };
  };
  handlers.memory = memory;
  let hello: Record<string, unknown>;
  let stop: () => Promise<void>;

  if (role === "accord") {
    const dir = mkdtempSync(path.join(tmpdir(), "accord-bench-collab-"));
    const { startServer } = await import("../../app/server/create-server");
    const { collabToken } = await import("../helpers/collab-tokens");
    const { commentsDocName, draftDocName } = await import("../../app/collab/document-names");
    const { demoFacts, setPhase } = await import("../helpers/demo");
    const { createLogger } = await import("../../app/observability/logger.server");
    const server = await startServer({
      mode: "production",
      port: 0,
      host: "127.0.0.1",
      database: { path: path.join(dir, "bench.db") },
      seedDemo: true,
      logger: createLogger({ level: "silent" }),
      collab: { connectionsPerMinute: 100_000, storeDebounceMs: 2000 },
    });
    const f = await demoFacts(server.db);
    await setPhase(server.db, f.round2.id, "discussing");
    const active = f.proposals.filter((p) => p.status === "active");
    const proposal = active[0]!;
    const participants = await server.db.selectFrom("memberships").select("id").where("deliberation_id", "=", f.id).where("role", "=", "participant").orderBy("created_at").execute();
    hello = {
      url: server.url,
      deliberationId: f.id,
      proposalId: proposal.id,
      groupId: f.groups[0]!.id,
      draft: draftDocName(proposal.id),
      comments: commentsDocName(proposal.id),
      tokens: await Promise.all(participants.map((p) => collabToken(server.app, p.id))),
      otherDocs: active.slice(1).flatMap((p) => [draftDocName(p.id), commentsDocName(p.id)]),
    };
    let n = 0;
    handlers.apply = async (msg) => {
      const now = new Date().toISOString();
      await server.collab.applyComment(proposal.id, {
        id: `bench-${process.pid}-${++n}`,
        parentId: null,
        anchor: null,
        stance: "supports",
        body: String(msg.body),
        author: { name: "Delegate 1", group: "Government" },
        createdAt: now,
        editedAt: null,
        deleted: false,
        hidden: false,
        hiddenReason: null,
      });
      return null;
    };
    const open: { disconnect: () => Promise<void> }[] = [];
    handlers.loadDocs = async (msg) => {
      for (const name of msg.names as string[]) open.push(await server.collab.hocuspocus.openDirectConnection(name, { bench: true }));
      return server.collab.hocuspocus.getDocumentsCount();
    };
    handlers.unloadDocs = async () => {
      for (const c of open.splice(0)) await c.disconnect();
      return null;
    };
    handlers.openConnections = async () => server.collab.hocuspocus.getConnectionsCount();
    stop = async () => {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    };
  } else {
    const { Server } = await import("@hocuspocus/server");
    const server = new Server({ port: 0, quiet: true });
    await server.listen();
    const port = (server.httpServer.address() as { port: number }).port;
    hello = { url: `http://127.0.0.1:${port}`, draft: "bench:draft", comments: "bench:comments", otherDocs: Array.from({ length: 40 }, (_, i) => `bench:other:${i}`) };
    let n = 0;
    handlers.apply = async (msg) => {
      const connection = await server.hocuspocus.openDirectConnection("bench:comments", {});
      await connection.transact((doc) => {
        doc.getMap("comments").set(`bare-${++n}`, { id: `bare-${n}`, body: String(msg.body), author: { name: "Delegate 1", group: "Government" } });
      });
      await connection.disconnect();
      return null;
    };
    const open: { disconnect: () => Promise<void> }[] = [];
    handlers.loadDocs = async (msg) => {
      for (const name of msg.names as string[]) open.push(await server.hocuspocus.openDirectConnection(name, {}));
      return server.hocuspocus.getDocumentsCount();
    };
    handlers.unloadDocs = async () => {
      for (const c of open.splice(0)) await c.disconnect();
      return null;
    };
    handlers.openConnections = async () => server.hocuspocus.getConnectionsCount();
    stop = () => server.destroy();
  }

  process.on("message", (msg: Rpc) => {
    if (msg.cmd === "stop") {
      void stop().then(() => process.exit(0));
      return;
    }
    void handlers[msg.cmd]!(msg).then(
      (result) => process.send!({ id: msg.id, result }),
      (error: unknown) => process.send!({ id: msg.id, error: String(error) }),
    );
  });
  process.send!({ id: 0, result: hello });
}

// ============================================================================ parent: clients

interface ChildHandle {
  child: ChildProcess;
  hello: { url: string; draft: string; comments: string; tokens?: string[]; otherDocs: string[]; deliberationId?: string; proposalId?: string; groupId?: string };
  call: (cmd: string, args?: Record<string, unknown>) => Promise<unknown>;
}

function startChild(role: "accord" | "bare"): Promise<ChildHandle> {
  const child = fork(SELF, ["--child", role], { execArgv: ["--import", "tsx", "--expose-gc"], stdio: ["ignore", "inherit", "inherit", "ipc"] });
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  let next = 1;
  return new Promise((resolve, reject) => {
    child.once("exit", (code) => reject(new Error(`${role} server exited (${code})`)));
    child.on("message", (msg: { id: number; result?: unknown; error?: string }) => {
      if (msg.id === 0) {
        resolve({
          child,
          hello: msg.result as ChildHandle["hello"],
          call: (cmd, args = {}) =>
            new Promise((res, rej) => {
              const id = next++;
              pending.set(id, { resolve: res, reject: rej });
              child.send({ id, cmd, ...args });
            }),
        });
        return;
      }
      const p = pending.get(msg.id);
      pending.delete(msg.id);
      if (msg.error) p?.reject(new Error(msg.error));
      else p?.resolve(msg.result);
    });
  });
}

async function stopChild(h: ChildHandle) {
  const exited = new Promise((r) => h.child.once("exit", r));
  h.child.send({ id: -1, cmd: "stop" });
  await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
  if (h.child.exitCode === null) h.child.kill("SIGKILL");
}

interface BenchClient {
  socket: HocuspocusProviderWebsocket;
  draft: HocuspocusProvider;
  comments: HocuspocusProvider;
  draftDoc: Y.Doc;
  edits: number;
  synced: number;
}

/** body → arrival count and time of the last arrival */
const arrivals = new Map<string, { count: number; last: number }>();

function connectClient(h: ChildHandle, token: string): BenchClient {
  const socket = new HocuspocusProviderWebsocket({ url: h.hello.url.replace(/^http/, "ws") + "/collab", WebSocketPolyfill: WebSocket as never });
  const draftDoc = new Y.Doc();
  const commentsDoc = new Y.Doc();
  const client = { socket, draftDoc, edits: 0, synced: 0 } as BenchClient;
  client.draft = new HocuspocusProvider({ websocketProvider: socket, name: h.hello.draft, document: draftDoc, token, onSynced: () => void client.synced++ });
  client.comments = new HocuspocusProvider({ websocketProvider: socket, name: h.hello.comments, document: commentsDoc, token, onSynced: () => void client.synced++ });
  draftDoc.getText("statement").observe((_e, tr) => {
    if (!tr.local) client.edits++;
  });
  const map = commentsDoc.getMap<{ body: string }>("comments");
  map.observe((e, tr) => {
    if (tr.local) return;
    const t = performance.now();
    for (const key of e.keysChanged) {
      const body = map.get(key)?.body;
      const a = body ? arrivals.get(body) : undefined;
      if (a) {
        a.count++;
        a.last = t;
      }
    }
  });
  client.draft.attach();
  client.comments.attach();
  return client;
}

function closeClient(c: BenchClient) {
  c.draft.destroy();
  c.comments.destroy();
  c.socket.destroy();
}

async function waitFor(what: string, cond: () => boolean, timeoutMs = 20_000) {
  const until = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > until) throw new Error(`timed out: ${what}`);
    await new Promise((r) => setImmediate(r));
  }
}

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Fan-out of comments: `post` sends one, we time until every client has it. */
async function measureFanout(clients: BenchClient[], label: string, post: (body: string) => Promise<unknown>, samples: number, warmup = WARMUP): Promise<{ fanout: number[]; call: number[] }> {
  const fanout: number[] = [];
  const call: number[] = [];
  for (let i = 0; i < warmup + samples; i++) {
    const body = `${label} ${clients.length} #${i} ${Math.random().toString(36).slice(2)}`;
    arrivals.set(body, { count: 0, last: 0 });
    const t0 = performance.now();
    await post(body);
    const t1 = performance.now();
    await waitFor(`${label}: ${body} on all clients`, () => arrivals.get(body)!.count >= clients.length);
    if (i >= warmup) {
      fanout.push(arrivals.get(body)!.last - t0);
      call.push(t1 - t0);
    }
    arrivals.delete(body);
    await pause(5);
  }
  return { fanout, call };
}

/** Draft edits by client 0, timed until every other client has applied it. */
async function measureDraft(clients: BenchClient[], samples: number, warmup = WARMUP): Promise<number[]> {
  const out: number[] = [];
  const [writer, ...others] = clients;
  for (let i = 0; i < warmup + samples; i++) {
    const targets = others.map((c) => c.edits + 1);
    const t0 = performance.now();
    writer!.draftDoc.getText("statement").insert(0, "x");
    await waitFor("draft edit on all clients", () => others.every((c, k) => c.edits >= targets[k]!));
    if (i >= warmup) out.push(performance.now() - t0);
    await pause(5);
  }
  return out;
}

async function connectUpTo(h: ChildHandle, clients: BenchClient[], n: number, tokens: string[]) {
  while (clients.length < n) {
    const batch = Math.min(25, n - clients.length);
    const fresh = Array.from({ length: batch }, (_, k) => connectClient(h, tokens[(clients.length + k) % tokens.length]!));
    clients.push(...fresh);
    await waitFor(`${clients.length} clients synced`, () => fresh.every((c) => c.synced >= 2), 30_000);
  }
  await pause(300); // awareness of the newcomers settles
}

type Memory = { rss: number; heap: number };

// ============================================================================ parent: main

async function main() {
  const started = Date.now();
  const { createInviteToken, joinWithToken, loggedIn } = await import("../helpers/demo");
  const [accord, bare] = await Promise.all([startChild("accord"), startChild("bare")]);
  const tokens = accord.hello.tokens!;
  const base = accord.hello.url;

  // Comment authors: fresh participants who joined through an invitation (the action allows 10
  // comments per member per minute, so the posts are spread over enough of them).
  const facilitator = await loggedIn(base, "facilitator");
  const postsNeeded = LEVELS.length * (WARMUP + SAMPLES);
  const authorsNeeded = Math.ceil(postsNeeded / 8);
  const authors: Awaited<ReturnType<typeof joinWithToken>>[] = [];
  for (let i = 0; i < authorsNeeded; i += 20) {
    const invite = await createInviteToken(facilitator, accord.hello.deliberationId!, { maxUses: "20", stakeholderGroupId: accord.hello.groupId! });
    for (let k = i; k < Math.min(authorsNeeded, i + 20); k++) authors.push(await joinWithToken(base, invite, `Bench author ${k + 1}`, accord.hello.groupId!));
  }
  let posted = 0;
  const postComment = async (body: string) => {
    const author = authors[posted++ % authors.length]!;
    const res = await author.post(`/d/${accord.hello.deliberationId}/proposals/${accord.hello.proposalId}?index`, { intent: "comment", stance: "evidence", body, anchor: "", parentId: "" });
    if (res.status !== 302 && res.status !== 303 && res.status !== 200) throw new Error(`comment refused: ${res.status} ${await res.text()}`);
  };

  // (c) per document: load every other proposal's two documents, then unload them.
  const docCount = Math.min(accord.hello.otherDocs.length, bare.hello.otherDocs.length);
  const docMemory = async (h: ChildHandle) => {
    const before = (await h.call("memory")) as Memory;
    const names = h.hello.otherDocs.slice(0, docCount);
    await h.call("loadDocs", { names });
    const after = (await h.call("memory")) as Memory;
    await h.call("unloadDocs");
    return { n: names.length, rss: (after.rss - before.rss) / names.length, heap: (after.heap - before.heap) / names.length };
  };
  const accordDocMem = await docMemory(accord);
  const bareDocMem = await docMemory(bare);

  const accordClients: BenchClient[] = [];
  const bareClients: BenchClient[] = [];
  const accordBase = (await accord.call("memory")) as Memory;
  const bareBase = (await bare.call("memory")) as Memory;
  const bareTokens = ["bench"];

  const rows: {
    n: number;
    http: { fanout: number[]; call: number[] };
    apply: { fanout: number[] };
    bareApply: { fanout: number[] };
    draft: number[];
    bareDraft: number[];
    mem: Memory;
    bareMem: Memory;
  }[] = [];

  for (const n of LEVELS) {
    await connectUpTo(accord, accordClients, n, tokens);
    await connectUpTo(bare, bareClients, n, bareTokens);
    const mem = (await accord.call("memory")) as Memory;
    const bareMem = (await bare.call("memory")) as Memory;

    const http = await measureFanout(accordClients, "http", postComment, SAMPLES);
    // Accord and the reference alternate in blocks, so drift (GC, other load) hits both alike.
    const apply = { fanout: [] as number[] };
    const bareApply = { fanout: [] as number[] };
    const draft: number[] = [];
    const bareDraft: number[] = [];
    for (let block = 0; block < DIRECT_SAMPLES / 10; block++) {
      const warmup = block === 0 ? WARMUP : 0;
      apply.fanout.push(...(await measureFanout(accordClients, "apply", (body) => accord.call("apply", { body }), 10, warmup)).fanout);
      bareApply.fanout.push(...(await measureFanout(bareClients, "bare", (body) => bare.call("apply", { body }), 10, warmup)).fanout);
      draft.push(...(await measureDraft(accordClients, 10, warmup)));
      bareDraft.push(...(await measureDraft(bareClients, 10, warmup)));
    }
    rows.push({ n, http, apply, bareApply, draft, bareDraft, mem: { rss: mem.rss - accordBase.rss, heap: mem.heap - accordBase.heap }, bareMem: { rss: bareMem.rss - bareBase.rss, heap: bareMem.heap - bareBase.heap } });
  }

  for (const c of [...accordClients, ...bareClients]) closeClient(c);
  await Promise.all([stopChild(accord), stopChild(bare)]);

  // ---------------------------------------------------------------------------- report
  const q = (xs: number[], p: number) => percentile([...xs].sort((a, b) => a - b), p);
  const ms = (x: number) => (x >= 100 ? x.toFixed(0) : x.toFixed(1)).padStart(6);
  const kb = (b: number) => `${(b / 1024).toFixed(1)} KB`.padStart(10);
  const pair = (xs: number[]) => `${ms(q(xs, 50))} /${ms(q(xs, 99))}`;
  const ratio = (a: number[], b: number[], p: number) => `${(q(a, p) / q(b, p)).toFixed(2)}×`.padStart(6);

  console.log(`Accord live-collaboration benchmark — times in ms as p50 / p99; ${SAMPLES} HTTP comments, ${DIRECT_SAMPLES} server-side changes and ${DIRECT_SAMPLES} draft edits per row (after ${WARMUP} warm-up each)`);
  console.log(`Servers in their own processes; every client = 1 WebSocket with 2 providers (draft + comments of one proposal), running in the bench process.`);
  console.log(`Comment path (a): HTTP action POST /d/:id/proposals/:pid?index intent=comment (comment service present) → SQL → applyComment → clients;`);
  console.log(`  like-for-like with the reference: applyComment in the server process (IPC-triggered) vs bare Hocuspocus openDirectConnection.transact (IPC-triggered).`);
  console.log("");
  console.log("clients | (a) HTTP comment→all | HTTP response | applyComment→all | bare direct→all | ratio p50 | ratio p99 | (b) draft edit→all | bare edit→all | ratio p50 | ratio p99");
  for (const r of rows) {
    console.log(
      `${String(r.n).padStart(7)} | ${pair(r.http.fanout)}       | ${pair(r.http.call)} | ${pair(r.apply.fanout)}   | ${pair(r.bareApply.fanout)}  |` +
        ` ${ratio(r.apply.fanout, r.bareApply.fanout, 50)}    | ${ratio(r.apply.fanout, r.bareApply.fanout, 99)}    | ${pair(r.draft)}     | ${pair(r.bareDraft)}  | ${ratio(r.draft, r.bareDraft, 50)}    | ${ratio(r.draft, r.bareDraft, 99)}`,
    );
  }
  console.log("");
  console.log("clients | server RSS Δ / client | heap Δ / client | bare RSS Δ / client | bare heap Δ / client   (Δ from the same process before any client connected)");
  for (const r of rows) {
    console.log(`${String(r.n).padStart(7)} | ${kb(r.mem.rss / r.n)}            | ${kb(r.mem.heap / r.n)}      | ${kb(r.bareMem.rss / r.n)}          | ${kb(r.bareMem.heap / r.n)}`);
  }
  console.log(
    `per loaded document (${accordDocMem.n} documents opened server-side, demo content): RSS ${kb(accordDocMem.rss).trim()}, heap ${kb(accordDocMem.heap).trim()}` +
      ` | bare (empty documents): RSS ${kb(bareDocMem.rss).trim()}, heap ${kb(bareDocMem.heap).trim()}`,
  );
  console.log("");
  const top = rows[rows.length - 1]!;
  const p99Http = q(top.http.fanout, 99);
  const p99Apply = q(top.apply.fanout, 99);
  const p99Draft = q(top.draft, 99);
  const rApply = p99Apply / q(top.bareApply.fanout, 99);
  const rDraft = p99Draft / q(top.bareDraft, 99);
  const ok = (b: boolean) => (b ? "met" : "NOT met");
  console.log(`Goal at ${top.n} clients (printed, not asserted): p99 fan-out < ${GOAL_P99_MS} ms and within ${GOAL_RATIO}× of the bare reference`);
  const rHttp = p99Http / q(top.bareApply.fanout, 99);
  console.log(`  comment via HTTP: p99 ${p99Http.toFixed(1)} ms, ${rHttp.toFixed(2)}× bare direct change (includes the HTTP request) → < ${GOAL_P99_MS} ms ${ok(p99Http < GOAL_P99_MS)}, ≤ ${GOAL_RATIO}× ${ok(rHttp <= GOAL_RATIO)}`);
  console.log(`  comment via applyComment: p99 ${p99Apply.toFixed(1)} ms, ${rApply.toFixed(2)}× bare → ${ok(p99Apply < GOAL_P99_MS && rApply <= GOAL_RATIO)}`);
  console.log(`  draft edit: p99 ${p99Draft.toFixed(1)} ms, ${rDraft.toFixed(2)}× bare → ${ok(p99Draft < GOAL_P99_MS && rDraft <= GOAL_RATIO)}`);
  console.log(`Total time ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

const childRole = process.argv.indexOf("--child");
if (childRole >= 0) await childMain(process.argv[childRole + 1] as "accord" | "bare");
else {
  await main();
  process.exit(0);
}
