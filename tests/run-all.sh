#!/usr/bin/env bash
# Every test Accord has: typecheck, unit + integration (Vitest, real SQLite, then real PostgreSQL
# when installed), end-to-end
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
# Steps that are not test files (typecheck, build) count as one failure each when they fail, so
# the closing line can never say "0 failed" after a failed step.
step_failures=0
echo "== typecheck"
npx tsc --noEmit || { status=1; step_failures=$((step_failures + 1)); }
echo "== build"
if ! npx remix vite:build >/dev/null; then
  echo "build failed" >&2
  echo "0 passed, 1 failed, 0 skipped (the build failed; no test ran)"
  exit 1
fi
echo "== unit and integration (vitest, SQLite)"
npx vitest run --reporter=default --reporter=json --outputFile=.cache/test-results/vitest.json
vitest_rc=$?
[ $vitest_rc -eq 0 ] || status=1
# The same suite on PostgreSQL (a throwaway cluster started by tests/setup/global-setup.ts) when
# its binaries are installed; TEST_POSTGRES=skip leaves it out, TEST_POSTGRES=require fails without them.
vitest_pg_rc=0
if [ "${TEST_POSTGRES:-auto}" != "skip" ]; then
  if node --import tsx -e 'import("./tests/helpers/pg-cluster.ts").then((m) => process.exit(m.findPostgresBin() ? 0 : 1))'; then
    echo "== unit and integration (vitest, PostgreSQL)"
    TEST_DATABASE=postgres npx vitest run --reporter=default --reporter=json --outputFile=.cache/test-results/vitest-postgres.json
    vitest_pg_rc=$?
    [ $vitest_pg_rc -eq 0 ] || status=1
  elif [ "${TEST_POSTGRES:-auto}" = "require" ]; then
    echo "PostgreSQL is not installed (TEST_POSTGRES=require): install Debian's postgresql package." >&2
    status=1; step_failures=$((step_failures + 1))
  else
    echo "== PostgreSQL not installed: the suite ran on SQLite only"
  fi
fi
echo "== end-to-end (playwright, chromium)"
PLAYWRIGHT_JSON_OUTPUT_NAME=.cache/test-results/playwright.json npx playwright test --reporter=list,json
playwright_rc=$?
[ $playwright_rc -eq 0 ] || status=1
export STEP_FAILURES=$step_failures VITEST_RC=$vitest_rc VITEST_POSTGRES_RC=$vitest_pg_rc PLAYWRIGHT_RC=$playwright_rc

node tests/summarize-results.mjs || status=1
exit $status
