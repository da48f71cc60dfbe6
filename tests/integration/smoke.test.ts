import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_LOGINS } from "../../app/demo/demo-content";
import { Client, startTestServer } from "../helpers/test-server";

describe("server start", () => {
  let server: Awaited<ReturnType<typeof startTestServer>>;
  beforeAll(async () => {
    server = await startTestServer({ seedDemo: true });
  });
  afterAll(async () => server.stop());

  it("serves the home page and the seeded demo to its facilitator", async () => {
    const c = new Client(server.url);
    expect((await c.get("/")).status).toBe(200);
    await c.login(DEMO_LOGINS.facilitator.email, DEMO_LOGINS.facilitator.password);
    const home = await (await c.get("/")).text();
    expect(home).toContain("Red lines for frontier AI");
  });

  it("answers an unknown address with a 404 page in words, not the router's message", async () => {
    const res = await new Client(server.url).get("/no-such-page");
    expect(res.status).toBe(404);
    const html = await res.text();
    const alert = /<p role="alert">([^<]*)<\/p>/.exec(html)?.[1];
    expect(alert).toBe("We could not find this page.");
  });

  it("sends a report preview opened from history back to the report page", async () => {
    const c = new Client(server.url);
    await c.login(DEMO_LOGINS.facilitator.email, DEMO_LOGINS.facilitator.password);
    const d = await server.db.selectFrom("deliberations").select("id").executeTakeFirstOrThrow();
    const res = await c.get(`/d/${d.id}/report/preview`);
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe(`/d/${d.id}/report`);
  });
});
