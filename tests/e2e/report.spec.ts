import { DEMO_LOGINS, en, expect, expectNoSeriousA11yViolations, logIn, test } from "./fixtures";

test("the facilitator previews, summarises and publishes the report; a visitor reads and downloads it; a second version supersedes the first", async ({ page, newActor }) => {
  await logIn(page, DEMO_LOGINS.facilitator);
  await page.getByRole("link", { name: "Red lines for frontier AI" }).click();
  await page.waitForURL(/\/d\/[^/]+$/);
  const id = new URL(page.url()).pathname.split("/")[2]!;
  await page.getByRole("navigation", { name: en.layout.sections }).getByRole("link", { name: en.layout.report }).click();
  await expect(page.getByRole("heading", { name: en.report.title })).toBeVisible();
  await expectNoSeriousA11yViolations(page);

  await page.getByLabel(en.report.round, { exact: true }).selectOption({ label: "Round 1 (Closed)" });
  await page.getByLabel(en.report.summary, { exact: true }).fill("Broad agreement on weapons and nuclear command; industry and civil society remain split on self-improvement.");

  // Preview opens the standalone document in a new tab.
  const [preview] = await Promise.all([page.waitForEvent("popup"), page.getByRole("button", { name: en.report.preview }).click()]);
  await expect(preview.getByRole("heading", { name: "Points of agreement" })).toBeVisible();
  await expect(preview.getByText(en.report.previewBanner)).toBeVisible();
  await preview.close();

  // Publish (with confirmation): version 2, after the demo's own round-1 report. The demo made its reports public.
  await page.getByLabel(en.report.confirm).check();
  await page.getByRole("button", { name: en.report.publish, exact: true }).click();
  await expect(page.getByRole("heading", { name: "Report version 2 is published" })).toBeVisible();
  await page.goto(`/d/${id}/report`);
  await expect(page.getByText(en.report.isPublic)).toBeVisible();

  // An anonymous visitor reads it at the public URL and downloads every format.
  const { page: visitor } = await newActor();
  await visitor.goto(`/reports/${id}`);
  await expect(visitor.getByRole("heading", { level: 1 })).toContainText("Reports of");
  await expectNoSeriousA11yViolations(visitor);
  await visitor.getByRole("link", { name: /Report version 2/ }).click();
  await expect(visitor.getByRole("heading", { name: "Points of disagreement" })).toBeVisible();
  await expect(visitor.getByText("industry and civil society remain split on self-improvement", { exact: false })).toBeVisible();
  await expectNoSeriousA11yViolations(visitor);
  for (const file of ["report.pdf", "report.md", "report.json", "comments.csv", "votes.csv", "participants-votes.csv"]) {
    const res = await visitor.request.get(`/reports/${id}/2/${file}`);
    expect(res.status(), file).toBe(200);
    expect((await res.body()).length, file).toBeGreaterThan(100);
  }

  // A second publication supersedes the first; the diff shows the change.
  await page.goto(`/d/${id}/report`);
  await page.getByLabel(en.report.round, { exact: true }).selectOption({ label: "Round 1 (Closed)" });
  await page.getByLabel(en.report.summary, { exact: true }).fill("Revised after the review meeting.");
  await page.getByLabel(en.report.confirm).check();
  await page.getByRole("button", { name: en.report.publish, exact: true }).click();
  await expect(page.getByRole("heading", { name: "Report version 3 is published" })).toBeVisible();
  await visitor.goto(`/reports/${id}/2`);
  await expect(visitor.getByText(/superseded by version 3/)).toBeVisible();
  await visitor.goto(`/reports/${id}/diff?from=2&to=3`);
  await expect(visitor.getByText(en.report.diffSummary)).toBeVisible();
  await expectNoSeriousA11yViolations(visitor);
});
