import type { Page } from "@playwright/test";
import { DEMO_LOGINS, en, expect, expectNoSeriousA11yViolations, logIn, test } from "./fixtures";

/**
 * The participation monitor on the demo deliberation (its round is voting), on a phone (390 × 844)
 * and a desktop (1280 × 800): the facilitator's page with tables, chart, alerts and non-voters; the
 * observer's aggregate page. No sideways scroll; SHOTS_DIR=… saves screenshots.
 */
async function noSidewaysScroll(page: Page) {
  const { scrollWidth, clientWidth } = await page.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, clientWidth: document.documentElement.clientWidth }));
  expect(scrollWidth, `${page.url()} scrolls sideways`).toBeLessThanOrEqual(clientWidth);
}

async function openParticipation(page: Page) {
  await page.goto("/");
  const href = await page.locator('a[href^="/d/"]').first().getAttribute("href");
  await page.goto(`${href}/participation`);
  await expect(page.getByRole("heading", { level: 2, name: en.participation.title })).toBeVisible();
}

test("the facilitator's participation monitor fits the screen", async ({ page }) => {
  await logIn(page, DEMO_LOGINS.facilitator);
  await openParticipation(page);
  await expect(page.getByTestId("participation-groups")).toBeVisible();
  await expect(page.getByTestId("turnout-chart")).toBeVisible();
  await noSidewaysScroll(page);
  await expectNoSeriousA11yViolations(page);
  if (process.env.SHOTS_DIR) await page.screenshot({ path: `${process.env.SHOTS_DIR}/${test.info().project.name}-participation-facilitator.png`, fullPage: true });
});

test("the observer's participation page shows aggregates and fits the screen", async ({ page }) => {
  await logIn(page, DEMO_LOGINS.observer);
  await openParticipation(page);
  await expect(page.getByText(en.participation.introObserver.split("{{k}}")[0]!.trim())).toBeVisible();
  await expect(page.getByText(en.participation.settingsTitle)).toHaveCount(0);
  await noSidewaysScroll(page);
  await expectNoSeriousA11yViolations(page);
  if (process.env.SHOTS_DIR) await page.screenshot({ path: `${process.env.SHOTS_DIR}/${test.info().project.name}-participation-observer.png`, fullPage: true });
});
