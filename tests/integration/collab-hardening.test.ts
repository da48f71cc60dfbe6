/**
 * Issue 9, finding 6: live-editing tokens and sockets, against the real production server
 * (Remix + Hocuspocus on /collab), real HocuspocusProviders and raw `ws` clients, a real SQLite file.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it, type MockInstance } from "vitest";
import WebSocket from "ws";
import * as Y from "yjs";
import { DRAFT_TEXT, draftDocName } from "../../app/collab/document-names";
import { DEMO_LOGINS } from "../../app/demo/demo-content";
import { en } from "../../app/i18n/en";
import ar from "../../app/i18n/locales/ar";
import es from "../../app/i18n/locales/es";
import fr from "../../app/i18n/locales/fr";
import zh from "../../app/i18n/locales/zh";
import { barrier, connect, destroy, peers, sleep, synced, waitFor, type Peer } from "../helpers/collab-peers";
import { pageToken, collabToken } from "../helpers/collab-tokens";
import { createInviteToken, demoFacts, joinWithToken, loggedIn, setPhase } from "../helpers/demo";
import { Client, startTestServer } from "../helpers/test-server";

type Server = Awaited<ReturnType<typeof startTestServer>>;
type Facts = Awaited<ReturnType<typeof demoFacts>>;

afterEach(() => {
  for (const p of [...peers]) destroy(p);
});


/** Every presence state a peer has seen from others, as they arrived. */
function recordPresence(peer: Peer): Record<string, unknown>[] {
  const seen: Record<string, unknown>[] = [];
  peer.provider.awareness!.on("change", ({ added, updated }: { added: number[]; updated: number[] }) => {
    for (const id of [...added, ...updated]) {
      if (id === peer.doc.clientID) continue;
      const state = peer.provider.awareness!.getStates().get(id);
      if (state) seen.push(structuredClone(state));
    }
  });
  return seen;
}

/** The HTTP status of a WebSocket upgrade on /collab (101 when it opened). */
function upgrade(base: string, headers: Record<string, string> = {}): Promise<number> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(base.replace(/^http/, "ws") + "/collab", { headers });
    ws.once("open", () => {
      ws.close();
      resolve(101);
    });
    ws.once("unexpected-response", (_req, res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    ws.once("error", (e) => {
      if (!/Unexpected server response/.test(e.message)) reject(e);
    });
  });
}

// ------------------------------------------------------------------------------------ sessions

describe("a live-editing token dies with its session", () => {
  let server: Server;
  let f: Facts;
  let pid = "";
  beforeAll(async () => {
    server = await startTestServer({ seedDemo: true });
    f = await demoFacts(server.db);
    await setPhase(server.db, f.round2.id, "discussing");
    pid = f.proposals.find((p) => p.status === "active")!.id;
  });
  afterAll(async () => server?.stop());

  async function openLive(browser: Client, label: string): Promise<{ token: string; peer: Peer }> {
    const token = await pageToken(browser, f.id, pid);
    const peer = connect(server.url, draftDocName(pid), token, { label });
    await synced(peer);
    return { token, peer };
  }

  async function expectEnded(peer: Peer, token: string) {
    await waitFor(`${peer.label} closed`, () => peer.closes.length > 0);
    expect(peer.closes[0]!.reason).toBe(en.collab.signedOut);
    const again = connect(server.url, draftDocName(pid), token, { label: `${peer.label} again` });
    await waitFor("refusal", () => again.authFailures.length > 0);
    expect(again.authFailures[0]).toBe(en.collab.sessionEnded);
    expect(again.synced).toBe(false);
  }

  it("logging out closes the open draft and the page's token is refused from then on", async () => {
    const browser = await loggedIn(server.url, "participant");
    const other = await loggedIn(server.url, "facilitator");
    const { token, peer } = await openLive(browser, "participant");
    const { peer: stays } = await openLive(other, "facilitator");
    expect(peer.scope).toBe("read-write");

    expect((await browser.post("/logout", {})).status).toBe(302);
    await expectEnded(peer, token);
    // the server no longer takes its edits; the other member's session is untouched
    peer.doc.getText(DRAFT_TEXT).insert(0, "AFTER-LOGOUT ");
    stays.doc.getText(DRAFT_TEXT).insert(0, "STILL-IN ");
    await waitFor("the facilitator's edit is on the server", async () => (await server.collab.readDraft(pid))!.startsWith("STILL-IN "));
    expect(await server.collab.readDraft(pid)).not.toContain("AFTER-LOGOUT");
    expect(stays.closes).toEqual([]);
  });

  it("signing out everywhere (or the other sessions) from another browser closes this one's sockets", async () => {
    const laptop = await loggedIn(server.url, "facilitator");
    const phone = await loggedIn(server.url, "facilitator");
    const a = await openLive(laptop, "laptop");
    expect((await phone.post("/account", { intent: "sign-out-others" })).status).toBe(302);
    await expectEnded(a.peer, a.token);

    const tablet = await loggedIn(server.url, "facilitator");
    const b = await openLive(tablet, "tablet");
    const c = await openLive(phone, "phone");
    expect((await phone.post("/account", { intent: "sign-out-everywhere", confirm: "yes" })).status).toBe(302);
    await expectEnded(b.peer, b.token);
    await expectEnded(c.peer, c.token);
  });

  it("revoking a member's return link closes the sockets of the sessions opened with it", async () => {
    const facilitator = await loggedIn(server.url, "facilitator");
    const invite = await createInviteToken(facilitator, f.id);
    const joined = await joinWithToken(server.url, invite, "Link Member", f.groups[0]!.id);
    const welcome = await (await joined.get(`/d/${f.id}/welcome`)).text();
    const link = /\/return\/([A-Za-z0-9_-]{20,100})/.exec(welcome)![1]!;
    const elsewhere = new Client(server.url);
    expect((await elsewhere.post(`/return/${link}`, {})).status).toBe(302);
    const { token, peer } = await openLive(elsewhere, "return-link session");

    const membership = await server.db
      .selectFrom("memberships")
      .innerJoin("users", "users.id", "memberships.user_id")
      .select("memberships.id")
      .where("users.display_name", "=", "Link Member")
      .executeTakeFirstOrThrow();
    expect((await facilitator.post(`/d/${f.id}/members`, { intent: "revoke-return-link", membershipId: membership.id, confirm: "yes" })).status).toBe(302);
    await expectEnded(peer, token);
  });
});

