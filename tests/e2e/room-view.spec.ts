import { mkdirSync } from "node:fs";
import { createDeliberation, createParticipantInvite, DEMO_LOGINS, en, expect, expectNoSeriousA11yViolations, joinAsParticipant, logIn, openRound, signUpFacilitator, test } from "./fixtures";

const SHOTS = "test-results/room-shots";

/**
 * Issue 12, the room view on a projector (1920 × 1080): live turnout by group follows a vote cast
 * in another browser without a reload; no name on the screen.
 */
test("the room view follows a vote cast on a phone, without a reload, and names no one", async ({ page, newActor }) => {
  await page.setViewportSize({ width: 1920, height: 1080 });
  await logIn(page, DEMO_LOGINS.facilitator);
  await page.getByRole("link", { name: "Red lines for frontier AI" }).click();
  await expect(page).toHaveURL(/\/d\/[^/]+$/);
  const id = new URL(page.url()).pathname.split("/")[2]!;
  await page.goto(`/d/${id}/members`);
  const invite = await createParticipantInvite(page);

  await page.goto(`/d/${id}`);
  await page.getByRole("navigation", { name: en.layout.sections }).getByRole("link", { name: en.room.tab }).click();
  await expect(page).toHaveURL(new RegExp(`/d/${id}/room$`));
  const headline = page.getByRole("heading", { level: 2, name: /have voted$/ });
  const before = Number((await headline.textContent())!.split(" ")[0]);
  await expect(page.getByRole("img", { name: /^QR code for / })).toBeVisible();
  await expect(page.getByText(/Signed in as/)).toHaveCount(0);
  await expectNoSeriousA11yViolations(page);
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: `${SHOTS}/room-1920.png` });

  // a new participant votes on a phone; the projector's numbers move by one, with no reload
  const marker = await page.evaluate(() => ((window as unknown as { __roomMarker: number }).__roomMarker = Math.random()));
  const phone = (await newActor({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true })).page;
  await joinAsParticipant(phone, invite, "Room Voter", "Citizens");
  await phone.goto(`/d/${id}/vote`);
  await phone.getByRole("article").getByRole("button", { name: en.vote.choice.agree, exact: true }).click();
  await expect(phone.getByTestId("vote-status")).toHaveText(en.ballot.saved);
  await expect(headline).toHaveText(new RegExp(`^${before + 1} of \\d+ have voted$`), { timeout: 15_000 });
  expect(await page.evaluate(() => (window as unknown as { __roomMarker?: number }).__roomMarker)).toBe(marker);
  await expect(page.getByText("Room Voter")).toHaveCount(0);
});

/** A wall-clock time in `zone` as <input type="datetime-local"> takes it (minutes). */
function wallTime(ms: number, zone: string): string {
  const parts = new Intl.DateTimeFormat("en-US", { timeZone: zone, hourCycle: "h23", year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit" }).formatToParts(new Date(ms));
  const get = (type: string) => parts.find((p) => p.type === type)!.value;
  return `${get("year")}-${get("month")}-${get("day")}T${get("hour")}:${get("minute")}`;
}

test.describe("with a deadline", () => {
  test.use({ timezoneId: "America/Sao_Paulo" });

  test("the room view counts down to the phase's deadline in large type, in the room's own time zone", async ({ page }) => {
    await signUpFacilitator(page, "Facilitator of a timed room");
    const id = await createDeliberation(page, "Timed room assembly");
    await openRound(page, id, 1);
    await page.goto(`/d/${id}`);
    const form = page.locator("#deadline");
    await form.getByLabel(en.deadlines.dueAt).fill(wallTime(Date.now() + 40 * 60_000, "America/Sao_Paulo"));
    await form.getByRole("button", { name: en.deadlines.save }).click();
    await expect(page.getByRole("status").filter({ hasText: en.deadlines.saved })).toBeVisible();

    await page.setViewportSize({ width: 1920, height: 1080 });
    await page.goto(`/d/${id}/room`);
    const deadline = page.getByTestId("room-deadline");
    await expect(deadline).toContainText(/Proposing ends \w+day, .+ GMT-3/);
    const countdown = deadline.locator(".countdown");
    await expect(countdown).toHaveText(/^(39|40) minutes \d+ seconds? left$/);
    // it ticks in the browser, without a reload
    const first = await countdown.textContent();
    await expect(countdown).not.toHaveText(first!, { timeout: 5000 });
    // readable from the back of the room: at least three times the body text, on screen without scrolling
    const size = await countdown.evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
    expect(size).toBeGreaterThanOrEqual(60);
    const box = (await countdown.boundingBox())!;
    expect(box.y + box.height).toBeLessThan(1080);
    await expectNoSeriousA11yViolations(page);
    mkdirSync(SHOTS, { recursive: true });
    await page.screenshot({ path: `${SHOTS}/room-deadline-1920.png` });
  });
});
