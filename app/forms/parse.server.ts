import type { z } from "zod";
import { badRequest } from "../http-errors.server";
import { t } from "../i18n/i18n";
import { normaliseForm } from "./normalise-text";
import { echoValues, formValues, toFieldErrors, type FieldErrors } from "./validation";

export type Parsed<T> = { ok: true; data: T; form: FormData } | { ok: false; errors: FieldErrors; values: Record<string, string | string[]> };

/**
 * Read the request's form (400 with a sentence if it is not a form), its text normalised
 * (NFC, no control, bidi-override or — in single-line fields — zero-width characters: normalise-text.ts).
 */
export async function readForm(request: Request): Promise<FormData> {
  let form: FormData;
  try {
    form = await request.formData();
  } catch {
    return badRequest(t("errors.notAForm"));
  }
  return normaliseForm(form);
}

/** Read the request's form (readForm) and run the schema on it. */
export async function parseForm<S extends z.ZodTypeAny>(request: Request, schema: S, arrays: readonly string[] = []): Promise<Parsed<z.output<S>>> {
  const form = await readForm(request);
  return parseFormData(form, schema, arrays);
}

export function parseFormData<S extends z.ZodTypeAny>(form: FormData, schema: S, arrays: readonly string[] = []): Parsed<z.output<S>> {
  const values = formValues(form, arrays);
  const result = schema.safeParse(values);
  if (result.success) return { ok: true, data: result.data, form };
  return { ok: false, errors: toFieldErrors(result.error, t), values: echoValues(values) };
}