// ------------------------------------------------------------------------------------ presence

describe("presence labels and presence traffic", () => {
  let server: Server;
  let f: Facts;
  let active: { id: string }[];
  beforeAll(async () => {
    server = await startTestServer({ seedDemo: true, collab: { awarenessPerSecond: 10, awarenessDropsBeforeClose: 400, maxAwarenessBytes: 2048 } });
    f = await demoFacts(server.db);
    await setPhase(server.db, f.round2.id, "discussing");
    active = f.proposals.filter((p) => p.status === "active");
  });
  afterAll(async () => server?.stop());

  it("an observer cannot show itself as “Facilitator”: only the label and role the server sent are relayed", async () => {
    const name = draftDocName(active[0]!.id);
    const observer = connect(server.url, name, await collabToken(server.app, f.observer.id), { label: "observer" });
    const witness = connect(server.url, name, await collabToken(server.app, f.participant.id), { label: "witness" });
    await synced(observer, witness);
    await waitFor("identities", () => observer.identity !== null && witness.identity !== null);
    expect(observer.identity).toMatchObject({ role: "observer" });
    expect(observer.identity!.name).not.toBe("Facilitator");
    const seen = recordPresence(witness);

    const awareness = observer.provider.awareness!;
    awareness.setLocalStateField("user", { name: "Facilitator", role: "facilitator", color: "#b3261e" });
    awareness.setLocalStateField("marker", "forged");
    awareness.setLocalStateField("user", { name: observer.identity!.name, role: "facilitator", color: "#b3261e" });
    awareness.setLocalStateField("marker", "forged role");
    awareness.setLocalStateField("user", { name: observer.identity!.name, role: "observer", color: "#b3261e" });
    awareness.setLocalStateField("marker", "honest");
    await waitFor("the witness sees the honest presence", () => seen.some((s) => s.marker === "honest"));

    const users = seen.map((s) => s.user as { name?: string; role?: string } | undefined).filter(Boolean);
    expect(users.length).toBeGreaterThan(0);
    for (const u of users) expect(u).toMatchObject({ name: observer.identity!.name, role: "observer" });
    expect(seen.some((s) => s.marker === "forged")).toBe(false); // only ever sent with the forged name
    expect(observer.closes).toEqual([]);
  });

  it("a connection cannot write the presence of another connection's client", async () => {
    const name = draftDocName(active[3]!.id);
    const owner = connect(server.url, name, await collabToken(server.app, f.participant.id), { label: "owner" });
    const watcher = connect(server.url, name, await collabToken(server.app, f.facilitator.id), { label: "watcher" });
    await synced(owner, watcher);
    await barrier(owner, watcher);
    const seen = recordPresence(watcher);
    const twin = new Y.Doc();
    twin.clientID = owner.doc.clientID; // the attacker claims the owner's awareness client id
    const attacker = connect(server.url, name, await collabToken(server.app, f.observer.id), { label: "attacker", doc: twin });
    await synced(attacker);
    for (let i = 0; i < 15; i++) attacker.provider.setAwarenessField("hijack", i); // past the owner's clock
    await sleep(300);
    await barrier(owner, watcher);
    expect(seen.some((state) => "hijack" in state)).toBe(false);
  });

  it("a presence update over the size cap is not relayed; the next normal one is", async () => {
    const name = draftDocName(active[1]!.id);
    const sender = connect(server.url, name, await collabToken(server.app, f.participant.id), { label: "sender" });
    const witness = connect(server.url, name, await collabToken(server.app, f.facilitator.id), { label: "witness" });
    await synced(sender, witness);
    const seen = recordPresence(witness);
    sender.provider.setAwarenessField("blob", "x".repeat(5000));
    sender.provider.setAwarenessField("blob", null);
    await barrier(sender, witness);
    expect(seen.some((s) => typeof s.blob === "string")).toBe(false);
    expect(sender.closes).toEqual([]);
  });

  it("presence spam is throttled per connection (the excess is dropped), and persistent spam closes the socket", async () => {
    const name = draftDocName(active[2]!.id);
    const spammer = connect(server.url, name, await collabToken(server.app, f.participant.id), { label: "spammer" });
    const witness = connect(server.url, name, await collabToken(server.app, f.facilitator.id), { label: "witness" });
    await synced(spammer, witness);
    const seen = recordPresence(witness);

    // 300 updates at once: at 10 per second (bursts of 20) the witness gets a few dozen at most
    for (let i = 0; i < 300; i++) spammer.provider.setAwarenessField("n", i);
    await sleep(2500); // the budget refills, so the marker below is relayed
    await barrier(spammer, witness);
    const relayed = seen.filter((s) => typeof s.n === "number").length;
    expect(relayed).toBeGreaterThan(0);
    expect(relayed).toBeLessThan(100);
    expect(spammer.closes).toEqual([]);
    expect(witness.closes).toEqual([]);

    // Keeping it up: past 400 dropped updates within 10 s the server closes that connection.
    const errorSpy = console.error as unknown as MockInstance;
    errorSpy.mockImplementation(() => {}); // Hocuspocus logs the refusal; still recorded
    for (let i = 0; i < 1000 && spammer.closes.length === 0; i++) spammer.provider.setAwarenessField("n", 1000 + i);
    await waitFor("the spammer is closed", () => spammer.closes.length > 0);
    expect(spammer.closes[0]!.reason).toBe(en.collab.tooManyPresenceUpdates);
    errorSpy.mockClear();
    expect(witness.closes).toEqual([]);
  });
});

