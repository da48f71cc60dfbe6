import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { demoFacts, loggedIn } from "../helpers/demo";
import { Client, startTestServer } from "../helpers/test-server";

/**
 * Content-Security-Policy over HTTP against the production build (docs/decisions/025): every app
 * page sends a policy whose script nonce is new for each response and is carried by every inline
 * script of that page; report documents and non-page responses send their own, stricter policies.
 */
let server: Awaited<ReturnType<typeof startTestServer>>;
let facts: Awaited<ReturnType<typeof demoFacts>>;

beforeAll(async () => {
  server = await startTestServer({ seedDemo: true });
  facts = await demoFacts(server.db);
});
afterAll(async () => server.stop());

/** The policy of a response as directive → sources; a second policy (two headers) would show as a comma. */
function policyOf(res: Response): Map<string, string[]> {
  const header = res.headers.get("content-security-policy");
  expect(header, `${res.url} sends a Content-Security-Policy`).toBeTruthy();
  expect(header, "exactly one policy").not.toContain(",");
  return new Map(
    header!
      .split(";")
      .map((d) => d.trim().split(/\s+/))
      .map(([name, ...sources]) => [name!, sources]),
  );
}

function scriptNonce(policy: Map<string, string[]>): string {
  const nonces = (policy.get("script-src") ?? []).filter((s) => s.startsWith("'nonce-")).map((s) => s.slice(7, -1));
  expect(nonces).toHaveLength(1);
  return nonces[0]!;
}

async function expectAppPage(client: Client, path: string, status = 200): Promise<string> {
  const res = await client.get(path);
  expect(res.status, path).toBe(status);
  expect(res.headers.get("content-type")).toMatch(/^text\/html/);
  const policy = policyOf(res);
  expect(policy.get("default-src")).toEqual(["'self'"]);
  expect(policy.get("script-src")).not.toContain("'unsafe-inline'");
  expect(policy.get("script-src")).not.toContain("'unsafe-eval'");
  expect(policy.get("connect-src")).toEqual(["'self'"]);
  for (const [directive, value] of [["object-src", "'none'"], ["base-uri", "'none'"], ["frame-ancestors", "'none'"], ["form-action", "'self'"]]) {
    expect(policy.get(directive!), directive).toEqual([value]);
  }
  const nonce = scriptNonce(policy);
  expect(Buffer.from(nonce, "base64")).toHaveLength(16);
  // the co-drafting editor's <style> element carries the same nonce; nothing else inline
  expect(policy.get("style-src")).toEqual(["'self'", `'nonce-${nonce}'`]);

  const html = await res.text();
  const scripts = [...html.matchAll(/<script\b[^>]*>/gi)].map((m) => m[0]);
  // Remix's context, route-module import, scroll restoration and streamed data are all inline
  expect(scripts.length, `${path} has inline scripts`).toBeGreaterThanOrEqual(3);
  for (const tag of scripts) {
    expect(tag, `${path}: every script carries this response's nonce`).toContain(` nonce="${nonce}"`);
    expect(tag, `${path}: no script from elsewhere`).not.toMatch(/\bsrc=/);
  }
  expect(html).not.toMatch(/<style\b/i);
  expect(res.headers.get("x-content-type-options")).toBe("nosniff");
  expect(res.headers.get("x-frame-options")).toBe("DENY");
  expect(res.headers.get("cache-control"), `${path}: no shared cache replays a nonce`).toMatch(/private|no-store/);
  return nonce;
}

describe("Content-Security-Policy of app pages", () => {
  it("every page type sends a policy with a fresh nonce that each of its inline scripts carries", async () => {
    const visitor = new Client(server.url);
    const participant = await loggedIn(server.url, "participant");
    const facilitator = await loggedIn(server.url, "facilitator");
    const proposal = facts.ballot2[0]!.proposal_id;
    const pages: [Client, string, number?][] = [
      [visitor, "/"],
      [visitor, "/login"],
      [visitor, "/signup"],
      [visitor, "/reports"],
      [visitor, `/reports/${facts.id}`],
      [visitor, "/no-such-page", 404],
      [participant, "/"],
      [participant, `/d/${facts.id}`],
      [participant, `/d/${facts.id}/proposals/${proposal}`],
      [participant, `/d/${facts.id}/vote`],
      [participant, `/d/${facts.id}/results`],
      [facilitator, `/d/${facts.id}/report`],
      [facilitator, `/d/${facts.id}/members`],
    ];
    const seen = new Set<string>();
    for (const [client, path, status] of pages) {
      const first = await expectAppPage(client, path, status);
      const second = await expectAppPage(client, path, status);
      expect(second, `${path}: a new nonce for every response`).not.toBe(first);
      for (const nonce of [first, second]) {
        expect(seen.has(nonce), "no nonce is ever sent twice").toBe(false);
        seen.add(nonce);
      }
    }
  });
});

describe("Content-Security-Policy of everything else", () => {
  it("a published report document runs no script at all", async () => {
    const res = await new Client(server.url).get(`/reports/${facts.id}/1`);
    expect(res.status).toBe(200);
    const policy = policyOf(res);
    expect(policy.get("default-src")).toEqual(["'none'"]);
    expect(policy.get("script-src")).toBeUndefined();
    expect(policy.get("frame-ancestors")).toEqual(["'none'"]);
    expect(await res.text()).not.toMatch(/<script\b/i);
  });

  it("downloads, health checks, static files and refusals run nothing and may not be framed", async () => {
    const visitor = new Client(server.url);
    const responses = [
      await visitor.get("/healthz"),
      await visitor.get(`/reports/${facts.id}/1/report.json`),
      await visitor.get(`/reports/${facts.id}/1/votes.csv`),
      await visitor.get("/favicon.svg"),
      await visitor.fromOtherSite().post("/login", { email: "a@b.example", password: "x" }),
    ];
    expect(responses.map((r) => r.status)).toEqual([200, 200, 200, 200, 403]);
    for (const res of responses) {
      const policy = policyOf(res);
      expect(policy.get("default-src"), res.url).toEqual(["'none'"]);
      expect(policy.get("frame-ancestors"), res.url).toEqual(["'none'"]);
      expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    }
  });
});
