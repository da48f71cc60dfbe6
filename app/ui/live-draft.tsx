/**
 * Live co-drafting of a proposal's statement (the `proposal:<id>:draft` Yjs document).
 *
 * Server render and no JavaScript: the current statement, a note that live co-drafting needs
 * JavaScript, and a link to the draft's own page (which shows the server's copy and can adopt it).
 * In the browser the editor libraries are imported lazily inside an effect, so nothing
 * browser-only runs at module load or during server rendering.
 *
 * Presence labels: the collaboration server sends each draft connection a stateless
 * `DRAFT_IDENTITY` message with the member's label under the attribution mode (pseudonym under
 * Chatham House, "" under anonymous) and role, computed by the same `authorLabel` as the rest of
 * the app; the component puts exactly these into its awareness state (the server drops presence
 * whose `user` differs). No prop or extra request is needed and the browser never computes a name.
 */
import type { TFunction } from "i18next";
import { useFetcher, useLocation } from "@remix-run/react";
import { useEffect, useId, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import type { HocuspocusProvider } from "@hocuspocus/provider";
import type { Compartment } from "@codemirror/state";
import type { EditorView, ViewUpdate } from "@codemirror/view";
import { DRAFT_IDENTITY, DRAFT_TEXT, draftDocName, presenceLabel, type DraftIdentityMessage } from "~/collab/document-names";
import { collabUrl } from "~/collab/use-live-comments";
import { dynamicKey } from "~/i18n/i18n";
import { DraftDiff } from "./draft-diff";
import { documentNonce } from "./nonce";

export interface LiveDraftProps {
  deliberationId: string;
  proposalId: string;
  /** from issueCollabToken(membershipId) (or liveDraftAccess in collab/draft-service.server) */
  token: string;
  /** the latest version's statement: the diff is drawn against it */
  currentStatement: string;
  canEdit: boolean;
  canAdopt: boolean;
}

/** Same limit as the statement field (deliberation/schemas LIMITS.statement), kept here to stay out of zod. */
const STATEMENT_MAX = 600;

/** Cursor and presence colours: dark enough for the binding's white name labels (WCAG AA). */
const COLOURS = ["#0b5cad", "#b3261e", "#1f7a3a", "#8a4b00", "#6a1b9a", "#00695c", "#ad1457", "#37474f"];

type Status =
  | { kind: "static" }
  | { kind: "loading" }
  | { kind: "connecting" }
  | { kind: "connected" }
  | { kind: "offline" }
  | { kind: "refused"; reason: string }
  | { kind: "closed"; reason: string }
  | { kind: "failed" };

interface Present {
  name: string;
  color: string;
  self: boolean;
  count: number;
}

export function LiveDraft({ deliberationId, proposalId, token, currentStatement, canEdit, canAdopt }: LiveDraftProps) {
  const { t } = useTranslation();
  const ids = useId();
  const hintId = `${ids}-hint`;
  const headingId = `${ids}-title`;
  const [status, setStatus] = useState<Status>({ kind: "static" });
  const [draft, setDraft] = useState<string | null>(null);
  const [serverReadOnly, setServerReadOnly] = useState(true);
  const [present, setPresent] = useState<Present[]>([]);
  const [editorMounted, setEditorMounted] = useState(false);
  const hostRef = useRef<HTMLDivElement>(null);
  const editorRef = useRef<{ view: EditorView; readOnly: Compartment; reconfigure: (readOnly: boolean) => void } | null>(null);
  // The page's loader may issue a fresh token on every revalidation: read the latest one when the
  // socket (re)authenticates instead of reconnecting whenever it changes.
  const tokenRef = useRef(token);
  tokenRef.current = token;
  const currentLabels = () => ({
    participant: t("draft.participant"),
    editor: t("draft.editorLabel"),
    roles: { facilitator: t("roles.facilitator"), participant: t("roles.participant"), observer: t("roles.observer") } as Record<string, string>,
  });
  const labels = useRef(currentLabels());
  labels.current = currentLabels();
  const fetcher = useFetcher<{ error?: string }>();
  const location = useLocation();

  // Closed or refused by the server (e.g. signed out): typing would only pile up edits nobody receives.
  const readOnly = !canEdit || serverReadOnly || status.kind === "closed" || status.kind === "refused";

  useEffect(() => {
    let cancelled = false;
    let teardown = () => {};
    setStatus({ kind: "loading" });
    setDraft(null);
    setPresent([]);
    setServerReadOnly(true);
    (async () => {
      const [Y, { HocuspocusProvider, HocuspocusProviderWebsocket }, { EditorState, Compartment }, { EditorView, keymap, Decoration, ViewPlugin }, { yCollab, yUndoManagerKeymap }] = await Promise.all([
        import("yjs"),
        import("@hocuspocus/provider"),
        import("@codemirror/state"),
        import("@codemirror/view"),
        import("y-codemirror.next"),
      ]);
      if (cancelled) return;

      const doc = new Y.Doc();
      const ytext = doc.getText(DRAFT_TEXT);
      const colour = COLOURS[doc.clientID % COLOURS.length]!;
      const current = { kind: "connecting" as Status["kind"] };
      const set = (s: Status) => {
        current.kind = s.kind;
        if (!cancelled) setStatus(s);
      };

      const websocketProvider = new HocuspocusProviderWebsocket({
        url: collabUrl(window.location, document.documentElement.lang),
      });
      const provider: HocuspocusProvider = new HocuspocusProvider({
        websocketProvider,
        name: draftDocName(proposalId),
        token: () => tokenRef.current,
        document: doc,
        onStatus: ({ status: s }) => {
          if (s === "connecting" && current.kind !== "refused" && current.kind !== "closed") set({ kind: "connecting" });
          if (s === "disconnected" && current.kind !== "refused" && current.kind !== "closed") set({ kind: "offline" });
        },
        onAuthenticated: ({ scope }) => {
          if (!cancelled) setServerReadOnly(scope !== "read-write");
          set({ kind: "connected" });
        },
        onAuthenticationFailed: ({ reason }) => set({ kind: "refused", reason: reason || "—" }),
        onClose: ({ event }) => {
          const reason = typeof event?.reason === "string" ? event.reason : "";
          if (reason && reason !== "provider_initiated") set({ kind: "closed", reason });
        },
        onStateless: ({ payload }) => {
          let message: Partial<DraftIdentityMessage> | null = null;
          try {
            message = JSON.parse(payload) as Partial<DraftIdentityMessage>;
          } catch {
            return;
          }
          if (message?.type !== DRAFT_IDENTITY || typeof message.name !== "string" || typeof message.role !== "string") return;
          provider.setAwarenessField("user", { name: message.name, role: message.role, color: colour, colorLight: `${colour}33` });
        },
        onSynced: () => mountEditor(),
      });

      const awareness = provider.awareness!;
      const showPresence = () => {
        if (cancelled) return;
        const byName = new Map<string, Present>();
        for (const [clientId, state] of awareness.getStates()) {
          const user = (state as { user?: { name?: unknown; role?: unknown; color?: unknown } }).user;
          if (!user || typeof user.name !== "string") continue;
          const role = typeof user.role === "string" && user.role in labels.current.roles ? labels.current.roles[user.role]! : labels.current.participant;
          const name = presenceLabel(user.name, role);
          const color = typeof user.color === "string" && /^#[0-9a-f]{6}$/i.test(user.color) ? user.color : COLOURS[0]!;
          const seen = byName.get(name);
          const self = clientId === doc.clientID;
          if (seen) {
            seen.count++;
            seen.self ||= self;
          } else byName.set(name, { name, color, self, count: 1 });
        }
        setPresent([...byName.values()].sort((a, b) => Number(b.self) - Number(a.self) || a.name.localeCompare(b.name)));
      };
      awareness.on("change", showPresence);

      const showText = () => {
        if (!cancelled) setDraft(ytext.toString());
      };
      ytext.observe(showText);

      // The editor is created once the server's state has arrived, so it never starts empty.
      const mountEditor = () => {
        showText();
        if (editorRef.current || cancelled || !hostRef.current) return;
        const readOnlyCompartment = new Compartment();
        const readOnlyExtensions = (ro: boolean) => [
          EditorState.readOnly.of(ro),
          EditorView.contentAttributes.of({ "aria-readonly": String(ro) }),
        ];
        // Each line takes its direction from its first strong letter (dir="auto"), and the editor reads
        // it line by line: an Arabic line in an English draft, or an English one on an Arabic page,
        // runs, wraps and moves the cursor its own way. The editor's default is the page's direction.
        const autoDirection = Decoration.line({ attributes: { dir: "auto" } });
        const lineDirections = (v: EditorView) => {
          const lines = [];
          for (const { from, to } of v.visibleRanges) {
            for (let pos = from; pos <= to; ) {
              const line = v.state.doc.lineAt(pos);
              lines.push(autoDirection.range(line.from));
              pos = line.to + 1;
            }
          }
          return Decoration.set(lines);
        };
        const lineDirection = ViewPlugin.define(
          (v) => ({
            decorations: lineDirections(v),
            update(u: ViewUpdate) {
              if (u.docChanged || u.viewportChanged) this.decorations = lineDirections(u.view);
            },
          }),
          { decorations: (plugin) => plugin.decorations },
        );
        const undoManager = new Y.UndoManager(ytext);
        const view = new EditorView({
          parent: hostRef.current,
          state: EditorState.create({
            doc: ytext.toString(),
            extensions: [
              keymap.of([...yUndoManagerKeymap]),
              yCollab(ytext, awareness, { undoManager }),
              EditorView.lineWrapping,
              EditorView.perLineTextDirection.of(true),
              lineDirection,
              // the editor's own styles go into a <style> element, allowed by the page's nonce
              EditorView.cspNonce.of(documentNonce()),
              EditorView.contentAttributes.of({ "aria-label": labels.current.editor, "aria-describedby": hintId }),
              readOnlyCompartment.of(readOnlyExtensions(true)),
            ],
          }),
        });
        editorRef.current = {
          view,
          readOnly: readOnlyCompartment,
          reconfigure: (ro) => view.dispatch({ effects: readOnlyCompartment.reconfigure(readOnlyExtensions(ro)) }),
        };
        setEditorMounted(true);
      };

      provider.attach();
      showPresence();

      teardown = () => {
        awareness.off("change", showPresence);
        ytext.unobserve(showText);
        editorRef.current?.view.destroy();
        editorRef.current = null;
        provider.destroy();
        websocketProvider.destroy();
        doc.destroy();
      };
    })().catch(() => {
      if (!cancelled) setStatus({ kind: "failed" });
    });
    return () => {
      cancelled = true;
      teardown();
      setEditorMounted(false);
    };
    // hintId is stable for the component's life; the token is read through tokenRef
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [proposalId]);

  // Editable only when the page allows it and the server opened the connection read-write.
  useEffect(() => {
    editorRef.current?.reconfigure(readOnly);
  }, [readOnly, editorMounted]);

  const live = status.kind !== "static";
  const shown = draft ?? currentStatement;
  const length = shown.trim().length;
  const busy = fetcher.state !== "idle";

  return (
    <section className="card live-draft" aria-labelledby={headingId}>
      <h3 id={headingId}>{t("draft.title")}</h3>
      <p className="muted">{t("draft.intro")}</p>

      {!live || !editorMounted ? (
        <div className="live-draft-static">
          <h4>{t("draft.current")}</h4>
          <blockquote dir="auto">{currentStatement}</blockquote>
        </div>
      ) : null}
      {!live ? (
        <p className="notice warn">
          {t("draft.noScript")}{" "}
          <a href={`/d/${deliberationId}/proposals/${proposalId}/draft`}>{t("draft.seeDraft")}</a>
        </p>
      ) : null}

      {/* CodeMirror mounts here once the draft has synced; empty (and hidden by CSS) before */}
      <div ref={hostRef} className="live-draft-editor" />
      {editorMounted ? (
        <>
          <p id={hintId} className="hint">{readOnly ? t("draft.readOnlyHint") : t("draft.editorHint")}</p>
          <p className={length > STATEMENT_MAX ? "field-error" : "hint"}>
            {length > STATEMENT_MAX ? t("draft.tooLongNow", { count: length, max: STATEMENT_MAX }) : t("draft.length", { count: length, max: STATEMENT_MAX })}
          </p>
        </>
      ) : null}

      {live ? (
        <p className={`live-draft-status ${status.kind}`} role="status">
          {statusText(status, readOnly, canEdit, t)}
        </p>
      ) : null}
      {/* a full load: signed in again, it reconnects with a new token; still signed out, the page asks to sign in */}
      {status.kind === "closed" || status.kind === "refused" ? (
        <p>
          <a href={`${location.pathname}${location.search}`}>{t("draft.reload")}</a>
        </p>
      ) : null}

      {editorMounted ? (
        <>
          <h4>{t("draft.presence")}</h4>
          {present.length === 0 ? (
            <p className="muted">{t("draft.nobody")}</p>
          ) : (
            <ul className="presence">
              {present.map((p) => (
                <li key={p.name}>
                  <span className="swatch" style={{ background: p.color }} aria-hidden="true" />
                  {p.self ? t("draft.you", { name: p.count > 1 ? t("draft.presenceCount", { name: p.name, count: p.count }) : p.name }) : p.count > 1 ? t("draft.presenceCount", { name: p.name, count: p.count }) : p.name}
                </li>
              ))}
            </ul>
          )}

          <h4>{t("draft.changes")}</h4>
          <DraftDiff before={currentStatement} after={shown} />

          {canAdopt ? (
            <fetcher.Form method="post" action={`/d/${deliberationId}/proposals/${proposalId}/draft`} className="live-draft-adopt">
              <input type="hidden" name="intent" value="adopt" />
              {/* what this member sees: the server refuses if the draft changed meanwhile */}
              <input type="hidden" name="expected" value={shown} />
              <button type="submit" disabled={busy}>{busy ? t("draft.adopting") : t("draft.adopt")}</button>
              <p className="hint">{t("draft.adoptHint")}</p>
              {fetcher.state === "idle" && fetcher.data?.error ? <p className="field-error" role="alert">{fetcher.data.error}</p> : null}
            </fetcher.Form>
          ) : null}
        </>
      ) : null}
    </section>
  );
}

function statusText(status: Status, readOnly: boolean, canEdit: boolean, t: TFunction): string {
  switch (status.kind) {
    case "static":
    case "loading":
      return t("draft.status.loading");
    case "connecting":
      return t("draft.status.connecting");
    case "connected":
      return !readOnly ? t("draft.status.connected") : canEdit ? t("draft.status.readOnlyServer") : t("draft.status.readOnly");
    case "offline":
      return t("draft.status.offline");
    case "refused":
      return t("draft.status.refused", { reason: closeReasonText(status.reason, t) });
    case "closed":
      return t("draft.status.closed", { reason: closeReasonText(status.reason, t) });
    case "failed":
      return t("draft.status.failed");
  }
}

/** A close reason as a sentence: the server sends a message key when the sentence would not fit in a close frame (app/collab/refusal-close.ts). */
function closeReasonText(reason: string, t: TFunction): string {
  return /^[a-z][A-Za-z]*(\.[A-Za-z]+)+$/.test(reason) ? t(dynamicKey(reason), { defaultValue: reason }) : reason;
}
