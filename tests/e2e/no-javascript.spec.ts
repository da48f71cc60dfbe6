import {
  advanceTo,
  castVote,
  createDeliberation,
  createParticipantInvite,
  en,
  expect,
  expectNoSeriousA11yViolations,
  joinAsParticipant,
  openRound,
  proposeWithOneFailedSubmit,
  signUpFacilitator,
  test,
  VALID_PROPOSAL,
} from "./fixtures";

/**
 * Every form is a plain HTML form: with JavaScript off, a person can still join, propose (and
 * recover from a rejected submit), vote and change their vote. The facilitator's set-up runs
 * without JavaScript too.
 */
test("join, propose, vote and change a vote without JavaScript", async ({ newActor, consoleErrors }) => {
  // rejected form posts answer 400 with the form and its messages
  consoleErrors.allowHttpErrorStatus(400);

  const facilitator = (await newActor({ javaScriptEnabled: false })).page;
  await signUpFacilitator(facilitator, "Nadia No-Script");
  const id = await createDeliberation(facilitator, `No JavaScript ${Date.now().toString(36)}`);
  const inviteUrl = await createParticipantInvite(facilitator);
  await openRound(facilitator, id, 1);

  const participant = (await newActor({ javaScriptEnabled: false })).page;
  await joinAsParticipant(participant, inviteUrl, "Noor Participant", en.defaultGroups.academia);
  await participant.getByRole("link", { name: en.overview.propose }).click();
  await proposeWithOneFailedSubmit(participant);

  await advanceTo(facilitator, id, "discussing");
  await advanceTo(facilitator, id, "voting");

  await participant.goto(`/d/${id}`);
  await participant.getByRole("navigation", { name: en.layout.sections }).getByRole("link", { name: en.layout.vote }).click();
  const progress = participant.getByTestId("vote-progress");
  await expect(progress).toHaveText("You have voted on 0 of 1 red lines");
  await expect(participant.getByRole("heading", { level: 3, name: VALID_PROPOSAL.title })).toBeVisible();
  await expectNoSeriousA11yViolations(participant);

  await castVote(participant, "agree", "5");
  await expect(progress).toHaveText("You have voted on 1 of 1 red lines");
  await expect(participant.getByTestId("current-vote")).toHaveText("Your current vote: Agree");
  await expect(participant.getByLabel(en.vote.confidence)).toHaveValue("5");
  await expectNoSeriousA11yViolations(participant);

  await castVote(participant, "pass");
  await expect(participant.getByTestId("current-vote")).toHaveText("Your current vote: Pass");
  await expect(progress).toHaveText("You have voted on 1 of 1 red lines");
  await expect(participant.getByRole("button", { name: en.vote.choice.pass, exact: true })).toHaveAttribute("aria-pressed", "true");
  await expect(participant.getByRole("button", { name: en.vote.choice.agree, exact: true })).toHaveAttribute("aria-pressed", "false");
  // a Pass asks why (optional), in one tap, without JavaScript too
  await participant.getByRole("button", { name: en.ballot.reason.wording }).click();
  await expect(participant.getByTestId("vote-status")).toHaveText(en.ballot.reasoned);
  await expect(participant.getByRole("button", { name: en.ballot.reason.wording })).toHaveAttribute("aria-pressed", "true");
  await expect(participant.getByTestId("current-vote")).toHaveText("Your current vote: Pass");
  await expectNoSeriousA11yViolations(participant);

  // the facilitator's live results count the changed vote once
  await facilitator.goto(`/d/${id}/results`);
  await expect(facilitator.getByTestId("turnout")).toHaveText("1 of 1 participants voted");
  await expect(facilitator.getByRole("article", { name: VALID_PROPOSAL.title }).getByText("0 agree · 0 disagree · 1 pass · 1 vote", { exact: true })).toBeVisible();
  await expectNoSeriousA11yViolations(facilitator);
});
