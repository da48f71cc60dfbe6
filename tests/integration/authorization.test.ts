import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sha256 } from "../../app/auth/crypto.server";
import { acceptInvite, createInvite } from "../../app/deliberation/invite-service.server";
import { setMyVoting } from "../../app/deliberation/member-service.server";
import { findLiveMembership } from "../../app/deliberation/membership-repository.server";
import { createProposal } from "../../app/deliberation/proposal-service.server";
import { DEMO_LOGINS } from "../../app/demo/demo-content";
import { memberContext } from "../helpers/context";
import { demoFacts, loggedIn, loginCookie, setPhase } from "../helpers/demo";
import { currentSettingsForm, proposalForm } from "../helpers/forms";
import { proposalInput } from "../helpers/scenario";
import { tableCounts } from "../helpers/test-db";
import { Client, startTestServer } from "../helpers/test-server";

/** cofacilitator: a facilitator who is not the owner; votingFacilitator: a co-facilitator who also votes (decision 048). */
type Role = "anonymous" | "outsider" | "observer" | "participant" | "cofacilitator" | "votingFacilitator" | "facilitator";
type FacilitatorRole = "facilitator" | "cofacilitator" | "votingFacilitator";
const FACILITATOR_ROLES: FacilitatorRole[] = ["facilitator", "cofacilitator", "votingFacilitator"];
type Phase = "proposing" | "voting";

let server: Awaited<ReturnType<typeof startTestServer>>;
let facts: Awaited<ReturnType<typeof demoFacts>>;
const clients = {} as Record<Role, Client>;
/** Ids the table's paths and bodies refer to, filled in beforeAll. */
const ids = {
  d: "",
  ownProposal: "", // authored by the demo participant, a draft of round 2
  othersProposal: "", // authored by someone else
  mergeTarget: "",
  versionId: "",
  outsiderDeliberation: "",
  /** co-facilitators the owner demotes, removes, and names in an unconfirmed handover */
  demoteTarget: "",
  removeFacilitatorTarget: "",
  handoverTarget: "",
  votingGroup: "",
};
/** Each facilitator role's own objects for its successful actions (so one role's success does not turn another's into a 404). */
const targets = {} as Record<FacilitatorRole, { withdrawTarget: string; mergeSource: string; inviteId: string; removableMembershipId: string; promotableMembershipId: string }>;
const targetOf = (role: Role) => targets[(FACILITATOR_ROLES as Role[]).includes(role) ? (role as FacilitatorRole) : "facilitator"];
let settingsForm: Record<string, string | string[]>;

