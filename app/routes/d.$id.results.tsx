import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireMember } from "~/deliberation/access.server";
import { getRoundResults } from "~/deliberation/results-service.server";
import { TableWrap } from "~/ui/table-wrap";
import { VoteBar } from "~/ui/vote-bar";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireMember(request, params.id);
  const requested = new URL(request.url).searchParams.get("round");
  const n = requested && /^\d{1,4}$/.test(requested) ? Number(requested) : null;
  const { round, rounds, results } = await getRoundResults(ctx, n);
  const groupName = new Map(ctx.deliberation.groups.map((g) => [g.id, g.name]));
  return {
    id: ctx.deliberation.id,
    round,
    rounds,
    isFacilitator: ctx.membership.role === "facilitator",
    results: results && {
      voters: results.voters,
      eligible: results.eligible,
      turnout: results.turnout.map((g) => ({ ...g, name: g.groupId ? groupName.get(g.groupId) ?? "" : null })),
      statements: results.statements.map((s) => ({
        ...s,
        byGroup: s.byGroup.map((g) => ({ ...g, name: g.groupId ? groupName.get(g.groupId) ?? "" : null })),
      })),
    },
  };
}

const pct = (x: number | null) => (x === null ? "—" : `${Math.round(x * 100)} %`);

export default function Results() {
  const { t } = useTranslation();
  const d = useLoaderData<typeof loader>();
  if (!d.round || !d.results) {
    return (
      <section className="card" aria-labelledby="results-title">
        <h2 id="results-title">{t("results.title")}</h2>
        <p>{d.isFacilitator ? t("results.noneYetFacilitator") : t("results.noneYet")}</p>
      </section>
    );
  }
  const r = d.results;
  return (
    <section aria-labelledby="results-title">
      <h2 id="results-title">{t("results.titleRound", { number: d.round.number })}</h2>
      {d.round.phase === "voting" ? <p className="notice warn">{t("results.live")}</p> : null}
      {d.rounds.length > 1 ? (
        <nav aria-label={t("results.rounds")} className="row">
          {d.rounds.map((n) => (
            <Link key={n} to={`?round=${n}`} aria-current={n === d.round!.number ? "page" : undefined}>{t("results.roundLink", { number: n })}</Link>
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
      {r.statements.length === 0 ? <p className="card">{t("results.emptyBallot")}</p> : null}
      {r.statements.map((s) => (
        <article key={s.statementId} className="card" aria-labelledby={`st-${s.statementId}`}>
          <h3 id={`st-${s.statementId}`}><Link to={`/d/${d.id}/proposals/${s.proposalId}`}>{s.title}</Link></h3>
          <p className="row">
            <strong data-testid="agree-rate">{t("results.agreeRate", { rate: pct(s.overall.agreeRate) })}</strong>
            <span className="muted">{t("results.counts", { agree: s.overall.agree, disagree: s.overall.disagree, pass: s.overall.pass, count: s.overall.total })}</span>
          </p>
          <VoteBar agree={s.overall.agree} disagree={s.overall.disagree} pass={s.overall.pass} />
          <TableWrap labelledBy={`by-group-${s.statementId}`}>
            <table>
              <caption id={`by-group-${s.statementId}`} className="muted">{t("results.byGroup")}</caption>
              <thead>
                <tr>
                  <th scope="col">{t("results.group")}</th>
                  <th scope="col">{t("results.agreeCol")}</th>
                  <th scope="col">{t("vote.choice.agree")}</th>
                  <th scope="col">{t("vote.choice.disagree")}</th>
                  <th scope="col">{t("vote.choice.pass")}</th>
                  <th scope="col"><span className="sr-only">{t("results.bar")}</span></th>
                </tr>
              </thead>
              <tbody>
                {s.byGroup.map((g) => (
                  <tr key={g.groupId ?? "none"}>
                    <th scope="row">{g.name ?? t("results.noGroup")}</th>
                    <td>{pct(g.counts.agreeRate)}</td>
                    <td>{g.counts.agree}</td>
                    <td>{g.counts.disagree}</td>
                    <td>{g.counts.pass}</td>
                    <td><VoteBar agree={g.counts.agree} disagree={g.counts.disagree} pass={g.counts.pass} /></td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
        </article>
      ))}
    </section>
  );
}
