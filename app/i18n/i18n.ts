import i18next, { type i18n as I18n } from "i18next";
import { initReactI18next } from "react-i18next";
import { en } from "./en";

export const SUPPORTED_LANGUAGES = ["en"] as const;
export const DEFAULT_LANGUAGE = "en";

/**
 * One synchronous i18next instance with the bundled resources, used for server rendering,
 * server-side messages and hydration alike (no loading flash, no network fetch).
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
/** Server-side translation (messages in thrown responses and validation). */
export const t = i18n.t.bind(i18n);
