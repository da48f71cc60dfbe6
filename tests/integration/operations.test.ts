import { sql } from "kysely";
import { afterEach, describe, expect, it } from "vitest";
import { MIGRATION_NAMES } from "../../db/migrate";
import { draftDocName } from "../../app/collab/document-names";
import { collabToken } from "../helpers/collab-tokens";
import { connect, destroy, waitFor } from "../helpers/collab-peers";
import { demoFacts, loggedIn, setPhase } from "../helpers/demo";
import { captureLogs } from "../helpers/test-logger";
import { Client, startTestServer } from "../helpers/test-server";

type TestServer = Awaited<ReturnType<typeof startTestServer>>;
let running: TestServer[] = [];
async function start(options: Parameters<typeof startTestServer>[0] = {}): Promise<TestServer> {
  const server = await startTestServer(options);
  running.push(server);
  return server;
}
afterEach(async () => {
  await Promise.all(running.map((s) => s.stop()));
  running = [];
});

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe("health and readiness", () => {
  it("/readyz answers 200 with each check: the database ok, Redis not configured", async () => {
    const server = await start();
    const res = await fetch(`${server.url}/readyz`);
    expect(res.status).toBe(200);
    expect(res.headers.get("Cache-Control")).toBe("no-store");
    expect(await res.json()).toEqual({
      ready: true,
      checks: { database: { status: "ok" }, redis: { status: "not configured", detail: "REDIS_URL is not set: this instance runs alone" } },
    });
  });

  it("/readyz answers 503 when the schema is behind this code (the last migration's row removed)", async () => {
    const server = await start();
    const last = MIGRATION_NAMES.at(-1)!;
    await server.db.deleteFrom("kysely_migration" as never).where("name" as never, "=", last as never).execute();
    const res = await fetch(`${server.url}/readyz`);
    expect(res.status).toBe(503);
    const body = (await res.json()) as { ready: boolean; checks: Record<string, { status: string; reason?: string }> };
    expect(body.ready).toBe(false);
    expect(body.checks.database).toEqual({ status: "failing", reason: `the schema is behind this code: 1 migration(s) not applied (${last})` });
  });

  it("with the database closed, /readyz answers 503 and /healthz still 200 (liveness touches no database)", async () => {
    // The database going away is an error for background work (the deadline poller may tick now and
    // log it): capture the log so that line is checked here instead of failing the run as a console.error.
    const logs = captureLogs();
    const server = await start({ logger: logs.logger });
    await server.db.destroy();
    const ready = await fetch(`${server.url}/readyz`);
    expect(ready.status).toBe(503);
    const body = (await ready.json()) as { checks: Record<string, { status: string }> };
    expect(body.checks.database!.status).toBe("failing");
    const live = await fetch(`${server.url}/healthz`);
    expect(live.status).toBe(200);
    expect(await live.json()).toEqual({ status: "ok" });
    const errors = logs.lines().filter((l) => l.level === "error");
    for (const line of errors) expect(line.msg).toBe("the deadline poller failed");
  });
});

describe("request ids and logs", () => {
  it("answers a fresh X-Request-Id, and ignores one a client sets itself (no trusted proxy)", async () => {
    const server = await start();
    const a = await fetch(`${server.url}/healthz`);
    const b = await fetch(`${server.url}/healthz`, { headers: { "X-Request-Id": "chosen-by-the-client-1234" } });
    expect(a.headers.get("X-Request-Id")).toMatch(UUID);
    expect(b.headers.get("X-Request-Id")).toMatch(UUID);
    expect(b.headers.get("X-Request-Id")).not.toBe(a.headers.get("X-Request-Id"));
  });

  it("keeps the id a trusted proxy sends, and writes it on the request's JSON log line with the route id, not the URL", async () => {
    const logs = captureLogs();
    const server = await start({ trustProxy: "loopback", logger: logs.logger, seedDemo: true });
    const f = await demoFacts(server.db);
    const participant = await loggedIn(server.url, "participant");
    const res = await participant.get(`/d/${f.id}`, { "X-Request-Id": "proxy-request-0001" });
    expect(res.status).toBe(200);
    expect(res.headers.get("X-Request-Id")).toBe("proxy-request-0001");
    const mine = logs.lines().filter((l) => l.requestId === "proxy-request-0001");
    expect(mine).toEqual([expect.objectContaining({ level: "info", msg: "request", method: "GET", route: "routes/d.$id._index", status: 200, service: "accord" })]);
    // probes (health, readiness, metrics) log their access line at debug only, not at info
    const probe = await fetch(`${server.url}/readyz`);
    expect(logs.lines().filter((l) => l.requestId === probe.headers.get("X-Request-Id"))).toEqual([]);
    // nothing of the URL's ids, the cookie or the password in any line
    const all = logs.lines().map((l) => JSON.stringify(l)).join("\n");
    expect(all).not.toContain(f.id);
    expect(all).not.toContain("accord_session");
    expect(all).not.toContain("demo-participant");
  });

  it("an unexpected error is logged with the request's id, and the 500 page (and its data request) shows the same id", async () => {
    const logs = captureLogs();
    const server = await start({ logger: logs.logger });
    // a broken database: the public reports index reads a column that is no longer there
    await sql`ALTER TABLE reports RENAME COLUMN published_at TO published_when`.execute(server.db);
    const page = await fetch(`${server.url}/reports`);
    expect(page.status).toBe(500);
    const id = page.headers.get("X-Request-Id")!;
    expect(id).toMatch(UUID);
    const html = await page.text();
    expect(html).toContain("Something went wrong on our side");
    expect(html).toContain(`Reference: ${id}`);
    expect(html).not.toContain("published_at"); // no stack trace or SQL on the page
    const errors = logs.lines().filter((l) => l.level === "error");
    expect(errors).toEqual([expect.objectContaining({ requestId: id, msg: "unexpected error", err: expect.objectContaining({ message: expect.stringContaining("published_at") }) })]);

    // the same for a client-side navigation (single-fetch data request)
    const data = await fetch(`${server.url}/reports.data`);
    const dataId = data.headers.get("X-Request-Id")!;
    expect(await data.text()).toContain(`Reference: ${dataId}`);
    expect(logs.lines().filter((l) => l.level === "error").map((l) => l.requestId)).toEqual([id, dataId]);
  });

  it("a form post that meets an unexpected error (its body read first) keeps its id on the log line and the page", async () => {
    const logs = captureLogs();
    const server = await start({ logger: logs.logger });
    await sql`ALTER TABLE users RENAME COLUMN password_hash TO password_digest`.execute(server.db);
    const res = await new Client(server.url).post("/login", { email: "someone@example.org", password: "a password of theirs", redirectTo: "/" });
    expect(res.status).toBe(500);
    const id = res.headers.get("X-Request-Id")!;
    expect(await res.text()).toContain(`Reference: ${id}`);
    const errors = logs.lines().filter((l) => l.level === "error");
    expect(errors).toEqual([expect.objectContaining({ requestId: id, msg: "unexpected error" })]);
    // the form's fields are not logged
    expect(JSON.stringify(logs.lines())).not.toContain("someone@example.org");
    expect(JSON.stringify(logs.lines())).not.toContain("a password of theirs");
  });
});

