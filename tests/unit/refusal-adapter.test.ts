import type { ServerBuild } from "@remix-run/node";
import { describe, expect, it } from "vitest";
import { en } from "../../app/i18n/en";
import { Refusal, refuse, refuseFields } from "../../app/refusal";
import { adaptRefusals, withRefusals } from "../../app/server/refusal-adapter";
import { installLogger, runInRequest } from "../../app/observability/logger.server";
import { captureLogs, errorsToConsole } from "../helpers/test-logger";

/** Remix's thrown or returned `data()`: its body and init, read the way Remix itself reads them. */
function asData(value: unknown): { data: unknown; status: number | undefined; headers: Headers } {
  const x = value as { type?: string; data?: unknown; init?: ResponseInit | null };
  expect(x?.type).toBe("DataWithResponseInit");
  return { data: x.data, status: x.init?.status, headers: new Headers(x.init?.headers) };
}

async function caught(run: () => Promise<unknown>): Promise<unknown> {
  try {
    await run();
  } catch (error) {
    return error;
  }
  throw new Error("expected a throw");
}

describe("the one adapter from a Refusal to a response", () => {
  it("a page loader: thrown to the error boundary with its status, sentence and headers", async () => {
    const loader = withRefusals(async () => refuse(429, "errors.tooManyAttempts", { params: { count: 2 }, headers: { "Retry-After": "90" } }), "page-loader");
    const thrown = asData(await caught(() => loader()));
    expect(thrown.status).toBe(429);
    expect(thrown.data).toEqual({ message: en.errors.tooManyAttempts_other.replace("{{count}}", "2") });
    expect(thrown.headers.get("Retry-After")).toBe("90");
  });

  it("a page action refusing fields: returned (not thrown) with status 400, the field messages and what the user typed", async () => {
    const action = withRefusals(async () => refuseFields({ email: ["Enter an email address."] }, { email: "nope" }, { form: "signup" }), "page-action");
    const answered = asData(await action());
    expect(answered.status).toBe(400);
    expect(answered.data).toEqual({ refused: true, message: en.validation.fixBelow, form: "signup", errors: { email: ["Enter an email address."] }, values: { email: "nope" } });
  });

  it("a page action refusing without fields: thrown to the error boundary like a loader's", async () => {
    const action = withRefusals(async () => refuse(409, "errors.noRound"), "page-action");
    const thrown = asData(await caught(() => action()));
    expect(thrown).toMatchObject({ status: 409, data: { message: en.errors.noRound } });
  });

  it("a refusal answered inline (a fetcher's form, the draft's adopt button): returned with its own status and sentence, naming its form", async () => {
    const action = withRefusals(async () => {
      throw new Refusal(409, "discussion.errors.alreadyHidden").inline("hide-comment:c1", { reason: "spam" });
    }, "page-action");
    const answered = asData(await action());
    expect(answered.status).toBe(409);
    expect(answered.data).toEqual({ refused: true, message: en.discussion.errors.alreadyHidden, form: "hide-comment:c1", errors: {}, values: { reason: "spam" } });
  });

  it("a resource route: plain text with the status and the sentence, never cached", async () => {
    for (const refusal of [() => refuse(404, "errors.roundNotFound", { params: { number: 3 } }), () => refuseFields({ x: ["y"] })]) {
      const loader = withRefusals(async () => refusal(), "resource");
      const res = (await loader()) as Response;
      expect(res).toBeInstanceOf(Response);
      expect(res.headers.get("Content-Type")).toBe("text/plain; charset=utf-8");
      expect(res.headers.get("Cache-Control")).toBe("private, no-store");
      expect([404, 400]).toContain(res.status);
      expect(await res.text()).toBe(res.status === 404 ? "There is no round 3 in this deliberation." : en.validation.fixBelow);
    }
  });

  it("a thrown response (a redirect) passes through untouched, and so do answers", async () => {
    const redirect = new Response(null, { status: 302, headers: { Location: "/" } });
    expect(await caught(() => withRefusals(async () => Promise.reject(redirect), "resource")())).toBe(redirect);
    expect(await withRefusals(async (n: number) => n + 1, "page-loader")(1)).toBe(2);
  });

  it("an unexpected error is logged with the request's id and answered as a 500 naming it (page: thrown to the boundary; resource: text)", async () => {
    const logs = captureLogs();
    installLogger(logs.logger);
    try {
      const bug = new TypeError("a bug");
      const thrown = await runInRequest("req-0000-0001", logs.logger.child({ requestId: "req-0000-0001" }), () => caught(() => withRefusals(async () => Promise.reject(bug), "page-loader")()));
      expect(asData(thrown)).toMatchObject({ status: 500, data: { message: en.errors.generic, reference: "Reference: req-0000-0001 (quote it if you report this problem)." } });
      const res = (await runInRequest("req-0000-0002", logs.logger.child({ requestId: "req-0000-0002" }), () => withRefusals(async () => Promise.reject(bug), "resource")())) as Response;
      expect(res.status).toBe(500);
      expect(await res.text()).toBe(`${en.errors.generic} Reference: req-0000-0002 (quote it if you report this problem).`);
      expect(logs.lines().map((l) => [l.level, l.requestId, l.msg, (l.err as { message: string }).message])).toEqual([
        ["error", "req-0000-0001", "unexpected error", "a bug"],
        ["error", "req-0000-0002", "unexpected error", "a bug"],
      ]);
      // an aborted request's error is not ours to answer: it passes through
      const aborted = new AbortController();
      aborted.abort();
      expect(await caught(() => withRefusals(async (_args: { request: Request }) => Promise.reject(bug), "page-loader")({ request: new Request("http://x/", { signal: aborted.signal }) }))).toBe(bug);
    } finally {
      installLogger(errorsToConsole());
    }
  });
});

describe("adaptRefusals wraps every route of the build once", () => {
  const build = (routes: Record<string, Record<string, unknown>>) =>
    ({ routes: Object.fromEntries(Object.entries(routes).map(([id, module]) => [id, { id, path: id, module }])) }) as unknown as ServerBuild;

  it("tells a resource route (no component, no error boundary) from a page, as Remix does", async () => {
    const fail = async () => refuse(404, "errors.deliberationNotFound");
    const adapted = adaptRefusals(
      build({
        page: { default: () => null, loader: fail, action: async () => refuseFields({ a: ["b"] }) },
        boundaryOnly: { ErrorBoundary: () => null, loader: fail },
        resource: { loader: fail, action: fail },
        plain: { default: () => null },
      }),
    );
    const call = (id: string, name: "loader" | "action") => (adapted.routes[id]!.module[name] as () => Promise<unknown>)();
    expect(asData(await caught(() => call("page", "loader"))).status).toBe(404);
    expect(asData(await call("page", "action")).status).toBe(400);
    expect(asData(await caught(() => call("boundaryOnly", "loader"))).status).toBe(404);
    for (const name of ["loader", "action"] as const) {
      const res = (await call("resource", name)) as Response;
      expect([res.status, await res.text()]).toEqual([404, en.errors.deliberationNotFound]);
    }
    expect(adapted.routes.plain!.module.loader).toBeUndefined();
  });

  it("adapts a build once (the dev server asks for it on every request)", () => {
    const b = build({ page: { default: () => null } });
    expect(adaptRefusals(b)).toBe(adaptRefusals(b));
  });
});
