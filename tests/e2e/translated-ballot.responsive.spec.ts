import type { Page } from "@playwright/test";
import {
  advanceTo,
  createDeliberation,
  createParticipantInvite,
  en,
  expect,
  expectNoSeriousA11yViolations,
  joinAsParticipant,
  openRound,
  proposalField,
  signUpFacilitator,
  test,
} from "./fixtures";

/**
 * Issue 13, on a phone (390 × 844) and a desktop: a red line written in French; a participant
 * translates it into English (a drifting number is refused, field by field, keeping what was
 * typed); a voter reading English sees the translation on the ballot, switches to the original
 * with one tap, and votes on the original version.
 */

const FRENCH = {
  title: "Pas d'autoréplication autonome",
  statement: "Les systèmes d'IA ne doivent pas se copier sur d'autres machines sans l'accord explicite d'un humain.",
  indicator: "Taux de réussite à une évaluation d'autoréplication autonome",
  thresholdValue: "≥ 20",
  thresholdUnit: "% des tâches",
  trigger: "le seuil est franchi lors d'une évaluation avant déploiement",
  response: "suspendre le déploiement et prévenir le réseau dans les 72 heures",
};
const ENGLISH = {
  title: "No autonomous self-replication",
  statement: "AI systems must not copy themselves onto other machines without the explicit approval of a human.",
  indicator: "Success rate on an autonomous self-replication evaluation",
  thresholdValue: "≥ 20",
  thresholdUnit: "% of tasks",
  trigger: "the threshold is crossed in a pre-deployment evaluation",
  response: "halt deployment and notify the network within 72 hours",
};
const FIELDS = { title: "Title", statement: "Statement", indicator: "Indicator", thresholdValue: "Threshold value", thresholdUnit: "Threshold unit", trigger: "If (trigger)", response: "Then (commitment)" } as const;

async function noSidewaysScroll(page: Page) {
  const { scrollWidth, clientWidth } = await page.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, clientWidth: document.documentElement.clientWidth }));
  expect(scrollWidth, `${page.url()} scrolls sideways`).toBeLessThanOrEqual(clientWidth);
}

test.beforeEach(({ consoleErrors }) => {
  consoleErrors.allowHttpErrorStatus(400); // the deliberately drifting translation
});

