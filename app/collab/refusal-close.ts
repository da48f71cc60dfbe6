import { isRefusal, type Refusal } from "../refusal";

/** A WebSocket close reason is at most 123 bytes of UTF-8 (RFC 6455 §5.5). */
const MAX_REASON_BYTES = 123;

/**
 * The collab server's one mapping from a Refusal to a close (decision 026): code 4000 + the HTTP
 * status (4403, 4404, 4409, 4413, …) and the sentence as the reason the client shows, cut to fit.
 */
export function closeFor(refusal: Refusal): { code: number; reason: string } {
  return { code: 4000 + refusal.status, reason: fitReason(refusal.message) };
}

/** closeFor, when `error` is a Refusal; null for anything else (a bug, to be logged as one). */
export function closeForError(error: unknown): { code: number; reason: string } | null {
  return isRefusal(error) ? closeFor(error) : null;
}

function fitReason(sentence: string): string {
  if (Buffer.byteLength(sentence, "utf8") <= MAX_REASON_BYTES) return sentence;
  let out = "";
  for (const ch of sentence) {
    if (Buffer.byteLength(`${out}${ch}…`, "utf8") > MAX_REASON_BYTES) break;
    out += ch;
  }
  return `${out}…`;
}
