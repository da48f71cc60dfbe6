import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addCategory } from "../../app/deliberation/category-service.server";
import { setBallotOrder } from "../../app/deliberation/deliberation-service.server";
import { removeMember } from "../../app/deliberation/member-service.server";
import { parseCsv } from "../../app/formats/csv";
import { LOG_PAGE_SIZE } from "../../app/deliberation/action-log-service.server";
import { makeDeliberation, type TestDeliberation } from "../helpers/scenario";
import { clientFor } from "../helpers/round-scenario";
import { type Client, startTestServer } from "../helpers/test-server";
import { testEngine } from "../helpers/test-db";

const FACILITATOR_NAME = "=2+3 Fiona Facilitator";

describe(`the action log page and its CSV (${testEngine()})`, () => {
  let server: Awaited<ReturnType<typeof startTestServer>>;
  let d: TestDeliberation;
  let facilitator: Client;
  let observer: Client;
  let participant: Client;
  beforeAll(async () => {
    server = await startTestServer();
    d = await makeDeliberation(server.app, "Logged on the web");
    await server.db.updateTable("users").set({ display_name: FACILITATOR_NAME }).where("id", "=", d.facilitatorId).execute();
    const observerId = await d.join("Olive Observer", { role: "observer" });
    const participantId = await d.join("Pat Participant");
    const removedId = await d.join("Zed Removable");
    const fac = () => d.ctx(d.facilitatorId);
    await addCategory(await fac(), "Biosecurity");
    await removeMember(await fac(), (await d.ctx(removedId)).membership.id);
    // enough entries for a second page, the newest last
    // (a second apart on the application clock: entries of the same millisecond have no order)
    const start = Date.now() + 1000;
    for (let i = 0; i < LOG_PAGE_SIZE; i++) {
      const at = { now: () => new Date(start + i * 1000) };
      await setBallotOrder({ ...(await fac()), app: { ...server.app, clock: at } }, i % 2 === 0 ? "fixed" : "random");
    }
    facilitator = await clientFor(server.app, server.url, d.facilitatorId);
    observer = await clientFor(server.app, server.url, observerId);
    participant = await clientFor(server.app, server.url, participantId);
  });
  afterAll(async () => server.stop());

  it("shows facilitators who did what, newest first, paginated and filtered by kind", async () => {
    const res = await facilitator.get(`/d/${d.id}/log`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain(`${LOG_PAGE_SIZE + 2} entries`);
    const list = (page: string) => page.slice(page.indexOf('class="action-log-list"'));
    expect(html).toContain(FACILITATOR_NAME);
    expect(html).toContain("Page 1 of 2");
    // newest first: the last toggle (to "random") heads the list; the category is on page 2
    expect(list(html)).toMatch(/^[^<]*>\s*<li[^>]*>\s*<p[^>]*><strong>Ballot order changed<\/strong>/);
    expect(list(html)).toMatch(/Before[\s\S]*?Ballot order: one fixed order[\s\S]*?After[\s\S]*?Ballot order: each participant(&#x27;|')s own random order/);
    expect(list(html)).not.toContain("Category added");
    const page2 = list(await (await facilitator.get(`/d/${d.id}/log?page=2`)).text());
    expect(page2).toContain("Category added");
    expect(page2).toContain("Category “Biosecurity”");

    const removed = list(await (await facilitator.get(`/d/${d.id}/log?kind=member_removed`)).text());
    expect(removed.match(/<li class="card"/g)).toHaveLength(1);
    expect(removed).toContain("Member removed");
    expect(removed).toContain("Zed Removable");
    // an unknown kind or page is not an error: nothing of that kind, the nearest page
    const unknown = await facilitator.get(`/d/${d.id}/log?kind=nonsense&page=abc`);
    expect(unknown.status).toBe(200);
    expect(await unknown.text()).toContain("No action of this kind has been recorded.");
  });

  it("shows observers the same log with no names, and refuses participants", async () => {
    const res = await observer.get(`/d/${d.id}/log?kind=member_removed`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain("Member removed");
    expect(html).toContain("a facilitator");
    expect(html).toContain("a member");
    expect(html).not.toContain("Fiona");
    expect(html).not.toContain("Zed Removable");
    expect(html).toContain("Names are not shown to observers.");

    for (const path of [`/d/${d.id}/log`, `/d/${d.id}/log.csv`]) {
      const refused = await participant.get(path);
      expect(refused.status).toBe(403);
      expect(await refused.text()).toContain("This is not available to you as a Participant");
    }
  });

  it("exports CSV with the same visibility, safe to open in a spreadsheet", async () => {
    const res = await facilitator.get(`/d/${d.id}/log.csv`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("text/csv");
    expect(res.headers.get("content-disposition")).toContain("attachment");
    const text = await res.text();
    // the name starts with "=": written with an apostrophe so a spreadsheet shows it as text
    expect(text).toContain(`'${FACILITATOR_NAME}`);
    const rows = parseCsv(text);
    expect(rows[0]).toEqual(["at", "actor", "kind", "action", "subject", "before", "after"]);
    expect(rows).toHaveLength(LOG_PAGE_SIZE + 3);
    const removal = rows.find((r) => r[2] === "member_removed")!;
    expect(removal[1]).toContain(FACILITATOR_NAME);
    expect(removal[4]).toContain("Zed Removable");
    expect(removal.slice(5)).toEqual(["Removed: no", "Removed: yes"]);

    const observed = await (await observer.get(`/d/${d.id}/log.csv`)).text();
    expect(observed).not.toContain("Fiona");
    expect(observed).not.toContain("Zed Removable");
    const observedRows = parseCsv(observed);
    expect(observedRows).toHaveLength(LOG_PAGE_SIZE + 3);
    expect(observedRows.find((r) => r[2] === "member_removed")!.slice(1, 5)).toEqual(["a facilitator", "member_removed", "Member removed", "a member"]);
  });
});
