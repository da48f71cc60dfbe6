import type { Page } from "@playwright/test";
import { castVote, createParticipantInvite, DEMO_LOGINS, en, expect, expectNoSeriousA11yViolations, joinAsParticipant, logIn, test } from "./fixtures";

const DEMO_TITLE = "Red lines for frontier AI";

/** The facilitator opens the demo's members page; returns its id and the member count. */
async function demoMembersPage(page: Page): Promise<{ id: string; count: () => Promise<number> }> {
  await logIn(page, DEMO_LOGINS.facilitator);
  await page.getByRole("link", { name: DEMO_TITLE }).first().click();
  await expect(page.getByRole("heading", { level: 1, name: DEMO_TITLE })).toBeVisible();
  const id = new URL(page.url()).pathname.split("/")[2]!;
  await page.goto(`/d/${id}/members`);
  const count = async () => Number(/^(\d+) members$/.exec((await page.getByRole("heading", { level: 2, name: /^\d+ members$/ }).textContent())!.trim())![1]);
  return { id, count };
}

test("joined by link: copy the return link, log out (warned), come back on another device as the same member, one vote", async ({ page, newActor, browserName }) => {
  const name = `Rosa Return ${Date.now().toString(36)}`;
  const { id, count } = await demoMembersPage(page);
  const membersBefore = await count();
  const invite = await createParticipantInvite(page);

  // ---- phone: join; the return link comes first, with a copy button and a plain warning
  const phone = (await newActor({ permissions: browserName === "chromium" ? ["clipboard-read", "clipboard-write"] : [] })).page;
  await phone.goto(invite);
  await expect(phone.getByRole("heading", { level: 2, name: "How you will appear: Chatham House Rule" })).toBeVisible();
  await expect(phone.getByText(en.join.attribution.chatham_house)).toBeVisible();
  await phone.getByLabel(en.join.displayName).fill(name);
  await phone.getByLabel(en.join.group).selectOption({ label: en.defaultGroups.citizens });
  await phone.getByRole("button", { name: en.join.submit, exact: true }).click();
  await expect(phone).toHaveURL(new RegExp(`/d/${id}/welcome$`));
  const field = phone.getByRole("textbox", { name: en.returnLink.field });
  const returnLink = await field.inputValue();
  expect(returnLink).toMatch(/^http:\/\/localhost:\d+\/return\/[\w-]{40,}$/);
  await expect(phone.getByText(en.returnLink.isYourKey)).toBeVisible();
  await expect(phone.getByText(en.returnLink.keepPrivate)).toBeVisible();
  await expectNoSeriousA11yViolations(phone);
  await phone.getByRole("button", { name: en.returnLink.copy }).click();
  await expect(phone.getByRole("status").filter({ hasText: en.returnLink.copied })).toBeVisible();
  expect(await phone.evaluate(() => navigator.clipboard.readText())).toBe(returnLink);
  const shownAs = (await phone.getByText(/others see you as Delegate \d+/).textContent())!.match(/Delegate \d+/)![0];

  // ---- phone: vote once
  await phone.getByRole("link", { name: en.welcome.continue }).click();
  await phone.getByRole("navigation", { name: en.layout.sections }).getByRole("link", { name: en.layout.vote }).click();
  const progress = phone.getByTestId("vote-progress");
  await expect(progress).toHaveText(/^You have voted on 0 of \d+ red lines$/);
  const total = Number(/of (\d+)/.exec((await progress.textContent())!)![1]);
  await castVote(phone, "agree");
  await expect(progress).toHaveText(`You have voted on 1 of ${total} red lines`);

  // ---- phone: log out — a warning first, with the link again
  await phone.getByRole("navigation", { name: en.nav.label }).getByRole("link", { name: en.nav.logout }).click();
  await expect(phone).toHaveURL(/\/logout$/);
  await expect(phone.getByRole("heading", { level: 1, name: en.logout.title })).toBeVisible();
  await expect(phone.getByText(en.logout.warning)).toBeVisible();
  await expect(phone.getByRole("textbox", { name: en.returnLink.field })).toHaveValue(returnLink);
  await expectNoSeriousA11yViolations(phone);
  await phone.getByRole("button", { name: en.logout.confirm }).click();
  await expect(phone).toHaveURL(/\/$/);
  await expect(phone.getByRole("navigation", { name: en.nav.label }).getByRole("link", { name: en.nav.login })).toBeVisible();
  await phone.goto(`/d/${id}`);
  await expect(phone).toHaveURL(/\/login\?redirectTo=/);

  // ---- laptop (a new browser context): the return link restores the same member
  const laptop = (await newActor()).page;
  await laptop.goto(returnLink);
  await expect(laptop.getByRole("heading", { level: 1, name: en.returnPage.title })).toBeVisible();
  await expectNoSeriousA11yViolations(laptop);
  await laptop.getByRole("button", { name: `Continue as ${name}` }).click();
  await expect(laptop).toHaveURL(new RegExp(`/d/${id}$`));
  await expect(laptop.getByText(`others see you as ${shownAs}`)).toBeVisible();
  await laptop.goto(`/d/${id}/vote?card=1`);
  await expect(laptop.getByTestId("vote-progress")).toHaveText(`You have voted on 1 of ${total} red lines`);
  await expect(laptop.getByTestId("current-vote")).toHaveText("Your current vote: Agree");
  await castVote(laptop, "disagree");
  await expect(laptop).toHaveURL(/saved=1/);
  await laptop.goto(`/d/${id}/vote?card=1`);
  await expect(laptop.getByTestId("current-vote")).toHaveText("Your current vote: Disagree");
  await expect(laptop.getByTestId("vote-progress")).toHaveText(`You have voted on 1 of ${total} red lines`);
  await expectNoSeriousA11yViolations(laptop);

  // ---- the facilitator sees one new member, with a working return link
  await page.reload();
  expect(await count()).toBe(membersBefore + 1);
  await page.goto(`/d/${id}/members?page=99`);
  await expect(page.getByRole("row").filter({ hasText: name })).toHaveCount(1);
  await expect(page.getByRole("row").filter({ hasText: name })).toContainText(en.members.returnLinkState.live);
});

test("opening the same invitation twice, or a second one, in one browser leads back in: no second membership", async ({ page, newActor }) => {
  const stamp = Date.now().toString(36);
  const { id, count } = await demoMembersPage(page);
  const membersBefore = await count();
  await page.getByLabel(en.members.label, { exact: true }).fill(`First ${stamp}`);
  const first = await createParticipantInvite(page);
  await page.getByLabel(en.members.label, { exact: true }).fill(`Second ${stamp}`);
  const second = await createParticipantInvite(page);

  const browser = (await newActor()).page;
  await joinAsParticipant(browser, first, `Dana Double ${stamp}`, en.defaultGroups.academia);
  for (const link of [first, second]) {
    await browser.goto(link);
    await expect(browser).toHaveURL(new RegExp(`/d/${id}$`));
    await expect(browser.getByText("You are a Participant")).toBeVisible();
    await expect(browser.getByRole("button", { name: en.join.submit })).toHaveCount(0);
  }
  await expectNoSeriousA11yViolations(browser);

  await page.goto(`/d/${id}/members`);
  expect(await count()).toBe(membersBefore + 1);
  const invites = page.getByRole("region", { name: en.members.invites });
  await expect(invites.getByRole("row").filter({ hasText: `First ${stamp}` })).toContainText("1 of 25");
  await expect(invites.getByRole("row").filter({ hasText: `Second ${stamp}` })).toContainText("0 of 25");
});
