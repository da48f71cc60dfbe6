import Database from "better-sqlite3";
import { fileURLToPath } from "node:url";
import type { Locator, Page } from "@playwright/test";
import { advanceTo, createDeliberation, createParticipantInvite, en, expect, fillProposalFields, joinAsParticipant, openRound, signUpFacilitator, test } from "./fixtures";

/**
 * Issue 9, finding 11: a create form sent twice (a second click while the first answer is slow,
 * before any JavaScript runs, so the browser itself posts the form once per click) stores one
 * proposal and one comment, and the page shows it once.
 */

/**
 * Click `button` twice, the second time after the server has answered the first post but before
 * that answer reaches the page (a slow network: the person sees nothing happen and clicks again).
 * Both posts are real requests to the server; only the first answer is held back a moment.
 */
async function clickTwiceWhileFirstIsSlow(page: Page, button: Locator) {
  let posts = 0;
  let firstStored!: () => void;
  let secondClicked!: () => void;
  const stored = new Promise<void>((r) => (firstStored = r));
  const clicked = new Promise<void>((r) => (secondClicked = r));
  await page.route("**/*", async (route) => {
    if (route.request().method() !== "POST") return route.continue();
    const n = ++posts;
    const response = await route.fetch({ maxRedirects: 0 });
    if (n === 1) {
      firstStored();
      await clicked;
    }
    // the browser dropped the first navigation when the second click started another one
    await route.fulfill({ response }).catch(() => {});
  });
  await button.scrollIntoViewIfNeeded();
  const box = (await button.boundingBox())!;
  const [x, y] = [box.x + box.width / 2, box.y + box.height / 2];
  // the mouse itself, twice: a locator's click would wait for the navigation the first one started
  await page.mouse.click(x, y);
  await stored;
  await page.mouse.click(x, y);
  secondClicked();
  await expect.poll(() => posts).toBe(2);
  await page.unrouteAll({ behavior: "ignoreErrors" });
}

/** Rows of the e2e server's SQLite file. */
function count(sql: string, ...params: string[]): number {
  const file = fileURLToPath(new URL(`../../.cache/e2e-${process.env.E2E_PORT}/accord.db`, import.meta.url));
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    return (db.prepare(sql).get(...params) as { n: number }).n;
  } finally {
    db.close();
  }
}

test("Submit proposal and Post comment clicked twice while the first answer is slow store each once", async ({ page, newActor }) => {
  await signUpFacilitator(page, "Dana Double");
  const id = await createDeliberation(page, `Double clicks ${Date.now().toString(36)}`);
  const invite = await createParticipantInvite(page);
  await openRound(page, id, 1);

  const participant = (await newActor({ javaScriptEnabled: false })).page;
  await joinAsParticipant(participant, invite, "Dov Clicker", en.defaultGroups.academia);

  const title = "A red line proposed with a double click";
  await participant.goto(`/d/${id}/proposals/new`);
  await fillProposalFields(participant, title);
  await clickTwiceWhileFirstIsSlow(participant, participant.getByRole("button", { name: en.proposalForm.submit }));
  await expect(participant.getByRole("heading", { level: 2, name: title })).toBeVisible();
  const proposalUrl = new URL(participant.url()).pathname;
  expect.soft(count("select count(*) as n from proposal_versions where title = ?", title)).toBe(1);
  await participant.goto(`/d/${id}`);
  await expect.soft(participant.getByRole("link", { name: title })).toHaveCount(1);

  await advanceTo(page, id, "discussing");
  await participant.goto(proposalUrl);
  const body = "Posted with a double click: it must appear once.";
  await participant.getByLabel(en.discussion.stanceLabel).selectOption({ label: en.discussion.stance.supports });
  await participant.getByLabel(en.discussion.bodyLabel).fill(body);
  await clickTwiceWhileFirstIsSlow(participant, participant.getByRole("button", { name: en.discussion.post }));
  await expect(participant.getByRole("status").filter({ hasText: en.discussion.done.comment })).toBeVisible();
  await expect(participant.locator(".comment-body").filter({ hasText: body })).toHaveCount(1);
  expect(count("select count(*) as n from comments where body = ?", body)).toBe(1);

  // the facilitator's page (JavaScript on) shows it once too
  await page.goto(proposalUrl);
  await expect(page.locator(".comment-body").filter({ hasText: body })).toHaveCount(1);

  // with JavaScript, each successful post renews the form's id: two comments in a row are both stored
  const form = page.locator("#comment-form");
  for (const words of ["First of two comments in a row.", "Second of two comments in a row."]) {
    await form.getByLabel(en.discussion.stanceLabel).selectOption({ label: en.discussion.stance.question });
    await form.getByLabel(en.discussion.bodyLabel).fill(words);
    await form.getByRole("button", { name: en.discussion.post }).click();
    await expect(page.locator(".comment-body").filter({ hasText: words })).toHaveCount(1);
    await expect(form.getByLabel(en.discussion.bodyLabel)).toHaveValue("");
    expect(count("select count(*) as n from comments where body = ?", words)).toBe(1);
  }
});
