import Database from "better-sqlite3";
import { fileURLToPath } from "node:url";
import type { Page } from "@playwright/test";
import {
  advanceTo,
  createDeliberation,
  createParticipantInvite,
  en,
  expect,
  expectNoSeriousA11yViolations,
  fillProposalForm,
  joinAsParticipant,
  openRound,
  signUpFacilitator,
  test,
} from "./fixtures";

/**
 * Issue 8, and issue 11's one-tap ballot: after a vote the next card must open as a fresh form.
 * Nothing the voter chose on one card (choice, confidence, reason) may appear chosen on another,
 * and the database holds exactly what each request carried, with or without JavaScript.
 */

type Choice = "agree" | "disagree" | "pass";
type Stored = { choice: Choice; confidence: number | null; reason?: string | null };

const TITLES = ["Fresh card one: no self-replication", "Fresh card two: no cyber offence", "Fresh card three: no deception", "Fresh card four: no power seeking"];

/** The votes this person has stored in this deliberation, by version title, read from the e2e server's SQLite file. */
function storedVotes(deliberationId: string, displayName: string): Record<string, Stored> {
  const file = fileURLToPath(new URL(`../../.cache/e2e-${process.env.E2E_PORT}/accord.db`, import.meta.url));
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const rows = db
      .prepare(
        `select v.title, votes.choice, votes.confidence, votes.reason from votes
         join proposal_versions v on v.id = votes.version_id
         join memberships m on m.id = votes.membership_id
         join users u on u.id = m.user_id
         where m.deliberation_id = ? and u.display_name = ?`,
      )
      .all(deliberationId, displayName) as { title: string; choice: Choice; confidence: number | null; reason: string | null }[];
    return Object.fromEntries(rows.map((r) => [r.title, { choice: r.choice, confidence: r.confidence, ...(r.reason ? { reason: r.reason } : {}) }]));
  } finally {
    db.close();
  }
}

async function propose(page: Page, id: string, title: string) {
  await page.goto(`/d/${id}/proposals/new`);
  await fillProposalForm(page, title);
  await expect(page.getByRole("status").filter({ hasText: en.proposal.saved })).toBeVisible();
}

const choiceButton = (page: Page, c: Choice) => page.getByRole("article").getByRole("button", { name: en.vote.choice[c], exact: true });
const confidence = (page: Page) => page.getByLabel(en.vote.confidence);
/** The confidence sits in a fold above the choices: open it and pick a level. */
async function chooseConfidence(page: Page, level: string) {
  const fold = page.locator("details.confidence-fold");
  if (!(await fold.evaluate((d) => (d as HTMLDetailsElement).open))) await fold.locator("summary").click();
  await confidence(page).selectOption(level);
}
const cardTitle = (page: Page) => page.getByRole("article").getByRole("heading", { level: 3 });

/** The card on screen shows exactly `stored` (or nothing at all): no other choice, no other confidence. */
async function expectCardShows(page: Page, stored: Stored | undefined) {
  for (const c of ["agree", "disagree", "pass"] as const) {
    await expect(choiceButton(page, c)).toHaveAttribute("aria-pressed", stored?.choice === c ? "true" : "false");
  }
  await expect(confidence(page)).toHaveValue(stored?.confidence ? String(stored.confidence) : "");
  if (stored) await expect(page.getByTestId("current-vote")).toHaveText(`Your current vote: ${en.vote.choice[stored.choice]}`);
  else await expect(page.getByTestId("current-vote")).toHaveCount(0);
}

