import { defineConfig, devices } from "@playwright/test";
import { execFileSync } from "node:child_process";

/**
 * End-to-end tests in real Chromium against the production build (`npx remix vite:build` first;
 * `npm run test:e2e` does both). The server starts on a fresh SQLite file with the demo seeded,
 * exactly as `npm start` does on first start.
 *
 * Chromium comes from Debian (/usr/bin/chromium): `npx playwright install` needs network access.
 */
/**
 * The server's port: E2E_PORT when set, else a port the system reports free. It is chosen once, in
 * the main process, and handed to the worker processes through the environment (they re-read this
 * file), so two checkouts on one machine never collide.
 */
function freePort(): number {
  const script = "const s=require('node:net').createServer();s.listen(0,'127.0.0.1',()=>{process.stdout.write(String(s.address().port));s.close()})";
  return Number(execFileSync(process.execPath, ["-e", script], { encoding: "utf8" }));
}
process.env.E2E_PORT ||= String(freePort());
const PORT = Number(process.env.E2E_PORT);
const DB_DIR = `.cache/e2e-${PORT}`;

const launchOptions = {
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
};

export default defineConfig({
  testDir: "tests/e2e",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: "list",
  // Runner limits, not timing assertions: a journey of dozens of pages with axe on each can take
  // minutes on a loaded 2-core machine, and a slow step must not fail a test that would pass.
  timeout: 180_000,
  expect: { timeout: 20_000 },
  forbidOnly: !!process.env.CI,
  use: {
    baseURL: `http://localhost:${PORT}`,
    trace: "retain-on-failure",
  },
  projects: [
    { name: "chromium", use: { ...devices["Desktop Chrome"], viewport: { width: 1280, height: 800 }, launchOptions } },
    // a phone (390 × 844, touch, mobile viewport meta honoured) in the same Chromium: only the specs
    // named *.responsive.spec.ts run here too, so the desktop-only journeys do not double CI's time
    {
      name: "phone",
      testMatch: /\.responsive\.spec\.ts$/,
      use: {
        ...devices["Desktop Chrome"],
        viewport: { width: 390, height: 844 },
        screen: { width: 390, height: 844 },
        deviceScaleFactor: 2,
        isMobile: true,
        hasTouch: true,
        launchOptions,
      },
    },
  ],
  webServer: {
    command: `node -e "require('node:fs').rmSync('${DB_DIR}', { recursive: true, force: true })" && NODE_ENV=production SESSION_SECRET=accord-e2e-session-secret-0123456789abcdef LOGIN_FAILURES_PER_ADDRESS=10000 AUTH_ATTEMPTS_PER_ADDRESS=10000 PORT=${PORT} DATABASE_PATH=${DB_DIR}/accord.db SEED_DEMO=true DEADLINE_POLL_MS=500 npx tsx server.ts`,
    url: `http://localhost:${PORT}/healthz`,
    reuseExistingServer: false,
    timeout: 60_000,
    stdout: "ignore",
    stderr: "pipe",
  },
});
