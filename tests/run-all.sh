#!/usr/bin/env bash
# Every test Accord has: typecheck, unit + integration (Vitest, real SQLite), end-to-end
# (Playwright in Debian's Chromium). Prints one closing line "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/.."
mkdir -p .cache/test-results
rm -f .cache/test-results/*.json

if [ ! -x /usr/bin/chromium ]; then
  echo "Chromium is missing: install it with 'sudo apt-get install -y chromium' (see README)." >&2
  exit 2
fi

status=0
echo "== typecheck"
npx tsc --noEmit || status=1
echo "== build"
npx remix vite:build >/dev/null || { echo "build failed" >&2; exit 1; }
echo "== unit and integration (vitest)"
npx vitest run --reporter=default --reporter=json --outputFile=.cache/test-results/vitest.json || status=1
echo "== end-to-end (playwright, chromium)"
PLAYWRIGHT_JSON_OUTPUT_NAME=.cache/test-results/playwright.json npx playwright test --reporter=list,json || status=1

node --input-type=module -e '
import { readFileSync, existsSync } from "node:fs";
let passed = 0, failed = 0, skipped = 0;
const v = ".cache/test-results/vitest.json";
if (existsSync(v)) { const r = JSON.parse(readFileSync(v, "utf8")); passed += r.numPassedTests; failed += r.numFailedTests; skipped += r.numPendingTests + (r.numTodoTests ?? 0); }
else failed += 1;
const p = ".cache/test-results/playwright.json";
if (existsSync(p)) { const s = JSON.parse(readFileSync(p, "utf8")).stats; passed += s.expected; failed += s.unexpected + (s.flaky ?? 0); skipped += s.skipped; }
else failed += 1;
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
'
exit $status
