import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireMember } from "~/deliberation/access.server";
import { exportRoundAsPolis, POLIS_FILES, type PolisFile } from "~/interop/polis-export.server";
import { loadRoundSource, requireVisibleRound } from "~/results/live-counts.server";
import { assertFound, assertValid } from "~/refusal";

/** A round in the Polis open-data format, one CSV per request; same visibility as the results. */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const ctx = await requireMember(context.app, request, params.id);
  const url = new URL(request.url);
  const file = url.searchParams.get("file") ?? "";
  assertValid(isPolisFile(file), "errors.unknownExport");
  const requested = url.searchParams.get("round");
  const n = requested && /^\d{1,4}$/.test(requested) ? Number(requested) : null;
  const { round } = await requireVisibleRound(ctx, n);
  assertValid(round, "errors.noResultsToExport");
  const source = await loadRoundSource(context.app.db, ctx.deliberation.id, round.id);
  assertFound(source, "errors.noResultsToExport");
  const files = exportRoundAsPolis(source);
  return new Response(files[file], {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="accord-round-${round.number}-${file}"`,
      "Cache-Control": "private, no-store",
    },
  });
}

function isPolisFile(file: string): file is PolisFile {
  return (POLIS_FILES as readonly string[]).includes(file);
}