describe("Prometheus metrics", () => {
  const TOKEN = "metrics-token-for-this-test-0123";
  const scrape = async (server: TestServer, token: string | null = TOKEN) => fetch(`${server.url}/metrics`, token === null ? {} : { headers: { Authorization: `Bearer ${token}` } });
  const value = (text: string, series: string) => {
    const line = text.split("\n").find((l) => l.startsWith(series + " "));
    return line ? Number(line.slice(series.length + 1)) : undefined;
  };

  it("/metrics is 404 when no METRICS_TOKEN is configured", async () => {
    const server = await start();
    expect((await scrape(server)).status).toBe(404);
  });

  it("/metrics refuses a missing or wrong token with 401", async () => {
    const server = await start({ metricsToken: TOKEN });
    const none = await scrape(server, null);
    expect(none.status).toBe(401);
    expect(none.headers.get("WWW-Authenticate")).toBe("Bearer");
    expect((await scrape(server, "metrics-token-for-this-test-0124")).status).toBe(401);
    expect((await scrape(server, "short")).status).toBe(401);
  });

  it("with the token: request latency by route id (no ids in labels), votes cast, WebSocket connections, recompute durations, process metrics", async () => {
    const server = await start({ metricsToken: TOKEN, seedDemo: true });
    const f = await demoFacts(server.db);
    const participant = await loggedIn(server.url, "participant");
    expect((await participant.get(`/d/${f.id}`)).status).toBe(200);

    const before = await (await scrape(server)).text();
    expect(before).toContain("# TYPE http_request_duration_seconds histogram");
    expect(before).toMatch(/http_request_duration_seconds_count\{route="routes\/d\.\$id\._index",method="GET",status="200"\} 1/);
    expect(before).toMatch(/http_request_duration_seconds_count\{route="routes\/login",method="POST",status="302"\} 1/);
    expect(before).not.toContain(f.id);
    expect(before).toContain("process_cpu_user_seconds_total");
    expect(value(before, "accord_votes_cast_total")).toBe(0);
    expect(value(before, "accord_websocket_connections")).toBe(0);

    // a vote (round 2 is voting in the demo) counts, and its recompute is timed
    const vote = await participant.post(`/d/${f.id}/vote`, { versionId: f.ballot2[0]!.id, choice: "agree", confidence: "3", next: "0" });
    expect(vote.status).toBe(302);
    await server.app.scheduler.flush();
    const afterVote = await (await scrape(server)).text();
    expect(value(afterVote, "accord_votes_cast_total")).toBe(1);
    expect(value(afterVote, 'accord_results_recompute_duration_seconds_count{outcome="ok"}')).toBeGreaterThanOrEqual(1);

    // a live provider connects: the gauge shows it, and drops when it leaves
    await setPhase(server.db, f.round2.id, "discussing");
    const peer = connect(server.url, draftDocName(f.proposals[0]!.id), await collabToken(server.app, f.participant.id));
    try {
      await waitFor("the provider to sync", () => peer.synced);
      expect(value(await (await scrape(server)).text(), "accord_websocket_connections")).toBe(1);
    } finally {
      destroy(peer);
    }
    await waitFor("the gauge to drop", async () => value(await (await scrape(server)).text(), "accord_websocket_connections") === 0);
  });
});
