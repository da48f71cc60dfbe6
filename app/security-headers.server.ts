import { randomBytes } from "node:crypto";

/**
 * Every security header Accord sends, in one place (docs/decisions/025). Three Content-Security-
 * Policies: app pages (React-rendered, a fresh script nonce per response), standalone report
 * documents (no script at all), and everything else (downloads, data, static files, plain-text
 * refusals), which runs nothing and may not be framed.
 */
type Policy = Record<string, string[]>;

const serialise = (policy: Policy) =>
  Object.entries(policy)
    .map(([directive, sources]) => [directive, ...sources].join(" "))
    .join("; ");

const LOCKED: Policy = {
  "base-uri": ["'none'"],
  "object-src": ["'none'"],
  "frame-ancestors": ["'none'"],
};

/** 16 random bytes, base64: a nonce no page can guess, new for every document. */
export function createCspNonce(): string {
  return randomBytes(16).toString("base64");
}

/**
 * The policy of an app page. Scripts: our own files and inline scripts carrying this response's
 * nonce (Remix's context and route modules, scroll restoration, streamed data). Style sheets: our
 * own files and `<style>` elements with the nonce (the co-drafting editor's); style *attributes*
 * are allowed because React renders `style={{…}}` (bar widths) and the co-drafting carets set them,
 * and an attribute can neither hold selectors nor load from another origin under img-src/font-src.
 * `connect-src 'self'` covers the collaboration WebSocket (same host, ws: or wss: as the page).
 * Development adds what Vite needs: its HMR socket on its own port and the `<style>` elements its
 * client and error overlay insert (with a nonce in the list, 'unsafe-inline' would be ignored).
 */
export function appPagePolicy(nonce: string, { development = false }: { development?: boolean } = {}): string {
  return serialise({
    "default-src": ["'self'"],
    "script-src": ["'self'", `'nonce-${nonce}'`],
    "style-src": development ? ["'self'", "'unsafe-inline'"] : ["'self'", `'nonce-${nonce}'`],
    "style-src-attr": ["'unsafe-inline'"],
    "img-src": ["'self'", "data:"],
    "font-src": ["'self'"],
    "connect-src": development ? ["'self'", "ws:", "wss:"] : ["'self'"],
    "form-action": ["'self'"],
    ...LOCKED,
  });
}

/** Standalone report documents run no script and load nothing but their own inline styles. */
export const REPORT_DOCUMENT_POLICY = serialise({
  "default-src": ["'none'"],
  "style-src": ["'unsafe-inline'"],
  "img-src": ["'self'", "data:"],
  "form-action": ["'none'"],
  ...LOCKED,
});

/** Responses that are not pages: opened directly (a CSV, an SVG, an error text), they run nothing. */
export const NON_PAGE_POLICY = serialise({ "default-src": ["'none'"], "form-action": ["'none'"], ...LOCKED });

/** Sent with every response; a page or report document replaces the Content-Security-Policy. */
export const DEFAULT_SECURITY_HEADERS: Readonly<Record<string, string>> = {
  "Content-Security-Policy": NON_PAGE_POLICY,
  "X-Content-Type-Options": "nosniff",
  "X-Frame-Options": "DENY",
  "Referrer-Policy": "same-origin",
};
