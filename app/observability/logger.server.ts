/**
 * The one logger: pino, JSON lines. The server creates it from LOG_LEVEL and installs it; every
 * HTTP request runs under a child carrying its request id (AsyncLocalStorage), so any code that
 * logs through `logger()` during a request writes that id on its line without being handed it.
 * State lives on globalThis so server.ts and the Remix bundle share one logger and one store.
 *
 * What is logged never includes secrets, cookies, tokens, emails or form bodies: lines carry
 * route ids (not raw URLs, whose paths hold invitation and return-link tokens), statuses and
 * errors; the paths below are censored in case a caller passes such an object anyway.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import { destination, pino, stdSerializers, stdTimeFunctions, type DestinationStream, type Logger } from "pino";

export type { Logger };
export type LogLevel = "silent" | "error" | "warn" | "info" | "debug";

const REDACTED = ["password", "email", "token", "cookie", "authorization", "secret", "body"];

export function createLogger(options: { level: LogLevel; destination?: DestinationStream }): Logger {
  return pino(
    {
      level: options.level,
      base: { service: "accord" },
      timestamp: stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      serializers: { err: stdSerializers.err },
      redact: { paths: [...REDACTED, ...REDACTED.map((key) => `*.${key}`)], censor: "[redacted]" },
    },
    options.destination ?? destination(1),
  );
}

interface State {
  base: Logger;
  requests: AsyncLocalStorage<{ requestId: string; log: Logger }>;
}
const KEY = Symbol.for("accord.logger");

function state(): State {
  const g = globalThis as { [KEY]?: State };
  // before a server installs one (CLIs, unit tests): warnings and errors to stderr
  return (g[KEY] ??= { base: createLogger({ level: "warn", destination: destination(2) }), requests: new AsyncLocalStorage() });
}

/** Make `log` the process's logger (the server does this at start). */
export function installLogger(log: Logger): void {
  state().base = log;
}

/** The logger for here and now: the current request's child (with its id), else the process's. */
export function logger(): Logger {
  const s = state();
  return s.requests.getStore()?.log ?? s.base;
}

/** Run `fn` (the rest of a request's handling) with `log` and `requestId` as its context. */
export function runInRequest<T>(requestId: string, log: Logger, fn: () => T): T {
  return state().requests.run({ requestId, log }, fn);
}

/** The id of the request being handled, if any. */
export function currentRequestId(): string | undefined {
  return state().requests.getStore()?.requestId;
}
