import { Form } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { LANGUAGE_NAMES, SUPPORTED_LANGUAGES, type Language } from "~/i18n/languages";

/** The facilitator's choice of the deliberation's default language (decision 051). */
export function DefaultLanguageForm({ value, saved }: { value: Language; saved: boolean }) {
  const { t } = useTranslation();
  return (
    <section aria-labelledby="default-language-title" className="card" id="default-language">
      <h2 id="default-language-title">{t("language.deliberationDefault")}</h2>
      <p className="muted">{t("language.deliberationDefaultHint")}</p>
      {saved ? <p className="notice ok" role="status">{t("language.savedDefault")}</p> : null}
      <Form method="post" className="stack">
        <input type="hidden" name="intent" value="defaultLanguage" />
        <label htmlFor="default-language-select">{t("language.deliberationDefault")}</label>
        <select id="default-language-select" name="defaultLanguage" defaultValue={value}>
          {SUPPORTED_LANGUAGES.map((language) => (
            <option key={language} value={language} lang={language}>
              {LANGUAGE_NAMES[language]}
            </option>
          ))}
        </select>
        <button type="submit">{t("language.saveDefault")}</button>
      </Form>
    </section>
  );
}
