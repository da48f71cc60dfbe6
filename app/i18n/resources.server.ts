import { en } from "./en";
import type { Language } from "./languages";
import type { LocaleStrings } from "./locale-types";
import ar from "./locales/ar";
import es from "./locales/es";
import fr from "./locales/fr";
import zh from "./locales/zh";

/** Every language's strings, for the server (the browser loads only the page's: app/i18n/load-language.ts). */
export const RESOURCES: Record<Language, LocaleStrings | typeof en> = { en, fr, es, zh, ar };
