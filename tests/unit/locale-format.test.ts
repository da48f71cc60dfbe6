import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { I18nextProvider } from "react-i18next";
import { describe, expect, it } from "vitest";
import { formatDeadline } from "../../app/deliberation/deadline-time";
import { formatDate, formatList, formatNumber, formatPercent, formattersFor, formatUtcDateTime, useFormat } from "../../app/i18n/format";
import { i18n } from "../../app/i18n/i18n";
import { LANGUAGE_LOCALES, SUPPORTED_LANGUAGES, type Language } from "../../app/i18n/languages";
import { noBreak } from "../../app/ui/no-break";
import { reasonSentence } from "../../app/ui/reason-text";
import { headlineSentence, plainSentence } from "../../app/ui/results-headline";

/*
 * Each language's numbers, dates and lists, checked against what Intl itself says about the
 * language (its decimal separator, its digits, its month names, its word for "and"), not against
 * strings copied from one ICU version.
 */

const part = (language: Language, value: number, type: Intl.NumberFormatPartTypes, options: Intl.NumberFormatOptions = {}) =>
  new Intl.NumberFormat(LANGUAGE_LOCALES[language], options).formatToParts(value).find((p) => p.type === type)?.value;
const digits = (language: Language, n: number) => new Intl.NumberFormat(LANGUAGE_LOCALES[language], { useGrouping: false }).format(n);

const MOMENT = "2026-12-02T23:30:00.000Z";

describe("numbers in each language", () => {
  it.each(SUPPORTED_LANGUAGES)("%s writes a decimal with its own separator and digits", (language) => {
    const decimal = part(language, 3.5, "decimal")!;
    expect(formatNumber(3.5, language, 1)).toBe(`${digits(language, 3)}${decimal}${digits(language, 5)}`);
    expect(formatNumber(2.25, language, 1)).toBe(`${digits(language, 2)}${decimal}${digits(language, 3)}`);
    expect(formatNumber(0.125, language, 3)).toBe(`${digits(language, 0)}${decimal}${digits(language, 125)}`);
  });

  it("French and Spanish have a decimal comma; English and Chinese a point", () => {
    expect(formatNumber(3.5, "fr", 1)).toBe("3,5");
    expect(formatNumber(3.5, "es", 1)).toBe("3,5");
    expect(formatNumber(3.5, "en", 1)).toBe("3.5");
    expect(formatNumber(3.5, "zh", 1)).toBe("3.5");
  });

  it.each(SUPPORTED_LANGUAGES)("%s groups thousands as it does", (language) => {
    const group = part(language, 12345, "group", { useGrouping: true });
    const plain = formatNumber(12345, language);
    // Spanish leaves a four-digit number ungrouped, but not a five-digit one
    expect(plain).toBe(group ? `${digits(language, 12)}${group}${digits(language, 345)}` : digits(language, 12345));
  });
});

describe("percentages in each language", () => {
  it("English keeps Accord's '20 %' with a space", () => {
    expect(formatPercent(0.2, "en")).toBe("20 %");
    expect(formatPercent(0.666, "en")).toBe("67 %");
  });

  it.each(SUPPORTED_LANGUAGES.filter((l) => l !== "en"))("%s writes the sign where and how Intl places it", (language) => {
    const sign = part(language, 0.2, "percentSign", { style: "percent" })!;
    const text = formatPercent(0.2, language);
    expect(text).toContain(sign);
    expect(text).toContain(digits(language, 20));
    expect(text).toBe(new Intl.NumberFormat(LANGUAGE_LOCALES[language], { style: "percent" }).format(0.2));
  });

  it("French puts a narrow no-break space before the sign; Chinese none", () => {
    expect(formatPercent(0.2, "fr")).toMatch(/^20[\u202f\u00a0]%$/);
    expect(formatPercent(0.2, "zh")).toBe("20%");
  });

  it("rounds to a whole percentage and says '—' when there is no rate", () => {
    for (const language of SUPPORTED_LANGUAGES) {
      expect(formatPercent(0.125, language)).toContain(digits(language, 13));
      expect(formatPercent(null, language)).toBe("—");
      expect(formatPercent(Number.NaN, language)).toBe("—");
    }
  });
});

describe("dates in each language, in UTC", () => {
  it.each(SUPPORTED_LANGUAGES)("%s names the day in UTC, in its own words", (language) => {
    const locale = LANGUAGE_LOCALES[language];
    const month = new Intl.DateTimeFormat(locale, { month: "long", timeZone: "UTC" }).format(new Date(MOMENT));
    const day = new Intl.DateTimeFormat(locale, { day: "numeric", timeZone: "UTC" }).format(new Date(MOMENT));
    const date = formatDate(MOMENT, language);
    expect(date).toContain(digits(language, 2026));
    // 23:30 UTC is still the 2nd, whatever the machine's own zone
    expect(date).toContain(day);
    expect(date).not.toContain(new Intl.DateTimeFormat(locale, { day: "numeric", timeZone: "UTC" }).format(new Date("2026-12-03T12:00:00Z")));
    if (language !== "ar" && language !== "zh") expect(date.toLowerCase()).toContain(month.toLowerCase());
  });

  it.each(SUPPORTED_LANGUAGES)("%s says a moment is in UTC, with the time of day in UTC", (language) => {
    const text = formatUtcDateTime(MOMENT, language);
    expect(text.endsWith(" UTC")).toBe(true);
    expect(text).toContain(new Intl.DateTimeFormat(LANGUAGE_LOCALES[language], { minute: "2-digit", timeZone: "UTC" }).format(new Date(MOMENT)).padStart(2, digits(language, 0)));
    expect(text).toContain(digits(language, 2026));
  });

  it("keeps English's established forms", () => {
    expect(formatUtcDateTime(MOMENT, "en")).toBe("Dec 2, 2026, 11:30 PM UTC");
    expect(formatDate(MOMENT, "en")).toBe("December 2, 2026");
    expect(formatDate(MOMENT, "fr")).toBe("2 décembre 2026");
  });

  it("writes a deadline in the page's language, with the zone named", () => {
    expect(formatDeadline(MOMENT, "UTC", "en")).toMatch(/^Wednesday, December 2, 2026 at 11:30\sPM UTC$/);
    const french = formatDeadline(MOMENT, "UTC", "fr");
    expect(french).toContain("mercredi");
    expect(french).toContain("décembre");
    expect(french).toContain("23:30");
    // zh is the simplified script: the same text as zh-Hans
    expect(formatDeadline(MOMENT, "Asia/Tokyo", "zh")).toBe(formatDeadline(MOMENT, "Asia/Tokyo", "zh-Hans"));
    const weekday = new Intl.DateTimeFormat("ar", { weekday: "long", timeZone: "Asia/Tokyo" }).format(new Date(MOMENT));
    expect(formatDeadline(MOMENT, "Asia/Tokyo", "ar")).toContain(weekday);
  });
});

