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
import { listLiveComments, latestStatement } from "./comment-repository.server";
import { COMMENTS_MAP, DRAFT_TEXT, commentsDocName, parseDocName, type LiveComment } from "./document-names";

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

export interface Collab {
  hocuspocus: Hocuspocus;
  attach(server: Server): void;
  applyComment(proposalId: string, comment: LiveComment): Promise<void>;
  readDraft(proposalId: string): Promise<string | null>;
  disconnectMembership(membershipId: string): number;
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
    async beforeHandleMessage({ update, document }) {
      if (update.byteLength > maxMessageBytes) refuse("This change is too large.", 4413);
      if (Y.encodeStateAsUpdate(document).byteLength > maxDocumentBytes) refuse("This document has reached its maximum size.", 4413);
    },
  });

  const wss = new WebSocketServer({ noServer: true, maxPayload: maxMessageBytes });
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
    const who = request.socket.remoteAddress ?? "unknown";
    const now = Date.now();
    const a = attempts.get(who);
    if (!a || now - a.since > 60_000) attempts.set(who, { count: 1, since: now });
    else if (++a.count > perMinute) return refuseUpgrade(socket, 429, "Too many connection attempts; wait a minute");
    if (attempts.size > 10_000) attempts.clear();
    wss.handleUpgrade(request, socket, head, (ws) => hocuspocus.handleConnection(ws, request));
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
    async close() {
      attached?.off("upgrade", onUpgrade);
      hocuspocus.closeConnections();
      // Store every open document now, whatever the debounce says.
      for (const [name, document] of hocuspocus.documents) {
        await storeDocumentState(db(), name, Y.encodeStateAsUpdate(document));
      }
      wss.close();
      const holder = globalThis as { [KEY]?: Collab };
      if (holder[KEY] === collab) delete holder[KEY];
    },
  };
  (globalThis as { [KEY]?: Collab })[KEY] = collab;
  return collab;
}
