import type { Locator, Page } from "@playwright/test";
import { DEMO_LOGINS, en, expect, expectNoSeriousA11yViolations, logIn, test } from "./fixtures";

const DEMO_TITLE = "Red lines for frontier AI";
const GROUPS = Object.values(en.defaultGroups);

async function openDemo(page: Page) {
  await page.getByRole("link", { name: DEMO_TITLE }).click();
  await expect(page.getByRole("heading", { level: 1, name: DEMO_TITLE })).toBeVisible();
  return new URL(page.url()).pathname.split("/")[2]!;
}

/** Press Tab until `target` has focus (bounded: fails if it never does). */
async function tabTo(page: Page, target: Locator, maxPresses = 40) {
  for (let i = 0; i < maxPresses; i++) {
    await page.keyboard.press("Tab");
    if (await target.evaluate((el) => el === document.activeElement)) return;
  }
  throw new Error(`Tab never reached ${target}`);
}

test("the demo facilitator finds round 2 in voting, 14 red lines and round-1 results by group", async ({ page }) => {
  await page.goto("/");
  await expectNoSeriousA11yViolations(page);
  await logIn(page, DEMO_LOGINS.facilitator);
  await expect(page.getByRole("listitem").filter({ hasText: DEMO_TITLE })).toContainText("Your role: Facilitator");
  await expectNoSeriousA11yViolations(page);
  await openDemo(page);

  const banner = page.getByRole("region", { name: en.phaseBanner.label });
  await expect(banner.getByText("Round 2: Voting")).toBeVisible();
  await expect(banner.getByRole("listitem").and(page.locator("[aria-current=step]"))).toHaveText(en.phases.voting.name);
  await expect(page.getByRole("heading", { level: 2, name: "14 red lines" })).toBeVisible();
  await expect(page.getByRole("region", { name: "14 red lines" }).getByRole("listitem")).toHaveCount(14);
  await expect(page.getByRole("button", { name: "Move to Closed" })).toBeVisible();
  await expectNoSeriousA11yViolations(page);

  // results: round 2 live, round 1 final with the per-group table
  const sections = page.getByRole("navigation", { name: en.layout.sections });
  await sections.getByRole("link", { name: en.layout.results }).click();
  await expect(page.getByRole("heading", { level: 2, name: "Results of round 2" })).toBeVisible();
  await expect(page.getByText(en.results.live)).toBeVisible();
  await expectNoSeriousA11yViolations(page);

  await page.getByRole("navigation", { name: en.results.rounds }).getByRole("link", { name: "Round 1" }).click();
  await expect(page.getByRole("heading", { level: 2, name: "Results of round 1" })).toBeVisible();
  await expect(page.getByText(en.results.live)).toBeHidden();
  await expect(page.getByTestId("turnout")).toHaveText(/^\d+ of 60 participants voted$/);
  const statements = page.getByRole("article");
  expect(await statements.count()).toBeGreaterThan(0);
  const first = statements.first();
  await expect(first.getByTestId("agree-rate")).toHaveText(/^\d+ % agree$/);
  const byGroup = first.getByRole("table", { name: en.results.byGroup });
  await expect(byGroup.getByRole("columnheader")).toHaveText([en.results.group, en.results.agreeCol, en.vote.choice.agree, en.vote.choice.disagree, en.vote.choice.pass, en.results.bar]);
  await expect(byGroup.getByRole("rowheader")).toHaveText(GROUPS);
  await expect(byGroup.getByRole("row", { name: new RegExp(`^${en.defaultGroups.academia}`) }).getByRole("cell").first()).toHaveText(/^\d+ %$/);
  await expect(page.getByRole("table", { name: en.results.turnoutByGroup }).getByRole("rowheader")).toHaveText(GROUPS);
  await expectNoSeriousA11yViolations(page);
});

