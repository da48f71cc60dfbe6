import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hashPassword } from "../../app/auth/crypto.server";
import { createAppContext, type AppContext } from "../../app/context/app-context.server";
import { createProposal } from "../../app/deliberation/proposal-service.server";
import { advancePhase, openRound } from "../../app/deliberation/round-service.server";
import { castVote } from "../../app/deliberation/vote-service.server";
import { runSender } from "../../app/email/outbox-sender.server";
import { getEnv } from "../../app/env.server";
import { en } from "../../app/i18n/en";
import { clientFor, facilitatorClient, FACILITATOR_PASSWORD } from "../helpers/round-scenario";
import { makeDeliberation, proposalInput } from "../helpers/scenario";
import { startSmtpServer } from "../helpers/smtp-server";
import { startTestServer } from "../helpers/test-server";

/**
 * Issue 12, "who has not voted yet, per group, with 'remind these people'", over HTTP against the
 * production build. The server runs without SMTP (as tests do): its reminders wait in the outbox,
 * and a second context on the same database with SMTP_URL delivers them to a real SMTP server.
 *
 * Groups: Government 4 (1 voted; of the 3 others one has no address), Citizens 3 (all voted),
 * Academia 2 (none voted). Every other participant has a notice address of their own.
 */
let server: Awaited<ReturnType<typeof startTestServer>>;
let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
let relay: AppContext;

beforeAll(async () => {
  server = await startTestServer();
  smtp = await startSmtpServer();
  relay = createAppContext({ db: server.db, config: { ...getEnv(), SMTP_URL: smtp.url, APP_ORIGIN: "https://accord.example" } });
});
afterAll(async () => {
  await relay?.background.stop();
  await server?.stop();
  await smtp?.close();
});

const text = (html: string) => html.replace(/<script[\s\S]*?<\/script>/g, "").replace(/<!-- -->/g, "").replace(/<[^>]+>/g, " ").replace(/\s+/g, " ");

async function votingRound(title: string, attributionMode: "chatham_house" | "anonymous") {
  const app = server.app;
  const slug = title.toLowerCase().replace(/\W+/g, "-");
  const d = await makeDeliberation(app, title, {
    attributionMode,
    groups: ["Government", "Citizens", "Academia"].map((name) => ({ id: null, name, targetShare: 1 / 3 })),
  });
  const email = (await app.db.selectFrom("users").select("email").where("id", "=", d.facilitatorId).executeTakeFirstOrThrow()).email!;
  await app.db.updateTable("users").set({ password_hash: await hashPassword(FACILITATOR_PASSWORD) }).where("id", "=", d.facilitatorId).execute();
  const people: { userId: string; membershipId: string; group: number; name: string; address: string | null; voted: boolean }[] = [];
  for (const [g, n, voters] of [[0, 4, 1], [1, 3, 3], [2, 2, 0]] as const) {
    for (let i = 0; i < n; i++) {
      const name = `${title} person ${g}-${i} Xanthe`;
      const userId = await d.join(name, { group: g });
      const membershipId = (await d.ctx(userId)).membership.id;
      // Government's last non-voter has no address (joined by a link, no account email)
      const address = g === 0 && i === n - 1 ? null : `${slug}-${g}-${i}@example.org`;
      if (address) await app.db.insertInto("member_email_settings").values({ membership_id: membershipId, email: address, notices_unsubscribed_at: null }).execute();
      people.push({ userId, membershipId, group: g, name, address, voted: i < voters });
    }
  }
  const observerId = await d.join(`${title} observer`, { role: "observer" });
  const fac = () => d.ctx(d.facilitatorId);
  await openRound(await fac());
  await createProposal(await d.ctx(people[0]!.userId), proposalInput({ title: `${title} red line` }));
  await advancePhase(await fac(), "proposing");
  await advancePhase(await fac(), "discussing");
  const version = await app.db.selectFrom("proposal_versions as v").innerJoin("proposals as p", "p.id", "v.proposal_id").select("v.id").where("p.deliberation_id", "=", d.id).where("v.frozen_at", "is not", null).executeTakeFirstOrThrow();
  for (const p of people.filter((x) => x.voted)) await castVote(await d.ctx(p.userId), { versionId: version.id, choice: "agree", confidence: null });
  return { ...d, email, people, observerId, slug };
}

type Round = Awaited<ReturnType<typeof votingRound>>;

