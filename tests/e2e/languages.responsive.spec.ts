import type { Locator, Page } from "@playwright/test";
import ar from "../../app/i18n/locales/ar";
import fr from "../../app/i18n/locales/fr";
import { LANGUAGE_NAMES } from "../../app/i18n/languages";
import type { LocaleStrings } from "../../app/i18n/locale-types";
import { createParticipantInvite, DEMO_LOGINS, en, expect, expectNoSeriousA11yViolations, logIn, test } from "./fixtures";

/**
 * Issue 13 end to end, at the size of the project running it (desktop and phone): the footer's
 * language switcher works without JavaScript, and a participant whose browser reads French — or
 * Arabic, right to left — joins the demo deliberation, votes and reads the results in that language.
 * Every label comes from the locale files; nothing here is a translation of its own.
 * Screenshots go to /tmp/shots-i18n/ (for looking at, not asserting).
 */
const DEMO_TITLE = "Red lines for frontier AI";
const SHOTS = "/tmp/shots-i18n";
type Strings = LocaleStrings;

/** A locale string with its {{variables}} filled in. */
function fill(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{\{(\w+)\}\}/g, (_, name: string) => String(values[name]));
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
const DIGITS = "[0-9\u0660-\u0669\u06F0-\u06F9]+";
/** A whole number written in Latin, Arabic-Indic or Eastern Arabic-Indic digits. */
const parseDigits = (s: string) => Number(s.replace(/[\u0660-\u0669]/g, (d) => String(d.charCodeAt(0) - 0x0660)).replace(/[\u06F0-\u06F9]/g, (d) => String(d.charCodeAt(0) - 0x06f0)));

async function shot(page: Page, name: string) {
  await page.screenshot({ path: `${SHOTS}/${test.info().project.name}-${name}.png`, fullPage: true });
}

async function expectLanguage(page: Page, lang: "en" | "fr" | "ar") {
  await expect(page.locator("html")).toHaveAttribute("lang", lang);
  await expect(page.locator("html")).toHaveAttribute("dir", lang === "ar" ? "rtl" : "ltr");
}

/**
 * Nothing sticks out sideways. In a right-to-left page the scrollable overflow is on the left, and
 * something sticking out on the right is cut off without a scrollbar: so every visible element's
 * box is checked too (those inside a scrolling container, such as a wide table's, excepted).
 */
async function expectNoHorizontalOverflow(page: Page) {
  const found = await page.evaluate(() => {
    const doc = document.documentElement;
    const width = doc.clientWidth;
    const clipped = (el: Element) => {
      for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
        const s = getComputedStyle(a);
        if (s.overflowX !== "visible" && s.overflowX !== "clip") return true;
        if (s.clip !== "auto" || s.clipPath !== "none") return true;
      }
      return false;
    };
    const sticking: string[] = [];
    for (const el of Array.from(document.body.querySelectorAll("*"))) {
      const r = el.getBoundingClientRect();
      if (r.width === 0 || r.height === 0) continue;
      const s = getComputedStyle(el);
      if (s.visibility === "hidden" || s.clip !== "auto" || s.clipPath !== "none") continue;
      if (el.closest(".sr-only")) continue;
      if ((r.left < -1 || r.right > width + 1) && !clipped(el)) {
        sticking.push(`${el.tagName.toLowerCase()}${el.className && typeof el.className === "string" ? "." + el.className.split(" ").join(".") : ""} [${Math.round(r.left)}, ${Math.round(r.right)}]`);
      }
    }
    return { scrollWidth: doc.scrollWidth, clientWidth: width, innerWidth: window.innerWidth, sticking: sticking.slice(0, 8) };
  });
  expect(found.scrollWidth, `${page.url()} scrolls sideways`).toBeLessThanOrEqual(found.innerWidth);
  expect(found.scrollWidth, `${page.url()} is wider than the screen`).toBeLessThanOrEqual(found.clientWidth);
  expect(found.sticking, `${page.url()}: elements outside the ${found.clientWidth} px screen`).toEqual([]);
}

/**
 * A right-to-left heading starts at the right: its text ends at the right edge of the main
 * column's content, and a short one leaves the left of the column empty.
 */
