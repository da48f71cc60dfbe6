import type { LoaderFunctionArgs } from "@remix-run/node";
import { i18n, t } from "~/i18n/i18n";
import { LANGUAGE_LOCALES, LANGUAGE_NAMES, SUPPORTED_LANGUAGES, type Language } from "~/i18n/languages";
import { reportLanguage } from "~/report/report-language.server";
import { renderReportHtml, escapeHtml } from "~/report/render-html";
import { isMemberVisitor } from "~/report/report-access.server";
import { getPublished } from "~/report/publication-service.server";
import { downloadableFiles } from "~/report/report-files.server";
import { REPORT_DOCUMENT_POLICY } from "~/security-headers.server";

/**
 * The banner above a published version (which version, its hash, its files): a band across the
 * page whose content lines up with the report's own column (46rem, app/report/render-html.ts), and
 * whose long hashes and commands wrap instead of widening a phone's page. Not in the downloadable
 * HTML: the band belongs to this website, not to the report.
 */
const BANNER_CSS = [
  ".report-banner{background:#eaf1fb;border-block-end:1px solid #b8cde8;font:15px/1.5 system-ui,-apple-system,\"Segoe UI\",Helvetica,Arial,sans-serif;overflow-wrap:anywhere}",
  ".report-banner>div{max-inline-size:46rem;margin-inline:auto;padding:.5rem 1rem .75rem}",
  ".report-banner p{margin-block:.35rem}",
  ".report-site{font-weight:600}",
  ".report-banner code{font-size:.85em;overflow-wrap:anywhere}",
  ".report-banner summary{cursor:pointer;color:#1b6ca8}",
  ".report-banner table{background:#fff}",
  ".report-superseded{background:#fff4d6;border:1px solid #e0c36a;border-radius:4px;padding:.35rem .6rem}",
  ".report-languages a{margin-inline-end:.6rem}",
  "@media (max-width:600px){.report-banner>div{padding-inline:.75rem}}",
].join("\n");

/** Which language the report is shown in, and links to the same version in the others (`?lang=`). */
function languageLine(language: Language, base: string): string {
  const tl = i18n.getFixedT(language);
  const others = SUPPORTED_LANGUAGES.filter((l) => l !== language)
    .map((l) => `<a href="${escapeHtml(`${base}?lang=${l}`)}" hreflang="${LANGUAGE_LOCALES[l]}" lang="${LANGUAGE_LOCALES[l]}">${escapeHtml(LANGUAGE_NAMES[l])}</a>`)
    .join("");
  return `<nav class="report-languages" aria-label="${escapeHtml(tl("reportOutline.language.label"))}"><p>${escapeHtml(tl("reportOutline.language.shown", { language: LANGUAGE_NAMES[language] }))} ${escapeHtml(tl("reportOutline.language.other"))} ${others}</p></nav>`;
}

/** A published report version as a standalone, print-ready HTML document (public when allowed), in any language (`?lang=`). */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const id = params.id ?? "";
  const report = await getPublished(context.app.db, id, Number(params.version), await isMemberVisitor(context.app, request, id));
  const base = `/reports/${id}/${report.version}`;
  const language = reportLanguage(request);
  let html = renderReportHtml(report.model, {
    lang: language,
    // the renderings come in the language shown; the data files are the same in every language
    formats: downloadableFiles(report.files).map((f) => ({ label: f, href: f.startsWith("report.") && f !== "report.json" ? `${base}/${f}?lang=${language}` : `${base}/${f}` })),
  });
  const origin = new URL(request.url).origin;
  // every stored file with its SHA-256: anyone can check a download, and `npm run verify` recomputes the numbers
  const fileList = report.files.length
    ? `<details class="report-files"><summary>${escapeHtml(t("report.filesTitle"))}</summary><p>${escapeHtml(t("report.filesIntro"))}</p><pre>npm run --silent verify -- ${escapeHtml(`${origin}${base}`)}</pre><div class="table-wrap" role="group" tabindex="0" aria-label="${escapeHtml(t("report.filesTitle"))}"><table><thead><tr><th scope="col">${escapeHtml(t("report.fileName"))}</th><th scope="col">${escapeHtml(t("report.fileBytes"))}</th><th scope="col">SHA-256</th></tr></thead><tbody>${report.files
        .map((f) => `<tr><td><a href="${escapeHtml(`${base}/${f.name}`)}">${escapeHtml(f.name)}</a></td><td>${f.bytes}</td><td><code>${escapeHtml(f.sha256)}</code></td></tr>`)
        .join("")}</tbody></table></div></details>`
    : `<p class="report-files">${escapeHtml(t("report.errors.noBundle"))}</p>`;
  const banner = [
    languageLine(language, base),
    `<p class="report-meta">${escapeHtml(t("report.versionTitle", { version: report.version, round: report.roundNumber }))} · ${escapeHtml(t("report.hash"))} <code>${escapeHtml(report.hash)}</code> · <a href="/reports/${escapeHtml(id)}">${escapeHtml(t("report.allVersions"))}</a></p>`,
    fileList,
    report.supersededBy ? `<p class="report-superseded" role="note">${escapeHtml(t("report.supersededBy", { version: report.supersededBy }))} <a href="/reports/${escapeHtml(id)}/${report.supersededBy}">${escapeHtml(t("report.readLatest"))}</a></p>` : "",
  ].join("");
  html = html
    .replace("</head>", `<style>${BANNER_CSS}</style>\n</head>`)
    .replace(/<body([^>]*)>/, (m) => `${m}<header class="report-banner"><div><p class="report-site"><a href="/">${escapeHtml(t("app.name"))}</a> · <a href="/reports">${escapeHtml(t("reportIndex.title"))}</a></p>${banner}</div></header>`);
  return new Response(html, { headers: { "Content-Type": "text/html; charset=utf-8", "Content-Language": LANGUAGE_LOCALES[language], "Cache-Control": "no-cache", "Content-Security-Policy": REPORT_DOCUMENT_POLICY } });
}
