import { randomUUID } from "node:crypto";

/** What we accept as an id from a proxy: short, and nothing that could forge a log line. */
const ACCEPTABLE = /^[A-Za-z0-9._:-]{8,128}$/;

/**
 * A request's id: the `X-Request-Id` a trusted reverse proxy set (TRUST_PROXY, so its logs and ours
 * share the id), else a fresh one. A client that sends the header itself cannot choose its id.
 */
export function requestIdFor(header: string | string[] | undefined, fromTrustedProxy: boolean): string {
  const given = Array.isArray(header) ? header[0] : header;
  if (fromTrustedProxy && given && ACCEPTABLE.test(given)) return given;
  return randomUUID();
}
