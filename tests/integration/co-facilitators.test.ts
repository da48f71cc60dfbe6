import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hashPassword } from "../../app/auth/crypto.server";
import { getAttributionPolicy } from "../../app/deliberation/deliberation-service.server";
import { createProposal } from "../../app/deliberation/proposal-service.server";
import { advancePhase, openRound } from "../../app/deliberation/round-service.server";
import { castVote } from "../../app/deliberation/vote-service.server";
import { nonVotersOfVotingRound } from "../../app/email/email-service.server";
import { listParticipation } from "../../app/report/report-repository.server";
import { findSnapshot, loadLiveSource } from "../../app/results/results-source.server";
import { FACILITATOR_PASSWORD } from "../helpers/round-scenario";
import { createInviteToken, joinWithToken } from "../helpers/demo";
import { makeDeliberation, proposalInput, type TestDeliberation } from "../helpers/scenario";
import { Client, startTestServer } from "../helpers/test-server";

/**
 * Co-facilitators, the owner and facilitators who also vote (decision 048), over HTTP: a
 * deliberation with groups Government and Citizens and one region; its creator is the owner.
 */
let server: Awaited<ReturnType<typeof startTestServer>>;

beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => server.stop());

const decode = (html: string) => html.replace(/&#x27;/g, "'").replace(/&quot;/g, '"').replace(/&amp;/g, "&").replace(/&lt;/g, "<").replace(/&gt;/g, ">");

async function setup(title: string, attributionMode: "named" | "chatham_house" | "anonymous" = "chatham_house") {
  const d = await makeDeliberation(server.app, title, {
    attributionMode,
    groups: [
      { id: null, name: "Government", targetShare: 0.5 },
      { id: null, name: "Citizens", targetShare: 0.5 },
    ],
    regions: ["Europe"],
  });
  const db = server.db;
  const email = (await db.selectFrom("users").select("email").where("id", "=", d.facilitatorId).executeTakeFirstOrThrow()).email!;
  await db.updateTable("users").set({ password_hash: await hashPassword(FACILITATOR_PASSWORD) }).where("id", "=", d.facilitatorId).execute();
  const owner = new Client(server.url);
  await owner.login(email, FACILITATOR_PASSWORD);
  return { d, owner };
}

async function membership(d: TestDeliberation, userId: string) {
  return server.db.selectFrom("memberships").selectAll().where("deliberation_id", "=", d.id).where("user_id", "=", userId).executeTakeFirstOrThrow();
}

async function userIdOf(d: TestDeliberation, displayName: string) {
  return (await server.db.selectFrom("users").select("id").where("display_name", "=", displayName).executeTakeFirstOrThrow()).id;
}

async function logRows(d: TestDeliberation, kind: string) {
  const rows = await server.db.selectFrom("action_log").selectAll().where("deliberation_id", "=", d.id).where("kind", "=", kind).orderBy("at").orderBy("id").execute();
  return rows.map((r) => ({ actor: r.actor_membership_id, subject: r.subject_id, before: r.before ? JSON.parse(r.before) : null, after: r.after ? JSON.parse(r.after) : null }));
}

/** A co-facilitator who joined through a facilitator invitation link made on the members page. */
async function coFacilitator(d: TestDeliberation, owner: Client, name: string) {
  const token = await createInviteToken(owner, d.id, { role: "facilitator", stakeholderGroupId: d.groupIds[0]!, label: "co-facilitator" });
  const client = await joinWithToken(server.url, token, name);
  const userId = await userIdOf(d, name);
  return { client, userId, membership: await membership(d, userId) };
}

describe("co-facilitator invitations", () => {
  it("a facilitator invitation makes a co-facilitator, with no group, who opens the facilitators' pages", async () => {
    const { d, owner } = await setup("Cofac invite");
    expect((await getAttributionPolicy(await d.ctx(d.facilitatorId))).locked).toBe(false);
    const co = await coFacilitator(d, owner, "Cora Cofacilitator");
    // someone joined under the promised attribution: it can only become stricter from now on
    expect((await getAttributionPolicy(await d.ctx(d.facilitatorId))).locked).toBe(true);
    expect(co.membership).toMatchObject({ role: "facilitator", stakeholder_group_id: null, region_id: null, also_votes: 0 });
    expect(co.membership.pseudonym).toMatch(/^Facilitator \d+$/);
    for (const page of ["members", "settings", "participation", "log"]) expect((await co.client.get(`/d/${d.id}/${page}`)).status).toBe(200);
    const members = decode(await (await owner.get(`/d/${d.id}/members`)).text());
    expect(members).toContain("Cora Cofacilitator");
    expect(members).toContain("Facilitator · owner");
  });

  it("an email invitation can make a co-facilitator too: one single-use facilitator invitation per address, no group kept", async () => {
    const { d, owner } = await setup("Cofac email invite");
    const res = await owner.post(`/d/${d.id}/members`, { intent: "email-invite", addresses: "co-one@example.org, co-two@example.org", role: "facilitator", stakeholderGroupId: d.groupIds[0]!, regionId: "", expiresInDays: "7" });
    expect(res.status).toBe(302);
    const invites = await server.db.selectFrom("invites").select(["role", "stakeholder_group_id", "max_uses", "label"]).where("deliberation_id", "=", d.id).orderBy("label").execute();
    expect(invites).toEqual([
      { role: "facilitator", stakeholder_group_id: null, max_uses: 1, label: "co-one@example.org" },
      { role: "facilitator", stakeholder_group_id: null, max_uses: 1, label: "co-two@example.org" },
    ]);
    const outbox = await server.db.selectFrom("email_outbox").select(["recipient", "body"]).where("deliberation_id", "=", d.id).orderBy("recipient").execute();
    expect(outbox.map((e) => e.recipient)).toEqual(["co-one@example.org", "co-two@example.org"]);
    for (const e of outbox) expect(e.body).toContain("as Facilitator.");
  });

  it("participants and observers cannot create a facilitator invitation (403), and nothing is written", async () => {
    const { d, owner } = await setup("Cofac invite refused");
    const token = await createInviteToken(owner, d.id, { stakeholderGroupId: d.groupIds[0]! });
    const participant = await joinWithToken(server.url, token, "Pia Participant", d.groupIds[0]!);
    const before = await server.db.selectFrom("invites").select("id").where("deliberation_id", "=", d.id).execute();
    const res = await participant.post(`/d/${d.id}/members`, { intent: "create-invite", role: "facilitator", stakeholderGroupId: "", regionId: "", label: "", maxUses: "1", expiresInDays: "1" });
    expect(res.status).toBe(403);
    expect(decode(await res.text())).toContain("Only the facilitators of this deliberation can do this.");
    expect(await server.db.selectFrom("invites").select("id").where("deliberation_id", "=", d.id).execute()).toHaveLength(before.length);
  });
});

describe("promote, demote, remove and hand over", () => {
  it("any facilitator promotes a participant (who keeps voting) with a confirmation, recorded before → after", async () => {
    const { d, owner } = await setup("Cofac promote");
    const co = await coFacilitator(d, owner, "Cole Cofacilitator");
    const pUser = await d.join("Paul Participant", { group: 1 });
    const p = await membership(d, pUser);
    const unconfirmed = await co.client.post(`/d/${d.id}/members`, { intent: "promote-member", membershipId: p.id });
    expect(unconfirmed.status).toBe(400);
    expect(decode(await unconfirmed.text())).toContain("Tick the box to confirm that this member becomes a facilitator.");
    expect((await membership(d, pUser)).role).toBe("participant");
    const res = await co.client.post(`/d/${d.id}/members`, { intent: "promote-member", membershipId: p.id, confirm: "yes" });
    expect(res.status).toBe(302);
    expect(await membership(d, pUser)).toMatchObject({ role: "facilitator", also_votes: 1, stakeholder_group_id: d.groupIds[1] });
    expect(await logRows(d, "member_promoted")).toEqual([{ actor: co.membership.id, subject: p.id, before: { role: "participant" }, after: { role: "facilitator", alsoVotes: true } }]);
    const again = await co.client.post(`/d/${d.id}/members`, { intent: "promote-member", membershipId: p.id, confirm: "yes" });
    expect(again.status).toBe(409);
    expect(decode(await again.text())).toContain("This member is a facilitator already.");
    const members = decode(await (await owner.get(`/d/${d.id}/members`)).text());
    expect(members).toContain("Facilitator · also votes (Citizens)");
  });

  it("only the owner demotes or removes a facilitator; the owner is never demoted or removed", async () => {
    const { d, owner } = await setup("Cofac owner only");
    const co = await coFacilitator(d, owner, "Cy Cofacilitator");
    const other = await coFacilitator(d, owner, "Olive Otherfacilitator");
    const ownerMembership = await membership(d, d.facilitatorId);
    const ownerOnly = "Only the owner of this deliberation can do this.";
    const attempts: Record<string, string>[] = [
      { intent: "demote-member", membershipId: other.membership.id, role: "observer", confirm: "yes" },
      { intent: "remove-member", membershipId: other.membership.id, confirm: "yes" },
      { intent: "transfer-ownership", membershipId: co.membership.id, confirm: "yes" },
      { intent: "demote-member", membershipId: ownerMembership.id, role: "observer", confirm: "yes" },
      { intent: "remove-member", membershipId: ownerMembership.id, confirm: "yes" },
    ];
    for (const body of attempts) {
      const res = await co.client.post(`/d/${d.id}/members`, body);
      expect(res.status, body.intent).toBe(403);
      expect(decode(await res.text())).toContain(ownerOnly);
    }
    expect((await membership(d, other.userId)).role).toBe("facilitator");
    expect((await membership(d, other.userId)).removed_at).toBeNull();
    // the owner on themselves: a sentence, nothing changes
    const selfDemote = await owner.post(`/d/${d.id}/members`, { intent: "demote-member", membershipId: ownerMembership.id, role: "observer", confirm: "yes" });
    expect(selfDemote.status).toBe(409);
    expect(decode(await selfDemote.text())).toContain("The owner cannot be removed or made a non-facilitator.");
    const selfRemove = await owner.post(`/d/${d.id}/members`, { intent: "remove-member", membershipId: ownerMembership.id, confirm: "yes" });
    expect(selfRemove.status).toBe(409);
    expect((await membership(d, d.facilitatorId))).toMatchObject({ role: "facilitator", removed_at: null });
    // the owner demotes one co-facilitator to participant (a group is needed) and removes the other
    const noGroup = await owner.post(`/d/${d.id}/members`, { intent: "demote-member", membershipId: co.membership.id, role: "participant", stakeholderGroupId: "", confirm: "yes" });
    expect(noGroup.status).toBe(400);
    expect(decode(await noGroup.text())).toContain("Choose a stakeholder group: a participant votes in one.");
    expect((await membership(d, co.userId)).role).toBe("facilitator");
    const unconfirmed = await owner.post(`/d/${d.id}/members`, { intent: "demote-member", membershipId: co.membership.id, role: "participant", stakeholderGroupId: d.groupIds[0]! });
    expect(unconfirmed.status).toBe(400);
    expect((await membership(d, co.userId)).role).toBe("facilitator");
    const demoted = await owner.post(`/d/${d.id}/members`, { intent: "demote-member", membershipId: co.membership.id, role: "participant", stakeholderGroupId: d.groupIds[0]!, confirm: "yes" });
    expect(demoted.status).toBe(302);
    expect(await membership(d, co.userId)).toMatchObject({ role: "participant", stakeholder_group_id: d.groupIds[0], also_votes: 0 });
    expect((await co.client.get(`/d/${d.id}/members`)).status).toBe(403);
    const removed = await owner.post(`/d/${d.id}/members`, { intent: "remove-member", membershipId: other.membership.id, confirm: "yes" });
    expect(removed.status).toBe(302);
    expect((await membership(d, other.userId)).removed_at).not.toBeNull();
    expect(await logRows(d, "member_demoted")).toEqual([{ actor: ownerMembership.id, subject: co.membership.id, before: { role: "facilitator", alsoVotes: false }, after: { role: "participant" } }]);
    // the owner is the last facilitator now, and stays
    const live = await server.db.selectFrom("memberships").select("id").where("deliberation_id", "=", d.id).where("role", "=", "facilitator").where("removed_at", "is", null).execute();
    expect(live.map((m) => m.id)).toEqual([ownerMembership.id]);
  });

  it("a request from another site changes no role (CSRF)", async () => {
    const { d, owner } = await setup("Cofac csrf");
    const co = await coFacilitator(d, owner, "Cass Cofacilitator");
    const forged: Record<string, string>[] = [
      { intent: "transfer-ownership", membershipId: co.membership.id, confirm: "yes" },
      { intent: "demote-member", membershipId: co.membership.id, role: "observer", confirm: "yes" },
      { intent: "my-voting", alsoVotes: "yes", stakeholderGroupId: d.groupIds[0]!, regionId: "" },
    ];
    for (const body of forged) {
      const res = await owner.fromOtherSite().post(`/d/${d.id}/members`, body);
      expect(res.status, body.intent).toBe(403);
    }
    expect((await server.db.selectFrom("deliberations").select("owner_user_id").where("id", "=", d.id).executeTakeFirstOrThrow()).owner_user_id).toBe(d.facilitatorId);
    expect((await membership(d, co.userId)).role).toBe("facilitator");
    expect((await membership(d, d.facilitatorId)).also_votes).toBe(0);
  });

  it("the owner hands over to another facilitator (confirmed); then only the new owner has the owner's rights", async () => {
    const { d, owner } = await setup("Cofac handover");
    const co = await coFacilitator(d, owner, "Hana Heir");
    const pUser = await d.join("Pat Participant");
    const p = await membership(d, pUser);
    const ownerMembership = await membership(d, d.facilitatorId);
    const unconfirmed = await owner.post(`/d/${d.id}/members`, { intent: "transfer-ownership", membershipId: co.membership.id });
    expect(unconfirmed.status).toBe(400);
    expect(decode(await unconfirmed.text())).toContain("Tick the box to confirm the handover.");
    const toParticipant = await owner.post(`/d/${d.id}/members`, { intent: "transfer-ownership", membershipId: p.id, confirm: "yes" });
    expect(toParticipant.status).toBe(409);
    expect(decode(await toParticipant.text())).toContain("Only a facilitator of this deliberation can become its owner.");
    const ownerNow = async () => (await server.db.selectFrom("deliberations").select("owner_user_id").where("id", "=", d.id).executeTakeFirstOrThrow()).owner_user_id;
    expect(await ownerNow()).toBe(d.facilitatorId);
    const res = await owner.post(`/d/${d.id}/members`, { intent: "transfer-ownership", membershipId: co.membership.id, confirm: "yes" });
    expect(res.status).toBe(302);
    expect(await ownerNow()).toBe(co.userId);
    expect(await logRows(d, "ownership_transferred")).toEqual([{ actor: ownerMembership.id, subject: co.membership.id, before: { owner: false }, after: { owner: true } }]);
    // the former owner is a co-facilitator now: refused the owner's actions
    const oldOwnerTries = await owner.post(`/d/${d.id}/members`, { intent: "demote-member", membershipId: co.membership.id, role: "observer", confirm: "yes" });
    expect(oldOwnerTries.status).toBe(403);
    expect((await owner.get(`/d/${d.id}/members`)).status).toBe(200);
    // the new owner can demote the former one
    const demoted = await co.client.post(`/d/${d.id}/members`, { intent: "demote-member", membershipId: ownerMembership.id, role: "observer", confirm: "yes" });
    expect(demoted.status).toBe(302);
    expect((await membership(d, d.facilitatorId)).role).toBe("observer");
    const page = decode(await (await co.client.get(`/d/${d.id}/members`)).text());
    expect(page).toContain("Facilitator · owner");
  });
});

describe("a facilitator who also votes", () => {
  async function votingRound(title: string) {
    const { d, owner } = await setup(title);
    const voters = [await d.join(`${title} gov`, { group: 0 }), await d.join(`${title} cit`, { group: 1 })];
    const fac = () => d.ctx(d.facilitatorId);
    await openRound(await fac());
    await createProposal(await d.ctx(voters[0]!), proposalInput({ title: "Statement one" }));
    await createProposal(await d.ctx(voters[1]!), proposalInput({ title: "Statement two" }));
    await advancePhase(await fac(), "proposing");
    await advancePhase(await fac(), "discussing");
    const ballot = await server.db
      .selectFrom("proposal_versions as v")
      .innerJoin("proposals as p", "p.id", "v.proposal_id")
      .select(["v.id", "v.title"])
      .where("p.deliberation_id", "=", d.id)
      .where("v.frozen_at", "is not", null)
      .orderBy("v.title")
      .execute();
    await castVote(await d.ctx(voters[0]!), { versionId: ballot[0]!.id, choice: "agree", confidence: 4 });
    const round = await server.db.selectFrom("rounds").selectAll().where("deliberation_id", "=", d.id).executeTakeFirstOrThrow();
    return { d, owner, ballot, round, fac };
  }

  it("declares the flag with a group, votes, and counts in that group everywhere voters are counted", async () => {
    const { d, owner, ballot, round, fac } = await votingRound("Cofac votes");
    const me = await membership(d, d.facilitatorId);
    // not yet: the ballot refuses with a sentence that says how
    const refused = await owner.get(`/d/${d.id}/vote`);
    expect(refused.status).toBe(403);
    expect(decode(await refused.text())).toContain("Facilitators vote only when they say so.");
    expect((await nonVotersOfVotingRound(server.app, d.id))!.membershipIds).not.toContain(me.id);
    // a group is required
    const noGroup = await owner.post(`/d/${d.id}/members`, { intent: "my-voting", alsoVotes: "yes", stakeholderGroupId: "", regionId: "" });
    expect(noGroup.status).toBe(400);
    expect(decode(await noGroup.text())).toContain("Choose the stakeholder group you vote in.");
    expect((await membership(d, d.facilitatorId)).also_votes).toBe(0);
    const foreign = await owner.post(`/d/${d.id}/members`, { intent: "my-voting", alsoVotes: "yes", stakeholderGroupId: "not-a-group", regionId: "" });
    expect(foreign.status).toBe(400);
    const saved = await owner.post(`/d/${d.id}/members`, { intent: "my-voting", alsoVotes: "yes", stakeholderGroupId: d.groupIds[1]!, regionId: "" });
    expect(saved.status).toBe(302);
    expect(await membership(d, d.facilitatorId)).toMatchObject({ also_votes: 1, stakeholder_group_id: d.groupIds[1], role: "facilitator" });
    expect(await logRows(d, "member_voting_changed")).toEqual([{ actor: me.id, subject: me.id, before: { alsoVotes: false, group: null, region: null }, after: { alsoVotes: true, group: "Citizens", region: null } }]);
    expect(decode(await (await owner.get(`/d/${d.id}/members`)).text())).toContain("Facilitator · owner · also votes (Citizens)");
    // a voter now: eligible, reminded until they vote, on the tabs, and the ballot opens
    expect((await nonVotersOfVotingRound(server.app, d.id))!.membershipIds).toContain(me.id);
    const overview = await owner.get(`/d/${d.id}`);
    expect(await overview.text()).toContain(`href="/d/${d.id}/vote"`);
    expect((await owner.get(`/d/${d.id}/vote`)).status).toBe(200);
    const vote = await owner.post(`/d/${d.id}/vote`, { versionId: ballot[0]!.id, choice: "disagree", confidence: "2", next: "0" });
    expect(vote.status).toBe(302);
    expect((await nonVotersOfVotingRound(server.app, d.id))!.membershipIds).not.toContain(me.id);
    // participation: counted as a Citizens member and voter
    const monitor = (await (await owner.get(`/d/${d.id}/participation.json`)).json()) as { totals: { members: number; voters: number }; groups: { id: string; counts: { members: number; voters: number } }[] };
    expect(monitor.totals).toMatchObject({ members: 3, voters: 2 });
    expect(monitor.groups.find((g) => g.id === d.groupIds[1])!.counts).toMatchObject({ members: 2, voters: 1 });
    // live results: an eligible voter in Citizens, their vote counted
    const live = (await loadLiveSource(server.db, d.id, round.id))!;
    expect(live.voters).toContainEqual({ id: me.id, groupId: d.groupIds[1], regionId: null });
    expect(live.votes).toContainEqual(expect.objectContaining({ voterId: me.id, versionId: ballot[0]!.id, choice: "disagree" }));
    // turning the flag off, or moving group, while their vote is in the open round: refused, nothing changed
    for (const body of [
      { intent: "my-voting", alsoVotes: "", stakeholderGroupId: "", regionId: "" },
      { intent: "my-voting", alsoVotes: "yes", stakeholderGroupId: d.groupIds[0]!, regionId: "" },
    ]) {
      const off = await owner.post(`/d/${d.id}/members`, body);
      expect(off.status).toBe(409);
      expect(decode(await off.text())).toContain("they keep counting until it closes");
    }
    expect(await membership(d, d.facilitatorId)).toMatchObject({ also_votes: 1, stakeholder_group_id: d.groupIds[1] });
    // the close freezes them in the snapshot with their vote; the report's participation counts them
    await advancePhase(await fac(), "voting");
    await server.app.scheduler.flush();
    const snapshot = (await findSnapshot(server.db, round.id))!.snapshot;
    expect(snapshot.voters).toContainEqual({ id: me.id, groupId: d.groupIds[1], regionId: null });
    expect(snapshot.votes.filter((v) => v.voterId === me.id)).toHaveLength(1);
    expect(await listParticipation(server.db, d.id, round.id)).toContainEqual({ groupId: d.groupIds[1], regionId: null, voted: true });
    // after the close the flag may go; the closed round keeps its frozen count
    const offAfter = await owner.post(`/d/${d.id}/members`, { intent: "my-voting", alsoVotes: "", stakeholderGroupId: "", regionId: "" });
    expect(offAfter.status).toBe(302);
    expect(await membership(d, d.facilitatorId)).toMatchObject({ also_votes: 0, stakeholder_group_id: null });
    expect((await findSnapshot(server.db, round.id))!.snapshot.voters.map((v) => v.id)).toContain(me.id);
    expect((await owner.get(`/d/${d.id}/vote`)).status).toBe(403);
  });

  it("in anonymous mode the action log does not say which group a facilitator votes in (observers read it)", async () => {
    const { d, owner } = await setup("Cofac anonymous log", "anonymous");
    const saved = await owner.post(`/d/${d.id}/members`, { intent: "my-voting", alsoVotes: "yes", stakeholderGroupId: d.groupIds[0]!, regionId: "" });
    expect(saved.status).toBe(302);
    expect((await membership(d, d.facilitatorId)).stakeholder_group_id).toBe(d.groupIds[0]);
    const rows = await logRows(d, "member_voting_changed");
    expect(rows.map((r) => [r.before, r.after])).toEqual([[{ alsoVotes: false }, { alsoVotes: true }]]);
  });

  it("only facilitators declare it, each for themselves; a co-facilitator's flag does not make others voters", async () => {
    const { d, owner } = await votingRound("Cofac self only");
    const co = await coFacilitator(d, owner, "Sol Selfonly");
    const participant = new Client(server.url);
    const token = await createInviteToken(owner, d.id, { stakeholderGroupId: d.groupIds[0]! });
    await participant.post(`/join/${token}`, { displayName: "Pip Participant", stakeholderGroupId: "", regionId: "" });
    const res = await participant.post(`/d/${d.id}/members`, { intent: "my-voting", alsoVotes: "yes", stakeholderGroupId: d.groupIds[0]!, regionId: "" });
    expect(res.status).toBe(403);
    const saved = await co.client.post(`/d/${d.id}/members`, { intent: "my-voting", alsoVotes: "yes", stakeholderGroupId: d.groupIds[0]!, regionId: "", membershipId: (await membership(d, d.facilitatorId)).id });
    expect(saved.status).toBe(302);
    expect((await membership(d, co.userId)).also_votes).toBe(1);
    expect((await membership(d, d.facilitatorId)).also_votes).toBe(0);
    expect((await owner.get(`/d/${d.id}/vote`)).status).toBe(403);
    expect((await co.client.get(`/d/${d.id}/vote`)).status).toBe(200);
  });
});