async function expectRightAligned(page: Page, heading: Locator) {
  const m = await heading.evaluate((h) => {
    const range = document.createRange();
    range.selectNodeContents(h);
    const text = range.getBoundingClientRect();
    const box = h.getBoundingClientRect();
    // the column the heading sits in: its nearest block container's content box (a card's, or main's)
    const column = h.parentElement!.closest("section, article, main, div:not(.deliberation-head)")!;
    const c = column.getBoundingClientRect();
    const s = getComputedStyle(column);
    const main = document.querySelector("main")!.getBoundingClientRect();
    const ms = getComputedStyle(document.querySelector("main")!);
    return {
      textLeft: text.left,
      textRight: text.right,
      boxLeft: box.left,
      boxRight: box.right,
      columnLeft: c.left + parseFloat(s.borderLeftWidth) + parseFloat(s.paddingLeft),
      columnRight: c.right - parseFloat(s.borderRightWidth) - parseFloat(s.paddingRight),
      mainRight: main.right - parseFloat(ms.paddingRight),
    };
  });
  const what = `the heading on ${page.url()} (${JSON.stringify(m)})`;
  // its text ends where its column ends on the right…
  expect(Math.abs(m.textRight - m.columnRight), `${what}: text ends at the column's right`).toBeLessThanOrEqual(4);
  // …and that column is the main column (or a card in it, inset by the card's border and padding)
  expect(m.columnRight, `${what}: the column reaches the main column's right`).toBeGreaterThan(m.mainRight - 32);
  expect(m.columnRight).toBeLessThanOrEqual(m.mainRight + 1);
  // a short heading (under half the column) leaves the column's left side empty
  const columnWidth = m.columnRight - m.columnLeft;
  if (m.textRight - m.textLeft < columnWidth / 2) expect(m.textLeft - m.columnLeft, `${what}: text starts away from the left`).toBeGreaterThan(columnWidth / 4);
}

/**
 * A sentence with a {{rate}} written as the language writes a percentage ("42 %" with a narrow
 * no-break space in French, "42‎%‎" with direction marks in Arabic): the pattern is Intl's own output
 * for a sample rate with its digits made a wildcard (the rate itself depends on the demo's votes).
 */
async function expectPercentIn(locator: Locator, template: string, lang: "fr" | "ar") {
  const sample = escapeRegExp(new Intl.NumberFormat(lang, { style: "percent" }).format(0.42)).replace(/[0-9\u0660-\u0669\u06F0-\u06F9]+/g, DIGITS);
  const [before, after] = template.split("{{rate}}").map(escapeRegExp);
  await expect(locator).toHaveText(new RegExp(`^${before}${sample}${after}$`));
}

/** The checks every page of the Arabic journey passes: RTL, the heading on the right, nothing sideways, axe, a screenshot. */
async function checkArabicPage(page: Page, name: string) {
  await expectLanguage(page, "ar");
  await expectRightAligned(page, page.locator("main h1").first());
  await expectNoHorizontalOverflow(page);
  await expectNoSeriousA11yViolations(page);
  await shot(page, `ar-${name}`);
}

/** The footer's switcher: choose a language by its own name and send the form. */
async function switchLanguage(page: Page, current: Strings, to: keyof typeof LANGUAGE_NAMES) {
  const footer = page.getByRole("contentinfo");
  await footer.getByLabel(current.language.label, { exact: true }).selectOption({ label: LANGUAGE_NAMES[to] });
  await footer.getByRole("button", { name: current.language.change, exact: true }).click();
}

/** The demo facilitator (in English) makes a participant link for the demo deliberation. */
async function demoInvite(page: Page): Promise<{ id: string; invite: string }> {
  await logIn(page, DEMO_LOGINS.facilitator);
  await page.getByRole("link", { name: DEMO_TITLE }).click();
  await expect(page).toHaveURL(/\/d\/[^/]+$/);
  const id = new URL(page.url()).pathname.split("/")[2]!;
  await page.goto(`/d/${id}/members`);
  return { id, invite: await createParticipantInvite(page) };
}

