import { useTranslation } from "react-i18next";

export interface VersionFactsProps {
  statement: string;
  rationale?: string;
  category: string;
  scope: string;
  indicator: string;
  thresholdValue: string;
  thresholdUnit: string;
  trigger: string;
  response: string;
  evidenceLinks?: string[];
}

/** The typed parts of a red line as a definition list (indicator, threshold, if-then commitment). */
export function VersionFacts(v: VersionFactsProps) {
  const { t } = useTranslation();
  return (
    <dl className="facts">
      <dt>{t("proposal.statement")}</dt>
      <dd>{v.statement}</dd>
      {v.rationale !== undefined ? (
        <>
          <dt>{t("proposal.rationale")}</dt>
          <dd>{v.rationale}</dd>
        </>
      ) : null}
      <dt>{t("proposal.category")}</dt>
      <dd>{t(`taxonomy.${v.category}`)}</dd>
      <dt>{t("proposal.scope")}</dt>
      <dd>{t(`scopes.${v.scope}`)}</dd>
      <dt>{t("proposal.indicator")}</dt>
      <dd>{v.indicator}</dd>
      <dt>{t("proposal.threshold")}</dt>
      <dd>{t("proposal.thresholdValue", { value: v.thresholdValue, unit: v.thresholdUnit })}</dd>
      <dt>{t("proposal.trigger")}</dt>
      <dd>{v.trigger}</dd>
      <dt>{t("proposal.response")}</dt>
      <dd>{v.response}</dd>
      {v.evidenceLinks && v.evidenceLinks.length > 0 ? (
        <>
          <dt>{t("proposal.evidence")}</dt>
          <dd>
            <ul>
              {v.evidenceLinks.map((l) => (
                <li key={l}><a href={l} rel="noopener noreferrer nofollow">{l}</a></li>
              ))}
            </ul>
          </dd>
        </>
      ) : null}
    </dl>
  );
}
