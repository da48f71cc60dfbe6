import { t } from "../i18n/i18n";
import { LANGUAGE_LOCALES, type Language } from "../i18n/languages";
import type { Fact, FieldDrift } from "./drift-check";

const SUPERSCRIPT_DIGITS = "⁰¹²³⁴⁵⁶⁷⁸⁹";

/** A value as the reader's language writes it; very large ones as a power of ten ("10²⁶"). */
export function formatValue(value: number, language: Language): string {
  const locale = LANGUAGE_LOCALES[language];
  if (Math.abs(value) >= 1e12) {
    const exponent = Math.floor(Math.log10(Math.abs(value)) + 1e-9);
    const mantissa = Number((value / 10 ** exponent).toPrecision(6));
    const power = `10${[...String(exponent)].map((d) => SUPERSCRIPT_DIGITS[Number(d)]).join("")}`;
    return mantissa === 1 ? power : `${new Intl.NumberFormat(locale, { maximumFractionDigits: 5 }).format(mantissa)} × ${power}`;
  }
  return new Intl.NumberFormat(locale, { maximumFractionDigits: 6 }).format(Number(value.toPrecision(12)));
}

/** One fact as the drift message names it: "≥ 20 %", "72 h", "2 December 2026", "%". */
export function describeFact(fact: Fact, language: Language): string {
  switch (fact.kind) {
    case "quantity": {
      // a number that reads two ways ("1,000") is named by its more likely reading in its text's language
      const n = formatValue(fact.values[0]!, language);
      const body = fact.unit ? t(`versionTranslations.units.${fact.unit}`, { n, count: fact.values[0] }) : n;
      return fact.operator ? `${fact.operator} ${body}` : body;
    }
    case "date": {
      const options: Intl.DateTimeFormatOptions = { timeZone: "UTC", month: "long" };
      if (fact.year !== null) options.year = "numeric";
      if (fact.day !== null) options.day = "numeric";
      return new Intl.DateTimeFormat(LANGUAGE_LOCALES[language], options).format(Date.UTC(fact.year ?? 2000, fact.month - 1, fact.day ?? 1));
    }
    case "unit":
      return t(`versionTranslations.unitNames.${fact.unit}`);
  }
}

function list(facts: Fact[], language: Language): string {
  return new Intl.ListFormat(LANGUAGE_LOCALES[language], { type: "conjunction" }).format(facts.map((f) => describeFact(f, language)));
}

/** The sentence a translator reads under a field whose numbers, units, dates or operators drifted. */
export function driftMessage(drift: FieldDrift, language: Language): string {
  const original = list(drift.missing, language);
  const translation = list(drift.extra, language);
  if (drift.missing.length > 0 && drift.extra.length > 0) return t("versionTranslations.drift.both", { original, translation });
  if (drift.missing.length > 0) return t("versionTranslations.drift.missing", { original });
  return t("versionTranslations.drift.extra", { translation });
}
