import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sha256 } from "../../app/auth/crypto.server";
import { createProposal } from "../../app/deliberation/proposal-service.server";
import { openRound } from "../../app/deliberation/round-service.server";
import { createInviteToken, demoFacts, joinWithToken, loggedIn, loginCookie, setPhase } from "../helpers/demo";
import { proposalForm } from "../helpers/forms";
import { makeDeliberation, proposalInput } from "../helpers/scenario";
import { tableCounts } from "../helpers/test-db";
import { Client, startTestServer } from "../helpers/test-server";

let server: Awaited<ReturnType<typeof startTestServer>>;
let facts: Awaited<ReturnType<typeof demoFacts>>;
let facilitator: Client;
let participant: Client;
let other: { id: string; proposalId: string; versionTitle: string };

beforeAll(async () => {
  server = await startTestServer({ seedDemo: true });
  facts = await demoFacts(server.db);
  facilitator = await loggedIn(server.url, "facilitator");
  participant = await loggedIn(server.url, "participant");
  // A second deliberation in the same database, whose rows must stay out of reach of the demo's URLs.
  const d = await makeDeliberation(server.app, "Someone else's deliberation");
  const author = await d.join("Other Author");
  await openRound(await d.ctx(d.facilitatorId));
  const proposalId = await createProposal(await d.ctx(author), proposalInput({ title: "A proposal of the other deliberation" }));
  other = { id: d.id, proposalId, versionTitle: "A proposal of the other deliberation" };
});
afterAll(async () => server.stop());

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** The message is shown to the person: as a field error, or as the alert of the error page. */
function expectShown(html: string, message: string) {
  expect(html).toMatch(new RegExp(`(class="field-error"[^>]*|role="alert")>[^<]*${escapeRe(message)}`));
}

/**
 * Send a request that must be refused: the status, the sentence shown, never a 5xx, and the
 * database exactly as before (row counts of every table).
 */
async function refused(send: () => Promise<Response>, status: number, message: string): Promise<string> {
  const before = await tableCounts(server.db);
  const res = await send();
  const html = await res.text();
  expect(res.status).toBeLessThan(500);
  expect(res.status).toBe(status);
  expectShown(html, message);
  expect(await tableCounts(server.db)).toEqual(before);
  return html;
}

const voteUrl = () => `/d/${facts.id}/vote`;
const myVoteOn = (versionId: string) =>
  server.db.selectFrom("votes").selectAll().where("membership_id", "=", facts.participant.id).where("version_id", "=", versionId).executeTakeFirst();
const versionsTitled = (title: string) => server.db.selectFrom("proposal_versions").select("id").where("title", "=", title).execute();

describe("oversized fields", () => {
  beforeAll(async () => setPhase(server.db, facts.round2.id, "proposing"));
  afterAll(async () => setPhase(server.db, facts.round2.id, "voting"));

  it("a 5000-character proposal title → 400 'Keep this to 120 characters or fewer.', nothing stored", async () => {
    const title = "T".repeat(5000);
    await refused(() => participant.post(`/d/${facts.id}/proposals/new`, proposalForm({ title })), 400, "Keep this to 120 characters or fewer.");
    expect(await versionsTitled(title)).toEqual([]);
  });

  it("a 601-character statement → 400 'Keep this to 600 characters or fewer.', nothing stored", async () => {
    const title = "Statement too long check";
    await refused(() => participant.post(`/d/${facts.id}/proposals/new`, proposalForm({ title, statement: "S".repeat(601) })), 400, "Keep this to 600 characters or fewer.");
    expect(await versionsTitled(title)).toEqual([]);
  });

  it("a 200 000-character rationale is refused with a message, not a crash", async () => {
    await refused(() => participant.post(`/d/${facts.id}/proposals/new`, proposalForm({ rationale: "R".repeat(200_000) })), 400, "Keep this to 2000 characters or fewer.");
  });

  it("an over-long edit of an existing proposal leaves its text unchanged", async () => {
    const pid = facts.proposals.find((p) => p.author_membership_id === facts.participant.id && p.status === "active")!.id;
    const before = await server.db.selectFrom("proposal_versions").selectAll().where("proposal_id", "=", pid).execute();
    await refused(() => participant.post(`/d/${facts.id}/proposals/${pid}/edit`, proposalForm({ statement: "S".repeat(601) })), 400, "Keep this to 600 characters or fewer.");
    expect(await server.db.selectFrom("proposal_versions").selectAll().where("proposal_id", "=", pid).execute()).toEqual(before);
  });

  it("an evidence link that is not http(s) → 400 with the link message", async () => {
    const title = "Bad evidence link check";
    await refused(
      () => participant.post(`/d/${facts.id}/proposals/new`, proposalForm({ title, evidenceLinks: "javascript:alert(1)" })),
      400,
      "Each evidence link must be a web address starting with https:// or http://",
    );
    expect(await versionsTitled(title)).toEqual([]);
  });
});

