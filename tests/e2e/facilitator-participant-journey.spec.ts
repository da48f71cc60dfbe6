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

test("a facilitator runs a round and a participant proposes, votes and sees the results", async ({ page, newActor, consoleErrors }) => {
  // the rejected proposal submit answers 400 (a fetch with JavaScript on)
  consoleErrors.allowHttpErrorStatus(400);
  const title = `Journey ${Date.now().toString(36)}`;

  // ---- facilitator: sign up, create a deliberation, invite, open round 1
  await page.goto("/");
  await expectNoSeriousA11yViolations(page);
  await signUpFacilitator(page, "Fiona Facilitator");
  const id = await createDeliberation(page, title);
  const inviteUrl = await createParticipantInvite(page);
  await openRound(page, id, 1);
  await expect(page.getByText(en.overview.empty)).toBeVisible();
  await expectNoSeriousA11yViolations(page);

  // ---- participant (another browser context): join and propose
  const participant = (await newActor()).page;
  await joinAsParticipant(participant, inviteUrl, "Pat Participant", en.defaultGroups.citizens);
  await expect(participant.getByText(en.overview.emptyCanPropose)).toBeVisible();
  await participant.getByRole("link", { name: en.overview.propose }).click();
  await proposeWithOneFailedSubmit(participant);

  // ---- facilitator: discussing, then voting
  await advanceTo(page, id, "discussing");
  await expect(page.getByRole("link", { name: VALID_PROPOSAL.title })).toBeVisible();
  await advanceTo(page, id, "voting");

  // ---- participant: vote agree with confidence, then change to disagree
  await participant.goto(`/d/${id}`);
  await expect(participant.getByTestId("phase-help")).toHaveText(en.phases.voting.help.participant);
  await participant.getByRole("navigation", { name: en.layout.sections }).getByRole("link", { name: en.layout.vote }).click();
  const progress = participant.getByTestId("vote-progress");
  await expect(progress).toHaveText("You have voted on 0 of 1 red lines");
  await expectNoSeriousA11yViolations(participant);
  await castVote(participant, "agree", "4");
  await expect(progress).toHaveText("You have voted on 1 of 1 red lines");
  await expect(participant.getByTestId("current-vote")).toHaveText("Your current vote: Agree");
  await expect(participant.getByLabel(en.vote.confidence)).toHaveValue("4");
  await expect(participant.getByText(en.vote.allDone)).toBeVisible();
  await expectNoSeriousA11yViolations(participant);

  await castVote(participant, "disagree");
  await expect(participant.getByTestId("current-vote")).toHaveText("Your current vote: Disagree");
  await expect(progress).toHaveText("You have voted on 1 of 1 red lines");
  await expect(participant.getByRole("button", { name: en.vote.choice.disagree, exact: true })).toHaveAttribute("aria-pressed", "true");
  await expectNoSeriousA11yViolations(participant);

  // participants do not see results while voting (results after close is the default)
  await participant.getByRole("navigation", { name: en.layout.sections }).getByRole("link", { name: en.layout.results }).click();
  await expect(participant.getByText(en.results.noneYet)).toBeVisible();
  await expectNoSeriousA11yViolations(participant);

  // ---- facilitator: live results during voting
  await page.goto(`/d/${id}/results`);
  await expect(page.getByRole("heading", { level: 2, name: "Results of round 1" })).toBeVisible();
  await expect(page.getByText(en.results.live)).toBeVisible();
  await expect(page.getByTestId("turnout")).toHaveText("1 of 1 participants voted");
  const liveCard = page.getByRole("article", { name: VALID_PROPOSAL.title });
  await expect(liveCard.getByTestId("agree-rate")).toHaveText("0 % agree");
  await expect(liveCard.getByText("0 agree · 1 disagree · 0 pass · 1 vote", { exact: true })).toBeVisible();
  await expectNoSeriousA11yViolations(page);

  // ---- facilitator closes the round
  await advanceTo(page, id, "closed");
  await page.goto(`/d/${id}/results`);
  await expect(page.getByText(en.results.live)).toBeHidden();
  await expect(page.getByRole("article", { name: VALID_PROPOSAL.title }).getByText("0 agree · 1 disagree · 0 pass · 1 vote", { exact: true })).toBeVisible();
  await expectNoSeriousA11yViolations(page);

  // ---- participant sees the final results: the changed vote counted once
  await participant.goto(`/d/${id}`);
  await expect(participant.getByTestId("phase-help")).toHaveText(en.phases.closed.help.participant);
  await participant.getByRole("navigation", { name: en.layout.sections }).getByRole("link", { name: en.layout.results }).click();
  const card = participant.getByRole("article", { name: VALID_PROPOSAL.title });
  await expect(participant.getByRole("heading", { level: 2, name: "Results of round 1" })).toBeVisible();
  await expect(card.getByTestId("agree-rate")).toHaveText("0 % agree");
  await expect(card.getByText("0 agree · 1 disagree · 0 pass · 1 vote", { exact: true })).toBeVisible();
  // one voter is fewer than k = 5: no group row is shown to a participant (k-anonymity), only the total
  await expect(card.getByRole("row", { name: new RegExp(`^${en.defaultGroups.citizens}`) })).toHaveCount(0);
  await expect(card.getByText(en.results.otherGroups)).toHaveCount(0);
  await expectNoSeriousA11yViolations(participant);

  // voting is over: the ballot says so
  await participant.goto(`/d/${id}/vote`);
  await expect(participant.getByRole("status")).toHaveText("Voting is not open: this round is in its Closed phase.");
  await expectNoSeriousA11yViolations(participant);
});
