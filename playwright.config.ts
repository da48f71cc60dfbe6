import { defineConfig, devices } from "@playwright/test";

/**
 * End-to-end tests in real Chromium against the production build (`npx remix vite:build` first;
 * `npm run test:e2e` does both). The server starts on a fresh SQLite file with the demo seeded,
 * exactly as `npm start` does on first start.
 *
 * Chromium comes from Debian (/usr/bin/chromium): `npx playwright install` needs network access.
 */
const PORT = 3210;
const DB_DIR = ".cache/e2e";

export default defineConfig({
  testDir: "tests/e2e",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: "list",
  timeout: 60_000,
  expect: { timeout: 10_000 },
  forbidOnly: !!process.env.CI,
  use: {
    baseURL: `http://localhost:${PORT}`,
    trace: "retain-on-failure",
  },
  projects: [
    {
      name: "chromium",
      use: {
        ...devices["Desktop Chrome"],
        launchOptions: {
          executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
          args: [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--disable-quic",
          ],
        },
      },
    },
  ],
  webServer: {
    command: `node -e "require('node:fs').rmSync('${DB_DIR}', { recursive: true, force: true })" && NODE_ENV=production PORT=${PORT} DATABASE_PATH=${DB_DIR}/accord.db SEED_DEMO=true npx tsx server.ts`,
    url: `http://localhost:${PORT}/healthz`,
    reuseExistingServer: false,
    timeout: 60_000,
    stdout: "ignore",
    stderr: "pipe",
  },
});
