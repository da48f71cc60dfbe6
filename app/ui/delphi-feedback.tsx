import { useTranslation } from "react-i18next";
import { useFormat } from "~/i18n/format";
import type { DelphiFeedback as Feedback } from "~/results/delphi-feedback.server";
import { DraftDiff } from "./draft-diff";
import { ReasonText } from "./reason-text";

import { noBreak } from "./no-break";

/**
 * On a ballot card from round 2 on: how the previous round went for this red line (headline,
 * own vote, whether the text changed), with the reason, the groups, the word diff and the
 * strongest arguments folded below, so the card's choices stay within one phone screen.
 */
export function DelphiFeedback({ feedback, versionId, statement }: { feedback: Feedback | null; versionId: string; statement: string }) {
  const { t } = useTranslation();
  const format = useFormat();
  // "14 %" never splits across lines on a phone
  const pct = (x: number | null) => noBreak(format.percent(x));
  if (!feedback) return null;
  const number = feedback.roundNumber;
  const headingId = `delphi-${versionId}`;
  const f = feedback.status === "ready" ? feedback.byVersion[versionId] : undefined;
  return (
    <section className="delphi" aria-labelledby={headingId} data-testid="delphi-feedback">
      {feedback.status === "computing" ? (
        <>
          <h4 id={headingId}>{t("delphi.title", { number })}</h4>
          <p className="muted" role="status">{t("delphi.computing", { number })}</p>
        </>
      ) : !f ? (
        <>
          <h4 id={headingId}>{t("delphi.title", { number })}</h4>
          <p className="muted">{t("delphi.newInRound", { number })}</p>
        </>
      ) : (
        <>
          {/* two short lines on the card; the rest is folded so the choices stay on a phone's screen */}
          <div className="delphi-head">
            <h4 id={headingId}>{t("delphi.title", { number })}</h4>{" "}
            <strong data-testid="delphi-agreed">{t("delphi.agreed", { rate: pct(f.overall.agreeRate), number })}</strong>{" "}
            <span className="muted" data-testid="delphi-interval">
              ({f.overall.interval ? t("delphi.interval", { low: pct(f.overall.interval.low), high: pct(f.overall.interval.high), n: f.overall.n }) : t("delphi.intervalNone")})
            </span>{" "}
            <span className={`badge ${f.classification}`} data-testid="delphi-classification">{t(`consensus.classificationShort.${f.classification}`)}</span>
          </div>
          <p>
            <span data-testid="delphi-my-vote">
              {f.myVote ? t("delphi.yourVote", { number, choice: t(`vote.choice.${f.myVote.choice}`) }) : t("delphi.youDidNotVote", { number })}
            </span>{" "}
            <span data-testid="delphi-text-changed" data-changed={f.changed.length > 0 ? "yes" : "no"}>
              {f.changed.length === 0 ? t("delphi.unchanged", { number }) : t("delphi.changed", { number, parts: format.list(f.changed.map((p) => t(`delphi.parts.${p}`))) })}
            </span>
          </p>
          <details>
            <summary>{t("delphi.more", { number })}</summary>
            <p data-testid="delphi-reason"><strong>{t("delphi.why")}</strong> <ReasonText reason={f.reason} /></p>
            <h5>{t("delphi.byGroup")}</h5>
            {f.groups.length === 0 ? (
              <p className="muted" data-testid="delphi-groups-hidden">{t("delphi.groupsHidden", { k: feedback.status === "ready" ? feedback.minGroupSize : 0 })}</p>
            ) : (
              <ul data-testid="delphi-groups">
                {f.groups.map((g) => (
                  <li key={g.name}>{t("delphi.groupRow", { name: g.name, rate: pct(g.agreeRate), low: pct(g.interval?.low ?? null), high: pct(g.interval?.high ?? null), n: g.n })}</li>
                ))}
              </ul>
            )}
            {f.changed.includes("statement") ? (
              <div data-testid="delphi-diff">
                <h5>{t("delphi.statementChanges", { number })}</h5>
                <DraftDiff before={f.previousStatement} after={statement} />
              </div>
            ) : null}
            <h5>{t("delphi.argumentsFor")}</h5>
            <Arguments items={f.arguments.supports} testId="delphi-for" />
            <h5>{t("delphi.argumentsAgainst")}</h5>
            <Arguments items={f.arguments.opposes} testId="delphi-against" />
            <p className="hint">{t("delphi.argumentsNote", { number })}</p>
          </details>
        </>
      )}
    </section>
  );
}

function Arguments({ items, testId }: { items: string[]; testId: string }) {
  const { t } = useTranslation();
  if (items.length === 0) return <p className="muted" data-testid={testId}>{t("delphi.noArguments")}</p>;
  return (
    <ul className="delphi-arguments" data-testid={testId}>
      {items.map((body, i) => (
        <li key={i}><blockquote>{body}</blockquote></li>
      ))}
    </ul>
  );
}
