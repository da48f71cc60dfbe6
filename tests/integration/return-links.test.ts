import { readFileSync, existsSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sha256 } from "../../app/auth/crypto.server";
import { createInviteToken, demoFacts, loggedIn } from "../helpers/demo";
import { tableCounts, testEngine } from "../helpers/test-db";
import { Client, startTestServer } from "../helpers/test-server";

/**
 * One person, one membership (issue 8): personal return links for people who joined by link,
 * re-opened invitations that lead back in instead of making a second member, one-click joining for
 * account holders, revocation, and the log-out warning — all over HTTP against the production build.
 */
let server: Awaited<ReturnType<typeof startTestServer>>;
let facts: Awaited<ReturnType<typeof demoFacts>>;
let facilitator: Client;

beforeAll(async () => {
  server = await startTestServer({ seedDemo: true });
  facts = await demoFacts(server.db);
  facilitator = await loggedIn(server.url, "facilitator");
});
afterAll(async () => server.stop());

const invite = (fields: Record<string, string> = {}) => createInviteToken(facilitator, facts.id, { stakeholderGroupId: facts.groups[0]!.id, ...fields });
const usesOf = async (token: string) => (await server.db.selectFrom("invites").select("uses").where("token_hash", "=", sha256(token)).executeTakeFirstOrThrow()).uses;
const membershipsOf = async (displayName: string) =>
  server.db
    .selectFrom("memberships")
    .innerJoin("users", "users.id", "memberships.user_id")
    .select(["memberships.id", "memberships.pseudonym", "memberships.user_id"])
    .where("users.display_name", "=", displayName)
    .execute();

/** Join as a new person by link; returns their client and the return link shown right after joining. */
async function joinByLink(name: string, token?: string): Promise<{ client: Client; returnPath: string; token: string }> {
  const inviteToken = token ?? (await invite());
  const client = new Client(server.url);
  const res = await client.post(`/join/${inviteToken}`, { displayName: name, stakeholderGroupId: facts.groups[0]!.id, regionId: "" });
  expect(res.status).toBe(302);
  expect(res.headers.get("location")).toBe(`/d/${facts.id}/welcome`);
  const page = await client.get(`/d/${facts.id}/welcome`);
  expect(page.status).toBe(200);
  expect(page.headers.get("cache-control")).toContain("no-store");
  const html = await page.text();
  expect(html).toContain("This link is your key to this deliberation.");
  expect(html).toContain("anyone who has it can read, propose and vote as you");
  const m = /\/return\/([A-Za-z0-9_-]{20,100})/.exec(html);
  expect(m, "the return link is on the page").not.toBeNull();
  return { client, returnPath: `/return/${m![1]}`, token: inviteToken };
}

async function signedIn(client: Client): Promise<boolean> {
  const res = await client.get(`/d/${facts.id}`);
  if (res.status === 302) expect(res.headers.get("location")).toMatch(/^\/login/);
  else expect(res.status).toBe(200);
  return res.status === 200;
}

/** Open a return link in a fresh browser: the page, then the button. */
async function restore(returnPath: string): Promise<Client> {
  const fresh = new Client(server.url);
  const page = await fresh.get(returnPath);
  expect(page.status).toBe(200);
  expect(page.headers.getSetCookie()).toEqual([]); // opening the address signs nobody in
  const res = await fresh.post(returnPath, {});
  expect(res.status).toBe(302);
  expect(res.headers.get("location")).toBe(`/d/${facts.id}`);
  return fresh;
}

