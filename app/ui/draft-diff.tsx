import { diffWords, type ChangeObject } from "diff";
import { useMemo } from "react";
import { useTranslation } from "react-i18next";

/** Longer texts are not diffed live (a statement has at most 600 characters). */
const MAX_DIFF_CHARS = 5000;

const words = (s: string) => s.split(/\s+/).filter(Boolean).length;

/**
 * Word-level changes from the current statement to a draft: insertions in <ins>, deletions in
 * <del>, each announced to screen readers in words (the colours and strike-through are visual only).
 */
export function DraftDiff({ before, after }: { before: string; after: string }) {
  const { t } = useTranslation();
  const parts = useMemo<ChangeObject<string>[] | null>(
    () => (before.length + after.length > MAX_DIFF_CHARS ? null : diffWords(before.trim(), after.trim())),
    [before, after],
  );
  if (!parts) return null;
  const added = parts.filter((p) => p.added).reduce((n, p) => n + words(p.value), 0);
  const removed = parts.filter((p) => p.removed).reduce((n, p) => n + words(p.value), 0);
  if (added === 0 && removed === 0) return <p className="muted">{t("draft.noChanges")}</p>;
  return (
    <>
      <p className="draft-diff">
        {parts.map((p, i) =>
          p.added ? (
            <ins key={i}>
              <span className="sr-only">{t("draft.inserted")} </span>
              {p.value}
              <span className="sr-only"> {t("draft.endChange")}</span>
            </ins>
          ) : p.removed ? (
            <del key={i}>
              <span className="sr-only">{t("draft.deleted")} </span>
              {p.value}
              <span className="sr-only"> {t("draft.endChange")}</span>
            </del>
          ) : (
            <span key={i}>{p.value}</span>
          ),
        )}
      </p>
      <p className="muted">{t("draft.changeSummary", { added, removed })}</p>
    </>
  );
}
