import { describe, expect, it } from "vitest";
import { makeRedactor, NAME_REMOVED } from "../../app/report/build-report";

describe("makeRedactor", () => {
  const redact = makeRedactor(["Lucía Fernández", "Delegate 1", "Delegate 17", "Ana", "O'Brien", "kenji@example.org"]);

  it("removes whole names in any case, longest first, and every email address", () => {
    expect(redact("As lucía fernández said to Delegate 17 and DELEGATE 1.")).toBe(`As ${NAME_REMOVED} said to ${NAME_REMOVED} and ${NAME_REMOVED}.`);
    expect(redact("Write to someone@else.org or kenji@example.org")).toBe(`Write to ${NAME_REMOVED} or ${NAME_REMOVED}`);
    expect(redact("Ask O'Brien.")).toBe(`Ask ${NAME_REMOVED}.`);
  });

  it("leaves words that only contain a name", () => {
    expect(redact("Anastasia and Banana; Delegate 170 too")).toBe("Anastasia and Banana; Delegate 170 too");
  });

  it("scales to thousands of names (one scan per text)", () => {
    const many = Array.from({ length: 5000 }, (_, i) => `Delegate ${i + 1}`);
    const r = makeRedactor(many);
    expect(r("Delegate 4999 agreed with Delegate 12.")).toBe(`${NAME_REMOVED} agreed with ${NAME_REMOVED}.`);
  });
});
