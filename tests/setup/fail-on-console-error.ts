import { afterEach, beforeEach, expect, vi } from "vitest";
import { installLogger } from "../../app/observability/logger.server";
import { errorsToConsole } from "../helpers/test-logger";

// Errors logged by code under test (app/observability/logger.server.ts) reach console.error too.
installLogger(errorsToConsole());

// A console.error during a test is a failure (conventions §10): it means something broke
// quietly — a 500 in a loader, a React warning, an unhandled rejection.
let spy: { mock: { calls: unknown[][] }; mockRestore: () => void } | undefined;

beforeEach(() => {
  spy = vi.spyOn(console, "error");
});

afterEach(() => {
  const calls = spy?.mock.calls ?? [];
  spy?.mockRestore();
  expect(calls.map((c) => c.map(String).join(" ")), "console.error was called during the test").toEqual([]);
});
