import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { requireMember } from "~/deliberation/access.server";
import { parseFormData, readForm } from "~/forms/parse.server";
import { badRequest, withPlainTextRefusals } from "~/http-errors.server";
import { t } from "~/i18n/i18n";
import { renderReportHtml } from "~/report/render-html";
import { notesFrom, ReportFormSchema } from "~/report/report-form";
import { previewReport } from "~/report/publication-service.server";
import { REPORT_DOCUMENT_POLICY } from "~/security-headers.server";

/** The preview is the answer to a form post; opened again from history or a bookmark, go to the report page. */
export async function loader({ params }: LoaderFunctionArgs) {
  return redirect(`/d/${params.id}/report`);
}

/** Facilitators preview the report (not stored) as the standalone document it will become. */
export async function action(args: ActionFunctionArgs) {
  return withPlainTextRefusals(async () => {
    const ctx = await requireMember(args.request, args.params.id, ["facilitator"]);
    const parsed = parseFormData(await readForm(args.request), ReportFormSchema);
    if (!parsed.ok) badRequest(t("report.errors.badForm"));
    const model = await previewReport(ctx, parsed.ok ? parsed.data.round : 1, { summary: parsed.ok ? parsed.data.summary : "", notes: parsed.ok ? notesFrom(parsed.data) : {} });
    const html = renderReportHtml(model, { lang: "en" }).replace(/<body([^>]*)>/, (m) => `${m}<p class="report-superseded" role="note">${t("report.previewBanner")}</p>`);
    return new Response(html, { headers: { "Content-Type": "text/html; charset=utf-8", "Cache-Control": "private, no-store", "Content-Security-Policy": REPORT_DOCUMENT_POLICY } });
  });
}
