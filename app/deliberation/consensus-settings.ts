import { z } from "zod";
import { DEFAULT_THRESHOLDS, type Thresholds } from "../consensus/types";

/** The facilitator's threshold form: rates as percentages in the form, stored as 0..1. */
export const ThresholdsSchema = z.object({
  agreementLowerBound: z.coerce.number({ invalid_type_error: "validation.percent" }).min(0).max(100),
  agreementGroupRate: z.coerce.number({ invalid_type_error: "validation.percent" }).min(0).max(100),
  agreementOverall: z.coerce.number({ invalid_type_error: "validation.percent" }).min(0).max(100),
  disagreementSpread: z.coerce.number({ invalid_type_error: "validation.percent" }).min(1).max(100),
  uncertaintyPassRate: z.coerce.number({ invalid_type_error: "validation.percent" }).min(1).max(100),
  uncertaintyConfidence: z.coerce.number({ invalid_type_error: "validation.number" }).min(1).max(5),
  uncertaintyIntervalWidth: z.coerce.number({ invalid_type_error: "validation.percent" }).min(1).max(100),
  minVotes: z.coerce.number({ invalid_type_error: "validation.number" }).int().min(1).max(100_000),
  minGroupSize: z.coerce.number({ invalid_type_error: "validation.number" }).int().min(1).max(1000),
});

export const PERCENT_KEYS = ["agreementLowerBound", "agreementGroupRate", "agreementOverall", "disagreementSpread", "uncertaintyPassRate", "uncertaintyIntervalWidth"] as const;

export function thresholdsFromForm(v: z.output<typeof ThresholdsSchema>): Thresholds {
  const out = { ...v } as Thresholds;
  for (const k of PERCENT_KEYS) out[k] = v[k] / 100;
  return out;
}

export function thresholdsToForm(t: Thresholds): Record<keyof Thresholds, string> {
  const out = {} as Record<keyof Thresholds, string>;
  for (const [k, v] of Object.entries(t) as [keyof Thresholds, number][]) {
    out[k] = (PERCENT_KEYS as readonly string[]).includes(k) ? String(Math.round(v * 1000) / 10) : String(v);
  }
  return out;
}

/** Stored overrides, tolerant of anything malformed (falls back to defaults, never throws). */
export function parseThresholds(json: string | null | undefined): Partial<Thresholds> {
  if (!json) return {};
  try {
    const raw: unknown = JSON.parse(json);
    if (!raw || typeof raw !== "object") return {};
    const out: Partial<Thresholds> = {};
    for (const key of Object.keys(DEFAULT_THRESHOLDS) as (keyof Thresholds)[]) {
      const v = (raw as Record<string, unknown>)[key];
      if (typeof v === "number" && Number.isFinite(v)) out[key] = v;
    }
    return out;
  } catch {
    return {};
  }
}

export function effectiveThresholds(overrides: Partial<Thresholds>, minGroupSize: number): Thresholds {
  return { ...DEFAULT_THRESHOLDS, minGroupSize, ...overrides };
}
