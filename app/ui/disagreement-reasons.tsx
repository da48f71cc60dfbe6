import { useTranslation } from "react-i18next";
import { DISAGREE_REASONS } from "~/deliberation/disagree-reasons";
import { cruxReasonSentence, mainReason, type ReasonBreakdown } from "~/results/disagreement-reasons";
import { TableWrap } from "./table-wrap";

/** Why people disagreed or passed on one statement: the main reason, and (for a crux) per group. */
export function DisagreementReasons({ id, reasons, sides, k }: { id: string; reasons: ReasonBreakdown; sides: { for: string[]; against: string[] } | null; k: number }) {
  const { t } = useTranslation();
  if (reasons.given === 0) return null;
  const main = mainReason(reasons.overall);
  const crux = sides && sides.for.length > 0 && sides.against.length > 0;
  return (
    <section className="reasons-result" aria-labelledby={`why-${id}`} data-testid="disagreement-reasons">
      <h4 id={`why-${id}`}>{t("ballot.results.title")}</h4>
      {crux ? (
        <p data-testid="crux-reason">{cruxReasonSentence(reasons, sides, t)}</p>
      ) : null}
      <p>{main ? t("ballot.results.mainly", { reason: t(`ballot.reasonShort.${main}`), n: reasons.overall[main], total: reasons.given }) : null}</p>
      <TableWrap labelledBy={`why-table-${id}`}>
        <table>
          <caption id={`why-table-${id}`} className="muted">{t("ballot.results.byGroup")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("ballot.results.group")}</th>
              <th scope="col">{t("ballot.results.given")}</th>
              {DISAGREE_REASONS.map((r) => <th key={r} scope="col">{t(`ballot.reason.${r}`)}</th>)}
            </tr>
          </thead>
          <tbody>
            {reasons.groups.map((g) => (
              <tr key={g.name}>
                <th scope="row">{g.name}</th>
                <td>{g.given}</td>
                {DISAGREE_REASONS.map((r) => <td key={r}>{g.counts[r]}</td>)}
              </tr>
            ))}
          </tbody>
        </table>
      </TableWrap>
      <p className="muted">{t("ballot.results.hidden", { k })}</p>
    </section>
  );
}
