/**
 * Prometheus metrics of one server, in its own registry (not prom-client's global one: two servers
 * in one process, as in tests, never share counts). The server feeds them: HTTP timings from its
 * middleware, votes from the domain events, recompute durations from the results scheduler, and
 * WebSocket connections read from the collab server at each scrape.
 */
import { createHash, timingSafeEqual } from "node:crypto";
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from "prom-client";

export interface Metrics {
  /** one finished HTTP request; `route` is a Remix route id, never the raw URL */
  observeRequest(labels: { route: string; method: string; status: number }, seconds: number): void;
  countVote(): void;
  /** "skipped": the cache was already fresh (another instance computed it); "deferred": another instance holds the lock. */
  observeRecompute(outcome: "ok" | "failed" | "skipped" | "deferred", seconds: number): void;
  /** where the gauge of open WebSocket connections reads its value at each scrape */
  countWebSocketsWith(read: () => number): void;
  /** the `/metrics` answer for this Authorization header (404 when no token is configured) */
  answer(authorization: string | null): Promise<Response>;
}

export function createMetrics(options: { token: string | undefined }): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const registers = [registry];
  const http = new Histogram({
    name: "http_request_duration_seconds",
    help: "HTTP request duration in seconds, by Remix route id, method and status",
    labelNames: ["route", "method", "status"] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers,
  });
  const votes = new Counter({ name: "accord_votes_cast_total", help: "Votes cast or changed", registers });
  const recompute = new Histogram({
    name: "accord_results_recompute_duration_seconds",
    help: "Duration of a background recomputation of a round's results, in seconds",
    labelNames: ["outcome"] as const,
    buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers,
  });
  let readWebSockets = () => 0;
  new Gauge({
    name: "accord_websocket_connections",
    help: "Open WebSocket connections to the live collaboration server",
    registers,
    collect() {
      this.set(readWebSockets());
    },
  });

  const expected = options.token ? digest(options.token) : null;
  return {
    observeRequest: ({ route, method, status }, seconds) => http.observe({ route, method, status: String(status) }, seconds),
    countVote: () => votes.inc(),
    observeRecompute: (outcome, seconds) => recompute.observe({ outcome }, seconds),
    countWebSocketsWith(read) {
      readWebSockets = read;
    },
    async answer(authorization) {
      const noStore = { "Cache-Control": "no-store" };
      if (!expected) return new Response("Not found", { status: 404, headers: { ...noStore, "Content-Type": "text/plain" } });
      const given = /^Bearer (.+)$/.exec(authorization ?? "")?.[1];
      // digests have one length, so the comparison takes the same time whatever was sent
      if (!given || !timingSafeEqual(digest(given), expected)) {
        return new Response("A valid metrics token is required.", { status: 401, headers: { ...noStore, "Content-Type": "text/plain", "WWW-Authenticate": "Bearer" } });
      }
      return new Response(await registry.metrics(), { headers: { ...noStore, "Content-Type": registry.contentType } });
    },
  };
}

function digest(value: string): Buffer {
  return createHash("sha256").update(value).digest();
}
