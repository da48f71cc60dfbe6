import { useRevalidator } from "@remix-run/react";
import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { countdown, formatDeadline, viewerTimeZone } from "~/deliberation/deadline-time";
import type { Phase } from "~/deliberation/phase-rules";

/** A phase's deadline as the layout loader sends it: the instant, and how the server read it (in UTC, at its own now). */
export interface DeadlineData {
  dueAt: string;
  phase: Phase;
  autoAdvance: boolean;
  next: Phase | null;
  failure: string | null;
  /** the server's clock when it rendered: the first countdown, the same on the server and at hydration */
  serverNow: string;
}

/** After an automatic advance was due, how often (and how many times) the page looks for the new phase. */
const RECHECK_MS = 4000;
const RECHECKS = 30;

/**
 * The deadline of the current phase with a countdown. The server writes it in UTC inside a
 * <time datetime>, which stays as it is without JavaScript; once hydrated it is rewritten in the
 * viewer's own time zone and counts down every second. When an automatic advance is due, the page
 * reloads its data until the new phase shows. `room`: the projector's large countdown (the room
 * view), which never shows why an automatic advance failed (the whole room reads it).
 */
export function DeadlineNotice({ deadline, compact = false, room = false }: { deadline: DeadlineData; compact?: boolean; room?: boolean }) {
  const { t, i18n } = useTranslation();
  const [now, setNow] = useState(() => Date.parse(deadline.serverNow));
  const [local, setLocal] = useState<{ label: string; zone: string } | null>(null);
  useEffect(() => {
    const zone = viewerTimeZone();
    setLocal({ label: formatDeadline(deadline.dueAt, zone, i18n.language), zone });
    setNow(Date.now());
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [deadline.dueAt, i18n.language]);

  const left = countdown(Date.parse(deadline.dueAt) - now);
  const awaitingAdvance = left === null && deadline.autoAdvance && !deadline.failure;
  const revalidator = useRevalidator();
  const revalidate = useRef(revalidator.revalidate);
  revalidate.current = revalidator.revalidate;
  useEffect(() => {
    if (!awaitingAdvance) return;
    let tries = 0;
    const timer = setInterval(() => {
      if (++tries > RECHECKS) clearInterval(timer);
      else revalidate.current();
    }, RECHECK_MS);
    return () => clearInterval(timer);
  }, [awaitingAdvance, deadline.dueAt]);

  const phase = t(`phases.${deadline.phase}.name`);
  const remaining = left ? t("deadlines.left", { time: left.map((p) => t(`deadlines.units.${p.unit}`, { count: p.count })).join(" ") }) : t("deadlines.passed");
  // in UTC, in the page's language, until the browser can write it in the viewer's own zone
  const label = local?.label ?? formatDeadline(deadline.dueAt, "UTC", i18n.language);
  if (room) {
    return (
      <div className="room-deadline" data-testid="room-deadline">
        <p className="room-countdown">
          <strong className="countdown">{remaining}</strong>
        </p>
        <p className="room-deadline-when">
          {t("deadlines.ends", { phase })} <time dateTime={deadline.dueAt}>{label}</time>
        </p>
      </div>
    );
  }
  if (compact) {
    return (
      <p className="deadline-line">
        <time dateTime={deadline.dueAt} title={label}>{t("deadlines.ends", { phase })}</time>
        {": "}
        <span className="countdown">{remaining}</span>
      </p>
    );
  }
  return (
    <div className="deadline" data-testid="phase-deadline">
      <p>
        {t("deadlines.ends", { phase })} <time dateTime={deadline.dueAt}>{label}</time>
        {local ? <span className="muted"> ({t("deadlines.yourTime")}, {local.zone})</span> : null}
      </p>
      <p>
        <strong className="countdown">{remaining}</strong>
        {deadline.failure ? null : <> · {deadline.autoAdvance && deadline.next ? t("deadlines.then", { phase: t(`phases.${deadline.next}.name`) }) : t("deadlines.thenByHand")}</>}
      </p>
      {deadline.failure ? <p className="field-error">{t("deadlines.failed", { reason: deadline.failure })}</p> : null}
    </div>
  );
}
