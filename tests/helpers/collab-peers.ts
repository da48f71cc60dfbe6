/**
 * Live-collaboration test clients: real HocuspocusProviders over real WebSockets (`ws`) against a
 * running Accord server, with what a test needs to observe them.
 */
import { HocuspocusProvider, HocuspocusProviderWebsocket } from "@hocuspocus/provider";
import WebSocket from "ws";
import * as Y from "yjs";
import type { Collab } from "../../app/collab/collab-server.server";
import { COMMENTS_MAP, DRAFT_IDENTITY, DRAFT_TEXT, type DraftIdentityMessage, type LiveComment } from "../../app/collab/document-names";

export interface Peer {
  label: string;
  doc: Y.Doc;
  provider: HocuspocusProvider;
  socket: HocuspocusProviderWebsocket;
  synced: boolean;
  scope: string | null;
  closes: { code: number; reason: string }[];
  authFailures: string[];
  /** the label and role the server sent this (draft) connection, once it has */
  identity: DraftIdentityMessage | null;
  text: () => string;
  comments: () => Map<string, LiveComment>;
}

export const peers: Peer[] = [];

/** A browser-like live connection: one socket, one provider, one document. */
export function connect(base: string, name: string, token: string, options: { label?: string; doc?: Y.Doc; socket?: HocuspocusProviderWebsocket } = {}): Peer {
  const socket = options.socket ?? newSocket(base);
  const doc = options.doc ?? new Y.Doc();
  const peer: Peer = {
    label: options.label ?? name,
    doc,
    socket,
    synced: false,
    scope: null,
    closes: [],
    authFailures: [],
    identity: null,
    text: () => doc.getText(DRAFT_TEXT).toString(),
    comments: () => new Map(doc.getMap<LiveComment>(COMMENTS_MAP).entries()),
    provider: undefined as unknown as HocuspocusProvider,
  };
  peer.provider = new HocuspocusProvider({
    websocketProvider: socket,
    name,
    document: doc,
    token,
    onSynced: () => void (peer.synced = true),
    onAuthenticated: ({ scope }) => void (peer.scope = scope),
    onAuthenticationFailed: ({ reason }) => void peer.authFailures.push(reason),
    onClose: ({ event }) => void peer.closes.push({ code: event.code, reason: String(event.reason) }),
    onStateless: ({ payload }) => {
      const message = JSON.parse(payload) as DraftIdentityMessage;
      if (message.type === DRAFT_IDENTITY) peer.identity = message;
    },
  });
  peer.provider.attach();
  peers.push(peer);
  return peer;
}

export function newSocket(base: string) {
  return new HocuspocusProviderWebsocket({ url: base.replace(/^http/, "ws") + "/collab", WebSocketPolyfill: WebSocket as never });
}

export function destroy(peer: Peer) {
  peer.provider.destroy();
  peer.socket.destroy();
  const i = peers.indexOf(peer);
  if (i >= 0) peers.splice(i, 1);
}

export async function waitFor(what: string, condition: () => boolean | Promise<boolean>, timeoutMs = 8000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > until) throw new Error(`timed out waiting for: ${what}`);
    await sleep(10);
  }
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function synced(...list: Peer[]) {
  await waitFor(`${list.map((p) => p.label).join(", ")} synced`, () => list.every((p) => p.synced));
}

/**
 * A causal barrier on one socket: `from` publishes a presence marker after whatever it sent
 * before; once every `to` sees the marker, the server has handled `from`'s earlier messages.
 */
let markers = 0;
export async function barrier(from: Peer, ...to: Peer[]) {
  const marker = ++markers;
  from.provider.setAwarenessField("marker", marker);
  await waitFor(`${to.map((p) => p.label).join(", ")} see ${from.label}'s marker ${marker}`, () =>
    to.every((p) => [...p.provider.awareness!.getStates().values()].some((s) => s.marker === marker)),
  );
}

/** The server's copy of an open document (or null). */
export function serverDoc(collab: Collab, name: string) {
  return collab.hocuspocus.documents.get(name) ?? null;
}

/** Index of the n-th letter outside the [a1]/[b2] markers of concurrent-edit tests (a marker must stay whole to be found again). */
export function originalCharAt(text: string, n: number): number {
  let depth = 0;
  let seen = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (ch === "[") depth++;
    else if (ch === "]") depth = Math.max(0, depth - 1);
    else if (depth === 0 && /[a-z]/i.test(ch) && seen++ === n) return i;
  }
  throw new Error("no original letter left");
}