describe("personal return links", () => {
  it("a link-only participant's return link restores the same membership in a fresh client, and it votes as them", async () => {
    const { client, returnPath } = await joinByLink("Lina Link");
    const [membership] = await membershipsOf("Lina Link");
    const access = await client.get(`/d/${facts.id}/access`); // and again later, on "My access"
    expect(access.headers.get("cache-control")).toContain("no-store");
    expect(await access.text()).toContain(returnPath);
    const before = await tableCounts(server.db);

    const fresh = new Client(server.url);
    expect(await signedIn(fresh)).toBe(false);
    const page = await fresh.get(returnPath);
    expect(await page.text()).toContain("Continue as Lina Link");
    expect(await signedIn(fresh)).toBe(false);
    expect((await fresh.post(returnPath, {})).status).toBe(302);
    const home = await fresh.get(`/d/${facts.id}`);
    expect(home.status).toBe(200);
    expect(await home.text()).toContain(`others see you as ${membership!.pseudonym}`);
    expect(await membershipsOf("Lina Link")).toHaveLength(1);
    expect((await tableCounts(server.db)).memberships).toBe(before.memberships);

    // both devices are the same member: a vote from one is changed, not doubled, by the other
    const versionId = facts.ballot2[0]!.id;
    expect((await fresh.post(`/d/${facts.id}/vote`, { versionId, choice: "agree", confidence: "", next: "0" })).status).toBe(302);
    expect((await client.post(`/d/${facts.id}/vote`, { versionId, choice: "disagree", confidence: "", next: "0" })).status).toBe(302);
    const votes = await server.db.selectFrom("votes").select(["membership_id", "choice"]).where("version_id", "=", versionId).where("membership_id", "=", membership!.id).execute();
    expect(votes).toEqual([{ membership_id: membership!.id, choice: "disagree" }]);
  });

  it("stores no usable token: only its SHA-256 and a nonce; the token appears nowhere in the database files", async () => {
    const { returnPath } = await joinByLink("Dora Database");
    const token = returnPath.split("/")[2]!;
    const [membership] = await membershipsOf("Dora Database");
    const row = await server.db.selectFrom("return_links").selectAll().where("membership_id", "=", membership!.id).executeTakeFirstOrThrow();
    expect(row.token_hash).toBe(sha256(token));
    expect(row.nonce).not.toBe(token);
    // the raw bytes on disk: SQLite's file and its WAL (PostgreSQL's files are not ours to scan)
    if ("path" in server.database) {
      for (const file of [server.database.path, `${server.database.path}-wal`]) {
        if (existsSync(file)) expect(readFileSync(file).includes(Buffer.from(token))).toBe(false);
      }
    } else expect(testEngine()).toBe("postgres");
  });

  it("a browser already signed in as the member goes straight in; another person's browser is told it will switch", async () => {
    const { client, returnPath } = await joinByLink("Sam Same");
    const res = await client.get(returnPath);
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe(`/d/${facts.id}`);

    const observer = await loggedIn(server.url, "observer");
    const page = await observer.get(returnPath);
    expect(await page.text()).toMatch(/This browser is signed in as [^.]+\. Continuing signs [^.]+ out here\./);
    expect((await observer.post(returnPath, {})).status).toBe(302);
    const layout = await (await observer.get(`/d/${facts.id}`)).text();
    expect(layout).toContain("Sam Same");
    expect(layout).not.toContain("You are an Observer");
  });

  it("unknown and malformed return links → 404 with a sentence", async () => {
    for (const path of [`/return/${"A".repeat(43)}`, "/return/short", `/return/${"z".repeat(300)}`]) {
      const res = await new Client(server.url).get(path);
      expect(res.status).toBe(404);
      expect(await res.text()).toContain("This return link is not valid.");
    }
  });
});

describe("one person, one membership", () => {
  it("opening the same invitation twice in one browser leads back in: no second membership, no extra use", async () => {
    const token = await invite({ maxUses: "3" });
    const browser = new Client(server.url);
    expect((await browser.get(`/join/${token}`)).status).toBe(200);
    expect((await browser.post(`/join/${token}`, { displayName: "Olli Once", stakeholderGroupId: facts.groups[0]!.id, regionId: "" })).status).toBe(302);
    expect(await usesOf(token)).toBe(1);
    const before = await tableCounts(server.db);

    const again = await browser.get(`/join/${token}`);
    expect(again.status).toBe(302);
    expect(again.headers.get("location")).toBe(`/d/${facts.id}`);
    const resubmit = await browser.post(`/join/${token}`, { displayName: "Olli Twice", stakeholderGroupId: facts.groups[0]!.id, regionId: "" });
    expect(resubmit.status).toBe(302);
    expect(resubmit.headers.get("location")).toBe(`/d/${facts.id}`);

    expect(await usesOf(token)).toBe(1);
    expect(await tableCounts(server.db)).toEqual(before);
    expect(await membershipsOf("Olli Once")).toHaveLength(1);
    expect(await membershipsOf("Olli Twice")).toHaveLength(0);
  });

  it("a second invitation of the same deliberation, and a used-up one, lead a member in without being used", async () => {
    const single = await invite({ maxUses: "1" });
    const { client } = await joinByLink("Una Single", single);
    expect(await usesOf(single)).toBe(1);
    const second = await invite();
    const before = await tableCounts(server.db);
    for (const token of [single, second]) {
      const get = await client.get(`/join/${token}`);
      expect(get.status, "not 410 for the used-up link: the member goes in").toBe(302);
      expect(get.headers.get("location")).toBe(`/d/${facts.id}`);
      const post = await client.post(`/join/${token}`, { displayName: "Una Again", stakeholderGroupId: facts.groups[0]!.id, regionId: "" });
      expect(post.headers.get("location")).toBe(`/d/${facts.id}`);
    }
    expect(await usesOf(single)).toBe(1);
    expect(await usesOf(second)).toBe(0);
    expect(await tableCounts(server.db)).toEqual(before);
  });

  it("a session restored from a return link also leads back in through an invitation", async () => {
    const { returnPath } = await joinByLink("Rita Restored");
    const restored = await restore(returnPath);
    const token = await invite();
    const res = await restored.get(`/join/${token}`);
    expect(res.headers.get("location")).toBe(`/d/${facts.id}`);
    expect(await usesOf(token)).toBe(0);
    expect(await membershipsOf("Rita Restored")).toHaveLength(1);
  });

  it("a signed-in account holder accepts with one click under their account name; again → straight in", async () => {
    const account = new Client(server.url);
    await account.signUp("Ada Account", "ada@example.org", "ada-account-password");
    const token = await invite(); // the group is fixed by the invitation: nothing to choose
    const page = await account.get(`/join/${token}`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).not.toContain('name="displayName"');
    expect(html).toContain("Join as Ada Account");

    const res = await account.post(`/join/${token}`, {});
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe(`/d/${facts.id}?joined=1`);
    const [m] = await membershipsOf("Ada Account");
    expect(m).toBeDefined();
    expect(await server.db.selectFrom("return_links").select("id").where("membership_id", "=", m!.id).execute()).toEqual([]);
    expect(await usesOf(token)).toBe(1);
    expect(await (await account.get(`/d/${facts.id}`)).text()).not.toContain(">My access<");

    const again = await account.post(`/join/${token}`, {});
    expect(again.headers.get("location")).toBe(`/d/${facts.id}`);
    expect((await account.get(`/join/${token}`)).headers.get("location")).toBe(`/d/${facts.id}`);
    expect(await usesOf(token)).toBe(1);
    expect(await membershipsOf("Ada Account")).toHaveLength(1);
  });

  it("the join page states the attribution mode in force and what it means", async () => {
    const html = await (await new Client(server.url).get(`/join/${await invite()}`)).text();
    expect(html).toContain("How you will appear: Chatham House Rule");
    expect(html).toContain("Others see you only under a pseudonym");
    expect(html).toContain("open your personal return link instead");
  });
});

