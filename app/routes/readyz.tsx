import type { LoaderFunctionArgs } from "@remix-run/node";

/** Readiness: 200 when every configured dependency answers (app/observability/readiness.server.ts), else 503. */
export async function loader({ context }: LoaderFunctionArgs) {
  const report = await context.readiness.report();
  return Response.json(report, { status: report.ready ? 200 : 503, headers: { "Cache-Control": "no-store" } });
}
