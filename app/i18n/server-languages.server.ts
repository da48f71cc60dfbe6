import { i18n, setLanguageResolver } from "./i18n";
import { currentLanguage } from "./request-language.server";
import { RESOURCES } from "./resources.server";

/*
 * Imported once for its effect by each server bundle that translates (the Remix build through
 * app/entry.server.tsx, the Express server through app/server/create-server.ts): every language's
 * strings, and `t` speaking the language of the request being served.
 */
for (const [language, strings] of Object.entries(RESOURCES)) {
  if (language !== "en") i18n.addResourceBundle(language, "translation", strings, true, true);
}
setLanguageResolver(currentLanguage);
