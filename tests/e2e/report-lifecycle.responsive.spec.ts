import type { Page } from "@playwright/test";
import { advanceTo, createDeliberation, createParticipantInvite, en, expect, expectNoSeriousA11yViolations, fillProposalForm, joinAsParticipant, logIn, openRound, signUpFacilitator, test } from "./fixtures";

/**
 * The facilitator's report workflow end to end, at the size of the project running it (phone
 * 390 × 844, desktop 1280 × 800): publish with an empty summary (confirmed on a server step), the
 * success page and its copy button, then archive and delete the deliberation while its published
 * report stays public. SHOTS_DIR=… saves screenshots of the success page and the delete confirmation.
 */
async function noSidewaysScroll(page: Page) {
  const { scrollWidth, clientWidth } = await page.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, clientWidth: document.documentElement.clientWidth }));
  expect(scrollWidth, `${page.url()} scrolls sideways`).toBeLessThanOrEqual(clientWidth);
}

async function shot(page: Page, name: string, options: { fullPage?: boolean } = {}) {
  if (process.env.SHOTS_DIR) await page.screenshot({ path: `${process.env.SHOTS_DIR}/${test.info().project.name}-${name}.png`, fullPage: options.fullPage ?? false });
}

test("publish without a summary (confirmed), copy the public link, archive and delete; the report stays public", async ({ page, context, newActor, consoleErrors }) => {
  test.setTimeout(300_000); // the set-up walks a whole round through the interface
  consoleErrors.allowHttpErrorStatus(400);
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  const title = `Closing assembly ${test.info().project.name}`;
  // set-up at desktop size (the phone folds the phase banner the helpers read): a closed round with one red line
  const setup = (await newActor({ viewport: { width: 1280, height: 800 } })).page;
  const login = await signUpFacilitator(setup, "Facilitator of a closing assembly");
  const id = await createDeliberation(setup, title);
  const inviteUrl = await createParticipantInvite(setup);
  await openRound(setup, id, 1);
  const participant = (await newActor({ viewport: { width: 1280, height: 800 } })).page;
  await joinAsParticipant(participant, inviteUrl, "Pat Participant", en.defaultGroups.citizens);
  await participant.goto(`/d/${id}/proposals/new`);
  await fillProposalForm(participant, "No autonomous self-replication");
  await expect(participant.getByRole("heading", { level: 2, name: "No autonomous self-replication" })).toBeVisible();
  await advanceTo(setup, id, "discussing");
  await advanceTo(setup, id, "voting");
  await advanceTo(setup, id, "closed");
  await logIn(page, login);

  // reports public first, so the success page's link is the public one
  await page.goto(`/d/${id}/report`);
  await page.getByRole("button", { name: en.report.makePublic }).click();
  await expect(page.getByText(en.report.isPublic)).toBeVisible();

  // an empty summary: the server asks first, keeping the notes and the confirmation
  await page.getByText(en.report.notes).click();
  await page.getByLabel(en.report.note.uncertainty, { exact: true }).fill("Nobody voted in this round: a note kept across the confirmation.");
  await page.getByLabel(en.report.confirm).check();
  await page.getByRole("button", { name: en.report.publish, exact: true }).click();
  const ask = page.getByRole("alert").filter({ hasText: en.reportFlow.emptySummaryTitle });
  await expect(ask).toBeVisible();
  await expect(page.getByLabel(en.report.note.uncertainty, { exact: true })).toHaveValue("Nobody voted in this round: a note kept across the confirmation.");
  await expect(page.getByLabel(en.report.confirm)).toBeChecked();
  await expectNoSeriousA11yViolations(page);
  await noSidewaysScroll(page);
  await ask.evaluate((el) => el.scrollIntoView({ block: "center" }));
  await shot(page, "empty-summary-confirmation");
  await ask.getByRole("button", { name: en.reportFlow.publishWithout }).click();

  // the success page: public link, downloads, the way back
  await expect(page).toHaveURL(new RegExp(`/d/${id}/report/published/1$`));
  await expect(page.getByRole("heading", { name: "Report version 1 is published" })).toBeVisible();
  const link = page.getByTestId("public-link");
  const url = `${new URL(page.url()).origin}/reports/${id}/1`;
  await expect(link).toHaveText(url);
  await expect(page.getByText(en.reportFlow.publicLink, { exact: true })).toBeVisible();
  for (const name of [en.reportFlow.download.html, en.reportFlow.download["report.pdf"], en.reportFlow.download["report.md"], en.reportFlow.download["report.json"], en.reportFlow.download["votes.csv"]]) {
    await expect(page.getByRole("link", { name, exact: true })).toBeVisible();
  }
  await page.getByRole("button", { name: en.reportFlow.copy }).click();
  await expect(page.getByRole("status").filter({ hasText: en.reportFlow.copied })).toBeVisible();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(url);
  await expectNoSeriousA11yViolations(page);
  await noSidewaysScroll(page);
  await shot(page, "report-published", { fullPage: true });
  // reloading shows the page again and publishes nothing
  await page.reload();
  await expect(page.getByRole("heading", { name: "Report version 1 is published" })).toBeVisible();
  await page.goto(`/reports/${id}`);
  await expect(page.getByRole("link", { name: /Report version 1/ })).toBeVisible();
  await expect(page.getByRole("link", { name: /Report version 2/ })).toHaveCount(0);

  // archive (confirmed): read-only, shown as such
  await page.goto(`/d/${id}/settings`);
  await page.getByLabel(en.lifecycle.archiveConfirm).check();
  await page.getByRole("button", { name: en.lifecycle.archive }).click();
  await expect(page.getByRole("status").filter({ hasText: en.lifecycle.archived })).toBeVisible();
  await expect(page.getByRole("note").filter({ hasText: en.lifecycle.archivedBanner })).toBeVisible();
  await page.goto("/");
  await expect(page.getByRole("heading", { level: 2, name: new RegExp(`${title}.*${en.lifecycle.archivedBadge}`) })).toBeVisible();

  // delete: a wrong title is refused with the field's message, the exact one deletes
  await page.goto(`/d/${id}/settings#archive-delete`);
  const confirmTitle = page.getByLabel(`Type the title “${title}” to confirm`);
  await confirmTitle.fill(title.slice(0, -1));
  await page.getByRole("button", { name: en.lifecycle.deleteButton }).click();
  await expect(page.getByText(`The title you typed does not match “${title}” exactly, so nothing was deleted.`)).toBeVisible();
  await expect(confirmTitle).toHaveValue(title.slice(0, -1));
  await expect(page).toHaveURL(/#archive-delete$/);
  await expect(page.getByText("Its published report (1 version) stays readable at its public link.")).toBeVisible();
  await expectNoSeriousA11yViolations(page);
  await noSidewaysScroll(page);
  await shot(page, "delete-confirmation");
  await confirmTitle.fill(title);
  await page.getByRole("button", { name: en.lifecycle.deleteButton }).click();
  await expect(page.getByRole("status").filter({ hasText: `“${title}” is deleted.` })).toBeVisible();
  await expect(page.getByRole("link", { name: title })).toHaveCount(0);

  // the published report is still public, for anyone
  const { page: visitor } = await newActor();
  await visitor.goto(url);
  await expect(visitor.getByRole("heading", { name: en.report.note.uncertainty }).or(visitor.getByText("a note kept across the confirmation"))).toBeVisible();
  await visitor.goto("/reports");
  await expect(visitor.getByText(title)).toBeVisible();
  await expectNoSeriousA11yViolations(visitor);
});
