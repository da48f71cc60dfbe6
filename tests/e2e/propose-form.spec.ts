import type { Page } from "@playwright/test";
import { createDeliberation, en, expect, expectNoSeriousA11yViolations, fillProposalForm, logIn, openRound, proposalField, signUpFacilitator, test, VALID_PROPOSAL } from "./fixtures";

/**
 * Issue 11, proposing: a red line needs only a title and a statement unless the facilitator
 * requires the typed fields; the form says what a red line still lacks as it is filled in; a
 * refused submit puts the error summary, with a link to each field, in focus at the top.
 */

const SIZES = [
  { name: "phone", width: 390, height: 844 },
  { name: "desktop", width: 1280, height: 800 },
] as const;

const shot = (page: Page, name: string) => page.screenshot({ path: `/tmp/shots-propose/${name}.png`, fullPage: true });

/** The summary is in focus and its top is inside the viewport (nobody scrolls to find it). */
async function expectSummaryInView(page: Page) {
  const summary = page.getByRole("alert").filter({ hasText: en.proposing.errorSummaryTitle });
  await expect(summary).toBeFocused();
  const box = (await summary.boundingBox())!;
  const viewport = page.viewportSize()!;
  expect(box.y).toBeGreaterThanOrEqual(0);
  expect(box.y).toBeLessThan(viewport.height);
  return summary;
}

for (const size of SIZES) {
  test.describe(`the propose form at ${size.width}×${size.height}`, () => {
    test.use({ viewport: { width: size.width, height: size.height } });

    test("minimal and full proposals, the live completeness hint, the error summary, and the facilitator's rule", async ({ page, newActor, consoleErrors }) => {
      consoleErrors.allowHttpErrorStatus(400);
      const login = await signUpFacilitator(page, `Pat Proposer ${size.name}`);
      const id = await createDeliberation(page, `Proposing ${size.name} ${Date.now().toString(36)}`);
      await openRound(page, id, 1);

      // minimal: a refused submit first (too-short title), with JavaScript
      await page.goto(`/d/${id}/proposals/new`);
      await expectNoSeriousA11yViolations(page);
      const hint = page.getByRole("complementary", { name: en.proposing.completeness.title });
      for (const part of ["indicator", "threshold", "ifThen", "evidence"] as const) await expect(hint).toContainText(en.proposing.completeness[part]);
      await proposalField(page, en.proposalForm.title).fill("AI");
      await proposalField(page, en.proposalForm.statement).fill("AI systems must not run without a person able to stop them.");
      await proposalField(page, en.proposalForm.indicator).fill("Share of actions a person can halt");
      // the hint follows what is typed
      await expect(hint).not.toContainText(en.proposing.completeness.indicator);
      await expect(hint).toContainText(en.proposing.completeness.threshold);
      await page.getByRole("button", { name: en.proposalForm.submit }).click();
      const summary = await expectSummaryInView(page);
      await expect(summary.getByRole("link")).toHaveCount(1);
      await shot(page, `${size.name}-refused`);
      await expectNoSeriousA11yViolations(page);
      await summary.getByRole("link", { name: new RegExp(`^${en.proposalForm.title}:`) }).click();
      await expect(proposalField(page, en.proposalForm.title)).toBeFocused();
      await expect(proposalField(page, en.proposalForm.indicator)).toHaveValue("Share of actions a person can halt");
      await proposalField(page, en.proposalForm.title).fill("A person can always stop it");
      await page.getByRole("button", { name: en.proposalForm.submit }).click();
      await expect(page.getByRole("status").filter({ hasText: en.proposal.saved })).toBeVisible();
      await expect(page.getByRole("definition").filter({ hasText: en.proposing.notSpecified }).first()).toBeVisible();
      await expect(page.getByRole("complementary", { name: en.proposing.completeness.title })).toContainText(en.proposing.completeness.ifThen);
      await expect(page.locator("body")).not.toContainText("undefined");
      await shot(page, `${size.name}-minimal-saved`);
      await expectNoSeriousA11yViolations(page);

      // full: every part, evidence included
      await page.goto(`/d/${id}/proposals/new`);
      await proposalField(page, en.proposalForm.evidence).fill("https://idais.ai/");
      await fillProposalForm(page, VALID_PROPOSAL.title);
      await expect(page.getByRole("heading", { level: 2, name: VALID_PROPOSAL.title })).toBeVisible();
      await expect(page.getByRole("definition").filter({ hasText: VALID_PROPOSAL.category })).toBeVisible();
      await expect(page.getByRole("complementary", { name: en.proposing.completeness.title })).toContainText(en.proposing.completeness.complete);
      await shot(page, `${size.name}-full-saved`);
      await expectNoSeriousA11yViolations(page);

      // the facilitator requires the typed fields and adds a category
      await page.goto(`/d/${id}/settings`);
      await page.getByRole("checkbox", { name: en.proposing.settings.requireLabel }).check();
      await page.getByRole("button", { name: en.proposing.settings.saveRule }).click();
      await expect(page.getByRole("status").filter({ hasText: en.proposing.settings.ruleSaved })).toBeVisible();
      await page.getByLabel(en.proposing.settings.addLabel).fill("Biosecurity");
      await page.getByRole("button", { name: en.proposing.settings.add }).click();
      await expect(page.getByRole("status").filter({ hasText: en.proposing.settings.categoriesSaved })).toBeVisible();
      await shot(page, `${size.name}-settings`);
      await expectNoSeriousA11yViolations(page);

      // without JavaScript: the 400 page itself puts the summary in focus, with a link per missing field
      const noJs = await newActor({ javaScriptEnabled: false, viewport: { width: size.width, height: size.height } });
      await logIn(noJs.page, login);
      await noJs.page.goto(`/d/${id}/proposals/new`);
      await expect(proposalField(noJs.page, en.proposalForm.category).locator("option", { hasText: "Biosecurity" })).toHaveCount(1);
      await proposalField(noJs.page, en.proposalForm.title).fill("Only a title and a statement");
      await proposalField(noJs.page, en.proposalForm.statement).fill("AI systems must not run without a person able to stop them.");
      await noJs.page.getByRole("button", { name: en.proposalForm.submit }).click();
      const strict = await expectSummaryInView(noJs.page);
      for (const label of [en.proposalForm.indicator, en.proposalForm.thresholdValue, en.proposalForm.trigger, en.proposalForm.category, en.proposalForm.rationale]) {
        await expect(strict.getByRole("link", { name: new RegExp(`^${label.replace(/[()]/g, "\\$&")}:`) })).toHaveAttribute("href", /^#proposal-/);
      }
      await expect(proposalField(noJs.page, en.proposalForm.title)).toHaveValue("Only a title and a statement");
      await shot(noJs.page, `${size.name}-strict-refused-nojs`);
      await expectNoSeriousA11yViolations(noJs.page);
    });
  });
}
