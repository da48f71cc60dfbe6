import type { LoaderFunctionArgs } from "@remix-run/node";
import { isMemberVisitor } from "~/report/report-access.server";
import { contentTypeOf, isRenderedFile, renderReportFile, REPORT_FILES } from "~/report/report-files.server";
import { reportLanguage } from "~/report/report-language.server";
import { LANGUAGE_LOCALES } from "~/i18n/languages";
import { getPublished, readPublishedFile } from "~/report/publication-service.server";
import { assertFound, refuseUnless } from "~/refusal";

/** Files of a published version: PDF, Markdown and HTML rendered from the stored model in any language (`?lang=`); the open-data bundle exactly as stored, whatever the language. */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const id = params.id ?? "";
  const file = params.file ?? "";
  refuseUnless((REPORT_FILES as readonly string[]).includes(file), 404, "report.errors.unknownFile");
  const report = await getPublished(context.app.db, id, Number(params.version), await isMemberVisitor(context.app, request, id));
  const language = reportLanguage(request);
  const rendered = isRenderedFile(file);
  let body: string | Buffer;
  if (rendered) body = await renderReportFile(file, report.model, language);
  else {
    const stored = await readPublishedFile(context.app.db, report.id, file);
    assertFound(stored, "report.errors.noBundle");
    body = stored.content;
  }
  return new Response(typeof body === "string" ? body : new Uint8Array(body), {
    headers: {
      "Content-Type": contentTypeOf(file),
      // bundle files keep their own names, so a folder of downloads verifies and Polis tools read it
      "Content-Disposition": `attachment; filename="${rendered ? `accord-report-v${report.version}-${language}-${file}` : file}"`,
      ...(rendered ? { "Content-Language": LANGUAGE_LOCALES[language], Vary: "Accept-Language, Cookie" } : {}),
      // a published version never changes; private, since a report may be visible to members only
      "Cache-Control": "private, max-age=300",
    },
  });
}
