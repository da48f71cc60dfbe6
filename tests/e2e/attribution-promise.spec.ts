import {
  createDeliberation,
  createParticipantInvite,
  en,
  expect,
  expectNoSeriousA11yViolations,
  joinAsParticipant,
  signUpFacilitator,
  test,
} from "./fixtures";

/**
 * Issue 8: the attribution mode is the promise the join page made. A facilitator whose settings
 * page was opened before anyone joined cannot weaken it once someone has: the save is refused
 * with a reason on the field, and the form then offers only the same or a stricter rule.
 */
test("attribution can only become stricter once someone has joined, even from a page opened before", async ({ page, newActor, consoleErrors }) => {
  consoleErrors.allowHttpErrorStatus(400);
  await signUpFacilitator(page, "Petra Promise");
  const id = await createDeliberation(page, `Promise ${Date.now().toString(36)}`);
  const inviteUrl = await createParticipantInvite(page);

  // nobody has joined yet: every mode is on offer, and the page says for how long
  await page.goto(`/d/${id}/settings`);
  const attribution = page.getByLabel(en.deliberationForm.attribution, { exact: true });
  await expect(attribution).toHaveValue("chatham_house");
  await expect(attribution).toHaveAccessibleDescription(new RegExp(en.deliberationForm.attributionOpen));
  for (const mode of ["named", "chatham_house", "anonymous"]) await expect(attribution.locator(`option[value="${mode}"]`)).toBeEnabled();
  await expect(page.getByText(en.deliberationForm.attributionPermanent)).toHaveCount(0);
  await expectNoSeriousA11yViolations(page);
  await attribution.selectOption("named");

  // meanwhile a participant joins, promised "never your name"
  const participant = (await newActor()).page;
  await participant.goto(inviteUrl);
  await expect(participant.getByText(en.join.attribution.chatham_house)).toBeVisible();
  await joinAsParticipant(participant, inviteUrl, "Jon Joiner", en.defaultGroups.civil_society);

  // the stale page's save is refused with the reason on the field; nothing is saved
  await page.getByRole("button", { name: en.settings.save }).click();
  await expect(page.getByRole("alert").filter({ hasText: en.validation.fixBelow })).toBeVisible();
  await expect(attribution).toHaveAccessibleDescription(/People have already joined under the Chatham House rule, so attribution cannot become less strict: Named would show more about who said what than they were promised\. Keep Chatham House or choose a stricter rule\. Nothing was saved\.$/);
  await expect(attribution).toHaveValue("chatham_house");
  await expect(attribution.locator('option[value="named"]')).toBeDisabled();
  await expect(page.getByText(en.deliberationForm.attributionPermanent)).toBeVisible();
  await expectNoSeriousA11yViolations(page);
  await page.goto(`/d/${id}/settings`);
  await expect(attribution).toHaveValue("chatham_house");

  // stricter is allowed, and then final
  await attribution.selectOption("anonymous");
  await page.getByRole("button", { name: en.settings.save }).click();
  await expect(page.getByRole("status").filter({ hasText: en.settings.saved })).toBeVisible();
  await expect(attribution).toHaveValue("anonymous");
  await expect(attribution.locator('option[value="named"]')).toBeDisabled();
  await expect(attribution.locator('option[value="chatham_house"]')).toBeDisabled();
  await expect(attribution).toHaveAccessibleDescription(new RegExp(en.deliberationForm.attributionStrictest));
  await expect(page.getByText(en.deliberationForm.attributionPermanent)).toHaveCount(0);
  await expectNoSeriousA11yViolations(page);
});
