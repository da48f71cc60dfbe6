import type { AppContext } from "./context/app-context.server";
import type { Metrics } from "./observability/metrics.server";
import type { Readiness } from "./observability/readiness.server";

/** What the server hands every loader and action besides the request (app/server/create-server.ts). */
declare module "@remix-run/node" {
  interface AppLoadContext {
    /** The client's address as the server derives it (app/auth/client-address.ts). */
    clientAddress: string;
    /** The application context: database, events, scheduler, locks, clock, configuration, rate limits (decision 031). */
    app: AppContext;
    /** This request's Content-Security-Policy nonce (app/security-headers.server.ts), used if it renders a page. */
    cspNonce: string;
    /** This request's id (X-Request-Id): on its log lines and on its 500 page. */
    requestId: string;
    /** The server's readiness checks (`/readyz`). */
    readiness: Readiness;
    /** The server's Prometheus metrics (`/metrics`). */
    metrics: Metrics;
  }
}
