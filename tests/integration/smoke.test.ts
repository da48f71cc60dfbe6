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
});
