import type { Page } from "@playwright/test";
import ar from "../../app/i18n/locales/ar";
import { advanceTo, createDeliberation, DEMO_LOGINS, en, expect, fillProposalForm, logIn, openRound, signUpFacilitator, test } from "./fixtures";

/**
 * Arabic pages (`?lang=ar`) are laid out right to left, on a phone (390 × 844) and a desktop
 * (1280 × 800): <html dir="rtl">, the main column's text starts at the right, headings hug the
 * right edge, nothing scrolls sideways; the group bars are mirrored and the turnout chart keeps
 * time left to right. The same page in English is the control (left to right, hugging the left).
 */

/** How the page is laid out: its direction, and how far its first heading sits from each edge of the main column. */
async function layout(page: Page) {
  return page.evaluate(() => {
    const main = document.querySelector("main")!;
    const box = main.getBoundingClientRect();
    const style = getComputedStyle(main);
    const contentLeft = box.left + parseFloat(style.paddingLeft);
    const contentRight = box.right - parseFloat(style.paddingRight);
    const heading = main.querySelector("h1, h2")!;
    const range = document.createRange();
    range.selectNodeContents(heading);
    const text = range.getBoundingClientRect();
    const headingStyle = getComputedStyle(heading);
    return {
      dir: document.documentElement.dir,
      lang: document.documentElement.lang,
      direction: headingStyle.direction,
      textAlign: headingStyle.textAlign,
      // the heading's text, not its box: a block heading is as wide as the column either way
      gapRight: Math.round(contentRight - text.right),
      gapLeft: Math.round(text.left - contentLeft),
      scrollWidth: document.documentElement.scrollWidth,
      clientWidth: document.documentElement.clientWidth,
    };
  });
}

async function expectRightToLeft(page: Page, path: string) {
  await page.goto(`${path}${path.includes("?") ? "&" : "?"}lang=ar`);
  const l = await layout(page);
  expect(l.dir, path).toBe("rtl");
  expect(l.lang, path).toBe("ar");
  expect(l.direction, path).toBe("rtl");
  expect(["start", "right"], `${path}: text-align`).toContain(l.textAlign);
  expect(Math.abs(l.gapRight), `${path}: the heading starts at the right edge`).toBeLessThanOrEqual(2);
  expect(l.gapLeft, `${path}: and leaves room on the left`).toBeGreaterThan(2);
  expect(l.scrollWidth, `${path} scrolls sideways`).toBeLessThanOrEqual(l.clientWidth);
}

async function demoPaths(page: Page) {
  await page.goto("/");
  const overview = (await page.locator('main a[href^="/d/"]').first().getAttribute("href"))!;
  await page.goto(overview);
  const proposal = (await page.locator(`main a[href^="${overview}/proposals/"]`).first().getAttribute("href"))!;
  return { overview, proposal };
}

test("the facilitator's pages in Arabic read right to left and fit the screen", async ({ page }) => {
  await logIn(page, DEMO_LOGINS.facilitator);
  const { overview, proposal } = await demoPaths(page);

  // the control: the same page in English runs left to right
  await page.goto(overview);
  const english = await layout(page);
  expect(english.dir).toBe("ltr");
  expect(english.direction).toBe("ltr");
  expect(Math.abs(english.gapLeft)).toBeLessThanOrEqual(2);

  for (const path of ["/", overview, `${overview}/results?round=1&view=full`, `${overview}/participation`, proposal]) await expectRightToLeft(page, path);

  // the group bars are mirrored (the 0 % axis on the right); the turnout chart keeps time left to right
  await page.goto(`${overview}/results?round=1&view=full&lang=ar`);
  const bars = page.getByRole("img", { name: ar.consensus.chartTitle }).first();
  await expect(bars).toHaveAttribute("direction", "rtl");
  const mirrored = await bars.evaluate((svg) => {
    const ticks = [...svg.querySelectorAll("text[text-anchor=middle]")].map((t) => t.getBoundingClientRect().x);
    const names = [...svg.querySelectorAll("text[text-anchor=end]")].map((t) => t.getBoundingClientRect());
    const box = svg.getBoundingClientRect();
    return { zeroRightOfHundred: ticks[0]! > ticks[2]!, namesOnTheRight: names.every((n) => n.left > box.left + box.width / 2 && n.right <= box.right + 1) };
  });
  expect(mirrored).toEqual({ zeroRightOfHundred: true, namesOnTheRight: true });
  await page.goto(`${overview}/participation?lang=ar`);
  await expect(page.getByTestId("turnout-chart")).toHaveAttribute("direction", "ltr");
});