beforeAll(async () => {
  server = await startTestServer({ seedDemo: true, trustProxy: "loopback" }); // X-Forwarded-Proto below
  facts = await demoFacts(server.db);
  ids.d = facts.id;
  ids.versionId = facts.ballot2[0]!.id;

  clients.anonymous = new Client(server.url);
  clients.observer = await loggedIn(server.url, "observer");
  clients.participant = await loggedIn(server.url, "participant");
  clients.facilitator = await loggedIn(server.url, "facilitator");

  // The outsider: a facilitator with an account and a deliberation of their own, not a member of the demo.
  const outsider = new Client(server.url);
  await outsider.signUp("Olga Outsider", "olga@example.org", "outsider-password-1");
  const created = await outsider.post("/deliberations/new", {
    title: "Olga's own deliberation",
    question: "Which red lines does Olga's assembly want?",
    description: "",
    attributionMode: "named",
    resultsVisibility: "after_close",
    groupId: [""],
    groupName: ["Everyone"],
    groupShare: ["100"],
    regions: "",
  });
  expect(created.status).toBe(302);
  ids.outsiderDeliberation = /\/d\/([^/?]+)/.exec(created.headers.get("location") ?? "")![1]!;
  clients.outsider = outsider;

  // Throwaway objects for the facilitator's successful actions (created through the services).
  const facUser = (await server.db.selectFrom("users").select("id").where("email", "=", DEMO_LOGINS.facilitator.email).executeTakeFirstOrThrow()).id;
  const partUser = (await server.db.selectFrom("users").select("id").where("email", "=", DEMO_LOGINS.participant.email).executeTakeFirstOrThrow()).id;
  await setPhase(server.db, facts.round2.id, "proposing");
  const partCtx = await memberContext(server.app, ids.d, partUser);
  ids.ownProposal = await createProposal(partCtx, proposalInput({ title: "Participant's own draft" }));
  const drafts = {} as Record<FacilitatorRole, { withdrawTarget: string; mergeSource: string }>;
  for (const role of FACILITATOR_ROLES) {
    drafts[role] = {
      withdrawTarget: await createProposal(partCtx, proposalInput({ title: `Draft to be withdrawn by ${role}` })),
      mergeSource: await createProposal(partCtx, proposalInput({ title: `Draft to be merged by ${role}` })),
    };
  }
  await setPhase(server.db, facts.round2.id, "voting");
  ids.othersProposal = facts.proposals.find((p) => p.author_membership_id !== facts.participant.id && p.status === "active")!.id;
  ids.mergeTarget = ids.othersProposal;
  const facCtx = await memberContext(server.app, ids.d, facUser);
  const newMember = async (displayName: string, role: "participant" | "facilitator" = "participant") => {
    const joiner = await createInvite(facCtx, { role, stakeholderGroupId: facts.groups[0]!.id, regionId: "", label: "", maxUses: 1, expiresInDays: 7 });
    const joined = await acceptInvite(server.app, joiner.token, null, { displayName, stakeholderGroupId: "", regionId: "" });
    return (await findLiveMembership(server.db, ids.d, joined.userId))!.id;
  };
  for (const role of FACILITATOR_ROLES) {
    const invite = await createInvite(facCtx, { role: "participant", stakeholderGroupId: facts.groups[0]!.id, regionId: "", label: `to revoke by ${role}`, maxUses: 1, expiresInDays: 7 });
    targets[role] = {
      ...drafts[role],
      inviteId: (await server.db.selectFrom("invites").select("id").where("token_hash", "=", sha256(invite.token)).executeTakeFirstOrThrow()).id,
      removableMembershipId: await newMember(`Removable by ${role}`),
      promotableMembershipId: await newMember(`Promotable by ${role}`),
    };
  }
  ids.demoteTarget = await newMember("Co-facilitator to demote", "facilitator");
  ids.removeFacilitatorTarget = await newMember("Co-facilitator to remove", "facilitator");
  ids.handoverTarget = await newMember("Co-facilitator named in a handover", "facilitator");
  // the two co-facilitators of the table, with accounts; one of them also votes
  ids.votingGroup = facts.groups[1]!.id;
  for (const [role, name] of [["cofacilitator", "Cleo Cofacilitator"], ["votingFacilitator", "Vera Votingfacilitator"]] as const) {
    const invite = await createInvite(facCtx, { role: "facilitator", stakeholderGroupId: "", regionId: "", label: role, maxUses: 1, expiresInDays: 7 });
    const c = new Client(server.url);
    await c.signUp(name, `${role.toLowerCase()}@example.org`, `${role}-password-1`);
    expect((await c.post(`/join/${invite.token}`, { stakeholderGroupId: "", regionId: "" })).status).toBe(302);
    clients[role] = c;
  }
  const voting = await c2ctx("votingFacilitator");
  await setMyVoting(voting, { alsoVotes: true, stakeholderGroupId: ids.votingGroup, regionId: "" });

  settingsForm = await currentSettingsForm(server.db, ids.d);
});
afterAll(async () => server.stop());

async function c2ctx(role: "cofacilitator" | "votingFacilitator") {
  const user = await server.db.selectFrom("users").select("id").where("email", "=", `${role.toLowerCase()}@example.org`).executeTakeFirstOrThrow();
  return memberContext(server.app, ids.d, user.id);
}

// ------------------------------------------------------------------------------------ the table

