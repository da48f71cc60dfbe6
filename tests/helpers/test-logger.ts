import { createLogger, type Logger } from "../../app/observability/logger.server";

/**
 * The logger of tests: errors only, each handed to console.error, so that an unexpected error
 * logged during a test still fails it (tests/setup/fail-on-console-error.ts).
 */
export function errorsToConsole(): Logger {
  return createLogger({ level: "error", destination: { write: (line: string) => void console.error(line.trimEnd()) } });
}

/** A logger at `level` whose JSON lines the test reads back. */
export function captureLogs(level: "info" | "debug" = "info"): { logger: Logger; lines: () => Record<string, unknown>[] } {
  const written: string[] = [];
  const logger = createLogger({ level, destination: { write: (line: string) => void written.push(line) } });
  return { logger, lines: () => written.map((line) => JSON.parse(line) as Record<string, unknown>) };
}
