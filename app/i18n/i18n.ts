import i18next, { type i18n as I18n, type ParseKeys, type TFunction } from "i18next";
import { initReactI18next } from "react-i18next";
import { en } from "./en";
import { DEFAULT_LANGUAGE, SUPPORTED_LANGUAGES } from "./languages";

export { DEFAULT_LANGUAGE, SUPPORTED_LANGUAGES } from "./languages";

/**
 * One synchronous i18next instance, used for server rendering, server-side messages and hydration
 * alike. English is bundled everywhere; the server registers every language at start
 * (app/i18n/server-languages.server.ts), the browser only the page's (app/i18n/load-language.ts).
 */
function createI18n(): I18n {
  const instance = i18next.createInstance();
  void instance.use(initReactI18next).init({
    lng: DEFAULT_LANGUAGE,
    fallbackLng: DEFAULT_LANGUAGE,
    supportedLngs: [...SUPPORTED_LANGUAGES],
    resources: { en: { translation: en } },
    initAsync: false,
    interpolation: { escapeValue: false },
    returnNull: false,
    showSupportNotice: false,
  });
  return instance;
}

export const i18n = createI18n();

/** Where `t` learns the language to speak: on the server, the request's (set by the server setup); else the instance's. */
let languageOfNow: () => string | undefined = () => undefined;
export function setLanguageResolver(resolve: () => string | undefined): void {
  languageOfNow = resolve;
}

const fixed = new Map<string, TFunction>();
function fixedT(language: string): TFunction {
  let found = fixed.get(language);
  if (!found) {
    found = i18n.getFixedT(language) as unknown as TFunction;
    fixed.set(language, found);
  }
  return found;
}

/** Translation in the current language: the request's on the server (messages of refusals and validation), the page's in the browser. */
export const t: TFunction = ((...args: Parameters<TFunction>) => (fixedT(languageOfNow() ?? i18n.language) as unknown as (...a: unknown[]) => string)(...args)) as unknown as TFunction;

/** A key of app/i18n/en.ts (plural and context variants by their base): a misspelled one fails the typecheck (app/i18n/i18next.d.ts). */
export type MessageKey = ParseKeys<"translation">;

/**
 * A key built at run time from data ("taxonomy." + a category id): the compiler cannot check it,
 * so the data's own type and the key parity test (tests/unit/i18n-locales.test.ts) must. Use it
 * only there: a literal key goes to `t` as it is.
 */
export function dynamicKey(key: string): MessageKey {
  return key as MessageKey;
}
