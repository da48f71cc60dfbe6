import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { mostDebated } from "~/collab/comment-service.server";
import { requireMember } from "~/deliberation/access.server";
import { readValidForm } from "~/forms/parse.server";
import { refuseFields } from "~/refusal";
import { useRefusedForm } from "~/ui/use-refused-form";
import { AnalysisSchema, createAnalysis, listRoundAnalyses, loadAnalysis, thresholdsChangedSinceClose } from "~/results/analysis-service.server";
import { getRoundResults, requireVisibleRound } from "~/results/live-counts.server";
import { TextField } from "~/ui/fields";
import { buildConsensusView } from "~/results/consensus-view.server";
import { ConsensusBoard } from "~/ui/consensus-board";
import { MostDebated } from "~/ui/most-debated";
import { OpinionMap } from "~/ui/charts/opinion-map";
import { StatementCard } from "~/ui/statement-result";
import { TableWrap } from "~/ui/table-wrap";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => {
  const parent = matches.flatMap((m) => (m.id === "routes/d.$id" ? (m.meta ?? []) : []));
  return data?.consensus?.status === "computing" ? [...parent, { httpEquiv: "refresh", content: "3" }] : parent;
};

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const ctx = await requireMember(context.app, request, params.id);
  const url = new URL(request.url);
  const requested = url.searchParams.get("round");
  const n = requested && /^\d{1,4}$/.test(requested) ? Number(requested) : null;
  const { round, rounds, roundRefs, results } = await getRoundResults(ctx, n);
  const analysisId = url.searchParams.get("analysis");
  const closedRound = round?.phase === "closed" ? round : null;
  const analysis = closedRound && analysisId ? await loadAnalysis(context.app.db, closedRound.id, analysisId) : null;
  const consensus = round ? await buildConsensusView(ctx, round, roundRefs, url.searchParams.get("group"), analysis?.result) : null;
  return {
    analysis: analysis && { id: analysis.analysis.id, label: analysis.analysis.label, createdAt: analysis.analysis.createdAt },
    analyses: closedRound ? (await listRoundAnalyses(context.app.db, closedRound.id)).map((a) => ({ id: a.id, label: a.label, createdAt: a.createdAt })) : [],
    thresholdsChanged: closedRound && ctx.membership.role === "facilitator" ? await thresholdsChangedSinceClose(ctx, closedRound.id) : false,
    id: ctx.deliberation.id,
    round,
    rounds,
    isFacilitator: ctx.membership.role === "facilitator",
    consensus,
    mostDebated: await mostDebated(ctx),
    results,
  };
}

/** Facilitators add a labelled re-analysis of a closed round with the current thresholds. */
export async function action({ request, params, context }: ActionFunctionArgs) {
  const ctx = await requireMember(context.app, request, params.id, ["facilitator"]);
  const requested = new URL(request.url).searchParams.get("round");
  const { round } = await requireVisibleRound(ctx, requested && /^\d{1,4}$/.test(requested) ? Number(requested) : null);
  const input = await readValidForm(request, AnalysisSchema);
  if (!round) refuseFields({ label: [] }, { label: input.label });
  const created = await createAnalysis(ctx, round, input.label);
  return redirect(`/d/${ctx.deliberation.id}/results?round=${round.number}&analysis=${created.id}#analysis-banner`);
}

const pct = (x: number | null) => (x === null ? "—" : `${Math.round(x * 100)} %`);

