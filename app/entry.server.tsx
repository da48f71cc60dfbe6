import { PassThrough } from "node:stream";
import type { AppLoadContext, EntryContext } from "@remix-run/node";
import { createReadableStreamFromReadable } from "@remix-run/node";
import { isRouteErrorResponse, RemixServer } from "@remix-run/react";
import { renderToPipeableStream } from "react-dom/server";
import { I18nextProvider } from "react-i18next";
import { i18n } from "./i18n/i18n";
import { currentLanguage } from "./i18n/request-language.server";
import "./i18n/server-languages.server";
import { logger } from "./observability/logger.server";
import { appPagePolicy } from "./security-headers.server";
import { NonceProvider } from "./ui/nonce";

const ABORT_DELAY = 5_000;

// Every response waits for the whole page (onAllReady): pages are small, and a complete HTML
// document is what no-JavaScript users, screen readers and crawlers need.
// Every inline script carries this response's nonce: Remix's (via <Scripts>, <ScrollRestoration>
// and RemixServer's streamed data) and React's own (renderToPipeableStream's `nonce`).
export default function handleRequest(request: Request, responseStatusCode: number, responseHeaders: Headers, remixContext: EntryContext, loadContext: AppLoadContext) {
  const nonce = loadContext.cspNonce;
  responseHeaders.set("Content-Security-Policy", appPagePolicy(nonce, { development: import.meta.env.DEV }));
  // A page carries a nonce made for this response (and often a member's data): no cache may replay it.
  if (!responseHeaders.has("Cache-Control")) responseHeaders.set("Cache-Control", "private, no-cache");
  // the request's language (app/server/language-middleware.ts chose it): a clone shares the strings, not the language
  const language = currentLanguage();
  const requestI18n = i18n.cloneInstance({ lng: language, initAsync: false });
  responseHeaders.set("Content-Language", language);
  return new Promise((resolve, reject) => {
    let shellRendered = false;
    const { pipe, abort } = renderToPipeableStream(
      <I18nextProvider i18n={requestI18n}>
        <NonceProvider value={nonce}>
          <RemixServer context={remixContext} url={request.url} abortDelay={ABORT_DELAY} nonce={nonce} />
        </NonceProvider>
      </I18nextProvider>,
      {
        nonce,
        onAllReady() {
          shellRendered = true;
          const body = new PassThrough();
          responseHeaders.set("Content-Type", "text/html; charset=utf-8");
          resolve(new Response(createReadableStreamFromReadable(body), { headers: responseHeaders, status: responseStatusCode }));
          pipe(body);
        },
        onShellError(error: unknown) {
          reject(error);
        },
        onError(error: unknown) {
          responseStatusCode = 500;
          if (shellRendered) logger().error({ err: error }, "rendering failed");
        },
      },
    );
    setTimeout(abort, ABORT_DELAY);
  });
}

export function handleError(error: unknown, { request }: { request: Request }) {
  if (request.signal.aborted) return;
  // an address that matches no page is a visitor's 404, not a server error
  if (isRouteErrorResponse(error) && error.status === 404) return;
  // the request's logger carries its id; the URL is left out (its path may hold a token)
  logger().error({ err: error, method: request.method }, "request failed");
}
