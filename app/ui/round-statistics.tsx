import { Form, Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { useFormat } from "~/i18n/format";
import type { ConsensusView } from "~/results/consensus-view.server";
import { OpinionMap } from "./charts/opinion-map";
import { ConsensusBoard } from "./consensus-board";
import { Term } from "./term";

/** The expert statistics of a round: the board, the thresholds, the opinion map and representative statements. */
export function RoundStatistics({ c, deliberationId, roundNumber, isFacilitator, time }: { c: ConsensusView; deliberationId: string; roundNumber: number; isFacilitator: boolean; time: (iso: string) => string }) {
  const { t } = useTranslation();
  const f = useFormat();
  const pct = f.percent;
  return (
    <>
    <section aria-labelledby="board-title">
      <h2 id="board-title">{t("consensus.board")}</h2>
      <p className="muted">
        {t("consensus.boardIntro")} {t("consensus.computedAt", { time: time(c.computedAt), voters: c.voters })}
      </p>
      {c.stale ? <p className="notice" role="status">{t("consensus.stale", { time: time(c.computedAt) })}</p> : null}
      {c.comparedByOpinion ? <p className="notice">{t("consensus.comparedByOpinion")}</p> : null}
      <ConsensusBoard statements={c.board} deliberationId={deliberationId} />
      <details className="card" data-testid="thresholds">
        <summary>{t("consensus.thresholdsTitle")}</summary>
        <p>
          {t("consensus.thresholdsList", {
            groupRate: pct(c.thresholds.agreementGroupRate),
            lowerBound: pct(c.thresholds.agreementLowerBound),
            overall: pct(c.thresholds.agreementOverall),
            spread: f.number(Math.round(c.thresholds.disagreementSpread * 100)),
            passRate: pct(c.thresholds.uncertaintyPassRate),
            confidence: f.number(c.thresholds.uncertaintyConfidence),
            width: f.number(Math.round(c.thresholds.uncertaintyIntervalWidth * 100)),
            minVotes: c.thresholds.minVotes,
            minGroup: c.thresholds.minGroupSize,
          })}
        </p>
        {isFacilitator ? <p><Link to={`/d/${deliberationId}/settings#thresholds`}>{t("consensus.editThresholds")}</Link></p> : null}
      </details>
    </section>

    <section aria-labelledby="map-title" className="card">
      <h2 id="map-title">{t("consensus.map")}</h2>
      <div className="with-term"><p className="muted">{t("consensus.mapIntro")}</p><Term term="opinionMap" /></div>
      {c.map.points.length === 0 ? (
        <p>{t("consensus.mapNone")}</p>
      ) : (
        <>
          {c.filterGroups.length > 0 ? (
            <Form method="get" action={`/d/${deliberationId}/results#map-title`} preventScrollReset className="row">
              <input type="hidden" name="round" value={roundNumber} />
              <label htmlFor="map-group" style={{ margin: 0 }}>{t("consensus.mapFilter")}</label>
              <select id="map-group" name="group" defaultValue={c.map.filter ?? ""} style={{ inlineSize: "auto" }}>
                <option value="">{t("consensus.mapAll")}</option>
                {c.filterGroups.map((g) => (
                  <option key={g.id} value={g.id}>{g.name}</option>
                ))}
              </select>
              <button type="submit" className="secondary">{t("consensus.mapShow")}</button>
            </Form>
          ) : null}
          <OpinionMap points={c.map.points} groupLabels={c.map.labels} description={c.map.description} />
          {c.stability ? (
            <div className="with-term" data-testid="map-stability">
              <div>
                <h3>{t("consensus.stability.title")}</h3>
                <p className={c.stability.stable ? undefined : "notice"}>
                  {c.stability.stable
                    ? t("consensus.stability.stable", { resamples: c.stability.resamples, ari: f.number(c.stability.ari, 2), k: c.stability.k, kShare: pct(c.stability.kShare) })
                    : t("consensus.stability.unstable", { resamples: c.stability.resamples, ari: f.number(c.stability.ari, 2) })}
                </p>
                {c.stability.held ? <p data-testid="held-k">{t("consensus.stability.held", c.stability.held)}</p> : null}
                {c.stability.groups.length > 0 ? (
                  <ul className="muted">
                    {c.stability.groups.map((g) => (
                      <li key={g.label}>{t("consensus.stability.group", { label: g.label, share: pct(g.share) })}</li>
                    ))}
                  </ul>
                ) : null}
              </div>
              <Term term="stability" />
            </div>
          ) : null}
        </>
      )}
    </section>

    <section aria-labelledby="rep-title">
      <h2 id="rep-title">{t("consensus.representative")}</h2>
      <div className="with-term"><p className="muted">{t("consensus.representativeIntro", { q: pct(c.fdrQ) })}</p><Term term="representative" /></div>
      <div className="board">
        {c.representative.map((g) => (
          <section key={g.label} aria-label={t("consensus.opinionGroup", { label: g.label })}>
            <h3>{t("consensus.opinionGroup", { label: g.label })}</h3>
            {g.tooSmall ? (
              <p className="muted">{t("consensus.repTooSmall", { k: c.minGroupSize })}</p>
            ) : g.statements.length === 0 ? (
              <p className="muted">{t("consensus.repNone")}</p>
            ) : (
              <ul>
                {g.statements.map((s) => (
                  <li key={s.title}>
                    {s.title}
                    <br />
                    <span className="muted">{t(s.direction === "agree" ? "consensus.repAgree" : "consensus.repDisagree", { rate: pct(s.probability), ratio: f.number(s.ratio, 1) })}</span>
                  </li>
                ))}
              </ul>
            )}
          </section>
        ))}
      </div>
    </section>

    {c.abnormal ? (
      <section aria-labelledby="abnormal-title" className="card" data-testid="abnormal-ballots">
        <h2 id="abnormal-title">{t("consensus.abnormal.title")}</h2>
        <p className="muted">{t("consensus.abnormal.intro")}</p>
        {c.abnormal.any === 0 ? (
          <p>{t("consensus.abnormal.none")}</p>
        ) : c.abnormal.fewerThanK ? (
          <p>{t("consensus.abnormal.fewerThanK", { k: c.minGroupSize })}</p>
        ) : (
          <>
            <p>{t("consensus.abnormal.counts", { agree: c.abnormal.agreeAll, disagree: c.abnormal.disagreeAll, judged: c.abnormal.judged })}</p>
            {c.abnormal.timing ? <p>{t("consensus.abnormal.fast", { fast: c.abnormal.tooFast, seconds: f.number(c.abnormal.fastSeconds) })}</p> : null}
            <p>
              {c.abnormal.changed ? t("consensus.abnormal.effect", { count: c.abnormal.changed }) : t("consensus.abnormal.effectNone")}
              {c.abnormal.largestChange !== null ? ` ${t("consensus.abnormal.largest", { points: f.number(Math.round(Math.abs(c.abnormal.largestChange) * 100)) })}` : ""}
            </p>
          </>
        )}
        {!c.abnormal.timing ? <p className="muted">{t("consensus.abnormal.noTiming")}</p> : null}
      </section>
    ) : null}

    {c.representative.length > 1 ? (
      <section aria-labelledby="shared-title" data-testid="consensus-statements">
        <h2 id="shared-title">{t("consensus.consensusStatements")}</h2>
        <p className="muted">{t("consensus.consensusStatementsIntro", { q: pct(c.fdrQ) })}</p>
        {c.consensusStatements.length === 0 ? (
          <p className="muted">{t("consensus.consensusNone")}</p>
        ) : (
          <ul>
            {c.consensusStatements.map((s) => (
              <li key={s.title}>
                {s.title}
                <br />
                <span className="muted">{t(s.direction === "agree" ? "consensus.consensusAgree" : "consensus.consensusDisagree", { rate: pct(s.probability) })}</span>
              </li>
            ))}
          </ul>
        )}
      </section>
    ) : null}
    </>
  );
}
