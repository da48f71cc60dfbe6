/**
 * Which peers may tell us who the client is. `TRUST_PROXY` lists the addresses of reverse proxies
 * in front of Accord (comma separated; `loopback` stands for 127.0.0.0/8 and ::1); by default no
 * proxy is trusted, so the socket's peer is the client and `X-Forwarded-*` headers are ignored.
 */
export type TrustedProxy = (address: string) => boolean;

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1)$/;

/** `::ffff:127.0.0.1` and `127.0.0.1` are the same peer. */
function plain(address: string): string {
  return address.startsWith("::ffff:") && address.includes(".") ? address.slice(7) : address;
}

/** The rule `TRUST_PROXY` describes; an empty value trusts nobody. */
export function trustedProxies(setting: string): TrustedProxy {
  const entries = setting.split(",").map((s) => s.trim().toLowerCase()).filter(Boolean);
  const loopback = entries.includes("loopback");
  const exact = new Set(entries.filter((e) => e !== "loopback").map(plain));
  return (address) => {
    const a = plain(address.trim().toLowerCase());
    return exact.has(a) || (loopback && LOOPBACK.test(a));
  };
}

/**
 * The address a request came from, for per-client limits. `X-Forwarded-For` is believed only from
 * a trusted proxy: walking the chain from the right, each trusted hop vouches for the one before it,
 * and the first hop that is not trusted is the client. A client that writes the header itself cannot
 * choose its address: a trusted proxy appends the real one, and without one the header is ignored.
 */
export function clientAddress(remoteAddress: string | undefined, forwardedFor: string | string[] | undefined, trusted: TrustedProxy): string {
  let who = remoteAddress ?? "unknown";
  const header = Array.isArray(forwardedFor) ? forwardedFor.join(",") : forwardedFor;
  const hops = (header ?? "").split(",").map((s) => s.trim()).filter(Boolean);
  while (trusted(who) && hops.length > 0) who = hops.pop()!;
  return who;
}
