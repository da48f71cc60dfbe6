import type { Page } from "@playwright/test";
import { DEMO_LOGINS, en, expect, expectNoSeriousA11yViolations, logIn, test } from "./fixtures";

/**
 * Co-facilitators and a facilitator who also votes (decision 048), on the demo deliberation (its
 * round is voting), on a phone and a desktop. Everything it changes is put back: the vote is
 * undone, the flag turned off, the co-facilitator removed. SHOTS_DIR=… saves screenshots.
 */
async function noSidewaysScroll(page: Page) {
  const { scrollWidth, clientWidth } = await page.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, clientWidth: document.documentElement.clientWidth }));
  expect(scrollWidth, `${page.url()} scrolls sideways`).toBeLessThanOrEqual(clientWidth);
}

async function shot(page: Page, name: string) {
  if (process.env.SHOTS_DIR) await page.screenshot({ path: `${process.env.SHOTS_DIR}/${test.info().project.name}-${name}.png` });
}

test("a co-facilitator joins by a facilitator invitation; the facilitator declares 'I also vote' and votes a card", async ({ page, newActor, consoleErrors }) => {
  consoleErrors.allowHttpErrorStatus(404); // the removed co-facilitator's last visit, on purpose

  const coName = `Cora Cofacilitator ${test.info().project.name}`;
  await logIn(page, DEMO_LOGINS.facilitator);
  await page.getByRole("link", { name: /Red lines for frontier AI/ }).first().click();
  await page.waitForURL(/\/d\/[^/]+/);
  const id = new URL(page.url()).pathname.split("/")[2]!;
  const members = `/d/${id}/members`;
  // the member list is in order of joining, 50 a page: the owner is on the first page, a newcomer on the last
  const lastPage = `${members}?page=999`;

  // 1. the owner creates a co-facilitator invitation link
  await page.goto(members);
  const invite = page.locator("section", { has: page.getByRole("heading", { name: en.members.inviteTitle }) });
  await invite.getByLabel(en.members.role).selectOption("facilitator");
  await invite.getByRole("button", { name: en.members.createInvite }).click();
  const link = (await page.getByTestId("invite-link").textContent())!.trim();
  expect(link).toMatch(/\/join\/[\w-]{20,}$/);

  // 2. another person joins with it (no stakeholder group to choose) and opens the facilitators' pages
  const co = await newActor();
  await co.page.goto(new URL(link).pathname);
  await expect(co.page.getByText(en.join.asRole.replace("{{role}}", en.roles.facilitator))).toBeVisible();
  await expect(co.page.getByLabel(en.join.group)).toHaveCount(0);
  await co.page.getByLabel(en.join.displayName).fill(coName);
  await co.page.getByRole("button", { name: en.join.submit }).click();
  await co.page.waitForURL(new RegExp(`/d/${id}`));
  await co.page.goto(members);
  await expect(co.page.getByRole("heading", { level: 2, name: en.coFacilitators.myVotingTitle })).toBeVisible();
  await co.page.goto(`/d/${id}/settings`);
  await expect(co.page).toHaveURL(new RegExp(`/d/${id}/settings`));
  const sections = co.page.getByRole("navigation", { name: en.layout.sections });
  // on a phone a facilitator's later tabs fold behind "More" (decision 050)
  if (test.info().project.name === "phone") await sections.locator("summary", { hasText: en.cockpit.tabs.more }).click();
  await expect(sections.getByRole("link", { name: en.layout.members })).toBeVisible();

  // 3. the owner sees them as a facilitator, and declares that they also vote, in a group
  await page.goto(lastPage);
  const coRow = page.getByRole("row", { name: new RegExp(coName) });
  await expect(coRow.getByRole("cell", { name: en.roles.facilitator, exact: true })).toBeVisible();
  await noSidewaysScroll(page);
  await page.goto(members);
  const voting = page.locator("section", { has: page.getByRole("heading", { name: en.coFacilitators.myVotingTitle }) });
  await voting.getByLabel(en.coFacilitators.myVotingCheck).check();
  await voting.getByLabel(en.coFacilitators.myVotingGroup).selectOption({ index: 1 });
  const group = (await voting.getByLabel(en.coFacilitators.myVotingGroup).locator("option:checked").textContent())!.trim();
  await voting.getByRole("button", { name: en.coFacilitators.myVotingSave }).click();
  await expect(page.getByText(en.coFacilitators.myVotingSaved)).toBeVisible();
  const roleLine = `${en.roles.facilitator} · ${en.coFacilitators.owner} · ${en.coFacilitators.alsoVotesIn.replace("{{group}}", group)}`;
  await expect(page.getByRole("cell", { name: roleLine, exact: true })).toBeVisible();
  await noSidewaysScroll(page);
  await expectNoSeriousA11yViolations(page);
  await shot(page, "co-facilitators-members");

  // 4. the ballot is open to them now: one card voted, then undone (nothing left behind)
  await page.getByRole("navigation", { name: en.layout.sections }).getByRole("link", { name: en.layout.vote }).click();
  await expect(page).toHaveURL(new RegExp(`/d/${id}/vote`));
  const title = (await page.getByRole("article").getByRole("heading").first().textContent())!.trim();
  await page.getByRole("article").getByRole("button", { name: en.vote.choice.agree, exact: true }).click();
  await expect(page.getByTestId("vote-status")).toHaveText(en.ballot.saved);
  await noSidewaysScroll(page);
  await shot(page, "co-facilitators-voted");
  await page.getByRole("button", { name: en.ballot.undoLabel.replace("{{title}}", title) }).click();
  await expect(page.getByTestId("vote-status")).toHaveText(en.ballot.undone);

  // 5. clean up: the flag off (no vote of theirs is left in the round), the co-facilitator removed
  await page.goto(members);
  await voting.getByLabel(en.coFacilitators.myVotingCheck).uncheck();
  await voting.getByRole("button", { name: en.coFacilitators.myVotingSave }).click();
  await expect(page.getByText(en.coFacilitators.myVotingSaved)).toBeVisible();
  await expect(page.getByRole("cell", { name: `${en.roles.facilitator} · ${en.coFacilitators.owner}`, exact: true })).toBeVisible();
  await page.goto(lastPage);
  await coRow.getByText(en.members.remove, { exact: true }).click();
  await coRow.getByRole("checkbox", { name: /remove/i }).check();
  await coRow.getByRole("button", { name: en.members.removeConfirm }).click();
  await expect(page.getByText(en.members.removed)).toBeVisible();
  await expect(page.getByRole("row", { name: new RegExp(coName) })).toHaveCount(0);
  // the removed co-facilitator is out
  const gone = await co.page.goto(members);
  expect(gone?.status()).toBe(404);
  await expect(co.page.getByRole("heading", { name: en.coFacilitators.myVotingTitle })).toHaveCount(0);
});
