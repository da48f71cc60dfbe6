/**
 * Live collaboration on the one Node server: Hocuspocus (Yjs) behind WebSocket upgrades on
 * /collab. Authentication by a signed token from the proposal page (membership re-checked in the
 * database on every connection); the comments document is read-only for every client — comments
 * are written through a Remix action and applied here by the server; drafts are writable by
 * participants and facilitators in the discussing phase only.
 */
import { logger } from "../observability/logger.server";
import { Database } from "@hocuspocus/extension-database";
import { Redis as RedisExtension, type RedisInstance } from "@hocuspocus/extension-redis";
import { Hocuspocus, type Extension } from "@hocuspocus/server";
import type { IncomingHttpHeaders, IncomingMessage, Server } from "node:http";
import type { Duplex } from "node:stream";
import { WebSocketServer } from "ws";
import * as Y from "yjs";
import type { AppContext } from "../context/app-context.server";
import { authorLabel } from "../deliberation/attribution";
import { findCollabAccess, fetchDocumentState, storeDocumentState } from "./collab-repository.server";
import { verifyCollabToken } from "./collab-token.server";
import { clientAddress, type TrustedProxy } from "../auth/client-address";
import { isLiveSessionOfMember } from "../auth/user-repository.server";
import { languageOfHeaders } from "../auth/request-language.server";
import { i18n } from "../i18n/i18n";
import type { Language } from "../i18n/languages";
// refusals are told in each connection's language: every language's strings
import "../i18n/server-languages.server";
import { Refusal, type MessageKey, type RefusalStatus } from "../refusal";
import { findLiveComment, listLiveComments, latestStatement } from "./comment-repository.server";
import { COMMENTS_MAP, DRAFT_IDENTITY, DRAFT_TEXT, commentsDocName, draftDocName, parseDocName, type DraftIdentityMessage, type LiveComment } from "./document-names";
import { carriedUpdate } from "./hocuspocus-messages.server";
import { createPresenceGuard } from "./presence-guard.server";
import { closeFor, fitCloseReason } from "./refusal-close";

export interface CollabOptions {
  /** quiet time before a changed document is stored (ms) */
  storeDebounceMs?: number;
  maxMessageBytes?: number;
  maxDocumentBytes?: number;
  /** WebSocket connection attempts per client address per minute */
  connectionsPerMinute?: number;
  /** proxies whose X-Forwarded-For names the client (TRUST_PROXY); by default none */
  trustedProxy?: TrustedProxy;
  /** a socket that has not authenticated a document within this time is closed (ms) */
  authTimeoutMs?: number;
  /** largest presence (awareness) update relayed, in bytes */
  maxAwarenessBytes?: number;
  /** presence updates per second and connection; the excess is dropped */
  awarenessPerSecond?: number;
  /** dropped presence updates within 10 s after which the connection is closed */
  awarenessDropsBeforeClose?: number;
  /** Redis linking the live documents of several instances (REDIS_URL; docs/decisions/032) */
  redis?: { createClient: () => RedisInstance };
}

export interface CollabContext {
  membershipId: string;
  /** the session the token was issued under: its end closes the connection */
  sessionId: string;
  deliberationId: string;
  proposalId: string;
  kind: "draft" | "comments";
  role: DraftIdentityMessage["role"];
  user: { name: string; group: string | null };
  /** the language its refusals are told in */
  language: Language;
}

/**
 * Refuse a connection or a message: the close code and reason of the Refusal (closeFor: 4000 +
 * status, the sentence). Hocuspocus sends `reason` to the provider (onAuthenticationFailed / close
 * event); a plain object (no `message`) keeps this expected refusal out of the error log.
 */
function refuseConnection(status: RefusalStatus, key: MessageKey, language: Language): never {
  throw closeFor(new Refusal(status, key), language);
}

/** The language of a connection: the page's (`?lang=` on the socket's URL), else the cookie, else the browser's. */
function connectionLanguage(parameters: URLSearchParams, headers: IncomingHttpHeaders): Language {
  return languageOfHeaders(parameters.get("lang"), headers.cookie, headers["accept-language"]);
}