/**
 * Someone new follows the link in their browser's language: join page, welcome page with their
 * return link, then the overview. `check` runs on each page.
 */
async function joinInLanguage(page: Page, L: Strings, invite: string, name: string, check: (name: string) => Promise<void>) {
  await page.goto(invite);
  await expect(page.locator("main h1")).toHaveText(fill(L.join.heading, { title: DEMO_TITLE }));
  await expect(page.getByRole("button", { name: L.join.submit, exact: true })).toBeVisible();
  await check("join");
  await page.getByLabel(L.join.displayName, { exact: true }).fill(name);
  await page.getByLabel(L.join.group, { exact: true }).selectOption({ index: 1 });
  await page.getByRole("button", { name: L.join.submit, exact: true }).click();
  await expect(page).toHaveURL(/\/d\/[^/]+\/welcome$/);
  await expect(page.locator("main h1")).toHaveText(fill(L.welcome.title, { title: DEMO_TITLE }));
  await expect(page.getByRole("textbox", { name: L.returnLink.field })).toHaveValue(/^http:\/\/localhost:\d+\/return\/[\w-]{40,}$/);
  await check("welcome");
  await page.getByRole("link", { name: L.welcome.continue }).click();
  await expect(page).toHaveURL(/\/d\/[^/]+$/);
  await expect(page.locator("main h1")).toHaveText(DEMO_TITLE);
  const sections = page.getByRole("navigation", { name: L.layout.sections });
  await expect(sections.getByRole("link", { name: L.layout.proposals, exact: true })).toBeVisible();
  await expect(sections.getByRole("link", { name: L.layout.vote, exact: true })).toBeVisible();
  await check("overview");
}

/** On the ballot: vote the cards in turn with the given choices; each is saved and counted. */
async function voteCards(page: Page, L: Strings, choices: readonly ("agree" | "disagree" | "pass")[], check: (name: string) => Promise<void>) {
  await expect(page.getByRole("heading", { level: 2, name: L.vote.title })).toBeAttached();
  const progress = page.getByTestId("vote-progress");
  const pattern = new RegExp(`^${escapeRegExp(L.vote.progress).replace("\\{\\{voted\\}\\}", `(${DIGITS})`).replace("\\{\\{total\\}\\}", DIGITS)}$`);
  await expect(progress).toHaveText(pattern);
  const votedNow = async () => parseDigits(pattern.exec((await progress.textContent())!.trim())![1]!);
  const before = await votedNow();
  await check("ballot");
  const title = page.locator("#card-title");
  for (const [n, choice] of choices.entries()) {
    const current = (await title.textContent())!;
    await page.getByRole("article").getByRole("button", { name: L.vote.choice[choice], exact: true }).click();
    await expect(page.getByTestId("vote-status")).toHaveText(L.ballot.saved);
    await expect(title).not.toHaveText(current);
    expect(await votedNow()).toBe(before + n + 1);
    if (choice !== "agree") {
      // the next card asks, optionally, why
      const legend = fill(L.ballot.why, { choice: L.vote.choice[choice] });
      await expect(page.locator(".reasons legend")).toContainText(legend);
    }
  }
  await check("ballot-voted");
}

test("without JavaScript the footer's switcher turns the login page into French, then Arabic (right to left)", async ({ newActor }) => {
  const { page } = await newActor({ javaScriptEnabled: false, locale: "de-DE" });
  await page.goto("/login");
  // German is not spoken: English
  await expectLanguage(page, "en");
  await expect(page.locator("main h1")).toHaveText(en.login.title);
  await expectNoSeriousA11yViolations(page);

  await switchLanguage(page, en, "fr");
  await expect(page).toHaveURL(/\/login$/);
  await expectLanguage(page, "fr");
  await expect(page.locator("main h1")).toHaveText(fr.login.title);
  await expect(page.getByLabel(fr.login.email, { exact: true })).toBeVisible();
  await expect(page.getByRole("contentinfo").getByLabel(fr.language.label, { exact: true })).toHaveValue("fr");
  await expectNoSeriousA11yViolations(page);

  await switchLanguage(page, fr, "ar");
  await expect(page).toHaveURL(/\/login$/);
  await expectLanguage(page, "ar");
  await expect(page.locator("main h1")).toHaveText(ar.login.title);
  await expect(page.getByRole("contentinfo").getByLabel(ar.language.label, { exact: true })).toHaveValue("ar");
  await expectNoSeriousA11yViolations(page);
  await shot(page, "nojs-login-ar");

  // the choice is kept (a cookie) on the next page, whatever the browser says
  await page.getByRole("banner").getByRole("link", { name: ar.nav.signup }).click();
  await expectLanguage(page, "ar");
  await expect(page.locator("main h1")).toHaveText(ar.signup.title);
});

