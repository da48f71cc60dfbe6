import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AppContext } from "../../app/context/app-context.server";
import { sha256 } from "../../app/auth/crypto.server";
import type { DB } from "../../db/connection";
import type { ProposalVersionRow } from "../../db/schema";
import { findDeliberation, listDeliberationsForUser, listGroups, listRegions, updateGroup } from "../../app/deliberation/deliberation-repository.server";
import { listMyDeliberations } from "../../app/deliberation/deliberation-service.server";
import { acceptInvite, createInvite, revokeInvite } from "../../app/deliberation/invite-service.server";
import { findInviteByHash, listInvites, revokeInviteRow } from "../../app/deliberation/invite-repository.server";
import { removeMember } from "../../app/deliberation/member-service.server";
import { findLiveMembership, findMembershipScope, listMembers, removeMembership } from "../../app/deliberation/membership-repository.server";
import {
  findProposal,
  findBallotEntryForVote,
  listBallot,
  listProposalsWithLatest,
  setProposalStatus,
  updateDraftVersion,
} from "../../app/deliberation/proposal-repository.server";
import {
  createProposal,
  getProposalDetail,
  mergeProposal,
  saveProposalText,
  withdrawProposal,
} from "../../app/deliberation/proposal-service.server";
import { getRoundResults } from "../../app/results/live-counts.server";
import { findLatestRound, findRound, findRoundByNumber, listRounds } from "../../app/deliberation/round-repository.server";
import { advancePhase, openRound } from "../../app/deliberation/round-service.server";
import { listEligibleVoters, listMyVotes, listRoundVotes } from "../../app/deliberation/vote-repository.server";
import { castVote } from "../../app/deliberation/vote-service.server";
import { createTestDb, tableCounts } from "../helpers/test-db";
import { failure, makeDeliberation, makeUser, proposalInput, type TestDeliberation } from "../helpers/scenario";

let db: DB;

let app: AppContext;
let cleanup: () => Promise<void>;

beforeAll(async () => {
  ({ db, app, cleanup } = await createTestDb());
});
afterAll(async () => cleanup());

async function versionsOf(proposalId: string): Promise<ProposalVersionRow[]> {
  return db.selectFrom("proposal_versions").selectAll().where("proposal_id", "=", proposalId).orderBy("version_number").execute();
}

async function tokenInvite(d: TestDeliberation, maxUses = 1) {
  const r = await createInvite(await d.ctx(d.facilitatorId), { role: "participant", stakeholderGroupId: d.groupIds[0]!, regionId: "", label: "", maxUses, expiresInDays: 7 });
  if (!("token" in r)) throw new Error("invite refused");
  const row = await findInviteByHash(db, sha256(r.token));
  return { token: r.token, id: row!.id };
}

// ------------------------------------------------------------------------------------ deliberations

describe("createDeliberation", () => {
  it("stores the deliberation, its groups and regions in order, and makes the creator its facilitator", async () => {
    const d = await makeDeliberation(app, "Creation check", { attributionMode: "named", resultsVisibility: "live" });
    const row = await findDeliberation(db, d.id);
    expect(row).toMatchObject({ title: "Creation check", attribution_mode: "named", results_visibility: "live", created_by: d.facilitatorId, min_group_size: 5 });
    expect((await listGroups(db, d.id)).map((g) => [g.name, g.target_share, g.position])).toEqual([
      ["Government", 0.5, 0],
      ["Citizens", 0.5, 1],
    ]);
    expect((await listRegions(db, d.id)).map((r) => r.name)).toEqual(["Europe", "Africa"]);
    const m = await findLiveMembership(db, d.id, d.facilitatorId);
    expect(m).toMatchObject({ role: "facilitator", pseudonym: "Facilitator", stakeholder_group_id: null });
    expect(await listMyDeliberations(app.db, d.facilitatorId)).toEqual([{ id: d.id, title: "Creation check", question: expect.any(String), role: "facilitator", archived: false }]);
  });
});

// ------------------------------------------------------------------------------------ invites

