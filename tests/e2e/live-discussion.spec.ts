import { en, expect, expectNoSeriousA11yViolations, test, signUpFacilitator, createDeliberation, createParticipantInvite, openRound, joinAsParticipant, proposeWithOneFailedSubmit, advanceTo } from "./fixtures";

test("two people see each other's draft edits and comments live, and a hidden comment disappears", async ({ page, newActor, consoleErrors }) => {
  consoleErrors.allowHttpErrorStatus(400); // the deliberately failed proposal submit
  // Facilitator sets up a deliberation with one proposal and opens the discussion.
  await signUpFacilitator(page, "Nadia Rahman");
  const id = await createDeliberation(page, "Live discussion test");
  const invite = await createParticipantInvite(page);
  await openRound(page, id, 1);
  const { page: participant } = await newActor();
  await joinAsParticipant(participant, invite, "Tomás Reyes", en.defaultGroups.academia);
  await participant.goto(`/d/${id}/proposals/new`);
  await proposeWithOneFailedSubmit(participant);
  const proposalUrl = new URL(participant.url()).pathname;
  await advanceTo(page, id, "discussing");

  // Both open the proposal page; both are connected to the live draft.
  await participant.goto(proposalUrl);
  await page.goto(proposalUrl);
  for (const p of [participant, page]) {
    await expect(p.getByRole("status").filter({ hasText: en.draft.status.connected })).toBeVisible({ timeout: 15_000 });
    await expect(p.getByText(en.discussion.live.on)).toBeVisible({ timeout: 15_000 });
  }
  await expectNoSeriousA11yViolations(participant);

  // The participant types in the shared draft; the facilitator sees it without reloading.
  const editor = participant.getByRole("textbox", { name: en.draft.editorLabel });
  await editor.click();
  await participant.keyboard.press("Control+End");
  await participant.keyboard.type(" Verified by an independent auditor.");
  await expect(page.getByRole("textbox", { name: en.draft.editorLabel })).toContainText("Verified by an independent auditor.");
  await expect(page.getByRole("region", { name: en.draft.title }).getByText(/Words added: \d+\./)).toBeVisible();

  // The participant posts a comment (no reload); it appears on the facilitator's page live.
  const comment = "The threshold should be reviewed every year as evaluations improve.";
  await participant.getByLabel(en.discussion.stanceLabel).selectOption({ label: en.discussion.stance.question });
  await participant.getByLabel(en.discussion.bodyLabel).fill(comment);
  const urlBefore = participant.url();
  await participant.getByRole("button", { name: en.discussion.post }).click();
  // (the comment's own edit form also holds its text: look at the rendered comment body)
  const shown = (p: typeof page) => p.getByRole("paragraph").filter({ hasText: comment });
  await expect(shown(participant)).toBeVisible();
  expect(participant.url()).toBe(urlBefore);
  await expect(shown(page)).toBeVisible({ timeout: 10_000 });
  await expectNoSeriousA11yViolations(page);

  // The facilitator hides it with a reason; it disappears from the participant's page live.
  const item = page.getByRole("article").filter({ hasText: comment });
  await item.getByText(en.discussion.hide).click();
  await item.getByLabel(en.discussion.hideReason).fill("Off topic for this red line.");
  await item.getByRole("button", { name: en.discussion.confirmHide }).click();
  await expect(shown(participant)).toHaveCount(0, { timeout: 10_000 });
  await expect(participant.getByText("Off topic for this red line.")).toBeVisible();
  await expectNoSeriousA11yViolations(participant);
});