describe("revoking return links", () => {
  it("a facilitator revokes a member's link (with confirmation): it is refused with a 410 that says so, and sessions from it end", async () => {
    const { client: original, returnPath } = await joinByLink("Vera Revoked");
    const [m] = await membershipsOf("Vera Revoked");
    const restored = await restore(returnPath);
    expect(await signedIn(restored)).toBe(true);

    // only facilitators, and only with the box ticked
    const participant = await loggedIn(server.url, "participant");
    expect((await participant.post(`/d/${facts.id}/members`, { intent: "revoke-return-link", membershipId: m!.id, confirm: "yes" })).status).toBe(403);
    const unconfirmed = await facilitator.post(`/d/${facts.id}/members`, { intent: "revoke-return-link", membershipId: m!.id });
    expect(unconfirmed.status).toBe(400);
    expect(await unconfirmed.text()).toContain("Tick the box to confirm revoking the return link.");
    expect(await signedIn(restored)).toBe(true);

    const revoke = await facilitator.post(`/d/${facts.id}/members`, { intent: "revoke-return-link", membershipId: m!.id, confirm: "yes" });
    expect(revoke.status).toBe(302);
    expect(await signedIn(restored)).toBe(false); // the session opened with the link ended
    expect(await signedIn(original)).toBe(true); // the device they joined on was not opened with it

    const refusedPage = await new Client(server.url).get(returnPath);
    expect(refusedPage.status).toBe(410);
    const text = await refusedPage.text();
    expect(text).toContain("This return link was revoked by the facilitator of “Red lines for frontier AI” and no longer works.");
    expect(text).toContain("ask the facilitator for help");
    const post = await new Client(server.url).post(returnPath, {});
    expect(post.status).toBe(410);
    expect(post.headers.getSetCookie()).toEqual([]);
    expect((await facilitator.post(`/d/${facts.id}/members`, { intent: "revoke-return-link", membershipId: m!.id, confirm: "yes" })).status).toBe(404);

    // the member list (newest joiners on its last page) shows the link as revoked
    const members = await (await facilitator.get(`/d/${facts.id}/members?page=99`)).text();
    expect(members).toMatch(/<td>Vera Revoked<\/td>(<td>[^<]*<\/td>){4}<td>(<span[^>]*>)?Revoked</);

    // on a device still signed in, the member makes a new link, which works
    const access = await (await original.get(`/d/${facts.id}/access`)).text();
    expect(access).toContain("Your previous return link was revoked");
    const created = await original.post(`/d/${facts.id}/access`, { intent: "new-link" });
    expect(created.headers.get("location")).toBe(`/d/${facts.id}/access?created=1`);
    const fresh = /\/return\/([A-Za-z0-9_-]{20,100})/.exec(await (await original.get(`/d/${facts.id}/access`)).text())![0];
    expect(fresh).not.toBe(returnPath);
    expect(await signedIn(await restore(fresh))).toBe(true);
  });

  it("a member's new link (confirmed) replaces the old one: the old is refused, other devices from it end, this one stays", async () => {
    const { returnPath } = await joinByLink("Nina New");
    const phone = await restore(returnPath);
    const laptop = await restore(returnPath);
    const unconfirmed = await laptop.post(`/d/${facts.id}/access`, { intent: "new-link" });
    expect(unconfirmed.status).toBe(400);
    expect(await unconfirmed.text()).toContain("Tick the box to confirm");
    expect((await laptop.post(`/d/${facts.id}/access`, { intent: "new-link", confirm: "yes" })).headers.get("location")).toBe(`/d/${facts.id}/access?replaced=1`);
    expect(await signedIn(laptop)).toBe(true);
    expect(await signedIn(phone)).toBe(false);
    const old = await new Client(server.url).get(returnPath);
    expect(old.status).toBe(410);
    expect(await old.text()).toContain("This return link was replaced by a newer one");
    const newPath = /\/return\/([A-Za-z0-9_-]{20,100})/.exec(await (await laptop.get(`/d/${facts.id}/access`)).text())![0];
    expect(newPath).not.toBe(returnPath);
    expect(await signedIn(await restore(newPath))).toBe(true);
    expect(await membershipsOf("Nina New")).toHaveLength(1);
  });

  it("a removed member's link no longer restores a session", async () => {
    const { returnPath } = await joinByLink("Rob Removed");
    const [m] = await membershipsOf("Rob Removed");
    expect((await facilitator.post(`/d/${facts.id}/members`, { intent: "remove-member", membershipId: m!.id, confirm: "yes" })).status).toBe(302);
    const res = await new Client(server.url).get(returnPath);
    expect(res.status).toBe(403);
    expect(await res.text()).toContain("You were removed from “Red lines for frontier AI”");
  });
});