describe("acceptInvite", () => {
  let d: TestDeliberation;
  beforeAll(async () => {
    d = await makeDeliberation(app, "Invite checks");
  });

  it("creates a person without email or password, a membership with the chosen group and the next pseudonym, and counts the use", async () => {
    const { token, id } = await tokenInvite(d, 3);
    const r = await acceptInvite(app, token, null, { displayName: "Joiner One", stakeholderGroupId: "", regionId: "" });
    expect(r).toMatchObject({ deliberationId: d.id, newUser: true });
    const user = await db.selectFrom("users").selectAll().where("id", "=", r.userId).executeTakeFirstOrThrow();
    expect(user).toMatchObject({ display_name: "Joiner One", email: null, password_hash: null });
    const m = await findLiveMembership(db, d.id, r.userId);
    expect(m).toMatchObject({ role: "participant", stakeholder_group_id: d.groupIds[0], pseudonym: "Delegate 2" });
    expect((await db.selectFrom("invites").select("uses").where("id", "=", id).executeTakeFirstOrThrow()).uses).toBe(1);
  });

  it("lets a signed-in member through without creating anything or using up the invite", async () => {
    const { token, id } = await tokenInvite(d, 3);
    const before = await tableCounts(db);
    const r = await acceptInvite(app, token, d.facilitatorId, { displayName: "", stakeholderGroupId: "", regionId: "" });
    expect(r).toEqual({ deliberationId: d.id, userId: d.facilitatorId, newUser: false, joined: false, returnLinkIssued: false });
    expect(await tableCounts(db)).toEqual(before);
    expect((await db.selectFrom("invites").select("uses").where("id", "=", id).executeTakeFirstOrThrow()).uses).toBe(0);
  });

  it("asks a participant to choose a group when the invite leaves it open, without using the invite", async () => {
    const r0 = await createInvite(await d.ctx(d.facilitatorId), { role: "participant", stakeholderGroupId: "", regionId: "", label: "", maxUses: 1, expiresInDays: 7 });
    if (!("token" in r0)) throw new Error("invite refused");
    const before = await tableCounts(db);
    await expect(acceptInvite(app, r0.token, null, { displayName: "No Group", stakeholderGroupId: "", regionId: "" })).rejects.toMatchObject({
      status: 400,
      fieldErrors: { stakeholderGroupId: ["This field is required."] },
      values: { displayName: "No Group" },
    });
    await expect(acceptInvite(app, r0.token, null, { displayName: "No Group", stakeholderGroupId: "not-a-group", regionId: "" })).rejects.toMatchObject({
      status: 400,
      fieldErrors: { stakeholderGroupId: ["Choose one of the options."] },
    });
    expect(await tableCounts(db)).toEqual(before);
  });

  it("refuses a used-up invite with 410 and rolls back: no person, no membership", async () => {
    const { token } = await tokenInvite(d, 1);
    await acceptInvite(app, token, null, { displayName: "First", stakeholderGroupId: "", regionId: "" });
    const before = await tableCounts(db);
    expect(await failure(acceptInvite(app, token, null, { displayName: "Second", stakeholderGroupId: "", regionId: "" }))).toMatchObject({
      status: 410,
      message: expect.stringContaining("used the maximum"),
    });
    expect(await tableCounts(db)).toEqual(before);
  });

  it("refuses expired (410), revoked (410) and unknown (404) invites", async () => {
    const expired = await tokenInvite(d);
    await db.updateTable("invites").set({ expires_at: new Date(Date.now() - 1000).toISOString() }).where("id", "=", expired.id).execute();
    const revoked = await tokenInvite(d);
    await revokeInvite(await d.ctx(d.facilitatorId), revoked.id);
    const input = { displayName: "Late", stakeholderGroupId: "", regionId: "" };
    expect(await failure(acceptInvite(app, expired.token, null, input))).toMatchObject({ status: 410, message: expect.stringContaining("expired") });
    expect(await failure(acceptInvite(app, revoked.token, null, input))).toMatchObject({ status: 410, message: expect.stringContaining("revoked") });
    expect(await failure(acceptInvite(app, "x".repeat(43), null, input))).toMatchObject({ status: 404 });
    expect(await failure(acceptInvite(app, "short", null, input))).toMatchObject({ status: 404 });
  });

  it("does not let a removed member back in through a new link", async () => {
    const userId = await d.join("Removed Later");
    const m = await findLiveMembership(db, d.id, userId);
    await removeMember(await d.ctx(d.facilitatorId), m!.id);
    const { token } = await tokenInvite(d);
    expect(await failure(acceptInvite(app, token, userId, { displayName: "", stakeholderGroupId: "", regionId: "" }))).toMatchObject({ status: 403 });
    expect(await findLiveMembership(db, d.id, userId)).toBeUndefined();
  });
});

