import type { Page } from "@playwright/test";
import { createDeliberation, en, expect, expectNoSeriousA11yViolations, expectPhase, openRound, signUpFacilitator, test } from "./fixtures";

/**
 * A phase deadline end to end, at the size of the project running it (phone 390 × 844, desktop
 * 1280 × 800), in a browser whose time zone is Asia/Kolkata (UTC+5:30) whatever the machine's: the
 * form starts in the viewer's zone and refuses a past time with a sentence; a deadline a few seconds
 * ahead with "move on automatically" shows in the header in the viewer's zone with a countdown, and
 * the round moves to the next phase by itself (the server polls every DEADLINE_POLL_MS, set short
 * in playwright.config.ts; the page looks again once the deadline passes). No timing assertion:
 * only a generous wait for the new phase. SHOTS_DIR=… saves screenshots of the header.
 */
const ZONE = "Asia/Kolkata";
test.use({ timezoneId: ZONE });

/** A wall-clock time in `zone` as <input type="datetime-local" > takes it, to the second. */
function wallTime(ms: number, zone: string): string {
  const parts = new Intl.DateTimeFormat("en-US", { timeZone: zone, hourCycle: "h23", year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", second: "2-digit" }).formatToParts(new Date(ms));
  const get = (type: string) => parts.find((p) => p.type === type)!.value;
  return `${get("year")}-${get("month")}-${get("day")}T${get("hour")}:${get("minute")}:${get("second")}`;
}

async function shot(page: Page, name: string) {
  if (!process.env.SHOTS_DIR) return;
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: `${process.env.SHOTS_DIR}/${test.info().project.name}-${name}.png` });
}

test("a deadline a few seconds ahead with automatic advance moves the round on; the header shows it in the viewer's time zone", async ({ page, consoleErrors }) => {
  consoleErrors.allowHttpErrorStatus(400);
  const phone = test.info().project.name === "phone";
  await page.setViewportSize({ width: 1280, height: 800 }); // set-up at desktop size (the helpers read the unfolded banner)
  await signUpFacilitator(page, "Facilitator with a deadline");
  const id = await createDeliberation(page, `Deadline assembly ${test.info().project.name}`);
  await openRound(page, id, 1);
  if (phone) await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(`/d/${id}`);

  const form = page.locator("#deadline");
  // hydrated, the form speaks the viewer's zone (by the name the browser's own ICU gives it: Chromium says Asia/Calcutta)
  const browserZone = await page.evaluate(() => Intl.DateTimeFormat().resolvedOptions().timeZone);
  expect(["Asia/Kolkata", "Asia/Calcutta"]).toContain(browserZone);
  await expect(form.getByLabel(en.deadlines.timeZone)).toHaveValue(browserZone);
  await form.getByLabel(en.deadlines.dueAt).fill(wallTime(Date.now() - 3600_000, ZONE).slice(0, 16));
  await form.getByRole("button", { name: en.deadlines.save }).click();
  await expect(form.getByText(en.deadlines.validation.inPast)).toBeVisible();
  await expect(form.getByLabel(en.deadlines.dueAt)).toHaveAttribute("aria-invalid", "true");
  await expectNoSeriousA11yViolations(page);
  if (process.env.SHOTS_DIR) await form.screenshot({ path: `${process.env.SHOTS_DIR}/${test.info().project.name}-deadline-form-refused.png` });

  await form.getByLabel(en.deadlines.dueAt).fill(wallTime(Date.now() + 12_000, ZONE));
  await form.getByLabel(en.deadlines.autoAdvance.replace("{{phase}}", en.phases.discussing.name)).check();
  await form.getByRole("button", { name: en.deadlines.save }).click();
  await expect(page.getByRole("status").filter({ hasText: en.deadlines.saved })).toBeVisible();

  // the header: on a phone one line under the title; on a wider screen the phase banner
  if (phone) {
    const line = page.locator(".deadline-line");
    await expect(line).toBeVisible();
    await expect(line).toContainText(/Proposing ends: \d+ seconds? left|The deadline has passed/);
    await shot(page, "deadline-header");
    await page.getByText(en.phoneLayout.more).click();
  }
  const banner = page.getByRole("region", { name: en.phaseBanner.label });
  const notice = banner.getByTestId("phase-deadline");
  await expect(notice).toContainText(`(${en.deadlines.yourTime}, ${browserZone})`);
  await expect(notice).toContainText("GMT+5:30");
  await expect(notice.locator("time")).toHaveAttribute("datetime", /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.000Z$/);
  await expect(notice).toContainText("Then the round moves to Discussing automatically.");
  await expectNoSeriousA11yViolations(page);
  if (!phone) await shot(page, "deadline-header");
  else await shot(page, "deadline-banner-open");

  // the deadline passes: the server moves the round on and the page shows it without a reload
  await expect(banner.locator("strong").first()).toHaveText("Round 1: Discussing", { timeout: 60_000 });
  await expect(notice).toHaveCount(0);
  if (phone) await page.getByText(en.phoneLayout.more).click(); // fold it again: the chip shows the phase
  await expectPhase(page, 1, "discussing");
});
