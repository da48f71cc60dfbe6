import type { TFunction } from "i18next";
import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { Reason } from "~/consensus/codify";
import { useFormat, type Formatters } from "~/i18n/format";
import type { Movement } from "~/consensus/movement";
import type { Classification } from "~/consensus/types";
import { GroupBars, type BarRow } from "./charts/group-bars";
import type { ReasonBreakdown } from "~/results/disagreement-reasons";
import { DisagreementReasons } from "./disagreement-reasons";
import { ReasonText } from "./reason-text";
import { robustnessSentence, type StatementRobustnessResult } from "~/results/robustness-sentence";
import { plainSentence } from "./results-headline";
import { Term } from "./term";
import { TableWrap } from "./table-wrap";
import { VoteBar } from "./vote-bar";

export interface StatementCardProps {
  deliberationId: string;
  statementId: string;
  proposalId: string;
  title: string;
  overall: { agree: number; disagree: number; pass: number; total: number; agreeRate: number | null };
  byGroup: { groupId: string | null; name: string | null; counts: { agree: number; disagree: number; pass: number; agreeRate: number | null } }[];
  consensus: {
    classification: Classification;
    reason: Reason;
    sides: { for: string[]; against: string[] } | null;
    bars: BarRow[];
    regionBars: BarRow[];
    bridging: { name: string; rate: number } | null;
    balanced: number | null;
    /** the geometric-mean consensus score (null in results computed before it existed) */
    score: number | null;
    movement: Movement[];
    reasons?: ReasonBreakdown | null;
    /** absent in results computed before the robustness checks */
    robustness?: StatementRobustnessResult | null;
    mf?: { intercept: number; low: number | null; high: number | null } | null;
    bridgingDisagreement?: "mf_only" | "declared_only" | null;
  } | null;
  agreementThreshold: number;
  /** plain: the statistics folded; full: unfolded */
  view: "plain" | "full";
  minGroupSize?: number;
}

function signed(t: TFunction, f: Formatters, x: number | null) {
  if (x === null) return "—";
  const n = Math.round(Math.abs(x) * 100);
  return n === 0 ? t("consensus.same") : x > 0 ? t("consensus.up", { n: f.number(n) }) : t("consensus.down", { n: f.number(n) });
}

/**
 * One red line's results: in plain words first (class, who is on which side, agree rate), then
 * the statistics in one collapsible section, each term explained where it appears.
 */
export function StatementCard(p: StatementCardProps) {
  const { t } = useTranslation();
  const f = useFormat();
  const pct = f.percent;
  const c = p.consensus;
  return (
    <article className="card statement" id={`st-${p.statementId}`} aria-labelledby={`st-title-${p.statementId}`}>
      <h3 id={`st-title-${p.statementId}`}><Link to={`/d/${p.deliberationId}/proposals/${p.proposalId}`}>{p.title}</Link></h3>
      {c ? (
        <p data-testid="plain-sentence">
          <span className={`badge ${c.classification}`}>{t(`consensus.classificationShort.${c.classification}`)}</span> {plainSentence(c, t, f)}
        </p>
      ) : null}
      <p className="row">
        <strong data-testid="agree-rate">{t("results.agreeRate", { rate: pct(p.overall.agreeRate) })}</strong>
        <span className="muted">{t("results.counts", { agree: p.overall.agree, disagree: p.overall.disagree, pass: p.overall.pass, count: p.overall.total })}</span>
      </p>
      <VoteBar agree={p.overall.agree} disagree={p.overall.disagree} pass={p.overall.pass} />
      <details className="statement-stats" open={p.view === "full"} data-testid="statement-stats">
        <summary>{t("resultsPlain.statsOfStatement")}</summary>
        {c ? <p data-testid="reason"><ReasonText reason={c.reason} /></p> : null}
        {c?.robustness ? (
          <div className="with-term" data-testid="robustness">
            <p className={c.robustness.robust ? undefined : "notice"}>
              <strong>{t("consensus.robustness.title")}:</strong> {robustnessSentence(c.robustness, c.classification, t, f)}
            </p>
            <Term term="robustness" />
          </div>
        ) : null}
        {c && c.bars.length > 0 ? (
          <div className="with-term">
            <GroupBars rows={c.bars} title={t("consensus.chartTitle")} threshold={p.agreementThreshold} />
            <Term term="interval" />
          </div>
        ) : null}
        {c ? (
          <ul className="muted stats-list">
            {c.bridging ? <li>{t("consensus.bridging", { group: c.bridging.name, rate: pct(c.bridging.rate) })} <Term term="bridging" /></li> : null}
            {c.balanced !== null ? <li>{t("consensus.balanced", { rate: pct(c.balanced) })} <Term term="balanced" /></li> : null}
            {c.mf ? (
              <li data-testid="mf-bridging">
                {t("consensus.robustness.mf", { value: f.number(c.mf.intercept, 2), low: f.number(c.mf.low ?? c.mf.intercept, 2), high: f.number(c.mf.high ?? c.mf.intercept, 2) })} <Term term="mf" />
                {c.bridgingDisagreement ? <><br />{t(c.bridgingDisagreement === "mf_only" ? "consensus.robustness.mfDisagrees_mfHigher" : "consensus.robustness.mfDisagrees_groupsHigher")}</> : null}
              </li>
            ) : c.mf === null ? <li>{t("consensus.robustness.mfNone")}</li> : null}
            {c.score !== null ? <li data-testid="consensus-score">{t("consensus.score", { value: f.number(c.score, 2) })} <Term term="score" /></li> : null}
            {c.movement.map((m) => (
              <li key={`${m.from}-${m.to}`} data-testid="movement">
                {t("consensus.movement", { from: m.from, agree: signed(t, f, m.agreeChange), spread: signed(t, f, m.spreadChange) })}
                {m.verdict === null ? "" : ` (${t(`resultsPlain.movement.${m.verdict}`)})`} <Term term="spread" />
              </li>
            ))}
          </ul>
        ) : null}
        <TableWrap labelledBy={`by-group-${p.statementId}`}>
          <table className="by-group">
            <caption id={`by-group-${p.statementId}`} className="muted">{t("results.byGroup")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("results.group")}</th>
                <th scope="col">{t("results.agreeCol")}</th>
                <th scope="col">{t("vote.choice.agree")}</th>
                <th scope="col">{t("vote.choice.disagree")}</th>
                <th scope="col">{t("vote.choice.pass")}</th>
                <th scope="col" className="bar-col"><span className="sr-only">{t("results.bar")}</span></th>
              </tr>
            </thead>
            <tbody>
              {p.byGroup.map((g) => (
                <tr key={g.groupId ?? "none"}>
                  <th scope="row">{g.name ?? t("results.noGroup")}</th>
                  <td>{pct(g.counts.agreeRate)}</td>
                  <td>{g.counts.agree}</td>
                  <td>{g.counts.disagree}</td>
                  <td>{g.counts.pass}</td>
                  <td className="bar-col"><VoteBar agree={g.counts.agree} disagree={g.counts.disagree} pass={g.counts.pass} /></td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
        {c && c.regionBars.some((r) => r.rate !== null) ? (
          <details>
            <summary>{t("consensus.regionsTitle")}</summary>
            <GroupBars rows={c.regionBars} title={t("consensus.regionsTitle")} />
          </details>
        ) : null}
      </details>
      {c?.reasons ? <DisagreementReasons id={p.statementId} reasons={c.reasons} sides={c.sides ?? null} k={p.minGroupSize ?? 0} /> : null}
    </article>
  );
}