// ------------------------------------------------------------------------------------ rounds and freezing

describe("rounds, phases and frozen versions (one deliberation, step by step)", () => {
  let d: TestDeliberation;
  let alice: string;
  let bob: string;
  let carol: string;
  let A: string; // revised in round 2
  let B: string; // never revised
  let C: string; // withdrawn before the first vote
  let frozenRound1: ProposalVersionRow[];

  beforeAll(async () => {
    d = await makeDeliberation(app, "Freezing");
    alice = await d.join("Alice Author");
    bob = await d.join("Bob Builder", { group: 1 });
    carol = await d.join("Carol Withdrawn");
  });

  it("refuses to propose before a round is open", async () => {
    expect(await failure(createProposal(await d.ctx(alice), proposalInput()))).toMatchObject({ status: 409, message: expect.stringContaining("no round") });
  });

  it("opens round 1 in the proposing phase and refuses a second open round", async () => {
    expect(await openRound(await d.ctx(d.facilitatorId))).toBe(1);
    expect(await findLatestRound(db, d.id)).toMatchObject({ number: 1, phase: "proposing", voting_opened_at: null, closed_at: null });
    expect(await failure(openRound(await d.ctx(d.facilitatorId)))).toMatchObject({ status: 409, message: expect.stringContaining("Proposing") });
  });

  it("stores a new proposal as draft version 1 of the current round", async () => {
    A = await createProposal(await d.ctx(alice), proposalInput({ title: "Proposal A original" }));
    B = await createProposal(await d.ctx(bob), proposalInput({ title: "Proposal B only" }));
    C = await createProposal(await d.ctx(carol), proposalInput({ title: "Proposal C withdrawn" }));
    const round = await findLatestRound(db, d.id);
    const [v1] = await versionsOf(A);
    expect(v1).toMatchObject({ version_number: 1, round_id: round!.id, frozen_at: null, title: "Proposal A original", evidence_links: '["https://idais.ai/"]' });
  });

  it("edits a draft in place (no new version) while proposing and discussing", async () => {
    expect(await saveProposalText(await d.ctx(alice), A, proposalInput({ title: "Proposal A edited" }))).toEqual({ versionNumber: 1, revised: false });
    await advancePhase(await d.ctx(d.facilitatorId), "proposing");
    expect((await findLatestRound(db, d.id))!.phase).toBe("discussing");
    expect(await saveProposalText(await d.ctx(alice), A, proposalInput({ title: "Proposal A for round 1" }))).toEqual({ versionNumber: 1, revised: false });
    const versions = await versionsOf(A);
    expect(versions).toHaveLength(1);
    expect(versions[0]!.title).toBe("Proposal A for round 1");
  });

  it("refuses a phase move from a phase the round is no longer in (no skipping on double submit)", async () => {
    expect(await failure(advancePhase(await d.ctx(d.facilitatorId), "proposing"))).toMatchObject({ status: 409, message: expect.stringContaining("Discussing") });
    expect((await findLatestRound(db, d.id))!.phase).toBe("discussing");
  });

  it("freezes every active draft when voting opens, without new versions; a withdrawn draft stays unfrozen", async () => {
    await withdrawProposal(await d.ctx(d.facilitatorId), C, "covered elsewhere");
    await advancePhase(await d.ctx(d.facilitatorId), "discussing");
    const round = await findLatestRound(db, d.id);
    expect(round).toMatchObject({ phase: "voting", voting_opened_at: expect.any(String) });
    const [a, b, c] = [await versionsOf(A), await versionsOf(B), await versionsOf(C)];
    expect(a).toHaveLength(1);
    expect(b).toHaveLength(1);
    expect(a[0]!.frozen_at).toBe(round!.voting_opened_at);
    expect(b[0]!.frozen_at).toBe(round!.voting_opened_at);
    expect(c[0]!.frozen_at).toBeNull();
    expect((await listBallot(db, d.id, round!.id)).map((v) => v.proposal_id).sort()).toEqual([A, B].sort());
    frozenRound1 = [a[0]!, b[0]!];
  });

  it("never changes a frozen version: updateDraftVersion returns false and the row is untouched", async () => {
    for (const v of frozenRound1) {
      expect(await updateDraftVersion(db, v.id, { title: "Tampered", statement: "Tampered statement text" })).toBe(false);
      expect(await db.selectFrom("proposal_versions").selectAll().where("id", "=", v.id).executeTakeFirst()).toEqual(v);
    }
  });

  it("refuses to edit wording during voting, naming the phase", async () => {
    expect(await failure(saveProposalText(await d.ctx(alice), A, proposalInput({ title: "Too late to edit" })))).toMatchObject({
      status: 409,
      message: expect.stringContaining("Voting phase"),
    });
    expect(await versionsOf(A)).toEqual([frozenRound1[0]]);
  });

  it("closes the round and refuses to move a closed round", async () => {
    await castVote(await d.ctx(alice), { versionId: frozenRound1[1]!.id, choice: "agree", confidence: 4 });
    await advancePhase(await d.ctx(d.facilitatorId), "voting");
    expect(await findLatestRound(db, d.id)).toMatchObject({ phase: "closed", closed_at: expect.any(String) });
    expect(await failure(advancePhase(await d.ctx(d.facilitatorId), "closed"))).toMatchObject({ status: 409, message: expect.stringContaining("already closed") });
  });

  it("a revision in round 2 creates version N+1 as a draft, and further edits change that draft in place", async () => {
    expect(await openRound(await d.ctx(d.facilitatorId))).toBe(2);
    const round2 = await findLatestRound(db, d.id);
    expect(await saveProposalText(await d.ctx(alice), A, proposalInput({ title: "Proposal A revised" }))).toEqual({ versionNumber: 2, revised: true });
    expect(await saveProposalText(await d.ctx(alice), A, proposalInput({ title: "Proposal A revised again" }))).toEqual({ versionNumber: 2, revised: false });
    const versions = await versionsOf(A);
    expect(versions.map((v) => [v.version_number, v.round_id, v.frozen_at, v.title])).toEqual([
      [1, frozenRound1[0]!.round_id, frozenRound1[0]!.frozen_at, "Proposal A for round 1"],
      [2, round2!.id, null, "Proposal A revised again"],
    ]);
  });

  it("at the round-2 vote: the revision is frozen as is, and the unrevised proposal gets a frozen copy as version 2", async () => {
    await advancePhase(await d.ctx(d.facilitatorId), "proposing");
    await advancePhase(await d.ctx(d.facilitatorId), "discussing");
    const round2 = await findLatestRound(db, d.id);
    const a = await versionsOf(A);
    const b = await versionsOf(B);
    expect(a).toHaveLength(2);
    expect(a[1]).toMatchObject({ version_number: 2, round_id: round2!.id, frozen_at: round2!.voting_opened_at, title: "Proposal A revised again" });
    expect(b).toHaveLength(2);
    const { id: _i1, version_number: _n1, round_id: _r1, created_at: _c1, frozen_at: _f1, ...text1 } = b[0]!;
    const { id: _i2, version_number: n2, round_id: r2, frozen_at: f2, ...text2 } = b[1]!;
    expect({ n2, r2, f2 }).toEqual({ n2: 2, r2: round2!.id, f2: round2!.voting_opened_at });
    expect({ ...text2, created_at: undefined }).toEqual({ ...text1, created_at: undefined });
    expect((await listBallot(db, d.id, round2!.id)).map((v) => v.id).sort()).toEqual([a[1]!.id, b[1]!.id].sort());
    expect((await listBallot(db, d.id, frozenRound1[0]!.round_id)).map((v) => v.id).sort()).toEqual(frozenRound1.map((v) => v.id).sort());
  });

  it("left every round-1 version exactly as it was frozen, and the withdrawn draft never reached a ballot", async () => {
    for (const v of frozenRound1) {
      expect(await db.selectFrom("proposal_versions").selectAll().where("id", "=", v.id).executeTakeFirst()).toEqual(v);
    }
    expect(await versionsOf(C)).toHaveLength(1);
    const all = await db.selectFrom("proposal_versions").select(["id", "frozen_at"]).where("proposal_id", "in", [A, B]).execute();
    for (const v of all) expect(await updateDraftVersion(db, v.id, { title: "Tampered" })).toBe(false);
  });

  it("binds votes to the version of their round: a round-1 version cannot be voted on in round 2", async () => {
    expect(await failure(castVote(await d.ctx(alice), { versionId: frozenRound1[0]!.id, choice: "agree", confidence: null }))).toMatchObject({ status: 404 });
  });

  it("refuses to open voting when no proposal is active", async () => {
    const empty = await makeDeliberation(app, "Nothing to vote on");
    await openRound(await empty.ctx(empty.facilitatorId));
    await advancePhase(await empty.ctx(empty.facilitatorId), "proposing");
    expect(await failure(advancePhase(await empty.ctx(empty.facilitatorId), "discussing"))).toMatchObject({ status: 409, message: expect.stringContaining("no active proposal") });
    expect((await findLatestRound(db, empty.id))!.phase).toBe("discussing");
  });
});

