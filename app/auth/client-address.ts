const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|::ffff:127\.\d+\.\d+\.\d+)$/;

/**
 * The address a request came from, for per-client limits. `X-Forwarded-For` is believed only from
 * a proxy on this machine (as Express's `trust proxy: "loopback"`): walking the chain from the right,
 * each loopback hop vouches for the one before it, and the first hop that is not loopback is the client.
 * A client that writes the header itself cannot choose its address: the proxy appends the real one.
 */
export function clientAddress(remoteAddress: string | undefined, forwardedFor: string | string[] | undefined): string {
  let who = remoteAddress ?? "unknown";
  const header = Array.isArray(forwardedFor) ? forwardedFor.join(",") : forwardedFor;
  const hops = (header ?? "").split(",").map((s) => s.trim()).filter(Boolean);
  while (LOOPBACK.test(who) && hops.length > 0) who = hops.pop()!;
  return who;
}
