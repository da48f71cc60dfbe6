import { useTranslation } from "react-i18next";
import { useIsolate } from "./bidi";
import { triggerAfterIf } from "~/deliberation/if-then";
import { dynamicKey } from "~/i18n/i18n";

export interface BallotCardFactsProps {
  statement: string;
  category: string;
  scope: string;
  indicator: string;
  thresholdValue: string;
  thresholdUnit: string;
  trigger: string;
  response: string;
}

/**
 * A red line as a ballot card shows it on one phone screen: the statement, then indicator,
 * threshold and if-then in one compact block; category and scope folded away.
 */
export function BallotCardFacts(v: BallotCardFactsProps) {
  const { t } = useTranslation();
  const isolate = useIsolate();
  return (
    <>
      <p className="ballot-statement" dir="auto">{v.statement}</p>
      <dl className="ballot-facts" aria-label={t("ballot.keyFacts")}>
        <div>
          <dt>{t("proposal.indicator")}</dt>
          <dd dir="auto">{v.indicator}</dd>
        </div>
        <div>
          <dt>{t("proposal.threshold")}</dt>
          <dd dir="auto">{t("proposal.thresholdValue", { value: v.thresholdValue, unit: v.thresholdUnit })}</dd>
        </div>
        <div>
          <dt>{t("ballot.ifThenLabel")}</dt>
          <dd>{t("ballot.ifThen", { trigger: isolate(triggerAfterIf(v.trigger)), response: isolate(v.response) })}</dd>
        </div>
      </dl>
      <details className="ballot-details">
        <summary>{t("ballot.moreDetails")}</summary>
        <dl className="facts">
          <dt>{t("proposal.category")}</dt>
          <dd>{t(dynamicKey(`taxonomy.${v.category}`))}</dd>
          <dt>{t("proposal.scope")}</dt>
          <dd>{t(dynamicKey(`scopes.${v.scope}`))}</dd>
        </dl>
      </details>
    </>
  );
}