// ------------------------------------------------------------------------------------ sockets

describe("sockets that do not authenticate", () => {
  let server: Server;
  let f: Facts;
  beforeAll(async () => {
    server = await startTestServer({ seedDemo: true, collab: { authTimeoutMs: 300 } });
    f = await demoFacts(server.db);
  });
  afterAll(async () => server?.stop());

  it("are closed after authTimeoutMs with a reason; an authenticated socket stays open", async () => {
    const member = connect(server.url, draftDocName(f.proposals[0]!.id), await collabToken(server.app, f.participant.id), { label: "member" });
    await synced(member);

    const idle = new WebSocket(server.url.replace(/^http/, "ws") + "/collab");
    const closed = new Promise<{ code: number; reason: string }>((r) => idle.once("close", (code, reason) => r({ code, reason: reason.toString() })));
    await new Promise((r) => idle.once("open", r));
    const result = await Promise.race([closed, sleep(5000).then(() => null)]);
    expect(result).toEqual({ code: 4401, reason: en.collab.authTimeout });
    expect(member.closes).toEqual([]);
    expect(member.provider.isSynced).toBe(true);
  });

  it("say why in the page's language (?lang=, else the browser's); a sentence too long for a close frame travels as its key", async () => {
    const cases = [
      { query: "?lang=fr", headers: {}, sentence: fr.collab.authTimeout },
      { query: "?lang=zh", headers: {}, sentence: zh.collab.authTimeout },
      { query: "?lang=ar", headers: {}, sentence: ar.collab.authTimeout },
      { query: "", headers: { "Accept-Language": "es-ES,es;q=0.9" }, sentence: es.collab.authTimeout },
    ];
    for (const c of cases) {
      const idle = new WebSocket(server.url.replace(/^http/, "ws") + "/collab" + c.query, { headers: c.headers });
      const closed = new Promise<{ code: number; reason: string }>((r) => idle.once("close", (code, reason) => r({ code, reason: reason.toString() })));
      await new Promise((r) => idle.once("open", r));
      const result = await Promise.race([closed, sleep(5000).then(() => null)]);
      const fits = Buffer.byteLength(c.sentence, "utf8") <= 123;
      expect(result, c.query || "Accept-Language").toEqual({ code: 4401, reason: fits ? c.sentence : "collab.authTimeout" });
    }
  });
});

