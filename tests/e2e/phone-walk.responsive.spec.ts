import type { Page } from "@playwright/test";
import { DEMO_LOGINS, createParticipantInvite, en, expect, expectNoSeriousA11yViolations, logIn, test } from "./fixtures";

/**
 * Walks every page of the demo as each role, at the size of the project running it (the phone
 * project: 390 × 844; the desktop one: 1280 × 720), and checks on each that nothing scrolls
 * sideways and axe finds no serious or critical violation. SHOTS_DIR=… also saves a screenshot
 * of each page (for looking at them, not for asserting).
 */
const DEMO_TITLE = "Red lines for frontier AI";

/**
 * Checks the page and records what is wrong instead of stopping, so one run lists every page that
 * overflows or fails axe; each test asserts at its end that nothing was recorded.
 */
async function check(page: Page, path: string, name: string, problems: string[]) {
  if (path) await page.goto(path);
  await expect(page.locator("h1").first()).toBeVisible();
  // window.innerWidth is no measure on a phone: a mobile browser zooms out to show a page that is too
  // wide, and innerWidth grows with it. The layout viewport (clientWidth) stays the screen's width.
  const { scrollWidth, clientWidth } = await page.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, clientWidth: document.documentElement.clientWidth }));
  expect(clientWidth).toBeLessThanOrEqual(page.viewportSize()!.width);
  if (process.env.SHOTS_DIR) await page.screenshot({ path: `${process.env.SHOTS_DIR}/${test.info().project.name}-${name}.png` });
  if (scrollWidth > clientWidth) problems.push(`${name} (${page.url()}) is ${scrollWidth} px wide on a ${clientWidth} px screen; it sticks out at:\n${await widestElements(page)}`);
  try {
    await expectNoSeriousA11yViolations(page);
  } catch (e) {
    problems.push(`${name}: ${e instanceof Error ? e.message : String(e)}`);
  }
}

/** For a failure message: the deepest elements that stick out past the right edge. */
function widestElements(page: Page) {
  return page.evaluate(() => {
    const out: string[] = [];
    for (const el of Array.from(document.body.querySelectorAll("*"))) {
      const r = el.getBoundingClientRect();
      if (r.right <= document.documentElement.clientWidth + 0.5 || r.width === 0) continue;
      if (Array.from(el.children).some((c) => c.getBoundingClientRect().right > document.documentElement.clientWidth + 0.5)) continue;
      out.push(`${el.tagName.toLowerCase()}${el.className && typeof el.className === "string" ? `.${el.className.split(" ").join(".")}` : ""} right=${Math.round(r.right)}: ${(el.textContent ?? "").slice(0, 60)}`);
      if (out.length >= 8) break;
    }
    return out.join("\n");
  });
}

/** A refusal inside a deliberation keeps its title, its tabs and a way back to its overview. */
async function expectRefusedInLayout(page: Page, sentence: RegExp) {
  await expect(page.getByRole("alert")).toHaveText(sentence);
  await expect(page.getByRole("heading", { level: 1, name: DEMO_TITLE })).toBeVisible();
  await expect(page.getByRole("navigation", { name: en.layout.sections }).getByRole("link", { name: en.layout.results })).toBeVisible();
  await expect(page).toHaveTitle(new RegExp(`· ${DEMO_TITLE} · Accord$`));
  await page.getByRole("link", { name: `Back to “${DEMO_TITLE}”` }).click();
  await expect(page.getByRole("heading", { level: 2, name: "14 red lines" })).toBeVisible();
}

// Each walk opens a dozen pages and runs axe on every one (axe alone takes seconds on the larger
// pages): a whole walk, not one step, gets five minutes, so a loaded machine does not cut it short.
test.describe.configure({ timeout: 300_000 });

async function openDemo(page: Page) {
  await page.goto("/");
  await page.getByRole("link", { name: DEMO_TITLE }).click();
  await expect(page.getByRole("heading", { level: 1, name: DEMO_TITLE })).toBeVisible();
  const id = new URL(page.url()).pathname.split("/")[2]!;
  const proposal = await page.locator(`a[href^="/d/${id}/proposals/"]`).first().getAttribute("href");
  return { id, proposal: proposal! };
}

