import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { isMemberVisitor } from "~/report/report-access.server";
import { listPublished } from "~/report/publication-service.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `${data.deliberation.title} · Reports · Accord` : "Accord" }];

/** The public index of a deliberation's published reports (no login when reports are public). */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const id = params.id ?? "";
  return listPublished(context.app.db, id, await isMemberVisitor(context.app, request, id));
}

export default function ReportIndex() {
  const { t } = useTranslation();
  const { deliberation, versions } = useLoaderData<typeof loader>();
  return (
    <section aria-labelledby="reports-title">
      <h1 id="reports-title">{t("report.indexTitle", { title: deliberation.title })}</h1>
      <p>{deliberation.question}</p>
      {versions.length === 0 ? (
        <p className="card">{t("report.none")}</p>
      ) : (
        <ol className="proposal-list" reversed>
          {versions.map((v, i) => (
            <li key={v.version} className="card">
              <h2><Link to={`/reports/${deliberation.id}/${v.version}`} reloadDocument>{t("report.versionTitle", { version: v.version, round: v.round_number })}</Link></h2>
              <p className="muted">{t("report.publishedAt", { date: v.published_at.slice(0, 10) })} · {i === 0 ? t("report.current") : t("report.superseded")}</p>
              <p className="muted">{t("report.hash")} <code>{v.hash.slice(0, 16)}…</code></p>
            </li>
          ))}
        </ol>
      )}
      {versions[0] && versions[1] ? (
        <p><Link to={`/reports/${deliberation.id}/diff?from=${versions[1].version}&to=${versions[0].version}`}>{t("report.compareLatest")}</Link></p>
      ) : null}
    </section>
  );
}
