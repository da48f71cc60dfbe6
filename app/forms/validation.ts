import type { TFunction } from "i18next";
import { dynamicKey } from "../i18n/i18n";
import type { z } from "zod";

import type { EchoedValues, FieldErrors } from "../refusal";

export type { FieldErrors };

/** Translate one zod issue into a sentence a person understands. */
export function issueMessage(issue: z.ZodIssue, t: TFunction): string {
  if (/^(\w+\.)?validation\./.test(issue.message)) {
    return t(dynamicKey(issue.message), (issue as { params?: Record<string, unknown> }).params ?? {});
  }
  switch (issue.code) {
    case "too_small":
      if (issue.type === "string") {
        return Number(issue.minimum) <= 1
          ? t("validation.required")
          : t("validation.tooShort", { min: Number(issue.minimum) });
      }
      if (issue.type === "array") return t("validation.required");
      return t("validation.tooSmall", { min: Number(issue.minimum) });
    case "too_big":
      if (issue.type === "string") return t("validation.tooLong", { max: Number(issue.maximum) });
      if (issue.type === "array") return t("validation.tooMany", { max: Number(issue.maximum) });
      return t("validation.tooBig", { max: Number(issue.maximum) });
    case "invalid_enum_value":
    case "invalid_literal":
    case "invalid_union":
      return t("validation.choose");
    case "invalid_type":
      return issue.received === "undefined" || issue.received === "null"
        ? t("validation.required")
        : t("validation.invalid");
    case "invalid_string":
      if (issue.validation === "email") return t("validation.email");
      if (issue.validation === "url") return t("validation.url");
      return t("validation.invalid");
    default:
      return t("validation.invalid");
  }
}

export function toFieldErrors(error: z.ZodError, t: TFunction): FieldErrors {
  const out: FieldErrors = {};
  for (const issue of error.issues) {
    const key = issue.path.length ? String(issue.path[0]) : "form";
    (out[key] ??= []).push(issueMessage(issue, t));
  }
  return out;
}

/**
 * Plain strings from a form; a file or other non-text value becomes `undefined`, which the
 * schema then reports as missing instead of crashing.
 */
export function formValues(form: FormData, arrays: readonly string[] = []): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of new Set(form.keys())) {
    const all = form.getAll(key).map((v) => (typeof v === "string" ? v : undefined));
    out[key] = arrays.includes(key) ? all : all[0];
  }
  for (const key of arrays) out[key] ??= [];
  return out;
}

/** What the user typed, echoed back with a 400 so the form keeps it (strings only, capped). */
export function echoValues(values: Record<string, unknown>): EchoedValues {
  const out: EchoedValues = {};
  for (const [k, v] of Object.entries(values)) {
    if (k === "password" || k === "csrf") continue;
    if (typeof v === "string") out[k] = v.slice(0, 10_000);
    else if (Array.isArray(v)) out[k] = v.filter((x): x is string => typeof x === "string").map((x) => x.slice(0, 10_000));
  }
  return out;
}