test("a participant whose browser reads French joins, votes three cards and reads the results in French", async ({ page, newActor, viewport, isMobile, hasTouch }) => {
  // a dozen pages, each with axe, RTL geometry and a full-page screenshot, on a loaded machine
  test.slow();
  const { id, invite } = await demoInvite(page);
  // the facilitator's own pages stay English
  await expectLanguage(page, "en");

  const { page: p } = await newActor({ locale: "fr-FR", viewport, isMobile, hasTouch });
  const check = async (name: string) => {
    await expectLanguage(p, "fr");
    await expectNoSeriousA11yViolations(p);
    await shot(p, `fr-${name}`);
  };
  await joinInLanguage(p, fr, invite, `Participante française ${test.info().project.name} ${Date.now()}`, check);

  await p.getByRole("navigation", { name: fr.layout.sections }).getByRole("link", { name: fr.layout.vote, exact: true }).click();
  await expect(p).toHaveURL(new RegExp(`/d/${id}/vote`));
  await voteCards(p, fr, ["agree", "disagree", "pass"], check);

  // a participant sees the last closed round (round 1) while round 2 is being voted on: its numbers do not move
  await p.getByRole("navigation", { name: fr.layout.sections }).getByRole("link", { name: fr.layout.results, exact: true }).click();
  await expect(p.getByRole("heading", { level: 2, name: fill(fr.results.titleRound, { number: 1 }) })).toBeVisible();
  await expect(p.getByRole("heading", { level: 2, name: fr.consensus.details })).toBeVisible();
  await expect(p.getByTestId("results-headline")).toContainText(fr.resultsPlain.headlineLabel);
  await expectPercentIn(p.getByTestId("agree-rate").first(), fr.results.agreeRate, "fr");
  await check("results-round-1");

  await p.getByRole("link", { name: fr.resultsPlain.myProposalsLink }).click();
  await expect(p.getByRole("heading", { level: 2, name: fr.mine.title })).toBeVisible();
  await expect(p.getByText(fr.mine.none)).toBeVisible();
  await check("mine");
});

test("a participant whose browser reads Arabic joins and votes right to left, nothing sticking out sideways", async ({ page, newActor, viewport, isMobile, hasTouch }) => {
  // a dozen pages, each with axe, RTL geometry and a full-page screenshot, on a loaded machine
  test.slow();
  const { id, invite } = await demoInvite(page);

  const { page: p } = await newActor({ locale: "ar", viewport, isMobile, hasTouch });
  const check = (name: string) => checkArabicPage(p, name);
  await joinInLanguage(p, ar, invite, `مشارك ${test.info().project.name} ${Date.now()}`, check);

  await p.getByRole("navigation", { name: ar.layout.sections }).getByRole("link", { name: ar.layout.vote, exact: true }).click();
  await expect(p).toHaveURL(new RegExp(`/d/${id}/vote`));
  await voteCards(p, ar, ["pass", "agree"], check);

  await p.getByRole("navigation", { name: ar.layout.sections }).getByRole("link", { name: ar.layout.results, exact: true }).click();
  await expect(p.getByRole("heading", { level: 2, name: fill(ar.results.titleRound, { number: 1 }) })).toBeVisible();
  await expectPercentIn(p.getByTestId("agree-rate").first(), ar.results.agreeRate, "ar");
  await check("results-round-1");

  await p.goto(`/d/${id}/mine`);
  await expect(p.getByRole("heading", { level: 2, name: ar.mine.title })).toBeVisible();
  await check("mine");
});
