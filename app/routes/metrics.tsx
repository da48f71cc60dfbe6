import type { LoaderFunctionArgs } from "@remix-run/node";

/** Prometheus metrics behind `Authorization: Bearer <METRICS_TOKEN>` (404 when no token is configured). */
export function loader({ request, context }: LoaderFunctionArgs) {
  return context.metrics.answer(request.headers.get("Authorization"));
}
