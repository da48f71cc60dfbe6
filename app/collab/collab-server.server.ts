import { subscribe } from "../deliberation/domain-events";
/**
 * Live collaboration on the one Node server: Hocuspocus (Yjs) behind WebSocket upgrades on
 * /collab. Authentication by a signed token from the proposal page (membership re-checked in the
 * database on every connection); the comments document is read-only for every client — comments
 * are written through a Remix action and applied here by the server; drafts are writable by
 * participants and facilitators in the discussing phase only.
 */
import { Database } from "@hocuspocus/extension-database";
import { Hocuspocus, type Extension } from "@hocuspocus/server";
import type { IncomingMessage, Server } from "node:http";
import type { Duplex } from "node:stream";
import { WebSocketServer } from "ws";
import * as Y from "yjs";
import type { DB } from "../../db/connection";
import { getDb } from "../db.server";
import { authorLabel } from "../deliberation/attribution";
import { findCollabAccess, fetchDocumentState, storeDocumentState } from "./collab-repository.server";
import { verifyCollabToken } from "./collab-token.server";
import { clientAddress } from "../auth/client-address";
import { listLiveComments, latestStatement } from "./comment-repository.server";
import { COMMENTS_MAP, DRAFT_IDENTITY, DRAFT_TEXT, commentsDocName, parseDocName, type DraftIdentityMessage, type LiveComment } from "./document-names";

export interface CollabOptions {
  /** quiet time before a changed document is stored (ms) */
  storeDebounceMs?: number;
  maxMessageBytes?: number;
  maxDocumentBytes?: number;
  /** WebSocket connection attempts per client address per minute */
  connectionsPerMinute?: number;
}

export interface CollabContext {
  membershipId: string;
  deliberationId: string;
  proposalId: string;
  kind: "draft" | "comments";
  user: { name: string; group: string | null };
}

/**
 * Refuse a connection or a message with a reason the client shows. Hocuspocus sends `reason` to
 * the provider (onAuthenticationFailed / close event); a plain object (no `message`) keeps this
 * expected refusal out of the error log.
 */
function refuse(reason: string, code = 4403): never {
  throw { code, reason };
}

/** lib0 variable-length unsigned integer at `pos`: [value, next position]. */
function readVarUint(bytes: Uint8Array, pos: number): [number, number] {
  let value = 0;
  for (let shift = 0; shift < 35; shift += 7) {
    if (pos >= bytes.length) throw new RangeError("truncated message");
    const byte = bytes[pos++]!;
    value += (byte & 0x7f) * 2 ** shift;
    if (byte < 0x80) return [value, pos];
  }
  throw new RangeError("integer out of range");
}

/**
 * The Yjs update a Hocuspocus message carries, if it may change the document: a sync message
 * (Sync 0 or SyncReply 4) other than step 1 (a request for state); null for anything else
 * (awareness, auth, stateless …). An unreadable message counts as a change (an empty update).
 */
