import { i18n } from "../i18n/i18n";
import type { Language } from "../i18n/languages";
import { isRefusal, type Refusal } from "../refusal";

/** A WebSocket close reason is at most 123 bytes of UTF-8 (RFC 6455 §5.5). */
const MAX_REASON_BYTES = 123;

/**
 * The collab server's one mapping from a Refusal to a close (decision 026): code 4000 + the HTTP
 * status (4403, 4404, 4409, 4413, …) and the sentence as the reason the client shows, cut to fit.
 */
export function closeFor(refusal: Refusal, language?: Language): { code: number; reason: string } {
  const sentence = language ? i18n.getFixedT(language)(refusal.key, refusal.params) : refusal.message;
  // a sentence too long for a close frame (Chinese and Arabic take 2–3 bytes a character) goes as its
  // key, which the browser translates in full (app/ui/live-draft.tsx); one with values is cut instead
  if (Buffer.byteLength(sentence, "utf8") > MAX_REASON_BYTES && Object.keys(refusal.params).length === 0) return { code: 4000 + refusal.status, reason: refusal.key };
  return { code: 4000 + refusal.status, reason: fitCloseReason(sentence) };
}

/** closeFor, when `error` is a Refusal; null for anything else (a bug, to be logged as one). */
export function closeForError(error: unknown, language?: Language): { code: number; reason: string } | null {
  return isRefusal(error) ? closeFor(error, language) : null;
}

/** A sentence cut to fit a close frame (123 bytes of UTF-8), with "…" when cut. */
export function fitCloseReason(sentence: string): string {
  if (Buffer.byteLength(sentence, "utf8") <= MAX_REASON_BYTES) return sentence;
  let out = "";
  for (const ch of sentence) {
    if (Buffer.byteLength(`${out}${ch}…`, "utf8") > MAX_REASON_BYTES) break;
    out += ch;
  }
  return `${out}…`;
}
