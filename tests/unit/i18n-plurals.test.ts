import { describe, expect, it } from "vitest";
import { i18n } from "../../app/i18n/i18n";
import ar from "../../app/i18n/locales/ar";
import fr from "../../app/i18n/locales/fr";
import zh from "../../app/i18n/locales/zh";
import "../../app/i18n/server-languages.server";

/** Each language picks its plural form by its own rules (CLDR through Intl.PluralRules), not English's one/other. */
describe("plural forms per language", () => {
  const strings = (tree: Record<string, unknown>, key: string) => (tree.importPolis as Record<string, string>)[key]!;

  it("Arabic uses six forms: 0, 1, 2, 3–10, 11–99 and 100", () => {
    const t = i18n.getFixedT("ar");
    const say = (count: number) => t("importPolis.tooMany", { count });
    expect(say(0)).toBe(strings(ar, "tooMany_zero").replace("{{count}}", "0"));
    expect(say(1)).toBe(strings(ar, "tooMany_one").replace("{{count}}", "1"));
    expect(say(2)).toBe(strings(ar, "tooMany_two").replace("{{count}}", "2"));
    expect(say(3)).toBe(strings(ar, "tooMany_few").replace("{{count}}", "3"));
    expect(say(11)).toBe(strings(ar, "tooMany_many").replace("{{count}}", "11"));
    expect(say(100)).toBe(strings(ar, "tooMany_other").replace("{{count}}", "100"));
    expect(new Set([0, 1, 2, 3, 11].map(say)).size).toBe(5);
  });

  it("French says one for 0 and 1, and the 'de' form for a million", () => {
    const t = i18n.getFixedT("fr");
    expect(t("importPolis.tooMany", { count: 0 })).toBe(strings(fr, "tooMany_one").replace("{{count}}", "0"));
    expect(t("importPolis.tooMany", { count: 1 })).toBe(strings(fr, "tooMany_one").replace("{{count}}", "1"));
    expect(t("importPolis.tooMany", { count: 5 })).toBe(strings(fr, "tooMany_other").replace("{{count}}", "5"));
    expect(t("importPolis.tooMany", { count: 1_000_000 })).toBe(strings(fr, "tooMany_many").replace("{{count}}", "1000000"));
  });

  it("Chinese has one form for every number; English one and other", () => {
    const zhT = i18n.getFixedT("zh");
    for (const count of [0, 1, 2, 100]) expect(zhT("importPolis.tooMany", { count })).toBe(strings(zh, "tooMany_other").replace("{{count}}", String(count)));
    const enT = i18n.getFixedT("en");
    expect(enT("importPolis.tooMany", { count: 1 })).toMatch(/1 minute\.$/);
    expect(enT("importPolis.tooMany", { count: 0 })).toMatch(/0 minutes\.$/);
  });
});