const reminders = (d: Round) => server.db.selectFrom("email_outbox").select(["membership_id", "recipient"]).where("deliberation_id", "=", d.id).where("kind", "=", "reminder").execute();
const logEntries = (d: Round) => server.db.selectFrom("action_log").selectAll().where("deliberation_id", "=", d.id).where("kind", "=", "reminders_sent").orderBy("at").execute();
/** one group's block on the participation page */
const block = (html: string, groupId: string) => {
  const start = html.indexOf(`id="non-voters-${groupId}"`);
  expect(start, `the block of ${groupId}`).toBeGreaterThan(-1);
  const end = html.indexOf('class="non-voter-group"', start + 1);
  return html.slice(start, end === -1 ? html.indexOf("</section>", start) : end);
};
/** vote reminders delivered over SMTP since `before` (the outbox also holds the phase notices of the set-up) */
const delivered = async (before: number) => {
  await runSender(relay);
  return smtp.received.slice(before).filter((m) => m.subject.includes("you have not voted yet"));
};

describe("who has not voted, per group, with 'remind these people'", () => {
  let d: Round;
  beforeAll(async () => {
    d = await votingRound("Grouped reminders", "chatham_house");
  }, 60_000);

  it("lists each group's non-voters by name under its own heading, with a button to remind just them", async () => {
    const fac = await facilitatorClient(server.url, d.email);
    const html = await (await fac.get(`/d/${d.id}/participation`)).text();
    const [gov, citizens, academia] = d.groupIds.map((id) => block(html, id));
    expect(text(gov!)).toContain("Government: 3 have not voted");
    expect(text(gov!)).toContain("Remind these 3 people (Government)");
    for (const p of d.people) {
      // each name only in its own group's block, and only if they have not voted
      expect(gov!.includes(p.name), p.name).toBe(p.group === 0 && !p.voted);
      expect(academia!.includes(p.name), p.name).toBe(p.group === 2);
    }
    expect(text(citizens!)).toContain("Citizens: 0 have not voted");
    expect(text(citizens!)).toContain("Everyone in this group has voted.");
    expect(citizens).not.toContain("Remind these");
    expect(text(academia!)).toContain("Remind these 2 people (Academia)");
    expect(academia).toContain(`name="groupId" value="${d.groupIds[2]}"`);
  });

  it("reminds only that group's non-voters (those with an address), shows the sent count and records it in the action log", async () => {
    const fac = await facilitatorClient(server.url, d.email);
    const before = smtp.received.length;
    const res = await fac.post(`/d/${d.id}/participation`, { intent: "remind-group", groupId: d.groupIds[0]! });
    expect(res.status).toBe(302);
    const location = res.headers.get("location")!;
    expect(location).toBe(`/d/${d.id}/participation?reminded=2&group=${d.groupIds[0]}#non-voters-${d.groupIds[0]}`);

    const mails = await delivered(before);
    const expected = d.people.filter((p) => p.group === 0 && !p.voted && p.address).map((p) => p.address!);
    expect(mails.flatMap((m) => m.to).filter((to) => to.startsWith(d.slug)).sort()).toEqual(expected.sort());
    for (const m of mails.filter((x) => x.to[0]!.startsWith(d.slug))) expect(m.subject).toBe("“Grouped reminders”: you have not voted yet in round 1");
    expect((await reminders(d)).map((r) => r.membership_id).sort()).toEqual(d.people.filter((p) => p.group === 0 && !p.voted && p.address).map((p) => p.membershipId).sort());

    // outside anonymous mode the outbox names each reminded address (as the page names the people)
    const outbox = text(await (await fac.get(`/d/${d.id}/outbox`)).text());
    for (const address of expected) expect(outbox).toContain(address);
    const page = text(await (await fac.get(location.replace(/#.*$/, ""))).text());
    expect(page).toContain("Reminders went to 2 participants of Government (those with an email address who did not unsubscribe).");
    const log = await logEntries(d);
    expect(log).toHaveLength(1);
    expect(JSON.parse(log[0]!.after!)).toEqual({ group: "Government", notVoted: 3, reminded: 2 });
    const logPage = text(await (await fac.get(`/d/${d.id}/log`)).text());
    expect(logPage).toContain("Vote reminders sent");
    expect(logPage).toContain("Stakeholder group: Government; Not voted yet: 3; Reminders sent: 2");

    // "remind everyone" goes through the same service and is logged too
    const all = await fac.post(`/d/${d.id}/participation`, { intent: "remind" });
    expect(all.headers.get("location")).toBe(`/d/${d.id}/participation?reminded=4#non-voters`);
    expect(JSON.parse((await logEntries(d))[1]!.after!)).toEqual({ group: "Everyone", notVoted: 5, reminded: 4 });
    await runSender(relay);
  });

  it("refuses observers and participants (403), an unknown group (400) and any reminder outside voting (409), writing nothing", async () => {
    const outboxBefore = (await reminders(d)).length;
    const logBefore = (await logEntries(d)).length;
    const observer = await clientFor(server.app, server.url, d.observerId);
    const voter = await clientFor(server.app, server.url, d.people.find((p) => p.voted)!.userId);
    for (const client of [observer, voter]) {
      expect((await client.post(`/d/${d.id}/participation`, { intent: "remind-group", groupId: d.groupIds[2]! })).status).toBe(403);
    }
    // the observer's page shows counts, never a reminder button
    const observed = await (await observer.get(`/d/${d.id}/participation`)).text();
    expect(observed).not.toContain('name="intent" value="remind-group"');

    const fac = await facilitatorClient(server.url, d.email);
    const other = await votingRound("Another assembly", "chatham_house");
    for (const groupId of ["no-such-group", other.groupIds[2]!, ""]) {
      const res = await fac.post(`/d/${d.id}/participation`, { intent: "remind-group", groupId });
      expect(res.status, groupId).toBe(400);
      expect(text(await res.text())).toContain("This stakeholder group is not part of this deliberation.");
    }
    await advancePhase(await d.ctx(d.facilitatorId), "voting");
    const closed = await fac.post(`/d/${d.id}/participation`, { intent: "remind-group", groupId: d.groupIds[2]! });
    expect(closed.status).toBe(409);
    expect(text(await closed.text())).toContain("Reminders can be sent only while a round is in voting, and no round is in voting now.");
    expect((await fac.get(`/d/${d.id}/participation`)).status).toBe(200);
    expect(await (await fac.get(`/d/${d.id}/participation`)).text()).not.toContain('value="remind-group"');
    expect((await reminders(d)).length).toBe(outboxBefore);
    expect((await logEntries(d)).length).toBe(logBefore);
  }, 60_000);
});

describe("in anonymous mode", () => {
  it("shows counts per group and no names, yet reminds the chosen group's non-voters (the facilitator never sees who)", async () => {
    const a = await votingRound("Anonymous reminders", "anonymous");
    const fac = await facilitatorClient(server.url, a.email);
    const html = await (await fac.get(`/d/${a.id}/participation`)).text();
    for (const p of a.people) expect(html).not.toContain(p.name);
    expect(text(block(html, a.groupIds[2]!))).toContain("Academia: 2 have not voted");
    expect(text(block(html, a.groupIds[2]!))).toContain("Remind these 2 people (Academia)");
    expect(html).not.toContain(en.cockpit.remind.showNames);

    const before = smtp.received.length;
    const res = await fac.post(`/d/${a.id}/participation`, { intent: "remind-group", groupId: a.groupIds[2]! });
    expect(res.headers.get("location")).toBe(`/d/${a.id}/participation?reminded=2&group=${a.groupIds[2]}#non-voters-${a.groupIds[2]}`);
    const mails = (await delivered(before)).filter((m) => m.to[0]!.startsWith(a.slug));
    expect(mails.map((m) => m.to[0]).sort()).toEqual(a.people.filter((p) => p.group === 2).map((p) => p.address).sort());
    const after = await (await fac.get(`/d/${a.id}/participation?reminded=2&group=${a.groupIds[2]}`)).text();
    expect(text(after)).toContain("Reminders went to 2 participants of Academia");
    for (const p of a.people) expect(after).not.toContain(p.name);
    const log = await logEntries(a);
    expect(log.map((e) => JSON.parse(e.after!))).toEqual([{ group: "Academia", notVoted: 2, reminded: 2 }]);
    for (const p of a.people) expect(log[0]!.after).not.toContain(p.membershipId);
    // nor does the outbox tell who was reminded (it would tell who has not voted); invitations and notices still show
    const cards = (await (await fac.get(`/d/${a.id}/outbox`)).text()).split('data-testid="outbox-email"').slice(1).map(text);
    const reminderCards = cards.filter((c) => c.includes("Vote reminder"));
    expect(reminderCards).toHaveLength(2);
    for (const c of reminderCards) {
      expect(c).toContain("A participant (not shown: this deliberation is anonymous");
      expect(c).not.toContain("@example.org");
    }
    // the phase notices of the set-up, sent to everyone, still name their address
    expect(cards.filter((c) => c.includes("Phase notice")).some((c) => c.includes(a.people[0]!.address!))).toBe(true);
  }, 60_000);
});
