import { Refusal, type RefusalStatus } from "./refusal";

/*
 * Legacy helpers, kept only for the modules still being changed elsewhere (draft-service,
 * comment-service, proposal-service; see docs/decisions/026). They throw the one typed error,
 * with a sentence the caller already translated; new code uses app/refusal.ts (a message key,
 * and `asserts` functions that narrow).
 */
export function httpError(status: RefusalStatus, message: string): never {
  throw new Refusal(status, null, { sentence: message });
}
export function badRequest(message: string): never {
  return httpError(400, message);
}
export function forbidden(message: string): never {
  return httpError(403, message);
}
export function notFound(message: string): never {
  return httpError(404, message);
}
export function conflict(message: string): never {
  return httpError(409, message);
}
