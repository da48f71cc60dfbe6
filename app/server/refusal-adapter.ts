import { data, type ServerBuild } from "@remix-run/node";
import { isRefusal, type Refusal, type RefusedForm } from "../refusal";
import { t } from "../i18n/i18n";
import { currentRequestId, logger } from "../observability/logger.server";

/** Where a refusal surfaced: it decides the shape of the answer. */
export type RefusalSite = "page-loader" | "page-action" | "resource";

/**
 * The one adapter from a `Refusal` to Remix (docs/decisions/026):
 *  - resource route: plain text with its status (there is no error boundary to render it);
 *  - page action refusing fields: returned data with status 400, so the form shows the messages
 *    and keeps what the user typed;
 *  - otherwise: thrown to the shared error boundary, which shows the sentence with the status.
 */
export function answerRefusal(refusal: Refusal, site: RefusalSite): Response | ReturnType<typeof data<RefusedForm>> {
  const headers = { ...refusal.headers };
  if (site === "resource") {
    return new Response(refusal.message, {
      status: refusal.status,
      headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "private, no-store", ...headers },
    });
  }
  if (site === "page-action" && refusal.fieldErrors) {
    const body: RefusedForm = { refused: true, message: refusal.message, form: refusal.form, errors: refusal.fieldErrors, values: refusal.values ?? {} };
    return data(body, { status: refusal.status, headers });
  }
  throw data({ message: refusal.message }, { status: refusal.status, headers });
}

/**
 * An unexpected error (a bug, a broken database) is logged with the request's id and answered as a
 * 500 that shows the id ("Reference: …"), so a person can quote it and we can find the log line.
 * As a thrown 500 response (not an Error) it reaches the boundary with its data even after a
 * client-side navigation, where Remix would replace an Error by "Unexpected Server Error".
 */
export function answerUnexpected(error: Error, site: RefusalSite): Response {
  logger().error({ err: error }, "unexpected error");
  const requestId = currentRequestId();
  const reference = requestId ? t("errors.reference", { id: requestId }) : "";
  if (site === "resource") {
    return new Response(`${t("errors.generic")} ${reference}`.trim(), { status: 500, headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" } });
  }
  throw data({ message: t("errors.generic"), reference }, { status: 500 });
}

type Handler = (args: never) => unknown;

/**
 * `handler`, answering the refusals it throws as `site` requires and unexpected errors as a 500
 * with a reference; anything else thrown (a response, a redirect) passes through.
 */
export function withRefusals<H extends Handler>(handler: H, site: RefusalSite): H {
  const wrapped = async (...args: Parameters<H>) => {
    try {
      return await (handler as (...a: Parameters<H>) => unknown)(...args);
    } catch (error) {
      if (isRefusal(error)) return answerRefusal(error, site);
      const aborted = (args[0] as { request?: Request } | undefined)?.request?.signal.aborted;
      if (error instanceof Error && !aborted) return answerUnexpected(error, site);
      throw error;
    }
  };
  return wrapped as unknown as H;
}

const adapted = new WeakMap<ServerBuild, ServerBuild>();

/**
 * The build with every route's loader and action behind `withRefusals` — the place a middleware
 * would be, had Remix 2 one: no route can forget it. A route without a component and without an
 * error boundary is a resource route, by the same test Remix itself uses.
 */
export function adaptRefusals(build: ServerBuild): ServerBuild {
  const known = adapted.get(build);
  if (known) return known;
  const routes: ServerBuild["routes"] = {};
  for (const [id, route] of Object.entries(build.routes)) {
    if (!route) continue;
    const m = route.module;
    const resource = m.default == null && m.ErrorBoundary == null;
    routes[id] = {
      ...route,
      module: {
        ...m,
        ...(m.loader ? { loader: withRefusals(m.loader, resource ? "resource" : "page-loader") } : {}),
        ...(m.action ? { action: withRefusals(m.action, resource ? "resource" : "page-action") } : {}),
      },
    };
  }
  const result = { ...build, routes };
  adapted.set(build, result);
  return result;
}