describe("logging out", () => {
  it("a link-only member is warned first, with their return link; only the confirmation logs out", async () => {
    const { client, returnPath } = await joinByLink("Lou Logout");
    const first = await client.post("/logout", {});
    expect(first.status).toBe(302);
    expect(first.headers.get("location")).toBe("/logout");
    expect(await signedIn(client)).toBe(true);

    const warning = await client.get("/logout");
    expect(warning.status).toBe(200);
    expect(warning.headers.get("cache-control")).toContain("no-store");
    const html = await warning.text();
    expect(html).toContain("your personal return link is the only way back in");
    expect(html).toContain(returnPath);

    const confirmed = await client.post("/logout", { confirm: "yes" });
    expect(confirmed.status).toBe(302);
    expect(confirmed.headers.get("location")).toBe("/");
    expect(await signedIn(client)).toBe(false);
    // and the link brings them back
    expect(await signedIn(await restore(returnPath))).toBe(true);
  });

  it("an account holder logs out at once, as before", async () => {
    const participant = await loggedIn(server.url, "participant");
    expect((await participant.get("/logout")).headers.get("location")).toBe("/");
    const res = await participant.post("/logout", {});
    expect(res.headers.get("location")).toBe("/");
    expect(await signedIn(participant)).toBe(false);
  });
});

describe("cross-site posts", () => {
  it("are refused (403) for return links, My access, revoking, joining and logging out — nothing changes", async () => {
    const { client, returnPath } = await joinByLink("Cora Cross");
    const [m] = await membershipsOf("Cora Cross");
    const token = await invite();
    const linksBefore = await server.db.selectFrom("return_links").selectAll().where("membership_id", "=", m!.id).execute();
    const before = await tableCounts(server.db);

    const stranger = new Client(server.url, "https://evil.example");
    const restoreAttempt = await stranger.post(returnPath, {});
    expect(restoreAttempt.status).toBe(403);
    expect(restoreAttempt.headers.getSetCookie()).toEqual([]);
    expect((await stranger.post(`/join/${token}`, { displayName: "Eve", stakeholderGroupId: facts.groups[0]!.id, regionId: "" })).status).toBe(403);
    expect((await client.fromOtherSite().post(`/d/${facts.id}/access`, { intent: "new-link", confirm: "yes" })).status).toBe(403);
    expect((await client.fromOtherSite().post("/logout", { confirm: "yes" })).status).toBe(403);
    expect((await facilitator.fromOtherSite().post(`/d/${facts.id}/members`, { intent: "revoke-return-link", membershipId: m!.id, confirm: "yes" })).status).toBe(403);

    expect(await server.db.selectFrom("return_links").selectAll().where("membership_id", "=", m!.id).execute()).toEqual(linksBefore);
    expect(await tableCounts(server.db)).toEqual(before);
    expect(await usesOf(token)).toBe(0);
    expect(await signedIn(client)).toBe(true);
  });
});