test("a participant translates a French red line, a voter reads it in English on the ballot, checks the original and votes", async ({ page, newActor }) => {
  // four people and a dozen pages, each checked by axe: about four minutes on a loaded 2-core machine
  test.setTimeout(420_000);
  await signUpFacilitator(page, "Fiona Facilitator");
  const id = await createDeliberation(page, `Translated red lines ${test.info().project.name} ${Date.now()}`);
  const invite = await createParticipantInvite(page);
  await openRound(page, id, 1);
  const group = en.defaultGroups.government;

  // the author writes the red line in French
  const author = (await newActor()).page;
  await joinAsParticipant(author, invite, "Amélie Autrice", group);
  await author.goto(`/d/${id}/proposals/new`);
  await author.getByLabel(en.versionTranslations.languageOfText).selectOption({ label: "Français" });
  for (const key of Object.keys(FIELDS) as (keyof typeof FIELDS)[]) await proposalField(author, en.proposalForm[key]).fill(FRENCH[key]);
  await author.getByRole("button", { name: en.proposalForm.submit }).click();
  await expect(author.getByRole("heading", { level: 2, name: FRENCH.title })).toBeVisible();
  await expect(author.getByText("Written in French.")).toBeVisible();
  const proposalUrl = new URL(author.url()).pathname;
  await advanceTo(page, id, "discussing");

  // a participant translates it into English
  const translator = (await newActor()).page;
  await joinAsParticipant(translator, invite, "Tomás Translator", group);
  await translator.goto(proposalUrl);
  await translator.getByRole("link", { name: "Translate into English" }).click();
  await expect(translator.getByRole("heading", { level: 2, name: `Translate “${FRENCH.title}”` })).toBeVisible();
  await expect(translator.getByText(FRENCH.statement)).toBeVisible();
  await noSidewaysScroll(translator);
  await expectNoSeriousA11yViolations(translator);
  const field = (key: keyof typeof FIELDS) => translator.getByLabel(`${FIELDS[key]} in English`, { exact: true });
  for (const key of Object.keys(FIELDS) as (keyof typeof FIELDS)[]) await field(key).fill(ENGLISH[key]);
  // two numbers drift: refused, a sentence under each field, what was typed kept
  await field("thresholdValue").fill("≥ 2");
  await field("response").fill("halt deployment and notify the network within 48 hours");
  await translator.getByRole("button", { name: en.versionTranslations.form.save }).click();
  await expect(field("thresholdValue")).toHaveAccessibleDescription("The original says ≥ 20; this translation says ≥ 2.");
  await expect(field("response")).toHaveAccessibleDescription("The original says 72 h; this translation says 48 h.");
  await expect(field("response")).toHaveValue("halt deployment and notify the network within 48 hours");
  await expect(field("statement")).toHaveValue(ENGLISH.statement);
  await noSidewaysScroll(translator);
  await expectNoSeriousA11yViolations(translator);
  await field("thresholdValue").fill(ENGLISH.thresholdValue);
  await field("response").fill(ENGLISH.response);
  await translator.getByRole("button", { name: en.versionTranslations.form.save }).click();
  await expect(translator.getByRole("status").filter({ hasText: en.versionTranslations.form.saved })).toBeVisible();
  await expect(translator.getByRole("heading", { level: 2, name: ENGLISH.title })).toBeVisible();
  // Chatham House (the default): the translator's pseudonym, never their name
  const note = translator.getByTestId("translation-note");
  await expect(note).toContainText(/^Translated from French by Delegate \d+\. Show the original \(French\)$/);
  const who = /by (Delegate \d+)/.exec((await note.textContent()) ?? "")![1]!;
  await advanceTo(page, id, "voting");

  // a voter reading English: the translation on the card, the original one tap away, the vote on the original
  const voter = (await newActor()).page;
  await joinAsParticipant(voter, invite, "Vera Voter", group);
  await voter.goto(`/d/${id}/vote`);
  const card = voter.getByRole("article");
  await expect(card.getByRole("heading", { level: 3, name: ENGLISH.title })).toBeVisible();
  await expect(card.getByText(ENGLISH.statement)).toBeVisible();
  await expect(card.getByTestId("translation-note")).toContainText(`Translated from French by ${who}. ${en.versionTranslations.votesBindOriginal}`);
  await noSidewaysScroll(voter);
  await expectNoSeriousA11yViolations(voter);
  await card.getByRole("link", { name: "Show the original (French)" }).click();
  await expect(card.getByRole("heading", { level: 3, name: FRENCH.title })).toBeVisible();
  await expect(card.getByText(FRENCH.statement)).toBeVisible();
  await expect(card.getByText(ENGLISH.statement)).toHaveCount(0);
  await expect(card.locator('[lang="fr"]')).toContainText(FRENCH.statement);
  await expectNoSeriousA11yViolations(voter);
  await card.getByRole("button", { name: en.vote.choice.agree, exact: true }).click();
  await expect(voter.getByTestId("vote-status")).toHaveText(en.ballot.saved);
  await expect(voter.getByTestId("vote-progress")).toHaveText(en.vote.progress.replace("{{voted}}", "1").replace("{{total}}", "1"));
  // the card after the vote: in English again, the vote recorded on its one version
  await expect(card.getByRole("heading", { level: 3, name: ENGLISH.title })).toBeVisible();
  await expect(voter.getByTestId("current-vote")).toHaveText(en.vote.current.replace("{{choice}}", en.vote.choice.agree));
});
