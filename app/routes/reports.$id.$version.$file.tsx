import type { LoaderFunctionArgs } from "@remix-run/node";
import { isMemberVisitor } from "~/report/report-access.server";
import { contentTypeOf, RENDERED_FILES, renderReportFile, REPORT_FILES } from "~/report/report-files.server";
import { getPublished, readPublishedFile } from "~/report/publication-service.server";
import { assertFound, refuseUnless } from "~/refusal";

/** Files of a published version: PDF and Markdown rendered from the stored model; the open-data bundle exactly as stored. */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const id = params.id ?? "";
  const file = params.file ?? "";
  refuseUnless((REPORT_FILES as readonly string[]).includes(file), 404, "report.errors.unknownFile");
  const report = await getPublished(context.app.db, id, Number(params.version), await isMemberVisitor(context.app, request, id));
  let body: string | Buffer;
  if ((RENDERED_FILES as readonly string[]).includes(file)) body = await renderReportFile(file as (typeof RENDERED_FILES)[number], report.model);
  else {
    const stored = await readPublishedFile(context.app.db, report.id, file);
    assertFound(stored, "report.errors.noBundle");
    body = stored.content;
  }
  return new Response(typeof body === "string" ? body : new Uint8Array(body), {
    headers: {
      "Content-Type": contentTypeOf(file),
      // bundle files keep their own names, so a folder of downloads verifies and Polis tools read it
      "Content-Disposition": `attachment; filename="${(RENDERED_FILES as readonly string[]).includes(file) ? `accord-report-v${report.version}-${file}` : file}"`,
      // a published version never changes; private, since a report may be visible to members only
      "Cache-Control": "private, max-age=300",
    },
  });
}
