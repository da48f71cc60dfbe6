const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * Cross-site request protection for every mutation: a state-changing request must come from a
 * page of this site. Browsers always send `Origin` on POST; when it is absent we fall back to
 * `Referer`; when both are absent the request is refused (non-browser clients set `Origin`).
 * `Origin: null` (sandboxed frames, cross-site redirects, file pages) is refused whatever the
 * Referer says: none of our own forms sends it, and Remix would throw on it after us (a 500).
 * Works together with the SameSite=Lax session cookie (see docs/decisions/003).
 */
export function isAllowedMutationOrigin(input: {
  method: string;
  host: string | undefined;
  origin: string | undefined;
  referer: string | undefined;
  allowedOrigins: readonly string[];
}): boolean {
  if (SAFE_METHODS.has(input.method.toUpperCase())) return true;
  if (input.origin === "null") return false;
  const source = input.origin || input.referer;
  if (!source) return false;
  let url: URL;
  try {
    url = new URL(source);
  } catch {
    return false;
  }
  if (input.allowedOrigins.includes(url.origin)) return true;
  return input.host !== undefined && url.host === input.host;
}