// ------------------------------------------------------------------------------------ withdraw and merge

describe("withdraw and merge", () => {
  let d: TestDeliberation;
  let author: string;
  let P: string;
  let Q: string;
  let R: string;

  beforeAll(async () => {
    d = await makeDeliberation(app, "Status changes");
    author = await d.join("Status Author");
    await openRound(await d.ctx(d.facilitatorId));
    const ctx = await d.ctx(author);
    P = await createProposal(ctx, proposalInput({ title: "Proposal P" }));
    Q = await createProposal(ctx, proposalInput({ title: "Proposal Q" }));
    R = await createProposal(ctx, proposalInput({ title: "Proposal R successor" }));
  });

  it("withdraws with the reason and refuses to withdraw twice", async () => {
    await withdrawProposal(await d.ctx(d.facilitatorId), P, "Duplicate of R");
    expect(await findProposal(db, d.id, P)).toMatchObject({ status: "withdrawn", status_reason: "Duplicate of R", merged_into_id: null });
    expect(await failure(withdrawProposal(await d.ctx(d.facilitatorId), P, ""))).toMatchObject({ status: 404 });
  });

  it("merges a proposal into its successor, which the merged proposal then points to", async () => {
    await mergeProposal(await d.ctx(d.facilitatorId), Q, R, "Same idea");
    expect(await findProposal(db, d.id, Q)).toMatchObject({ status: "merged", merged_into_id: R, status_reason: "Same idea" });
    expect(await findProposal(db, d.id, R)).toMatchObject({ status: "active", merged_into_id: null });
    const detail = await getProposalDetail(await d.ctx(author), Q);
    expect(detail.mergedInto).toEqual({ id: R, title: "Proposal R successor" });
  });

  it("refuses merging into itself, into an inactive proposal, or into another deliberation's proposal", async () => {
    const other = await makeDeliberation(app, "Other for merge");
    const otherAuthor = await other.join("Other Author");
    await openRound(await other.ctx(other.facilitatorId));
    const foreign = await createProposal(await other.ctx(otherAuthor), proposalInput({ title: "Foreign proposal" }));
    const fac = await d.ctx(d.facilitatorId);
    expect(await failure(mergeProposal(fac, R, R, ""))).toMatchObject({ status: 409, message: expect.stringContaining("itself") });
    expect(await failure(mergeProposal(fac, R, P, ""))).toMatchObject({ status: 409 });
    expect(await failure(mergeProposal(fac, R, foreign, ""))).toMatchObject({ status: 409 });
    expect(await findProposal(db, d.id, R)).toMatchObject({ status: "active", merged_into_id: null });
  });

  it("keeps withdrawn and merged proposals from changing", async () => {
    for (const id of [P, Q]) {
      expect(await failure(saveProposalText(await d.ctx(author), id, proposalInput({ title: "Changed after all" })))).toMatchObject({ status: 409 });
      expect((await versionsOf(id))[0]!.title).not.toBe("Changed after all");
    }
  });

  it("refuses withdraw and merge during voting, naming the phase", async () => {
    await advancePhase(await d.ctx(d.facilitatorId), "proposing");
    await advancePhase(await d.ctx(d.facilitatorId), "discussing");
    const fac = await d.ctx(d.facilitatorId);
    expect(await failure(withdrawProposal(fac, R, ""))).toMatchObject({ status: 409, message: expect.stringContaining("Voting phase") });
    expect((await findProposal(db, d.id, R))!.status).toBe("active");
  });
});

