import type { LoaderFunctionArgs } from "@remix-run/node";
import { t } from "~/i18n/i18n";
import { renderReportHtml, escapeHtml } from "~/report/render-html";
import { isMemberVisitor } from "~/report/report-access.server";
import { getPublished } from "~/report/publication-service.server";
import { RENDERED_FILES, REPORT_FILES } from "~/report/report-files.server";
import { REPORT_DOCUMENT_POLICY } from "~/security-headers.server";

/** A published report version as a standalone, print-ready HTML document (public when allowed). */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const id = params.id ?? "";
  const report = await getPublished(context.app.db, id, Number(params.version), await isMemberVisitor(context.app, request, id));
  const base = `/reports/${id}/${report.version}`;
  let html = renderReportHtml(report.model, {
    lang: "en",
    formats: REPORT_FILES.filter((f) => RENDERED_FILES.includes(f as never) || report.files.some((x) => x.name === f)).map((f) => ({ label: f, href: `${base}/${f}` })),
  });
  const origin = new URL(request.url).origin;
  // every stored file with its SHA-256: anyone can check a download, and `npm run verify` recomputes the numbers
  const fileList = report.files.length
    ? `<details class="report-files"><summary>${escapeHtml(t("report.filesTitle"))}</summary><p>${escapeHtml(t("report.filesIntro"))}</p><pre style="white-space:pre-wrap;overflow-wrap:anywhere">npm run --silent verify -- ${escapeHtml(`${origin}${base}`)}</pre><table><thead><tr><th scope="col">${escapeHtml(t("report.fileName"))}</th><th scope="col">${escapeHtml(t("report.fileBytes"))}</th><th scope="col">SHA-256</th></tr></thead><tbody>${report.files
        .map((f) => `<tr><td><a href="${escapeHtml(`${base}/${f.name}`)}">${escapeHtml(f.name)}</a></td><td>${f.bytes}</td><td><code style="overflow-wrap:anywhere">${escapeHtml(f.sha256)}</code></td></tr>`)
        .join("")}</tbody></table></details>`
    : `<p class="report-files">${escapeHtml(t("report.errors.noBundle"))}</p>`;
  const banner = [
    `<p class="report-meta" style="overflow-wrap:anywhere">${escapeHtml(t("report.versionTitle", { version: report.version, round: report.roundNumber }))} · ${escapeHtml(t("report.hash"))} <code>${escapeHtml(report.hash)}</code> · <a href="/reports/${escapeHtml(id)}">${escapeHtml(t("report.allVersions"))}</a></p>`,
    fileList,
    report.supersededBy ? `<p class="report-superseded" role="note">${escapeHtml(t("report.supersededBy", { version: report.supersededBy }))} <a href="/reports/${escapeHtml(id)}/${report.supersededBy}">${escapeHtml(t("report.readLatest"))}</a></p>` : "",
  ].join("");
  html = html.replace(/<body([^>]*)>/, (m) => `${m}<div style="font-family:system-ui,sans-serif;max-width:60rem;margin:0 auto;padding:0.75rem 1rem;border-bottom:1px solid #c9d0d8;overflow-wrap:anywhere">${banner}</div>`);
  return new Response(html, { headers: { "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-cache", "Content-Security-Policy": REPORT_DOCUMENT_POLICY } });
}
