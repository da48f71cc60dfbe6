import { describe, expect, it } from "vitest";
import { en } from "../../app/i18n/en";
import { SUPPORTED_LANGUAGES } from "../../app/i18n/languages";
import { GLOSSARY_TERMS, type Glossary, type GlossaryTerm } from "../../app/i18n/glossary/terms";

type Tree = { [key: string]: string | Tree };

const locales = import.meta.glob<Tree>("../../app/i18n/locales/*.ts", { eager: true, import: "default" });
const glossaries = import.meta.glob<Glossary>("../../app/i18n/glossary/*.ts", { eager: true, import: "glossary" });

const PLURAL = /_(zero|one|two|few|many|other)$/;

function flatten(tree: Tree, prefix = ""): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === "string") out.set(path, value);
    else for (const [k, v] of flatten(value, path)) out.set(k, v);
  }
  return out;
}

/** The key set with plural variants folded to their base (`x_one`, `x_other` → `x#plural`). */
function baseKeys(strings: Map<string, string>): Set<string> {
  return new Set([...strings.keys()].map((k) => (PLURAL.test(k) ? k.replace(PLURAL, "#plural") : k)));
}

function variables(text: string): string[] {
  return [...text.matchAll(/\{\{\s*([\w.]+)[^}]*\}\}/g)].map((m) => m[1]).sort();
}

const english = flatten(en as unknown as Tree);
const languages = Object.entries(locales).map(([file, strings]) => ({ language: file.match(/([\w-]+)\.ts$/)![1], strings: flatten(strings) }));

describe("the locale files", () => {
  it("exist for every supported language but English, and only for those", () => {
    expect(languages.map((l) => l.language).sort()).toEqual(SUPPORTED_LANGUAGES.filter((l) => l !== "en").sort());
  });
});

describe("the English strings", () => {
  it("use the same variables in both plural forms (besides count)", () => {
    const wrong: string[] = [];
    for (const [key, value] of english) {
      if (!key.endsWith("_other")) continue;
      const one = english.get(key.replace(/_other$/, "_one")) ?? "";
      const others = (text: string) => [...new Set(variables(text).filter((v) => v !== "count"))].join();
      if (others(value) !== others(one)) wrong.push(`${key}: ${others(value)} ≠ ${others(one)}`);
    }
    expect(wrong).toEqual([]);
  });

  it("use one plural pair per plural key (one and other)", () => {
    const bases = [...english.keys()].filter((k) => PLURAL.test(k)).map((k) => k.replace(PLURAL, ""));
    for (const base of new Set(bases)) {
      expect([english.has(`${base}_one`), english.has(`${base}_other`)], base).toEqual([true, true]);
    }
  });
});

describe.each(languages)("the $language strings", ({ language, strings }) => {
  const categories = new Intl.PluralRules(language).resolvedOptions().pluralCategories;

  it("have exactly the English key set (plural keys folded to their base)", () => {
    const missing = [...baseKeys(english)].filter((k) => !baseKeys(strings).has(k));
    const extra = [...baseKeys(strings)].filter((k) => !baseKeys(english).has(k));
    expect({ missing, extra }).toEqual({ missing: [], extra: [] });
  });

  it("carry exactly the plural categories of the language on every plural key", () => {
    const wrong: string[] = [];
    const bases = new Set([...english.keys()].filter((k) => PLURAL.test(k)).map((k) => k.replace(PLURAL, "")));
    for (const base of bases) {
      const present = [...strings.keys()].filter((k) => k.replace(PLURAL, "") === base && PLURAL.test(k)).map((k) => k.match(PLURAL)![1]).sort();
      if (present.join() !== [...categories].sort().join()) wrong.push(`${base}: ${present.join(",")}`);
    }
    expect(wrong).toEqual([]);
  });

  it("use the same interpolation variables as English in every string", () => {
    const wrong: string[] = [];
    for (const [key, value] of strings) {
      const englishKey = PLURAL.test(key) ? key.replace(PLURAL, "_other") : key;
      const source = english.get(englishKey);
      if (source === undefined) continue;
      // a plural form may leave out {{count}} (Arabic "one", "two" say the number in words)
      const expected = variables(source).filter((v) => !(PLURAL.test(key) && v === "count"));
      const actual = variables(value).filter((v) => !(PLURAL.test(key) && v === "count"));
      if ([...new Set(expected)].join() !== [...new Set(actual)].join()) wrong.push(`${key}: ${[...new Set(actual)].join(",")} ≠ ${[...new Set(expected)].join(",")}`);
    }
    expect(wrong).toEqual([]);
  });

  it("leave no string empty or untranslated English", () => {
    const suspicious = [...strings].filter(([key, value]) => value.trim() === "" || (value === english.get(key) && /\s\w+\s\w+\s/.test(value)));
    expect(suspicious.map(([k]) => k)).toEqual([]);
  });

  it("translate every glossary term the same way everywhere", () => {
    const glossary = glossaries[`../../app/i18n/glossary/${language}.ts`];
    expect(glossary, `app/i18n/glossary/${language}.ts`).toBeDefined();
    const misses: string[] = [];
    for (const term of Object.keys(GLOSSARY_TERMS) as GlossaryTerm[]) {
      const entry = glossary[term];
      expect(entry, term).toBeDefined();
      const match = new RegExp(GLOSSARY_TERMS[term].match, "i");
      const accept = new RegExp(entry.accept, "iu");
      for (const [key, source] of english) {
        if (!match.test(source) || entry.exceptions?.[key]) continue;
        const translated = PLURAL.test(key) ? [...strings].filter(([k]) => k.replace(PLURAL, "") === key.replace(PLURAL, "")).map(([, v]) => v) : [strings.get(key) ?? ""];
        for (const text of translated) if (!accept.test(text)) misses.push(`${term} @ ${key}: ${text}`);
      }
    }
    expect(misses).toEqual([]);
  });
});