interface Route {
  name: string;
  method: "GET" | "POST";
  path: (role?: Role) => string;
  body?: (role: Role) => Record<string, string | string[]>;
  /** the phase round 2 of the demo is put in before the request */
  phase: Phase;
  /**
   * expected status per member role; anonymous is always 302 → /login and outsider always 404;
   * a co-facilitator as the owner (facilitator) unless given, a voting one as a co-facilitator unless given
   */
  expect: { facilitator: number; participant: number; observer: number; cofacilitator?: number; votingFacilitator?: number };
}

const base = () => `/d/${ids.d}`;
/** The overview's own forms post to `?index` (Remix: a bare /d/:id POST targets the layout route). */
const overviewAction = () => `/d/${ids.d}?index`;
const ROUTES: Route[] = [
  { name: "overview", method: "GET", path: base, phase: "voting", expect: { facilitator: 200, participant: 200, observer: 200 } },
  { name: "results (closed round 1)", method: "GET", path: () => `${base()}/results`, phase: "voting", expect: { facilitator: 200, participant: 200, observer: 200 } },
  { name: "my proposals (only the member's own)", method: "GET", path: () => `${base()}/mine`, phase: "voting", expect: { facilitator: 200, participant: 200, observer: 200 } },
  { name: "results of round 2 while voting (after_close)", method: "GET", path: () => `${base()}/results?round=2`, phase: "voting", expect: { facilitator: 200, participant: 403, observer: 403 } },
  { name: "proposal page", method: "GET", path: () => `${base()}/proposals/${ids.othersProposal}`, phase: "voting", expect: { facilitator: 200, participant: 200, observer: 200 } },
  { name: "edit page, own proposal", method: "GET", path: () => `${base()}/proposals/${ids.ownProposal}/edit`, phase: "proposing", expect: { facilitator: 200, participant: 200, observer: 403 } },
  { name: "edit page, someone else's proposal", method: "GET", path: () => `${base()}/proposals/${ids.othersProposal}/edit`, phase: "proposing", expect: { facilitator: 200, participant: 403, observer: 403 } },
  { name: "new proposal page", method: "GET", path: () => `${base()}/proposals/new`, phase: "proposing", expect: { facilitator: 200, participant: 200, observer: 403 } },
  { name: "vote page", method: "GET", path: () => `${base()}/vote`, phase: "voting", expect: { facilitator: 403, participant: 200, observer: 403, votingFacilitator: 200 } },
  { name: "members page", method: "GET", path: () => `${base()}/members`, phase: "voting", expect: { facilitator: 200, participant: 403, observer: 403 } },
  { name: "settings page", method: "GET", path: () => `${base()}/settings`, phase: "voting", expect: { facilitator: 200, participant: 403, observer: 403 } },
  // facilitator: 409 proves the role check passed (a round is still open); nobody else gets that far
  { name: "open round", method: "POST", path: overviewAction, body: () => ({ intent: "open-round" }), phase: "voting", expect: { facilitator: 409, participant: 403, observer: 403 } },
  { name: "advance phase", method: "POST", path: overviewAction, body: () => ({ intent: "advance", from: "proposing", confirm: "yes" }), phase: "proposing", expect: { facilitator: 302, participant: 403, observer: 403 } },
  { name: "save settings", method: "POST", path: () => `${base()}/settings`, body: () => settingsForm, phase: "voting", expect: { facilitator: 302, participant: 403, observer: 403 } },
  {
    name: "create invite",
    method: "POST",
    path: () => `${base()}/members`,
    body: () => ({ intent: "create-invite", role: "observer", stakeholderGroupId: "", regionId: "", label: "", maxUses: "1", expiresInDays: "1" }),
    phase: "voting",
    expect: { facilitator: 200, participant: 403, observer: 403 },
  },
  { name: "revoke invite", method: "POST", path: () => `${base()}/members`, body: (role) => ({ intent: "revoke-invite", inviteId: targetOf(role).inviteId }), phase: "voting", expect: { facilitator: 302, participant: 403, observer: 403 } },
  {
    name: "remove member",
    method: "POST",
    path: () => `${base()}/members`,
    body: (role) => ({ intent: "remove-member", membershipId: targetOf(role).removableMembershipId, confirm: "yes" }),
    phase: "voting",
    expect: { facilitator: 302, participant: 403, observer: 403 },
  },
  { name: "promote a participant to facilitator", method: "POST", path: () => `${base()}/members`, body: (role) => ({ intent: "promote-member", membershipId: targetOf(role).promotableMembershipId, confirm: "yes" }), phase: "voting", expect: { facilitator: 302, participant: 403, observer: 403 } },
  // owner only: the owner (facilitator) succeeds, co-facilitators are refused (403)
  { name: "demote a co-facilitator", method: "POST", path: () => `${base()}/members`, body: () => ({ intent: "demote-member", membershipId: ids.demoteTarget, role: "observer", confirm: "yes" }), phase: "voting", expect: { facilitator: 302, participant: 403, observer: 403, cofacilitator: 403 } },
  { name: "remove a co-facilitator", method: "POST", path: () => `${base()}/members`, body: () => ({ intent: "remove-member", membershipId: ids.removeFacilitatorTarget, confirm: "yes" }), phase: "voting", expect: { facilitator: 302, participant: 403, observer: 403, cofacilitator: 403 } },
  // 400 (no confirmation) proves the owner passed the checks; nothing is handed over
  { name: "hand over ownership (unconfirmed)", method: "POST", path: () => `${base()}/members`, body: () => ({ intent: "transfer-ownership", membershipId: ids.handoverTarget }), phase: "voting", expect: { facilitator: 400, participant: 403, observer: 403, cofacilitator: 403 } },
  // each facilitator saves their own declaration unchanged (the voting one keeps voting)
  {
    name: "declare 'I also vote'",
    method: "POST",
    path: () => `${base()}/members`,
    body: (role) => (role === "votingFacilitator" ? { intent: "my-voting", alsoVotes: "yes", stakeholderGroupId: ids.votingGroup, regionId: "" } : { intent: "my-voting", alsoVotes: "", stakeholderGroupId: "", regionId: "" }),
    phase: "voting",
    expect: { facilitator: 302, participant: 403, observer: 403 },
  },
  { name: "email outbox page", method: "GET", path: () => `${base()}/outbox`, phase: "voting", expect: { facilitator: 200, participant: 403, observer: 403 } },
  { name: "invite by email", method: "POST", path: () => `${base()}/members`, body: () => ({ intent: "email-invite", addresses: "authz@example.org", role: "observer", stakeholderGroupId: "", regionId: "", expiresInDays: "1" }), phase: "voting", expect: { facilitator: 302, participant: 403, observer: 403 } },
  { name: "remind non-voters", method: "POST", path: () => `${base()}/members`, body: () => ({ intent: "remind-non-voters" }), phase: "voting", expect: { facilitator: 302, participant: 403, observer: 403 } },
  { name: "propose", method: "POST", path: () => `${base()}/proposals/new`, body: () => proposalForm(), phase: "proposing", expect: { facilitator: 302, participant: 302, observer: 403 } },
  { name: "edit own proposal", method: "POST", path: () => `${base()}/proposals/${ids.ownProposal}/edit`, body: () => proposalForm({ title: "Participant's own draft, edited" }), phase: "proposing", expect: { facilitator: 302, participant: 302, observer: 403 } },
  { name: "edit someone else's proposal", method: "POST", path: () => `${base()}/proposals/${ids.othersProposal}/edit`, body: (role) => proposalForm({ title: `Edited by ${role}` }), phase: "proposing", expect: { facilitator: 302, participant: 403, observer: 403 } },
  { name: "withdraw proposal", method: "POST", path: (role) => `${base()}/proposals/${targetOf(role ?? "facilitator").withdrawTarget}`, body: () => ({ intent: "withdraw", reason: "" }), phase: "proposing", expect: { facilitator: 302, participant: 403, observer: 403 } },
  { name: "merge proposal", method: "POST", path: (role) => `${base()}/proposals/${targetOf(role ?? "facilitator").mergeSource}`, body: () => ({ intent: "merge", mergeInto: ids.mergeTarget, reason: "" }), phase: "proposing", expect: { facilitator: 302, participant: 403, observer: 403 } },
  { name: "vote", method: "POST", path: () => `${base()}/vote`, body: () => ({ versionId: ids.versionId, choice: "agree", confidence: "3", next: "0" }), phase: "voting", expect: { facilitator: 403, participant: 302, observer: 403, cofacilitator: 403, votingFacilitator: 302 } },
  { name: "action log", method: "GET", path: () => `${base()}/log`, phase: "voting", expect: { facilitator: 200, participant: 403, observer: 200 } },
  { name: "continue in a new deliberation page", method: "GET", path: () => `${base()}/continue`, phase: "voting", expect: { facilitator: 200, participant: 403, observer: 403 } },
  // facilitator: 400 (no red line ticked) proves the role check passed without creating anything
  { name: "continue in a new deliberation", method: "POST", path: () => `${base()}/continue`, body: () => ({ round: "1", title: "Next convening", question: "Which red lines should govern frontier AI next?", members: "carry" }), phase: "voting", expect: { facilitator: 400, participant: 403, observer: 403 } },
  { name: "a red line's history across deliberations", method: "GET", path: () => `${base()}/proposals/${ids.othersProposal}/history`, phase: "voting", expect: { facilitator: 200, participant: 200, observer: 200 } },
];

