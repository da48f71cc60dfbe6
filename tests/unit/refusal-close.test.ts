import { describe, expect, it } from "vitest";
import { closeFor, closeForError } from "../../app/collab/refusal-close";
import { en } from "../../app/i18n/en";
import ar from "../../app/i18n/locales/ar";
import fr from "../../app/i18n/locales/fr";
import "../../app/i18n/server-languages.server";
import { Refusal, refuse } from "../../app/refusal";

function refusalOf(run: () => never): Refusal {
  try {
    run();
  } catch (error) {
    return error as Refusal;
  }
}

describe("the collab server's close for a Refusal", () => {
  it("is 4000 + the status, with the sentence as the reason", () => {
    expect(closeFor(refusalOf(() => refuse(403, "errors.observersReadOnly")))).toEqual({ code: 4403, reason: en.errors.observersReadOnly });
    expect(closeFor(refusalOf(() => refuse(409, "errors.noRound")))).toEqual({ code: 4409, reason: en.errors.noRound });
  });

  it("cuts a long sentence to the 123 bytes a close reason may hold, on a character boundary", () => {
    const long = refusalOf(() => refuse(409, "errors.phaseChanged", { params: { phase: "Discussing — ".repeat(20) } }));
    const { reason } = closeFor(long);
    expect(Buffer.byteLength(reason, "utf8")).toBeLessThanOrEqual(123);
    expect(reason.endsWith("…")).toBe(true);
    expect(long.message.startsWith(reason.slice(0, -1))).toBe(true);
  });

  it("speaks the connection's language; a sentence too long for the frame goes as its key, one with values is cut", () => {
    expect(closeFor(refusalOf(() => refuse(403, "errors.observersReadOnly")), "fr")).toEqual({ code: 4403, reason: fr.errors.observersReadOnly });
    // an Arabic sentence over 123 bytes, without values: its key, which the browser translates in full
    const long = (Object.keys(ar.collab) as (keyof typeof ar.collab)[]).find((k) => Buffer.byteLength(ar.collab[k], "utf8") > 123 && !ar.collab[k].includes("{{"));
    expect(long, "an Arabic collab sentence longer than a close frame").toBeDefined();
    expect(closeFor(refusalOf(() => refuse(409, `collab.${long!}`)), "ar")).toEqual({ code: 4409, reason: `collab.${long!}` });
    const withValues = closeFor(refusalOf(() => refuse(409, "errors.phaseChanged", { params: { phase: "مرحلة ".repeat(30) } })), "ar");
    expect(Buffer.byteLength(withValues.reason, "utf8")).toBeLessThanOrEqual(123);
    expect(withValues.reason.endsWith("…")).toBe(true);
  });

  it("is null for anything that is not a Refusal", () => {
    expect(closeForError(new Error("a bug"))).toBeNull();
    expect(closeForError({ code: 4403, reason: "plain object" })).toBeNull();
    expect(closeForError(refusalOf(() => refuse(404, "errors.deliberationNotFound")))).toEqual({ code: 4404, reason: en.errors.deliberationNotFound });
  });
});