test("the demo participant votes with the keyboard only, and the overview fits a phone", async ({ page }) => {
  await logIn(page, DEMO_LOGINS.participant);
  const id = await openDemo(page);
  await expect(page.getByText(/^You are a Participant/)).toBeVisible();
  await expectNoSeriousA11yViolations(page);

  await page.getByRole("navigation", { name: en.layout.sections }).getByRole("link", { name: en.layout.vote }).click();
  const progress = page.getByTestId("vote-progress");
  await expect(progress).toHaveText("You have voted on 0 of 14 red lines");
  await expect(page.getByText("Red line 1 of 14", { exact: false })).toBeVisible();
  const firstTitle = await page.getByRole("article").getByRole("heading", { level: 3 }).textContent();
  await expectNoSeriousA11yViolations(page);

  // keyboard only: Tab through the card to the choices, Enter on one votes
  const card = page.getByRole("article");
  const agree = card.getByRole("button", { name: en.vote.choice.agree, exact: true });
  const disagree = card.getByRole("button", { name: en.vote.choice.disagree, exact: true });
  await tabTo(page, agree);
  await expect(agree).toBeFocused();
  await page.keyboard.press("Tab");
  await expect(disagree).toBeFocused();
  await page.keyboard.press("Shift+Tab");
  await expect(agree).toBeFocused();
  await page.keyboard.press("Enter");

  await expect(progress).toHaveText("You have voted on 1 of 14 red lines");
  await expect(page.getByText("Red line 2 of 14", { exact: false })).toBeVisible();
  await expectNoSeriousA11yViolations(page);

  // the vote is stored: back on card 1 it shows as the current vote
  await page.getByRole("link", { name: en.vote.previous }).click();
  await expect(page.getByRole("article").getByRole("heading", { level: 3 })).toHaveText(firstTitle!);
  await expect(page.getByTestId("current-vote")).toHaveText("Your current vote: Agree");
  await expect(progress).toHaveText("You have voted on 1 of 14 red lines");

  // a phone: no horizontal scrolling on the overview, nor on the results with their wide tables
  await page.setViewportSize({ width: 375, height: 740 });
  const pageWidth = () => page.evaluate(() => document.scrollingElement!.scrollWidth);
  await page.goto(`/d/${id}`);
  await expect(page.getByRole("heading", { level: 2, name: "14 red lines" })).toBeVisible();
  expect(await pageWidth()).toBeLessThanOrEqual(375 + 1);
  await expectNoSeriousA11yViolations(page);
  // the full view, with the per-group tables (a participant's default is the plain view)
  await page.goto(`/d/${id}/results?view=full`);
  await expect(page.getByRole("heading", { level: 2, name: "Results of round 1" })).toBeVisible();
  await expect(page.getByRole("table", { name: en.results.byGroup }).first()).toBeVisible();
  expect(await pageWidth()).toBeLessThanOrEqual(375 + 1);
  await expectNoSeriousA11yViolations(page);
});

test("a newcomer follows the home page to the published reports and reads the demo's round-1 report, on a phone too", async ({ page }) => {
  await page.goto("/");
  await page.getByRole("link", { name: en.home.readReports }).click();
  await expect(page).toHaveURL(/\/reports$/);
  await expect(page.getByRole("heading", { level: 1, name: en.reportIndex.title })).toBeVisible();
  const entry = page.getByRole("listitem").filter({ has: page.getByRole("link", { name: DEMO_TITLE }) });
  await expect(entry).toContainText(/Latest: version \d+, from round 1 · published \d{4}-\d{2}-\d{2}/);
  await expectNoSeriousA11yViolations(page);

  await entry.getByRole("link", { name: DEMO_TITLE }).click();
  await expect(page.getByRole("heading", { level: 1, name: `Reports of “${DEMO_TITLE}”` })).toBeVisible();
  await page.getByRole("link", { name: "Report version 1 (round 1)" }).click();
  await expect(page.getByRole("heading", { name: "Points of agreement" })).toBeVisible();
  await expect(page.getByText("passes the agreement test in every stakeholder group", { exact: false })).toBeVisible();
  await expectNoSeriousA11yViolations(page);

  // a phone: the index has no horizontal scrolling
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto("/reports");
  await expect(page.getByRole("link", { name: DEMO_TITLE })).toBeVisible();
  expect(await page.evaluate(() => document.scrollingElement!.scrollWidth)).toBeLessThanOrEqual(390 + 1);
});
