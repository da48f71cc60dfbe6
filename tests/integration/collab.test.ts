/**
 * Live collaboration end to end: the real production server (Remix + Hocuspocus on /collab, same
 * port), real HocuspocusProviders over real WebSockets, a real SQLite file.
 */
import net from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it, type MockInstance } from "vitest";
import WebSocket from "ws";
import * as Y from "yjs";
import { newId } from "../../app/auth/crypto.server";
import { fetchDocumentState } from "../../app/collab/collab-repository.server";
import { collabToken } from "../helpers/collab-tokens";
import { listLiveComments } from "../../app/collab/comment-repository.server";
import { COMMENTS_MAP, DRAFT_TEXT, commentsDocName, draftDocName, type LiveComment } from "../../app/collab/document-names";
import { startServer, type RunningServer } from "../../app/server/create-server";
import { createDatabase, type DatabaseConfig, type DB } from "../../db/connection";
import { demoFacts, loggedIn, setPhase } from "../helpers/demo";
import { makeDeliberation } from "../helpers/scenario";
import { startTestServer } from "../helpers/test-server";
import { freshDatabase } from "../helpers/test-db";
import { errorsToConsole } from "../helpers/test-logger";
import { barrier, connect, destroy, newSocket, originalCharAt, peers, serverDoc, sleep, synced, waitFor } from "../helpers/collab-peers";

// ------------------------------------------------------------------------------------ helpers

afterEach(() => {
  for (const p of [...peers]) destroy(p);
});

async function commentCount(db: DB): Promise<number> {
  const r = await db.selectFrom("comments").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
  return Number(r.n);
}

/**
 * Store a comment in SQL and apply it live, as the comment service does after its transaction
 * (in process: for the cases that must not depend on the HTTP action's rules).
 */
async function storeAndApplyComment(server: RunningServer, deliberationId: string, proposalId: string, membershipId: string, body: string): Promise<LiveComment> {
  const id = newId();
  await server.db
    .insertInto("comments")
    .values({ id, deliberation_id: deliberationId, proposal_id: proposalId, membership_id: membershipId, parent_id: null, anchor: null, stance: "supports", body, created_at: new Date().toISOString(), edited_at: null, deleted_at: null, hidden_at: null, hidden_reason: null, hidden_by: null })
    .execute();
  const live = (await listLiveComments(server.db, proposalId)).find((c) => c.id === id)!;
  await server.collab.applyComment(proposalId, live);
  return live;
}

function forgedComment(id: string, body: string): LiveComment {
  return { id, parentId: null, anchor: null, stance: "supports", body, author: { name: "Facilitator", group: null }, createdAt: new Date().toISOString(), editedAt: null, deleted: false, hidden: false, hiddenReason: null };
}

/** Members of the demo deliberation, by role, other than the three demo logins. */
async function demoMembers(db: DB, deliberationId: string) {
  const rows = await db.selectFrom("memberships").selectAll().where("deliberation_id", "=", deliberationId).where("removed_at", "is", null).orderBy("created_at").orderBy("id").execute();
  return rows;
}

const HOUR = 3_600_000;

// ------------------------------------------------------------------------------------ main server