test("the facilitator's pages fit the screen and pass axe", async ({ page }) => {
  const problems: string[] = [];
  await logIn(page, DEMO_LOGINS.facilitator);
  await check(page, "/", "facilitator-home", problems);
  const { id, proposal } = await openDemo(page);
  await check(page, "", "facilitator-overview", problems);
  await check(page, proposal, "facilitator-proposal", problems);
  await check(page, `${proposal}/draft`, "facilitator-draft", problems);
  await check(page, `/d/${id}/results`, "facilitator-results", problems);
  await check(page, `/d/${id}/results?round=1`, "facilitator-results-round1", problems);
  await check(page, `/d/${id}/settings`, "facilitator-settings", problems);
  await check(page, `/d/${id}/report`, "facilitator-report", problems);
  await check(page, `/d/${id}/members`, "facilitator-members", problems);
  await check(page, "/account", "facilitator-account", problems);
  await check(page, "/deliberations/new", "facilitator-new-deliberation", problems);
  await check(page, "/deliberations/import", "facilitator-import", problems);
  expect(problems, problems.join("\n\n")).toEqual([]);
});

test("the pages of someone joining by invitation fit the screen and pass axe", async ({ page, newActor, consoleErrors, viewport, isMobile, hasTouch }) => {
  const problems: string[] = [];
  consoleErrors.allowHttpErrorStatus(404);
  await logIn(page, DEMO_LOGINS.facilitator);
  const { id } = await openDemo(page);
  await page.goto(`/d/${id}/members`);
  const invite = await createParticipantInvite(page);

  // someone new follows the invitation: join page, welcome page, their access page
  const { page: guest } = await newActor({ viewport, isMobile, hasTouch });
  await check(guest, invite, "join", problems);
  await guest.getByLabel(en.join.displayName).fill("Phone walker");
  await guest.getByLabel(en.join.group).selectOption({ index: 1 });
  await guest.getByRole("button", { name: en.join.submit, exact: true }).click();
  await expect(guest).toHaveURL(/\/welcome$/);
  await check(guest, "", "welcome", problems);
  await check(guest, `/d/${id}/access`, "access", problems);
  await check(guest, "/join/no-such-invitation", "join-unknown", problems);
  expect(problems, problems.join("\n\n")).toEqual([]);
});

test("the participant's pages fit the screen and pass axe", async ({ page, consoleErrors }) => {
  const problems: string[] = [];
  consoleErrors.allowHttpErrorStatus(409);
  await logIn(page, DEMO_LOGINS.participant);
  await check(page, "/", "participant-home", problems);
  const { id, proposal } = await openDemo(page);
  await check(page, "", "participant-overview", problems);
  await check(page, proposal, "participant-proposal", problems);
  await check(page, `${proposal}/draft`, "participant-draft", problems);
  await check(page, `/d/${id}/vote`, "participant-vote", problems);
  await check(page, `/d/${id}/results`, "participant-results", problems);
  await check(page, `/d/${id}/results?round=1`, "participant-results-round1", problems);
  await check(page, "/account", "participant-account", problems);
  // round 2 is voting: proposing is refused, inside the deliberation's layout
  await check(page, `/d/${id}/proposals/new`, "participant-propose-refused", problems);
  await expectRefusedInLayout(page, /Proposing a red line is not possible now/);
  expect(problems, problems.join("\n\n")).toEqual([]);
});

test("the observer's pages fit the screen and pass axe", async ({ page, consoleErrors }) => {
  const problems: string[] = [];
  consoleErrors.allowHttpErrorStatus(403);
  await logIn(page, DEMO_LOGINS.observer);
  const { id, proposal } = await openDemo(page);
  await check(page, "", "observer-overview", problems);
  await check(page, proposal, "observer-proposal", problems);
  await check(page, `/d/${id}/results?round=1`, "observer-results-round1", problems);
  await check(page, "/account", "observer-account", problems);
  await check(page, `/d/${id}/vote`, "observer-vote-refused", problems);
  await expectRefusedInLayout(page, /^Observers can read this deliberation but cannot change anything\.$/);
  expect(problems, problems.join("\n\n")).toEqual([]);
});

test("the public pages fit the screen and pass axe", async ({ page }) => {
  const problems: string[] = [];
  await check(page, "/", "public-home", problems);
  await check(page, "/login", "public-login", problems);
  await check(page, "/signup", "public-signup", problems);
  await check(page, "/reports", "public-reports", problems);
  await page.getByRole("link", { name: DEMO_TITLE }).click();
  await expect(page.getByRole("heading", { level: 1, name: `Reports of “${DEMO_TITLE}”` })).toBeVisible();
  const id = new URL(page.url()).pathname.split("/")[2]!;
  await check(page, "", "public-report-index", problems);
  await check(page, `/reports/${id}/1`, "public-report", problems);
  await check(page, `/reports/${id}/diff?from=1&to=1`, "public-report-diff", problems);
  expect(problems, problems.join("\n\n")).toEqual([]);
});

