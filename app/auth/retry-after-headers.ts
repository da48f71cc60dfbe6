import type { HeadersFunction } from "@remix-run/node";

/**
 * The root's headers: a refusal that bubbles to the root error boundary (a rate limit's 429) keeps
 * its `Retry-After` on the page's response. Remix hands error headers only to the boundary route.
 */
export const retryAfterFromErrors: HeadersFunction = ({ errorHeaders }) => {
  const headers = new Headers();
  const retryAfter = errorHeaders?.get("Retry-After");
  if (retryAfter) headers.set("Retry-After", retryAfter);
  return headers;
};
