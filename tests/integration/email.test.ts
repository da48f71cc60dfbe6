import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAppContext, type AppContext } from "../../app/context/app-context.server";
import { createProposal } from "../../app/deliberation/proposal-service.server";
import { acceptInvite, createEmailInvites } from "../../app/deliberation/invite-service.server";
import { advancePhase, openRound } from "../../app/deliberation/round-service.server";
import { EmailInviteSchema } from "../../app/deliberation/schemas";
import { castVote } from "../../app/deliberation/vote-service.server";
import {
  listOutboxForFacilitators,
  queueDeadlineNotices,
  queueVoteReminders,
  readUnsubscribeLink,
  remindAllNonVoters,
  unsubscribeFromNotices,
} from "../../app/email/email-service.server";
import { installEmailHandlers } from "../../app/email/install.server";
import { runSender } from "../../app/email/outbox-sender.server";
import { getEnv } from "../../app/env.server";
import { validateForm } from "../../app/forms/parse.server";
import { publishReport } from "../../app/report/publication-service.server";
import { installResultsHandlers } from "../../app/results/install.server";
import { closedRoundScenario } from "../helpers/round-scenario";
import { failure, makeDeliberation, proposalInput, type TestDeliberation } from "../helpers/scenario";
import { startSmtpServer, type ReceivedEmail } from "../helpers/smtp-server";
import { createTestDb } from "../helpers/test-db";
import { updateUserLanguage } from "../../app/auth/user-repository.server";
import esStrings from "../../app/i18n/locales/es";
import frStrings from "../../app/i18n/locales/fr";

const ORIGIN = "https://accord.example";

