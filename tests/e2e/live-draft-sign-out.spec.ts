import { en, expect, test, signUpFacilitator, createDeliberation, openRound, advanceTo, fillProposalForm, logIn } from "./fixtures";

test("signing out in another tab stops the live draft editor there, with a sentence; after signing in again it edits", async ({ page }) => {
  const login = await signUpFacilitator(page, "Ines Duarte");
  const id = await createDeliberation(page, "Live draft sign-out test");
  await openRound(page, id, 1);
  await page.goto(`/d/${id}/proposals/new`);
  await fillProposalForm(page, "No unmonitored self-replication");
  await expect(page.getByRole("status").filter({ hasText: en.proposal.saved })).toBeVisible();
  const proposalUrl = new URL(page.url()).pathname;
  await advanceTo(page, id, "discussing");

  await page.goto(proposalUrl);
  await expect(page.getByRole("status").filter({ hasText: en.draft.status.connected })).toBeVisible({ timeout: 15_000 });
  const editor = page.getByRole("textbox", { name: en.draft.editorLabel });
  await expect(editor).toHaveAttribute("aria-readonly", "false");

  // another tab of the same browser logs out
  const other = await page.context().newPage();
  await other.goto("/logout");
  await other.getByRole("button", { name: en.logout.confirm }).click();
  await expect(other).toHaveURL(/\/$/);

  await expect(page.getByRole("status").filter({ hasText: en.collab.signedOut })).toBeVisible({ timeout: 10_000 });
  // the editor stops: no edits that nobody will receive, and the hint no longer promises sharing
  await expect(editor).toHaveAttribute("aria-readonly", "true");
  await expect(page.getByText(en.draft.readOnlyHint)).toBeVisible();
  const before = await editor.textContent();
  await editor.click();
  await page.keyboard.type(" typed while signed out");
  expect(await editor.textContent()).toBe(before);

  // signed in again in the other tab: this tab's old connection cannot know; its link reconnects
  await logIn(other, login);
  await page.getByRole("link", { name: en.draft.reload }).click();
  await expect(page.getByRole("status").filter({ hasText: en.draft.status.connected })).toBeVisible({ timeout: 15_000 });
  await expect(editor).toHaveAttribute("aria-readonly", "false");
});
