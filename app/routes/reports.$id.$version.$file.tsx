import type { LoaderFunctionArgs } from "@remix-run/node";
import { withPlainTextRefusals } from "~/http-errors.server";
import { t } from "~/i18n/i18n";
import { isMemberVisitor } from "~/report/report-access.server";
import { REPORT_FILES, renderReportFile, type ReportFile } from "~/report/report-files.server";
import { getPublished } from "~/report/publication-service.server";

/** Exports of a published report: PDF, Markdown, JSON, and the round's votes as Polis CSV. */
export async function loader(args: LoaderFunctionArgs) {
  return withPlainTextRefusals(() => serveFile(args));
}

async function serveFile({ request, params }: LoaderFunctionArgs) {
  const id = params.id ?? "";
  const file = params.file ?? "";
  if (!(REPORT_FILES as readonly string[]).includes(file)) {
    return new Response(t("report.errors.unknownFile"), { status: 404, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  }
  const report = await getPublished(id, Number(params.version), await isMemberVisitor(request, id));
  const { body, type } = await renderReportFile(file as ReportFile, report.model, { deliberationId: id, roundId: report.roundId });
  return new Response(typeof body === "string" ? body : new Uint8Array(body), {
    headers: {
      "Content-Type": type,
      "Content-Disposition": `attachment; filename="accord-report-v${report.version}-${file}"`,
      "Cache-Control": "private, max-age=300",
    },
  });
}
