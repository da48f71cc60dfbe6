import { useTranslation } from "react-i18next";
import { PHASES, type Phase } from "~/deliberation/phase-rules";
import { DeadlineNotice, type DeadlineData } from "./deadline-notice";
import { dynamicKey } from "~/i18n/i18n";

/** Current round and phase, and what the viewer can do in it — shown on every deliberation page. */
export function PhaseBanner({ round, role, deadline = null }: { round: { number: number; phase: Phase } | null; role: string; deadline?: DeadlineData | null }) {
  const { t } = useTranslation();
  if (!round) {
    return (
      <section className="phase-banner" aria-label={t("phaseBanner.label")}>
        <strong>{t("phaseBanner.noRound")}</strong>
        <span>{t(dynamicKey(`phaseBanner.noRoundHelp.${role}`))}</span>
      </section>
    );
  }
  return (
    <section className="phase-banner" aria-label={t("phaseBanner.label")}>
      <strong>{t("phaseBanner.round", { number: round.number, phase: t(`phases.${round.phase}.name`) })}</strong>
      <ol className="phase-steps" aria-label={t("phaseBanner.steps")}>
        {PHASES.map((p) => (
          <li key={p} aria-current={p === round.phase ? "step" : undefined}>{t(`phases.${p}.name`)}</li>
        ))}
      </ol>
      <span data-testid="phase-help">{t(dynamicKey(`phases.${round.phase}.help.${role}`))}</span>
      {deadline ? <DeadlineNotice deadline={deadline} /> : null}
    </section>
  );
}
