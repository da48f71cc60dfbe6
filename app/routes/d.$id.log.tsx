import type { LoaderFunctionArgs } from "@remix-run/node";
import { Form, useLoaderData, useLocation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { useFormat } from "~/i18n/format";
import { requireMember } from "~/deliberation/access.server";
import { ACTION_KINDS } from "~/deliberation/action-kinds";
import { readActionLog } from "~/deliberation/action-log-service.server";
import { Pagination } from "~/ui/pagination";

/** The action log: facilitators with names, observers without; participants are refused (403). */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const ctx = await requireMember(context.app, request, params.id, ["facilitator", "observer"]);
  const url = new URL(request.url);
  const kind = url.searchParams.get("kind") || null;
  const log = await readActionLog(ctx, { kind, page: url.searchParams.get("page") });
  return { id: ctx.deliberation.id, kind, ...log };
}

export default function ActionLog() {
  const { t } = useTranslation();
  const f = useFormat();
  const d = useLoaderData<typeof loader>();
  const location = useLocation();
  const csvHref = `/d/${d.id}/log.csv${d.kind ? `?kind=${encodeURIComponent(d.kind)}` : ""}`;
  return (
    <section aria-labelledby="log-title" className="action-log">
      <h2 id="log-title">{t("actionLog.title")}</h2>
      <p className="muted">{d.namesShown ? t("actionLog.intro") : t("actionLog.introObserver")}</p>
      <div className="action-log-tools">
        <Form method="get" action={location.pathname} className="row">
          <label htmlFor="log-kind">{t("actionLog.filterLabel")}</label>
          <select id="log-kind" name="kind" defaultValue={d.kind ?? ""}>
            <option value="">{t("actionLog.allKinds")}</option>
            {ACTION_KINDS.map((k) => (
              <option key={k} value={k}>{t(`actionLog.kind.${k}`)}</option>
            ))}
          </select>
          <button type="submit" className="secondary">{t("actionLog.filter")}</button>
        </Form>
        <a href={csvHref} download>{t("actionLog.downloadCsv")}</a>
      </div>
      <p role="status">{t("actionLog.count", { count: d.total })}</p>
      {d.entries.length === 0 ? (
        <p className="card">{d.kind ? t("actionLog.emptyKind") : t("actionLog.empty")}</p>
      ) : (
        <ol className="action-log-list">
          {d.entries.map((e) => (
            <li key={e.id} className="card">
              <p className="action-log-head">
                <strong>{t(`actionLog.kind.${e.kind}`)}</strong>
                <span>{e.subject}</span>
              </p>
              <p className="muted">
                <time dateTime={e.at}>{f.utcDateTime(e.at)}</time> · {e.actor}
              </p>
              <dl className="facts">
                <dt>{t("actionLog.before")}</dt>
                <dd>{e.before}</dd>
                <dt>{t("actionLog.after")}</dt>
                <dd>{e.after}</dd>
              </dl>
            </li>
          ))}
        </ol>
      )}
      <Pagination page={d.page} pages={d.pages} />
    </section>
  );
}