describe("wrong types", () => {
  it("choice=maybe → 400 'Choose agree, disagree or pass.', no vote stored", async () => {
    const v = facts.ballot2[0]!.id;
    await refused(() => participant.post(voteUrl(), { versionId: v, choice: "maybe", confidence: "" }), 400, "Choose agree, disagree or pass.");
    expect(await myVoteOn(v)).toBeUndefined();
  });

  it("confidence=9 → 400 'Confidence is a number from 1 to 5.', no vote stored", async () => {
    const v = facts.ballot2[0]!.id;
    await refused(() => participant.post(voteUrl(), { versionId: v, choice: "agree", confidence: "9" }), 400, "Confidence is a number from 1 to 5.");
    expect(await myVoteOn(v)).toBeUndefined();
  });

  it("maxUses=abc → 400 'Enter a whole number.', no invite stored", async () => {
    await refused(
      () => facilitator.post(`/d/${facts.id}/members`, { intent: "create-invite", role: "participant", stakeholderGroupId: "", regionId: "", label: "abc", maxUses: "abc", expiresInDays: "7" }),
      400,
      "Enter a whole number.",
    );
  });

  it("an invite for a group of another deliberation → 400, no invite stored", async () => {
    const foreignGroup = (await server.db.selectFrom("stakeholder_groups").select("id").where("deliberation_id", "=", other.id).executeTakeFirstOrThrow()).id;
    await refused(
      () => facilitator.post(`/d/${facts.id}/members`, { intent: "create-invite", role: "participant", stakeholderGroupId: foreignGroup, regionId: "", label: "", maxUses: "5", expiresInDays: "7" }),
      400,
      "Choose one of the options.",
    );
  });

  it("advance with a phase that does not exist → 400, the round does not move", async () => {
    await refused(() => facilitator.post(`/d/${facts.id}?index`, { intent: "advance", from: "bogus", confirm: "yes" }), 400, "The form named a phase that does not exist.");
    expect((await server.db.selectFrom("rounds").select("phase").where("id", "=", facts.round2.id).executeTakeFirstOrThrow()).phase).toBe("voting");
  });

  it("advance without the confirmation box → 400, the round does not move", async () => {
    await refused(() => facilitator.post(`/d/${facts.id}?index`, { intent: "advance", from: "voting" }), 400, "Tick the box to confirm: this step cannot be undone.");
    expect((await server.db.selectFrom("rounds").select("phase").where("id", "=", facts.round2.id).executeTakeFirstOrThrow()).phase).toBe("voting");
  });

  it("an unknown intent → 400", async () => {
    await refused(() => facilitator.post(`/d/${facts.id}/members`, { intent: "drop-tables" }), 400, "This form sent an action we do not recognise.");
  });
});

