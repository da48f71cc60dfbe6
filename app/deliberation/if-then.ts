/**
 * A trigger as shown after the word "If" ("If {{trigger}} → …"): people often start the trigger
 * with "If" themselves, which would read "If if …". Display only; the stored text is unchanged.
 */
export function triggerAfterIf(trigger: string): string {
  return trigger.replace(/^\s*if\s+/i, "");
}
