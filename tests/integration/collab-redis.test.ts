/**
 * Live documents across instances: two collaboration servers (two createCollab, each on its own
 * HTTP port, as two instances would run them) on one database and one real redis-server, linked by
 * Hocuspocus's Redis extension as the server configures it with REDIS_URL; real providers over
 * real WebSockets.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import IORedis from "ioredis";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { newId } from "../../app/auth/crypto.server";
import * as Y from "yjs";
import { fetchDocumentState, storeDocumentState } from "../../app/collab/collab-repository.server";
import { createCollab, type Collab } from "../../app/collab/collab-server.server";
import { latestStatement, listLiveComments } from "../../app/collab/comment-repository.server";
import { commentsDocName, DRAFT_TEXT, draftDocName } from "../../app/collab/document-names";
import { seedDemoIfEmpty } from "../../app/demo/seed-demo.server";
import type { DB } from "../../db/connection";
import { connect, destroy, originalCharAt, peers, synced, waitFor } from "../helpers/collab-peers";
import { collabToken } from "../helpers/collab-tokens";
import { demoFacts, setPhase } from "../helpers/demo";
import { redisForTests, startRedisServer, type RedisServer } from "../helpers/redis-server";
import { createTestDb } from "../helpers/test-db";
import { createAppContext, type AppContext } from "../../app/context/app-context.server";
import { getEnv } from "../../app/env.server";

const redis = redisForTests();

interface Instance {
  url: string;
  collab: Collab;
  close: () => Promise<void>;
}

async function startInstance(app: AppContext, redisUrl: string): Promise<Instance> {
  const clients: IORedis[] = [];
  const collab = createCollab({
    app,
    storeDebounceMs: 200,
    redis: {
      createClient: () => {
        const c = new IORedis(redisUrl);
        clients.push(c);
        return c;
      },
    },
  });
  const server = http.createServer();
  collab.attach(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    collab,
    close: async () => {
      await collab.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await Promise.all(clients.map((c) => c.quit()));
    },
  };
}

describe.skipIf(!redis.available)(redis.title("live documents across two instances linked by Redis"), () => {
  let redisServer: RedisServer;
  let db: DB;
  let appA: AppContext;
  let appB: AppContext;
  let cleanup: () => Promise<void>;
  let a: Instance;
  let b: Instance;
  let f: Awaited<ReturnType<typeof demoFacts>>;
  let participants: { id: string }[];
  let active: { id: string }[];

  beforeAll(async () => {
    redisServer = await startRedisServer();
    ({ db, app: appA, cleanup } = await createTestDb());
    // instance B: its own context (bus, scheduler) on the same database, as another process would have
    appB = createAppContext({ db, config: getEnv() });
    await seedDemoIfEmpty(appA);
    f = await demoFacts(db);
    await setPhase(db, f.round2.id, "discussing");
    participants = await db.selectFrom("memberships").select("id").where("deliberation_id", "=", f.id).where("role", "=", "participant").where("removed_at", "is", null).orderBy("id").execute();
    active = f.proposals.filter((p) => p.status === "active");
    a = await startInstance(appA, redisServer.url);
    b = await startInstance(appB, redisServer.url);
  });
  afterEach(() => {
    for (const p of [...peers]) destroy(p);
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
    await cleanup?.();
    await redisServer?.stop();
  });

  it("a comment applied on the server of instance A reaches a provider connected to instance B", async () => {
    const pid = active[0]!.id;
    const onB = connect(b.url, commentsDocName(pid), await collabToken(appA, participants[0]!.id), { label: "reader on B" });
    await synced(onB);
    const before = onB.comments().size;

    // as the comment service does after its transaction: stored in SQL, then applied live on A
    const id = newId();
    await db
      .insertInto("comments")
      .values({ id, deliberation_id: f.id, proposal_id: pid, membership_id: participants[1]!.id, parent_id: null, anchor: null, stance: "supports", body: "Posted through instance A", created_at: new Date().toISOString(), edited_at: null, deleted_at: null, hidden_at: null, hidden_reason: null, hidden_by: null })
      .execute();
    const live = (await listLiveComments(db, pid)).find((c) => c.id === id)!;
    await a.collab.applyComment(pid, live);

    await waitFor("the reader on B sees the comment posted on A", () => onB.comments().has(id));
    expect(onB.comments().get(id)?.body).toBe("Posted through instance A");
    expect(onB.comments().size).toBe(before + 1);

    // and a reader on A, connected while B holds the document, sees the same comments
    const onA = connect(a.url, commentsDocName(pid), await collabToken(appA, participants[2]!.id), { label: "reader on A" });
    await synced(onA);
    await waitFor("A's reader holds the same comments", () => onA.comments().size === onB.comments().size && onA.comments().has(id));
  });

  it("two instances storing one document each keep what the other stored (merged, not overwritten)", async () => {
    const name = draftDocName(active[2]!.id);
    const base = new Y.Doc();
    base.getText(DRAFT_TEXT).insert(0, "shared wording");
    const onA = new Y.Doc();
    const onB = new Y.Doc();
    Y.applyUpdate(onA, Y.encodeStateAsUpdate(base));
    Y.applyUpdate(onB, Y.encodeStateAsUpdate(base));
    onA.getText(DRAFT_TEXT).insert(0, "from A, ");
    onB.getText(DRAFT_TEXT).insert(onB.getText(DRAFT_TEXT).length, ", from B");
    // each instance stores its own copy, B's before A's edit reached it (and the other way round)
    await Promise.all([storeDocumentState(db, name, Y.encodeStateAsUpdate(onA)), storeDocumentState(db, name, Y.encodeStateAsUpdate(onB))]);
    const stored = new Y.Doc();
    Y.applyUpdate(stored, (await fetchDocumentState(db, name))!);
    expect(stored.getText(DRAFT_TEXT).toString()).toBe("from A, shared wording, from B");
  });

  it("a new draft opened on both instances at once holds its wording once; edits through A and B at the same time converge", async () => {
    const pid = active[1]!.id;
    const statement = (await latestStatement(db, pid))!;
    const name = draftDocName(pid);
    const [ta, tb] = await Promise.all([collabToken(appA, participants[3]!.id), collabToken(appA, participants[4]!.id)]);
    const onA = connect(a.url, name, ta, { label: "writer on A" });
    const onB = connect(b.url, name, tb, { label: "writer on B" });
    await synced(onA, onB);
    expect(onA.scope).toBe("read-write");
    expect(onB.scope).toBe("read-write");
    // both instances loaded the draft before either stored it: each seeded it
    await waitFor("both writers see the same draft", () => onA.text() === onB.text() && onA.text().length > 0);
    await new Promise((r) => setTimeout(r, 300)); // a second copy, had there been one, would have arrived by now
    expect(onA.text()).toBe(statement);
    expect(onB.text()).toBe(statement);

    for (let i = 0; i < 20; i++) {
      const xa = onA.doc.getText(DRAFT_TEXT);
      const xb = onB.doc.getText(DRAFT_TEXT);
      xa.insert(originalCharAt(xa.toString(), (i * 7) % 60), `[a${i}]`);
      xb.insert(originalCharAt(xb.toString(), (i * 11) % 60), `[b${i}]`);
      if (i % 3 === 0) await new Promise((r) => setImmediate(r));
    }
    await waitFor("both writers converge", () => onA.text() === onB.text() && onA.text().includes("[a19]") && onA.text().includes("[b19]"));
    for (let i = 0; i < 20; i++) {
      expect(onA.text()).toContain(`[a${i}]`);
      expect(onA.text()).toContain(`[b${i}]`);
    }
    // each server's copy holds the converged text too
    await waitFor("both servers hold the converged text", async () => (await a.collab.readDraft(pid)) === onA.text() && (await b.collab.readDraft(pid)) === onA.text());
  });
});
