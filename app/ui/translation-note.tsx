import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { Language } from "~/i18n/languages";

/** Who wrote a translation, as the attribution mode lets it be shown (a name or pseudonym; anonymous: only the role). */
export interface TranslatorLabel {
  name: string | null;
  role: "facilitator" | "participant" | "observer";
}

export function useTranslatorName() {
  const { t } = useTranslation();
  return (who: TranslatorLabel) =>
    who.name ?? (who.role === "facilitator" ? t("versionTranslations.aFacilitator") : who.role === "participant" ? t("versionTranslations.aParticipant") : t("versionTranslations.aMember"));
}

/**
 * Above a red line read in translation: where the words come from and who wrote them, and one link
 * to the original (a plain link: it works without JavaScript). Reading the original, one link back.
 */
export function TranslationNote(props: {
  language: Language;
  originalLanguage: Language;
  translator: TranslatorLabel;
  editor: TranslatorLabel | null;
  showingOriginal: boolean;
  /** where the original is shown (e.g. `?original=1`) */
  originalHref: string;
  /** where the translation is shown */
  translationHref: string;
  /** on a ballot: say that the vote is on the original */
  ballot?: boolean;
}) {
  const { t } = useTranslation();
  const name = useTranslatorName();
  const languageName = (l: Language) => t(`versionTranslations.languageNames.${l}`);
  if (props.showingOriginal) {
    return (
      <p className="translation-note" data-testid="translation-note">
        {t("versionTranslations.readingOriginal", { language: languageName(props.originalLanguage) })}{" "}
        <Link to={props.translationHref} preventScrollReset>{t("versionTranslations.showTranslation", { language: languageName(props.language) })}</Link>
      </p>
    );
  }
  const params = { language: languageName(props.originalLanguage), who: name(props.translator) };
  return (
    <p className="translation-note" data-testid="translation-note">
      {props.editor ? t("versionTranslations.noteEdited", { ...params, editor: name(props.editor) }) : t("versionTranslations.note", params)}
      {props.ballot ? ` ${t("versionTranslations.votesBindOriginal")}` : ""}{" "}
      <Link to={props.originalHref} preventScrollReset>{t("versionTranslations.showOriginal", { language: languageName(props.originalLanguage) })}</Link>
    </p>
  );
}