for (const javaScriptEnabled of [true, false]) {
  test(`each ballot card is a fresh form (JavaScript ${javaScriptEnabled ? "on" : "off"}): nothing carries over, back and forward included`, async ({ page, newActor }) => {
    const stamp = Date.now().toString(36);
    await signUpFacilitator(page, "Bea Ballot");
    const id = await createDeliberation(page, `Fresh cards ${stamp}`);
    const inviteUrl = await createParticipantInvite(page);
    await openRound(page, id, 1);

    const voter = `Vera Voter ${stamp} ${javaScriptEnabled ? "js" : "nojs"}`;
    const p = (await newActor({ javaScriptEnabled })).page;
    await joinAsParticipant(p, inviteUrl, voter, en.defaultGroups.academia);
    for (const title of TITLES) await propose(p, id, title);
    await advanceTo(page, id, "discussing");
    await advanceTo(page, id, "voting");

    await p.goto(`/d/${id}/vote`);
    const progress = p.getByTestId("vote-progress");
    await expect(progress).toHaveText("You have voted on 0 of 4 red lines");
    await expect(p.getByText("Red line 1 of 4")).toBeVisible();
    await expectNoSeriousA11yViolations(p);

    const expected: Record<string, Stored> = {};
    const save = async (choice: Choice, level?: 1 | 2 | 3 | 4 | 5) => {
      const title = (await cardTitle(p).textContent())!;
      if (level) await chooseConfidence(p, String(level));
      // one tap on the choice saves it and opens the next card
      await choiceButton(p, choice).click();
      expected[title] = { choice, confidence: level ?? null };
      await expect(progress).toHaveText(`You have voted on ${Object.keys(expected).length} of 4 red lines`);
      await expect(cardTitle(p)).not.toHaveText(title);
      await expect(p.getByTestId("vote-status")).toHaveText(en.ballot.saved);
    };

    // card 1: agree, very sure → card 2 opens with nothing chosen and no confidence, and no "why?"
    await save("agree", 5);
    await expect(p.getByText("Red line 2 of 4")).toBeVisible();
    await expectCardShows(p, undefined);
    await expect(p.locator("form.reasons")).toHaveCount(0);
    expect(storedVotes(id, voter)).toEqual(expected);
    const card2 = (await cardTitle(p).textContent())!;
    expect(storedVotes(id, voter)[card2]).toBeUndefined();
    await expectNoSeriousA11yViolations(p);

    // card 2: disagree without a confidence → stored with none (not card 1's 5)
    await save("disagree");
    expect(storedVotes(id, voter)[card2]).toEqual({ choice: "disagree", confidence: null });
    await expect(p.getByText("Red line 3 of 4")).toBeVisible();
    await expectCardShows(p, undefined);
    // the next card asks why about the Disagree just cast (optional): not answered here
    await expect(p.getByRole("group", { name: new RegExp(`^Why Disagree\\? \\(optional\\) on “${card2}”`) })).toBeVisible();

    // card 3: pass, unsure → card 4 fresh
    await save("pass", 2);
    await expect(p.getByText("Red line 4 of 4")).toBeVisible();
    await expectCardShows(p, undefined);
    expect(storedVotes(id, voter)).toEqual(expected);

    // on card 4, pick something but do not save, then walk back through the history:
    // every card shows its own stored vote and nothing else
    const card4 = (await cardTitle(p).textContent())!;
    await chooseConfidence(p, "3");
    const seen = new Set<string>([card4]);
    for (let i = 0; i < 3; i++) {
      const before = (await cardTitle(p).textContent())!;
      await p.goBack();
      await expect(cardTitle(p)).not.toHaveText(before);
      const title = (await cardTitle(p).textContent())!;
      seen.add(title);
      await expectCardShows(p, expected[title]);
    }
    expect(seen.size).toBeGreaterThanOrEqual(3);
    // …and forward again, to the end
    for (let i = 0; i < 3; i++) {
      const before = (await cardTitle(p).textContent())!;
      await p.goForward();
      await expect(cardTitle(p)).not.toHaveText(before);
      const title = (await cardTitle(p).textContent())!;
      await expectCardShows(p, expected[title]);
    }
    await expect(cardTitle(p)).toHaveText(card4);
    expect(storedVotes(id, voter)[card4]).toBeUndefined();

    // the card list and the links between cards show only what is stored
    await p.goto(`/d/${id}/vote?card=4`);
    await expectCardShows(p, undefined);
    await p.getByRole("link", { name: en.vote.previous }).click();
    await expect(p.getByText("Red line 3 of 4")).toBeVisible();
    await expectCardShows(p, expected[(await cardTitle(p).textContent())!]);
    await p.getByRole("link", { name: en.vote.previous }).click();
    await expect(p.getByText("Red line 2 of 4")).toBeVisible();
    await expectCardShows(p, expected[card2]);
    await p.getByRole("link", { name: en.vote.skip }).click();
    await p.getByRole("link", { name: en.vote.skip }).click();
    await expect(p.getByText("Red line 4 of 4")).toBeVisible();
    await expectCardShows(p, undefined);
    expect(storedVotes(id, voter)).toEqual(expected);

    // back on the card voted Disagree: one tap says why; the vote keeps its choice and confidence
    await p.goto(`/d/${id}/vote?list=all`);
    await p.getByRole("link", { name: card2, exact: true }).click();
    await expect(cardTitle(p)).toHaveText(card2);
    const why = p.getByRole("group", { name: new RegExp(`^Why Disagree\\? \\(optional\\) on “${card2}”`) });
    await why.getByRole("button", { name: en.ballot.reason.threshold }).click();
    await expect(p.getByTestId("vote-status")).toHaveText(en.ballot.reasoned);
    await expect(cardTitle(p)).toHaveText(card2);
    await expect(why.getByRole("button", { name: en.ballot.reason.threshold })).toHaveAttribute("aria-pressed", "true");
    expected[card2] = { choice: "disagree", confidence: null, reason: "threshold" };
    expect(storedVotes(id, voter)).toEqual(expected);
    await expectNoSeriousA11yViolations(p);
  });
}
