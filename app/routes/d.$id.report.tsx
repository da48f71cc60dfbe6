import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireMember, requireNotArchived } from "~/deliberation/access.server";
import { readForm, validateForm } from "~/forms/parse.server";
import { echoValues, formValues } from "~/forms/validation";
import { isRefusal, refuse, refuseUnless, type RefusedForm } from "~/refusal";
import { useRefusedForm } from "~/ui/use-refused-form";
import { t } from "~/i18n/i18n";
import { currentRequestId, logger } from "~/observability/logger.server";
import { notesFrom, REPORT_SECTIONS, ReportFormSchema } from "~/report/report-form";
import { latestVersion, listPublished, listRoundsForReport, publishReport, setReportsPublic } from "~/report/publication-service.server";
import { TextArea } from "~/ui/fields";

const PUBLISH_FORM = "publish";

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const ctx = await requireMember(context.app, request, params.id, ["facilitator"]);
  const rounds = await listRoundsForReport(ctx);
  const published = await listPublished(context.app.db, ctx.deliberation.id, true);
  return { id: ctx.deliberation.id, rounds, published: published.versions, isPublic: published.deliberation.isPublic, latest: await latestVersion(ctx) };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  // an archived deliberation is refused inside publishReport, so that refusal too keeps the form
  const ctx = await requireMember(context.app, request, params.id, ["facilitator"], { archived: "checked" });
  const form = await readForm(request);
  const intent = form.get("intent");
  if (intent === "public") {
    requireNotArchived(ctx);
    await setReportsPublic(ctx, form.get("value") === "1");
    return redirect(`/d/${ctx.deliberation.id}/report`);
  }
  refuseUnless(intent === "publish", 400, "errors.unknownIntent");
  // Every failure below answers with the form as it was typed: nothing is written before the last step.
  const typed = echoValues(formValues(form));
  let version: number;
  try {
    const input = validateForm(form, ReportFormSchema, { form: PUBLISH_FORM });
    if (form.get("confirm") !== "yes") refuse(400, "validation.fixBelow", { fieldErrors: { confirm: [t("report.confirmRequired")] } });
    if (input.summary === "" && input.withoutSummary !== "yes") refuse(400, "reportFlow.emptySummaryTitle", { fieldErrors: { withoutSummary: [t("reportFlow.emptySummary")] } });
    ({ version } = await publishReport(ctx, input.round, { summary: input.summary, notes: notesFrom(input), basedOn: input.basedOn }));
  } catch (error) {
    if (isRefusal(error)) throw error.inline(PUBLISH_FORM, typed).with({ values: typed });
    logger().error({ err: error }, "publishing a report failed");
    const body: RefusedForm = { refused: true, message: t("reportFlow.renderFailed", { id: currentRequestId() ?? "-" }), form: PUBLISH_FORM, errors: {}, values: typed };
    return data(body, { status: 500 });
  }
  // POST → redirect → GET: reloading the success page shows it again, it never publishes again
  return redirect(`/d/${ctx.deliberation.id}/report/published/${version}`);
}

export default function ReportPage() {
  const { t } = useTranslation();
  const d = useLoaderData<typeof loader>();
  const busy = useNavigation().state !== "idle";
  const refused = useRefusedForm(PUBLISH_FORM);
  const errors = refused?.errors ?? {};
  const typed = (name: string) => {
    const v = refused?.values[name];
    return typeof v === "string" ? v : undefined;
  };
  const closed = d.rounds.filter((r) => r.phase === "closed");
  return (
    <>
      <section className="card" aria-labelledby="report-title">
        <h2 id="report-title">{t("report.title")}</h2>
        <p className="muted">{t("report.intro")}</p>
        {refused && !errors.withoutSummary ? (
          <div className="notice error" role="alert" id="publish-error">
            <p>{refused.message}</p>
            <p>{t("reportFlow.failed")}</p>
          </div>
        ) : null}
        {d.rounds.length === 0 ? (
          <p>{t("report.noRounds")}</p>
        ) : (
          <Form method="post" noValidate reloadDocument /* native: the preview opens the document in a new tab */>
            <input type="hidden" name="basedOn" value={typed("basedOn") ?? String(d.latest)} />
            <div className="field">
              <label htmlFor="report-round">{t("report.round")}</label>
              <select id="report-round" name="round" defaultValue={typed("round") ?? String((closed.at(-1) ?? d.rounds.at(-1))?.number ?? "")}>
                {d.rounds.map((r) => (
                  <option key={r.number} value={r.number}>{t("report.roundOption", { number: r.number, phase: t(`phases.${r.phase}.name`) })}</option>
                ))}
              </select>
              {errors.round ? <p className="field-error" role="alert">{errors.round.join(" ")}</p> : null}
            </div>
            <TextArea name="summary" label={t("report.summary")} hint={t("report.summaryHint")} rows={6} maxLength={8000} defaultValue={typed("summary")} errors={errors.summary} />
            <details open={REPORT_SECTIONS.some((s) => typed(`note_${s}`))}>
              <summary>{t("report.notes")}</summary>
              {REPORT_SECTIONS.map((s) => (
                <TextArea key={s} name={`note_${s}`} label={t(`report.note.${s}`)} rows={3} maxLength={4000} defaultValue={typed(`note_${s}`)} errors={errors[`note_${s}`]} />
              ))}
            </details>
            <p className="row">
              <button type="submit" formAction={`/d/${d.id}/report/preview`} formTarget="_blank" className="secondary">{t("report.preview")}</button>
            </p>
            <div className="field">
              <label className="check-row">
                <input type="checkbox" name="confirm" value="yes" defaultChecked={typed("confirm") === "yes"} />
                <span>{t("report.confirm")}</span>
              </label>
              {errors.confirm ? <p className="field-error" role="alert">{errors.confirm.join(" ")}</p> : null}
            </div>
            <input type="hidden" name="intent" value="publish" />
            {errors.withoutSummary ? (
              <div className="notice warn" role="alert" aria-labelledby="without-summary-title">
                <h3 id="without-summary-title" className="notice-title">{t("reportFlow.emptySummaryTitle")}</h3>
                <p>{errors.withoutSummary.join(" ")}</p>
                <p className="row">
                  <button type="submit" name="withoutSummary" value="yes" disabled={busy}>{t("reportFlow.publishWithout")}</button>
                </p>
              </div>
            ) : null}
            <button type="submit" disabled={busy} className={errors.withoutSummary ? "secondary" : undefined}>{t("report.publish")}</button>
          </Form>
        )}
      </section>
      <section className="card" aria-labelledby="published-title">
        <h2 id="published-title">{t("report.published")}</h2>
        <p>{d.isPublic ? t("report.isPublic") : t("report.isPrivate")}</p>
        <Form method="post">
          <input type="hidden" name="intent" value="public" />
          <input type="hidden" name="value" value={d.isPublic ? "0" : "1"} />
          <button type="submit" className="secondary">{d.isPublic ? t("report.makePrivate") : t("report.makePublic")}</button>
        </Form>
        {d.published.length === 0 ? <p className="muted">{t("report.none")}</p> : <p><Link to={`/reports/${d.id}`}>{t("report.allVersions")}</Link></p>}
      </section>
    </>
  );
}
