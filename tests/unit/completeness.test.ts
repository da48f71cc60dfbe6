import { describe, expect, it } from "vitest";
import { missingParts } from "../../app/deliberation/completeness";
import { proposalSchemaFor } from "../../app/deliberation/schemas";

describe("what a red line still lacks", () => {
  it("names every encouraged part of a title-and-statement proposal, and none of a complete one", () => {
    expect(missingParts({})).toEqual(["indicator", "threshold", "ifThen", "evidence"]);
    expect(missingParts({ indicator: "x", thresholdValue: "1", thresholdUnit: "%", trigger: "t", response: "r", evidenceLinks: ["https://a.example"] })).toEqual([]);
  });

  it("counts a threshold without its unit and an if without its then as missing; blank text as empty", () => {
    expect(missingParts({ indicator: "  ", thresholdValue: "20", trigger: "t", evidenceLinks: "https://a.example" })).toEqual(["indicator", "threshold", "ifThen"]);
  });
});

describe("proposalSchemaFor", () => {
  const minimal = { title: "A short title", statement: "AI systems must not do this thing." };
  it("by default needs only title and statement; the rest reads as not specified", () => {
    const r = proposalSchemaFor({ requireTypedFields: false, categoryKeys: ["a.b"] }).safeParse(minimal);
    expect(r.success && r.data).toMatchObject({ ...minimal, category: "", scope: "", indicator: "", rationale: "", evidenceLinks: [] });
  });
  it("when required, refuses each typed field; a category must be one the deliberation offers", () => {
    const strict = proposalSchemaFor({ requireTypedFields: true, categoryKeys: ["a.b"] }).safeParse({ ...minimal, category: "c.d" });
    expect(strict.success).toBe(false);
    const fields = new Set(strict.error!.issues.map((i) => i.path[0]));
    expect([...fields].sort()).toEqual(["category", "indicator", "rationale", "response", "scope", "thresholdUnit", "thresholdValue", "trigger"]);
  });
});
