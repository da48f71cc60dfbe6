const BASE = "http://accord.invalid";
// control characters (tab, newline: browsers drop them from URLs) and backslashes (read as "/")
const UNSAFE = /[\u0000-\u001f\u007f\\]/;

/**
 * The one reading of a `redirectTo`: a same-origin path, or `fallback`. Tabs, newlines and
 * backslashes (raw or percent-encoded), `//` and `/\` (protocol-relative, also after `/./` or
 * encoded slashes) and any scheme (`javascript:`, `https:`) all fall back, so the Location header
 * is always a path of this site and never carries a character Node refuses. Shared by the server
 * and the login form.
 */
export function safeRedirectPath(to: FormDataEntryValue | string | null | undefined, fallback = "/"): string {
  if (typeof to !== "string" || to.length > 2000 || !to.startsWith("/") || leavesSite(to)) return fallback;
  const url = new URL(to, BASE);
  if (url.origin !== BASE || leavesSite(url.pathname)) return fallback;
  return url.pathname + url.search + url.hash;
}

/** True when `path`, raw or percent-decoded (up to three times), could be read as another host. */
function leavesSite(path: string): boolean {
  let decoded = path;
  for (let i = 0; i <= 3; i++) {
    if (UNSAFE.test(decoded) || decoded.startsWith("//")) return true;
    let next: string;
    try {
      next = decodeURIComponent(decoded);
    } catch {
      return true;
    }
    if (next === decoded) return false;
    decoded = next;
  }
  return true;
}