const ROLES: Role[] = ["anonymous", "outsider", "observer", "participant", "cofacilitator", "votingFacilitator", "facilitator"];
function expected(role: Role, route: Route): number {
  if (role === "anonymous") return 302;
  if (role === "outsider") return 404;
  const co = route.expect.cofacilitator ?? route.expect.facilitator;
  if (role === "cofacilitator") return co;
  if (role === "votingFacilitator") return route.expect.votingFacilitator ?? co;
  return route.expect[role];
}
const TABLE = ROLES.flatMap((role) =>
  ROUTES.map((route) => ({
    role,
    route,
    label: `${route.method} ${route.name}`,
    status: expected(role, route),
  })),
);

async function send(role: Role, route: Route): Promise<Response> {
  await setPhase(server.db, facts.round2.id, route.phase);
  const c = clients[role];
  return route.method === "GET" ? c.get(route.path(role)) : c.post(route.path(role), route.body!(role));
}

describe("role × route → status", () => {
  it.each(TABLE)("$role: $label → $status", async ({ role, route, status }) => {
    const res = await send(role, route);
    const body = await res.text();
    expect(res.status).toBe(status);
    if (role === "anonymous") {
      const pathname = route.path().split("?")[0]!;
      expect(res.headers.get("location")).toMatch(new RegExp(`^/login\\?redirectTo=${encodeURIComponent(pathname).replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}`));
    }
    if (role === "outsider") {
      expect(body).toContain("We could not find this deliberation, or you are not a member of it.");
      expect(body).not.toContain(facts.title);
      expect(body).not.toContain(facts.deliberation.question);
    }
    if (status === 403) expect(body).toMatch(/Not allowed[\s\S]*role="alert">[^<]+</);
  });

  it("the outsider's session is valid: their own deliberation opens (so the 404s above are about membership)", async () => {
    const res = await clients.outsider.get(`/d/${ids.outsiderDeliberation}`);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain("Olga&#x27;s own deliberation");
  });

  it("the facilitator's successful actions really happened (the table is not vacuous)", async () => {
    const db = server.db;
    for (const role of FACILITATOR_ROLES) {
      const mine = targets[role];
      expect((await db.selectFrom("invites").select("revoked_at").where("id", "=", mine.inviteId).executeTakeFirstOrThrow()).revoked_at).not.toBeNull();
      expect((await db.selectFrom("memberships").select("removed_at").where("id", "=", mine.removableMembershipId).executeTakeFirstOrThrow()).removed_at).not.toBeNull();
      expect((await db.selectFrom("memberships").select("role").where("id", "=", mine.promotableMembershipId).executeTakeFirstOrThrow()).role).toBe("facilitator");
      expect((await db.selectFrom("proposals").select("status").where("id", "=", mine.withdrawTarget).executeTakeFirstOrThrow()).status).toBe("withdrawn");
      expect(await db.selectFrom("proposals").select(["status", "merged_into_id"]).where("id", "=", mine.mergeSource).executeTakeFirstOrThrow()).toEqual({ status: "merged", merged_into_id: ids.mergeTarget });
    }
    // the owner's own actions happened; the unconfirmed handover did not
    expect((await db.selectFrom("memberships").select("role").where("id", "=", ids.demoteTarget).executeTakeFirstOrThrow()).role).toBe("observer");
    expect((await db.selectFrom("memberships").select("removed_at").where("id", "=", ids.removeFacilitatorTarget).executeTakeFirstOrThrow()).removed_at).not.toBeNull();
    expect((await db.selectFrom("deliberations").select("owner_user_id").where("id", "=", ids.d).executeTakeFirstOrThrow()).owner_user_id).toBe(facts.facilitator.user_id);
    // the voting co-facilitator's vote is stored and counted in their group; the other co-facilitator has none
    const voting = await c2ctx("votingFacilitator");
    expect(voting.membership).toMatchObject({ role: "facilitator", alsoVotes: true, votes: true, groupId: ids.votingGroup });
    expect(await db.selectFrom("votes").select("choice").where("membership_id", "=", voting.membership.id).where("version_id", "=", ids.versionId).executeTakeFirst()).toEqual({ choice: "agree" });
    const co = await c2ctx("cofacilitator");
    expect(await db.selectFrom("votes").select("id").where("membership_id", "=", co.membership.id).execute()).toEqual([]);
    const vote = await db.selectFrom("votes").selectAll().where("membership_id", "=", facts.participant.id).where("version_id", "=", ids.versionId).executeTakeFirst();
    expect(vote).toMatchObject({ choice: "agree", confidence: 3 });
    const others = await db.selectFrom("proposal_versions").select("title").where("proposal_id", "=", ids.othersProposal).execute();
    const titles = others.map((v) => v.title);
    expect(titles).toContain("Edited by facilitator");
    for (const role of ["participant", "observer", "outsider", "anonymous"]) expect(titles).not.toContain(`Edited by ${role}`);
    await setPhase(server.db, facts.round2.id, "voting");
  });
});