describe("lists in each language", () => {
  it.each(SUPPORTED_LANGUAGES)("%s joins names with its own 'and'", (language) => {
    const two = new Intl.ListFormat(LANGUAGE_LOCALES[language], { type: "conjunction" }).formatToParts(["A", "B"]);
    const and = two.find((p) => p.type === "literal")!.value;
    expect(formatList(["A", "B"], language)).toBe(`A${and}B`);
    expect(formatList(["Industry"], language)).toBe("Industry");
  });

  it("says 'and' as each language does", () => {
    expect(formatList(["A", "B", "C"], "en")).toBe("A, B, and C");
    expect(formatList(["A", "B", "C"], "fr")).toBe("A, B et C");
    expect(formatList(["A", "B", "C"], "es")).toBe("A, B y C");
    expect(formatList(["A", "B", "C"], "zh")).toContain("和");
    expect(formatList(["A", "B", "C"], "ar")).toContain("و");
  });
});

describe("the page's formatters", () => {
  function Probe() {
    const f = useFormat();
    return createElement("p", null, `${f.language}|${f.percent(0.5)}|${f.number(3.5, 1)}|${f.list(["A", "B"])}`);
  }
  const render = (language: string) => renderToStaticMarkup(createElement(I18nextProvider, { i18n: i18n.cloneInstance({ lng: language, initAsync: false }) }, createElement(Probe)));

  it("follow the language of the page being rendered", () => {
    expect(render("en")).toBe("<p>en|50 %|3.5|A and B</p>");
    expect(render("fr")).toBe(`<p>fr|${formatPercent(0.5, "fr")}|3,5|A et B</p>`);
    expect(render("es")).toBe(`<p>es|${formatPercent(0.5, "es")}|3,5|A y B</p>`);
  });

  it("fall back to English for a language Accord does not speak", () => {
    expect(render("de")).toBe("<p>en|50 %|3.5|A and B</p>");
  });
});

describe("sentences with numbers in them", () => {
  const t = i18n.getFixedT("en");

  it("write a mean confidence and rates in the reader's language", () => {
    const reason = { code: "low_confidence", meanConfidence: 2.25, threshold: 2.5, n: 12 } as const;
    expect(reasonSentence(reason as never, t)).toContain("2.3");
    const french = reasonSentence(reason as never, t, formattersFor("fr"));
    expect(french).toContain("2,3");
    expect(french).toContain("2,5");
    const passes = reasonSentence({ code: "many_passes", passRate: 0.4, threshold: 0.3, n: 10 } as never, t, formattersFor("zh"));
    expect(passes).toContain("40%");
    expect(passes).toContain("30%");
  });

  it("join the groups on each side of a split as the language does", () => {
    const c = { classification: "disagreement" as const, reason: { code: "split" }, sides: { for: ["Government", "Industry"], against: ["Citizens"] } };
    expect(plainSentence(c, t)).toContain("Government and Industry");
    expect(plainSentence(c, t, formattersFor("fr"))).toContain("Government et Industry");
    const clauses = [{ kind: "split", count: 2, for: ["Academia", "Citizens"], against: ["Industry"], mostly: null }] as const;
    expect(headlineSentence(clauses as never, t, formattersFor("es"))).toContain("Academia y Citizens");
  });
});

describe("line breaks", () => {
  it("keeps a percentage on one line", () => {
    expect(noBreak(formatPercent(0.14, "en"))).toBe("14\u00a0%");
    expect(noBreak(formatPercent(0.14, "fr"))).not.toMatch(/ /);
  });
});

describe("names of the other direction inside a sentence", () => {
  const t = i18n.getFixedT("en");
  const split = { classification: "disagreement" as const, reason: { code: "split" }, sides: { for: ["Industry (AI labs)", "الحكومات"], against: ["Citizens"] } };

  it("are isolated only where their direction differs from the page's", () => {
    // an English page: the Latin name as it is, the Arabic one isolated
    const english = plainSentence(split, t);
    expect(english).toContain("Industry (AI labs) and \u2068الحكومات\u2069");
    // an Arabic page: the Latin names isolated (their parentheses stay theirs), the Arabic one as it is
    const arabic = plainSentence(split, t, formattersFor("ar"));
    expect(arabic).toContain("\u2068Industry (AI labs)\u2069");
    expect(arabic).toContain("\u2068Citizens\u2069");
    expect(arabic).not.toContain("\u2068الحكومات");
  });
});
