/**
 * The methodology's robustness paragraph from the report's facts (ReportRobustness), in any
 * language: the builder stores it in English, the outline writes it anew in the reader's.
 */
import type { TFunction } from "i18next";
import type { ReportFormat } from "./report-format";
import type { ReportRobustness } from "./report-types";

export function robustnessMethodText(r: ReportRobustness, k: number, t: TFunction, f: ReportFormat): string {
  const parts = [
    t("reportOutline.method.robustnessText", { resamples: f.int(r.resamples), share: f.pct(r.minBootstrapShare), q: f.pct(r.fdrQ) }),
    t("reportOutline.method.robustnessCount", { count: r.robust + r.fragile, robust: f.int(r.robust), fragile: f.int(r.fragile) }),
  ];
  if (r.map.stable !== null) {
    parts.push(
      r.map.stable
        ? t("reportOutline.method.mapStable", { resamples: f.int(r.resamples), ari: f.num(r.map.ari, 2), k: f.int(r.map.k), kShare: f.pct(r.map.kShare) })
        : t("reportOutline.method.mapUnstable", { resamples: f.int(r.resamples), ari: f.num(r.map.ari, 2) }),
    );
  }
  const a = r.abnormal;
  if (a.fewerThanK) parts.push(t("reportOutline.method.abnormalFew", { k: f.int(k) }));
  else if ((a.agreeAll ?? 0) + (a.disagreeAll ?? 0) + (a.tooFast ?? 0) === 0) parts.push(t("reportOutline.method.abnormalNone"));
  else parts.push(t("reportOutline.method.abnormal", { agree: f.int(a.agreeAll), disagree: f.int(a.disagreeAll), judged: f.int(a.judged), changed: f.int(a.changed) }));
  if (!a.timing) parts.push(t("reportOutline.method.abnormalNoTiming"));
  return parts.reduce((first, second) => t("reportOutline.twoSentences", { first, second }));
}
