import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { useFormat } from "~/i18n/format";
import type { StatementResult } from "~/results/round-consensus";
import { useIsolate } from "./bidi";
import { ReasonText } from "./reason-text";

export const CLASSES = ["agreement", "disagreement", "uncertainty", "no_consensus", "insufficient_data"] as const;

/** Agreement / disagreement / uncertainty board: every statement once, with its reason. */
export function ConsensusBoard({ statements, deliberationId }: { statements: Pick<StatementResult, "versionId" | "proposalId" | "title" | "classification" | "reason" | "sides">[]; deliberationId: string }) {
  const { t } = useTranslation();
  const f = useFormat();
  const isolate = useIsolate();
  return (
    <div className="board" data-testid="consensus-board">
      {CLASSES.map((c) => {
        const items = statements.filter((s) => s.classification === c);
        return (
          <section key={c} className={c} aria-labelledby={`board-${c}`}>
            <h3 id={`board-${c}`}>{t(`consensus.classification.${c}`)} <span className="muted">({items.length})</span></h3>
            {items.length === 0 ? (
              <p className="muted">{t("consensus.emptyColumn")}</p>
            ) : (
              <ul>
                {items.map((s) => (
                  <li key={s.versionId}>
                    <Link to={`/d/${deliberationId}/proposals/${s.proposalId}`}>{s.title}</Link>
                    <br />
                    <span className="muted"><ReasonText reason={s.reason} /></span>
                    {s.sides && s.sides.for.length > 0 ? <><br /><span className="muted">{t("consensus.sides", { for: f.list(s.sides.for.map(isolate)), against: f.list(s.sides.against.map(isolate)) })}</span></> : null}
                  </li>
                ))}
              </ul>
            )}
          </section>
        );
      })}
    </div>
  );
}
