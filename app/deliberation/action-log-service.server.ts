/**
 * The action log (docs/decisions/044): every change a facilitator makes to how a deliberation runs,
 * recorded by the service that makes it, in the same transaction (no change without its entry, no
 * entry without its change). The table refuses UPDATE and DELETE. Facilitators read it with names;
 * observers read it with "a facilitator" and "a member" in their place; participants do not read it.
 */
import type { Executor } from "../../db/connection";
import { newId } from "../auth/crypto.server";
import { formatCsv } from "../formats/csv";
import { t } from "../i18n/i18n";
import type { MemberContext } from "./access.server";
import { requireRole } from "./access.server";
import { ACTION_KINDS, type ActionKind, type ActionSubjectType } from "./action-kinds";
import { countActions, findSubjectNames, insertAction, listActions } from "./action-log-repository.server";
import { PERCENT_KEYS } from "./consensus-settings";

export type ActionValues = Record<string, string | number | boolean | string[] | null>;

export interface ActionRecord {
  kind: ActionKind;
  subject: { type: ActionSubjectType; id: string | null };
  before: ActionValues | null;
  after: ActionValues | null;
}

/** Who acts: a member (their membership id) or the system (null). */
export interface ActorContext {
  app: Pick<MemberContext["app"], "clock">;
  deliberation: { id: string };
  membership: { id: string | null };
}

/**
 * Record one action of the member in `ctx`, inside the caller's transaction (`db` is that
 * transaction: on SQLite a query outside it would wait for it forever).
 */
export async function recordAction(db: Executor, ctx: ActorContext, action: ActionRecord, at = ctx.app.clock.now().toISOString()): Promise<void> {
  await insertAction(db, {
    id: newId(),
    deliberation_id: ctx.deliberation.id,
    actor_membership_id: ctx.membership.id,
    kind: action.kind,
    subject_type: action.subject.type,
    subject_id: action.subject.id,
    before: action.before ? JSON.stringify(action.before) : null,
    after: action.after ? JSON.stringify(action.after) : null,
    at,
  });
}

/** Only the fields that differ, before and after; null when nothing changed (nothing to record). */
export function changedFields(before: ActionValues, after: ActionValues): { before: ActionValues; after: ActionValues } | null {
  const b: ActionValues = {};
  const a: ActionValues = {};
  for (const key of Object.keys(after)) {
    if (JSON.stringify(before[key] ?? null) === JSON.stringify(after[key] ?? null)) continue;
    b[key] = before[key] ?? null;
    a[key] = after[key] ?? null;
  }
  return Object.keys(a).length > 0 ? { before: b, after: a } : null;
}

export const LOG_PAGE_SIZE = 50;

export interface ActionLogEntry {
  id: string;
  at: string;
  kind: ActionKind;
  actor: string;
  subject: string;
  before: string;
  after: string;
}

function parseValues(json: string | null): ActionValues | null {
  if (!json) return null;
  try {
    const v: unknown = JSON.parse(json);
    return v && typeof v === "object" ? (v as ActionValues) : null;
  } catch {
    return null;
  }
}

function formatValue(key: string, value: ActionValues[string]): string {
  if (value === null || value === undefined || value === "") return "—";
  if (typeof value === "boolean") return t(value ? "actionLog.yes" : "actionLog.no");
  if (Array.isArray(value)) return value.length > 0 ? value.join(", ") : "—";
  if (typeof value === "number" && (PERCENT_KEYS as readonly string[]).includes(key)) return `${Math.round(value * 1000) / 10}%`;
  if (key === "phase") return t(`phases.${value}.name`, { defaultValue: String(value) });
  if (key === "attributionMode") return t(`attributionName.${value}`, { defaultValue: String(value) });
  if (key === "resultsVisibility" || key === "ballotOrder" || key === "role") return t(`actionLog.value.${value}`, { defaultValue: String(value) });
  return String(value);
}

/** "Field: value; Field: value" in the order the service wrote them. */
export function describeValues(values: ActionValues | null): string {
  if (!values) return "—";
  return Object.entries(values)
    .map(([key, value]) => `${t(`actionLog.field.${key}`, { defaultValue: key })}: ${formatValue(key, value)}`)
    .join("; ");
}

type Row = Awaited<ReturnType<typeof listActions>>[number];

