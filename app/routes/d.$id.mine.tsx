import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { useFormat } from "~/i18n/format";
import { requireMember } from "~/deliberation/access.server";
import { myProposalHistory, type HistoryEvent } from "~/results/proposal-history.server";
import { plainSentence } from "~/ui/results-headline";

/** "What happened to my proposals": only the signed-in member's own proposals, round by round. */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const ctx = await requireMember(context.app, request, params.id);
  return { id: ctx.deliberation.id, proposals: await myProposalHistory(ctx) };
}


function EventText({ e, deliberationId }: { e: HistoryEvent; deliberationId: string }) {
  const { t } = useTranslation();
  switch (e.kind) {
    case "withdrawn":
      return <>{e.reason ? t("mine.withdrawnReason", { reason: e.reason }) : t("mine.withdrawn")}</>;
    case "merged":
      return (
        <>
          {t("mine.mergedInto")} <Link to={`/d/${deliberationId}/proposals/${e.into.id}`}>{e.into.title}</Link>.{e.reason ? ` ${t("mine.mergedReason", { reason: e.reason })}` : ""}
        </>
      );
    default:
      return <>{t(`mine.${e.kind}`, { version: e.version })}</>;
  }
}

export default function MyProposals() {
  const { t } = useTranslation();
  const f = useFormat();
  const d = useLoaderData<typeof loader>();
  return (
    <section aria-labelledby="mine-title">
      <h2 id="mine-title">{t("mine.title")}</h2>
      <p className="muted">{t("mine.intro")}</p>
      {d.proposals.length === 0 ? <p className="card">{t("mine.none")}</p> : null}
      {d.proposals.map((p) => (
        <article key={p.id} className="card" aria-labelledby={`mine-${p.id}`} data-testid="my-proposal">
          <h3 id={`mine-${p.id}`}>
            <Link to={`/d/${d.id}/proposals/${p.id}`}>{p.title}</Link> <span className={`badge ${p.status}`}>{t(`status.${p.status}`)}</span>
          </h3>
          <ol className="history">
            {p.rounds.map((r) => (
              <li key={r.number} data-testid="history-round">
                <strong>{t("mine.round", { number: r.number })}</strong>
                <ul>
                  {r.events.map((e, i) => (
                    <li key={i} data-event={e.kind}><EventText e={e} deliberationId={d.id} /></li>
                  ))}
                  {r.outcome ? (
                    <li data-testid="outcome">
                      {r.outcome.status === "ready" ? (
                        <>
                          <span className={`badge ${r.outcome.classification}`}>{t(`consensus.classificationShort.${r.outcome.classification}`)}</span> {plainSentence(r.outcome, t, f)}{" "}
                          {t("mine.result", { rate: f.percent(r.outcome.agreeRate), count: r.outcome.votes })}{" "}
                          <Link to={`/d/${d.id}/results?round=${r.number}#st-${r.outcome.versionId}`}>{t("mine.seeResults")}</Link>
                        </>
                      ) : (
                        t(r.outcome.status === "pending" ? "mine.resultPending" : "mine.resultComputing")
                      )}
                    </li>
                  ) : null}
                </ul>
              </li>
            ))}
          </ol>
        </article>
      ))}
    </section>
  );
}
