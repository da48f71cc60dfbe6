import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { isMemberVisitor } from "~/report/report-access.server";
import { diffReports, getPublished } from "~/report/publication-service.server";
import { dynamicKey } from "~/i18n/i18n";

/** What changed between two published versions of a report. */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const id = params.id ?? "";
  const url = new URL(request.url);
  const asMember = await isMemberVisitor(context.app, request, id);
  const from = await getPublished(context.app.db, id, Number(url.searchParams.get("from")), asMember);
  const to = await getPublished(context.app.db, id, Number(url.searchParams.get("to")), asMember);
  return { id, title: to.deliberation.title, from: from.version, to: to.version, diff: diffReports(from.model, to.model) };
}

export default function ReportDiff() {
  const { t } = useTranslation();
  const d = useLoaderData<typeof loader>();
  const label = (c: string) => t(dynamicKey(`consensus.classificationShort.${c}`));
  const nothing = d.diff.moved.length + d.diff.added.length + d.diff.removed.length === 0 && !d.diff.summaryChanged;
  return (
    <section aria-labelledby="diff-title">
      <h1 id="diff-title">{t("report.diffTitle", { from: d.from, to: d.to })}</h1>
      <p>{d.title}</p>
      {nothing ? <p className="card">{t("report.diffNone")}</p> : null}
      <ul data-testid="report-diff">
        {d.diff.moved.map((m) => (
          <li key={m.title}>{t("report.diffMoved", { title: m.title, from: label(m.from), to: label(m.to) })}</li>
        ))}
        {d.diff.added.map((title) => (
          <li key={`a-${title}`}>{t("report.diffAdded", { title })}</li>
        ))}
        {d.diff.removed.map((title) => (
          <li key={`r-${title}`}>{t("report.diffRemoved", { title })}</li>
        ))}
        {d.diff.summaryChanged ? <li>{t("report.diffSummary")}</li> : null}
      </ul>
      <p className="row">
        <a href={`/reports/${d.id}/${d.from}`}>{t("report.versionTitle", { version: d.from, round: d.diff.roundBefore })}</a>
        <a href={`/reports/${d.id}/${d.to}`}>{t("report.versionTitle", { version: d.to, round: d.diff.roundAfter })}</a>
        <Link to={`/reports/${d.id}`}>{t("report.allVersions")}</Link>
      </p>
    </section>
  );
}
