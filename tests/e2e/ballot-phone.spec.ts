import { createParticipantInvite, DEMO_LOGINS, en, expect, expectNoSeriousA11yViolations, joinAsParticipant, logIn, test } from "./fixtures";

/**
 * Issue 11, the ballot on a phone (390 × 844): ten votes in a row without scrolling to find the
 * buttons. After each save the next card appears in place (fetcher), "Saved" is announced, and the
 * three choices and the save button are inside the viewport. Undo takes back the last vote.
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
  await p.screenshot({ path: "/tmp/shots-ballot/phone-first-load.png", fullPage: true });
  await expectNoSeriousA11yViolations(p);

  const inViewport = async (name: string, role: "radio" | "button") => {
    const box = await p.getByRole(role, { name, exact: true }).boundingBox();
    expect(box, `${name} is rendered`).not.toBeNull();
    expect(box!.y, `${name} is below the top of the screen`).toBeGreaterThanOrEqual(0);
    expect(box!.y + box!.height, `${name} is above the bottom of the screen`).toBeLessThanOrEqual(PHONE.height);
  };
  const expectChoicesOnScreen = async () => {
    for (const c of ["agree", "disagree", "pass"] as const) await inViewport(en.vote.choice[c], "radio");
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
    await p.getByRole("radio", { name: en.vote.choice[choices[n % 3]!], exact: true }).check();
    if (choices[n % 3] !== "agree") await p.getByRole("radio", { name: en.ballot.reason.evidence, exact: true }).check();
    await p.getByRole("button", { name: en.vote.save }).click();
    await expect(p.getByTestId("vote-status")).toHaveText(en.ballot.saved);
    await expect(p.getByTestId("vote-progress")).toContainText(`voted on ${n + 1} of`);
    await expect(title).not.toHaveText(current);
    await expectChoicesOnScreen();
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