export default function Results() {
  const { t, i18n } = useTranslation();
  const d = useLoaderData<typeof loader>();
  const refused = useRefusedForm();
  const busy = useNavigation().state === "submitting";
  if (!d.round || !d.results) {
    return (
      <>
        <section className="card" aria-labelledby="results-title">
          <h2 id="results-title">{t("results.title")}</h2>
          <p>{d.isFacilitator ? t("results.noneYetFacilitator") : t("results.noneYet")}</p>
        </section>
        <MostDebated deliberationId={d.id} rows={d.mostDebated} />
      </>
    );
  }
  const r = d.results;
  const round = d.round;
  const c = d.consensus?.status === "ready" ? d.consensus : null;
  const time = (iso: string) => new Date(iso).toLocaleString(i18n.language, { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" }) + " UTC";
  return (
    <section aria-labelledby="results-title">
      <h2 id="results-title">{t("results.titleRound", { number: d.round.number })}</h2>
      {d.round.phase === "voting" ? <p className="notice warn">{t("results.live")}</p> : null}
      {d.analysis ? (
        <p className="notice warn" id="analysis-banner" role="note" data-testid="analysis-banner">
          {t("analysis.banner", { label: d.analysis.label, date: d.analysis.createdAt.slice(0, 10), number: d.round.number })}{" "}
          <Link to={`?round=${d.round.number}`}>{t("analysis.backToOfficial")}</Link>
        </p>
      ) : d.round.phase === "closed" && d.round.closedAt ? (
        <p className="notice" data-testid="frozen-note">{t("analysis.frozen", { number: d.round.number, date: d.round.closedAt.slice(0, 10) })}</p>
      ) : null}
      {d.rounds.length > 1 ? (
        <nav aria-label={t("results.rounds")} className="row">
          {d.rounds.map((n) => (
            <Link key={n} to={`?round=${n}`} aria-current={n === round.number ? "page" : undefined}>{t("results.roundLink", { number: n })}</Link>
          ))}
        </nav>
      ) : null}
      <div className="card">
        <p className="progress" data-testid="turnout">{t("results.turnout", { voted: r.voters, total: r.eligible })}</p>
        <TableWrap labelledBy="turnout-caption">
          <table>
            <caption id="turnout-caption" className="muted">{t("results.turnoutByGroup")}</caption>
            <thead><tr><th scope="col">{t("results.group")}</th><th scope="col">{t("results.voted")}</th><th scope="col">{t("results.turnoutRate")}</th></tr></thead>
            <tbody>
              {r.turnout.map((g) => (
                <tr key={g.groupId ?? "none"}><th scope="row">{g.name ?? t("results.noGroup")}</th><td>{t("results.ofN", { n: g.voted, total: g.eligible })}</td><td>{pct(g.turnout)}</td></tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      </div>

      {d.consensus?.status === "computing" ? <p className="notice" role="status">{t("consensus.computing")}</p> : null}
      {c ? (
        <>
          <section aria-labelledby="board-title">
            <h2 id="board-title">{t("consensus.board")}</h2>
            <p className="muted">
              {t("consensus.boardIntro")} {t("consensus.computedAt", { time: time(c.computedAt), voters: c.voters })}
            </p>
            {c.stale ? <p className="notice" role="status">{t("consensus.stale", { time: time(c.computedAt) })}</p> : null}
            {c.comparedByOpinion ? <p className="notice">{t("consensus.comparedByOpinion")}</p> : null}
            <ConsensusBoard statements={c.board} deliberationId={d.id} />
            <details className="card" data-testid="thresholds">
              <summary>{t("consensus.thresholdsTitle")}</summary>
              <p>
                {t("consensus.thresholdsList", {
                  groupRate: pct(c.thresholds.agreementGroupRate),
                  lowerBound: pct(c.thresholds.agreementLowerBound),
                  overall: pct(c.thresholds.agreementOverall),
                  spread: Math.round(c.thresholds.disagreementSpread * 100),
                  passRate: pct(c.thresholds.uncertaintyPassRate),
                  confidence: c.thresholds.uncertaintyConfidence,
                  width: Math.round(c.thresholds.uncertaintyIntervalWidth * 100),
                  minVotes: c.thresholds.minVotes,
                  minGroup: c.thresholds.minGroupSize,
                })}
              </p>
              {d.isFacilitator ? <p><Link to={`/d/${d.id}/settings#thresholds`}>{t("consensus.editThresholds")}</Link></p> : null}
            </details>
          </section>

          <section aria-labelledby="map-title" className="card">
            <h2 id="map-title">{t("consensus.map")}</h2>
            <p className="muted">{t("consensus.mapIntro")}</p>
            {c.map.points.length === 0 ? (
              <p>{t("consensus.mapNone")}</p>
            ) : (
              <>
                {c.filterGroups.length > 0 ? (
                  <Form method="get" action={`/d/${d.id}/results#map-title`} preventScrollReset className="row">
                    <input type="hidden" name="round" value={d.round.number} />
                    <label htmlFor="map-group" style={{ margin: 0 }}>{t("consensus.mapFilter")}</label>
                    <select id="map-group" name="group" defaultValue={c.map.filter ?? ""} style={{ width: "auto" }}>
                      <option value="">{t("consensus.mapAll")}</option>
                      {c.filterGroups.map((g) => (
                        <option key={g.id} value={g.id}>{g.name}</option>
                      ))}
                    </select>
                    <button type="submit" className="secondary">{t("consensus.mapShow")}</button>
                  </Form>
                ) : null}
                <OpinionMap points={c.map.points} groupLabels={c.map.labels} description={c.map.description} />
              </>
            )}
          </section>

          <section aria-labelledby="rep-title">
            <h2 id="rep-title">{t("consensus.representative")}</h2>
            <p className="muted">{t("consensus.representativeIntro")}</p>
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
                          <span className="muted">{t(s.direction === "agree" ? "consensus.repAgree" : "consensus.repDisagree", { rate: pct(s.probability), ratio: s.ratio.toFixed(1) })}</span>
                        </li>
                      ))}
                    </ul>
                  )}
                </section>
              ))}
            </div>
          </section>
        </>
      ) : null}

      <p className="muted">
        {t("consensus.export")}{" "}
        {["comments.csv", "votes.csv", "participants-votes.csv"].map((f, i) => (
          <span key={f}>
            {i > 0 ? " · " : ""}
            <a href={`/d/${d.id}/export?round=${round.number}&file=${f}`} download>{f}</a>
          </span>
        ))}
      </p>

      <MostDebated deliberationId={d.id} rows={d.mostDebated} />

      {d.round.phase === "closed" && (d.isFacilitator || d.analyses.length > 0) ? (
        <section className="card" aria-labelledby="analyses-title" data-testid="analyses">
          <h2 id="analyses-title">{t("analysis.title")}</h2>
          <p className="muted">{t("analysis.intro")}</p>
          {d.thresholdsChanged ? <p className="notice">{t("analysis.thresholdsChanged")}</p> : null}
          <ul>
            <li>{d.analysis ? <Link to={`?round=${d.round.number}`}>{t("analysis.official", { number: d.round.number })}</Link> : <strong>{t("analysis.official", { number: d.round.number })}</strong>}</li>
            {d.analyses.map((a) => (
              <li key={a.id}>
                {d.analysis?.id === a.id ? <strong>{t("analysis.item", { label: a.label, date: a.createdAt.slice(0, 10) })}</strong> : <Link to={`?round=${round.number}&analysis=${a.id}`}>{t("analysis.item", { label: a.label, date: a.createdAt.slice(0, 10) })}</Link>}
              </li>
            ))}
          </ul>
          {d.isFacilitator ? (
            <Form method="post" action={`?round=${d.round.number}`} noValidate>
              <TextField name="label" label={t("analysis.label")} hint={t("analysis.labelHint")} defaultValue={typeof refused?.values.label === "string" ? refused.values.label : ""} errors={refused?.errors.label} />
              <button type="submit" className="secondary" disabled={busy}>{t("analysis.create")}</button>
            </Form>
          ) : null}
        </section>
      ) : null}

      <h2>{t("consensus.details")}</h2>
      {r.statements.length === 0 ? <p className="card">{t("results.emptyBallot")}</p> : null}
      {r.statements.map((s) => (
        <StatementCard
          key={s.statementId}
          deliberationId={d.id}
          statementId={s.statementId}
          proposalId={s.proposalId}
          title={s.title}
          overall={s.overall}
          byGroup={s.byGroup}
          consensus={c?.byVersion[s.statementId] ?? null}
          agreementThreshold={c?.thresholds.agreementGroupRate ?? 0.6}
          minGroupSize={c?.minGroupSize}
        />
      ))}
    </section>
  );
}
