import { test, logIn, DEMO_LOGINS } from "./fixtures";
test("shots", async ({ page }) => {
  await page.setViewportSize({ width: 375, height: 740 });
  await logIn(page, DEMO_LOGINS.participant);
  await page.getByRole("link", { name: "Red lines for frontier AI" }).click();
  await page.waitForURL(/\/d\//);
  const id = new URL(page.url()).pathname.split("/")[2];
  await page.goto(`/d/${id}/results`);
  const out = await page.evaluate(() => [...document.querySelectorAll("body *")].filter((e) => e.getBoundingClientRect().right > 376).slice(0, 12).map((e) => `${e.tagName}.${e.className} right=${Math.round(e.getBoundingClientRect().right)} sw=${e.scrollWidth} cw=${e.clientWidth}`));
  console.log(out.join("\n"));
});
