/**
 * A statement's robustness (app/consensus/robustness.ts, as stored in the round's results) as one
 * sentence in the reader's language: "Robust: …" or "Fragile: without Academia it becomes …; …".
 * Pure: the caller passes its translation function and number formatters.
 */
import type { TFunction } from "i18next";
import type { Classification } from "../consensus/types";

/** Why a result is fragile, with names as the reader may see them (null: a group or region not named). */
export type RobustnessBecause =
  | { check: "without_group"; group: string | null; opinion: boolean; becomes: Classification }
  | { check: "without_region"; region: string | null; becomes: Classification }
  | { check: "weighting"; weighting: "target_share" | "equal_group"; becomes: Classification }
  | { check: "bootstrap"; share: number };

export interface StatementRobustnessResult {
  robust: boolean;
  /** share of resamples keeping the class; null when no resample was drawn */
  bootstrapShare: number | null;
  because: RobustnessBecause[];
}

/** `f.percent`: a rate as a percentage in the reader's language (the UI's Formatters, or an adapter of the report's). */
export function robustnessSentence(r: StatementRobustnessResult, classification: Classification, t: TFunction, f: { percent: (rate: number) => string }): string {
  const cls = (c: Classification) => t(`consensus.classificationShort.${c}`);
  if (r.robust) {
    return r.bootstrapShare === null
      ? t("consensus.robustness.robustNoBootstrap", { classification: cls(classification) })
      : t("consensus.robustness.robust", { classification: cls(classification), share: f.percent(r.bootstrapShare) });
  }
  const reasons = r.because.map((b) => {
    switch (b.check) {
      case "without_group":
        if (b.group === null) return t("consensus.robustness.withoutHiddenGroup", { classification: cls(b.becomes) });
        return t(b.opinion ? "consensus.robustness.withoutOpinionGroup" : "consensus.robustness.withoutGroup", { group: b.group, classification: cls(b.becomes) });
      case "without_region":
        return b.region === null
          ? t("consensus.robustness.withoutHiddenRegion", { classification: cls(b.becomes) })
          : t("consensus.robustness.withoutRegion", { region: b.region, classification: cls(b.becomes) });
      case "weighting":
        return t(`consensus.robustness.weighting_${b.weighting}`, { classification: cls(b.becomes) });
      case "bootstrap":
        return t("consensus.robustness.bootstrap", { share: f.percent(b.share) });
    }
  });
  // the same sentence twice (two hidden groups) says nothing more
  return t("consensus.robustness.fragile", { reasons: [...new Set(reasons)].join(t("consensus.robustness.separator")) });
}
