import type { Page } from "@playwright/test";
import { DEMO_LOGINS, en, expect, expectNoSeriousA11yViolations, logIn, test } from "./fixtures";

/**
 * Continuity on the demo (its round 1 is closed, round 2 voting), on a phone (390 × 844) and a
 * desktop (1280 × 800): the facilitator continues into a new deliberation with two red lines, sees
 * them in its round 1, opens a red line's history across deliberations, then deletes the new
 * deliberation. No sideways scroll; SHOTS_DIR=… saves screenshots.
 */
async function noSidewaysScroll(page: Page) {
  const { scrollWidth, clientWidth } = await page.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, clientWidth: document.documentElement.clientWidth }));
  expect(scrollWidth, `${page.url()} scrolls sideways`).toBeLessThanOrEqual(clientWidth);
}

async function shot(page: Page, name: string) {
  if (process.env.SHOTS_DIR) await page.screenshot({ path: `${process.env.SHOTS_DIR}/${test.info().project.name}-continuity-${name}.png`, fullPage: true });
}

test("a facilitator continues the demo into a new deliberation with two red lines and reads one's history", async ({ page }) => {
  const title = `Next convening ${test.info().project.name} ${Date.now()}`;
  await logIn(page, DEMO_LOGINS.facilitator);
  await page.goto("/");
  const source = await page.locator('a[href^="/d/"]').first().getAttribute("href");
  await page.goto(source!);
  await page.getByRole("link", { name: en.continuity.link }).click();
  await expect(page.getByRole("heading", { level: 2, name: en.continuity.title })).toBeVisible();

  // keep the first two red lines of round 1's ballot, untick the rest
  const boxes = page.getByRole("checkbox");
  const count = await boxes.count();
  expect(count).toBeGreaterThan(2);
  for (let i = 0; i < count; i++) {
    if (i < 2) await boxes.nth(i).check();
    else await boxes.nth(i).uncheck();
  }
  const chosen = [(await boxes.nth(0).locator("xpath=..").innerText()).split(" (version")[0]!.trim(), (await boxes.nth(1).locator("xpath=..").innerText()).split(" (version")[0]!.trim()];
  await page.getByLabel(en.continuity.titleLabel).fill(title);
  await page.getByLabel(en.continuity.membersFresh).check();
  await noSidewaysScroll(page);
  await expectNoSeriousA11yViolations(page);
  await shot(page, "form");
  await page.getByRole("button", { name: en.continuity.submit }).click();

  // the new deliberation: round 1 proposing, with exactly the two red lines
  await expect(page.getByRole("status").filter({ hasText: en.continuity.created })).toBeVisible();
  await expect(page.getByTestId("continued-from")).toContainText("Red lines for frontier AI");
  const id = /\/d\/([^/?#]+)/.exec(page.url())![1]!;
  await expect(page.getByRole("heading", { level: 2, name: "2 red lines" })).toBeVisible();
  await expect(page.getByText(`Round 1: ${en.phases.proposing.name}`).first()).toBeAttached();
  const items = page.locator(".proposal-list > li");
  await expect(items).toHaveCount(2);
  for (const t of chosen) await expect(page.getByRole("link", { name: t, exact: true })).toBeVisible();
  await noSidewaysScroll(page);
  await shot(page, "new-deliberation");

  // a red line's history: the demo's versions and its round 1 result (public report), and this deliberation
  await page.getByRole("link", { name: chosen[0], exact: true }).click();
  await page.getByRole("link", { name: en.continuity.history.link }).click();
  await expect(page.getByRole("heading", { level: 2, name: `History of “${chosen[0]}”` })).toBeVisible();
  const stages = page.getByTestId("lineage-stage");
  await expect(stages).toHaveCount(2);
  await expect(stages.first()).toContainText("In “Red lines for frontier AI”");
  await expect(stages.first()).toContainText(/Round 1 \(version 1\): \d+\s% agreement/);
  await expect(stages.first().getByRole("link", { name: /Published report, version \d+/ })).toBeVisible();
  await expect(stages.last()).toContainText(`In this deliberation (“${title}”)`);
  await noSidewaysScroll(page);
  await expectNoSeriousA11yViolations(page);
  await shot(page, "history");

  // clean up: delete the new deliberation (the lifecycle delete); the demo keeps its proposals
  await page.goto(`/d/${id}/settings#archive-delete`);
  await page.getByLabel(`Type the title “${title}” to confirm`).fill(title);
  await page.getByRole("button", { name: en.lifecycle.deleteButton }).click();
  await expect(page.getByRole("status").filter({ hasText: `“${title}” is deleted.` })).toBeVisible();
  await page.goto(source!);
  await expect(page.getByRole("link", { name: chosen[0], exact: true })).toBeVisible();
});
