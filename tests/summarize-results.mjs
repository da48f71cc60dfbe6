// The closing line of `npm test`: "N passed, N failed, N skipped". A runner that exits non-zero is
// never hidden: a missing or unreadable report counts as one failure, and so does a runner that
// failed with no failed test in its report (it did not start, or errored outside the tests, e.g.
// Playwright's web server could not start or Vitest reported an unhandled error).
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";

const dir = process.env.RESULTS_DIR ?? ".cache/test-results";

const env = (name) => Number(process.env[name] ?? 0);
let passed = 0;
let failed = env("STEP_FAILURES");
let skipped = 0;
const notes = [];
const failures = [];

function read(file) {
  if (!existsSync(file)) return null;
  try {
    return JSON.parse(readFileSync(file, "utf8"));
  } catch {
    return null;
  }
}

/** One Vitest run's report: SQLite always, PostgreSQL when it ran (its own file). */
function countVitest(file, rcName, label, required) {
  const vitest = read(path.join(dir, file));
  if (!vitest) {
    if (!required && env(rcName) === 0) return;
    failed += 1;
    notes.push(`${label} wrote no report`);
    return;
  }
  passed += vitest.numPassedTests;
  failed += vitest.numFailedTests;
  skipped += vitest.numPendingTests + (vitest.numTodoTests ?? 0);
  notes.push(`${label}: ${vitest.numPassedTests} passed, ${vitest.numFailedTests} failed, ${vitest.numPendingTests + (vitest.numTodoTests ?? 0)} skipped`);
  // failed suites (a file that could not load) hold no test results of their own
  const brokenFiles = (vitest.testResults ?? []).filter((f) => f.status === "failed" && (f.assertionResults ?? []).length === 0).length;
  // name every failure, so the last lines of a long CI log say what to look at
  for (const f of vitest.testResults ?? []) {
    const file = path.relative(process.cwd(), f.name ?? "");
    if (f.status === "failed" && (f.assertionResults ?? []).length === 0) failures.push(`${label}: ${file} did not load`);
    for (const a of f.assertionResults ?? []) {
      if (a.status === "failed") failures.push(`${label}: ${file} › ${a.fullName ?? a.title}`);
    }
  }
  failed += brokenFiles;
  if (env(rcName) !== 0 && vitest.numFailedTests + brokenFiles === 0) {
    failed += 1;
    notes.push(`${label} exited with an error outside the tests`);
  }
}
countVitest("vitest.json", "VITEST_RC", "vitest", true);
countVitest("vitest-postgres.json", "VITEST_POSTGRES_RC", "vitest on PostgreSQL", false);

const playwright = read(path.join(dir, "playwright.json"));
if (playwright?.stats) {
  const s = playwright.stats;
  passed += s.expected;
  failed += s.unexpected + (s.flaky ?? 0);
  skipped += s.skipped;
  const errors = (playwright.errors ?? []).length;
  const walk = (suite, trail) => {
    const here = suite.title ? [...trail, suite.title] : trail;
    for (const spec of suite.specs ?? []) {
      for (const t of spec.tests ?? []) {
        if (t.status === "unexpected" || t.status === "flaky") failures.push(`playwright (${t.status}): ${[...here, spec.title].join(" › ")}`);
      }
    }
    for (const child of suite.suites ?? []) walk(child, here);
  };
  for (const suite of playwright.suites ?? []) walk(suite, []);
  if (env("PLAYWRIGHT_RC") !== 0 && s.unexpected + (s.flaky ?? 0) === 0) {
    failed += Math.max(1, errors);
    notes.push(errors ? `playwright: ${errors} error(s) outside the tests` : "playwright exited with an error outside the tests");
  }
} else {
  failed += 1;
  notes.push("playwright wrote no report");
}

for (const f of failures) console.log(`failed: ${f}`);
for (const n of notes) console.log(`note: ${n}`);
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed > 0 ? 1 : 0);
