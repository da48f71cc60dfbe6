import { useTranslation } from "react-i18next";
import { DEFAULT_LANGUAGE, isLanguage, LANGUAGE_LOCALES, type Language } from "./languages";

/*
 * Numbers, percentages, dates and lists in the reader's language, through Intl (decision 051).
 * English keeps Accord's established "20 %" (a space before the sign, as SI writing has it); the
 * other languages follow their own conventions ("20 %" with a narrow space in French, "20%" in
 * Chinese, "٢٠٪" in Arabic).
 */

function localeOf(language: string): string {
  return LANGUAGE_LOCALES[isLanguage(language) ? language : DEFAULT_LANGUAGE];
}

const numberFormats = new Map<string, Intl.NumberFormat>();
function numberFormat(language: string, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  const key = `${language}|${JSON.stringify(options)}`;
  let found = numberFormats.get(key);
  if (!found) {
    found = new Intl.NumberFormat(localeOf(language), options);
    numberFormats.set(key, found);
  }
  return found;
}

/** A whole number or decimal in the language's digits and separators. */
export function formatNumber(value: number, language: string, fractionDigits?: number): string {
  return numberFormat(language, fractionDigits === undefined ? {} : { minimumFractionDigits: fractionDigits, maximumFractionDigits: fractionDigits }).format(value);
}

/** A rate (0…1) as a whole percentage; "—" when there is none. */
export function formatPercent(rate: number | null | undefined, language: string): string {
  if (rate === null || rate === undefined || !Number.isFinite(rate)) return "—";
  if (language === "en") return `${Math.round(rate * 100)} %`;
  return numberFormat(language, { style: "percent", maximumFractionDigits: 0 }).format(Math.round(rate * 100) / 100);
}

/** A moment in UTC, said so ("2 Dec 2026, 14:05 UTC" in the language's own order). */
export function formatUtcDateTime(iso: string, language: string, style: "short" | "medium" = "medium"): string {
  return new Intl.DateTimeFormat(localeOf(language), { dateStyle: style, timeStyle: "short", timeZone: "UTC", timeZoneName: undefined }).format(new Date(iso)) + " UTC";
}

/** A day ("2 December 2026"), in UTC. */
export function formatDate(iso: string, language: string): string {
  return new Intl.DateTimeFormat(localeOf(language), { dateStyle: "long", timeZone: "UTC" }).format(new Date(iso));
}

/** Names joined as the language joins them ("A, B and C"; "A、B和C"; "A وB وC"). */
export function formatList(items: readonly string[], language: string): string {
  return new Intl.ListFormat(localeOf(language), { style: "long", type: "conjunction" }).format(items);
}

export interface Formatters {
  language: Language;
  number: (value: number, fractionDigits?: number) => string;
  percent: (rate: number | null | undefined) => string;
  utcDateTime: (iso: string, style?: "short" | "medium") => string;
  date: (iso: string) => string;
  list: (items: readonly string[]) => string;
}

export function formattersFor(language: string): Formatters {
  const lang = isLanguage(language) ? language : DEFAULT_LANGUAGE;
  return {
    language: lang,
    number: (value, digits) => formatNumber(value, lang, digits),
    percent: (rate) => formatPercent(rate, lang),
    utcDateTime: (iso, style) => formatUtcDateTime(iso, lang, style),
    date: (iso) => formatDate(iso, lang),
    list: (items) => formatList(items, lang),
  };
}

/** The formatters of the page's language. */
export function useFormat(): Formatters {
  const { i18n } = useTranslation();
  return formattersFor(i18n.language);
}