// ------------------------------------------------------------------------------------ cross-site requests

const sessionCookie = (who: keyof typeof DEMO_LOGINS, extra: Record<string, string> = {}) => loginCookie(server.url, who, extra);

async function rawPost(path: string, cookie: string, headers: Record<string, string>, fields: Record<string, string>) {
  return fetch(server.url + path, {
    method: "POST",
    redirect: "manual",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Cookie: cookie, ...headers },
    body: new URLSearchParams(fields),
  });
}

describe("cross-site request protection", () => {
  let cookie: string;
  const voteOn = () => facts.ballot2[2]!.id;
  const myVote = () =>
    server.db.selectFrom("votes").selectAll().where("membership_id", "=", facts.participant.id).where("version_id", "=", voteOn()).executeTakeFirst();

  beforeAll(async () => {
    cookie = (await sessionCookie("participant")).cookie;
    await setPhase(server.db, facts.round2.id, "voting");
  });

  it("refuses a POST with neither Origin nor Referer (403) and stores nothing", async () => {
    const before = await tableCounts(server.db);
    const res = await rawPost(`/d/${ids.d}/vote`, cookie, {}, { versionId: voteOn(), choice: "agree" });
    expect(res.status).toBe(403);
    expect(await res.text()).toContain("came from another site");
    expect(await tableCounts(server.db)).toEqual(before);
    expect(await myVote()).toBeUndefined();
  });

  it.each([
    ["a foreign Origin", { Origin: "https://evil.example" }],
    ["a look-alike Origin on another port", { Origin: "http://localhost:1" }],
    ["Origin null with a foreign Referer", { Origin: "null", Referer: "https://evil.example/page" }],
    ["a foreign Referer and no Origin", { Referer: "https://evil.example/page" }],
    ["an unparseable Origin", { Origin: "not a url" }],
  ])("refuses a POST with %s (403) and changes nothing", async (_name, headers) => {
    const before = await tableCounts(server.db);
    const titleBefore = (await server.db.selectFrom("deliberations").select("title").where("id", "=", ids.d).executeTakeFirstOrThrow()).title;
    const res = await rawPost(`/d/${ids.d}/vote`, cookie, headers, { versionId: voteOn(), choice: "disagree" });
    expect(res.status).toBe(403);
    const facCookie = (await sessionCookie("facilitator")).cookie;
    const before2 = await tableCounts(server.db);
    const settings = await rawPost(`/d/${ids.d}/settings`, facCookie, headers, { ...(settingsForm as Record<string, string>), title: "Hijacked title" });
    expect(settings.status).toBe(403);
    expect(await tableCounts(server.db)).toEqual(before2);
    expect(before2).toEqual({ ...before, sessions: before.sessions + 1 });
    expect(await myVote()).toBeUndefined();
    expect((await server.db.selectFrom("deliberations").select("title").where("id", "=", ids.d).executeTakeFirstOrThrow()).title).toBe(titleBefore);
  });

  it("accepts the same POST from this site (by Origin, or by Referer alone), so the refusals above are about origin", async () => {
    const byReferer = await rawPost(`/d/${ids.d}/vote`, cookie, { Referer: `${server.url}/d/${ids.d}/vote` }, { versionId: voteOn(), choice: "pass" });
    expect(byReferer.status).toBe(302);
    expect(await myVote()).toMatchObject({ choice: "pass" });
    const byOrigin = await rawPost(`/d/${ids.d}/vote`, cookie, { Origin: server.url }, { versionId: voteOn(), choice: "agree" });
    expect(byOrigin.status).toBe(302);
    expect(await myVote()).toMatchObject({ choice: "agree" });
  });
});

