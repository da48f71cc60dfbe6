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
