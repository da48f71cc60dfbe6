import { useLocation } from "@remix-run/react";
import { useId } from "react";
import { useTranslation } from "react-i18next";
import { isLanguage, LANGUAGE_NAMES, SUPPORTED_LANGUAGES } from "~/i18n/languages";

/**
 * The language switcher on every page: a plain form (no JavaScript needed) that posts the choice and
 * reloads this page in it. Each language is listed by its own name, with its own `lang`.
 */
export function LanguageSwitcher() {
  const { t, i18n } = useTranslation();
  const location = useLocation();
  const id = useId();
  const current = isLanguage(i18n.language) ? i18n.language : "en";
  return (
    // a whole-document form (not Remix's): the new language's strings load with the page
    <form method="post" action="/language" className="language-switcher">
      <input type="hidden" name="redirectTo" value={location.pathname + location.search} />
      <label htmlFor={id}>{t("language.label")}</label>{" "}
      <select id={id} name="language" defaultValue={current}>
        {SUPPORTED_LANGUAGES.map((language) => (
          <option key={language} value={language} lang={language}>
            {LANGUAGE_NAMES[language]}
          </option>
        ))}
      </select>{" "}
      <button type="submit" className="secondary small">{t("language.change")}</button>
    </form>
  );
}