describe("unknown ids", () => {
  it("a vote on a random versionId → 404, no vote stored", async () => {
    await refused(() => participant.post(voteUrl(), { versionId: "no-such-version-0000", choice: "agree" }), 404, "This version is not on the ballot of the current round.");
    expect(await server.db.selectFrom("votes").select("id").where("version_id", "=", "no-such-version-0000").execute()).toEqual([]);
  });

  it("a vote on a version from an earlier round → 404", async () => {
    const round1 = facts.rounds.find((r) => r.number === 1)!;
    const old = await server.db.selectFrom("proposal_versions").select("id").where("round_id", "=", round1.id).where("frozen_at", "is not", null).executeTakeFirstOrThrow();
    const before = await myVoteOn(old.id); // the demo participant voted in round 1
    await refused(() => participant.post(voteUrl(), { versionId: old.id, choice: before?.choice === "agree" ? "disagree" : "agree" }), 404, "This version is not on the ballot of the current round.");
    expect(await myVoteOn(old.id)).toEqual(before);
  });

  it("a proposal of another deliberation, through this deliberation's URL → 404 without its title", async () => {
    const html = await refused(() => participant.get(`/d/${facts.id}/proposals/${other.proposalId}`), 404, "We could not find this proposal in this deliberation.");
    expect(html).not.toContain(other.versionTitle);
  });

  it("editing another deliberation's proposal through this deliberation → 404, its text unchanged", async () => {
    await setPhase(server.db, facts.round2.id, "proposing");
    try {
      await refused(() => facilitator.post(`/d/${facts.id}/proposals/${other.proposalId}/edit`, proposalForm({ title: "Cross-deliberation edit" })), 404, "We could not find this proposal in this deliberation.");
      await refused(() => facilitator.post(`/d/${facts.id}/proposals/${other.proposalId}`, { intent: "withdraw", reason: "" }), 404, "We could not find this proposal in this deliberation.");
    } finally {
      await setPhase(server.db, facts.round2.id, "voting");
    }
    expect(await versionsTitled("Cross-deliberation edit")).toEqual([]);
    expect((await server.db.selectFrom("proposals").select("status").where("id", "=", other.proposalId).executeTakeFirstOrThrow()).status).toBe("active");
  });

  it("an unknown proposal id → 404", async () => {
    await refused(() => participant.get(`/d/${facts.id}/proposals/nope`), 404, "We could not find this proposal in this deliberation.");
  });

  it("an unknown deliberation → 404 for pages and actions", async () => {
    await refused(() => participant.get("/d/no-such-deliberation"), 404, "We could not find this deliberation, or you are not a member of it.");
    await refused(() => participant.post("/d/no-such-deliberation/vote", { versionId: facts.ballot2[0]!.id, choice: "agree" }), 404, "We could not find this deliberation, or you are not a member of it.");
    await refused(() => participant.get(`/d/${"x".repeat(5000)}`), 404, "We could not find this deliberation, or you are not a member of it.");
  });

  it("an unknown round number on the results page → 404", async () => {
    await refused(() => participant.get(`/d/${facts.id}/results?round=999`), 404, "There is no round 999 in this deliberation.");
  });

  it("revoking an invite that does not exist → 404", async () => {
    await refused(() => facilitator.post(`/d/${facts.id}/members`, { intent: "revoke-invite", inviteId: "nope" }), 404, "This invitation link is not valid.");
  });
});

describe("wrong phase", () => {
  it("a vote while the round is proposing → 409 naming the phase, no vote stored", async () => {
    const v = facts.ballot2[1]!.id;
    await setPhase(server.db, facts.round2.id, "proposing");
    try {
      const html = await refused(() => participant.post(voteUrl(), { versionId: v, choice: "agree" }), 409, "Voting is not possible now");
      expect(html).toMatch(/role="alert">[^<]*in its Proposing phase/);
      expect(html.toLowerCase()).toContain("proposing");
    } finally {
      await setPhase(server.db, facts.round2.id, "voting");
    }
    expect(await myVoteOn(v)).toBeUndefined();
  });

  it("a vote after the round closed → 409 naming the phase", async () => {
    const v = facts.ballot2[1]!.id;
    await setPhase(server.db, facts.round2.id, "closed");
    try {
      await refused(() => participant.post(voteUrl(), { versionId: v, choice: "agree" }), 409, "this round is in its Closed phase");
    } finally {
      await setPhase(server.db, facts.round2.id, "voting");
    }
    expect(await myVoteOn(v)).toBeUndefined();
  });

  it("a proposal while the round is voting → 409 naming the phase, nothing stored", async () => {
    const title = "Proposal during voting";
    await refused(() => participant.post(`/d/${facts.id}/proposals/new`, proposalForm({ title })), 409, "this round is in its Voting phase");
    expect(await versionsTitled(title)).toEqual([]);
  });

  it("opening a new round while one is open → 409", async () => {
    await refused(() => facilitator.post(`/d/${facts.id}?index`, { intent: "open-round" }), 409, "Round 2 is still in its Voting phase");
  });

  it("a phase move from a stale phase (double submit) → 409, the round does not move", async () => {
    await refused(() => facilitator.post(`/d/${facts.id}?index`, { intent: "advance", from: "discussing", confirm: "yes" }), 409, "The round has already moved on");
    expect((await server.db.selectFrom("rounds").select("phase").where("id", "=", facts.round2.id).executeTakeFirstOrThrow()).phase).toBe("voting");
  });
});