/** The document's encoded size once `update` is applied (deleted text is collected, so a deletion shrinks it). */
function sizeAfter(document: Y.Doc, update: Uint8Array): number {
  const probe = new Y.Doc();
  try {
    Y.applyUpdate(probe, Y.encodeStateAsUpdate(document));
    Y.applyUpdate(probe, update);
    return Y.encodeStateAsUpdate(probe).byteLength;
  } catch {
    return Infinity;
  } finally {
    probe.destroy();
  }
}

/** A client's sync reply usually repeats what the server has: that is not growth. */
function containsNothingNew(document: Y.Doc, update: Uint8Array): boolean {
  try {
    return update.byteLength > 0 && Y.snapshotContainsUpdate(Y.snapshot(document), update);
  } catch {
    return false;
  }
}

/**
 * Hocuspocus's Redis extension relays every change of a live document to the other instances.
 * Its store lock is left out: an instance that loses the lock skips storing (and Hocuspocus logs
 * that as an error each time), so its latest changes wait for the other instance to store them;
 * here every instance stores, merged into what is stored (storeDocumentState).
 */
class DocumentRelay extends RedisExtension {
  override async onStoreDocument(): Promise<void> {}
}

/** The seed of an empty draft, identical on every instance (written as Yjs client 0; a browser's client id is a random 32-bit number). */
function firstDraftUpdate(statement: string): Uint8Array {
  const doc = new Y.Doc();
  doc.clientID = 0;
  doc.getText(DRAFT_TEXT).insert(0, statement);
  const update = Y.encodeStateAsUpdate(doc);
  doc.destroy();
  return update;
}

export interface Collab {
  hocuspocus: Hocuspocus;
  attach(server: Server): void;
  applyComment(proposalId: string, comment: LiveComment): Promise<void>;
  readDraft(proposalId: string): Promise<string | null>;
  /** Replace the draft's text (live clients see it): the facilitator's reset. */
  replaceDraft(proposalId: string, text: string): Promise<void>;
  disconnectMembership(membershipId: string): number;
  /**
   * After a phase change: open draft connections of the deliberation become read-only (leaving
   * the discussing phase), or are closed so the page reconnects with its new rights (entering it).
   */
  resetDraftConnections(deliberationId: string, discussing: boolean): number;
  /** Open WebSocket connections, authenticated or not (metrics). */
  connectionCount(): number;
  close(): Promise<void>;
}

/**
 * The collaboration server of an application context: its documents are stored in `app.db`, and
 * it follows the domain through `app.events` (comments, draft resets, phase changes, removed
 * members, ended sessions) — the services never import it.
 */
