import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { requireMember } from "~/deliberation/access.server";
import { readValidForm } from "~/forms/parse.server";
import { t } from "~/i18n/i18n";
import { renderReportHtml } from "~/report/render-html";
import { notesFrom, ReportFormSchema } from "~/report/report-form";
import { previewReport } from "~/report/publication-service.server";
import { reportLanguage } from "~/report/report-language.server";
import { REPORT_DOCUMENT_POLICY } from "~/security-headers.server";

/** The preview is the answer to a form post; opened again from history or a bookmark, go to the report page. */
export async function loader({ params }: LoaderFunctionArgs) {
  return redirect(`/d/${params.id}/report`);
}

/** Facilitators preview the report (not stored) as the standalone document it will become, in any language (`?lang=`). */
export async function action({ request, params, context }: ActionFunctionArgs) {
  const ctx = await requireMember(context.app, request, params.id, ["facilitator"], { archived: "checked" }); // reads only
  const input = await readValidForm(request, ReportFormSchema, { key: "report.errors.badForm" });
  const model = await previewReport(ctx, input.round, { summary: input.summary, notes: notesFrom(input) });
  const html = renderReportHtml(model, { lang: reportLanguage(request) }).replace(/<body([^>]*)>/, (m) => `${m}<p class="report-superseded" role="note">${t("report.previewBanner")}</p>`);
  return new Response(html, { headers: { "Content-Type": "text/html; charset=utf-8", "Cache-Control": "private, no-store", "Content-Security-Policy": REPORT_DOCUMENT_POLICY } });
}
