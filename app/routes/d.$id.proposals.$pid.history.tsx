import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { useFormat } from "~/i18n/format";
import { noBreak } from "~/ui/no-break";
import { requireMember } from "~/deliberation/access.server";
import { getProposalHistory, type HistoryRound } from "~/continuity/continuity-service.server";
import { t } from "~/i18n/i18n";

export const meta: MetaFunction = () => [{ title: `${t("continuity.history.link")} · Accord` }];

/** Any member of this deliberation; earlier deliberations' results follow decision 049. */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const ctx = await requireMember(context.app, request, params.id);
  return { id: ctx.deliberation.id, history: await getProposalHistory(ctx, params.pid ?? "") };
}

function RoundLine({ r }: { r: HistoryRound }) {
  const { t } = useTranslation();
  const f = useFormat();
  const base = { round: r.number, version: r.versionNumber };
  if (!r.result) {
    const key = r.hidden === "notYet" ? "hiddenNotYet" : r.hidden === "computing" ? "hiddenComputing" : "hiddenUnpublished";
    return <li className="muted">{t(`continuity.history.${key}`, base)}</li>;
  }
  const rate = r.result.agreeRate === null ? t("continuity.history.noRate") : noBreak(f.percent(r.result.agreeRate));
  return (
    <li>
      {t("continuity.history.roundResult", { ...base, rate, agree: r.result.agree, disagree: r.result.disagree, pass: r.result.pass, classification: t(`consensus.classificationShort.${r.result.classification}`) })}
    </li>
  );
}

export default function ProposalHistoryPage() {
  const { t } = useTranslation();
  const { id, history } = useLoaderData<typeof loader>();
  return (
    <article aria-labelledby="lineage-title" className="lineage">
      <p><Link to={`/d/${id}/proposals/${history.proposalId}`}>{t("continuity.history.back")}</Link></p>
      <h2 id="lineage-title">{t("continuity.history.title", { title: history.title })}</h2>
      <p className="muted">{t("continuity.history.intro")}</p>
      <ol className="lineage-stages">
        {history.stages.map((s, i) => (
          <li key={i} className="card" data-testid="lineage-stage">
            <h3>{s.current ? t("continuity.history.thisDeliberation", { title: s.deliberationTitle }) : t("continuity.history.inDeliberation", { title: s.deliberationTitle })}</h3>
            <h4>{t("continuity.history.versions")}</h4>
            <ul>
              {s.versions.map((v) => (
                <li key={`${v.number}-${v.roundNumber}`}>
                  <strong>{t("continuity.history.version", { number: v.number, round: v.roundNumber })}</strong>
                  {v.changed ? (
                    <>
                      {": "}
                      <span>{v.title}</span> — <span>{v.statement}</span>
                    </>
                  ) : (
                    <span className="muted"> · {t("continuity.history.unchanged")}</span>
                  )}
                </li>
              ))}
            </ul>
            <h4>{t("continuity.history.rounds")}</h4>
            {s.rounds.length === 0 ? (
              <p className="muted">{t("continuity.history.noRounds")}</p>
            ) : (
              <ul>
                {s.rounds.map((r) => (
                  <RoundLine key={`${r.number}-${r.versionNumber}`} r={r} />
                ))}
              </ul>
            )}
            {s.report ? (
              <p>
                <Link to={s.report.href}>{t("continuity.history.report", { version: s.report.version })}</Link>
              </p>
            ) : null}
            {s.continuedFromRound !== null ? <p className="muted">{t("continuity.history.continuedFrom", { round: s.continuedFromRound })}</p> : null}
          </li>
        ))}
      </ol>
    </article>
  );
}