test("a deliberation's header is one line on a phone, its banner folded; in full on a wide screen", async ({ page }) => {
  await logIn(page, DEMO_LOGINS.participant);
  await openDemo(page);
  const banner = page.getByRole("region", { name: en.phaseBanner.label });
  const title = page.getByRole("heading", { level: 1, name: DEMO_TITLE });
  const tabs = page.getByRole("navigation", { name: en.layout.sections });
  const more = page.getByText(en.phoneLayout.more);
  if (test.info().project.name === "phone") {
    const chip = page.getByText("Round 2 · Voting", { exact: true });
    await expect(chip).toBeVisible();
    const [t, c] = [(await title.boundingBox())!, (await chip.boundingBox())!];
    expect(Math.abs(t.y + t.height / 2 - (c.y + c.height / 2)), "the phase sits on the title's line").toBeLessThan(t.height / 2);
    await expect(banner).toBeHidden();
    // the tabs come right after: within the first third of the screen
    expect((await tabs.boundingBox())!.y).toBeLessThan(844 / 3);
    await more.click();
    await expect(banner).toBeVisible();
    await expect(banner).toContainText("Round 2: Voting");
    await expect(page.getByText(/^You are a Participant/)).toBeVisible();
  } else {
    await expect(banner).toBeVisible();
    await expect(more).toBeHidden();
    await expect(page.getByText("Round 2 · Voting", { exact: true })).toBeHidden();
    await expect(page.getByText(/^You are a Participant/)).toBeVisible();
  }
});

test("the public report's banner is styled and lines up with the report's column", async ({ page }) => {
  await page.goto("/reports");
  await page.getByRole("link", { name: DEMO_TITLE }).click();
  await expect(page.getByRole("heading", { level: 1, name: `Reports of “${DEMO_TITLE}”` })).toBeVisible();
  const id = new URL(page.url()).pathname.split("/")[2]!;
  await page.goto(`/reports/${id}/1`);
  const banner = page.locator("body > header");
  await expect(banner).toContainText("Report version 1 (round 1)");
  expect(await banner.evaluate((el) => getComputedStyle(el).backgroundColor)).not.toBe("rgba(0, 0, 0, 0)");
  // the banner's text starts where the report's does, at any width
  const hash = (await banner.locator(".report-meta").boundingBox())!;
  const heading = (await page.getByRole("heading", { level: 1, name: DEMO_TITLE }).boundingBox())!;
  expect(Math.abs(hash.x - heading.x)).toBeLessThanOrEqual(2);
  await expect(banner.getByRole("link", { name: en.reportIndex.title })).toHaveAttribute("href", "/reports");
});

test("a facilitator's tabs: on a phone one line, the rest behind “More” with the current page marked; every tab on a wide screen", async ({ page }) => {
  await logIn(page, DEMO_LOGINS.facilitator);
  const { id } = await openDemo(page);
  const tabs = page.getByRole("navigation", { name: en.layout.sections });
  const folded = [en.layout.members, en.layout.report, en.layout.settings, en.actionLog.tab, en.room.tab];
  const more = tabs.locator("summary", { hasText: en.cockpit.tabs.more });
  for (const name of [en.layout.proposals, en.layout.results, en.participation.tab]) await expect(tabs.getByRole("link", { name, exact: true })).toBeVisible();
  if (test.info().project.name === "phone") {
    // one line of tabs: every visible item sits on the first one's line
    const rows = await tabs.locator(".tabs > li").evaluateAll((items) => new Set(items.map((li) => Math.round(li.getBoundingClientRect().top))).size);
    expect(rows).toBe(1);
    for (const name of folded) await expect(tabs.getByRole("link", { name, exact: true })).toBeHidden();
    await more.click();
    for (const name of folded) await expect(tabs.getByRole("link", { name, exact: true })).toBeVisible();
    await expectNoSeriousA11yViolations(page);
    await tabs.getByRole("link", { name: en.layout.settings, exact: true }).click();
    await expect(page).toHaveURL(new RegExp(`/d/${id}/settings$`));
    // on a folded page "More" is the marked tab, named for screen readers; the fold starts closed again
    await expect(more).toHaveClass("current");
    await expect(more).toHaveText(`${en.cockpit.tabs.more} ${en.cockpit.tabs.currentIs.replace("{{label}}", en.layout.settings)}`);
    await expect(tabs.getByRole("link", { name: en.layout.settings, exact: true })).toBeHidden();
    await more.click();
    await expect(tabs.getByRole("link", { name: en.layout.settings, exact: true })).toHaveAttribute("aria-current", "page");
    await expectNoSeriousA11yViolations(page);
  } else {
    await expect(more).toBeHidden();
    for (const name of folded) await expect(tabs.getByRole("link", { name, exact: true })).toBeVisible();
    await tabs.getByRole("link", { name: en.layout.settings, exact: true }).click();
    await expect(tabs.getByRole("link", { name: en.layout.settings, exact: true })).toHaveAttribute("aria-current", "page");
  }
});
