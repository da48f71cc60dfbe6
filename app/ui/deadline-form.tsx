import { Form, useNavigation } from "@remix-run/react";
import { useEffect, useId, useState } from "react";
import { useTranslation } from "react-i18next";
import { toZonedInput, viewerTimeZone } from "~/deliberation/deadline-time";
import type { Phase } from "~/deliberation/phase-rules";
import type { RefusedForm } from "~/refusal";
import type { DeadlineData } from "./deadline-notice";

/**
 * The facilitator sets, moves or removes the current phase's deadline: a wall-clock time in a time
 * zone they choose (their browser's once the page is hydrated, UTC before), and whether the round
 * then moves on by itself. Validation is the server's (noValidate), so every message is the same sentence.
 */
export function DeadlineForm({ phase, next, deadline, zones, refused, saved }: { phase: Phase; next: Phase | null; deadline: DeadlineData | null; zones: string[]; refused: RefusedForm | null; saved: string | null }) {
  const { t } = useTranslation();
  const id = useId();
  const busy = useNavigation().state !== "idle";
  const echoed = refused?.values as Record<string, string> | undefined;
  const [zone, setZone] = useState(echoed?.timeZone ?? "UTC");
  const [typed, setTyped] = useState<string | null>(echoed?.dueAt ?? null);
  useEffect(() => {
    const own = viewerTimeZone();
    if (!echoed && zones.includes(own)) setZone(own);
  }, []); // eslint-disable-line react-hooks/exhaustive-deps -- once, after hydration
  const value = typed ?? (deadline ? toZonedInput(deadline.dueAt, zone) : "");
  const dueErrors = refused?.errors.dueAt;
  const zoneErrors = refused?.errors.timeZone;
  const phaseName = t(`phases.${phase}.name`);
  return (
    <section aria-labelledby={`${id}-title`} className="deadline-form" id="deadline">
      <h3 id={`${id}-title`}>{t("deadlines.formTitle", { phase: phaseName })}</h3>
      {saved === "set" && !refused ? <p className="notice ok" role="status">{t("deadlines.saved")}</p> : null}
      {saved === "cleared" && !refused ? <p className="notice ok" role="status">{t("deadlines.cleared")}</p> : null}
      <p className="muted">{deadline ? null : `${t("deadlines.none")} `}{t("deadlines.formIntro")}</p>
      <Form method="post" noValidate>
        <input type="hidden" name="intent" value="set-deadline" />
        <div className="deadline-fields">
          <div className="field">
            <label htmlFor={`${id}-due`}>{t("deadlines.dueAt")}</label>
            <input id={`${id}-due`} type="datetime-local" name="dueAt" value={value} onChange={(e) => setTyped(e.currentTarget.value)} aria-invalid={dueErrors ? true : undefined} aria-describedby={dueErrors ? `${id}-due-err` : undefined} />
            {dueErrors ? <p id={`${id}-due-err`} className="field-error">{dueErrors.join(" ")}</p> : null}
          </div>
          <div className="field">
            <label htmlFor={`${id}-zone`}>{t("deadlines.timeZone")}</label>
            <select id={`${id}-zone`} name="timeZone" value={zone} onChange={(e) => setZone(e.currentTarget.value)} aria-describedby={`${id}-zone-hint${zoneErrors ? ` ${id}-zone-err` : ""}`} aria-invalid={zoneErrors ? true : undefined}>
              {zones.map((z) => <option key={z} value={z}>{z.replaceAll("_", " ")}</option>)}
            </select>
            <p id={`${id}-zone-hint`} className="hint">{t("deadlines.timeZoneHelp")}</p>
            {zoneErrors ? <p id={`${id}-zone-err`} className="field-error">{zoneErrors.join(" ")}</p> : null}
          </div>
        </div>
        {next ? (
          <div className="field">
            <label className="check">
              <input type="checkbox" name="autoAdvance" value="on" defaultChecked={echoed ? echoed.autoAdvance === "on" : deadline?.autoAdvance ?? false} />
              <span>{t("deadlines.autoAdvance", { phase: t(`phases.${next}.name`) })}</span>
            </label>
          </div>
        ) : null}
        <button type="submit" disabled={busy}>{deadline ? t("deadlines.change") : t("deadlines.save")}</button>
      </Form>
      {deadline ? (
        <Form method="post" className="deadline-clear">
          <input type="hidden" name="intent" value="clear-deadline" />
          <button type="submit" className="secondary" disabled={busy}>{t("deadlines.clear")}</button>
        </Form>
      ) : null}
    </section>
  );
}
