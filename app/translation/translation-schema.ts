import { z } from "zod";
import { LIMITS } from "../deliberation/schemas";
import { SUPPORTED_LANGUAGES } from "../i18n/languages";
import type { TranslatableField } from "./drift-check";

/** A translation may run longer than its original (French and Spanish often do): twice the original's limit. */
export const TRANSLATION_LIMITS: Record<TranslatableField, number> = {
  title: 2 * LIMITS.proposalTitle,
  statement: 2 * LIMITS.statement,
  rationale: 2 * LIMITS.rationale,
  indicator: 2 * LIMITS.indicator,
  thresholdValue: 2 * LIMITS.thresholdValue,
  thresholdUnit: 2 * LIMITS.thresholdUnit,
  trigger: 2 * LIMITS.trigger,
  response: 2 * LIMITS.response,
};

const part = (field: TranslatableField) => z.string().trim().max(TRANSLATION_LIMITS[field]).default("");

/**
 * The translation form: the version it was written against (its id and the hash of its words, so
 * a change meanwhile is noticed), the language, and each part. Which parts are required depends on
 * the original (a part it leaves empty stays empty): the service checks that, and the drift.
 */
export const TranslationSchema = z.object({
  versionId: z.string().min(1).max(40),
  sourceHash: z.string().regex(/^[0-9a-f]{64}$/),
  language: z.enum(SUPPORTED_LANGUAGES),
  title: part("title"),
  statement: part("statement"),
  rationale: part("rationale"),
  indicator: part("indicator"),
  thresholdValue: part("thresholdValue"),
  thresholdUnit: part("thresholdUnit"),
  trigger: part("trigger"),
  response: part("response"),
});
export type TranslationInput = z.output<typeof TranslationSchema>;

/** The language a new proposal is written in (the propose form's select); a form without it (an older page, a script) leaves the default. */
export const OriginalLanguageSchema = z.object({ language: z.enum(SUPPORTED_LANGUAGES).optional() });
