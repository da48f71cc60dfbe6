import { useTranslation } from "react-i18next";

/** A stacked agree / disagree / pass bar with a text alternative (the numbers are in the table too). */
export function VoteBar({ agree, disagree, pass }: { agree: number; disagree: number; pass: number }) {
  const { t } = useTranslation();
  const total = agree + disagree + pass;
  const pct = (n: number) => (total ? (n / total) * 100 : 0);
  return (
    <div className="bar" role="img" aria-label={t("results.barLabel", { agree, disagree, pass })}>
      <span className="agree" style={{ inlineSize: `${pct(agree)}%` }} />
      <span className="disagree" style={{ inlineSize: `${pct(disagree)}%` }} />
      <span className="pass" style={{ inlineSize: `${pct(pass)}%` }} />
    </div>
  );
}
