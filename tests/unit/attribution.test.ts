import { describe, expect, it } from "vitest";
import { authorLabel } from "../../app/deliberation/attribution";

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
