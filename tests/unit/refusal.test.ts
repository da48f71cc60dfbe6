import { describe, expect, expectTypeOf, it } from "vitest";
import { en } from "../../app/i18n/en";
import { assertAllowed, assertFound, assertNoConflict, assertValid, isRefusal, Refusal, refuse, refuseFields, refuseUnless } from "../../app/refusal";

/** What a call threw (fails the test when it did not throw). */
function thrown(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error("expected a refusal, but nothing was thrown");
}

describe("the Refusal contract", () => {
  it("carries a 4xx status, its message key and params, and the sentence from en.ts as its message", () => {
    const e = thrown(() => refuse(404, "errors.roundNotFound", { params: { number: 7 } }));
    expect(isRefusal(e)).toBe(true);
    expect(e).toBeInstanceOf(Refusal);
    expect(e).toBeInstanceOf(Error);
    expect(e).toMatchObject({ status: 404, key: "errors.roundNotFound", params: { number: 7 }, fieldErrors: null, values: null, headers: {} });
    expect((e as Refusal).message).toBe(en.errors.roundNotFound.replace("{{number}}", "7"));
  });

  it("names a plural variant by its base key", () => {
    const e = thrown(() => refuse(429, "errors.tooManyAttempts", { params: { count: 1 }, headers: { "Retry-After": "60" } })) as Refusal;
    expect(e.message).toBe(en.errors.tooManyAttempts_one.replace("{{count}}", "1"));
    expect(e.headers).toEqual({ "Retry-After": "60" });
  });

  it("assertFound narrows: afterwards the value is known to exist (no `!`), and a missing one is a 404", () => {
    const find = (id: string): { id: string } | undefined => (id === "a" ? { id } : undefined);
    const found = find("a");
    assertFound(found, "errors.deliberationNotFound");
    expectTypeOf(found).toEqualTypeOf<{ id: string }>();
    expect(found.id).toBe("a");
    const missing = find("b");
    expect(thrown(() => assertFound(missing, "errors.deliberationNotFound"))).toMatchObject({ status: 404, key: "errors.deliberationNotFound", message: en.errors.deliberationNotFound });
    // null, undefined: missing; 0, "" and false exist
    expect(thrown(() => assertFound(null, "errors.deliberationNotFound"))).toMatchObject({ status: 404 });
    for (const value of [0, "", false]) expect(() => assertFound(value, "errors.deliberationNotFound")).not.toThrow();
  });

  it("assertAllowed, assertValid, assertNoConflict and refuseUnless narrow their condition and refuse with 403, 400, 409 and the given status", () => {
    const role = "participant" as "participant" | "observer";
    assertAllowed(role === "participant", "errors.observersReadOnly");
    expectTypeOf(role).toEqualTypeOf<"participant">();
    const phase = "voting" as string | null;
    assertNoConflict(phase, "errors.noRound");
    expectTypeOf(phase).toEqualTypeOf<string>();
    expect(thrown(() => assertAllowed(false, "errors.facilitatorsOnly"))).toMatchObject({ status: 403, message: en.errors.facilitatorsOnly });
    expect(thrown(() => assertValid(0, "errors.unknownIntent"))).toMatchObject({ status: 400, message: en.errors.unknownIntent });
    expect(thrown(() => assertNoConflict(null, "errors.noRound"))).toMatchObject({ status: 409, message: en.errors.noRound });
    expect(thrown(() => refuseUnless(false, 410, "errors.inviteUsedUp"))).toMatchObject({ status: 410, message: en.errors.inviteUsedUp });
  });

  it("refuseFields refuses a form: 400, the messages per field, what the user typed, which form", () => {
    const e = thrown(() => refuseFields({ title: ["Too long."] }, { title: "x".repeat(3) }, { form: "details" }));
    expect(e).toMatchObject({ status: 400, key: "validation.fixBelow", message: en.validation.fixBelow, fieldErrors: { title: ["Too long."] }, values: { title: "xxx" }, form: "details" });
  });

  it("keeping(values) is the same refusal with what the user typed", () => {
    const e = thrown(() => refuseFields({ minGroupSize: ["Only up."] }, undefined, { form: "thresholds" })) as Refusal;
    expect(e.values).toBeNull();
    const kept = e.keeping({ minGroupSize: "3" });
    expect(kept).toMatchObject({ status: 400, key: "validation.fixBelow", message: e.message, fieldErrors: e.fieldErrors, form: "thresholds", values: { minGroupSize: "3" } });
  });
});
