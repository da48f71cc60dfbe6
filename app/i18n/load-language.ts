import type { i18n as I18n } from "i18next";
import type { Language } from "./languages";

/** Each language's strings as its own chunk: the browser fetches only the page's language. */
const loaders: Record<Exclude<Language, "en">, () => Promise<{ default: unknown }>> = {
  fr: () => import("./locales/fr"),
  es: () => import("./locales/es"),
  zh: () => import("./locales/zh"),
  ar: () => import("./locales/ar"),
};

/** Adds `language`'s strings to the browser's i18next instance (English is always there) and switches to it. */
export async function loadLanguage(instance: I18n, language: Language): Promise<void> {
  if (language !== "en" && !instance.hasResourceBundle(language, "translation")) {
    instance.addResourceBundle(language, "translation", (await loaders[language]()).default, true, true);
  }
  await instance.changeLanguage(language);
}