describe("live collaboration on the running server", () => {
  let server: Awaited<ReturnType<typeof startTestServer>>;
  let f: Awaited<ReturnType<typeof demoFacts>>;
  let participants: { id: string }[];
  let active: { id: string }[];

  beforeAll(async () => {
    server = await startTestServer({ seedDemo: true });
    f = await demoFacts(server.db);
    await setPhase(server.db, f.round2.id, "discussing");
    const members = await demoMembers(server.db, f.id);
    participants = [f.participant, ...members.filter((m) => m.role === "participant" && m.id !== f.participant.id)];
    active = f.proposals.filter((p) => p.status === "active");
    expect(active.length).toBeGreaterThanOrEqual(6);
    expect(participants.length).toBeGreaterThanOrEqual(10);
  });
  afterAll(async () => {
    for (const p of [...peers]) destroy(p);
    await server?.stop();
  });

  it("two participants typing at the same time converge, and the server holds the same text", async () => {
    const pid = active[0]!.id;
    const name = draftDocName(pid);
    const a = connect(server.url, name, await collabToken(server.app, participants[0]!.id), { label: "A" });
    const b = connect(server.url, name, await collabToken(server.app, participants[1]!.id), { label: "B" });
    await synced(a, b);
    expect(a.scope).toBe("read-write");
    expect(b.scope).toBe("read-write");
    const initial = a.text();
    expect(initial.length).toBeGreaterThan(10); // seeded from the current statement
    expect(b.text()).toBe(initial);

    // Interleaved edits at overlapping positions, without waiting for each other.
    for (let i = 0; i < 25; i++) {
      const ta = a.doc.getText(DRAFT_TEXT);
      const tb = b.doc.getText(DRAFT_TEXT);
      // positions between markers (a marker must stay whole to be found again)
      ta.insert(originalCharAt(ta.toString(), (i * 7) % 60), `[a${i}]`);
      tb.insert(originalCharAt(tb.toString(), (i * 11) % 60), `[b${i}]`);
      if (i % 5 === 4) {
        // each also deletes a character of the original wording (never one of the markers)
        ta.delete(originalCharAt(ta.toString(), 0), 1);
        tb.delete(originalCharAt(tb.toString(), 1), 1);
      }
      if (i % 3 === 0) await new Promise((r) => setImmediate(r));
    }
    await waitFor("both texts equal", () => a.text() === b.text() && /\[a24\]/.test(a.text()) && /\[b24\]/.test(a.text()));
    for (let i = 0; i < 25; i++) {
      expect(a.text()).toContain(`[a${i}]`);
      expect(a.text()).toContain(`[b${i}]`);
    }
    await waitFor("server has the same text", async () => (await server.collab.readDraft(pid)) === a.text());
    expect(await server.collab.readDraft(pid)).toBe(b.text());
  });

  it("refuses non-members, garbage, expired and forged tokens, with the reason", async () => {
    const pid = active[0]!.id;
    const name = draftDocName(pid);
    const other = await makeDeliberation(server.app, "Another assembly");
    const outsider = await server.db.selectFrom("memberships").select("id").where("deliberation_id", "=", other.id).executeTakeFirstOrThrow();

    const valid = await collabToken(server.app, participants[2]!.id);
    const [payload, signature] = valid.split(".");
    const forgedPayload = Buffer.from(JSON.stringify({ m: f.facilitator.id, exp: Date.now() + HOUR })).toString("base64url");
    const cases = [
      { label: "member of another deliberation", token: await collabToken(server.app, outsider.id), reason: "Only members of this deliberation can open this document." },
      { label: "garbage token", token: "not-a-token", reason: "Your session for live editing has expired. Reload the page." },
      { label: "empty token", token: "", reason: "Your session for live editing has expired. Reload the page." },
      { label: "expired token", token: await collabToken(server.app, participants[2]!.id, Date.now() - 13 * HOUR), reason: "Your session for live editing has expired. Reload the page." },
      { label: "forged payload, real signature", token: `${forgedPayload}.${signature}`, reason: "Your session for live editing has expired. Reload the page." },
      { label: "tampered signature", token: `${payload}.${signature!.slice(0, -2)}AA`, reason: "Your session for live editing has expired. Reload the page." },
    ];
    const refused = cases.map((c) => ({ ...c, peer: connect(server.url, name, c.token, { label: c.label }) }));
    // The same socket/route also refuses documents that do not exist.
    const unknownDoc = connect(server.url, "proposal:doesnotexist:draft", valid, { label: "unknown proposal" });
    const badName = connect(server.url, "settings", valid, { label: "bad name" });

    await waitFor("every refusal", () => [...refused.map((r) => r.peer), unknownDoc, badName].every((p) => p.authFailures.length > 0));
    for (const r of refused) {
      expect(r.peer.authFailures[0], r.label).toBe(r.reason);
      expect(r.peer.synced, r.label).toBe(false);
      expect(r.peer.text(), r.label).toBe(""); // nothing of the draft was sent
    }
    expect(unknownDoc.authFailures[0]).toBe("Only members of this deliberation can open this document.");
    expect(badName.authFailures[0]).toBe("This document does not exist.");

    // The valid token of the same member still works, on the same server, right after.
    const ok = connect(server.url, name, valid, { label: "valid" });
    await synced(ok);
    expect(ok.text().length).toBeGreaterThan(0);
  });

  it("an observer reads the draft live but their local edits never reach members or the server", async () => {
    const pid = active[1]!.id;
    const name = draftDocName(pid);
    const member = connect(server.url, name, await collabToken(server.app, participants[3]!.id), { label: "member" });
    const observer = connect(server.url, name, await collabToken(server.app, f.observer.id), { label: "observer" });
    await synced(member, observer);
    expect(member.scope).toBe("read-write");
    expect(observer.scope).toBe("readonly");

    // The observer sees members' edits live …
    member.doc.getText(DRAFT_TEXT).insert(0, "MEMBER-EDIT ");
    await waitFor("observer sees the member's edit", () => observer.text().startsWith("MEMBER-EDIT "));

    // … but their own edit stays local.
    observer.doc.getText(DRAFT_TEXT).insert(0, "OBSERVER-EDIT ");
    await barrier(observer, member);
    member.doc.getText(DRAFT_TEXT).insert(member.doc.getText(DRAFT_TEXT).length, " AFTER");
    await waitFor("observer sees the later member edit", () => observer.text().endsWith(" AFTER"));
    expect(member.text()).not.toContain("OBSERVER-EDIT");
    expect(await server.collab.readDraft(pid)).not.toContain("OBSERVER-EDIT");
    expect(await server.collab.readDraft(pid)).toBe(member.text());

    // A later member sees only what the server accepted.
    const late = connect(server.url, name, await collabToken(server.app, participants[4]!.id), { label: "late" });
    await synced(late);
    expect(late.text()).toBe(member.text());

    // An edit the observer made while offline, sent on connect (sync step 2), is ignored too.
    const offline = new Y.Doc();
    Y.applyUpdate(offline, Y.encodeStateAsUpdate(observer.doc));
    offline.getText(DRAFT_TEXT).insert(0, "OFFLINE-OBSERVER ");
    const observer2 = connect(server.url, name, await collabToken(server.app, f.observer.id), { label: "observer2", doc: offline });
    await synced(observer2);
    await barrier(observer2, member);
    expect(member.text()).not.toContain("OFFLINE-OBSERVER");
    expect(await server.collab.readDraft(pid)).not.toContain("OFFLINE-OBSERVER");
  });

  it("outside the discussing phase the draft is read-only for everyone, facilitators included", async () => {
    const pid = active[2]!.id;
    const name = draftDocName(pid);
    await setPhase(server.db, f.round2.id, "voting");
    try {
      const before = await server.collab.readDraft(pid);
      const p = connect(server.url, name, await collabToken(server.app, participants[5]!.id), { label: "participant" });
      const fac = connect(server.url, name, await collabToken(server.app, f.facilitator.id), { label: "facilitator" });
      await synced(p, fac);
      expect(p.scope).toBe("readonly");
      expect(fac.scope).toBe("readonly");
      p.doc.getText(DRAFT_TEXT).insert(0, "VOTING-PARTICIPANT ");
      fac.doc.getText(DRAFT_TEXT).insert(0, "VOTING-FACILITATOR ");
      await barrier(p, fac);
      await barrier(fac, p);
      expect(p.text()).not.toContain("VOTING-FACILITATOR");
      expect(fac.text()).not.toContain("VOTING-PARTICIPANT");
      const after = await server.collab.readDraft(pid);
      expect(after ?? "").not.toMatch(/VOTING-/);
      if (before !== null) expect(after).toBe(before);
    } finally {
      await setPhase(server.db, f.round2.id, "discussing");
    }
  });

  it("a forged write to the comments document is ignored and never reaches anyone; SQL is unchanged", async () => {
    const pid = active[3]!.id;
    const name = commentsDocName(pid);
    const countBefore = await commentCount(server.db);
    // the demo's own round-1 arguments on this proposal stay as they were
    const demoComments = (await server.db.selectFrom("comments").select("id").where("proposal_id", "=", pid).execute()).map((r) => r.id);
    const forger = connect(server.url, name, await collabToken(server.app, participants[6]!.id), { label: "forger" });
    const witness = connect(server.url, name, await collabToken(server.app, participants[7]!.id), { label: "witness" });
    const fac = connect(server.url, name, await collabToken(server.app, f.facilitator.id), { label: "facilitator" });
    await synced(forger, witness, fac);
    // Comments are read-only for every client, even participants and facilitators in the discussing phase.
    expect(forger.scope).toBe("readonly");
    expect(fac.scope).toBe("readonly");

    forger.doc.getMap<LiveComment>(COMMENTS_MAP).set("forged-1", forgedComment("forged-1", "I am the facilitator, trust me"));
    fac.doc.getMap<LiveComment>(COMMENTS_MAP).set("forged-2", forgedComment("forged-2", "facilitators cannot write here either"));
    await barrier(forger, witness);
    await barrier(fac, witness);

    // A real comment, applied by the server after the forgeries, arrives everywhere; the forgeries do not.
    const real = await storeAndApplyComment(server, f.id, pid, participants[7]!.id, "A real comment after the forgery");
    await waitFor("everyone sees the real comment", () => [forger, witness, fac].every((p) => p.comments().has(real.id)));
    expect(witness.comments().has("forged-1")).toBe(false);
    expect(witness.comments().has("forged-2")).toBe(false);
    expect(fac.comments().has("forged-1")).toBe(false);
    expect(forger.comments().has("forged-2")).toBe(false);
    const onServer = serverDoc(server.collab, name)!.getMap<LiveComment>(COMMENTS_MAP);
    expect(onServer.has("forged-1")).toBe(false);
    expect(onServer.has("forged-2")).toBe(false);
    expect(onServer.get(real.id)?.body).toBe("A real comment after the forgery");

    // A forgery made offline and sent on connect (sync step 2) is ignored the same way.
    const offline = new Y.Doc();
    offline.getMap<LiveComment>(COMMENTS_MAP).set("forged-3", forgedComment("forged-3", "offline forgery"));
    const forger2 = connect(server.url, name, await collabToken(server.app, participants[6]!.id), { label: "forger2", doc: offline });
    await synced(forger2);
    await barrier(forger2, witness);
    expect(forger2.comments().has(real.id)).toBe(true); // it still receives the real ones
    expect(witness.comments().has("forged-3")).toBe(false);
    expect(serverDoc(server.collab, name)!.getMap(COMMENTS_MAP).has("forged-3")).toBe(false);

    // Nothing was written to SQL except the one real comment.
    expect(await commentCount(server.db)).toBe(countBefore + 1);
    const rows = await server.db.selectFrom("comments").select(["id", "body"]).where("proposal_id", "=", pid).execute();
    expect(rows.map((r) => r.id).sort()).toEqual([...demoComments, real.id].sort());
  });

  it("a comment applied by the server reaches every connected client (5 providers, mixed roles)", async () => {
    const pid = active[4]!.id;
    const name = commentsDocName(pid);
    const tokens = await Promise.all([f.facilitator.id, f.observer.id, participants[0]!.id, participants[8]!.id, participants[9]!.id].map((m) => collabToken(server.app, m)));
    const clients = tokens.map((t, i) => connect(server.url, name, t, { label: `client ${i}` }));
    await synced(...clients);

    const applied: LiveComment[] = [];
    for (let i = 0; i < 5; i++) applied.push(await storeAndApplyComment(server, f.id, pid, participants[i]!.id, `Server-applied comment ${i}`));
    await waitFor("every client has all 5 comments", () => clients.every((c) => applied.every((x) => c.comments().has(x.id))));
    for (const c of clients) {
      for (const x of applied) expect(c.comments().get(x.id)).toEqual(x);
    }
    // The author is rendered per attribution mode (Chatham House: pseudonym, never the real name).
    const author = applied[0]!.author;
    const real = await server.db.selectFrom("users").innerJoin("memberships", "memberships.user_id", "users.id").select("users.display_name").where("memberships.id", "=", participants[0]!.id).executeTakeFirstOrThrow();
    expect(author.name).not.toBe(real.display_name);
  });

  it("a comment posted through the proposal page's action (intent=comment) reaches every connected client", async () => {
    const pid = active[5]!.id;
    const name = commentsDocName(pid);
    const tokens = await Promise.all([f.facilitator.id, f.observer.id, f.participant.id, participants[8]!.id, participants[9]!.id].map((m) => collabToken(server.app, m)));
    const clients = tokens.map((t, i) => connect(server.url, name, t, { label: `client ${i}` }));
    await synced(...clients);
    const before = await commentCount(server.db);

    const author = await loggedIn(server.url, "participant");
    const body = `Posted over HTTP ${Date.now()}`;
    const res = await author.post(`/d/${f.id}/proposals/${pid}?index`, { intent: "comment", stance: "question", body, anchor: "", parentId: "" });
    expect([200, 204, 302, 303]).toContain(res.status);
    await waitFor("every client has the posted comment", () => clients.every((c) => [...c.comments().values()].some((x) => x.body === body)));
    const row = await server.db.selectFrom("comments").selectAll().where("body", "=", body).executeTakeFirstOrThrow();
    expect(row.membership_id).toBe(f.participant.id);
    expect(row.proposal_id).toBe(pid);
    expect(await commentCount(server.db)).toBe(before + 1);
    for (const c of clients) {
      const live = c.comments().get(row.id)!;
      expect(live.stance).toBe("question");
      expect(live.author.name).not.toBe("Lucía Fernández"); // Chatham House: a pseudonym
    }
  });

  it("disconnectMembership closes every live document of a removed member; their token no longer authenticates", async () => {
    const removed = participants[10]!;
    const pid = active[0]!.id;
    const token = await collabToken(server.app, removed.id);
    // One socket, two documents: the draft and the comments.
    const socket = newSocket(server.url);
    const draft = connect(server.url, draftDocName(pid), token, { label: "removed: draft", socket });
    const comments = connect(server.url, commentsDocName(pid), token, { label: "removed: comments", socket });
    const other = connect(server.url, draftDocName(pid), await collabToken(server.app, participants[11]!.id), { label: "other member" });
    await synced(draft, comments, other);

    await server.db.updateTable("memberships").set({ removed_at: new Date().toISOString() }).where("id", "=", removed.id).execute();
    expect(server.collab.disconnectMembership(removed.id)).toBe(2);
    await waitFor("both providers closed", () => draft.closes.length > 0 && comments.closes.length > 0);
    expect(draft.closes[0]!.reason).toBe("You are no longer a member of this deliberation.");
    expect(comments.closes[0]!.reason).toBe("You are no longer a member of this deliberation.");
    expect(other.closes).toEqual([]);

    // Their edits no longer reach the others, and the others' edits no longer reach them.
    draft.doc.getText(DRAFT_TEXT).insert(0, "REMOVED-MEMBER ");
    other.doc.getText(DRAFT_TEXT).insert(0, "STILL-MEMBER ");
    await waitFor("server has the member's edit", async () => (await server.collab.readDraft(pid))!.startsWith("STILL-MEMBER "));
    await sleep(200);
    expect(draft.text()).not.toContain("STILL-MEMBER");
    expect(other.text()).not.toContain("REMOVED-MEMBER");
    expect(await server.collab.readDraft(pid)).not.toContain("REMOVED-MEMBER");

    // The same (unexpired) token is refused from now on.
    const again = connect(server.url, draftDocName(pid), token, { label: "removed again" });
    await waitFor("refusal", () => again.authFailures.length > 0);
    expect(again.authFailures[0]).toBe("Only members of this deliberation can open this document.");
    expect(again.synced).toBe(false);
  });

  it("removing a member on the members page closes their live connections at once", async () => {
    const member = participants[12]!;
    const pid = active[1]!.id;
    const live = connect(server.url, commentsDocName(pid), await collabToken(server.app, member.id), { label: "to be removed" });
    const stays = connect(server.url, commentsDocName(pid), await collabToken(server.app, participants[13]!.id), { label: "stays" });
    await synced(live, stays);

    const facilitator = await loggedIn(server.url, "facilitator");
    const res = await facilitator.post(`/d/${f.id}/members`, { intent: "remove-member", membershipId: member.id, confirm: "yes" });
    expect(res.status).toBe(302);
    await waitFor("the removed member's provider closed", () => live.closes.length > 0);
    expect(live.closes[0]!.reason).toBe("You are no longer a member of this deliberation.");
    expect(stays.closes).toEqual([]);
    const row = await server.db.selectFrom("memberships").select("removed_at").where("id", "=", member.id).executeTakeFirstOrThrow();
    expect(row.removed_at).not.toBeNull();

    const again = connect(server.url, commentsDocName(pid), await collabToken(server.app, member.id), { label: "removed again" });
    await waitFor("refusal", () => again.authFailures.length > 0);
    expect(again.authFailures[0]).toBe("Only members of this deliberation can open this document.");
  });
});