async function toEntries(db: Executor, ctx: MemberContext, rows: Row[]): Promise<ActionLogEntry[]> {
  const namesShown = ctx.membership.role === "facilitator";
  const idsOf = (type: ActionSubjectType) => [...new Set(rows.filter((r) => r.subject_type === type && r.subject_id).map((r) => r.subject_id!))];
  const names = await findSubjectNames(db, ctx.deliberation.id, {
    rounds: idsOf("round"),
    proposals: idsOf("proposal"),
    comments: idsOf("comment"),
    memberships: namesShown ? idsOf("membership") : [],
    categories: idsOf("category"),
    reports: idsOf("report"),
  });
  const title = new Map(names.titles.map((v) => [v.proposal_id, v.title])); // the latest version wins (ordered)
  const round = new Map(names.rounds.map((r) => [r.id, r.number]));
  const commentProposal = new Map(names.comments.map((c) => [c.id, c.proposal_id]));
  const member = new Map(names.memberships.map((m) => [m.id, `${m.display_name} (${m.pseudonym})`]));
  const category = new Map(names.categories.map((c) => [c.id, c.label]));
  const report = new Map(names.reports.map((r) => [r.id, r.version]));
  const subject = (r: Row): string => {
    const id = r.subject_id ?? "";
    switch (r.subject_type) {
      case "round":
        return t("actionLog.subject.round", { number: round.get(id) ?? "?" });
      case "proposal":
        return t("actionLog.subject.proposal", { title: title.get(id) ?? "?" });
      case "comment":
        return t("actionLog.subject.comment", { title: title.get(commentProposal.get(id) ?? "") ?? "?" });
      case "membership":
        return namesShown ? (member.get(id) ?? t("actionLog.aMember")) : t("actionLog.aMember");
      case "category":
        return t("actionLog.subject.category", { label: category.get(id) ?? "?" });
      case "report":
        return t("actionLog.subject.report", { version: report.get(id) ?? "?" });
      default:
        return t("actionLog.subject.deliberation");
    }
  };
  const actor = (r: Row): string => {
    if (!r.actor_membership_id) return t("actionLog.system");
    if (!namesShown) return t("actionLog.aFacilitator");
    return r.actor_name ? `${r.actor_name} (${r.actor_pseudonym})` : t("actionLog.aFacilitator");
  };
  return rows.map((r) => ({
    id: r.id,
    at: r.at,
    kind: r.kind as ActionKind,
    actor: actor(r),
    subject: subject(r),
    before: describeValues(parseValues(r.before)),
    after: describeValues(parseValues(r.after)),
  }));
}

function kindsFilter(kind: string | null): ActionKind[] | null {
  if (!kind) return null;
  // an unknown kind shows nothing rather than everything
  return (ACTION_KINDS as readonly string[]).includes(kind) ? [kind as ActionKind] : [];
}

/** One page of the log, newest first (facilitators and observers). */
export async function readActionLog(ctx: MemberContext, options: { kind: string | null; page: string | null }) {
  requireRole(ctx, ["facilitator", "observer"]);
  const db = ctx.app.db;
  const kinds = kindsFilter(options.kind);
  const total = await countActions(db, ctx.deliberation.id, kinds);
  const pages = Math.max(1, Math.ceil(total / LOG_PAGE_SIZE));
  const requested = Number.parseInt(options.page ?? "1", 10);
  const page = Number.isFinite(requested) ? Math.min(Math.max(1, requested), pages) : 1;
  const rows = await listActions(db, ctx.deliberation.id, { kinds, limit: LOG_PAGE_SIZE, offset: (page - 1) * LOG_PAGE_SIZE });
  return { entries: await toEntries(db, ctx, rows), page, pages, total, namesShown: ctx.membership.role === "facilitator" };
}

/** The whole log (or one kind) as CSV, with the same visibility as the page; cells are formula-safe. */
export async function actionLogCsv(ctx: MemberContext, kind: string | null): Promise<string> {
  requireRole(ctx, ["facilitator", "observer"]);
  const rows = await listActions(ctx.app.db, ctx.deliberation.id, { kinds: kindsFilter(kind) });
  const entries = await toEntries(ctx.app.db, ctx, rows);
  const header = ["at", "actor", "kind", "action", "subject", "before", "after"];
  return formatCsv([header, ...entries.map((e) => [e.at, e.actor, e.kind, t(`actionLog.kind.${e.kind}`), e.subject, e.before, e.after])]);
}
