import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireMember } from "~/deliberation/access.server";
import { badRequest, notFound, withPlainTextRefusals } from "~/http-errors.server";
import { t } from "~/i18n/i18n";
import { exportRoundAsPolis, POLIS_FILES, type PolisFile } from "~/interop/polis-export.server";
import { loadRoundSource, requireVisibleRound } from "~/results/live-counts.server";

/** A round in the Polis open-data format, one CSV per request; same visibility as the results. */
export async function loader(args: LoaderFunctionArgs) {
  return withPlainTextRefusals(() => exportFile(args));
}

async function exportFile({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireMember(request, params.id);
  const url = new URL(request.url);
  const file = url.searchParams.get("file") ?? "";
  if (!(POLIS_FILES as readonly string[]).includes(file)) badRequest(t("errors.unknownExport"));
  const requested = url.searchParams.get("round");
  const n = requested && /^\d{1,4}$/.test(requested) ? Number(requested) : null;
  const { round } = await requireVisibleRound(ctx, n);
  if (!round) badRequest(t("errors.noResultsToExport"));
  const source = await loadRoundSource(ctx.deliberation.id, round!.id);
  if (!source) notFound(t("errors.noResultsToExport"));
  const files = exportRoundAsPolis(source!);
  return new Response(files[file as PolisFile], {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="accord-round-${round!.number}-${file}"`,
      "Cache-Control": "private, no-store",
    },
  });
}
