import { en } from "./en";
import type { Language } from "./languages";
import type { LocaleStrings } from "./locale-types";

/** Every language's strings, for the server (the browser loads only the page's: app/i18n/load-language.ts). */
export const RESOURCES: Partial<Record<Language, LocaleStrings | typeof en>> = {
  en,
};
