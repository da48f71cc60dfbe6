import { useFormat } from "~/i18n/format";
import { languageDirection } from "~/i18n/languages";

/*
 * Text of one direction inside a line of the other: a name, a date or a typed sentence placed in a
 * chart label or a translated sentence. Unicode's isolates (FSI … PDI, what <bdi> does in HTML) lay
 * the inserted text out by its own first strong letter, so "Industry (AI labs)" keeps its
 * parentheses on a right-to-left page and an Arabic date stays whole in a left-to-right chart.
 */

const RTL_LETTER = /[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc\u200f]/;
const LETTER = /[\p{L}\u200e]/u;

/** The direction of the first strong character (a letter or a directional mark), or null when there is none (digits, punctuation). */
export function firstStrongDirection(text: string): "ltr" | "rtl" | null {
  for (const ch of text) {
    if (RTL_LETTER.test(ch)) return "rtl";
    if (LETTER.test(ch)) return "ltr";
  }
  return null;
}

/** `text` isolated when its own direction differs from that of the line it goes into; unchanged otherwise. */
export function isolateFor(text: string, lineDirection: "ltr" | "rtl"): string {
  const own = firstStrongDirection(text);
  return own === null || own === lineDirection ? text : `\u2068${text}\u2069`;
}

/** `isolateFor` with the page's direction: for names and typed text placed into a translated sentence. */
export function useIsolate(): (text: string) => string {
  const { language } = useFormat();
  const direction = languageDirection(language);
  return (text) => isolateFor(text, direction);
}
