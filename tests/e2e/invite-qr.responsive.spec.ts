import { DEMO_LOGINS, en, expect, expectNoSeriousA11yViolations, logIn, test } from "./fixtures";

const SHOTS = "/tmp/shots-email";

// The facilitator's invitation for a room: a link with a Copy button and its QR code, on a phone
// (390 × 844) and a laptop (1280 × 800); and "invite by email" naming a wrong address by field.
test("a new invitation link comes with its QR code and a copy button; invite by email names a wrong address", async ({ page, context, consoleErrors }, info) => {
  consoleErrors.allowHttpErrorStatus(400);
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  await logIn(page, DEMO_LOGINS.facilitator);
  await page.getByRole("link", { name: /Red lines for frontier AI/ }).first().click();
  await page.waitForURL(/\/d\/[^/]+/);
  const id = new URL(page.url()).pathname.split("/")[2]!;
  await page.goto(`/d/${id}/members`);
  await page.getByRole("button", { name: en.members.createInvite }).click();
  const link = page.getByTestId("invite-link");
  await expect(link).toBeVisible();
  const url = (await link.textContent())!.trim();
  expect(url).toMatch(/\/join\/[\w-]{20,}$/);

  const qr = page.getByTestId("invite-qr").locator("svg");
  await expect(qr).toBeVisible();
  await expect(qr).toHaveAttribute("aria-label", en.email.qr.label);
  // the markup is a well-formed SVG document (the browser's XML parser finds no error) titled with the link
  const parsed = await qr.evaluate((svg) => {
    const doc = new DOMParser().parseFromString(svg.outerHTML, "image/svg+xml");
    return { error: doc.getElementsByTagName("parsererror").length, root: doc.documentElement.localName, title: doc.querySelector("title")?.textContent };
  });
  expect(parsed).toEqual({ error: 0, root: "svg", title: url });
  const box = (await qr.boundingBox())!;
  expect(box.width).toBeGreaterThanOrEqual(180); // scannable from a phone held at arm's length
  expect(Math.abs(box.width - box.height)).toBeLessThan(1);

  await page.getByRole("button", { name: en.reportFlow.copy }).first().click();
  await expect(page.getByText(en.reportFlow.copied)).toBeVisible();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(url);
  await expectNoSeriousA11yViolations(page);
  const width = info.project.use.viewport?.width ?? 0;
  await page.getByTestId("invite-qr").scrollIntoViewIfNeeded();
  await page.locator("section", { has: page.getByRole("heading", { name: en.members.inviteTitle }) }).screenshot({ path: `${SHOTS}/invite-qr-${width}.png` });

  await page.getByLabel(en.email.inviteByEmail.addresses).fill("ok@example.org, not-an-address");
  await page.getByRole("button", { name: en.email.inviteByEmail.send }).click();
  await expect(page.getByText("“not-an-address” is not an email address.")).toBeVisible();
  await expect(page.getByLabel(en.email.inviteByEmail.addresses)).toHaveValue("ok@example.org, not-an-address");
  await expect(page.getByLabel(en.email.inviteByEmail.addresses)).toHaveAttribute("aria-invalid", "true");
  await page.locator("section", { has: page.getByRole("heading", { name: en.email.inviteByEmail.title }) }).screenshot({ path: `${SHOTS}/email-invite-error-${width}.png` });
});
