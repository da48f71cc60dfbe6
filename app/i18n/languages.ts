/**
 * The languages Accord speaks, and how a request's language is chosen (pure: no I/O, used by the
 * server and the browser alike). Decision 051.
 */
export const SUPPORTED_LANGUAGES = ["en", "fr", "es", "zh", "ar"] as const;
export type Language = (typeof SUPPORTED_LANGUAGES)[number];
export const DEFAULT_LANGUAGE: Language = "en";

/** Each language by its own name (a switcher lists them so, whatever the page's language). */
export const LANGUAGE_NAMES: Record<Language, string> = {
  en: "English",
  fr: "Français",
  es: "Español",
  zh: "中文（简体）",
  ar: "العربية",
};

/** BCP 47 tags for Intl (Chinese is the simplified script). */
export const LANGUAGE_LOCALES: Record<Language, string> = { en: "en", fr: "fr", es: "es", zh: "zh-Hans", ar: "ar" };

export function isLanguage(value: unknown): value is Language {
  return typeof value === "string" && (SUPPORTED_LANGUAGES as readonly string[]).includes(value);
}

export function languageDirection(language: Language): "ltr" | "rtl" {
  return language === "ar" ? "rtl" : "ltr";
}

/** A supported language for a tag such as `fr-CA`, `zh-Hans-CN`, `zh-TW` (none: traditional script), `AR`. */
export function matchLanguageTag(tag: string): Language | null {
  const parts = tag.trim().toLowerCase().split(/[-_]/);
  const primary = parts[0];
  if (primary === "zh") {
    // Simplified Chinese only: a reader of the traditional script (Taiwan, Hong Kong, Macao) is better served by the next choice
    const traditional = parts.includes("hant") || (!parts.includes("hans") && ["tw", "hk", "mo"].some((r) => parts.includes(r)));
    return traditional ? null : "zh";
  }
  return isLanguage(primary) ? primary : null;
}

/** The languages of an Accept-Language header in the reader's order of preference (q-values), supported ones only. */
export function parseAcceptLanguage(header: string | null | undefined): Language[] {
  if (!header) return [];
  const ranked = header
    .split(",")
    .map((part, index) => {
      const [tag, ...params] = part.trim().split(";");
      const q = params.map((p) => p.trim()).find((p) => p.startsWith("q="));
      const quality = q ? Number(q.slice(2)) : 1;
      return { tag, quality: Number.isFinite(quality) ? quality : 0, index };
    })
    .filter((r) => r.tag && r.quality > 0)
    .sort((a, b) => b.quality - a.quality || a.index - b.index);
  const out: Language[] = [];
  for (const { tag } of ranked) {
    const language = matchLanguageTag(tag);
    if (language && !out.includes(language)) out.push(language);
  }
  return out;
}

export interface LanguageChoices {
  /** `?lang=` on this request: read once, not saved */
  query?: string | null;
  /** the signed-in person's saved choice */
  saved?: string | null;
  /** the switcher's cookie, for someone not signed in */
  cookie?: string | null;
  acceptLanguage?: string | null;
  /** the deliberation's default language, on its pages */
  deliberationDefault?: string | null;
}

/** The language of a request: `?lang=`, else the saved choice, else the cookie, else Accept-Language, else the deliberation's default, else English. */
export function negotiateLanguage(choices: LanguageChoices): Language {
  for (const candidate of [choices.query, choices.saved, choices.cookie]) {
    if (isLanguage(candidate)) return candidate;
  }
  const accepted = parseAcceptLanguage(choices.acceptLanguage);
  if (accepted.length > 0) return accepted[0];
  return isLanguage(choices.deliberationDefault) ? choices.deliberationDefault : DEFAULT_LANGUAGE;
}
