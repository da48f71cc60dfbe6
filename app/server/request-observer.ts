import type { NextFunction, Request, Response } from "express";
import type { TrustedProxy } from "../auth/client-address";
import { chooseRequestLanguage, quickRequestLanguage } from "../auth/request-language.server";
import type { AppContext } from "../context/app-context.server";
import { DEFAULT_LANGUAGE, type Language } from "../i18n/languages";
import { runInLanguage } from "../i18n/request-language.server";
import { runInRequest, type Logger } from "../observability/logger.server";
import type { Metrics } from "../observability/metrics.server";
import { requestIdFor } from "../observability/request-id";

/** Routes polled by machines (health, readiness, metrics): their access lines are debug. */
const PROBES = new Set(["routes/healthz", "routes/readyz", "routes/metrics"]);

/**
 * Every request: an id (answered in X-Request-Id, on each of its log lines through the request's
 * child logger), one access line and one timing, labelled by the route that answered
 * (`res.locals.route`, set by the Remix handler or the static files).
 */
export function observeRequests({ logger, metrics, trusted }: { logger: Logger; metrics: Metrics; trusted: TrustedProxy }) {
  return (req: Request, res: Response, next: NextFunction) => {
    const requestId = requestIdFor(req.headers["x-request-id"], trusted(req.socket.remoteAddress ?? ""));
    const log = logger.child({ requestId });
    res.locals.requestId = requestId;
    res.locals.log = log;
    res.setHeader("X-Request-Id", requestId);
    const started = process.hrtime.bigint();
    res.on("finish", () => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const route = (res.locals.route as string | undefined) ?? "(unmatched)";
      metrics.observeRequest({ route, method: req.method, status: res.statusCode }, seconds);
      const line = { method: req.method, route, status: res.statusCode, ms: Math.round(seconds * 1000) };
      // probes come every few seconds from each load balancer and Prometheus: not worth a line at info
      if (PROBES.has(route)) log.debug(line, "request");
      else log.info(line, "request");
    });
    runInRequest(requestId, log, next);
  };
}

/** The headers that choose a language, as a Fetch request (app/auth/request-language.server.ts reads those). */
function languageRequest(req: Request): globalThis.Request {
  const headers = new Headers();
  for (const name of ["cookie", "accept-language"]) {
    const value = req.headers[name];
    if (typeof value === "string") headers.set(name, value);
  }
  return new globalThis.Request(new URL(req.originalUrl, "http://accord.invalid"), { headers });
}

/** A first guess at the request's language without the database (for refusals before Remix runs, such as a cross-site request). */
export function guessLanguage(req: Request): Language {
  return quickRequestLanguage(languageRequest(req));
}

/** The request's language (decision 051), chosen once before Remix runs and kept in `res.locals.language`. */
export function chooseLanguage(app: AppContext) {
  return (req: Request, res: Response, next: NextFunction) => {
    chooseRequestLanguage(app, languageRequest(req)).then(
      (language) => {
        res.locals.language = language;
        next();
      },
      next,
    );
  };
}

/** `handler` inside the request's context again (id, logger, language): reading a body (readBodyWithinLimit) resumes in the socket's. */
export function inRequestContext(handler: (req: Request, res: Response, next: NextFunction) => unknown) {
  return (req: Request, res: Response, next: NextFunction) =>
    runInRequest(res.locals.requestId as string, res.locals.log as Logger, () => runInLanguage((res.locals.language as Language | undefined) ?? DEFAULT_LANGUAGE, () => handler(req, res, next)));
}
