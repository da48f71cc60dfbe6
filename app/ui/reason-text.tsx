import type { TFunction } from "i18next";
import { useTranslation } from "react-i18next";
import type { Reason } from "~/consensus/codify";
import { formattersFor, useFormat, type Formatters } from "~/i18n/format";

/** The engine's reason (code + numbers) as one sentence in the reader's language. */
export function ReasonText({ reason }: { reason: Reason }) {
  const { t } = useTranslation();
  return <>{reasonSentence(reason, t, useFormat())}</>;
}

/** `f`: the numbers' formatters, the reader's language's (English when not given, as the report builder calls it). */
export function reasonSentence(reason: Reason, t: TFunction, f: Formatters = formattersFor("en")): string {
  const pct = (x: number) => f.percent(x);
  // percentage points: a whole number
  const pts = (x: number) => f.number(Math.round(x * 100));
  switch (reason.code) {
    case "too_few_votes":
      return t("consensus.reason.too_few_votes", { n: reason.n, min: reason.min });
    case "small_group":
      // never the count: a breakdown of a group below k is suppressed everywhere it is read
      return t("consensus.reason.small_group", { group: reason.group, min: reason.min });
    case "many_passes":
      return t("consensus.reason.many_passes", { rate: pct(reason.passRate), threshold: pct(reason.threshold), n: reason.n });
    case "low_confidence":
      return t("consensus.reason.low_confidence", { mean: f.number(reason.meanConfidence, 1), threshold: f.number(reason.threshold) });
    case "all_agree":
      return reason.lowest
        ? t("consensus.reason.all_agree", { count: reason.groups, group: reason.lowest.group, rate: pct(reason.lowest.rate), low: pct(reason.lowest.interval.low), high: pct(reason.lowest.interval.high), n: reason.lowest.n })
        : t("consensus.reason.all_agree_overall", { rate: pct(reason.overall) });
    case "split":
      return t("consensus.reason.split", { high: reason.high.group, highRate: pct(reason.high.rate), low: reason.low.group, lowRate: pct(reason.low.rate), spread: pts(reason.spread) });
    case "wide_intervals":
      return t("consensus.reason.wide_intervals", { group: reason.group, width: pts(reason.width) });
    case "no_consensus":
      return reason.spread === null
        ? t("consensus.reason.no_consensus_overall", { rate: pct(reason.overall) })
        : t("consensus.reason.no_consensus", { rate: pct(reason.overall), spread: pts(reason.spread) });
  }
}
