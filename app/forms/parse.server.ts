import type { z } from "zod";
import { t } from "../i18n/i18n";
import { isRefusal, refuse, refuseFields, type EchoedValues, type MessageKey } from "../refusal";
import { normaliseForm } from "./normalise-text";
import { echoValues, formValues, toFieldErrors, type FieldErrors } from "./validation";

/**
 * Read the request's form (400 with a sentence if it is not a form), its text normalised
 * (NFC, no control, bidi-override or — in single-line fields — zero-width characters: normalise-text.ts).
 */
export async function readForm(request: Request): Promise<FormData> {
  let form: FormData;
  try {
    form = await request.formData();
  } catch {
    return refuse(400, "errors.notAForm");
  }
  return normaliseForm(form);
}

export interface ValidateOptions {
  /** fields that may repeat (read as arrays) */
  arrays?: readonly string[];
  /** which form of the page this is, when a page has several */
  form?: string;
  /** the sentence of the refusal, when not "fix the fields below" (e.g. a resource route shows only it) */
  key?: MessageKey;
  /** values sent back in place of what the user typed (e.g. a fresh submission id: the one sent may be used up) */
  replace?: EchoedValues;
}

/** Run the form's schema on it; a rejected form is refused (400) with every field's message and what the user typed. */
export function validateForm<S extends z.ZodTypeAny>(form: FormData, schema: S, options: ValidateOptions = {}): z.output<S> {
  const values = formValues(form, options.arrays);
  const result = schema.safeParse(values);
  if (result.success) return result.data;
  const fieldErrors = toFieldErrors(result.error, t);
  const echoed = { ...echoValues(values), ...options.replace };
  if (options.key) return refuse(400, options.key, { fieldErrors, values: echoed, form: options.form });
  return refuseFields(fieldErrors, echoed, { form: options.form });
}

/** Read the request's form (readForm) and validate it (validateForm). */
export async function readValidForm<S extends z.ZodTypeAny>(request: Request, schema: S, options: ValidateOptions = {}): Promise<z.output<S>> {
  return validateForm(await readForm(request), schema, options);
}

/** Refuse a form with these field messages, echoing what it held (a check the schema cannot make, e.g. a taken email). */
export function refuseForm(form: FormData, fieldErrors: FieldErrors, options: Pick<ValidateOptions, "arrays" | "form"> = {}): never {
  return refuseFields(fieldErrors, echoValues(formValues(form, options.arrays)), { form: options.form });
}

/** Run `save`; when it refuses fields of this form without echoing them, the refusal keeps what the user typed. */
export async function keepingInput<T>(form: FormData, save: () => Promise<T>, options: Pick<ValidateOptions, "arrays" | "replace"> = {}): Promise<T> {
  try {
    return await save();
  } catch (error) {
    if (isRefusal(error) && error.fieldErrors && !error.values) throw error.keeping({ ...echoValues(formValues(form, options.arrays)), ...options.replace });
    throw error;
  }
}
