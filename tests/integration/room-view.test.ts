import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createProposal } from "../../app/deliberation/proposal-service.server";
import { advancePhase, openRound } from "../../app/deliberation/round-service.server";
import { setPhaseDeadline } from "../../app/deliberation/deadline-service.server";
import { toZonedInput } from "../../app/deliberation/deadline-time";
import { castVote, getBallot } from "../../app/deliberation/vote-service.server";
import { clientFor } from "../helpers/round-scenario";
import { makeDeliberation, proposalInput } from "../helpers/scenario";
import { startTestServer } from "../helpers/test-server";
import type { AppContext } from "../../app/context/app-context.server";

/** Issue 12, the room view: a projector page with live turnout by group and, after close, the board; never a name. */
let server: Awaited<ReturnType<typeof startTestServer>>;
let app: AppContext;
beforeAll(async () => {
  server = await startTestServer();
  app = server.app;
});
afterAll(async () => server.stop());

const text = (html: string) => html.replace(/<script[\s\S]*?<\/script>/g, "").replace(/<[^>]+>/g, " ").replace(/\s+/g, " ");

describe("the room view", () => {
  // Industry 7, Civil society 6, Academia 2: Academia is under k = 5, so it and the next smallest
  // group (Civil society) are shown together as Other
  const sizes = [7, 6, 2];
  let d: Awaited<ReturnType<typeof makeDeliberation>>;
  let people: { userId: string; name: string; group: number }[];
  let versions: string[];
  beforeAll(async () => {
    d = await makeDeliberation(app, "Room", {
      groups: ["Industry", "Civil society", "Academia"].map((name) => ({ id: null, name, targetShare: 1 / 3 })),
    });
    people = [];
    for (const [g, n] of sizes.entries())
      for (let i = 0; i < n; i++) {
        const name = `Roomie ${g}-${i} Zebulon`;
        people.push({ userId: await d.join(name, { group: g }), name, group: g });
      }
    const fac = () => d.ctx(d.facilitatorId);
    await openRound(await fac());
    await createProposal(await d.ctx(people[0]!.userId), proposalInput({ title: "Room red line one" }));
    await createProposal(await d.ctx(people[1]!.userId), proposalInput({ title: "Room red line two" }));
    await advancePhase(await fac(), "proposing");
    await advancePhase(await fac(), "discussing");
    versions = (await getBallot(await d.ctx(people[0]!.userId))).items.map((i) => i.versionId);
  });

  it("shows turnout by group live, groups under k merged or hidden, a QR code to vote, and no names", async () => {
    const facilitator = await clientFor(app, server.url, d.facilitatorId);
    const before = await (await facilitator.get(`/d/${d.id}/room`)).text();
    expect(text(before)).toContain("0 of 15 have voted");
    expect(before).toContain("<svg");
    expect(before).toContain(`/d/${d.id}/vote`);
    expect(before).not.toContain('data-testid="room-deadline"'); // no deadline set: no countdown
    // three Industry voters, one Academia voter
    for (const p of [people[0]!, people[1]!, people[2]!, people[13]!]) await castVote(await d.ctx(p.userId), { versionId: versions[0]!, choice: "agree", confidence: null });
    const raw = await (await facilitator.get(`/d/${d.id}/room`)).text();
    const after = text(raw);
    expect(after).toContain("4 of 15 have voted");
    // each bar is named for screen readers with its numbers, which are also shown beside it
    expect(raw).toContain('aria-label="Industry: 3 of 7 have voted"');
    expect(raw).toContain('aria-label="Other (groups under k): 1 of 8 have voted"');
    expect(after).toMatch(/Industry 3 of 7 Other \(groups under k\) 1 of 8/);
    expect(after).not.toContain("Civil society");
    // Academia (2 members) is never shown on its own, even to the facilitator: the room is public
    expect(after).not.toContain("Academia");
    for (const p of people) expect(after).not.toContain(p.name);
    expect(after).not.toContain("Signed in as");
  });

  it("is for members only, the same for every role, and never shows the viewer's name", async () => {
    for (const userId of [people[3]!.userId, await d.join("Room observer Quillon", { role: "observer" })]) {
      const client = await clientFor(app, server.url, userId);
      const res = await client.get(`/d/${d.id}/room`);
      expect(res.status).toBe(200);
      const raw = await res.text();
      expect(raw).toContain('aria-label="Industry: 3 of 7 have voted"');
      // not on the page (the signed-in name sits only in the hydration data, never shown)
      expect(text(raw)).not.toMatch(/Roomie|Quillon/);
    }
    const outsider = await clientFor(app, server.url, (await makeDeliberation(app, "Elsewhere")).facilitatorId);
    expect((await outsider.get(`/d/${d.id}/room`)).status).toBe(404);
  });

  it("shows the phase's deadline with its countdown in large type, without why an automatic advance failed", async () => {
    const dueAt = new Date(Date.now() + (2 * 24 + 3) * 3600_000 + 10 * 60_000);
    await setPhaseDeadline(await d.ctx(d.facilitatorId), { dueAt: toZonedInput(dueAt.toISOString(), "Europe/Paris"), timeZone: "Europe/Paris", autoAdvance: true });
    const stored = await app.db.selectFrom("phase_deadlines").select("due_at").where("deliberation_id", "=", d.id).where("phase", "=", "voting").executeTakeFirstOrThrow();
    for (const userId of [d.facilitatorId, people[4]!.userId]) {
      const html = await (await (await clientFor(app, server.url, userId)).get(`/d/${d.id}/room`)).text();
      const block = /<div class="room-deadline" data-testid="room-deadline">([\s\S]*?)<\/div>/.exec(html)?.[1];
      expect(block, "the room shows the deadline").toBeDefined();
      expect(block).toContain(`<time dateTime="${stored.due_at}">`);
      // written in UTC by the server (the browser rewrites it in the room's own zone)
      expect(text(block!)).toMatch(/Voting ends \w+day, \w+ \d+, \d{4} at \d+:\d{2} [AP]M UTC/);
      expect(text(block!)).toContain("2 days 3 hours left");
    }
    // a failed automatic advance is explained on the facilitators' pages, never on the projector
    await app.db.updateTable("phase_deadlines").set({ outcome: "failed", failure: "deadlines.noFacilitator" }).where("deliberation_id", "=", d.id).execute();
    const facilitator = await clientFor(app, server.url, d.facilitatorId);
    expect(text(await (await facilitator.get(`/d/${d.id}`)).text())).toContain("No facilitator is left");
    const room = text(await (await facilitator.get(`/d/${d.id}/room`)).text());
    expect(room).toContain("Voting ends");
    expect(room).not.toContain("No facilitator is left");
    await app.db.updateTable("phase_deadlines").set({ outcome: null, failure: null }).where("deliberation_id", "=", d.id).execute();
  });

  it("after close shows the board in large type instead of the QR code", async () => {
    await advancePhase(await d.ctx(d.facilitatorId), "voting");
    await app.scheduler.flush();
    const facilitator = await clientFor(app, server.url, d.facilitatorId);
    const html = await (await facilitator.get(`/d/${d.id}/room`)).text();
    expect(text(html)).toContain("Where the room stands");
    expect(text(html)).toContain("Room red line one");
    expect(html).not.toContain("<svg");
    expect(html).not.toContain('data-testid="room-deadline"'); // a closed round has no deadline
  });
});