// ------------------------------------------------------------------------------------ scoping

describe("membership scoping: a query for deliberation A never returns deliberation B's rows", () => {
  interface World {
    d: TestDeliberation;
    participant: string;
    membershipId: string;
    proposalId: string;
    roundId: string;
    versionId: string;
    inviteId: string;
  }
  let A: World;
  let B: World;
  let both: string; // a person who is a participant in both

  async function build(title: string): Promise<World> {
    const d = await makeDeliberation(app, title);
    const participant = await d.join(`${title} participant`);
    await openRound(await d.ctx(d.facilitatorId));
    const proposalId = await createProposal(await d.ctx(participant), proposalInput({ title: `${title} proposal` }));
    await advancePhase(await d.ctx(d.facilitatorId), "proposing");
    await advancePhase(await d.ctx(d.facilitatorId), "discussing");
    const round = await findLatestRound(db, d.id);
    const versionId = (await versionsOf(proposalId))[0]!.id;
    await castVote(await d.ctx(participant), { versionId, choice: "agree", confidence: 3 });
    const { id: inviteId } = await tokenInvite(d, 5);
    const membershipId = (await findLiveMembership(db, d.id, participant))!.id;
    return { d, participant, membershipId, proposalId, roundId: round!.id, versionId, inviteId };
  }

  beforeAll(async () => {
    A = await build("Scope A");
    B = await build("Scope B");
    both = await makeUser(app, "In Both");
    for (const w of [A, B]) {
      const { token } = await tokenInvite(w.d);
      await acceptInvite(app, token, both, { displayName: "", stakeholderGroupId: "", regionId: "" });
    }
    await castVote(await B.d.ctx(both), { versionId: B.versionId, choice: "disagree", confidence: null });
  });

  it("lists only A's proposals, members, invites, groups, regions and rounds", async () => {
    expect((await listProposalsWithLatest(db, A.d.id)).map((p) => p.id)).toEqual([A.proposalId]);
    const members = await listMembers(db, A.d.id);
    expect(members.map((m) => m.id)).not.toContain(B.membershipId);
    expect(new Set(members.map((m) => m.display_name))).toEqual(new Set(["Scope A facilitator", "Scope A participant", "In Both"]));
    expect((await listInvites(db, A.d.id)).map((i) => i.id)).toContain(A.inviteId);
    expect((await listInvites(db, A.d.id)).map((i) => i.id)).not.toContain(B.inviteId);
    const bGroups = (await listGroups(db, B.d.id)).map((g) => g.id);
    expect((await listGroups(db, A.d.id)).map((g) => g.id).filter((id) => bGroups.includes(id))).toEqual([]);
    const bRegions = (await listRegions(db, B.d.id)).map((r) => r.id);
    expect((await listRegions(db, A.d.id)).map((r) => r.id).filter((id) => bRegions.includes(id))).toEqual([]);
    expect((await listRounds(db, A.d.id)).map((r) => r.id)).toEqual([A.roundId]);
    expect((await findLatestRound(db, A.d.id))!.id).toBe(A.roundId);
    expect((await findRoundByNumber(db, A.d.id, 1))!.id).toBe(A.roundId);
    expect((await listEligibleVoters(db, A.d.id)).map((v) => v.id)).not.toContain(B.membershipId);
  });

  it("finds nothing of B when asked with A's id", async () => {
    expect(await findProposal(db, A.d.id, B.proposalId)).toBeUndefined();
    expect(await findRound(db, A.d.id, B.roundId)).toBeUndefined();
    expect(await findBallotEntryForVote(db, A.d.id, B.roundId, B.versionId)).toBeUndefined();
    expect((await findBallotEntryForVote(db, A.d.id, A.roundId, B.versionId))?.onBallot).toBe(false);
    expect(await listBallot(db, A.d.id, B.roundId)).toEqual([]);
    expect(await listRoundVotes(db, A.d.id, B.roundId)).toEqual([]);
    expect(await findLiveMembership(db, A.d.id, B.participant)).toBeUndefined();
    expect(await findMembershipScope(db, A.d.id, B.participant)).toBeUndefined();
    const own = await findMembershipScope(db, A.d.id, A.participant);
    expect([own?.deliberation.id, own?.round?.id]).toEqual([A.d.id, A.roundId]);
  });

  it("counts only A's votes in A's round, even from a person who is in both", async () => {
    const votes = await listRoundVotes(db, A.d.id, A.roundId);
    expect(votes.map((v) => [v.version_id, v.membership_id, v.choice])).toEqual([[A.versionId, A.membershipId, "agree"]]);
    const bothInA = (await findLiveMembership(db, A.d.id, both))!.id;
    expect(await listMyVotes(db, A.roundId, bothInA)).toEqual([]);
    const results = await getRoundResults(await A.d.ctx(A.d.facilitatorId), null);
    expect(results.results!.statements.map((s) => s.statementId)).toEqual([A.versionId]);
    expect(results.results!.statements[0]!.overall.total).toBe(1);
  });

  it("does not list A to a member of B only", async () => {
    expect((await listDeliberationsForUser(db, B.participant)).map((d) => d.id)).toEqual([B.d.id]);
  });

  it("cannot change B's rows through A's id (repositories update zero rows)", async () => {
    const before = await tableCounts(db);
    expect(Number((await setProposalStatus(db, A.d.id, B.proposalId, { status: "withdrawn", merged_into_id: null, status_reason: null })).numUpdatedRows)).toBe(0);
    expect(Number((await revokeInviteRow(db, A.d.id, B.inviteId)).numUpdatedRows)).toBe(0);
    expect(Number((await removeMembership(db, A.d.id, B.membershipId)).numUpdatedRows)).toBe(0);
    const bGroup = (await listGroups(db, B.d.id))[0]!;
    await updateGroup(db, A.d.id, bGroup.id, { name: "Hijacked", target_share: 1, position: 9 });
    expect((await listGroups(db, B.d.id))[0]).toEqual(bGroup);
    expect(await findProposal(db, B.d.id, B.proposalId)).toMatchObject({ status: "active" });
    expect((await db.selectFrom("invites").select("revoked_at").where("id", "=", B.inviteId).executeTakeFirstOrThrow()).revoked_at).toBeNull();
    expect(await findLiveMembership(db, B.d.id, B.participant)).toBeDefined();
    expect(await tableCounts(db)).toEqual(before);
  });

  it("answers 404 from the services when A's context reaches for B's rows", async () => {
    expect(await failure(castVote(await A.d.ctx(A.participant), { versionId: B.versionId, choice: "agree", confidence: null }))).toMatchObject({ status: 404 });
    expect(await listMyVotes(db, B.roundId, A.membershipId)).toEqual([]);
    // close A's round so that withdrawing is allowed by phase: only the scoping can refuse it now
    await advancePhase(await A.d.ctx(A.d.facilitatorId), "voting");
    const facA = await A.d.ctx(A.d.facilitatorId);
    expect(await failure(getProposalDetail(facA, B.proposalId))).toMatchObject({ status: 404 });
    expect(await failure(withdrawProposal(facA, B.proposalId, ""))).toMatchObject({ status: 404 });
    expect(await failure(mergeProposal(facA, A.proposalId, B.proposalId, ""))).toMatchObject({ status: 409 });
    expect(await failure(revokeInvite(facA, B.inviteId))).toMatchObject({ status: 404 });
    expect(await failure(removeMember(facA, B.membershipId))).toMatchObject({ status: 404 });
    expect(await findProposal(db, B.d.id, B.proposalId)).toMatchObject({ status: "active" });
    expect(await findProposal(db, A.d.id, A.proposalId)).toMatchObject({ status: "active", merged_into_id: null });
  });
});
