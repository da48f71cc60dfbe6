import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_LOGINS } from "../../app/demo/demo-content";
import { createInviteToken, demoFacts, loggedIn } from "../helpers/demo";
import { tableCounts } from "../helpers/test-db";
import { Client, startTestServer, withoutNonces } from "../helpers/test-server";

/**
 * Issue 9 (findings 2 and 13), over HTTP against the production build: failed logins are limited
 * per account and per client address, sign-ups and token guesses per address; a lock refuses even
 * the right password; sign-up does not tell whether an email is registered; an account holder sees
 * their sessions and can end the others, or all of them. Addresses are set with X-Forwarded-For,
 * which the server believes from a configured proxy only: here loopback (TRUST_PROXY=loopback).
 */
const ACCOUNT_LIMIT = 10;
const ADDRESS_LIMIT = 15;
const ATTEMPTS_LIMIT = 4;

let server: Awaited<ReturnType<typeof startTestServer>>;
let facts: Awaited<ReturnType<typeof demoFacts>>;

beforeAll(async () => {
  server = await startTestServer({
    seedDemo: true,
    rateLimits: { loginFailuresPerAccount: ACCOUNT_LIMIT, loginFailuresPerAddress: ADDRESS_LIMIT, attemptsPerAddress: ATTEMPTS_LIMIT },
    trustProxy: "loopback", // as behind a proxy on this machine (TRUST_PROXY=loopback)
  });
  facts = await demoFacts(server.db);
});
afterAll(async () => server.stop());

let addresses = 0;
/** A fresh browser at an address of its own (203.0.113.0/24 is for documentation). */
const browser = (address = `203.0.113.${++addresses}`) => new Client(server.url).from(address);

async function makeAccount(email: string, password: string): Promise<void> {
  await browser().signUp("Someone", email, password);
}

async function expectLimited(res: Response) {
  expect(res.status).toBe(429);
  const retryAfter = Number(res.headers.get("retry-after"));
  expect(retryAfter).toBeGreaterThan(0);
  expect(retryAfter).toBeLessThanOrEqual(15 * 60);
  expect(res.headers.getSetCookie()).toEqual([]);
  expect(await res.text()).toMatch(/Too many attempts from here or for this account\. For your security this is paused: try again in \d+ minutes?\./);
}

const login = (c: Client, email: string, password: string) => c.post("/login", { email, password, redirectTo: "/" });

describe("failed logins", () => {
  it("the 11th wrong password for one account is refused with 429 and Retry-After, and so is the right one", async () => {
    await makeAccount("lock@example.org", "the-right-password");
    const attacker = browser();
    for (let i = 0; i < ACCOUNT_LIMIT; i++) expect((await login(attacker, "lock@example.org", `wrong-${i}`)).status).toBe(400);
    await expectLimited(await login(attacker, "lock@example.org", "wrong-again"));
    await expectLimited(await login(attacker, "lock@example.org", "the-right-password"));
    // a lock is a lock: the owner from another address is refused too, with no session
    const owner = browser();
    await expectLimited(await login(owner, "LOCK@example.org ", "the-right-password"));
    expect((await owner.get("/account")).status).toBe(302);
  });

  it("another account from the same address still works until the address limit; a success resets nothing for others", async () => {
    await makeAccount("first@example.org", "first-password");
    await makeAccount("second@example.org", "second-password");
    await makeAccount("third@example.org", "third-password");
    const address = "198.51.100.7";
    const c = browser(address);
    for (let i = 0; i < ACCOUNT_LIMIT; i++) expect((await login(c, "first@example.org", `wrong-${i}`)).status).toBe(400);
    await expectLimited(await login(c, "first@example.org", "first-password"));

    const second = browser(address);
    expect((await login(second, "second@example.org", "second-password")).status).toBe(302);
    for (let i = ACCOUNT_LIMIT; i < ADDRESS_LIMIT; i++) expect((await login(browser(address), "second@example.org", `wrong-${i}`)).status).toBe(400);
    // the address has now failed ADDRESS_LIMIT times: any account from it waits
    await expectLimited(await login(browser(address), "third@example.org", "third-password"));
    // from elsewhere the third account (never locked) and the second (below its own limit) log in
    expect((await login(browser(), "third@example.org", "third-password")).status).toBe(302);
    expect((await login(browser(), "second@example.org", "second-password")).status).toBe(302);
    // the session started before the limit is untouched
    expect((await second.get("/account")).status).toBe(200);
  });
});

