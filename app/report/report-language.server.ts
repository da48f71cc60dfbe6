import { currentLanguage } from "../i18n/request-language.server";
import { isLanguage, type Language } from "../i18n/languages";

/**
 * The language a report is read in: `?lang=` when it names a supported language, else the
 * request's own language (English until negotiation says otherwise). Any other value falls back
 * quietly: a report link never fails because of its language.
 */
export function reportLanguage(request: Request): Language {
  const asked = new URL(request.url).searchParams.get("lang");
  return isLanguage(asked) ? asked : currentLanguage();
}