// ------------------------------------------------------------------------------------ draft size

describe("a draft at its maximum size", () => {
  let server: Server;
  let f: Facts;
  let pid = "";
  beforeAll(async () => {
    server = await startTestServer({ seedDemo: true, collab: { maxMessageBytes: 4096, maxDocumentBytes: 8192, storeDebounceMs: 200 } });
    f = await demoFacts(server.db);
    await setPhase(server.db, f.round2.id, "discussing");
    pid = f.proposals.find((p) => p.status === "active")!.id;
  });
  afterAll(async () => server?.stop());

  async function fill(): Promise<void> {
    const errorSpy = console.error as unknown as MockInstance;
    errorSpy.mockImplementation(() => {}); // the refusal is logged by Hocuspocus; still recorded
    const writer = connect(server.url, draftDocName(pid), await collabToken(server.app, f.participant.id), { label: "filler" });
    await synced(writer);
    for (let i = 0; i < 6 && writer.closes.length === 0; i++) {
      writer.doc.getText(DRAFT_TEXT).insert(0, String(i).repeat(3000));
      await waitFor(`chunk ${i} applied or refused`, async () => writer.closes.length > 0 || (await server.collab.readDraft(pid))!.startsWith(String(i).repeat(3000)));
    }
    expect(writer.closes[0]?.reason).toBe("This document has reached its maximum size.");
    errorSpy.mockClear();
    destroy(writer);
  }

  it("accepts deletions (the document shrinks) but still refuses growth", async () => {
    await fill();
    const full = (await server.collab.readDraft(pid))!;
    const member = connect(server.url, draftDocName(pid), await collabToken(server.app, f.facilitator.id), { label: "deleter" });
    await synced(member);
    member.doc.getText(DRAFT_TEXT).delete(0, 200);
    await waitFor("the deletion reached the server", async () => (await server.collab.readDraft(pid))!.length === full.length - 200);
    expect(member.closes).toEqual([]);

    // still above the cap: growing is refused
    const errorSpy = console.error as unknown as MockInstance;
    errorSpy.mockImplementation(() => {});
    member.doc.getText(DRAFT_TEXT).insert(0, "MORE ");
    await waitFor("the growth is refused", () => member.closes.length > 0);
    expect(member.closes[0]!.reason).toBe("This document has reached its maximum size.");
    errorSpy.mockClear();
    expect(await server.collab.readDraft(pid)).not.toContain("MORE ");
  });

  it("a facilitator resets it to the current statement (confirmed, discussing phase); live clients see it; others are refused", async () => {
    const statement = (await server.db.selectFrom("proposal_versions").select("statement").where("proposal_id", "=", pid).orderBy("version_number", "desc").executeTakeFirstOrThrow()).statement;
    const live = connect(server.url, draftDocName(pid), await collabToken(server.app, f.observer.id), { label: "watching" });
    await synced(live);
    expect(live.text()).not.toBe(statement);
    const before = await server.collab.readDraft(pid);

    const url = `/d/${f.id}/proposals/${pid}/draft`;
    const facilitator = await loggedIn(server.url, "facilitator");
    const participant = await loggedIn(server.url, "participant");
    const observer = await loggedIn(server.url, "observer");
    // the page offers it to the facilitator only, behind a confirmation
    expect(await (await facilitator.get(url)).text()).toContain(en.draft.reset.replace("…", ""));
    expect(await (await participant.get(url)).text()).not.toContain(en.draft.reset.replace("…", ""));
    expect(await (await facilitator.get(`${url}?confirm=reset`)).text()).toContain(en.draft.resetSubmit);

    const refusals: [Client, Record<string, string>, number][] = [
      [participant, { intent: "reset", confirm: "yes" }, 403],
      [observer, { intent: "reset", confirm: "yes" }, 403],
      [facilitator, { intent: "reset" }, 400], // not confirmed
      [facilitator.fromOtherSite(), { intent: "reset", confirm: "yes" }, 403], // cross-site (CSRF)
    ];
    for (const [browser, fields, status] of refusals) {
      const res = await browser.post(url, fields);
      expect(res.status, JSON.stringify(fields)).toBe(status);
    }
    await setPhase(server.db, f.round2.id, "voting");
    const outside = await facilitator.post(url, { intent: "reset", confirm: "yes" });
    await setPhase(server.db, f.round2.id, "discussing");
    expect(outside.status).toBe(409);
    expect(await outside.text()).toMatch(/Voting phase/);
    expect(await server.collab.readDraft(pid)).toBe(before);

    const res = await facilitator.post(url, { intent: "reset", confirm: "yes" });
    expect(res.status).toBe(302);
    await waitFor("the live client sees the reset", () => live.text() === statement);
    expect(await server.collab.readDraft(pid)).toBe(statement);
    expect(await (await facilitator.get(`${url}?reset=1`)).text()).toContain(en.draft.resetDone);

    // back under the cap: members can write again
    const writer = connect(server.url, draftDocName(pid), await collabToken(server.app, f.participant.id), { label: "writer" });
    await synced(writer);
    writer.doc.getText(DRAFT_TEXT).insert(0, "AFTER-RESET ");
    await waitFor("the edit is on the server", async () => (await server.collab.readDraft(pid))!.startsWith("AFTER-RESET "));
    expect(writer.closes).toEqual([]);
  });
});

