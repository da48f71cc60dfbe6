import type { TFunction } from "i18next";
import { useTranslation } from "react-i18next";
import { formatList, formatPercent } from "~/i18n/format";
import type { Classification } from "~/consensus/types";
import type { HeadlineClause } from "~/results/headline";

type T = TFunction;

/** "3 red lines have broad support across all groups; 2 split Industry (for) from Citizens (against), mostly on the evidence; 1 is uncertain." */
/** Group names are listed as the reader's language lists them ("A, B and C"; "A, B et C"). */
export function headlineSentence(clauses: readonly HeadlineClause[], t: T, language: string): string {
  const listOf = (names: string[]) => formatList(names, language);
  if (clauses.length === 0) return t("resultsPlain.headline.none");
  const parts = clauses.map((c, i) => {
    const key = c.kind === "split" ? (c.for.length > 0 ? "split" : "splitUnnamed") : c.kind;
    const names = c.kind === "split" ? { for: listOf(c.for), against: listOf(c.against) } : {};
    const clause = t(`resultsPlain.headline.${key}`, { count: c.count, context: i === 0 ? "lead" : undefined, ...names });
    return c.kind === "split" && c.mostly ? `${clause}${t("resultsPlain.headline.mostlyOn", { reason: t(`ballot.reasonShort.${c.mostly}`) })}` : clause;
  });
  return `${parts.join("; ")}.`;
}

export function ResultsHeadline({ clauses }: { clauses: readonly HeadlineClause[] }) {
  const { t, i18n } = useTranslation();
  return (
    <p className="headline" data-testid="results-headline">
      <strong>{t("resultsPlain.headlineLabel")}:</strong> {headlineSentence(clauses, t, i18n.language)}
    </p>
  );
}

/** One red line's result in a plain sentence (its class, and who is on which side of a crux). */
export function plainSentence(c: { classification: Classification; reason: { code: string; passRate?: number }; sides: { for: string[]; against: string[] } | null }, t: T, language: string): string {
  const listOf = (names: string[]) => formatList(names, language);
  switch (c.classification) {
    case "agreement":
      return t("resultsPlain.plain.agreement");
    case "disagreement":
      return c.sides && c.sides.for.length > 0 ? t("resultsPlain.plain.split", { for: listOf(c.sides.for), against: listOf(c.sides.against) }) : t("resultsPlain.plain.splitUnnamed");
    case "uncertainty":
      if (c.reason.code === "many_passes") return t("resultsPlain.plain.many_passes", { rate: formatPercent(c.reason.passRate ?? 0, language) });
      return t(c.reason.code === "low_confidence" ? "resultsPlain.plain.low_confidence" : "resultsPlain.plain.wide_intervals");
    case "no_consensus":
      return t("resultsPlain.plain.no_consensus");
    default:
      return t("resultsPlain.plain.insufficient_data");
  }
}
