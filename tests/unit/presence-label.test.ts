import { describe, expect, it } from "vitest";
import { presenceLabel } from "../../app/collab/document-names";
import { en } from "../../app/i18n/en";

describe("presenceLabel", () => {
  it("names a member as name · role", () => {
    expect(presenceLabel("Delegate 45", en.roles.participant)).toBe("Delegate 45 · Participant");
  });
  it("a facilitator whose pseudonym is the role is named once, not 'Facilitator · Facilitator'", () => {
    expect(presenceLabel(en.pseudonym.facilitator, en.roles.facilitator)).toBe("Facilitator");
  });
  it("under anonymous (no name) the role alone; long names are cut", () => {
    expect(presenceLabel("  ", en.roles.observer)).toBe("Observer");
    expect(presenceLabel("x".repeat(200), en.roles.participant)).toBe(`${"x".repeat(80)} · Participant`);
  });
});
