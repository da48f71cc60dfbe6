import type { Page } from "@playwright/test";
import { DEMO_LOGINS, en, expect, expectNoSeriousA11yViolations, logIn, test } from "./fixtures";

const DEMO_TITLE = "Red lines for frontier AI";

async function openRound1Results(page: Page, query = "") {
  await page.getByRole("link", { name: DEMO_TITLE }).click();
  await page.waitForURL(/\/d\/[^/]+$/);
  const id = new URL(page.url()).pathname.split("/")[2]!;
  await page.goto(`/d/${id}/results?round=1${query}`);
  // The cache may still be warming on a fresh server: the page refreshes itself until it is ready.
  await expect(page.getByTestId("consensus-board")).toBeVisible({ timeout: 20_000 });
  return id;
}

test("the demo's round-1 results show the board, the opinion map and per-group bars with reasons", async ({ page }) => {
  await logIn(page, DEMO_LOGINS.facilitator);
  const id = await openRound1Results(page);
  await expectNoSeriousA11yViolations(page);

  const board = page.getByTestId("consensus-board");
  for (const c of ["agreement", "disagreement", "uncertainty", "no_consensus", "insufficient_data"] as const) {
    await expect(board.getByRole("heading", { name: new RegExp(`^${en.consensus.classification[c].replace(/[()]/g, "\\$&")}`) })).toBeVisible();
  }
  // The demo has broad agreements and industry-vs-civil-society cruxes in round 1.
  const agreement = board.getByRole("region", { name: /^Agreement/ });
  const cruxes = board.getByRole("region", { name: /^Disagreement/ });
  expect(await agreement.getByRole("listitem").count()).toBeGreaterThan(0);
  expect(await cruxes.getByRole("listitem").count()).toBeGreaterThan(0);
  await expect(agreement.getByRole("listitem").first()).toContainText(/groups agree; lowest: .+ \d+ % \[\d+ %–\d+ %\], n = \d+\./);
  await expect(cruxes.getByRole("listitem").first()).toContainText(/For: .+\. Against: .+\./);

  // opinion map: server-rendered SVG with a text alternative; filtering highlights one group
  const map = page.getByRole("img", { name: /^Opinion map with \d+ participants in \d opinion groups/ });
  await expect(map).toBeVisible();
  const points = map.locator("circle, rect, polygon, path");
  const total = await points.count();
  expect(total).toBeGreaterThan(20);
  await page.getByLabel(en.consensus.mapFilter).selectOption({ label: "Industry" });
  await page.getByRole("button", { name: en.consensus.mapShow }).click();
  await expect(page).toHaveURL(/group=/);
  const fadedPoints = page.getByRole("img", { name: /^Opinion map with/ }).locator("[opacity='0.15']");
  await expect(fadedPoints.first()).toBeAttached();
  const faded = await fadedPoints.count();
  expect(faded).toBeGreaterThan(0);
  expect(faded).toBeLessThan(total);
  await expectNoSeriousA11yViolations(page);

  // per-statement bars with intervals, and the thresholds that were used
  const card = page.getByRole("article").first();
  await expect(card.getByRole("img", { name: /^Agree rate by stakeholder group, with 95 % intervals\. Government \d+ % agree \(95 % interval \d+ %–\d+ %, n = \d+\)/ })).toBeVisible();
  await expect(card.getByTestId("reason")).not.toBeEmpty();
  await page.getByText(en.consensus.thresholdsTitle).click();
  await expect(page.getByTestId("thresholds")).toContainText("Agreement: every group ≥ 60 %");

  // round 2 (live) shows movement since round 1 for the revised proposals
  await page.goto(`/d/${id}/results?round=2`);
  await expect(page.getByTestId("consensus-board")).toBeVisible({ timeout: 20_000 });
  expect(await page.getByTestId("movement").count()).toBeGreaterThan(0);
  await expect(page.getByTestId("movement").first()).toContainText(/^Since round 1: agreement/);
  await expectNoSeriousA11yViolations(page);
});

test("a participant sees the same board and map without JavaScript, and no names", async ({ newActor }) => {
  const { page } = await newActor({ javaScriptEnabled: false });
  await logIn(page, DEMO_LOGINS.participant);
  // a participant's default is the plain view; the board and the map are a link away
  await openRound1Results(page, "&view=full");
  await expect(page.getByRole("img", { name: /^Opinion map with/ })).toBeVisible();
  const html = await page.content();
  // Chatham House: no display name of a demo participant on the page (the viewer's own name is in the header)
  for (const name of ["Amara Okafor", "Kenji Watanabe"]) expect(html).not.toContain(name);
  await expectNoSeriousA11yViolations(page);
});
