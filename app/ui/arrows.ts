import { useTranslation } from "react-i18next";
import { isLanguage, languageDirection } from "~/i18n/languages";

/**
 * Strings carry arrows as English reads them: "←" back, "→" forward or "becomes". A right-to-left
 * page reads the other way, so there each arrow is turned round ("← Previous" becomes "→ Previous",
 * which the bidi algorithm then places at the line's right, its start). Translations keep the
 * English arrows; the page turns them.
 */
export function mirrorArrows(text: string, direction: "ltr" | "rtl"): string {
  if (direction === "ltr") return text;
  return text.replace(/[←→]/g, (arrow) => (arrow === "←" ? "→" : "←"));
}

/** `mirrorArrows` for the page's direction. */
export function useArrows(): (text: string) => string {
  const { i18n } = useTranslation();
  const direction = isLanguage(i18n.language) ? languageDirection(i18n.language) : "ltr";
  return (text) => mirrorArrows(text, direction);
}