// ------------------------------------------------------------------------------------ session cookie

describe("session cookie", () => {
  it("is HttpOnly, SameSite=Lax, path /, and not Secure over plain HTTP", async () => {
    const { setCookie } = await sessionCookie("observer");
    expect(setCookie).toMatch(/;\s*HttpOnly/i);
    expect(setCookie).toMatch(/;\s*SameSite=Lax/i);
    expect(setCookie).toMatch(/;\s*Path=\//i);
    expect(setCookie).not.toMatch(/;\s*Secure/i);
  });

  it("gets Secure when a loopback proxy says the request came over HTTPS (X-Forwarded-Proto: https)", async () => {
    const { setCookie } = await sessionCookie("observer", { "X-Forwarded-Proto": "https" });
    expect(setCookie).toMatch(/;\s*Secure/i);
    expect(setCookie).toMatch(/;\s*HttpOnly/i);
    expect(setCookie).toMatch(/;\s*SameSite=Lax/i);
  });

  it("stores only a hash of the token, never the token itself", async () => {
    const { cookie } = await sessionCookie("observer");
    const rows = await server.db.selectFrom("sessions").select("id").execute();
    const value = decodeURIComponent(cookie.split("=").slice(1).join("="));
    for (const r of rows) expect(value).not.toContain(r.id);
  });

  it("logout revokes the session on the server: the old cookie no longer opens anything", async () => {
    const { cookie } = await sessionCookie("observer");
    const get = (c: string) => fetch(`${server.url}/d/${ids.d}`, { redirect: "manual", headers: { Cookie: c } });
    expect((await get(cookie)).status).toBe(200);
    const out = await rawPost("/logout", cookie, { Origin: server.url }, {});
    expect(out.status).toBe(302);
    expect(out.headers.getSetCookie().join("\n")).toMatch(/accord_session=;.*(Max-Age=0|Expires=Thu, 01 Jan 1970)/i);
    const replayed = await get(cookie);
    expect(replayed.status).toBe(302);
    expect(replayed.headers.get("location")).toMatch(/^\/login\?redirectTo=/);
    const revoked = await server.db.selectFrom("sessions").select("revoked_at").where("revoked_at", "is not", null).execute();
    expect(revoked.length).toBeGreaterThan(0);
  });
});