// ------------------------------------------------------------------------------------ restart

/** Fresh databases of the engine under test for servers a block starts itself, dropped after it. */
function blockDatabases() {
  const made: { drop: () => Promise<void> }[] = [];
  return {
    database: async (): Promise<DatabaseConfig> => {
      const fresh = await freshDatabase({ migrated: false });
      made.push(fresh);
      return fresh.config;
    },
    dropDatabases: async () => {
      for (const d of made.splice(0)) await d.drop();
    },
  };
}

describe("persistence across a restart", () => {
  const { database, dropDatabases } = blockDatabases();
  let database1: DatabaseConfig;
  let running: RunningServer | null = null;
  const start = async () => startServer({ mode: "production", port: 0, host: "127.0.0.1", database: (database1 ??= await database()), seedDemo: true, logger: errorsToConsole(), collab: { storeDebounceMs: 200 } });
  afterAll(async () => {
    for (const p of [...peers]) destroy(p);
    await running?.close();
    await dropDatabases();
  });

  /** The draft text stored in yjs_documents right now, read by a separate connection of its own. */
  async function storedDraft(pid: string): Promise<string | null> {
    const raw = createDatabase(database1);
    try {
      const row = await raw.selectFrom("yjs_documents").select("state").where("name", "=", draftDocName(pid)).executeTakeFirst();
      if (!row) return null;
      const doc = new Y.Doc();
      Y.applyUpdate(doc, new Uint8Array(Buffer.from(row.state, "base64")));
      return doc.getText(DRAFT_TEXT).toString();
    } finally {
      await raw.destroy();
    }
  }

  it("drafts and comments survive a graceful restart, including an edit made just before it", async () => {
    running = await start();
    const f = await demoFacts(running.db);
    await setPhase(running.db, f.round2.id, "discussing");
    const pid = f.proposals.find((p) => p.status === "active")!.id;
    const token = await collabToken(running!.app, f.participant.id);
    // the demo's round-1 arguments on this proposal come back too
    const demoComments = (await running.db.selectFrom("comments").select("id").where("proposal_id", "=", pid).execute()).length;

    const editor = connect(running.url, draftDocName(pid), token, { label: "editor" });
    const reader = connect(running.url, commentsDocName(pid), token, { label: "comments reader" });
    await synced(editor, reader);
    editor.doc.getText(DRAFT_TEXT).insert(0, "FIRST-EDIT ");
    const c1 = await storeAndApplyComment(running, f.id, pid, f.participant.id, "First stored comment");
    const c2 = await storeAndApplyComment(running, f.id, pid, f.facilitator.id, "Second stored comment");
    await waitFor("reader sees both comments", () => reader.comments().has(c1.id) && reader.comments().has(c2.id));

    // After the debounce, the edit is in the database while the server still runs.
    await waitFor("debounced store", async () => ((await storedDraft(pid)) ?? "").startsWith("FIRST-EDIT "), 3000);

    // An edit just before the close: on the server, but not yet stored (the debounce has not run).
    editor.doc.getText(DRAFT_TEXT).insert(editor.doc.getText(DRAFT_TEXT).length, " LAST-EDIT");
    await waitFor("server has the last edit", async () => (await running!.collab.readDraft(pid))!.endsWith(" LAST-EDIT"), 3000);
    expect(await storedDraft(pid)).not.toContain("LAST-EDIT");
    const expected = editor.text();

    // Close with the clients still connected: it must not hang on their open sockets.
    const t0 = Date.now();
    await running.close();
    running = null;
    expect(Date.now() - t0).toBeLessThan(4000);
    await waitFor("clients told the server closed", () => editor.closes.length > 0);
    expect(await storedDraft(pid)).toBe(expected);
    destroy(editor);
    destroy(reader);

    running = await start();
    expect(await running!.collab.readDraft(pid)).toBe(expected);
    const back = connect(running.url, draftDocName(pid), token, { label: "after restart: draft" });
    const backComments = connect(running.url, commentsDocName(pid), token, { label: "after restart: comments" });
    await synced(back, backComments);
    expect(back.text()).toBe(expected);
    expect(back.text().startsWith("FIRST-EDIT ")).toBe(true);
    expect(back.text().endsWith(" LAST-EDIT")).toBe(true);
    expect(backComments.comments().get(c1.id)).toEqual(c1);
    expect(backComments.comments().get(c2.id)).toEqual(c2);
    expect(backComments.comments().size).toBe(demoComments + 2);
  });
});

