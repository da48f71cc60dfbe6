/**
 * Text typed into a form, made safe to store and publish: Unicode NFC; line breaks as "\n"; no NUL or
 * other C0 control except newline and tab (nor DEL); no bidirectional override or isolate
 * (U+202A–U+202E, U+2066–U+2069), which can make a text read differently from what it says; and, in
 * single-line fields (names, titles, ids), no zero-width character (U+200B–U+200D, U+2060, U+FEFF),
 * which can hide inside a name. Multi-line fields keep zero-width joiners: emoji sequences need them.
 */
const CONTROLS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g;
const BIDI_CONTROLS = /[\u202A-\u202E\u2066-\u2069]/g;
const ZERO_WIDTH = /[\u200B-\u200D\u2060\uFEFF]/g;

/** The fields typed in a textarea (see app/ui/*-form.tsx, discussion.tsx, the report form). */
const MULTI_LINE_FIELDS = new Set(["body", "description", "evidenceLinks", "indicator", "question", "rationale", "regions", "response", "statement", "summary", "trigger"]);

export function isMultiLineField(name: string): boolean {
  return MULTI_LINE_FIELDS.has(name) || name.startsWith("note_");
}

/** Passwords are compared as typed: never changed. */
const UNTOUCHED_FIELDS = /password/i;

export function normaliseText(value: string, multiLine: boolean): string {
  let s = value.replace(/\r\n?/g, "\n").replace(CONTROLS, "").replace(BIDI_CONTROLS, "");
  if (!multiLine) s = s.replace(ZERO_WIDTH, "");
  return s.normalize("NFC");
}

/** A copy of the form with every text value normalised (files and passwords as they are). */
export function normaliseForm(form: FormData): FormData {
  const out = new FormData();
  for (const [name, value] of form.entries()) {
    if (typeof value !== "string" || UNTOUCHED_FIELDS.test(name)) out.append(name, value);
    else out.append(name, normaliseText(value, isMultiLineField(name)));
  }
  return out;
}
