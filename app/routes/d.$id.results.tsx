import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { useFormat } from "~/i18n/format";
import { mostDebated } from "~/collab/comment-service.server";
import { requireMember } from "~/deliberation/access.server";
import { readValidForm } from "~/forms/parse.server";
import { refuseFields } from "~/refusal";
import { useRefusedForm } from "~/ui/use-refused-form";
import { AnalysisSchema, createAnalysis, listRoundAnalyses, loadAnalysis, thresholdsChangedSinceClose } from "~/results/analysis-service.server";
import { getRoundResults, requireVisibleRound } from "~/results/live-counts.server";
import { TextField } from "~/ui/fields";
import { buildConsensusView } from "~/results/consensus-view.server";
import { resultsView } from "~/results/results-view";
import { ResultsHeadline } from "~/ui/results-headline";
import { RoundStatistics } from "~/ui/round-statistics";
import { MostDebated } from "~/ui/most-debated";
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
    isParticipant: ctx.membership.role === "participant",
    view: resultsView(ctx.membership.role, url.searchParams.get("view")),
    defaultView: resultsView(ctx.membership.role, null),
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

export default function Results() {
  const { t } = useTranslation();
  const f = useFormat();
  const pct = f.percent;
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
  const full = d.view === "full";
  // the view chosen stays on round links; the role's default needs no parameter
  const keep = d.view === d.defaultView ? "" : `&view=${d.view}`;
  const time = (iso: string) => f.utcDateTime(iso);
  const turnoutTable = (
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
  );
  const statistics = c ? <RoundStatistics c={c} deliberationId={d.id} roundNumber={round.number} isFacilitator={d.isFacilitator} time={time} /> : null;
  return (
    <section aria-labelledby="results-title" className="results" data-view={d.view}>
      <h2 id="results-title">{t("results.titleRound", { number: d.round.number })}</h2>
      {c ? <ResultsHeadline clauses={c.headline} robustness={c.robustness} unstableMap={c.stability ? !c.stability.stable : false} /> : <p className="muted">{t("resultsPlain.computing")}</p>}
      <p className="row view-switch" data-testid="view-switch">
        <span className="muted">{t(full ? "resultsPlain.view.fullNote" : "resultsPlain.view.plainNote")}</span>
        <Link to={`?round=${round.number}${d.analysis ? `&analysis=${d.analysis.id}` : ""}&view=${full ? "plain" : "full"}`}>{t(full ? "resultsPlain.view.toPlain" : "resultsPlain.view.toFull")}</Link>
        {d.isParticipant ? <Link to={`/d/${d.id}/mine`}>{t("resultsPlain.myProposalsLink")}</Link> : null}
      </p>
      {d.round.phase === "voting" ? <p className="notice warn">{t("results.live")}</p> : null}
      {d.analysis ? (
        <p className="notice warn" id="analysis-banner" role="note" data-testid="analysis-banner">
          {t("analysis.banner", { label: d.analysis.label, date: f.date(d.analysis.createdAt), number: d.round.number })}{" "}
          <Link to={`?round=${d.round.number}${keep}`}>{t("analysis.backToOfficial")}</Link>
        </p>
      ) : d.round.phase === "closed" && d.round.closedAt ? (
        <p className="notice" data-testid="frozen-note">{t("analysis.frozen", { number: d.round.number, date: f.date(d.round.closedAt) })}</p>
      ) : null}
      {d.rounds.length > 1 ? (
        <nav aria-label={t("results.rounds")} className="row">
          {d.rounds.map((n) => (
            <Link key={n} to={`?round=${n}${keep}`} aria-current={n === round.number ? "page" : undefined}>{t("results.roundLink", { number: n })}</Link>
          ))}
        </nav>
      ) : null}
      {r.statements.length > 0 ? (
        <nav aria-labelledby="toc-title" className="card toc">
          <h3 id="toc-title">{t("resultsPlain.toc")}</h3>
          <ol>
            {r.statements.map((s) => {
              const cls = c?.byVersion[s.statementId]?.classification;
              return (
                <li key={s.statementId}>
                  <a href={`#st-${s.statementId}`}>{s.title}</a>
                  {cls ? <> <span className={`badge ${cls}`}>{t(`consensus.classificationShort.${cls}`)}</span></> : null}
                </li>
              );
            })}
          </ol>
        </nav>
      ) : null}
      <div className="card">
        <p className="progress" data-testid="turnout">{t("results.turnout", { voted: r.voters, total: r.eligible })}</p>
        {full ? turnoutTable : (
          <details>
            <summary>{t("resultsPlain.turnoutDetails")}</summary>
            {turnoutTable}
          </details>
        )}
      </div>

      {d.consensus?.status === "computing" ? <p className="notice" role="status">{t("consensus.computing")}</p> : null}
      {statistics && full ? statistics : null}
      {statistics && !full ? (
        <details className="card all-stats" data-testid="all-stats">
          <summary>{t("resultsPlain.allStats")}</summary>
          {statistics}
        </details>
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
                {d.analysis?.id === a.id ? <strong>{t("analysis.item", { label: a.label, date: f.date(a.createdAt) })}</strong> : <Link to={`?round=${round.number}&analysis=${a.id}`}>{t("analysis.item", { label: a.label, date: f.date(a.createdAt) })}</Link>}
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
          view={d.view}
          minGroupSize={c?.minGroupSize}
        />
      ))}
    </section>
  );
}
