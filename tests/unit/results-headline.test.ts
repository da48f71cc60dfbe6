import { describe, expect, it } from "vitest";
import { buildHeadline } from "../../app/results/headline";
import { headlineSentence } from "../../app/ui/results-headline";
import { i18n, t } from "../../app/i18n/i18n";
import "../../app/i18n/server-languages.server";
import { formattersFor } from "../../app/i18n/format";

const split = (mainReason: "evidence" | "values" | null, forGroups = ["Civil society"], against = ["Industry"]) => ({
  classification: "disagreement" as const,
  sides: { for: forGroups, against },
  mainReason,
});

describe("the results headline says what a split is mostly about", () => {
  it("names the reason most of a clause's cruxes share", () => {
    const clauses = buildHeadline([split("evidence"), split("evidence"), split("values"), { classification: "agreement", sides: null }]);
    expect(clauses[1]).toMatchObject({ kind: "split", count: 3, mostly: "evidence" });
    expect(headlineSentence(clauses, t, formattersFor("en"))).toBe(
      "1 red line has broad support across all groups; 3 split Civil society (for) from Industry (against), mostly on the evidence.",
    );
  });

  it("says nothing about reasons when no reason is the main one of more than half", () => {
    const clauses = buildHeadline([split("evidence"), split("values"), split(null), split(null)]);
    expect(clauses[0]).toMatchObject({ kind: "split", count: 4, mostly: null });
    expect(headlineSentence(clauses, t, formattersFor("en"))).toBe("4 red lines split Civil society (for) from Industry (against).");
  });

  it("keeps each pair of sides apart, each with its own reason", () => {
    const clauses = buildHeadline([split("values", ["Citizens"], ["Government"]), split("evidence")]);
    expect(headlineSentence(clauses, t, formattersFor("en"))).toBe(
      "1 red line splits Citizens (for) from Government (against), mostly on values; 1 splits Civil society (for) from Industry (against), mostly on the evidence.",
    );
  });

  it("lists the groups of a side as the reader's language does", () => {
    const clauses = buildHeadline([split(null, ["Government", "Civil society", "Academia"], ["Industry"])]);
    const fr = headlineSentence(clauses, i18n.getFixedT("fr"), formattersFor("fr"));
    expect(fr).toContain("Government, Civil society et Academia");
    expect(fr).not.toContain(" and ");
    expect(headlineSentence(clauses, t, formattersFor("en"))).toContain("Government, Civil society, and Academia");
  });
});
