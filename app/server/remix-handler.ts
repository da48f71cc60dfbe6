import { createRequestHandler as createRemixRequestHandler, writeReadableStreamToWritable, type AppLoadContext, type ServerBuild } from "@remix-run/node";
import type { NextFunction, Request, Response } from "express";
import { adaptRefusals } from "./refusal-adapter";
import { routeLabel } from "./route-label";

/**
 * Remix behind Express, as `@remix-run/express` does it, except that the request body is the one
 * `readBodyWithinLimit` already read within its limit: Remix never reads the socket itself.
 */
export function createRemixHandler(build: ServerBuild | (() => Promise<ServerBuild>), mode: string, getLoadContext: (req: Request, res: Response) => AppLoadContext = () => ({}) as AppLoadContext) {
  // every loader and action answers a thrown Refusal through the one adapter (decision 026)
  const adapted = typeof build === "function" ? async () => adaptRefusals(await build()) : adaptRefusals(build);
  const handleRequest = createRemixRequestHandler(adapted, mode);
  return async (req: Request, res: Response, next: NextFunction) => {
    try {
      // the route that answers, for metrics and the access log (a pattern, never the URL)
      res.locals.route = routeLabel(typeof build === "function" ? await build() : build, req.path);
      const response = await handleRequest(toFetchRequest(req, res), getLoadContext(req, res));
      res.statusMessage = response.statusText;
      res.status(response.status);
      // a page or report document brings its own policy, which replaces the default one
      if (response.headers.has("Content-Security-Policy")) res.removeHeader("Content-Security-Policy");
      for (const [key, value] of response.headers.entries()) res.append(key, value);
      if (response.body) await writeReadableStreamToWritable(response.body, res);
      else res.end();
    } catch (error) {
      next(error);
    }
  };
}

function toFetchRequest(req: Request, res: Response): globalThis.Request {
  // req.hostname respects "trust proxy"; the port comes from X-Forwarded-Host or Host
  const portOf = (value: string | undefined) => Number.parseInt(value?.split(":")[1] ?? "", 10);
  const port = [portOf(req.get("X-Forwarded-Host")), portOf(req.get("host"))].find((p) => Number.isSafeInteger(p));
  const url = new URL(`${req.protocol}://${req.hostname}${port ? `:${port}` : ""}${req.originalUrl}`);
  const headers = new Headers();
  for (const [key, values] of Object.entries(req.headers)) {
    for (const value of Array.isArray(values) ? values : values ? [values] : []) headers.append(key, value);
  }
  // abort loaders and actions once the response can no longer be written (close without finish)
  let controller: AbortController | null = new AbortController();
  const signal = controller.signal;
  res.on("finish", () => (controller = null));
  res.on("close", () => controller?.abort());
  const hasBody = req.method !== "GET" && req.method !== "HEAD";
  const body = (res.locals.body as Buffer | undefined) ?? Buffer.alloc(0);
  return new Request(url.href, { method: req.method, headers, signal, ...(hasBody ? { body: new Uint8Array(body) } : {}) });
}