describe("invitation links", () => {
  const inviteByToken = (token: string) => server.db.selectFrom("invites").selectAll().where("token_hash", "=", sha256(token)).executeTakeFirstOrThrow();
  const joinForm = () => ({ displayName: "Late Joiner", stakeholderGroupId: facts.groups[0]!.id, regionId: "" });

  it("a replayed single-use invite → 410 'used the maximum', no second person or membership", async () => {
    const token = await createInviteToken(facilitator, facts.id, { maxUses: "1" });
    await joinWithToken(server.url, token, "First Joiner", facts.groups[0]!.id);
    const replay = new Client(server.url);
    await refused(() => replay.get(`/join/${token}`), 410, "used the maximum number of times");
    await refused(() => replay.post(`/join/${token}`, joinForm()), 410, "used the maximum number of times");
    expect((await inviteByToken(token)).uses).toBe(1);
  });

  it("an expired invite → 410 'expired', not used", async () => {
    const token = await createInviteToken(facilitator, facts.id);
    await server.db.updateTable("invites").set({ expires_at: new Date(Date.now() - 60_000).toISOString() }).where("token_hash", "=", sha256(token)).execute();
    const c = new Client(server.url);
    await refused(() => c.get(`/join/${token}`), 410, "This invitation link has expired.");
    await refused(() => c.post(`/join/${token}`, joinForm()), 410, "This invitation link has expired.");
    expect((await inviteByToken(token)).uses).toBe(0);
  });

  it("a revoked invite → 410 'revoked', not used", async () => {
    const token = await createInviteToken(facilitator, facts.id);
    const invite = await inviteByToken(token);
    expect((await facilitator.post(`/d/${facts.id}/members`, { intent: "revoke-invite", inviteId: invite.id })).status).toBe(302);
    const c = new Client(server.url);
    await refused(() => c.get(`/join/${token}`), 410, "This invitation link was revoked by the facilitator.");
    await refused(() => c.post(`/join/${token}`, joinForm()), 410, "This invitation link was revoked by the facilitator.");
    expect((await inviteByToken(token)).uses).toBe(0);
  });

  it.each([
    ["a short garbage token", "garbage"],
    ["a well-formed but unknown token", "A".repeat(43)],
    ["an absurdly long token", "z".repeat(3000)],
  ])("%s → 404", async (_name, token) => {
    const c = new Client(server.url);
    await refused(() => c.get(`/join/${token}`), 404, "This invitation link is not valid.");
    await refused(() => c.post(`/join/${token}`, joinForm()), 404, "This invitation link is not valid.");
  });

  it("joining without a name → 400 with the field message, invite not used", async () => {
    const token = await createInviteToken(facilitator, facts.id);
    await refused(() => new Client(server.url).post(`/join/${token}`, { ...joinForm(), displayName: "   " }), 400, "This field is required.");
    expect((await inviteByToken(token)).uses).toBe(0);
  });
});

describe("bodies that are not forms", () => {
  const send = async (path: string, who: "participant" | "facilitator" | null, contentType: string, body: string) => {
    const cookie = who ? (await loginCookie(server.url, who)).cookie : "";
    return () => fetch(server.url + path, { method: "POST", redirect: "manual", headers: { "Content-Type": contentType, Origin: server.url, Cookie: cookie }, body });
  };

  it.each([
    ["JSON to the vote action", (): string => `/d/${facts.id}/vote`, "participant", "application/json", JSON.stringify({ versionId: "x", choice: "agree" })],
    ["JSON to the members action", (): string => `/d/${facts.id}/members`, "facilitator", "application/json", JSON.stringify({ intent: "create-invite" })],
    ["JSON to the login action", (): string => "/login", null, "application/json", JSON.stringify({ email: "a@b.c", password: "x" })],
    ["plain text to the sign-up action", (): string => "/signup", null, "text/plain", "displayName=x&email=y"],
    ["a broken multipart body to the settings action", (): string => `/d/${facts.id}/settings`, "facilitator", "multipart/form-data; boundary=zzz", "not multipart at all"],
  ] as const)("%s → 400 'must be sent as a form', nothing stored", async (_name, path, who, contentType, body) => {
    await refused(await send(path(), who, contentType, body), 400, "This request must be sent as a form.");
  });
});