// ------------------------------------------------------------------------------------ limits

describe("limits and hostile input", () => {
  const { database, dropDatabases } = blockDatabases();
  let running: RunningServer | null = null;
  afterAll(async () => {
    for (const p of [...peers]) destroy(p);
    await running?.close();
    await dropDatabases();
  });

  describe("message and document size", () => {
    let f: Awaited<ReturnType<typeof demoFacts>>;
    let active: { id: string }[];
    beforeAll(async () => {
      running = await startServer({ mode: "production", port: 0, host: "127.0.0.1", database: await database(), seedDemo: true, logger: errorsToConsole(), collab: { maxMessageBytes: 4096, maxDocumentBytes: 8192, storeDebounceMs: 200 } });
      f = await demoFacts(running.db);
      await setPhase(running.db, f.round2.id, "discussing");
      active = f.proposals.filter((p) => p.status === "active");
    });
    afterAll(async () => {
      for (const p of [...peers]) destroy(p);
      await running?.close();
      running = null;
    });

    it("a message above maxMessageBytes closes that connection with a reason; nobody receives it", async () => {
      const pid = active[0]!.id;
      const name = draftDocName(pid);
      const sender = connect(running!.url, name, await collabToken(running!.app, f.participant.id), { label: "sender" });
      const other = connect(running!.url, name, await collabToken(running!.app, f.facilitator.id), { label: "other" });
      await synced(sender, other);
      const errorSpy = console.error as unknown as MockInstance;
      errorSpy.mockImplementation(() => {}); // still recorded, not printed

      sender.doc.getText(DRAFT_TEXT).insert(0, "X".repeat(5000)); // one update of ~5 KB > 4 KB
      await waitFor("sender closed", () => sender.closes.length > 0);
      expect(sender.closes[0]!.reason).toBe("This change is too large.");
      // Hocuspocus logs the refusal with console.error; that (and only that) is expected here.
      await waitFor("the refusal is logged", () => errorSpy.mock.calls.length > 0);
      const logged = errorSpy.mock.calls.map((c) => c.map((x) => (typeof x === "string" ? x : JSON.stringify(x))).join(" "));
      expect(logged.length).toBe(1);
      expect(logged[0]).toMatch(/^closing connection .* because of exception/);
      expect(logged[0]).toContain("This change is too large.");
      errorSpy.mockClear();

      await sleep(200);
      expect(other.text()).not.toContain("XXXX");
      expect(await running!.collab.readDraft(pid)).not.toContain("XXXX");
      expect(other.closes).toEqual([]);

      // Far above the limit, ws cuts the frame itself (1009): the server survives and stays quiet.
      const raw = new WebSocket(running!.url.replace(/^http/, "ws") + "/collab");
      await new Promise((r) => raw.once("open", r));
      const closed = new Promise<number>((r) => raw.once("close", (code) => r(code)));
      raw.send(Buffer.alloc(64 * 1024, 1));
      expect(await closed).toBe(1009);
      expect((await fetch(running!.url + "/healthz")).status).toBe(200);
      other.doc.getText(DRAFT_TEXT).insert(0, "STILL-ALIVE ");
      await waitFor("server still applies edits", async () => (await running!.collab.readDraft(pid))!.startsWith("STILL-ALIVE "));
    });

    it("a document at maxDocumentBytes refuses further changes but can still be read", async () => {
      const pid = active[1]!.id;
      const name = draftDocName(pid);
      const writer = connect(running!.url, name, await collabToken(running!.app, f.participant.id), { label: "writer" });
      await synced(writer);
      const errorSpy = console.error as unknown as MockInstance;
      errorSpy.mockImplementation(() => {}); // still recorded, not printed
      for (let i = 0; i < 4 && writer.closes.length === 0; i++) {
        writer.doc.getText(DRAFT_TEXT).insert(0, String(i).repeat(3000));
        await waitFor(`chunk ${i} applied or refused`, async () => writer.closes.length > 0 || (await running!.collab.readDraft(pid))!.startsWith(String(i).repeat(3000)));
      }
      expect(writer.closes[0]?.reason).toBe("This document has reached its maximum size.");
      await waitFor("the refusal is logged", () => errorSpy.mock.calls.length > 0);
      expect(errorSpy.mock.calls.length).toBe(1);
      expect(String(errorSpy.mock.calls[0]![0])).toMatch(/^closing connection .* because of exception/);
      errorSpy.mockClear();
      await waitFor("the document is stored", async () => (await fetchDocumentState(running!.db, name)) !== null);
      const stored = (await fetchDocumentState(running!.db, name))!.byteLength;
      expect(stored).toBeGreaterThan(8192);
      expect(stored).toBeLessThan(8192 + 4096);

      // Readers (and members) can still open it and see everything that was accepted.
      const observer = connect(running!.url, name, await collabToken(running!.app, f.observer.id), { label: "observer" });
      const member = connect(running!.url, name, await collabToken(running!.app, f.facilitator.id), { label: "member" });
      await synced(observer, member);
      expect(observer.text()).toBe(await running!.collab.readDraft(pid));
      expect(member.text()).toBe(observer.text());
      await barrier(member, observer); // presence still works
      expect(errorSpy.mock.calls).toEqual([]);
    });

    it("malformed WebSocket messages are refused without crashing the server; a normal client still syncs", async () => {
      const url = running!.url.replace(/^http/, "ws") + "/collab";
      const errorSpy = console.error as unknown as MockInstance;
      errorSpy.mockImplementation(() => {}); // still recorded, not printed
      const garbage: (Buffer | string)[] = [
        Buffer.from([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]), // varint out of range
        "hello, this is not a Yjs message", // text frame
        Buffer.from([0x05, 0x61]), // name longer than the message
        Buffer.alloc(0), // empty
        Buffer.from(Array.from({ length: 300 }, (_, i) => (i * 37 + 11) % 256)), // noise
      ];
      const closes: number[] = [];
      for (const message of garbage) {
        const ws = new WebSocket(url);
        await new Promise((r) => ws.once("open", r));
        const closed = new Promise<number>((r) => ws.once("close", (code) => r(code)));
        ws.send(message);
        closes.push(await Promise.race([closed, sleep(2000).then(() => -1)]));
        ws.terminate();
      }
      // An invalid WebSocket frame (reserved opcode), written under the ws client.
      const bad = new WebSocket(url);
      await new Promise((r) => bad.once("open", r));
      bad.on("error", () => {});
      const badClosed = new Promise<number>((r) => bad.once("close", (code) => r(code)));
      (bad as unknown as { _socket: net.Socket })._socket.write(Buffer.from([0x8f, 0x80, 0, 0, 0, 0]));
      expect(await Promise.race([badClosed, sleep(2000).then(() => -1)])).toBe(1002);
      // Plain garbage on a raw TCP connection to the same port, as an upgrade request.
      const port = Number(new URL(running!.url).port);
      await new Promise<void>((resolve) => {
        const s = net.connect(port, "127.0.0.1", () => s.end("GET /collab HTTP/1.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n\x00\xff garbage"));
        s.on("error", () => resolve());
        s.on("close", () => resolve());
        s.resume();
      });

      // Every undecodable message closed its socket (4401 Unauthorized) …
      expect(closes.filter((c) => c === 4401).length).toBeGreaterThanOrEqual(4);
      // … and Hocuspocus logged each decoding error with console.error: expected here, and only these.
      await sleep(100);
      const logged = errorSpy.mock.calls.map((c) => String(c[0]));
      expect(logged.length).toBeGreaterThanOrEqual(4);
      for (const line of logged) expect(line).toMatch(/Integer out of Range|Invalid typed array length|Unexpected end of array|not valid for encoding utf-8/i);
      errorSpy.mockClear();

      expect((await fetch(running!.url + "/healthz")).status).toBe(200);
      const pid = active[2]!.id;
      const a = connect(running!.url, draftDocName(pid), await collabToken(running!.app, f.participant.id), { label: "after garbage A" });
      const b = connect(running!.url, draftDocName(pid), await collabToken(running!.app, f.facilitator.id), { label: "after garbage B" });
      await synced(a, b);
      a.doc.getText(DRAFT_TEXT).insert(0, "AFTER-GARBAGE ");
      await waitFor("b receives a's edit", () => b.text().startsWith("AFTER-GARBAGE "));
    });
  });

  describe("connection attempts", () => {
    beforeAll(async () => {
      running = await startServer({ mode: "production", port: 0, host: "127.0.0.1", database: await database(), seedDemo: false, logger: errorsToConsole(), collab: { connectionsPerMinute: 3 } });
    });
    afterAll(async () => {
      await running?.close();
      running = null;
    });

    /** The HTTP status of a WebSocket upgrade on /collab (101 when it opened). */
    function upgrade(headers: Record<string, string> = {}): Promise<{ status: number; body: string }> {
      return new Promise((resolve, reject) => {
        const ws = new WebSocket(running!.url.replace(/^http/, "ws") + "/collab", { headers });
        ws.once("open", () => {
          ws.close();
          resolve({ status: 101, body: "" });
        });
        ws.once("unexpected-response", (_req, res) => {
          let body = "";
          res.on("data", (c: Buffer) => (body += c.toString()));
          res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
        });
        ws.once("error", (e) => {
          if (!/Unexpected server response/.test(e.message)) reject(e);
        });
      });
    }

    it("refuses a cross-site upgrade (403) without counting it, then the 4th attempt within a minute gets 429", async () => {
      const crossSite = await upgrade({ Origin: "https://evil.example" });
      expect(crossSite.status).toBe(403);
      expect((await upgrade()).status).toBe(101);
      expect((await upgrade()).status).toBe(101);
      expect((await upgrade({ Origin: running!.url })).status).toBe(101); // same-origin browser
      const fourth = await upgrade();
      expect(fourth.status).toBe(429);
      expect(fourth.body).toMatch(/Too many connection attempts/);
      // Only the WebSocket endpoint is limited: pages still load.
      expect((await fetch(running!.url + "/healthz")).status).toBe(200);
    });
  });
});
