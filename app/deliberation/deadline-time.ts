/**
 * Deadlines in time zones, with the platform's Intl only: a facilitator types a wall-clock time in
 * a named zone, the database keeps UTC, every viewer reads it in their own zone. Pure; shared by
 * the deadline service (parsing) and the UI (formatting, the countdown).
 */
import { isLanguage, LANGUAGE_LOCALES } from "../i18n/languages";

/** A wall-clock time as `<input type="datetime-local">` sends it: 2026-12-03T17:00 (seconds optional). */
export const LOCAL_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/;

export function isTimeZone(zone: string): boolean {
  if (!zone || zone.length > 64) return false;
  try {
    new Intl.DateTimeFormat("en", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** The offset of `zone` from UTC at the instant `utcMs`, in ms (Paris in winter: +3 600 000). */
function offsetAt(zone: string, utcMs: number): number {
  const parts = new Intl.DateTimeFormat("en-US", { timeZone: zone, hourCycle: "h23", year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", second: "2-digit" }).formatToParts(new Date(utcMs));
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const asUtc = Date.UTC(get("year"), get("month") - 1, get("day"), get("hour"), get("minute"), get("second"));
  return asUtc - Math.floor(utcMs / 1000) * 1000;
}

/**
 * The instant a wall-clock time in `zone` names, or null when the text is not a real date and time.
 * A time skipped by a daylight-saving change lands just after it; a repeated one takes its first occurrence.
 */
export function zonedTimeToUtc(local: string, zone: string): Date | null {
  const m = LOCAL_DATE_TIME.exec(local);
  if (!m || !isTimeZone(zone)) return null;
  const [y, mo, d, h, mi, s] = m.slice(1).map((v) => Number(v ?? 0)) as [number, number, number, number, number, number];
  const wall = Date.UTC(y, mo - 1, d, h, mi, s);
  const check = new Date(wall);
  if (check.getUTCFullYear() !== y || check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d || h > 23 || mi > 59 || s > 59) return null;
  // two passes settle the offset on either side of a daylight-saving change
  const first = wall - offsetAt(zone, wall);
  const second = wall - offsetAt(zone, first);
  return new Date(Math.min(first, second));
}

/**
 * A deadline as people read it, with the zone named: "Thursday, December 3, 2026 at 4:00 PM UTC" in
 * English, "jeudi 3 décembre 2026 à 16:00 UTC" in French. `language`: one of Accord's languages
 * (the page's), or any BCP 47 tag.
 */
export function formatDeadline(iso: string, timeZone: string, language = "en"): string {
  const locale = isLanguage(language) ? LANGUAGE_LOCALES[language] : language;
  return new Intl.DateTimeFormat(locale, { timeZone, weekday: "long", year: "numeric", month: "long", day: "numeric", hour: "numeric", minute: "2-digit", timeZoneName: "short" }).format(new Date(iso));
}

export type CountdownUnit = "days" | "hours" | "minutes" | "seconds";

/** What is left, as the two largest units worth naming (2 days 3 hours; 4 minutes 5 seconds), or null once passed. */
export function countdown(msLeft: number): { unit: CountdownUnit; count: number }[] | null {
  if (msLeft <= 0) return null;
  const s = Math.floor(msLeft / 1000);
  const days = Math.floor(s / 86_400);
  const hours = Math.floor((s % 86_400) / 3600);
  const minutes = Math.floor((s % 3600) / 60);
  const seconds = s % 60;
  const all: { unit: CountdownUnit; count: number }[] = [
    { unit: "days", count: days },
    { unit: "hours", count: hours },
    { unit: "minutes", count: minutes },
    { unit: "seconds", count: seconds },
  ];
  const first = all.findIndex((p) => p.count > 0);
  if (first < 0) return [{ unit: "seconds", count: 0 }];
  return all.slice(first, first + 2).filter((p, i) => i === 0 || p.count > 0);
}

/** The wall-clock time an instant shows in `zone`, as <input type="datetime-local"> takes it (minutes). */
export function toZonedInput(iso: string, zone: string): string {
  const parts = new Intl.DateTimeFormat("en-US", { timeZone: zone, hourCycle: "h23", year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit" }).formatToParts(new Date(iso));
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? "00";
  return `${get("year")}-${get("month")}-${get("day")}T${get("hour")}:${get("minute")}`;
}

/** The viewer's own time zone (in the browser), or UTC where the platform does not say. */
export function viewerTimeZone(): string {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";
  } catch {
    return "UTC";
  }
}

/** Every time zone a deadline can be typed in, UTC first. */
export function timeZoneChoices(): string[] {
  return ["UTC", ...Intl.supportedValuesOf("timeZone").filter((z) => z !== "UTC")];
}
