import { AsyncLocalStorage } from "node:async_hooks";
import { DEFAULT_LANGUAGE, type Language } from "./languages";

/*
 * The language of the request being served, set once by the server before Remix runs
 * (app/server/create-server.ts). The server and the Remix build each bundle this module, so the
 * store lives in the global symbol registry: both copies read the same one.
 */
const KEY = Symbol.for("accord.request-language");
const g = globalThis as unknown as Record<symbol, AsyncLocalStorage<Language> | undefined>;
const store = (g[KEY] ??= new AsyncLocalStorage<Language>());

/** Runs `fn` with `language` as the current request's language. */
export function runInLanguage<T>(language: Language, fn: () => T): T {
  return store.run(language, fn);
}

/** The current request's language; English outside a request (jobs, CLIs), which pass a language explicitly where it matters. */
export function currentLanguage(): Language {
  return store.getStore() ?? DEFAULT_LANGUAGE;
}
