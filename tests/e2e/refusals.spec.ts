import {
  createDeliberation,
  createParticipantInvite,
  DEMO_LOGINS,
  en,
  expect,
  expectNoSeriousA11yViolations,
  joinAsParticipant,
  logIn,
  signUpFacilitator,
  test,
} from "./fixtures";
import type { Page } from "@playwright/test";

const DEMO_TITLE = "Red lines for frontier AI";

/** The demo deliberation's id, read from the demo observer's start page. */
async function openDemoAsObserver(page: Page): Promise<string> {
  await logIn(page, DEMO_LOGINS.observer);
  const item = page.getByRole("listitem").filter({ has: page.getByRole("link", { name: DEMO_TITLE }) });
  await expect(item).toContainText("Your role: Observer");
  await expectNoSeriousA11yViolations(page);
  await item.getByRole("link", { name: DEMO_TITLE }).click();
  await expect(page.getByRole("heading", { level: 1, name: DEMO_TITLE })).toBeVisible();
  return new URL(page.url()).pathname.split("/")[2]!;
}

test.beforeEach(({ consoleErrors }) => {
  // these pages answer 403, 404 and 410 on purpose
  consoleErrors.allowHttpErrorStatus(403, 404, 410);
});

test("a signed-in non-member gets the not-found page for the demo deliberation", async ({ page, newActor }) => {
  const observer = (await newActor()).page;
  const id = await openDemoAsObserver(observer);

  await signUpFacilitator(page, "Nico Non-Member");
  const response = await page.goto(`/d/${id}`);
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { level: 1, name: en.errors.title["404"] })).toBeVisible();
  await expect(page.getByRole("alert")).toHaveText(en.errors.deliberationNotFound);
  await expect(page.getByRole("link", { name: en.errors.backHome })).toBeVisible();
  // nothing of the deliberation leaks: not on the page, not in the title, not in the HTML
  await expect(page.getByRole("region", { name: en.phaseBanner.label })).toHaveCount(0);
  await expect(page).toHaveTitle(`${en.errors.title["404"]} · Accord`);
  expect(await page.content()).not.toContain(DEMO_TITLE);
  await expectNoSeriousA11yViolations(page);

  // the same for its sub-pages
  for (const path of ["results", "vote", "members"]) {
    const sub = await page.goto(`/d/${id}/${path}`);
    expect(sub?.status(), path).toBe(404);
    await expect(page.getByRole("alert")).toHaveText(en.errors.deliberationNotFound);
  }
  expect(await page.content()).not.toContain(DEMO_TITLE);
});

test("the demo observer reads the proposals but cannot vote or propose", async ({ page }) => {
  const id = await openDemoAsObserver(page);
  await expect(page.getByText("You are an Observer", { exact: false })).toBeVisible();
  await expect(page.getByTestId("phase-help")).toHaveText(en.phases.voting.help.observer);
  await expect(page.getByRole("heading", { level: 2, name: "14 red lines" })).toBeVisible();
  const proposals = page.getByRole("region", { name: "14 red lines" }).getByRole("listitem");
  await expect(proposals).toHaveCount(14);
  const sections = page.getByRole("navigation", { name: en.layout.sections });
  await expect(sections.getByRole("link", { name: en.layout.proposals })).toBeVisible();
  await expect(sections.getByRole("link", { name: en.layout.results })).toBeVisible();
  await expect(sections.getByRole("link", { name: en.layout.vote })).toHaveCount(0);
  await expect(sections.getByRole("link", { name: en.layout.members })).toHaveCount(0);
  await expect(page.getByRole("link", { name: en.overview.propose })).toHaveCount(0);
  await expect(page.getByRole("button", { name: en.overview.propose })).toHaveCount(0);
  await expect(page.getByRole("region", { name: en.overview.control })).toHaveCount(0);
  await expectNoSeriousA11yViolations(page);

  // a proposal is readable in full
  await proposals.first().getByRole("link").click();
  await expect(page.getByRole("heading", { level: 3, name: en.proposal.history })).toBeVisible();
  await expect(page.getByRole("term").filter({ hasText: en.proposal.indicator })).toBeVisible();
  await expect(page.getByRole("link", { name: en.proposal.revise })).toHaveCount(0);
  await expectNoSeriousA11yViolations(page);

  // typing the vote address gets a 403 with a sentence saying why
  const vote = await page.goto(`/d/${id}/vote`);
  expect(vote?.status()).toBe(403);
  // inside the deliberation's layout: its title stays the page's heading, its tabs stay
  await expect(page.getByRole("heading", { level: 2, name: en.errors.title["403"] })).toBeVisible();
  await expect(page.getByRole("alert")).toHaveText(en.errors.observersReadOnly);
  await expect(sections.getByRole("link", { name: en.layout.results })).toBeVisible();
  await expect(page.getByRole("radio")).toHaveCount(0);
  await expectNoSeriousA11yViolations(page);

  // and so does the proposal form
  const propose = await page.goto(`/d/${id}/proposals/new`);
  expect(propose?.status()).toBe(403);
  await expect(page.getByRole("alert")).toHaveText("This is not available to you as an Observer.");
  await expectNoSeriousA11yViolations(page);
});

test("garbage, revoked and used-up invitation links say clearly that they do not work", async ({ page, newActor }) => {
  const visitor = (await newActor()).page;

  // garbage and well-formed-but-unknown tokens
  for (const token of ["garbage", "x".repeat(43)]) {
    const r = await visitor.goto(`/join/${token}`);
    expect(r?.status()).toBe(404);
    await expect(visitor.getByRole("heading", { level: 1, name: en.errors.title["404"] })).toBeVisible();
    await expect(visitor.getByRole("alert")).toHaveText(en.errors.inviteNotFound);
    await expect(visitor.getByRole("button", { name: en.join.submit })).toHaveCount(0);
  }
  await expectNoSeriousA11yViolations(visitor);

  // a link the facilitator revoked
  await signUpFacilitator(page, "Rhea Revoker");
  await createDeliberation(page, `Refusals ${Date.now().toString(36)}`);
  const revoked = await createParticipantInvite(page);
  await page.getByLabel(en.members.label, { exact: true }).fill("One person only");
  await page.getByLabel(en.members.maxUses).fill("1");
  const usedUp = await createParticipantInvite(page);
  const invites = page.getByRole("region", { name: en.members.invites });
  await expect(invites.getByRole("row")).toHaveCount(3);
  await invites.getByRole("button", { name: "Revoke invitation Participant" }).click();
  await expect(page.getByRole("status").filter({ hasText: en.members.revoked })).toBeVisible();
  const revokedRow = invites.getByRole("row").filter({ hasText: en.members.inviteStatus.revoked });
  await expect(revokedRow).toHaveCount(1);
  await expect(revokedRow).not.toContainText("One person only");
  await expectNoSeriousA11yViolations(page);

  const r1 = await visitor.goto(revoked);
  expect(r1?.status()).toBe(410);
  await expect(visitor.getByRole("heading", { level: 1, name: en.errors.title["410"] })).toBeVisible();
  await expect(visitor.getByRole("alert")).toHaveText(en.errors.inviteRevoked);
  await expectNoSeriousA11yViolations(visitor);

  // a one-use link, once used
  const first = (await newActor()).page;
  await joinAsParticipant(first, usedUp, "First Comer", en.defaultGroups.industry);
  const r2 = await visitor.goto(usedUp);
  expect(r2?.status()).toBe(410);
  await expect(visitor.getByRole("alert")).toHaveText(en.errors.inviteUsedUp);
  await expectNoSeriousA11yViolations(visitor);
});
