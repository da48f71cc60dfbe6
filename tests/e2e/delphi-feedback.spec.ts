import { mkdirSync } from "node:fs";
import type { Page } from "@playwright/test";
import { DEMO_LOGINS, en, expect, expectNoSeriousA11yViolations, logIn, test } from "./fixtures";

/** Sign in as the demo participant and open the round-2 ballot; returns its address without a query. */
async function openDemoBallot(page: Page): Promise<string> {
  await logIn(page, DEMO_LOGINS.participant);
  await page.getByRole("link", { name: "Red lines for frontier AI" }).click();
  await page.getByRole("navigation", { name: en.layout.sections }).getByRole("link", { name: en.layout.vote }).click();
  await page.waitForURL(/\/vote/);
  return page.url().split("?")[0]!;
}

const SHOTS = process.env.DELPHI_SHOTS_DIR ?? "test-results/delphi-shots";

/**
 * The demo's round-2 ballot shows how round 1 went on each card it voted on: the headline, the
 * participant's own round-1 vote, whether the text changed, and (folded) reason, groups and the
 * strongest arguments — at phone and desktop widths, without sideways scrolling.
 */
for (const [label, size] of [["phone", { width: 390, height: 844 }], ["desktop", { width: 1280, height: 800 }]] as const) {
  test(`the demo ballot shows round-1 feedback on the ${label}`, async ({ page }) => {
    await page.setViewportSize(size);
    await openDemoBallot(page);
    const feedback = page.getByTestId("delphi-feedback");
    await expect(feedback.getByRole("heading", { name: "In round 1" })).toBeVisible();
    await expect(feedback.getByTestId("delphi-agreed")).toHaveText(/^\d+\s% agreed$/);
    await expect(feedback.getByTestId("delphi-my-vote")).toHaveText(/^(Your vote then: .+\.|You did not vote on it then\.)$/);
    await expect(feedback.getByTestId("delphi-text-changed")).toBeVisible();
    await feedback.getByText("More about round 1").click();
    await expect(feedback.getByTestId("delphi-reason")).toBeVisible();
    await expect(feedback.getByTestId("delphi-for").or(feedback.getByTestId("delphi-against")).first()).toBeVisible();
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    await expectNoSeriousA11yViolations(page);
    mkdirSync(SHOTS, { recursive: true });
    await page.screenshot({ path: `${SHOTS}/ballot-${size.width}.png`, fullPage: true });
  });
}

test("a revised red line shows the word diff of its statement since round 1", async ({ page }) => {
  const voteUrl = await openDemoBallot(page);
  // find a card whose statement changed since round 1 (the demo revises four)
  for (let n = 1; n <= 14; n++) {
    await page.goto(`${voteUrl}?card=${n}`);
    const changed = page.getByTestId("delphi-text-changed");
    if ((await changed.getAttribute("data-changed")) !== "yes") continue;
    await page.getByText("More about round 1").click();
    if ((await page.getByTestId("delphi-diff").count()) === 0) continue;
    await expect(page.getByTestId("delphi-diff").locator("ins, del").first()).toBeVisible();
    await page.setViewportSize({ width: 390, height: 844 });
    mkdirSync(SHOTS, { recursive: true });
    await page.getByTestId("delphi-feedback").screenshot({ path: `${SHOTS}/revised-390.png` });
    return;
  }
  throw new Error("no revised red line with a changed statement on the demo ballot");
});

test("a red line discussed in round 1 shows its strongest arguments, unattributed", async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  const voteUrl = await openDemoBallot(page);
  for (let n = 1; n <= 14; n++) {
    await page.goto(`${voteUrl}?card=${n}`);
    const quotes = page.getByTestId("delphi-feedback").locator("blockquote");
    if ((await quotes.count()) === 0) continue;
    await page.getByText("More about round 1").click();
    await expect(quotes.first()).toBeVisible();
    // no pseudonym (Chatham House) next to an argument
    await expect(page.getByTestId("delphi-feedback")).not.toContainText(/Delegate \d+/);
    mkdirSync(SHOTS, { recursive: true });
    await page.getByTestId("delphi-feedback").screenshot({ path: `${SHOTS}/arguments-390.png` });
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.screenshot({ path: `${SHOTS}/arguments-1280.png`, fullPage: true });
    return;
  }
  throw new Error("no card on the demo ballot shows an argument from round 1");
});

/**
 * The demo's Delphi material end to end: the card first shown on the round-2 ballot (whichever it
 * is, in the participant's own order) quotes round 1's arguments on both sides; round 1's results
 * and the published report say why each crux divides people, and the report quotes both sides.
 */
for (const [label, size] of [["phone", { width: 390, height: 844 }], ["desktop", { width: 1280, height: 800 }]] as const) {
  test(`the demo shows round 1's arguments and reasons on the ballot, the results and the report (${label})`, async ({ page }) => {
    await page.setViewportSize(size);
    const voteUrl = await openDemoBallot(page);
    const feedback = page.getByTestId("delphi-feedback");
    await feedback.getByText("More about round 1").click();
    await expect(feedback.getByTestId("delphi-for").locator("blockquote").first()).toBeVisible();
    await expect(feedback.getByTestId("delphi-against").locator("blockquote").first()).toBeVisible();

    const id = new URL(voteUrl).pathname.split("/")[2]!;
    await page.goto(`/d/${id}/results?round=1`);
    await expect(page.getByTestId("results-headline")).toBeVisible({ timeout: 20_000 });
    const cruxReasons = page.getByTestId("crux-reason");
    expect(await cruxReasons.count()).toBeGreaterThanOrEqual(5);
    const sentences = (await cruxReasons.allTextContents()).join(" ");
    expect(sentences).toContain("mainly about the evidence");
    expect(sentences).toContain("mainly about values");

    await page.goto(`/reports/${id}/1`);
    const crux = page.locator("article.statement.crux").first();
    await expect(crux).toContainText("Why they disagree:");
    // a side without quotes would say "no excerpts" instead of a block of quotes
    await expect(crux.locator(".excerpts")).toHaveCount(2);
    await expect(crux.locator(".excerpts blockquote").first()).toBeVisible();
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
  });
}
