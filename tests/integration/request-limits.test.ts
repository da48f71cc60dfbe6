import net from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_LOGINS } from "../../app/demo/demo-content";
import { resetEnvCache } from "../../app/env.server";
import { Client, startTestServer } from "../helpers/test-server";
import { HOSTILE_REDIRECTS } from "../helpers/hostile-redirects";

const BODY_LIMIT = 64 * 1024;
const UPLOAD_LIMIT = 2 * 1024 * 1024;
const SENTENCE = "This submission is too large. Shorten it and try again.";

let server: Awaited<ReturnType<typeof startTestServer>>;

beforeAll(async () => {
  // the limits are configuration: this server runs with small ones so a refusal is cheap to see
  process.env.BODY_LIMIT_BYTES = String(BODY_LIMIT);
  process.env.UPLOAD_LIMIT_BYTES = String(UPLOAD_LIMIT);
  resetEnvCache();
  server = await startTestServer({ seedDemo: true });
});
afterAll(async () => {
  await server.stop();
  delete process.env.BODY_LIMIT_BYTES;
  delete process.env.UPLOAD_LIMIT_BYTES;
  resetEnvCache();
});

/**
 * POST `total` bytes with `Transfer-Encoding: chunked` (no Content-Length) over a raw socket, the
 * way a hostile client would, writing only as fast as the server accepts. Stops writing as soon as
 * an answer arrives. Reports the answer and how many body bytes the server let in.
 */
async function postChunked(pathname: string, total: number, contentType = "application/x-www-form-urlencoded") {
  const { port, host } = new URL(server.url);
  const socket = net.connect(Number(port), "127.0.0.1");
  await new Promise<void>((resolve, reject) => socket.once("connect", resolve).once("error", reject));
  let response = "";
  let closed = false;
  socket.on("data", (c: Buffer) => (response += c.toString("latin1")));
  socket.on("error", () => {}); // the server closing on us mid-write is the expected outcome
  const ended = new Promise<void>((resolve) => socket.once("close", () => ((closed = true), resolve())));
  const answered = () => response.includes("\r\n\r\n") || closed;

  socket.write(
    `POST ${pathname} HTTP/1.1\r\nHost: ${host}\r\nOrigin: ${server.url}\r\nContent-Type: ${contentType}\r\nTransfer-Encoding: chunked\r\n\r\n`,
  );
  const chunk = Buffer.alloc(64 * 1024, "a");
  let sent = 0;
  while (sent < total && !answered()) {
    const ok = socket.write(`${chunk.length.toString(16)}\r\n`) && socket.write(chunk) && socket.write("\r\n");
    sent += chunk.length;
    if (!ok) {
      await new Promise<void>((resolve) => {
        const done = () => (socket.off("drain", done), socket.off("close", done), resolve());
        socket.on("drain", done).on("close", done);
      });
    }
    await new Promise((r) => setImmediate(r)); // let the answer be read between writes
  }
  const finishedSending = sent >= total && !answered();
  if (finishedSending) socket.write("0\r\n\r\n");
  else socket.end();
  for (let waited = 0; !response.includes("\r\n\r\n") && !closed && waited < 5_000; waited += 20) await new Promise((r) => setTimeout(r, 20));
  await new Promise((r) => setTimeout(r, 50)); // the rest of a short answer
  socket.destroy();
  await ended;
  const [head = "", body = ""] = response.split("\r\n\r\n");
  return { status: Number(/^HTTP\/1\.1 (\d{3})/.exec(head)?.[1] ?? 0), head: head.toLowerCase(), body, sent, finishedSending };
}

