import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { demoFacts, loggedIn } from "../helpers/demo";
import { tableCounts } from "../helpers/test-db";
import { Client, startTestServer } from "../helpers/test-server";

// The server runs without SMTP_URL (as tests do): every email stays in the outbox.
describe("email on the members page, the outbox page and unsubscribe links", () => {
  let server: Awaited<ReturnType<typeof startTestServer>>;
  let facts: Awaited<ReturnType<typeof demoFacts>>;
  beforeAll(async () => {
    server = await startTestServer({ seedDemo: true });
    facts = await demoFacts(server.db);
  });
  afterAll(async () => server.stop());

  const outboxRows = () => server.db.selectFrom("email_outbox").selectAll().where("deliberation_id", "=", facts.id).orderBy("created_at").execute();
  const invite = (fields: Record<string, string>) => ({ intent: "email-invite", role: "participant", stakeholderGroupId: "", regionId: "", expiresInDays: "14", ...fields });

  it("refuses wrong addresses per field (400, the address named, what was typed kept) and writes nothing", async () => {
    const f = await loggedIn(server.url, "facilitator");
    const before = { ...(await tableCounts(server.db)), outbox: (await outboxRows()).length };
    const res = await f.post(`/d/${facts.id}/members`, invite({ addresses: "good@example.org\nnobody-at-example" }));
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain("“nobody-at-example” is not an email address.");
    expect(html).toContain("good@example.org\nnobody-at-example");
    const wrongGroup = await f.post(`/d/${facts.id}/members`, invite({ addresses: "good@example.org", stakeholderGroupId: "not-a-group" }));
    expect(wrongGroup.status).toBe(400);
    expect({ ...(await tableCounts(server.db)), outbox: (await outboxRows()).length }).toEqual(before);
  });

  it("queues one invitation per address and lists the outbox, with each personal link, to facilitators only", async () => {
    const f = await loggedIn(server.url, "facilitator");
    const res = await f.post(`/d/${facts.id}/members`, invite({ addresses: "delegate.one@example.org, delegate.two@example.org delegate.one@example.org" }));
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe(`/d/${facts.id}/members?emailed=2`);
    const members = await (await f.get(res.headers.get("location")!)).text();
    expect(members).toContain("2 invitations are in the outbox");
    const rows = (await outboxRows()).filter((r) => r.kind === "invitation");
    expect(rows.map((r) => r.recipient).sort()).toEqual(["delegate.one@example.org", "delegate.two@example.org"]);
    expect(rows.every((r) => r.status === "pending" && r.unsubscribe_url === null)).toBe(true);

    const page = await f.get(`/d/${facts.id}/outbox`);
    expect(page.status).toBe(200);
    expect(page.headers.get("cache-control")).toBe("private, no-store");
    const html = await page.text();
    for (const r of rows) {
      expect(html).toContain(r.recipient);
      expect(html).toContain(r.link);
    }
    expect(html).toContain("Email is not set up on this server");

    const p = await loggedIn(server.url, "participant");
    const o = await loggedIn(server.url, "observer");
    for (const other of [p, o]) {
      const refused = await other.get(`/d/${facts.id}/outbox`);
      expect(refused.status).toBe(403);
      const body = await refused.text();
      for (const r of rows) expect(body).not.toContain(r.link);
    }
    const visitor = await new Client(server.url).get(`/d/${facts.id}/outbox`);
    expect(visitor.status).toBe(302);
  });

  it("shows a new invitation link with a copy control and its QR code (an SVG titled with the link)", async () => {
    const f = await loggedIn(server.url, "facilitator");
    const res = await f.post(`/d/${facts.id}/members`, { intent: "create-invite", role: "participant", stakeholderGroupId: "", regionId: "", label: "Room", maxUses: "30", expiresInDays: "1" });
    expect(res.status).toBe(200);
    const html = await res.text();
    const link = /data-testid="invite-link"[^>]*>(http[^<]+)</.exec(html)?.[1] ?? /href="(http:\/\/[^"]+\/join\/[^"]+)"[^>]*data-testid="invite-link"/.exec(html)?.[1];
    expect(link).toMatch(/\/join\/[A-Za-z0-9_-]{20,}$/);
    const svg = /<svg[^>]*>.*?<\/svg>/s.exec(html.slice(html.indexOf('data-testid="invite-qr"')))?.[0];
    expect(svg).toContain(`<title>${link}</title>`);
    expect(svg).toContain('aria-label="QR code of the invitation link"');
  });

  it("reminds the participants who have not voted; a one-click unsubscribe (a POST from no page) stops their reminders", async () => {
    const f = await loggedIn(server.url, "facilitator");
    const members = await (await f.get(`/d/${facts.id}/members`)).text();
    expect(members).toContain("Remind everyone who has not voted in this round");
    const res = await f.post(`/d/${facts.id}/members`, { intent: "remind-non-voters" });
    expect(res.status).toBe(302);
    const reminded = Number(new URL(res.headers.get("location")!, server.url).searchParams.get("reminded"));
    const reminders = (await outboxRows()).filter((r) => r.kind === "reminder");
    expect(reminders).toHaveLength(reminded);
    expect(reminded).toBeGreaterThan(0);
    const first = reminders[0]!;
    expect(first.unsubscribe_url).toMatch(/\/unsubscribe\/[^/]+$/);
    const path = new URL(first.unsubscribe_url!).pathname;

    // opening the link (a scanner, a preview) changes nothing
    const shown = await new Client(server.url).get(path);
    expect(shown.status).toBe(200);
    expect(await shown.text()).toContain("Stop these notices");
    expect(await server.db.selectFrom("member_email_settings").selectAll().where("membership_id", "=", first.membership_id!).executeTakeFirst()).toBeUndefined();

    // RFC 8058: the mail provider POSTs "List-Unsubscribe=One-Click", with no Origin and no cookie
    const oneClick = await new Client(server.url, null).post(path, { "List-Unsubscribe": "One-Click" });
    expect(oneClick.status).toBe(200);
    expect(await oneClick.text()).toContain("you will get no more notices");
    const forged = await new Client(server.url, null).post(path.replace(/\/unsubscribe\/[^.]+/, "/unsubscribe/x"), { "List-Unsubscribe": "One-Click" });
    expect(forged.status).toBe(404);
    // other mutations from no page are still refused
    expect((await new Client(server.url, null).post(`/d/${facts.id}/members`, { intent: "remind-non-voters" })).status).toBe(403);

    const again = await f.post(`/d/${facts.id}/members`, { intent: "remind-non-voters" });
    expect(Number(new URL(again.headers.get("location")!, server.url).searchParams.get("reminded"))).toBe(reminded - 1);
    const latest = (await outboxRows()).filter((r) => r.kind === "reminder").slice(reminded);
    expect(latest.map((r) => r.membership_id)).not.toContain(first.membership_id);
  });
});