export function createCollab(options: CollabOptions & { app: AppContext }): Collab {
  const { app } = options;
  const storeDebounceMs = options.storeDebounceMs ?? 2000;
  const maxMessageBytes = options.maxMessageBytes ?? 256 * 1024;
  const maxDocumentBytes = options.maxDocumentBytes ?? 2 * 1024 * 1024;
  const perMinute = options.connectionsPerMinute ?? 120;
  const trustedProxy = options.trustedProxy ?? (() => false);
  const authTimeoutMs = options.authTimeoutMs ?? 5000;
  const presence = createPresenceGuard({
    maxBytes: options.maxAwarenessBytes ?? 2048,
    perSecond: options.awarenessPerSecond ?? 20,
    dropsBeforeClose: options.awarenessDropsBeforeClose ?? 200,
  });
  // sockets that authenticated at least one document (the rest are closed after authTimeoutMs)
  const authenticated = new WeakSet<object>();
  const db = () => app.db;

  const persistence = new Database({
    fetch: async ({ documentName }) => fetchDocumentState(db(), documentName),
    store: async ({ documentName, state }) => storeDocumentState(db(), documentName, state),
  });

  // After the stored state is loaded: comments are rebuilt from SQL (the source of truth, so an
  // acknowledged comment is never lost), and an empty draft starts from the current wording.
  const seed: Extension = {
    priority: 10,
    async onLoadDocument({ documentName, document }) {
      const parsed = parseDocName(documentName);
      if (!parsed) return;
      if (parsed.kind === "comments") {
        const comments = await listLiveComments(db(), parsed.proposalId);
        const map = document.getMap<LiveComment>(COMMENTS_MAP);
        document.transact(() => {
          for (const key of [...map.keys()]) if (!comments.some((c) => c.id === key)) map.delete(key);
          for (const c of comments) map.set(c.id, c);
        });
      } else {
        const text = document.getText(DRAFT_TEXT);
        if (text.length === 0) {
          const statement = await latestStatement(db(), parsed.proposalId);
          // A draft never stored may be loaded by two instances at once: the same wording written
          // by the same (fixed) Yjs client merges into one copy, where two inserts would be two.
          if (statement && document.store.clients.size === 0) Y.applyUpdate(document, firstDraftUpdate(statement));
          else if (statement) text.insert(0, statement);
        }
      }
    },
  };

  const hocuspocus = new Hocuspocus({
    quiet: true,
    debounce: storeDebounceMs,
    maxDebounce: storeDebounceMs * 5,
    extensions: [persistence, seed, ...(options.redis ? [new DocumentRelay({ createClient: options.redis.createClient, prefix: "accord:collab" })] : [])],
    async onAuthenticate({ token, documentName, connectionConfig, requestParameters, requestHeaders }): Promise<CollabContext> {
      const language = connectionLanguage(requestParameters, requestHeaders);
      const parsed = parseDocName(documentName);
      if (!parsed) refuseConnection(403, "collab.noSuchDocument", language);
      const claims = verifyCollabToken(token);
      if (!claims) refuseConnection(403, "collab.tokenExpired", language);
      const { membershipId, sessionId } = claims;
      const access = await findCollabAccess(db(), membershipId, parsed.proposalId);
      if (!access) refuseConnection(403, "collab.membersOnly", language);
      if (access.archived_at) refuseConnection(409, "lifecycle.collabArchived", language);
      if (!(await isLiveSessionOfMember(db(), sessionId, membershipId))) refuseConnection(401, "collab.sessionEnded", language);
      const canWrite = parsed.kind === "draft" && access.role !== "observer" && access.phase === "discussing" && access.status === "active";
      connectionConfig.readOnly = !canWrite;
      const label = authorLabel(access.attribution_mode, { displayName: access.display_name, pseudonym: access.pseudonym, groupName: access.group_name });
      return {
        membershipId,
        sessionId,
        deliberationId: access.deliberation_id,
        proposalId: parsed.proposalId,
        kind: parsed.kind,
        role: access.role,
        user: { name: label.name ?? "", group: label.group },
        language,
      } satisfies CollabContext;
    },
    // Presence on a draft: tell the client how it is shown to the others (its label under the
    // attribution mode, "" under anonymous, and its role), so the browser never computes a name.
    async connected({ documentName, context, connection }) {
      authenticated.add(connection.webSocket);
      if (parseDocName(documentName)?.kind !== "draft") return;
      const c = context as CollabContext;
      const message: DraftIdentityMessage = { type: DRAFT_IDENTITY, name: c.user.name, role: c.role };
      connection.sendStateless(JSON.stringify(message));
    },
    async beforeHandleMessage({ update, document, connection, context }) {
      const c = context as CollabContext;
      if (update.byteLength > maxMessageBytes) refuseConnection(413, "collab.changeTooLarge", c.language);
      if (presence.check(update, document, connection, { name: c.user.name, role: c.role }) === "abusive") {
        refuseConnection(429, "collab.tooManyPresenceUpdates", c.language);
      }
      // Only a change that makes the document larger is refused at its maximum size: reading (sync
      // step 1), presence, read-only connections and deletions stay possible.
      if (connection.readOnly) return; // its changes are dropped anyway
      const change = carriedUpdate(update);
      if (!change) return;
      const size = Y.encodeStateAsUpdate(document).byteLength;
      if (size > maxDocumentBytes && !containsNothingNew(document, change) && sizeAfter(document, change) > size) {
        refuseConnection(413, "collab.documentFull", c.language);
      }
    },
  });

  // The WebSocket frame ceiling sits above maxMessageBytes, so that a message just over the limit
  // reaches beforeHandleMessage and is refused with a reason the client shows; only frames far
  // beyond it are cut off by ws itself (close code 1009, no reason).
  const wss = new WebSocketServer({ noServer: true, maxPayload: maxMessageBytes * 2 });
  const attempts = new Map<string, { count: number; since: number }>();
  /** each open socket's language (for the close at shutdown, which has no Hocuspocus context) */
  const socketLanguages = new WeakMap<object, Language>();

  /** An HTTP answer to an upgrade: the standard status text (a status line is ASCII), the sentence in the body. */
  function refuseUpgrade(socket: Duplex, status: 403 | 429, sentence: string) {
    const statusText = status === 403 ? "Forbidden" : "Too Many Requests";
    const body = Buffer.from(sentence, "utf8");
    socket.write(`HTTP/1.1 ${status} ${statusText}\r\nConnection: close\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: ${body.byteLength}\r\n\r\n`);
    socket.write(body);
    socket.destroy();
  }

  function onUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer) {
    const url = new URL(request.url ?? "/", "http://localhost");
    if (url.pathname !== "/collab" && !url.pathname.startsWith("/collab/")) return; // not ours (e.g. Vite HMR)
    const language = connectionLanguage(url.searchParams, request.headers);
    const t = i18n.getFixedT(language);
    const origin = request.headers.origin;
    if (origin) {
      try {
        if (new URL(origin).host !== request.headers.host) return refuseUpgrade(socket, 403, t("collab.crossSite"));
      } catch {
        return refuseUpgrade(socket, 403, t("collab.crossSite"));
      }
    }
    // Per client address: the forwarded one only behind a trusted proxy (TRUST_PROXY).
    const who = clientAddress(request.socket.remoteAddress, request.headers["x-forwarded-for"], trustedProxy);
    const now = Date.now();
    const a = attempts.get(who);
    if (!a || now - a.since > 60_000) attempts.set(who, { count: 1, since: now });
    else if (++a.count > perMinute) return refuseUpgrade(socket, 429, t("collab.tooManyConnections"));
    if (attempts.size > 10_000) attempts.clear();
    wss.handleUpgrade(request, socket, head, (ws) => {
      socketLanguages.set(ws, language);
      // A malformed or oversized frame makes ws emit "error" (then it closes the socket itself);
      // without a listener that error would be thrown and stop the whole server.
      ws.on("error", () => {});
      // An open socket holds memory and queues messages until it authenticates: not for long.
      const timer = setTimeout(() => {
        if (!authenticated.has(ws) && ws.readyState === ws.OPEN) {
          const { code, reason } = closeFor(new Refusal(401, "collab.authTimeout"), language);
          ws.close(code, reason);
        }
      }, authTimeoutMs);
      ws.once("close", () => clearTimeout(timer));
      hocuspocus.handleConnection(ws, request);
    });
  }

  /** Close every live connection whose context matches; returns how many. */
  function closeWhere(match: (context: CollabContext) => boolean, refusal: Refusal): number {
    let closed = 0;
    for (const document of hocuspocus.documents.values()) {
      for (const connection of document.getConnections()) {
        const context = connection.context as CollabContext | undefined;
        if (context?.membershipId && match(context)) {
          connection.close(closeFor(refusal, context.language));
          closed++;
        }
      }
    }
    return closed;
  }

  let attached: Server | null = null;
  // A server-side change is applied (and, with Redis, published) once transact resolves; closing the
  // direct connection waits for the Redis extension's unload delay (1 s, so other instances can
  // finish syncing). The request need not wait for that: the close runs on, and close() awaits it.
  const closing = new Set<Promise<void>>();
  const release = (connection: { disconnect(): Promise<void> }) => {
    const done = connection
      .disconnect()
      .catch((error: unknown) => logger().error({ err: error }, "closing a server-side document connection failed"))
      .finally(() => closing.delete(done));
    closing.add(done);
  };
  const collab: Collab = {
    hocuspocus,
    attach(server) {
      attached = server;
      server.on("upgrade", onUpgrade);
    },
    connectionCount: () => wss.clients.size,
    async applyComment(proposalId, comment) {
      const connection = await hocuspocus.openDirectConnection(commentsDocName(proposalId), { system: true });
      await connection.transact((doc) => {
        doc.getMap<LiveComment>(COMMENTS_MAP).set(comment.id, comment);
      });
      release(connection);
    },
    async readDraft(proposalId) {
      const name = `proposal:${proposalId}:draft`;
      const open = hocuspocus.documents.get(name);
      if (open) return open.getText(DRAFT_TEXT).toString();
      const state = await fetchDocumentState(db(), name);
      if (!state) return null;
      const doc = new Y.Doc();
      Y.applyUpdate(doc, state);
      return doc.getText(DRAFT_TEXT).toString();
    },
    async replaceDraft(proposalId, text) {
      const connection = await hocuspocus.openDirectConnection(draftDocName(proposalId), { system: true });
      await connection.transact((doc) => {
        const draft = doc.getText(DRAFT_TEXT);
        draft.delete(0, draft.length);
        draft.insert(0, text);
      });
      release(connection);
    },
    disconnectMembership(membershipId) {
      return closeWhere((c) => c.membershipId === membershipId, new Refusal(403, "collab.noLongerMember"));
    },
    resetDraftConnections(deliberationId, discussing) {
      let changed = 0;
      for (const document of hocuspocus.documents.values()) {
        for (const connection of document.getConnections()) {
          const context = connection.context as CollabContext | undefined;
          if (context?.deliberationId !== deliberationId || context.kind !== "draft") continue;
          if (discussing) connection.close(closeFor(new Refusal(409, "collab.nowDiscussing"), context.language));
          else connection.readOnly = true; // edits from now on are ignored by the server
          changed++;
        }
      }
      return changed;
    },
    async close() {
      await Promise.all(closing);
      unsubscribe();
      app.events.setLiveDrafts(null);
      attached?.off("upgrade", onUpgrade);
      hocuspocus.closeConnections();
      // Store every open document now, whatever the debounce says.
      for (const [name, document] of hocuspocus.documents) {
        await storeDocumentState(db(), name, Y.encodeStateAsUpdate(document));
      }
      // Hocuspocus only closes its per-document connections; the sockets stay open (and keep the
      // HTTP server from closing) until they are closed here.
      await Promise.all(
        [...wss.clients].map(
          (ws) =>
            new Promise<void>((resolve) => {
              if (ws.readyState === ws.CLOSED) return resolve();
              const timer = setTimeout(() => ws.terminate(), 1000);
              ws.once("close", () => {
                clearTimeout(timer);
                resolve();
              });
              ws.close(1012, fitCloseReason(i18n.getFixedT(socketLanguages.get(ws) ?? "en")("collab.restarting")));
            }),
        ),
      );
      wss.close();
      // Hocuspocus stores and unloads each document as its last connection closes; let those
      // writes finish before the database is closed (bounded, so a stuck hook cannot hang shutdown).
      const deadline = Date.now() + 2000;
      while (hocuspocus.documents.size > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    },
  };
  // The domain tells the live documents what changed (it never imports this server). Events
  // relayed from another instance ("remote") close or restrict this instance's own sockets too;
  // document contents change only for local events, since Hocuspocus's Redis extension already
  // carries a document's updates to the other instances (applying them twice would double a reset).
  const unsubscribe = app.events.subscribe(async (event, origin) => {
    if (origin === "remote" && (event.type === "comment-changed" || event.type === "draft-reset")) return;
    switch (event.type) {
      case "phase-changed":
        collab.resetDraftConnections(event.deliberationId, event.phase === "discussing");
        break;
      case "member-removed":
        collab.disconnectMembership(event.membershipId);
        break;
      case "deliberation-closed":
        closeWhere((c) => c.deliberationId === event.deliberationId, new Refusal(event.reason === "deleted" ? 410 : 409, event.reason === "deleted" ? "lifecycle.collabDeleted" : "lifecycle.collabArchived"));
        break;
      case "sessions-ended": {
        // A token dies with its session: connections opened under a session that ended are closed.
        const ended = new Set(event.sessionIds);
        closeWhere((c) => ended.has(c.sessionId), new Refusal(401, "collab.signedOut"));
        break;
      }
      case "comment-changed": {
        // read from SQL, the source of truth (the same on every instance)
        const comment = await findLiveComment(db(), event.commentId);
        if (comment) await collab.applyComment(event.proposalId, comment);
        break;
      }
      case "draft-reset":
        await collab.replaceDraft(event.proposalId, event.text);
        break;
    }
  });
  app.events.setLiveDrafts({ read: (proposalId) => collab.readDraft(proposalId) });
  return collab;
}
