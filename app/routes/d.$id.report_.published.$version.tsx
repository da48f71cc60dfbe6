import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireMember } from "~/deliberation/access.server";
import { describePublishedVersion } from "~/report/publication-service.server";
import { CopyLink } from "~/ui/copy-field";

/** After a publish (POST → redirect → here): the version's link, its downloads and the way back. Facilitators only; a GET never publishes. */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const ctx = await requireMember(context.app, request, params.id, ["facilitator"]);
  const published = await describePublishedVersion(ctx, Number(params.version));
  const path = `/reports/${ctx.deliberation.id}/${published.version}`;
  return { ...published, id: ctx.deliberation.id, title: ctx.deliberation.title, path, url: `${new URL(request.url).origin}${path}` };
}

export default function PublishedPage() {
  const { t } = useTranslation();
  const d = useLoaderData<typeof loader>();
  return (
    <section className="card report-published" aria-labelledby="published-title">
      <h2 id="published-title">{t("reportFlow.successTitle", { version: d.version })}</h2>
      <p className="notice ok" role="status">{t("reportFlow.successIntro", { round: d.roundNumber, title: d.title, version: d.version })}</p>
      <CopyLink label={d.isPublic ? t("reportFlow.publicLink") : t("reportFlow.membersLink")} href={d.url} testId="public-link" />
      <h3>{t("reportFlow.downloads")}</h3>
      <ul className="downloads">
        <li><a href={d.path}>{t("reportFlow.download.html")}</a></li>
        {d.files.map((f) => (
          <li key={f}>
            <a href={`${d.path}/${f}`} download>{t(`reportFlow.download.${f}`, { defaultValue: f })}</a> <span className="muted">({f})</span>
          </li>
        ))}
      </ul>
      <p className="row">
        <Link to={`/d/${d.id}`} className="button">{t("reportFlow.backToDeliberation")}</Link>
        <Link to={`/d/${d.id}/report`} className="button secondary">{t("reportFlow.backToReport")}</Link>
      </p>
    </section>
  );
}
