import { useEffect, useRef, useState } from "react";
import { COMMENTS_MAP, commentsDocName, type LiveComment } from "./document-names";

export type LiveStatus = "off" | "connecting" | "live" | "unavailable";

/** The collaboration endpoint on this page's own host (ws: or wss: as the page), told the page's language for its refusals. */
export function collabUrl(location: Location, language: string): string {
  return `${location.protocol === "https:" ? "wss:" : "ws:"}//${location.host}/collab?lang=${encodeURIComponent(language)}`;
}

function sorted(map: { values(): IterableIterator<LiveComment> }): LiveComment[] {
  return [...map.values()].sort((a, b) => (a.createdAt === b.createdAt ? (a.id < b.id ? -1 : 1) : a.createdAt < b.createdAt ? -1 : 1));
}

/**
 * Client-only: follow a proposal's comments document read-only and return its comments as they
 * change (someone else's new comment, an edit, a facilitator hiding one). Until the document has
 * synced — and whenever the connection is refused or lost — the server-rendered `initial` list is
 * returned, so the page never shows less than it did without JavaScript.
 */
export function useLiveComments(proposalId: string, token: string, initial: LiveComment[]): { comments: LiveComment[]; status: LiveStatus } {
  const [live, setLive] = useState<LiveComment[] | null>(null);
  const [status, setStatus] = useState<LiveStatus>("off");
  // A loader revalidation issues a fresh token; the connection keeps using the latest one
  // without reconnecting.
  const tokenRef = useRef(token);
  tokenRef.current = token;

  useEffect(() => {
    let cancelled = false;
    let cleanup: (() => void) | undefined;
    setStatus("connecting");
    setLive(null);
    void (async () => {
      const [{ HocuspocusProvider, HocuspocusProviderWebsocket }, Y] = await Promise.all([import("@hocuspocus/provider"), import("yjs")]);
      if (cancelled) return;
      const document = new Y.Doc();
      const map = document.getMap<LiveComment>(COMMENTS_MAP);
      const websocketProvider = new HocuspocusProviderWebsocket({ url: collabUrl(window.location, window.document.documentElement.lang) });
      const provider = new HocuspocusProvider({
        websocketProvider,
        name: commentsDocName(proposalId),
        document,
        token: () => tokenRef.current,
        onSynced: () => {
          if (cancelled) return;
          setLive(sorted(map));
          setStatus("live");
        },
        onAuthenticationFailed: () => {
          if (cancelled) return;
          setLive(null);
          setStatus("unavailable");
        },
        // While disconnected the page shows the loader's list, which its own forms keep fresh.
        onDisconnect: () => {
          if (!cancelled) setStatus((s) => (s === "live" ? "connecting" : s));
        },
      });
      const observer = () => {
        if (!cancelled && provider.isSynced) setLive(sorted(map));
      };
      map.observe(observer);
      provider.attach();
      cleanup = () => {
        map.unobserve(observer);
        provider.destroy();
        websocketProvider.destroy();
        document.destroy();
      };
    })().catch(() => {
      if (!cancelled) setStatus("unavailable");
    });
    return () => {
      cancelled = true;
      cleanup?.();
    };
  }, [proposalId]);

  return { comments: status === "live" && live ? live : initial, status };
}
