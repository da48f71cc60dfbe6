import { describe, expect, it } from "vitest";
import { t } from "../../app/i18n/i18n";
import { cruxReasonSentence, type ReasonBreakdown } from "../../app/results/disagreement-reasons";

/**
 * The sentence that says why a crux divides people. With more than two groups on its sides, a list
 * of every group says nothing ("Government, Civil society, Academia, Citizens and Industry disagree
 * …"): it names the smaller side against the rest.
 */
const tr = t;
const breakdown = (counts: Partial<ReasonBreakdown["overall"]>): ReasonBreakdown => {
  const overall = { evidence: 0, values: 0, timeline: 0, threshold: 0, wording: 0, ...counts };
  return { given: Object.values(overall).reduce((a, b) => a + b, 0), overall, groups: [] };
};

describe("the crux reason sentence", () => {
  it("names the smaller side against the other groups when more than two groups take sides", () => {
    const fourToOne = { for: ["Government", "Civil society", "Academia", "Citizens"], against: ["Industry"] };
    expect(cruxReasonSentence(breakdown({ evidence: 8, threshold: 3 }), fourToOne, tr)).toBe("Industry versus the other groups: mainly about the evidence.");
    const threeToTwo = { for: ["Civil society", "Academia", "Citizens"], against: ["Government", "Industry"] };
    expect(cruxReasonSentence(breakdown({ values: 8, wording: 3 }), threeToTwo, tr)).toBe("Government and Industry versus the other groups: mainly about values.");
    // the "for" side is the smaller one
    const oneToTwo = { for: ["Civil society"], against: ["Government", "Industry"] };
    expect(cruxReasonSentence(breakdown({ values: 4, evidence: 4 }), oneToTwo, tr)).toBe("Civil society versus the other groups: for mixed reasons.");
  });

  it("names both groups when only two take sides, and participants when no side can be named", () => {
    expect(cruxReasonSentence(breakdown({ evidence: 5 }), { for: ["Civil society"], against: ["Industry"] }, tr)).toBe("Civil society and Industry disagree mainly on the evidence.");
    expect(cruxReasonSentence(breakdown({ evidence: 2, values: 2 }), null, tr)).toBe("Participants disagree for mixed reasons.");
  });
});
