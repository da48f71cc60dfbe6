import i18next, { type i18n as I18n, type TFunction } from "i18next";
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
    found = i18n.getFixedT(language);
    fixed.set(language, found);
  }
  return found;
}

/** Translation in the current language: the request's on the server (messages of refusals and validation), the page's in the browser. */
export const t: TFunction = ((...args: Parameters<TFunction>) => (fixedT(languageOfNow() ?? i18n.language) as unknown as (...a: unknown[]) => string)(...args)) as unknown as TFunction;