// ------------------------------------------------------------------------------------ proxies

describe("X-Forwarded-* is believed only from a configured proxy (TRUST_PROXY)", () => {
  let plain: Server;
  let proxied: Server;
  beforeAll(async () => {
    const limits = { loginFailuresPerAddress: 3 };
    plain = await startTestServer({ seedDemo: true, rateLimits: limits, collab: { connectionsPerMinute: 3 } });
    proxied = await startTestServer({ seedDemo: true, rateLimits: limits, collab: { connectionsPerMinute: 3 }, trustProxy: "loopback" });
  });
  afterAll(async () => {
    await plain?.stop();
    await proxied?.stop();
  });

  it("by default, X-Forwarded-Proto: https does not make the session cookie Secure", async () => {
    const body = (base: string) =>
      fetch(`${base}/login`, {
        method: "POST",
        redirect: "manual",
        headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: base, "X-Forwarded-Proto": "https" },
        body: new URLSearchParams({ email: DEMO_LOGINS.observer.email, password: DEMO_LOGINS.observer.password, redirectTo: "/" }),
      });
    const direct = (await body(plain.url)).headers.getSetCookie().find((c) => c.startsWith("accord_session="))!;
    const behindProxy = (await body(proxied.url)).headers.getSetCookie().find((c) => c.startsWith("accord_session="))!;
    expect(direct).not.toMatch(/;\s*Secure/i);
    expect(behindProxy).toMatch(/;\s*Secure/i);
  });

  it("by default, rotating X-Forwarded-For does not get round the WebSocket upgrade limit", async () => {
    const statuses: number[] = [];
    for (let i = 1; i <= 4; i++) statuses.push(await upgrade(plain.url, { "X-Forwarded-For": `198.51.100.${i}` }));
    expect(statuses).toEqual([101, 101, 101, 429]);
    // behind a trusted proxy each forwarded client has its own budget
    const viaProxy: number[] = [];
    for (let i = 1; i <= 4; i++) viaProxy.push(await upgrade(proxied.url, { "X-Forwarded-For": `198.51.100.${i}` }));
    expect(viaProxy).toEqual([101, 101, 101, 101]);
    for (let i = 0; i < 3; i++) await upgrade(proxied.url, { "X-Forwarded-For": "198.51.100.9" });
    expect(await upgrade(proxied.url, { "X-Forwarded-For": "198.51.100.9" })).toBe(429);
  });

  it("by default, rotating X-Forwarded-For does not get round the per-address login limit (HTTP)", async () => {
    const statuses: number[] = [];
    for (let i = 1; i <= 4; i++) {
      const res = await new Client(plain.url).from(`198.51.100.${i}`).post("/login", { email: `nobody${i}@example.org`, password: "wrong-password", redirectTo: "/" });
      statuses.push(res.status);
    }
    expect(statuses).toEqual([400, 400, 400, 429]);
    const viaProxy: number[] = [];
    for (let i = 1; i <= 4; i++) {
      const res = await new Client(proxied.url).from(`198.51.100.${i}`).post("/login", { email: `nobody${i}@example.org`, password: "wrong-password", redirectTo: "/" });
      viaProxy.push(res.status);
    }
    expect(viaProxy).toEqual([400, 400, 400, 400]);
  });

});
