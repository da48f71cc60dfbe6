import type { Page } from "@playwright/test";
import { DEMO_LOGINS, en, expect, expectNoSeriousA11yViolations, logIn, test } from "./fixtures";

const DEMO_TITLE = "Red lines for frontier AI";
const SIZES = [
  { name: "phone", width: 390, height: 844 },
  { name: "desktop", width: 1280, height: 800 },
] as const;
const SHOTS = process.env.RESULTS_SHOTS_DIR;

async function expectNoSidewaysScroll(page: Page) {
  const { scrollWidth, innerWidth } = await page.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth }));
  expect(scrollWidth, `${page.url()} scrolls sideways`).toBeLessThanOrEqual(innerWidth);
}

async function openResults(page: Page, query: string) {
  await page.getByRole("link", { name: DEMO_TITLE }).click();
  await page.waitForURL(/\/d\/[^/]+$/);
  const id = new URL(page.url()).pathname.split("/")[2]!;
  await page.goto(`/d/${id}/results?round=1${query}`);
  await expect(page.getByTestId("results-headline")).toBeVisible({ timeout: 20_000 });
  return id;
}

for (const size of SIZES) {
  test(`results in plain words and in full at ${size.width}×${size.height}, never wider than the screen`, async ({ page }) => {
    await page.setViewportSize({ width: size.width, height: size.height });
    await logIn(page, DEMO_LOGINS.participant);
    const id = await openResults(page, "");

    // a participant starts in the plain view: headline, table of contents, statistics folded
    await expect(page.getByTestId("results-headline")).toContainText(/red lines? (has|have) broad support across all groups/);
    await expect(page.getByRole("navigation", { name: en.resultsPlain.toc })).toBeVisible();
    const stats = page.getByTestId("statement-stats");
    expect(await stats.count()).toBeGreaterThan(3);
    for (const open of await stats.evaluateAll((els) => els.map((e) => (e as HTMLDetailsElement).open))) expect(open).toBe(false);
    await expect(page.getByTestId("consensus-board")).toBeHidden();
    await expectNoSidewaysScroll(page);
    await expectNoSeriousA11yViolations(page);
    if (SHOTS) await page.screenshot({ path: `${SHOTS}/plain-${size.name}.png`, fullPage: true });

    // one click shows a red line's statistics, and a "?" explains a term in one sentence
    await stats.first().locator("summary").first().click();
    await expect(stats.first().getByRole("img", { name: /^Agree rate by stakeholder group/ })).toBeVisible();
    await stats.first().getByLabel(/^What is a 95 % interval\?/).click();
    await expect(stats.first().getByText(en.resultsPlain.glossary.interval.text)).toBeVisible();
    await expectNoSidewaysScroll(page);
    if (SHOTS) await page.screenshot({ path: `${SHOTS}/plain-open-${size.name}.png`, fullPage: true });

    // the full view: everything unfolded, still within the width
    await page.getByRole("link", { name: en.resultsPlain.view.toFull }).click();
    await expect(page).toHaveURL(/view=full/);
    await expect(page.getByTestId("consensus-board")).toBeVisible();
    await expect(page.getByRole("img", { name: /^Opinion map with/ })).toBeVisible();
    for (const open of await page.getByTestId("statement-stats").evaluateAll((els) => els.map((e) => (e as HTMLDetailsElement).open))) expect(open).toBe(true);
    await expectNoSidewaysScroll(page);
    await expectNoSeriousA11yViolations(page);
    if (SHOTS) await page.screenshot({ path: `${SHOTS}/full-${size.name}.png`, fullPage: true });

    // what happened to my proposals
    await page.goto(`/d/${id}/mine`);
    await expect(page.getByRole("heading", { level: 2, name: en.mine.title })).toBeVisible();
    await expectNoSidewaysScroll(page);
    await expectNoSeriousA11yViolations(page);
    if (SHOTS) await page.screenshot({ path: `${SHOTS}/mine-${size.name}.png`, fullPage: true });
  });
}

test("a facilitator starts in the full view and can switch to the plain one", async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await logIn(page, DEMO_LOGINS.facilitator);
  await openResults(page, "");
  await expect(page.getByTestId("consensus-board")).toBeVisible();
  await expectNoSidewaysScroll(page);
  await page.getByRole("link", { name: en.resultsPlain.view.toPlain }).click();
  await expect(page).toHaveURL(/view=plain/);
  await expect(page.getByTestId("consensus-board")).toBeHidden();
  await expectNoSidewaysScroll(page);
});
