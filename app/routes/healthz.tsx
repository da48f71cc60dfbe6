/** Liveness: the process answers HTTP. Deliberately touches nothing else (readiness is /readyz). */
export function loader() {
  return Response.json({ status: "ok" }, { headers: { "Cache-Control": "no-store" } });
}
