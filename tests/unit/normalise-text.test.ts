import { describe, expect, it } from "vitest";
import { isMultiLineField, normaliseForm, normaliseText } from "../../app/forms/normalise-text";

describe("normaliseText: what a form's text becomes before it is stored", () => {
  const table: [what: string, input: string, singleLine: string, multiLine: string][] = [
    ["NFC (e + combining acute → é)", "Caf\u0065\u0301", "Caf\u00e9", "Caf\u00e9"],
    ["NUL and other C0 controls removed", "a\u0000b\u0001c\u001bd\u007fe", "abcde", "abcde"],
    ["newline and tab kept", "one\ttwo\nthree", "one\ttwo\nthree", "one\ttwo\nthree"],
    ["CR and CRLF become newlines", "a\r\nb\rc", "a\nb\nc", "a\nb\nc"],
    ["bidi overrides and isolates removed", "abc\u202Edcba\u202C \u2066x\u2069 \u202A\u202B\u202D\u2067\u2068", "abcdcba x ", "abcdcba x "],
    ["zero-width characters removed from single-line fields only", "Ad\u200Ba\u200C \u200DLove\u2060lace\uFEFF", "Ada Lovelace", "Ad\u200Ba\u200C \u200DLove\u2060lace\uFEFF"],
    ["emoji ZWJ sequences survive in multi-line text", "family \u{1F468}\u200D\u{1F469}", "family \u{1F468}\u{1F469}", "family \u{1F468}\u200D\u{1F469}"],
    ["ordinary text is unchanged", "Frontier models — 10²⁶ FLOP, “quoted”", "Frontier models — 10²⁶ FLOP, “quoted”", "Frontier models — 10²⁶ FLOP, “quoted”"],
  ];
  it.each(table)("%s", (_what, input, singleLine, multiLine) => {
    expect(normaliseText(input, false)).toBe(singleLine);
    expect(normaliseText(input, true)).toBe(multiLine);
    // idempotent
    expect(normaliseText(normaliseText(input, true), true)).toBe(multiLine);
  });

  it("knows the textarea fields", () => {
    for (const name of ["body", "statement", "rationale", "indicator", "trigger", "response", "evidenceLinks", "question", "description", "regions", "summary", "note_agreement"]) expect(isMultiLineField(name), name).toBe(true);
    for (const name of ["title", "displayName", "email", "name", "intent", "category"]) expect(isMultiLineField(name), name).toBe(false);
  });

  it("normalises every text value of a form, but not passwords or files", () => {
    const form = new FormData();
    form.append("title", "T\u200Bitle\u0000");
    form.append("body", "line\r\nnext\u202E");
    form.append("tags", "a\u200B");
    form.append("tags", "b\u0007");
    form.append("password", "p\u200Bw\u0000");
    const file = new File(["x\u0000"], "votes.csv");
    form.append("upload", file);
    const out = normaliseForm(form);
    expect(out.get("title")).toBe("Title");
    expect(out.get("body")).toBe("line\nnext");
    expect(out.getAll("tags")).toEqual(["a", "b"]);
    expect(out.get("password")).toBe("p\u200Bw\u0000");
    expect(out.get("upload")).toBeInstanceOf(File);
  });
});
