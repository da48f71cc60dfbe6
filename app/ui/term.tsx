import { useTranslation } from "react-i18next";

export type GlossaryTerm = "interval" | "bridging" | "balanced" | "gic" | "spread" | "opinionMap" | "representative" | "score" | "mf" | "robustness" | "stability";

/**
 * A statistical term explained in one sentence where it appears: a small "?" disclosure that
 * works without JavaScript. Flow content (a <details>): place it in a <div> or <li>, never a <p>.
 */
export function Term({ term }: { term: GlossaryTerm }) {
  const { t } = useTranslation();
  return (
    <details className="term">
      <summary aria-label={t("resultsPlain.whatIs", { term: t(`resultsPlain.glossary.${term}.term`) })}>?</summary>
      <span className="term-text">{t(`resultsPlain.glossary.${term}.text`)}</span>
    </details>
  );
}
