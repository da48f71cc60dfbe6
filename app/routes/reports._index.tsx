import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { t } from "~/i18n/i18n";
import { listPublicReports } from "~/report/report-index-service.server";
import { Pagination } from "~/ui/pagination";

export const meta: MetaFunction = () => [{ title: `${t("reportIndex.title")} · Accord` }, { name: "description", content: t("reportIndex.intro") }];

/** The public index of published reports: no login, public deliberations only. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  return listPublicReports(context.app.db, new URL(request.url).searchParams.get("page"));
}

export default function PublicReports() {
  const { t } = useTranslation();
  const { entries, page, pages } = useLoaderData<typeof loader>();
  return (
    <section aria-labelledby="public-reports-title">
      <h1 id="public-reports-title">{t("reportIndex.title")}</h1>
      <p>{t("reportIndex.intro")}</p>
      {entries.length === 0 ? (
        <p className="card">{t("reportIndex.empty")}</p>
      ) : (
        <ul className="proposal-list">
          {entries.map((e) => (
            <li key={e.deliberationId} className="card">
              <h2><Link to={`/reports/${e.deliberationId}`}>{e.title}</Link></h2>
              <p>{e.question}</p>
              <p className="muted">{t("reportIndex.latest", { version: e.latestVersion, round: e.roundNumber, date: e.publishedAt.slice(0, 10) })}</p>
            </li>
          ))}
        </ul>
      )}
      <Pagination page={page} pages={pages} />
    </section>
  );
}
