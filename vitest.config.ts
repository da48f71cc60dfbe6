import { defineConfig } from "vitest/config";
import { fileURLToPath } from "node:url";

export default defineConfig({
  resolve: { alias: { "~": fileURLToPath(new URL("./app", import.meta.url)) } },
  test: {
    include: ["tests/unit/**/*.test.ts", "tests/integration/**/*.test.ts"],
    setupFiles: ["tests/setup/fail-on-console-error.ts"],
    globalSetup: ["tests/setup/global-setup.ts"],
    // tests sign cookies with a fixed secret instead of generating data/.session-secret (decision 021)
    env: { SESSION_SECRET: "accord-test-session-secret-0123456789abcdef" },
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: "forks",
  },
});