function carriedUpdate(message: Uint8Array): Uint8Array | null {
  try {
    const [nameLength, afterLength] = readVarUint(message, 0);
    const [type, afterType] = readVarUint(message, afterLength + nameLength);
    if (type !== 0 && type !== 4) return null;
    const [syncType, afterSyncType] = readVarUint(message, afterType);
    if (syncType === 0) return null;
    const [length, start] = readVarUint(message, afterSyncType);
    return message.subarray(start, start + length);
  } catch {
    return new Uint8Array(0);
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

export interface Collab {
  hocuspocus: Hocuspocus;
  attach(server: Server): void;
  applyComment(proposalId: string, comment: LiveComment): Promise<void>;
  readDraft(proposalId: string): Promise<string | null>;
  disconnectMembership(membershipId: string): number;
  /**
   * After a phase change: open draft connections of the deliberation become read-only (leaving
   * the discussing phase), or are closed so the page reconnects with its new rights (entering it).
   */
  resetDraftConnections(deliberationId: string, discussing: boolean): number;
  close(): Promise<void>;
}

const KEY = Symbol.for("accord.collab");

/** The running collaboration server, if this process has one (services use it to go live). */
export function getCollab(): Collab | undefined {
  return (globalThis as { [KEY]?: Collab })[KEY];
}

export function createCollab(options: CollabOptions = {}): Collab {
  const storeDebounceMs = options.storeDebounceMs ?? 2000;
  const maxMessageBytes = options.maxMessageBytes ?? 256 * 1024;
  const maxDocumentBytes = options.maxDocumentBytes ?? 2 * 1024 * 1024;
  const perMinute = options.connectionsPerMinute ?? 120;
  const db = (): DB => getDb();

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
          if (statement) text.insert(0, statement);
        }
      }
    },
  };

  const hocuspocus = new Hocuspocus({
    quiet: true,
    debounce: storeDebounceMs,
    maxDebounce: storeDebounceMs * 5,
    extensions: [persistence, seed],
    async onAuthenticate({ token, documentName, connectionConfig }): Promise<CollabContext> {
      const parsed = parseDocName(documentName);
      if (!parsed) refuse("This document does not exist.");
      const membershipId = verifyCollabToken(token);
      if (!membershipId) refuse("Your session for live editing has expired. Reload the page.");
      const access = await findCollabAccess(db(), membershipId, parsed.proposalId);
      if (!access) refuse("Only members of this deliberation can open this document.");
      const canWrite = parsed.kind === "draft" && access.role !== "observer" && access.phase === "discussing" && access.status === "active";
      connectionConfig.readOnly = !canWrite;
      const label = authorLabel(access.attribution_mode, { displayName: access.display_name, pseudonym: access.pseudonym, groupName: access.group_name });
      return {
        membershipId,
        deliberationId: access.deliberation_id,
        proposalId: parsed.proposalId,
        kind: parsed.kind,
        user: { name: label.name ?? "", group: label.group },
      };
    },
    // Presence on a draft: tell the client how it is shown to the others (its label under the
    // attribution mode; "" under anonymous), so the browser never computes or guesses a name.
    async connected({ documentName, context, connection }) {
      if (parseDocName(documentName)?.kind !== "draft") return;
      const message: DraftIdentityMessage = { type: DRAFT_IDENTITY, name: (context as CollabContext).user.name };
      connection.sendStateless(JSON.stringify(message));
    },
    async beforeHandleMessage({ update, document, connection }) {
      if (update.byteLength > maxMessageBytes) refuse("This change is too large.", 4413);
      // Only a change can make a document grow: reading (sync step 1), presence and read-only
      // connections stay possible when a document is at its maximum size.
      if (connection.readOnly) return; // its changes are dropped anyway
      const change = carriedUpdate(update);
      if (change && Y.encodeStateAsUpdate(document).byteLength > maxDocumentBytes && !containsNothingNew(document, change)) {
        refuse("This document has reached its maximum size.", 4413);
      }
    },
  });

  // The WebSocket frame ceiling sits above maxMessageBytes, so that a message just over the limit
  // reaches beforeHandleMessage and is refused with a reason the client shows; only frames far
  // beyond it are cut off by ws itself (close code 1009, no reason).
  const wss = new WebSocketServer({ noServer: true, maxPayload: maxMessageBytes * 2 });
  const attempts = new Map<string, { count: number; since: number }>();

  function refuseUpgrade(socket: Duplex, status: number, reason: string) {
    socket.write(`HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Type: text/plain\r\n\r\n${reason}`);
    socket.destroy();
  }

  function onUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer) {
    const url = new URL(request.url ?? "/", "http://localhost");
    if (url.pathname !== "/collab" && !url.pathname.startsWith("/collab/")) return; // not ours (e.g. Vite HMR)
    const origin = request.headers.origin;
    if (origin) {
      try {
        if (new URL(origin).host !== request.headers.host) return refuseUpgrade(socket, 403, "Cross-site connection refused");
      } catch {
        return refuseUpgrade(socket, 403, "Cross-site connection refused");
      }
    }
    // Behind a proxy on this machine (Express trusts loopback), count per forwarded client address.
    const who = clientAddress(request.socket.remoteAddress, request.headers["x-forwarded-for"]);
    const now = Date.now();
    const a = attempts.get(who);
    if (!a || now - a.since > 60_000) attempts.set(who, { count: 1, since: now });
    else if (++a.count > perMinute) return refuseUpgrade(socket, 429, "Too many connection attempts; wait a minute");
    if (attempts.size > 10_000) attempts.clear();
    wss.handleUpgrade(request, socket, head, (ws) => {
      // A malformed or oversized frame makes ws emit "error" (then it closes the socket itself);
      // without a listener that error would be thrown and stop the whole server.
      ws.on("error", () => {});
      hocuspocus.handleConnection(ws, request);
    });
  }

  let attached: Server | null = null;
  const collab: Collab = {
    hocuspocus,
    attach(server) {
      attached = server;
      server.on("upgrade", onUpgrade);
    },
    async applyComment(proposalId, comment) {
      const connection = await hocuspocus.openDirectConnection(commentsDocName(proposalId), { system: true });
      await connection.transact((doc) => {
        doc.getMap<LiveComment>(COMMENTS_MAP).set(comment.id, comment);
      });
      await connection.disconnect();
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
    disconnectMembership(membershipId) {
      let closed = 0;
      for (const document of hocuspocus.documents.values()) {
        for (const connection of document.getConnections()) {
          if ((connection.context as CollabContext | undefined)?.membershipId === membershipId) {
            connection.close({ code: 4403, reason: "You are no longer a member of this deliberation." });
            closed++;
          }
        }
      }
      return closed;
    },
    resetDraftConnections(deliberationId, discussing) {
      let changed = 0;
      for (const document of hocuspocus.documents.values()) {
        for (const connection of document.getConnections()) {
          const context = connection.context as CollabContext | undefined;
          if (context?.deliberationId !== deliberationId || context.kind !== "draft") continue;
          if (discussing) connection.close({ code: 4409, reason: "The round moved to the discussing phase. Reload the page to edit." });
          else connection.readOnly = true; // edits from now on are ignored by the server
          changed++;
        }
      }
      return changed;
    },
    async close() {
      unsubscribe();
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
              ws.close(1012, "The server is restarting.");
            }),
        ),
      );
      wss.close();
      // Hocuspocus stores and unloads each document as its last connection closes; let those
      // writes finish before the database is closed (bounded, so a stuck hook cannot hang shutdown).
      const deadline = Date.now() + 2000;
      while (hocuspocus.documents.size > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
      const holder = globalThis as { [KEY]?: Collab };
      if (holder[KEY] === collab) delete holder[KEY];
    },
  };
  // The domain tells the live documents what changed (it never imports this server).
  const unsubscribe = subscribe((event) => {
    if (event.type === "phase-changed") collab.resetDraftConnections(event.deliberationId, event.phase === "discussing");
    if (event.type === "member-removed") collab.disconnectMembership(event.membershipId);
  });
  (globalThis as { [KEY]?: Collab })[KEY] = collab;
  return collab;
}
