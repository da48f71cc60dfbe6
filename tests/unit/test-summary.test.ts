import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";

/** The closing line of `npm test` must count every failure, including a runner that did not start. */
let dir: string;
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function summarize(files: { vitest?: unknown; vitestPostgres?: unknown; playwright?: unknown }, env: Record<string, string> = {}) {
  dir = mkdtempSync(path.join(tmpdir(), "accord-summary-"));
  if (files.vitest) writeFileSync(path.join(dir, "vitest.json"), JSON.stringify(files.vitest));
  if (files.vitestPostgres) writeFileSync(path.join(dir, "vitest-postgres.json"), JSON.stringify(files.vitestPostgres));
  if (files.playwright) writeFileSync(path.join(dir, "playwright.json"), JSON.stringify(files.playwright));
  try {
    const out = execFileSync(process.execPath, ["tests/summarize-results.mjs"], { env: { ...process.env, RESULTS_DIR: dir, ...env }, encoding: "utf8" });
    return { code: 0, line: out.trim().split("\n").at(-1)! };
  } catch (error) {
    const e = error as { status: number; stdout: string };
    return { code: e.status, line: e.stdout.trim().split("\n").at(-1)! };
  }
}

const vitestOk = { numPassedTests: 10, numFailedTests: 0, numPendingTests: 1, numTodoTests: 0, testResults: [{ status: "passed", assertionResults: [{}] }] };
const playwrightOk = { stats: { expected: 3, unexpected: 0, flaky: 0, skipped: 0 }, errors: [] };

describe("test summary line", () => {
  it("adds both runners when both pass", () => {
    expect(summarize({ vitest: vitestOk, playwright: playwrightOk })).toEqual({ code: 0, line: "13 passed, 0 failed, 1 skipped" });
  });

  it("counts a Playwright run that could not start (web server port taken) as a failure", () => {
    const notStarted = { stats: { expected: 0, unexpected: 0, flaky: 0, skipped: 0 }, errors: [{ message: "http://localhost:3210 is already used" }] };
    expect(summarize({ vitest: vitestOk, playwright: notStarted }, { PLAYWRIGHT_RC: "1" })).toEqual({ code: 1, line: "10 passed, 1 failed, 1 skipped" });
  });

  it("counts a missing report as a failure", () => {
    expect(summarize({ vitest: vitestOk })).toMatchObject({ code: 1, line: "10 passed, 1 failed, 1 skipped" });
  });

  it("counts a test file that failed to load and a failed typecheck step", () => {
    const broken = { ...vitestOk, testResults: [...vitestOk.testResults, { status: "failed", assertionResults: [] }] };
    expect(summarize({ vitest: broken, playwright: playwrightOk }, { VITEST_RC: "1", STEP_FAILURES: "1" })).toEqual({ code: 1, line: "13 passed, 2 failed, 1 skipped" });
  });

  it("counts errors outside tests when the runner exits non-zero with no failed test", () => {
    expect(summarize({ vitest: vitestOk, playwright: playwrightOk }, { VITEST_RC: "1" })).toEqual({ code: 1, line: "13 passed, 1 failed, 1 skipped" });
  });

  it("adds the PostgreSQL run of the suite, its failures included", () => {
    const pgOneFailed = { ...vitestOk, numPassedTests: 9, numFailedTests: 1 };
    expect(summarize({ vitest: vitestOk, vitestPostgres: pgOneFailed, playwright: playwrightOk }, { VITEST_POSTGRES_RC: "1" })).toEqual({ code: 1, line: "22 passed, 1 failed, 2 skipped" });
  });

  it("counts a PostgreSQL run that failed without a report, and nothing for one that did not run", () => {
    expect(summarize({ vitest: vitestOk, playwright: playwrightOk }, { VITEST_POSTGRES_RC: "1" })).toEqual({ code: 1, line: "13 passed, 1 failed, 1 skipped" });
    expect(summarize({ vitest: vitestOk, playwright: playwrightOk }, { VITEST_POSTGRES_RC: "0" })).toEqual({ code: 0, line: "13 passed, 0 failed, 1 skipped" });
  });
});
