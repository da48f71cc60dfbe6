import { useTranslation } from "react-i18next";
import { missingParts, type RedLineParts } from "~/deliberation/completeness";

/** "What this red line still lacks": a polite live region, so a screen reader hears it change as the form fills. */
export function CompletenessHint({ parts, live = false }: { parts: RedLineParts; live?: boolean }) {
  const { t } = useTranslation();
  const missing = missingParts(parts);
  return (
    <aside className="notice completeness" aria-labelledby="completeness-title" aria-live={live ? "polite" : undefined}>
      <p id="completeness-title"><strong>{t("proposing.completeness.title")}</strong></p>
      {missing.length === 0 ? (
        <p>{t("proposing.completeness.complete")}</p>
      ) : (
        <>
          <p>{t("proposing.completeness.intro")}</p>
          <ul>
            {missing.map((p) => (
              <li key={p}>{t(`proposing.completeness.${p}`)}</li>
            ))}
          </ul>
        </>
      )}
    </aside>
  );
}
