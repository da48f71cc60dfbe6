/**
 * The process events a report's methodology lists (docs/decisions/044): when each phase of each
 * round began, how many comments were hidden (and restored) for which reason, and every change of
 * the consensus thresholds. PURE: built from rows the report service read from the action log and
 * the rounds. No actor is ever copied: the report names nobody.
 */
import { i18n } from "../i18n/i18n";

type Translate = (key: string, options?: Record<string, unknown>) => string;
/** English: the events are model data (hashed when published); renderers pass their own language's `t`. */
const englishT: Translate = (key, options) => String((i18n.getFixedT("en") as unknown as Translate)(key, options));
import type { ProcessEvents } from "./report-types";

const PERCENT = new Set(["agreementLowerBound", "agreementGroupRate", "agreementOverall", "disagreementSpread", "uncertaintyPassRate", "uncertaintyIntervalWidth"]);

export interface ProcessEventsInput {
  rounds: { number: number; openedAt: string; votingOpenedAt: string | null; closedAt: string | null }[];
  /** action log entries (kinds phase_changed, comment_hidden, comment_restored, thresholds_changed), oldest first */
  entries: { kind: string; subjectId: string | null; before: string | null; after: string | null; at: string }[];
  /** round id → number, to place phase changes */
  roundNumbers: Record<string, number>;
}

function values(json: string | null): Record<string, unknown> {
  if (!json) return {};
  try {
    const v: unknown = JSON.parse(json);
    return v && typeof v === "object" ? (v as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

const num = (v: unknown): number | null => (typeof v === "number" && Number.isFinite(v) ? v : null);

/** Group the log into the report's process events; `redact` removes names from moderation reasons. */
export function buildProcessEvents(input: ProcessEventsInput, redact: (text: string) => string): ProcessEvents {
  const discussing = new Map<number, string>();
  const moderation = new Map<string, { reason: string; hidden: number; restored: number }>();
  const reasonOf = new Map<string, string>();
  const thresholdChanges: ProcessEvents["thresholdChanges"] = [];
  for (const e of input.entries) {
    const before = values(e.before);
    const after = values(e.after);
    if (e.kind === "phase_changed" && after.phase === "discussing") {
      const n = input.roundNumbers[e.subjectId ?? ""];
      if (n !== undefined && !discussing.has(n)) discussing.set(n, e.at);
    } else if (e.kind === "comment_hidden" || e.kind === "comment_restored") {
      const raw = String((e.kind === "comment_hidden" ? after.reason : before.reason) ?? "").replace(/\s+/g, " ").trim();
      const reason = redact(raw) || englishT("actionLog.report.noReason");
      const key = reason.toLowerCase();
      const row = moderation.get(key) ?? { reason, hidden: 0, restored: 0 };
      if (e.kind === "comment_hidden") row.hidden++;
      else row.restored++;
      moderation.set(key, row);
      if (e.subjectId) reasonOf.set(e.subjectId, reason);
    } else if (e.kind === "thresholds_changed") {
      const changes = Object.keys(after)
        .sort()
        .map((threshold) => ({ threshold, before: num(before[threshold]), after: num(after[threshold]) }));
      if (changes.length > 0) thresholdChanges.push({ at: e.at, changes });
    }
  }
  return {
    phases: [...input.rounds]
      .sort((a, b) => a.number - b.number)
      .map((r) => ({ round: r.number, proposing: r.openedAt, discussing: discussing.get(r.number) ?? null, voting: r.votingOpenedAt, closed: r.closedAt })),
    moderation: [...moderation.values()].sort((a, b) => b.hidden - a.hidden || (a.reason < b.reason ? -1 : a.reason > b.reason ? 1 : 0)),
    thresholdChanges,
  };
}

const dateOnly = (iso: string | null) => (iso ? iso.slice(0, 10) : "—");

function thresholdValue(key: string, v: number | null): string {
  if (v === null) return "—";
  return PERCENT.has(key) ? `${Math.round(v * 1000) / 10}%` : String(v);
}

/** The process events' headings and lines, in the order every renderer shows them; empty for older versions. */
export function processEventBlocks(events: ProcessEvents | undefined, serverT: Translate = englishT): { heading: string; blocks: { heading: string; lines: string[] }[] } | null {
  if (!events) return null;
  const lines = processEventLines(events, serverT);
  return {
    heading: String(serverT("actionLog.report.heading")),
    blocks: [
      { heading: String(serverT("actionLog.report.phasesHeading")), lines: lines.phases },
      { heading: String(serverT("actionLog.report.moderationHeading")), lines: lines.moderation },
      { heading: String(serverT("actionLog.report.thresholdsHeading")), lines: lines.thresholds },
    ],
  };
}

/** The process events as sentences, one per line, for every renderer (HTML, Markdown, PDF). */
export function processEventLines(events: ProcessEvents | undefined, serverT: Translate = englishT): { phases: string[]; moderation: string[]; thresholds: string[] } {
  if (!events) return { phases: [], moderation: [], thresholds: [] };
  const phases = events.phases.map((p) =>
    String(
      serverT("actionLog.report.phaseLine", {
        round: p.round,
        proposing: dateOnly(p.proposing),
        discussing: dateOnly(p.discussing),
        voting: dateOnly(p.voting),
        closed: dateOnly(p.closed),
      }),
    ),
  );
  const moderation =
    events.moderation.length === 0
      ? [String(serverT("actionLog.report.noModeration"))]
      : events.moderation.map((m) => String(serverT("actionLog.report.moderationLine", { count: m.hidden, reason: m.reason === englishT("actionLog.report.noReason") ? serverT("actionLog.report.noReason") : m.reason, restored: m.restored })));
  const thresholds =
    events.thresholdChanges.length === 0
      ? [String(serverT("actionLog.report.noThresholdChanges"))]
      : events.thresholdChanges.map((c) =>
          String(
            serverT("actionLog.report.thresholdLine", {
              date: dateOnly(c.at),
              changes: c.changes.map((x) => `${serverT(`actionLog.field.${x.threshold}`, { defaultValue: x.threshold })} ${thresholdValue(x.threshold, x.before)} → ${thresholdValue(x.threshold, x.after)}`).join("; "),
            }),
          ),
        );
  return { phases, moderation, thresholds };
}
