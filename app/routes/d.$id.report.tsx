import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireMember } from "~/deliberation/access.server";
import { listRoundsForReport } from "~/report/publication-service.server";
import { readForm, refuseForm, validateForm } from "~/forms/parse.server";
import { refuseUnless } from "~/refusal";
import { useRefusedForm } from "~/ui/use-refused-form";
import { t } from "~/i18n/i18n";
import { notesFrom, REPORT_SECTIONS, ReportFormSchema } from "~/report/report-form";
import { listPublished, publishReport, setReportsPublic } from "~/report/publication-service.server";
import { TextArea } from "~/ui/fields";

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const ctx = await requireMember(context.app, request, params.id, ["facilitator"]);
  const rounds = await listRoundsForReport(ctx);
  const published = await listPublished(context.app.db, ctx.deliberation.id, true);
  return { id: ctx.deliberation.id, rounds, published: published.versions, isPublic: published.deliberation.isPublic };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const ctx = await requireMember(context.app, request, params.id, ["facilitator"]);
  const form = await readForm(request);
  const intent = form.get("intent");
  if (intent === "public") {
    await setReportsPublic(ctx, form.get("value") === "1");
    return redirect(`/d/${ctx.deliberation.id}/report`);
  }
  refuseUnless(intent === "publish", 400, "errors.unknownIntent");
  const input = validateForm(form, ReportFormSchema);
  if (form.get("confirm") !== "yes") refuseForm(form, { confirm: [t("report.confirmRequired")] });
  const { version } = await publishReport(ctx, input.round, { summary: input.summary, notes: notesFrom(input) });
  return redirect(`/reports/${ctx.deliberation.id}?published=${version}`);
}

export default function ReportPage() {
  const { t } = useTranslation();
  const d = useLoaderData<typeof loader>();
  const busy = useNavigation().state !== "idle";
  const errors = useRefusedForm()?.errors ?? {};
  const closed = d.rounds.filter((r) => r.phase === "closed");
  return (
    <>
      <section className="card" aria-labelledby="report-title">
        <h2 id="report-title">{t("report.title")}</h2>
        <p className="muted">{t("report.intro")}</p>
        {d.rounds.length === 0 ? (
          <p>{t("report.noRounds")}</p>
        ) : (
          <Form method="post" noValidate reloadDocument /* native: the preview opens the document in a new tab */>
            <div className="field">
              <label htmlFor="report-round">{t("report.round")}</label>
              <select id="report-round" name="round" defaultValue={String((closed.at(-1) ?? d.rounds.at(-1))?.number ?? "")}>
                {d.rounds.map((r) => (
                  <option key={r.number} value={r.number}>{t("report.roundOption", { number: r.number, phase: t(`phases.${r.phase}.name`) })}</option>
                ))}
              </select>
            </div>
            <TextArea name="summary" label={t("report.summary")} hint={t("report.summaryHint")} rows={6} maxLength={8000} errors={errors.summary} />
            <details>
              <summary>{t("report.notes")}</summary>
              {REPORT_SECTIONS.map((s) => (
                <TextArea key={s} name={`note_${s}`} label={t(`report.note.${s}`)} rows={3} maxLength={4000} errors={errors[`note_${s}`]} />
              ))}
            </details>
            <p className="row">
              <button type="submit" formAction={`/d/${d.id}/report/preview`} formTarget="_blank" className="secondary">{t("report.preview")}</button>
            </p>
            <div className="field">
              <label className="row" style={{ fontWeight: "normal" }}>
                <input type="checkbox" name="confirm" value="yes" />
                <span>{t("report.confirm")}</span>
              </label>
              {errors.confirm ? <p className="field-error" role="alert">{errors.confirm.join(" ")}</p> : null}
            </div>
            <button type="submit" name="intent" value="publish" disabled={busy}>{t("report.publish")}</button>
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
