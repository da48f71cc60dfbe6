import type { AuthRateLimits } from "./auth/rate-limiter.server";

/** What the server hands every loader and action besides the request (app/server/create-server.ts). */
declare module "@remix-run/node" {
  interface AppLoadContext {
    /** The client's address as the server derives it (app/auth/client-address.ts). */
    clientAddress: string;
    rateLimits: AuthRateLimits;
    /** This request's Content-Security-Policy nonce (app/security-headers.server.ts), used if it renders a page. */
    cspNonce: string;
  }
}
