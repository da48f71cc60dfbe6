import { describe, expect, it } from "vitest";
import { formatDate, formatList, formatNumber, formatPercent, formatUtcDateTime } from "../../app/i18n/format";

describe("numbers, dates and lists in the reader's language", () => {
  it("percentages: English keeps '20 %', the others follow their own convention", () => {
    expect(formatPercent(0.2, "en")).toBe("20 %");
    expect(formatPercent(0.2, "fr")).toMatch(/^20[\u202f\u00a0]%$/);
    expect(formatPercent(0.2, "zh")).toBe("20%");
    expect(formatPercent(0.204, "es")).toMatch(/^20[\s\u00a0\u202f]?%$/);
    expect(formatPercent(0.2, "ar")).toMatch(/(20|٢٠)/);
    expect(formatPercent(null, "fr")).toBe("—");
    expect(formatPercent(Number.NaN, "en")).toBe("—");
  });

  it("decimals: a comma in French and Spanish, a point in English and Chinese", () => {
    expect(formatNumber(3.5, "fr", 1)).toBe("3,5");
    expect(formatNumber(3.5, "es", 1)).toBe("3,5");
    expect(formatNumber(3.5, "en", 1)).toBe("3.5");
    expect(formatNumber(3.5, "zh", 1)).toBe("3.5");
    expect(formatNumber(12345, "fr")).toMatch(/^12[\u202f\u00a0 ]345$/);
  });

  it("dates and times in each language's order, in UTC and saying so", () => {
    expect(formatDate("2026-12-02T18:00:00Z", "en")).toBe("December 2, 2026");
    expect(formatDate("2026-12-02T18:00:00Z", "fr")).toBe("2 décembre 2026");
    expect(formatDate("2026-12-02T18:00:00Z", "es")).toBe("2 de diciembre de 2026");
    expect(formatDate("2026-12-02T18:00:00Z", "zh")).toBe("2026年12月2日");
    expect(formatUtcDateTime("2026-12-02T18:05:00Z", "fr")).toMatch(/2 déc\. 2026.*18:05 UTC$/);
    expect(formatUtcDateTime("2026-12-02T18:05:00Z", "en")).toMatch(/UTC$/);
  });

  it("lists joined as each language joins them", () => {
    expect(formatList(["A", "B", "C"], "en")).toBe("A, B, and C");
    expect(formatList(["A", "B", "C"], "fr")).toBe("A, B et C");
    expect(formatList(["A", "B", "C"], "es")).toBe("A, B y C");
    expect(formatList(["A", "B"], "zh")).toBe("A和B");
  });
});