describe("body limits are counted on the bytes read", () => {
  it("a 32 MB chunked login body without Content-Length is refused with 413 and a sentence before it is sent, and the connection closed", async () => {
    const total = 32 * 1024 * 1024;
    const rssBefore = process.memoryUsage().rss;
    const res = await postChunked("/login", total);
    expect(res.status).toBe(413);
    expect(res.body).toContain(SENTENCE);
    expect(res.head).toContain("connection: close");
    expect(res.finishedSending).toBe(false);
    // what got in is the limit plus what the sockets' buffers hold, not the body
    expect(res.sent).toBeLessThan(total / 2);
    expect(process.memoryUsage().rss - rssBefore).toBeLessThan(total);
  });

  it("the same holds on the upload route at its own limit, which still takes bodies above the general one", async () => {
    const big = await postChunked("/deliberations/import", 32 * 1024 * 1024, "multipart/form-data; boundary=x");
    expect(big.status).toBe(413);
    expect(big.body).toContain(SENTENCE);
    expect(big.finishedSending).toBe(false);

    // 1 MB: over the general limit, under the upload one: it reaches the route (which asks for a login)
    const within = await postChunked("/deliberations/import", 1024 * 1024, "multipart/form-data; boundary=x");
    expect(within.finishedSending).toBe(true);
    expect(within.status).toBe(302);
    expect(within.head).toContain("location: /login?redirectto=");
  });

  it("the upload limit also covers the path a JavaScript form posts to (/deliberations/import.data)", async () => {
    // Remix's single fetch sends the import form there: under the general limit, every real export was a 413
    const within = await postChunked("/deliberations/import.data", 1024 * 1024, "multipart/form-data; boundary=x");
    expect(within.finishedSending).toBe(true);
    expect(within.status).not.toBe(413);
    expect(within.body).not.toContain(SENTENCE);

    const big = await postChunked("/deliberations/import.data", 32 * 1024 * 1024, "multipart/form-data; boundary=x");
    expect(big.status).toBe(413);
    expect(big.finishedSending).toBe(false);
  });

  it("a Content-Length above the limit is refused without reading", async () => {
    const res = await fetch(server.url + "/login", {
      method: "POST",
      headers: { Origin: server.url, "Content-Type": "application/x-www-form-urlencoded" },
      body: "email=" + "a".repeat(BODY_LIMIT),
    });
    expect(res.status).toBe(413);
    expect(await res.text()).toBe(SENTENCE);
  });

  it("a browser's own form post above the limit gets a page with the sentence and a link back to the form", async () => {
    for (const [path, back] of [["/login", "/login"], ["/deliberations/import.data", "/deliberations/import"], ["//evil.example/x", "/evil.example/x"]]) {
      const res = await fetch(server.url + path, {
        method: "POST",
        headers: { Origin: server.url, Accept: "text/html,application/xhtml+xml,*/*;q=0.8", "Content-Type": "application/x-www-form-urlencoded" },
        body: "email=" + "a".repeat(UPLOAD_LIMIT + 1),
      });
      expect(res.status).toBe(413);
      expect(res.headers.get("content-type")).toMatch(/^text\/html/);
      const html = await res.text();
      expect(html).toContain(SENTENCE);
      expect(html).toContain(`<a href="${back}">Back to the form</a>`);
      expect(html).not.toMatch(/<script|style=/);
    }
  });

  it("a normal login still works after the refusals", async () => {
    const c = new Client(server.url);
    const res = await c.post("/login", { email: DEMO_LOGINS.facilitator.email, password: DEMO_LOGINS.facilitator.password, redirectTo: "/reports" });
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe("/reports");
    expect((await c.get("/deliberations/new")).status).toBe(200);
  });
});

/** A Location that stays on this site: a path, no second slash or backslash, no control character. */
function expectSameOrigin(location: string | null) {
  expect(location).toMatch(/^\/(?![/\\])/);
  expect(location).not.toMatch(/[\u0000-\u001f\\]/);
  expect(new URL(location!, server.url).origin).toBe(new URL(server.url).origin);
}

describe("redirectTo never leaves the site", () => {
  it.each(HOSTILE_REDIRECTS.map((to) => [JSON.stringify(to), to]))("logging in with redirectTo=%s lands on a path of this site", async (_label, to) => {
    const c = new Client(server.url);
    const res = await c.post("/login", { email: DEMO_LOGINS.participant.email, password: DEMO_LOGINS.participant.password, redirectTo: to });
    expect(res.status).toBe(302);
    expectSameOrigin(res.headers.get("location"));
    expect(res.headers.get("location")).toBe("/");

    // already signed in, the login page's own redirect reads the query the same way
    const again = await c.get(`/login?redirectTo=${encodeURIComponent(to)}`);
    expect(again.status).toBe(302);
    expect(again.headers.get("location")).toBe("/");
  });

  it("the login page carries only a safe redirectTo in its form", async () => {
    for (const to of ["/%09/evil.example", "/\n/evil.example", "//evil.example"]) {
      const res = await fetch(`${server.url}/login?redirectTo=${encodeURIComponent(to)}`);
      expect(res.status).toBe(200);
      expect(await res.text()).toMatch(/name="redirectTo" value="\/"/);
    }
    const ok = await fetch(`${server.url}/login?redirectTo=${encodeURIComponent("/d/x/vote?card=2")}`);
    expect(await ok.text()).toContain('name="redirectTo" value="/d/x/vote?card=2"');
  });
});

describe("no 500 for odd but harmless-looking requests", () => {
  it("Origin: null with this site's Referer is refused with 403 and a sentence", async () => {
    const res = await fetch(server.url + "/login", {
      method: "POST",
      redirect: "manual",
      headers: { Origin: "null", Referer: server.url + "/login", "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ email: DEMO_LOGINS.participant.email, password: DEMO_LOGINS.participant.password, redirectTo: "/" }),
    });
    expect(res.status).toBe(403);
    expect(await res.text()).toMatch(/came from another site and was refused/);
  });

  it("a newline in redirectTo gives a normal redirect home, not a 500", async () => {
    const c = new Client(server.url);
    const res = await c.post("/login", { email: DEMO_LOGINS.participant.email, password: DEMO_LOGINS.participant.password, redirectTo: "/d\r\nX-Injected: 1" });
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe("/");
    expect(res.headers.get("x-injected")).toBeNull();
  });
});
