import { data } from "@remix-run/node";

/**
 * Expected failures are thrown as responses carrying one human sentence; the shared error
 * boundary renders it. Messages are already translated by the caller.
 */
export function httpError(status: number, message: string): never {
  throw data({ message }, { status });
}
export const badRequest = (message: string): never => httpError(400, message);
export const forbidden = (message: string): never => httpError(403, message);
export const notFound = (message: string): never => httpError(404, message);
export const conflict = (message: string): never => httpError(409, message);

/**
 * For resource routes (no error boundary): answer an expected refusal (a thrown 4xx from
 * `httpError`) as plain text with its status and sentence, instead of Remix logging it as a
 * server error and answering "Unexpected Server Error". Redirects and real errors pass through.
 */
export async function withPlainTextRefusals(run: () => Promise<Response>): Promise<Response> {
  try {
    return await run();
  } catch (error) {
    const refusal = error as { type?: string; data?: { message?: unknown }; init?: { status?: number } | null };
    if (refusal?.type === "DataWithResponseInit" && (refusal.init?.status ?? 500) < 500) {
      return new Response(String(refusal.data?.message ?? ""), {
        status: refusal.init!.status,
        headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "private, no-store" },
      });
    }
    throw error;
  }
}
