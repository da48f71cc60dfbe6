import type { TFunction } from "i18next";
import { dynamicKey, i18n } from "../i18n/i18n";
import { DEFAULT_LANGUAGE, isLanguage, type Language } from "../i18n/languages";

export type EmailKind = "invitation" | "phase-open" | "deadline" | "report-published" | "reminder";

/**
 * The language a person reads their emails in: the interface language they chose, else the
 * deliberation's default (an invitee has chosen none yet).
 */
export function memberLanguage(saved: string | null | undefined, deliberationDefault: string | null | undefined): Language {
  if (isLanguage(saved)) return saved;
  return isLanguage(deliberationDefault) ? deliberationDefault : DEFAULT_LANGUAGE;
}

const KEYS: Record<EmailKind, string> = {
  invitation: "email.invitation",
  "phase-open": "email.phaseOpen",
  deadline: "email.deadline",
  "report-published": "email.reportPublished",
  reminder: "email.reminder",
};

/** Subject and plain-text body of one email, in `language`; notices end with their unsubscribe line. */
export function composeEmail(kind: EmailKind, language: string, params: Record<string, string | number> & { title: string }, unsubscribeUrl: string | null): { subject: string; body: string } {
  const t = i18n.getFixedT(language) as unknown as TFunction;
  const key = KEYS[kind];
  const lines = [t(dynamicKey(`${key}.body`), params), "", "—", t("email.footer", { title: params.title })];
  if (unsubscribeUrl) lines.push(t("email.unsubscribeLine", { url: unsubscribeUrl }));
  return { subject: t(dynamicKey(`${key}.subject`), params), body: lines.join("\n") };
}
