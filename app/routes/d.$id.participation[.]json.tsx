import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireMember } from "~/deliberation/access.server";
import { loadParticipation } from "~/participation/participation-service.server";

/** The participation monitor's numbers for dashboards: facilitators only (observers read the page). */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const ctx = await requireMember(context.app, request, params.id, ["facilitator"]);
  const monitor = await loadParticipation(ctx);
  return new Response(JSON.stringify(monitor), { headers: { "Content-Type": "application/json; charset=utf-8", "Cache-Control": "private, no-store" } });
}