describe("sign-up", () => {
  it("answers an existing email exactly like a new one, and starts no session for either", async () => {
    const fields = (email: string) => ({ displayName: "Eve Enumerator", email, password: "eve-chose-this-one" });
    const before = await tableCounts(server.db);
    const fresh = await browser().post("/signup", fields("brand-new@example.org"));
    const taken = await browser().post("/signup", fields(DEMO_LOGINS.facilitator.email));
    for (const res of [fresh, taken]) {
      expect(res.status).toBe(302);
      expect(res.headers.getSetCookie()).toEqual([]);
    }
    expect(taken.headers.get("location")).toBe(fresh.headers.get("location"));
    expect(fresh.headers.get("location")).toMatch(/^\/login\?signedUp=1/);
    expect(await taken.text()).toBe(await fresh.text());
    const pageFresh = withoutNonces(await (await browser().get(fresh.headers.get("location")!)).text());
    const pageTaken = withoutNonces(await (await browser().get(taken.headers.get("location")!)).text());
    expect(pageTaken).toBe(pageFresh);
    expect(pageFresh).toContain("If this email address was new, your facilitator account is ready");

    // one new account; the existing one keeps its password and name
    expect((await tableCounts(server.db)).users).toBe(before.users + 1);
    expect((await login(browser(), DEMO_LOGINS.facilitator.email, "eve-chose-this-one")).status).toBe(400);
    expect((await login(browser(), DEMO_LOGINS.facilitator.email, DEMO_LOGINS.facilitator.password)).status).toBe(302);
    expect((await login(browser(), "brand-new@example.org", "eve-chose-this-one")).status).toBe(302);
  });

  it("is limited per address: the next attempt is 429 and creates nothing", async () => {
    const c = browser();
    for (let i = 0; i < ATTEMPTS_LIMIT; i++) expect((await c.post("/signup", { displayName: "Bot", email: `bot${i}@example.org`, password: "bot-password-123" })).status).toBe(302);
    const before = await tableCounts(server.db);
    await expectLimited(await c.post("/signup", { displayName: "Bot", email: "bot-last@example.org", password: "bot-password-123" }));
    expect(await tableCounts(server.db)).toEqual(before);
    expect((await browser().post("/signup", { displayName: "Human", email: "human@example.org", password: "human-password-1" })).status).toBe(302);
  });
});

describe("token guessing", () => {
  it("refused invitation tokens are limited per address; then even a good invitation waits there", async () => {
    const facilitator = await loggedIn(server.url, "facilitator");
    const good = await createInviteToken(facilitator, facts.id, { stakeholderGroupId: facts.groups[0]!.id });
    const guesser = browser();
    for (let i = 0; i < ATTEMPTS_LIMIT; i++) {
      const bogus = `guess${i}`.padEnd(43, "x");
      expect((await (i % 2 ? guesser.get(`/join/${bogus}`) : guesser.post(`/join/${bogus}`, { displayName: "G" }))).status).toBe(404);
    }
    const before = await tableCounts(server.db);
    await expectLimited(await guesser.get(`/join/${good}`));
    await expectLimited(await guesser.post(`/join/${good}`, { displayName: "Guesser", stakeholderGroupId: facts.groups[0]!.id, regionId: "" }));
    expect(await tableCounts(server.db)).toEqual(before);
    // the invitation works from elsewhere, and using a good one counts for nothing
    const invited = browser();
    for (let i = 0; i <= ATTEMPTS_LIMIT; i++) expect((await invited.get(`/join/${good}`)).status).toBe(200);
  });

  it("refused return-link tokens are limited per address", async () => {
    const guesser = browser();
    for (let i = 0; i < ATTEMPTS_LIMIT; i++) {
      const bogus = `return${i}`.padEnd(43, "y");
      expect((await (i % 2 ? guesser.get(`/return/${bogus}`) : guesser.post(`/return/${bogus}`, {}))).status).toBe(404);
    }
    await expectLimited(await guesser.get(`/return/${"z".repeat(43)}`));
    await expectLimited(await guesser.post(`/return/${"z".repeat(43)}`, {}));
  });
});

describe("sessions", () => {
  it("lists an account holder's sessions and signs out everywhere else, then everywhere", async () => {
    await makeAccount("many@example.org", "many-devices-pw");
    const laptop = browser();
    const phone = browser();
    const tablet = browser();
    for (const c of [laptop, phone, tablet]) await c.login("many@example.org", "many-devices-pw");

    const page = await laptop.get("/account");
    expect(page.status).toBe(200);
    expect(page.headers.get("cache-control")).toContain("no-store");
    const html = await page.text();
    expect(html.match(/This device/g)).toHaveLength(1);
    expect(html.match(/Another browser or device/g)).toHaveLength(3); // and the one the sign-up helper logged in with
    expect(html).toContain("Sign out everywhere else");

    // the cross-site check holds for both forms
    expect((await laptop.fromOtherSite().post("/account", { intent: "sign-out-others" })).status).toBe(403);
    expect((await phone.get("/account")).status).toBe(200);

    const others = await laptop.post("/account", { intent: "sign-out-others" });
    expect(others.status).toBe(302);
    expect(others.headers.get("location")).toBe("/account?ended=3");
    expect((await phone.get("/account")).status).toBe(302);
    expect((await tablet.get("/account")).status).toBe(302);
    const after = await (await laptop.get("/account?ended=3")).text();
    expect(after).toContain("Signed out 3 other sessions.");
    expect(after.match(/This device/g)).toHaveLength(1);

    // everywhere asks first: without the confirmation nothing ends
    await phone.login("many@example.org", "many-devices-pw");
    const unconfirmed = await laptop.post("/account", { intent: "sign-out-everywhere" });
    expect(unconfirmed.headers.get("location")).toBe("/account?confirm=everywhere");
    expect(await (await laptop.get("/account?confirm=everywhere")).text()).toContain("Yes, sign out everywhere");
    expect((await phone.get("/account")).status).toBe(200);

    const all = await laptop.post("/account", { intent: "sign-out-everywhere", confirm: "yes" });
    expect(all.status).toBe(302);
    expect(all.headers.get("location")).toBe("/login");
    expect((await phone.get("/account")).status).toBe(302);
    expect((await laptop.get("/account")).status).toBe(302);
  });

  it("is for account holders; the header links to it", async () => {
    const home = await (await loggedIn(server.url, "facilitator")).get("/");
    expect(await home.text()).toContain('href="/account"');
    expect((await new Client(server.url).get("/account")).headers.get("location")).toBe("/login?redirectTo=%2Faccount");
  });
});
