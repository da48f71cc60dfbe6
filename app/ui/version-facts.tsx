import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { dynamicKey } from "~/i18n/i18n";

export interface VersionFactsProps {
  statement: string;
  rationale?: string;
  category: string;
  /** the deliberation's name for the category (the seed taxonomy's when absent) */
  categoryLabel?: string;
  categoryRetired?: boolean;
  scope: string;
  indicator: string;
  thresholdValue: string;
  thresholdUnit: string;
  trigger: string;
  response: string;
  evidenceLinks?: string[];
}

/** The typed parts of a red line as a definition list (indicator, threshold, if-then commitment); a part left out reads "Not specified". */
export function VersionFacts(v: VersionFactsProps) {
  const { t } = useTranslation();
  const notSpecified = <span className="muted">{t("proposing.notSpecified")}</span>;
  const or = (text: string | undefined): ReactNode => (text?.trim() ? text : notSpecified);
  const categoryName = v.categoryLabel ?? t(`taxonomy.${v.category}`, { defaultValue: v.category });
  const threshold = [v.thresholdValue, v.thresholdUnit].filter((x) => x.trim()).join(" ");
  return (
    <dl className="facts">
      <dt>{t("proposal.statement")}</dt>
      <dd dir="auto">{v.statement}</dd>
      {v.rationale !== undefined ? (
        <>
          <dt>{t("proposal.rationale")}</dt>
          <dd dir="auto">{or(v.rationale)}</dd>
        </>
      ) : null}
      <dt>{t("proposal.category")}</dt>
      <dd>{v.category ? (v.categoryRetired ? t("proposing.retired", { label: categoryName }) : categoryName) : notSpecified}</dd>
      <dt>{t("proposal.scope")}</dt>
      <dd>{v.scope ? t(dynamicKey(`scopes.${v.scope}`)) : notSpecified}</dd>
      <dt>{t("proposal.indicator")}</dt>
      <dd dir="auto">{or(v.indicator)}</dd>
      <dt>{t("proposal.threshold")}</dt>
      <dd dir="auto">{or(threshold)}</dd>
      <dt>{t("proposal.trigger")}</dt>
      <dd dir="auto">{or(v.trigger)}</dd>
      <dt>{t("proposal.response")}</dt>
      <dd dir="auto">{or(v.response)}</dd>
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
