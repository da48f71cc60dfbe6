import type { NextFunction, Request, Response } from "express";
import { escapeHtml } from "../formats/html";

const TOO_LARGE = "This submission is too large. Shorten it and try again.";
/** After a 413, what is still read (and thrown away) before the connection is cut. */
const LINGER_BYTES = 1024 * 1024;
const LINGER_MS = 1000;

export interface BodyLimits {
  /** Every route. */
  bodyBytes: number;
  /** Paths that accept uploads, with their own (larger) limit. */
  uploads: { path: string; bytes: number }[];
}

/**
 * Reads the request body before any route does, counting the bytes actually received (a chunked
 * body has no Content-Length to trust). Past the limit it stops reading, answers 413 with a
 * sentence and closes the connection, so a client cannot make the server hold more than the limit.
 * Within the limit the body is kept on `res.locals.body` for the Remix handler.
 */
export function readBodyWithinLimit(limits: BodyLimits) {
  return (req: Request, res: Response, next: NextFunction) => {
    if (req.method === "GET" || req.method === "HEAD") return next();
    // with JavaScript, Remix (single fetch) posts a form to its path + ".data"
    const limit = limits.uploads.find((u) => req.path === u.path || req.path === `${u.path}.data`)?.bytes ?? limits.bodyBytes;
    if (Number(req.headers["content-length"] ?? 0) > limit) return refuse(req, res);

    const chunks: Buffer[] = [];
    let received = 0;
    const onData = (chunk: Buffer) => {
      received += chunk.length;
      if (received > limit) {
        cleanup();
        req.pause();
        chunks.length = 0;
        refuse(req, res);
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => {
      cleanup();
      res.locals.body = Buffer.concat(chunks, received);
      next();
    };
    const onError = (error: Error) => {
      cleanup();
      next(error);
    };
    const cleanup = () => {
      req.off("data", onData);
      req.off("end", onEnd);
      req.off("error", onError);
    };
    req.on("data", onData);
    req.on("end", onEnd);
    req.on("error", onError);
  };
}

function refuse(req: Request, res: Response) {
  const socket = req.socket;
  // Cutting a socket that still has unread input makes the kernel reset the connection, and the
  // client may lose the answer. Node closes a "Connection: close" response with destroySoon();
  // here that becomes a lingering close (as nginx does): send the answer and FIN, then read and
  // discard at most LINGER_BYTES for at most LINGER_MS, then cut. Nothing is kept in memory.
  socket.destroySoon = function lingeringClose() {
    socket.end();
    let discarded = 0;
    const timer = setTimeout(() => socket.destroy(), LINGER_MS).unref();
    socket.once("close", () => clearTimeout(timer));
    req.on("data", (chunk: Buffer) => {
      discarded += chunk.length;
      if (discarded > LINGER_BYTES) socket.destroy();
    });
    req.resume();
  };
  res.status(413).set("Connection", "close");
  // A browser's own form post shows the answer as a page: give it words and a way back to the form.
  if (req.accepts(["text/plain", "text/html"]) === "text/html") res.type("html").send(tooLargePage(req.path));
  else res.type("text/plain").send(TOO_LARGE);
}

/** Plain HTML (the policy for non-pages runs nothing, so no script and no style). */
function tooLargePage(path: string): string {
  const back = escapeHtml("/" + path.replace(/\.data$/, "").replace(/^\/+/, "")); // never "//host"
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Too large · Accord</title></head><body><h1>Too large</h1><p>${TOO_LARGE}</p><p><a href="${back}">Back to the form</a></p></body></html>`;
}