describe("email through SMTP, with an outbox first", () => {
  let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
  let env: Awaited<ReturnType<typeof createTestDb>>;
  let app: AppContext;
  /** real time plus an offset a test moves forward (retries back off in app.clock time) */
  const clock = { offset: 0, now: () => new Date(Date.now() + clock.offset) };

  beforeAll(async () => {
    smtp = await startSmtpServer();
    env = await createTestDb();
    app = createAppContext({ db: env.db, config: { ...getEnv(), SMTP_URL: smtp.url, APP_ORIGIN: ORIGIN, MAIL_FROM: "Accord secretariat <secretariat@accord.example>" }, clock });
    installResultsHandlers(app);
    installEmailHandlers(app);
  });
  afterAll(async () => {
    await app.background.stop();
    await app.scheduler.stop();
    await env.cleanup();
    await smtp.close();
  });

  const form = (fields: Record<string, string>) => {
    const f = new FormData();
    for (const [k, v] of Object.entries({ role: "participant", stakeholderGroupId: "", regionId: "", expiresInDays: "7", ...fields })) f.set(k, v);
    return f;
  };
  const inviteByEmail = async (d: TestDeliberation, addresses: string, fields: Record<string, string> = {}) =>
    createEmailInvites(await d.ctx(d.facilitatorId), validateForm(form({ addresses, ...fields }), EmailInviteSchema), ORIGIN);
  const last = (address: string): ReceivedEmail => {
    const all = smtp.to(address);
    if (!all.length) throw new Error(`no email to ${address}`);
    return all.at(-1)!;
  };
  const joinToken = (m: ReceivedEmail) => /https:\/\/accord\.example\/join\/([A-Za-z0-9_-]{20,100})/.exec(m.text)![1]!;
  const unsubscribeTokenOf = (m: ReceivedEmail) => /<https:\/\/accord\.example\/unsubscribe\/([^>]+)>/.exec(m.headers["list-unsubscribe"]!)![1]!;
  /** invited by email, joined through the emailed link; returns the membership id */
  const joinByEmail = async (d: TestDeliberation, email: string, group = 0) => {
    await inviteByEmail(d, email);
    await runSender(app);
    const joined = await acceptInvite(app, joinToken(last(email)), null, { displayName: email.split("@")[0]!, stakeholderGroupId: d.groupIds[group]!, regionId: "" });
    return (await d.ctx(joined.userId)).membership.id;
  };

  it("emails each address (repeats once) its own single-use invitation link, without unsubscribe headers; joining makes that address the member's", async () => {
    const d = await makeDeliberation(app, "Email invitations");
    const { queued } = await inviteByEmail(d, "ana@example.org, ANA@example.org\nben@example.org");
    expect(queued).toBe(2);
    expect(await runSender(app)).toEqual({ sent: 2, retrying: 0, failed: 0 });
    const ana = smtp.to("ana@example.org");
    const ben = smtp.to("ben@example.org");
    expect(ana).toHaveLength(1);
    expect(ben).toHaveLength(1);
    expect(ana[0]!.subject).toBe("You are invited to “Email invitations”");
    expect(ana[0]!.headers.from).toBe("Accord secretariat <secretariat@accord.example>");
    expect(ana[0]!.text).toContain("Which red lines should govern frontier AI?");
    expect(ana[0]!.headers["list-unsubscribe"]).toBeUndefined();
    expect(ana[0]!.headers["list-unsubscribe-post"]).toBeUndefined();
    expect(ana[0]!.text).not.toContain("/unsubscribe/");
    expect(joinToken(ana[0]!)).not.toBe(joinToken(ben[0]!));

    const joined = await acceptInvite(app, joinToken(ana[0]!), null, { displayName: "Ana", stakeholderGroupId: d.groupIds[0]!, regionId: "" });
    expect(joined.joined).toBe(true);
    const again = await failure(acceptInvite(app, joinToken(ana[0]!), null, { displayName: "Someone else", stakeholderGroupId: d.groupIds[0]!, regionId: "" }));
    expect(again.status).toBe(410);
    const membership = (await d.ctx(joined.userId)).membership.id;
    expect(await env.db.selectFrom("member_email_settings").select("email").where("membership_id", "=", membership).executeTakeFirst()).toEqual({ email: "ana@example.org" });
  });

  it("refuses a wrong address by name, per field, and writes nothing", async () => {
    const d = await makeDeliberation(app, "Wrong addresses");
    const before = (await env.db.selectFrom("email_outbox").select("id").execute()).length;
    const refused = await failure(inviteByEmail(d, "ok@example.org, not-an-address"));
    expect(refused.status).toBe(400);
    const refusal = (() => {
      try {
        validateForm(form({ addresses: "ok@example.org, not-an-address" }), EmailInviteSchema);
      } catch (e) {
        return e as { fieldErrors: Record<string, string[]> };
      }
      throw new Error("the form was accepted");
    })();
    expect(refusal.fieldErrors.addresses).toEqual(["“not-an-address” is not an email address."]);
    expect((await failure(inviteByEmail(d, " , "))).status).toBe(400);
    expect((await env.db.selectFrom("email_outbox").select("id").execute()).length).toBe(before);
  });

  it("tells participants and observers that a phase has begun, with RFC 8058 one-click unsubscribe; unsubscribing stops notices but not invitations", async () => {
    const d = await makeDeliberation(app, "Phase notices");
    const cara = await joinByEmail(d, "cara@example.org");
    await joinByEmail(d, "dev@example.org", 1);
    const fac = () => d.ctx(d.facilitatorId);
    await openRound(await fac());
    const caraUser = (await env.db.selectFrom("memberships").select("user_id").where("id", "=", cara).executeTakeFirstOrThrow()).user_id;
    await createProposal(await d.ctx(caraUser), proposalInput());
    await advancePhase(await fac(), "proposing");
    await runSender(app);
    const notice = last("cara@example.org");
    expect(notice.subject).toBe("“Phase notices”, round 1: Discussing has begun");
    expect(notice.text).toContain(`${ORIGIN}/d/${d.id}`);
    expect(notice.headers["list-unsubscribe"]).toMatch(/^<https:\/\/accord\.example\/unsubscribe\/[^>]+>$/);
    expect(notice.headers["list-unsubscribe-post"]).toBe("List-Unsubscribe=One-Click");
    expect(notice.text).toContain(`${ORIGIN}/unsubscribe/${unsubscribeTokenOf(notice)}`);
    // the facilitator made the change and has an account address: no notice to them
    const facilitatorEmail = (await env.db.selectFrom("users").select("email").where("id", "=", d.facilitatorId).executeTakeFirstOrThrow()).email!;
    expect(smtp.to(facilitatorEmail)).toHaveLength(0);

    // a link signed for one membership does not work with another id
    const token = unsubscribeTokenOf(notice);
    expect(await readUnsubscribeLink(app, token.replace(/^[^.]+/, "someone-else"))).toEqual({ valid: false });
    expect(await unsubscribeFromNotices(app, token)).toMatchObject({ valid: true, membershipId: cara, unsubscribed: true });

    const caraBefore = smtp.to("cara@example.org").length;
    const devBefore = smtp.to("dev@example.org").length;
    await advancePhase(await fac(), "discussing");
    await runSender(app);
    expect(smtp.to("cara@example.org")).toHaveLength(caraBefore);
    expect(smtp.to("dev@example.org")).toHaveLength(devBefore + 1);
    expect(last("dev@example.org").subject).toBe("“Phase notices”, round 1: Voting has begun");
    expect(last("dev@example.org").text).toContain(`${ORIGIN}/d/${d.id}/vote`);
    // reminders are notices too; an invitation is not
    expect(await queueVoteReminders(app, d.id, [cara])).toBe(0);
    await inviteByEmail(d, "cara@example.org", { role: "observer" });
    await runSender(app);
    expect(smtp.to("cara@example.org")).toHaveLength(caraBefore + 1);
    expect(last("cara@example.org").subject).toBe("You are invited to “Phase notices”");
  });

  it("opening the next round tells participants and observers, once each, that round N+1 has begun, with its link", async () => {
    const d = await makeDeliberation(app, "Next round");
    const eve = await joinByEmail(d, "eve@example.org");
    await joinByEmail(d, "finn@example.org", 1);
    const watcher = await d.join("Watcher", { role: "observer" });
    await env.db.insertInto("member_email_settings").values({ membership_id: (await d.ctx(watcher)).membership.id, email: "watcher@example.org", notices_unsubscribed_at: null }).execute();
    const fac = () => d.ctx(d.facilitatorId);
    await openRound(await fac());
    await runSender(app);
    expect(last("eve@example.org").subject).toBe("“Next round”, round 1: Proposing has begun");
    const eveUser = (await env.db.selectFrom("memberships").select("user_id").where("id", "=", eve).executeTakeFirstOrThrow()).user_id;
    await createProposal(await d.ctx(eveUser), proposalInput());
    for (const from of ["proposing", "discussing", "voting"] as const) await advancePhase(await fac(), from);
    await runSender(app);
    const addresses = ["eve@example.org", "finn@example.org", "watcher@example.org"];
    const before = addresses.map((a) => smtp.to(a).length);
    const outboxBefore = (await listOutboxForFacilitators(app, d.id)).length;

    await openRound(await fac());
    expect(await runSender(app)).toEqual({ sent: 3, retrying: 0, failed: 0 });
    for (const [i, a] of addresses.entries()) {
      expect(smtp.to(a)).toHaveLength(before[i]! + 1);
      const notice = last(a);
      expect(notice.subject).toBe("“Next round”, round 2: Proposing has begun");
      expect(notice.text).toContain("Round 2 of “Next round”");
      expect(notice.text).toContain(`Open the deliberation: ${ORIGIN}/d/${d.id}\n`);
      expect(notice.headers["list-unsubscribe-post"]).toBe("List-Unsubscribe=One-Click");
    }
    const outbox = await listOutboxForFacilitators(app, d.id);
    expect(outbox).toHaveLength(outboxBefore + 3);
    expect(outbox.filter((e) => e.subject.includes("round 2"))).toHaveLength(3);
    // a refused second opening (round 2 is still open) announces nothing
    expect((await failure(openRound(await fac()))).status).toBe(409);
    expect(await runSender(app)).toEqual({ sent: 0, retrying: 0, failed: 0 });
    expect((await listOutboxForFacilitators(app, d.id)).length).toBe(outboxBefore + 3);
  });

  it("reminds exactly the participants who have not voted (the monitor's service takes membership ids; the members page reminds them all)", async () => {
    const d = await makeDeliberation(app, "Reminders");
    const voter = await joinByEmail(d, "voter@example.org");
    const late = await joinByEmail(d, "late@example.org", 1);
    const observer = await d.join("Watcher", { role: "observer" });
    const fac = () => d.ctx(d.facilitatorId);
    await openRound(await fac());
    const voterUser = (await env.db.selectFrom("memberships").select("user_id").where("id", "=", voter).executeTakeFirstOrThrow()).user_id;
    await createProposal(await d.ctx(voterUser), proposalInput());
    expect(await queueVoteReminders(app, d.id, [late])).toBe(0); // not voting yet
    await advancePhase(await fac(), "proposing");
    await advancePhase(await fac(), "discussing");
    await runSender(app);
    const version = await env.db.selectFrom("proposal_versions as v").innerJoin("proposals as p", "p.id", "v.proposal_id").select("v.id").where("p.deliberation_id", "=", d.id).where("v.frozen_at", "is not", null).executeTakeFirstOrThrow();
    await castVote(await d.ctx(voterUser), { versionId: version.id, choice: "agree", confidence: null });
    const before = { voter: smtp.to("voter@example.org").length, late: smtp.to("late@example.org").length };

    const other = await makeDeliberation(app, "Someone else's");
    const foreign = await joinByEmail(other, "foreign@example.org");
    const observerMembership = (await d.ctx(observer)).membership.id;
    expect(await queueVoteReminders(app, d.id, [voter, late, late, foreign, observerMembership, "no-such-id"])).toBe(1);
    await runSender(app);
    expect(smtp.to("voter@example.org")).toHaveLength(before.voter);
    expect(smtp.to("late@example.org")).toHaveLength(before.late + 1);
    expect(smtp.to("foreign@example.org").filter((m) => m.subject.includes("not voted"))).toHaveLength(0);
    const reminder = last("late@example.org");
    expect(reminder.subject).toBe("“Reminders”: you have not voted yet in round 1");
    expect(reminder.text).toContain(`${ORIGIN}/d/${d.id}/vote`);
    expect(reminder.headers["list-unsubscribe-post"]).toBe("List-Unsubscribe=One-Click");

    expect(await remindAllNonVoters(app, d.id)).toBe(1);
    await runSender(app);
    expect(smtp.to("late@example.org")).toHaveLength(before.late + 2);
    expect(smtp.to("voter@example.org")).toHaveLength(before.voter);
  });

  it("queueDeadlineNotices tells members that the phase ends in 24 hours (ready for the deadlines work)", async () => {
    const d = await makeDeliberation(app, "Deadlines");
    await joinByEmail(d, "due@example.org");
    const fac = () => d.ctx(d.facilitatorId);
    await openRound(await fac());
    await runSender(app);
    const round = await env.db.selectFrom("rounds").select("id").where("deliberation_id", "=", d.id).executeTakeFirstOrThrow();
    expect(await queueDeadlineNotices(app, { deliberationId: d.id, roundId: round.id, phase: "voting", endsAt: "2026-12-02T18:00:00.000Z" })).toBe(0); // not the current phase
    expect(await queueDeadlineNotices(app, { deliberationId: d.id, roundId: round.id, phase: "proposing", endsAt: "2026-12-02T18:00:00.000Z" })).toBe(1);
    await runSender(app);
    const notice = last("due@example.org");
    expect(notice.subject).toBe("“Deadlines”, round 1: Proposing ends in 24 hours");
    expect(notice.text).toMatch(/Dec 2, 2026, 6:00\sPM UTC/);
    expect(notice.headers["list-unsubscribe-post"]).toBe("List-Unsubscribe=One-Click");
  });

  it("a deadline-approaching event (from the deadline poller) queues the 24-hour notice", async () => {
    const d = await makeDeliberation(app, "Deadline event");
    await joinByEmail(d, "event@example.org");
    await openRound(await d.ctx(d.facilitatorId));
    await runSender(app);
    const round = await env.db.selectFrom("rounds").select("id").where("deliberation_id", "=", d.id).executeTakeFirstOrThrow();
    await app.events.publish({ type: "deadline-approaching", deliberationId: d.id, roundId: round.id, phase: "proposing", dueAt: "2026-12-03T09:30:00.000Z", autoAdvance: true });
    await runSender(app);
    const notice = last("event@example.org");
    expect(notice.subject).toBe("“Deadline event”, round 1: Proposing ends in 24 hours");
    expect(notice.text).toMatch(/Dec 3, 2026, 9:30\sAM UTC/);
  });

  it("writes each notice in its reader's language: the one they chose, else the deliberation's default", async () => {
    const d = await makeDeliberation(app, "Langues");
    const fr = await joinByEmail(d, "fr@example.org");
    await joinByEmail(d, "default@example.org", 1);
    const frUser = (await env.db.selectFrom("memberships").select("user_id").where("id", "=", fr).executeTakeFirstOrThrow()).user_id;
    await updateUserLanguage(env.db, frUser, "fr");
    await env.db.updateTable("deliberations").set({ default_language: "es" }).where("id", "=", d.id).execute();
    await openRound(await d.ctx(d.facilitatorId));
    await runSender(app);
    const french = last("fr@example.org");
    expect(french.subject).toBe(frStrings.email.phaseOpen.subject.replace("{{title}}", "Langues").replace("{{number}}", "1").replace("{{phase}}", frStrings.phases.proposing.name));
    expect(french.text).toContain(frStrings.email.footer.split("{{")[0]!);
    const spanish = last("default@example.org");
    expect(spanish.subject).toContain(esStrings.phases.proposing.name);
    expect(spanish.subject).not.toMatch(/has begun/);
    // a new invitation goes out in the deliberation's default language: the invitee has chosen none
    await inviteByEmail(d, "new@example.org");
    await runSender(app);
    expect(last("new@example.org").subject).not.toMatch(/You are invited/);
    expect(last("new@example.org").subject).toContain("Langues");
  });

  it("tells members that a report version is published, with its link", async () => {
    const s = await closedRoundScenario(app, "Published notice");
    const [first, second] = s.people;
    for (const [i, p] of [first!, second!].entries()) {
      const membership = (await s.ctx(p.userId)).membership.id;
      await env.db.insertInto("member_email_settings").values({ membership_id: membership, email: `reader${i}@example.org`, notices_unsubscribed_at: null }).execute();
    }
    await runSender(app);
    const before = smtp.to("reader0@example.org").length;
    const published = await publishReport(await s.ctx(s.facilitatorId), 1, { summary: "", notes: {} });
    await runSender(app);
    expect(smtp.to("reader0@example.org")).toHaveLength(before + 1);
    const notice = last("reader1@example.org");
    expect(notice.subject).toBe(`“Published notice”: report version ${published.version} is published`);
    expect(notice.text).toContain(`${ORIGIN}/d/${s.id}/report/published/${published.version}`);
    expect(notice.headers["list-unsubscribe"]).toMatch(/^<https:\/\/accord\.example\/unsubscribe\//);
  }, 60_000);

  it("a failing SMTP server leaves the email pending with its error; a later retry delivers it once", async () => {
    const d = await makeDeliberation(app, "Retries");
    await runSender(app);
    smtp.control.failing = true;
    try {
      await inviteByEmail(d, "patient@example.org");
      expect(await runSender(app)).toEqual({ sent: 0, retrying: 1, failed: 0 });
    } finally {
      smtp.control.failing = false;
    }
    const row = () => env.db.selectFrom("email_outbox").selectAll().where("recipient", "=", "patient@example.org").executeTakeFirstOrThrow();
    expect(await row()).toMatchObject({ status: "pending", attempts: 1, sent_at: null });
    expect((await row()).last_error).toContain("451");
    expect(smtp.to("patient@example.org")).toHaveLength(0);
    // not due yet: backing off
    expect(await runSender(app)).toEqual({ sent: 0, retrying: 0, failed: 0 });
    clock.offset += 31_000;
    expect(await runSender(app)).toEqual({ sent: 1, retrying: 0, failed: 0 });
    expect(await row()).toMatchObject({ status: "sent", attempts: 2, last_error: null });
    expect(smtp.to("patient@example.org")).toHaveLength(1);
    expect(await runSender(app)).toEqual({ sent: 0, retrying: 0, failed: 0 });
    expect(smtp.to("patient@example.org")).toHaveLength(1);
  });

  it("without SMTP_URL every email stays in the outbox, listed for the facilitators with its link", async () => {
    const offline = createAppContext({ db: env.db, config: { ...getEnv(), SMTP_URL: undefined, APP_ORIGIN: ORIGIN }, clock });
    installResultsHandlers(offline);
    installEmailHandlers(offline);
    const d = await makeDeliberation(offline, "No SMTP");
    const received = smtp.received.length;
    await createEmailInvites(await d.ctx(d.facilitatorId), validateForm(form({ addresses: "kept@example.org" }), EmailInviteSchema), ORIGIN);
    expect(await runSender(offline)).toEqual({ sent: 0, retrying: 0, failed: 0 });
    const outbox = await listOutboxForFacilitators(offline, d.id);
    expect(outbox).toHaveLength(1);
    expect(outbox[0]).toMatchObject({ kind: "invitation", recipient: "kept@example.org", subject: "You are invited to “No SMTP”", status: "pending" });
    expect(outbox[0]!.link).toMatch(/^https:\/\/accord\.example\/join\/[A-Za-z0-9_-]{20,}$/);
    expect(await listOutboxForFacilitators(offline, (await makeDeliberation(offline, "Another")).id)).toEqual([]);
    expect(smtp.received.length).toBe(received);
    await offline.background.stop();
  });
});
