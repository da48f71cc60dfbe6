/**
 * A formatted number whose parts never split across lines ("14 %" on a phone): ordinary spaces
 * become no-break spaces; the narrow no-break space French puts before "%" is one already.
 */
export function noBreak(text: string): string {
  return text.replace(/ /g, "\u00a0");
}
