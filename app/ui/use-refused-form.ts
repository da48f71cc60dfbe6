import { useActionData } from "@remix-run/react";
import type { RefusedForm } from "../refusal";

/** The refused form this page's action answered (field messages and what the user typed), or null; `form` picks one of several. */
export function useRefusedForm(form?: string): RefusedForm | null {
  const data: unknown = useActionData();
  if (!isRefusedForm(data)) return null;
  return form === undefined || data.form === form ? data : null;
}

export function isRefusedForm(data: unknown): data is RefusedForm {
  return typeof data === "object" && data !== null && (data as { refused?: unknown }).refused === true;
}
