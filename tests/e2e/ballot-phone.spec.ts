import { createParticipantInvite, DEMO_LOGINS, en, expect, expectNoSeriousA11yViolations, joinAsParticipant, logIn, test } from "./fixtures";

/**
 * Issue 11, the ballot on a phone (390 × 844): ten votes in a row without scrolling to find the
 * buttons. One tap votes; the next card appears in place (fetcher), "Saved" is announced, and the
 * three choices are inside the viewport; after a Disagree or Pass one more tap says why. Undo takes back the last vote.
 */
const DEMO_TITLE = "Red lines for frontier AI";
const PHONE = { width: 390, height: 844 };

test("a participant votes ten cards on a phone, each one's choices on screen after every save, then undoes the last", async ({ page, newActor }) => {
  await logIn(page, DEMO_LOGINS.facilitator);
  await page.getByRole("link", { name: DEMO_TITLE }).click();
  await expect(page).toHaveURL(/\/d\/[^/]+$/);
  const id = new URL(page.url()).pathname.split("/")[2]!;
  await page.goto(`/d/${id}/members`);
  const invite = await createParticipantInvite(page);

  const phone = await newActor({ viewport: PHONE, isMobile: true, hasTouch: true });
  const p = phone.page;
  await joinAsParticipant(p, invite, "Phone Voter", "Civil society");
  await p.goto(`/d/${id}/vote`);
  // (not a full-page shot: it would scroll the page back to the top)
  await p.screenshot({ path: "/tmp/shots-ballot/phone-first-load.png" });
  await expectNoSeriousA11yViolations(p);

  const inViewport = async (name: string) => {
    const box = await p.getByRole("article").getByRole("button", { name, exact: true }).boundingBox();
    expect(box, `${name} is rendered`).not.toBeNull();
    expect(box!.y, `${name} is below the top of the screen`).toBeGreaterThanOrEqual(0);
    expect(box!.y + box!.height, `${name} is above the bottom of the screen`).toBeLessThanOrEqual(PHONE.height);
  };
  // once the page has settled (the card is brought up to the thumb after hydration), without the test scrolling
  const expectChoicesOnScreen = async () => {
    await expect(async () => {
      for (const c of ["agree", "disagree", "pass"] as const) await inViewport(en.vote.choice[c]);
    }).toPass({ timeout: 5000 });
  };
  const title = p.locator("#card-title");
  const choices = ["agree", "disagree", "pass"] as const;
  const seen = new Set<string>();
  for (let n = 0; n < 10; n++) {
    const current = (await title.textContent())!;
    expect(seen.has(current), "every card comes once").toBe(false);
    seen.add(current);
    // a fresh card is laid out so that a thumb reaches the choices without scrolling
    await expectChoicesOnScreen();
    // one tap votes
    await p.getByRole("article").getByRole("button", { name: en.vote.choice[choices[n % 3]!], exact: true }).click();
    await expect(p.getByTestId("vote-status")).toHaveText(en.ballot.saved);
    await expect(p.getByTestId("vote-progress")).toContainText(`voted on ${n + 1} of`);
    await expect(title).not.toHaveText(current);
    await expectChoicesOnScreen();
    if (choices[n % 3] !== "agree") {
      // after a Disagree or a Pass, one more tap (optional) says why; the next card stays, choices on screen
      const next = (await title.textContent())!;
      await p.getByRole("group", { name: new RegExp(`^Why ${en.vote.choice[choices[n % 3]!]}\\? \\(optional\\) on “`) }).getByRole("button", { name: en.ballot.reason.evidence }).click();
      await expect(p.getByTestId("vote-status")).toHaveText(en.ballot.reasoned);
      await expect(title).toHaveText(next);
      await expectChoicesOnScreen();
    }
  }
  await p.screenshot({ path: "/tmp/shots-ballot/phone-after-ten.png" });
  await expectNoSeriousA11yViolations(p);

  // one tap undoes the last vote, and its card comes back
  const last = [...seen].at(-1)!;
  await p.getByRole("button", { name: en.ballot.undoLabel.replace("{{title}}", last) }).click();
  await expect(p.getByTestId("vote-status")).toHaveText(en.ballot.undone);
  await expect(p.getByTestId("vote-progress")).toContainText("voted on 9 of");
  await expect(title).toHaveText(last);
  await expectChoicesOnScreen();
});