test("the participant's ballot in Arabic reads right to left, with typed text in its own direction", async ({ page }) => {
  await logIn(page, DEMO_LOGINS.participant);
  const { overview, proposal } = await demoPaths(page);
  await expectRightToLeft(page, `${overview}/vote`);
  // "next red line" sits on the left, the way an Arabic reader goes on
  const skip = page.getByRole("link", { name: ar.vote.skip });
  const skipBox = (await skip.boundingBox())!;
  const mainBox = (await page.locator("main").boundingBox())!;
  expect(skipBox.x + skipBox.width / 2).toBeLessThan(mainBox.x + mainBox.width / 2);
  // the statement was typed in English: it runs left to right inside the right-to-left page
  const statement = page.locator(".ballot-statement");
  await expect(statement).toHaveAttribute("dir", "auto");
  expect(await statement.evaluate((p) => getComputedStyle(p).direction)).toBe("ltr");

  await expectRightToLeft(page, proposal);
});

test("a text box takes the direction of what is typed into it, whatever the page's", async ({ page }) => {
  await logIn(page, DEMO_LOGINS.facilitator);
  const { overview } = await demoPaths(page);
  for (const [lang, typed, expected] of [["en", "أي خطوط حمراء يجب أن تحكم الذكاء الاصطناعي؟", "rtl"], ["ar", "Which red lines should govern frontier AI?", "ltr"]] as const) {
    await page.goto(`${overview}/settings?lang=${lang}`);
    const question = page.locator('textarea[name="question"]');
    const title = page.locator('input[name="title"]');
    await expect(question).toHaveAttribute("dir", "auto");
    await expect(title).toHaveAttribute("dir", "auto");
    await question.fill(typed);
    await title.fill(typed);
    expect(await question.evaluate((el, dir) => el.matches(`:dir(${dir})`), expected), `${lang} page, typed ${expected}`).toBe(true);
    expect(await title.evaluate((el, dir) => el.matches(`:dir(${dir})`), expected)).toBe(true);
  }
});

test("the live draft editor runs right to left on an Arabic page, each line in the direction of its own words", async ({ page }) => {
  await signUpFacilitator(page, "Layla Haddad");
  const id = await createDeliberation(page, "Right-to-left drafting");
  await openRound(page, id, 1);
  await page.goto(`/d/${id}/proposals/new`);
  await fillProposalForm(page, "No unmonitored self-replication");
  await expect(page.getByRole("status").filter({ hasText: en.proposal.saved })).toBeVisible();
  const proposalUrl = new URL(page.url()).pathname;
  await advanceTo(page, id, "discussing");

  await page.goto(`${proposalUrl}?lang=ar`);
  await expect(page.getByRole("status").filter({ hasText: ar.draft.status.connected })).toBeVisible({ timeout: 15_000 });
  const editor = page.getByRole("textbox", { name: ar.draft.editorLabel });
  await expect(editor).toHaveAttribute("aria-readonly", "false");
  expect(await editor.evaluate((el) => getComputedStyle(el).direction), "the editor takes the page's direction").toBe("rtl");
  await editor.click();
  await page.keyboard.press("ControlOrMeta+End");
  await page.keyboard.press("Enter");
  await page.keyboard.type("يجب ألا تنسخ الأنظمة نفسها دون رقابة.");
  await page.keyboard.press("Enter");
  await page.keyboard.type("Unless a human approves it.");
  const lines = editor.locator(".cm-line");
  const arabic = lines.filter({ hasText: "يجب ألا تنسخ" });
  const english = lines.filter({ hasText: "Unless a human approves it." });
  await expect(arabic).toHaveCount(1);
  await expect(english).toHaveCount(1);
  // every line decides its own direction: the Arabic one runs right to left, the English one left to right
  for (const dir of await lines.evaluateAll((els) => els.map((el) => el.getAttribute("dir")))) expect(dir).toBe("auto");
  expect(await arabic.evaluate((el) => getComputedStyle(el).direction)).toBe("rtl");
  expect(await english.evaluate((el) => getComputedStyle(el).direction)).toBe("ltr");
});
