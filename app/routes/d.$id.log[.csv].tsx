import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireMember } from "~/deliberation/access.server";
import { actionLogCsv } from "~/deliberation/action-log-service.server";

/** The action log as CSV, with the page's visibility (observers: no names; participants: 403). */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const ctx = await requireMember(context.app, request, params.id, ["facilitator", "observer"]);
  const csv = await actionLogCsv(ctx, new URL(request.url).searchParams.get("kind") || null);
  return new Response(csv, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="accord-action-log.csv"`,
      "Cache-Control": "private, no-store",
    },
  });
}
