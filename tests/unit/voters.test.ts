import { describe, expect, it } from "vitest";
import { countsAsVoter } from "../../app/eligibility/voters.server";

/** The one rule of who votes (decision 048), every role × flag written out. */
describe("countsAsVoter", () => {
  it.each([
    ["participant", false, true],
    ["participant", true, true],
    ["facilitator", false, false],
    ["facilitator", true, true],
    ["observer", false, false],
    ["observer", true, false],
  ] as const)("%s with also-votes %s → %s", (role, alsoVotes, votes) => {
    expect(countsAsVoter({ role, alsoVotes })).toBe(votes);
  });
});
