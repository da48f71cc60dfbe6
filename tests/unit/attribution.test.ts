import { describe, expect, it } from "vitest";
import { allowedAttributionModes, authorLabel, canChangeAttribution, type AttributionMode } from "../../app/deliberation/attribution";

const author = { displayName: "Ngozi Adeyemi", pseudonym: "Delegate 17", groupName: "Academia" };

describe("authorLabel", () => {
  it("shows the name and group in named mode", () => {
    expect(authorLabel("named", author)).toEqual({ name: "Ngozi Adeyemi", group: "Academia" });
  });
  it("shows only pseudonym and group under the Chatham House Rule", () => {
    const label = authorLabel("chatham_house", author);
    expect(label).toEqual({ name: "Delegate 17", group: "Academia" });
    expect(JSON.stringify(label)).not.toContain("Ngozi");
  });
  it("shows nothing at all in anonymous mode", () => {
    expect(authorLabel("anonymous", author)).toEqual({ name: null, group: null });
  });
});

describe("canChangeAttribution: only stricter once people have joined", () => {
  // [from, to, allowed after someone joined] — written out by hand, all 9 pairs
  const afterJoin: [AttributionMode, AttributionMode, boolean][] = [
    ["named", "named", true],
    ["named", "chatham_house", true],
    ["named", "anonymous", true],
    ["chatham_house", "named", false],
    ["chatham_house", "chatham_house", true],
    ["chatham_house", "anonymous", true],
    ["anonymous", "named", false],
    ["anonymous", "chatham_house", false],
    ["anonymous", "anonymous", true],
  ];

  it.each(afterJoin)("someone joined: %s → %s is allowed: %s", (from, to, allowed) => {
    expect(canChangeAttribution(from, to, true)).toBe(allowed);
  });

  it.each(afterJoin.map(([from, to]) => [from, to] as const))("nobody joined yet: %s → %s is allowed", (from, to) => {
    expect(canChangeAttribution(from, to, false)).toBe(true);
  });

  it("lists the modes a facilitator may still choose", () => {
    expect(allowedAttributionModes("named", true)).toEqual(["named", "chatham_house", "anonymous"]);
    expect(allowedAttributionModes("chatham_house", true)).toEqual(["chatham_house", "anonymous"]);
    expect(allowedAttributionModes("anonymous", true)).toEqual(["anonymous"]);
    expect(allowedAttributionModes("anonymous", false)).toEqual(["named", "chatham_house", "anonymous"]);
  });
});
