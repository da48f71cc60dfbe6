import type { TFunction } from "i18next";
import { useTranslation } from "react-i18next";
import type { Classification } from "~/consensus/types";
import { formattersFor, useFormat, type Formatters } from "~/i18n/format";
import { languageDirection } from "~/i18n/languages";
import type { HeadlineClause } from "~/results/headline";
import { isolateFor } from "./bidi";

type T = TFunction;

const english = formattersFor("en");

/** Group names joined as the language joins them, each isolated where its direction differs from the page's. */
const joinNames = (f: Formatters, items: readonly string[]) => f.list(items.map((name) => isolateFor(name, languageDirection(f.language))));

/** "3 red lines have broad support across all groups; 2 split Industry (for) from Citizens (against), mostly on the evidence; 1 is uncertain." */
export function headlineSentence(clauses: readonly HeadlineClause[], t: T, f: Formatters = english): string {
  if (clauses.length === 0) return t("resultsPlain.headline.none");
  const parts = clauses.map((c, i) => {
    const key = c.kind === "split" ? (c.for.length > 0 ? "split" : "splitUnnamed") : c.kind;
    const names = c.kind === "split" ? { for: joinNames(f, c.for), against: joinNames(f, c.against) } : {};
    const clause = t(`resultsPlain.headline.${key}`, { count: c.count, context: i === 0 ? "lead" : undefined, ...names });
    return c.kind === "split" && c.mostly ? `${clause}${t("resultsPlain.headline.mostlyOn", { reason: t(`ballot.reasonShort.${c.mostly}`) })}` : clause;
  });
  return `${parts.join("; ")}.`;
}

export function ResultsHeadline({ clauses, robustness, unstableMap }: { clauses: readonly HeadlineClause[]; robustness?: { robust: number; fragile: number } | null; unstableMap?: boolean }) {
  const { t } = useTranslation();
  const f = useFormat();
  const total = robustness ? robustness.robust + robustness.fragile : 0;
  return (
    <>
      <p className="headline" data-testid="results-headline">
        <strong>{t("resultsPlain.headlineLabel")}:</strong> {headlineSentence(clauses, t, f)}
      </p>
      {robustness && total > 0 ? (
        <p data-testid="robustness-headline">
          {robustness.fragile === 0 ? t("resultsPlain.robustHeadline", { count: total }) : t("resultsPlain.fragileHeadline", { count: robustness.fragile, total })}
          {unstableMap ? ` ${t("resultsPlain.unstableMap")}` : ""}
        </p>
      ) : unstableMap ? (
        <p data-testid="robustness-headline">{t("resultsPlain.unstableMap")}</p>
      ) : null}
    </>
  );
}

/** One red line's result in a plain sentence (its class, and who is on which side of a crux). */
export function plainSentence(c: { classification: Classification; reason: { code: string; passRate?: number }; sides: { for: string[]; against: string[] } | null }, t: T, f: Formatters = english): string {
  switch (c.classification) {
    case "agreement":
      return t("resultsPlain.plain.agreement");
    case "disagreement":
      return c.sides && c.sides.for.length > 0 ? t("resultsPlain.plain.split", { for: joinNames(f, c.sides.for), against: joinNames(f, c.sides.against) }) : t("resultsPlain.plain.splitUnnamed");
    case "uncertainty":
      if (c.reason.code === "many_passes") return t("resultsPlain.plain.many_passes", { rate: f.percent(c.reason.passRate ?? 0) });
      return t(c.reason.code === "low_confidence" ? "resultsPlain.plain.low_confidence" : "resultsPlain.plain.wide_intervals");
    case "no_consensus":
      return t("resultsPlain.plain.no_consensus");
    default:
      return t("resultsPlain.plain.insufficient_data");
  }
}
