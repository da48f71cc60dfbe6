import { redirect, type HeadersFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { useFormat } from "~/i18n/format";
import { requireAccountHolder } from "~/auth/session.server";
import { dynamicKey, t } from "~/i18n/i18n";
import { readImportStatus } from "~/interop/polis-import.server";
import { assertFound } from "~/refusal";

const REFRESH_SECONDS = 1;

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: t("importPolis.title") + " · Accord" },
  // refreshes without JavaScript; the loader redirects to the results once the import is done
  ...(data && data.phase !== "failed" ? [{ httpEquiv: "refresh", content: String(REFRESH_SECONDS) } as const] : []),
];
export const headers: HeadersFunction = () => ({ "Cache-Control": "private, no-store" });

/** A Polis import's progress, for the account that started it only. */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const user = await requireAccountHolder(context.app, request);
  const job = await readImportStatus(context.app.db, params.jobId ?? "", user.id);
  assertFound(job, "importPolis.notFound");
  if (job.phase === "done") throw redirect(`/d/${job.deliberationId}/results?imported=1`);
  return { title: job.title, phase: job.phase, percent: job.percent, error: job.error };
}

export default function ImportStatus() {
  const { t } = useTranslation();
  const f = useFormat();
  const job = useLoaderData<typeof loader>();
  if (job.phase === "failed") {
    return (
      <section aria-labelledby="import-status-title">
        <h1 id="import-status-title">{t("importPolis.failedTitle", { title: job.title })}</h1>
        <p role="alert" className="field-error">{t(job.error ? dynamicKey(job.error) : "importPolis.failed")}</p>
        <p><Link to="/deliberations/import">{t("importPolis.again")}</Link></p>
      </section>
    );
  }
  return (
    <section aria-labelledby="import-status-title">
      <h1 id="import-status-title">{t("importPolis.statusTitle", { title: job.title })}</h1>
      <p role="status" className="progress">{t(`importPolis.phase_${job.phase}`, { percent: f.number(job.percent) })}</p>
      <progress max={100} value={job.percent} aria-labelledby="import-status-title">{f.percent(job.percent / 100)}</progress>
      <p className="muted">{t("importPolis.refreshing")}</p>
    </section>
  );
}
