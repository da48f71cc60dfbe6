import { describe, expect, it } from "vitest";
import { languageDirection, matchLanguageTag, negotiateLanguage, parseAcceptLanguage } from "../../app/i18n/languages";

describe("Accept-Language", () => {
  it("orders the supported languages by quality, then by position, and drops the rest", () => {
    expect(parseAcceptLanguage("de-DE,de;q=0.9,fr;q=0.8,en;q=0.7")).toEqual(["fr", "en"]);
    expect(parseAcceptLanguage("en;q=0.5, ar-EG, es;q=0.9")).toEqual(["ar", "es", "en"]);
    expect(parseAcceptLanguage("fr-CA, fr;q=0.9")).toEqual(["fr"]);
    expect(parseAcceptLanguage("es;q=0, fr")).toEqual(["fr"]);
    expect(parseAcceptLanguage("")).toEqual([]);
    expect(parseAcceptLanguage(null)).toEqual([]);
    expect(parseAcceptLanguage("*;q=0.1, garbage;;q=x")).toEqual([]);
  });

  it("matches Simplified Chinese only (a traditional-script reader falls through to the next choice)", () => {
    expect(matchLanguageTag("zh-CN")).toBe("zh");
    expect(matchLanguageTag("zh-Hans-SG")).toBe("zh");
    expect(matchLanguageTag("zh")).toBe("zh");
    expect(matchLanguageTag("zh-TW")).toBeNull();
    expect(matchLanguageTag("zh-Hant")).toBeNull();
    expect(matchLanguageTag("zh-Hant-CN")).toBeNull();
    expect(parseAcceptLanguage("zh-TW, en;q=0.8")).toEqual(["en"]);
  });
});

describe("negotiating a request's language", () => {
  it("takes ?lang=, then the saved choice, then the cookie, then the browser, then the deliberation's default", () => {
    const all = { query: "ar", saved: "fr", cookie: "es", acceptLanguage: "zh-CN", deliberationDefault: "en" };
    expect(negotiateLanguage(all)).toBe("ar");
    expect(negotiateLanguage({ ...all, query: null })).toBe("fr");
    expect(negotiateLanguage({ ...all, query: "xx", saved: null })).toBe("es");
    expect(negotiateLanguage({ ...all, query: null, saved: null, cookie: null })).toBe("zh");
    expect(negotiateLanguage({ acceptLanguage: "de, it", deliberationDefault: "es" })).toBe("es");
    expect(negotiateLanguage({ acceptLanguage: "de" })).toBe("en");
    expect(negotiateLanguage({})).toBe("en");
  });

  it("writes Arabic right to left and the others left to right", () => {
    expect(languageDirection("ar")).toBe("rtl");
    for (const l of ["en", "fr", "es", "zh"] as const) expect(languageDirection(l)).toBe("ltr");
  });
});
