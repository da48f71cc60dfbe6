import AxeBuilder from "@axe-core/playwright";
import { test as base, expect, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from "@playwright/test";
import { DEMO_LOGINS } from "../../app/demo/demo-content";
import { en } from "../../app/i18n/en";

export { expect, en, DEMO_LOGINS };

const AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

/**
 * Runs axe on the page as it is now and fails on any serious or critical WCAG 2.1 A/AA
 * violation, listing each rule with the offending elements.
 */
export async function expectNoSeriousA11yViolations(page: Page): Promise<void> {
  const results = noScriptContexts.has(page.context())
    ? await analyzeNoScriptPage(page)
    : await new AxeBuilder({ page }).withTags(AXE_TAGS).analyze();
  const serious = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  const report = serious
    .map((v) => {
      const nodes = v.nodes
        .slice(0, 5)
        .map((n) => `    - ${n.target.join(" ")}\n      ${(n.failureSummary ?? "").replace(/\n/g, "\n      ")}`)
        .join("\n");
      return `  [${v.impact}] ${v.id}: ${v.help} (${v.nodes.length} element(s))\n${nodes}`;
    })
    .join("\n");
  expect(serious.length, `Accessibility violations on ${page.url()}:\n${report}`).toBe(0);
}

/** Contexts opened with JavaScript off: axe cannot run there (timers never fire). */
const noScriptContexts = new WeakSet<BrowserContext>();

interface Mirror {
  page: Page;
  /** The document the mirror page is served next. */
  html: string;
}
/** One JavaScript-enabled page per browser for those copies (closed with the browser). */
const mirrors = new WeakMap<Browser, Promise<Mirror>>();

async function openMirror(browser: Browser): Promise<Mirror> {
  const context = await browser.newContext();
  const mirror: Mirror = { page: await context.newPage(), html: "" };
  await mirror.page.route("**/*", (route) =>
    route.request().resourceType() === "document"
      ? route.fulfill({ status: 200, contentType: "text/html; charset=utf-8", body: mirror.html })
      : route.continue(),
  );
  return mirror;
}

/**
 * For a page without JavaScript, axe runs on a copy: the page's current DOM, scripts removed,
 * served at the same URL to a JavaScript-enabled page of the same size (so the same CSS applies).
 */
async function analyzeNoScriptPage(page: Page) {
  const browser = page.context().browser()!;
  if (!mirrors.has(browser)) mirrors.set(browser, openMirror(browser));
  const mirror = await mirrors.get(browser)!;
  mirror.html = (await page.content()).replace(/<script\b[\s\S]*?<\/script>/gi, "");
  const size = page.viewportSize();
  if (size) await mirror.page.setViewportSize(size);
  await mirror.page.goto(page.url());
  return new AxeBuilder({ page: mirror.page }).withTags(AXE_TAGS).analyze();
}

/**
 * Runs in every page before its own scripts (and outside its Content-Security-Policy): each CSP
 * violation becomes a console error naming the directive and what it blocked, so a page whose
 * policy refuses anything fails the test even where the browser's own message is terse.
 */
function reportCspViolations() {
  document.addEventListener(
    "securitypolicyviolation",
    (e) => console.error(`Content Security Policy violation: ${e.violatedDirective} blocked ${e.blockedURI || "(inline)"} at ${e.sourceFile || e.documentURI}:${e.lineNumber} ${e.sample}`),
    true,
  );
}

/**
 * Collects console errors (Content-Security-Policy violations among them) and uncaught page errors
 * from every context the test opens. A test that expects an error status (a 403 or 404 page, a 400
 * after a rejected form) declares it with `allowHttpErrorStatus`: the browser logs "Failed to load
 * resource … status of N" for those.
 */
class ConsoleErrors {
  readonly errors: string[] = [];
  private allowed: RegExp[] = [];

  async watch(context: BrowserContext) {
    await context.addInitScript(reportCspViolations);
    context.on("console", (msg) => {
      if (msg.type() !== "error") return;
      const text = msg.text();
      if (this.allowed.some((re) => re.test(text))) return;
      const loc = msg.location();
      this.errors.push(`console.error on ${msg.page()?.url() ?? "?"}: ${text}${loc.url ? ` (${loc.url}:${loc.lineNumber})` : ""}`);
    });
    context.on("weberror", (err) => {
      this.errors.push(`page error on ${err.page()?.url() ?? "?"}: ${err.error().stack ?? err.error().message}`);
    });
  }

  allowHttpErrorStatus(...statuses: number[]) {
    for (const s of statuses) this.allowed.push(new RegExp(`^Failed to load resource: the server responded with a status of ${s}\\b`));
  }
}

export interface Actor {
  context: BrowserContext;
  page: Page;
}

type Fixtures = {
  consoleErrors: ConsoleErrors;
  /** A fresh browser context (its own cookies: another person) with console errors watched. */
  newActor: (options?: BrowserContextOptions) => Promise<Actor>;
};

export const test = base.extend<Fixtures>({
  consoleErrors: async ({}, use) => {
    const tracker = new ConsoleErrors();
    await use(tracker);
    expect(tracker.errors, "the browser logged errors during the test").toEqual([]);
  },
  context: async ({ context, consoleErrors, javaScriptEnabled }, use) => {
    if (javaScriptEnabled === false) noScriptContexts.add(context);
    await consoleErrors.watch(context);
    await use(context);
  },
  newActor: async ({ browser, baseURL, consoleErrors }, use) => {
    const contexts: BrowserContext[] = [];
    await use(async (options = {}) => {
      const context = await browser.newContext({ baseURL, ...options });
      if (options.javaScriptEnabled === false) noScriptContexts.add(context);
      await consoleErrors.watch(context);
      contexts.push(context);
      return { context, page: await context.newPage() };
    });
    for (const c of contexts) await c.close();
  },
});

// ------------------------------------------------------------------------------ user journeys

let counter = 0;
/** An email address no earlier run has used (the database is fresh per run, but be safe). */
export function uniqueEmail(prefix: string): string {
  counter += 1;
  return `${prefix}-${Date.now().toString(36)}-${process.pid}-${counter}@e2e.example`;
}

export async function logIn(page: Page, login: { email: string; password: string }) {
  await page.goto("/login");
  await expectNoSeriousA11yViolations(page);
  await page.getByLabel(en.login.email).fill(login.email);
  await page.getByLabel(en.login.password).fill(login.password);
  await page.getByRole("button", { name: en.login.submit }).click();
  await expect(page.getByRole("heading", { level: 1, name: en.home.mine })).toBeVisible();
}

export async function signUpFacilitator(page: Page, name: string) {
  const email = uniqueEmail("facilitator");
  await page.goto("/signup");
  await expect(page.getByRole("heading", { level: 1, name: en.signup.title })).toBeVisible();
  await expectNoSeriousA11yViolations(page);
  await page.getByLabel(en.signup.displayName).fill(name);
  await page.getByLabel(en.signup.email).fill(email);
  await page.getByLabel(en.signup.password).fill("correct horse battery staple");
  await page.getByRole("button", { name: en.signup.submit }).click();
  // sign-up starts no session (decision 020): the login page says so, then on to the new deliberation
  await expect(page.getByText(en.login.signedUp)).toBeVisible();
  await page.getByLabel(en.login.email).fill(email);
  await page.getByLabel(en.login.password).fill("correct horse battery staple");
  await page.getByRole("button", { name: en.login.submit }).click();
  await expect(page.getByRole("heading", { level: 1, name: en.newDeliberation.title })).toBeVisible();
  return { email, password: "correct horse battery staple" };
}

/** Create a deliberation with the pre-filled default groups; returns its id (on the members page). */
export async function createDeliberation(page: Page, title: string) {
  await expectNoSeriousA11yViolations(page);
  // the form comes pre-filled with the five default groups of 20 %
  for (const [i, name] of Object.values(en.defaultGroups).entries()) {
    await expect(page.getByLabel(`Group ${i + 1} name`, { exact: true })).toHaveValue(name);
    await expect(page.getByLabel(`Group ${i + 1} target share (%)`, { exact: true })).toHaveValue("20");
  }
  await expect(page.getByLabel("Group 6 name", { exact: true })).toHaveValue("");
  await page.getByLabel(en.deliberationForm.title, { exact: true }).fill(title);
  await page.getByLabel(en.deliberationForm.question, { exact: true }).fill("Which red lines should govern frontier AI systems?");
  await page.getByRole("button", { name: en.newDeliberation.submit }).click();
  await expect(page).toHaveURL(/\/d\/[^/]+\/members\?created=1$/);
  await expect(page.getByRole("heading", { level: 1, name: title })).toBeVisible();
  await expect(page.getByRole("status").filter({ hasText: en.members.created })).toBeVisible();
  await expectNoSeriousA11yViolations(page);
  return new URL(page.url()).pathname.split("/")[2]!;
}

/** On the members page: create a participant link and read it from the page. */
export async function createParticipantInvite(page: Page): Promise<string> {
  await expect(page.getByLabel(en.members.role, { exact: true })).toHaveValue("participant");
  const link = page.getByTestId("invite-link");
  const previous = (await link.count()) > 0 ? await link.textContent() : null;
  await page.getByRole("button", { name: en.members.createInvite }).click();
  await expect(link).toBeVisible();
  if (previous) await expect(link).not.toHaveText(previous);
  await expectNoSeriousA11yViolations(page);
  const url = (await link.textContent())!.trim();
  expect(url).toMatch(/^http:\/\/localhost:\d+\/join\/[\w-]{20,}$/);
  return url;
}

export async function openRound(page: Page, id: string, n: number) {
  await page.goto(`/d/${id}`);
  await expectNoSeriousA11yViolations(page);
  await page.getByRole("button", { name: `Open round ${n}` }).click();
  await expectPhase(page, n, "proposing");
}

/**
 * The round and phase the deliberation's header shows: the phase banner on a wide screen, the
 * one-line phase chip on a phone (where the banner is folded away).
 */
export async function expectPhase(page: Page, n: number | null, phase: keyof typeof en.phases) {
  const name = en.phases[phase].name;
  const shown = page.locator(".phase-banner > strong, .phase-chip").filter({ visible: true });
  await expect(shown).toHaveCount(1);
  const text = n === null ? new RegExp(`(: |· )${name}$`) : new RegExp(`^Round ${n}(: | · )${name}$`);
  await expect(shown).toHaveText(text);
}

/** Facilitator moves the round on: tick the confirmation, then the button. */
export async function advanceTo(page: Page, id: string, phase: "discussing" | "voting" | "closed") {
  const name = en.phases[phase].name;
  await page.goto(`/d/${id}`);
  await expectNoSeriousA11yViolations(page);
  await page.getByRole("checkbox", { name: `Yes, move this round to the ${name} phase` }).check();
  await page.getByRole("button", { name: `Move to ${name}` }).click();
  await expect(page).toHaveURL(new RegExp(`\\?phase=${phase}$`));
  await expectPhase(page, null, phase);
  await expectNoSeriousA11yViolations(page);
}

export async function joinAsParticipant(page: Page, inviteUrl: string, name: string, group: string) {
  await page.goto(inviteUrl);
  await expect(page.getByRole("heading", { level: 1, name: /^Join “/ })).toBeVisible();
  await expectNoSeriousA11yViolations(page);
  await page.getByLabel(en.join.displayName).fill(name);
  await page.getByLabel(en.join.group).selectOption({ label: group });
  await page.getByRole("button", { name: en.join.submit, exact: true }).click();
  // joined by link: the personal return link comes first, then the deliberation
  await expect(page).toHaveURL(/\/d\/[^/]+\/welcome$/);
  await expect(page.getByRole("heading", { level: 1, name: /^You have joined “/ })).toBeVisible();
  await expect(page.getByRole("textbox", { name: en.returnLink.field })).toHaveValue(/^http:\/\/localhost:\d+\/return\/[\w-]{40,}$/);
  await expectNoSeriousA11yViolations(page);
  const returnLink = await page.getByRole("textbox", { name: en.returnLink.field }).inputValue();
  await page.getByRole("link", { name: en.welcome.continue }).click();
  await expect(page).toHaveURL(/\/d\/[^/]+$/);
  // only participants have a Vote tab (the role line itself is folded away on a phone)
  await expect(page.getByRole("navigation", { name: en.layout.sections }).getByRole("link", { name: en.layout.vote })).toBeVisible();
  await expectNoSeriousA11yViolations(page);
  return returnLink;
}

export const VALID_PROPOSAL = {
  title: "No autonomous self-replication",
  statement: "AI systems must not copy themselves onto other machines without explicit human approval.",
  rationale: "Self-replication would make a system impossible to switch off or recall.",
  category: "Malfunctions › Self-replication",
  scope: "Deployment",
  indicator: "Success rate on an autonomous self-replication evaluation",
  thresholdValue: "≥ 20",
  thresholdUnit: "% of tasks",
  trigger: "the threshold is crossed in a pre-deployment evaluation",
  response: "halt deployment and notify the network within 72 hours",
};

/**
 * On the proposal form: first a rejected submit (too-short title and statement, the rest empty)
 * that shows field errors and keeps what was typed, then a valid one. Ends on the proposal page.
 */
export async function proposeWithOneFailedSubmit(page: Page) {
  await expect(page.getByRole("heading", { name: en.proposalForm.newTitle })).toBeVisible();
  await expectNoSeriousA11yViolations(page);
  const title = page.getByLabel(en.proposalForm.title, { exact: true });
  const statement = page.getByLabel(en.proposalForm.statement, { exact: true });
  await title.fill("AI");
  await statement.fill("Too short");
  await page.getByRole("button", { name: en.proposalForm.submit }).click();

  // the error summary at the top takes focus and links to each field at fault
  const summary = page.getByRole("alert").filter({ hasText: en.proposing.errorSummaryTitle });
  await expect(summary).toBeFocused();
  await expect(summary.getByRole("link")).toHaveCount(2);
  await expect(title).toHaveValue("AI");
  await expect(statement).toHaveValue("Too short");
  await expect(title).toHaveAttribute("aria-invalid", "true");
  await expect(title).toHaveAccessibleDescription("Write at least 5 characters.");
  await expect(statement).toHaveAccessibleDescription(new RegExp("Write at least 10 characters\\.$"));
  // by default only title and statement are required: the typed parts left empty are not faults
  await expect(proposalField(page, en.proposalForm.rationale)).not.toHaveAttribute("aria-invalid", "true");
  await expect(proposalField(page, en.proposalForm.thresholdValue)).not.toHaveAttribute("aria-invalid", "true");
  await expectNoSeriousA11yViolations(page);

  const p = VALID_PROPOSAL;
  await fillProposalForm(page, p.title);

  await expect(page.getByRole("status").filter({ hasText: en.proposal.saved })).toBeVisible();
  await expect(page.getByRole("heading", { level: 2, name: p.title })).toBeVisible();
  await expect(page.getByRole("definition").filter({ hasText: p.trigger })).toBeVisible();
  await expect(page.getByRole("definition").filter({ hasText: p.response })).toBeVisible();
  await expectNoSeriousA11yViolations(page);
}

/** On the vote page: choose, optionally set confidence, submit. */
export async function castVote(page: Page, choice: "agree" | "disagree" | "pass", confidence?: keyof typeof en.vote.confidenceLevel) {
  if (confidence) {
    // the optional confidence is folded above the choices
    const fold = page.locator("details.confidence-fold");
    if (!(await fold.evaluate((d) => (d as HTMLDetailsElement).open))) await fold.locator("summary").click();
    await page.getByLabel(en.vote.confidence).selectOption({ label: en.vote.confidenceLevel[confidence] });
  }
  // one tap on the choice saves the vote
  await page.getByRole("article").getByRole("button", { name: en.vote.choice[choice], exact: true }).click();
}

/** Fill the proposal form with VALID_PROPOSAL under the given title and submit it. */
export async function fillProposalForm(page: Page, title: string) {
  await fillProposalFields(page, title);
  await page.getByRole("button", { name: en.proposalForm.submit }).click();
}

/** A field of the proposal form by its label, which ends in "(optional)" where the deliberation does not require it. */
export function proposalField(page: Page, label: string) {
  const escaped = label.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  return page.getByLabel(new RegExp(`^${escaped}(?: ${en.proposing.optional.replace(/[()]/g, "\\$&")})?$`));
}

/** Fill the proposal form with VALID_PROPOSAL under the given title (without submitting). */
export async function fillProposalFields(page: Page, title: string) {
  const p = VALID_PROPOSAL;
  const field = (label: string) => proposalField(page, label);
  await field(en.proposalForm.title).fill(title);
  await field(en.proposalForm.statement).fill(p.statement);
  await field(en.proposalForm.rationale).fill(p.rationale);
  await field(en.proposalForm.category).selectOption({ label: p.category });
  await field(en.proposalForm.scope).selectOption({ label: p.scope });
  await field(en.proposalForm.indicator).fill(p.indicator);
  await field(en.proposalForm.thresholdValue).fill(p.thresholdValue);
  await field(en.proposalForm.thresholdUnit).fill(p.thresholdUnit);
  await field(en.proposalForm.trigger).fill(p.trigger);
  await field(en.proposalForm.response).fill(p.response);
}
