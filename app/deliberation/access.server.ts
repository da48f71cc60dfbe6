import { DEFAULT_LANGUAGE, isLanguage, type Language } from "../i18n/languages";
import { requireUser } from "../auth/session.server";
import type { UserRecord } from "../auth/user-repository.server";
import type { Executor } from "../../db/connection";
import type { AppContext } from "../context/app-context.server";
import { t } from "../i18n/i18n";
import { assertFound, refuse } from "../refusal";
import type { AttributionMode } from "./attribution";
import { findDeliberation, listGroups, listRegions } from "./deliberation-repository.server";
import { findMembershipScope } from "./membership-repository.server";
import type { Phase } from "./phase-rules";
import { parseThresholds } from "./consensus-settings";
import { countsAsVoter } from "../eligibility/voters.server";
import type { Thresholds } from "../consensus/types";

type DeliberationRow = Pick<NonNullable<Awaited<ReturnType<typeof findDeliberation>>>, "id" | "title" | "question" | "description" | "attribution_mode" | "results_visibility" | "min_group_size" | "thresholds" | "archived_at" | "default_language">;

export type Role = "facilitator" | "participant" | "observer";

export interface DeliberationView {
  id: string;
  title: string;
  question: string;
  description: string;
  attributionMode: AttributionMode;
  resultsVisibility: "after_close" | "live";
  minGroupSize: number;
  /** consensus threshold overrides stored with the deliberation (merged over the defaults) */
  thresholds: Partial<Thresholds>;
  groups: { id: string; name: string; targetShare: number }[];
  regions: { id: string; name: string }[];
  /** archived: read-only for everyone until a facilitator unarchives it */
  archived: boolean;
  /** the language its pages and emails fall back to (decision 051) */
  defaultLanguage: Language;
}

export interface RoundView {
  id: string;
  number: number;
  phase: Phase;
  openedAt: string;
  votingOpenedAt: string | null;
  closedAt: string | null;
}

export interface MemberContext {
  /** The application context the member was found in: services take their database, events and clock from here. */
  app: AppContext;
  user: UserRecord;
  deliberation: DeliberationView;
  membership: {
    id: string;
    role: Role;
    pseudonym: string;
    groupId: string | null;
    regionId: string | null;
    /** a facilitator who also votes (decision 048) */
    alsoVotes: boolean;
    /** the deliberation's owner (a facilitator): hands over ownership, demotes and removes facilitators */
    isOwner: boolean;
    /** may vote and counts as a voter: the one rule of voters.server.ts */
    votes: boolean;
  };
  round: RoundView | null;
}

export function toRoundView(r: { id: string; number: number; phase: Phase; opened_at: string; voting_opened_at: string | null; closed_at: string | null }): RoundView {
  return { id: r.id, number: r.number, phase: r.phase, openedAt: r.opened_at, votingOpenedAt: r.voting_opened_at, closedAt: r.closed_at };
}

/** Pass the transaction when called inside one: SQLite has one connection, so a query on the pool would wait for the transaction forever. */
export async function loadDeliberationView(db: Executor, deliberationId: string): Promise<DeliberationView | null> {
  const row = await findDeliberation(db, deliberationId);
  return row ? toDeliberationView(db, row) : null;
}

async function toDeliberationView(db: Executor, row: DeliberationRow): Promise<DeliberationView> {
  const [groups, regions] = await Promise.all([listGroups(db, row.id), listRegions(db, row.id)]);
  return {
    id: row.id,
    title: row.title,
    question: row.question,
    description: row.description,
    attributionMode: row.attribution_mode,
    resultsVisibility: row.results_visibility,
    minGroupSize: row.min_group_size,
    thresholds: parseThresholds(row.thresholds),
    groups: groups.map((g) => ({ id: g.id, name: g.name, targetShare: g.target_share })),
    regions: regions.map((r) => ({ id: r.id, name: r.name })),
    archived: row.archived_at !== null,
    defaultLanguage: isLanguage(row.default_language) ? row.default_language : DEFAULT_LANGUAGE,
  };
}

/**
 * A user's context in a deliberation, as every member-only loader and action sees it: their live
 * membership, the deliberation and its current round. Null when the user is not a live member.
 */
export async function loadMemberContext(app: AppContext, user: UserRecord, deliberationId: string, db: Executor = app.db): Promise<MemberContext | null> {
  const scope = deliberationId.length <= 40 ? await findMembershipScope(db, deliberationId, user.id) : undefined;
  if (!scope) return null;
  const { membership, round } = scope;
  return {
    app,
    user,
    deliberation: await toDeliberationView(db, scope.deliberation),
    membership: {
      id: membership.id,
      role: membership.role,
      pseudonym: membership.pseudonym,
      groupId: membership.stakeholder_group_id,
      regionId: membership.region_id,
      alsoVotes: membership.role === "facilitator" && Number(membership.also_votes) === 1,
      isOwner: membership.role === "facilitator" && scope.deliberation.owner_user_id === user.id,
      votes: countsAsVoter({ role: membership.role, alsoVotes: Number(membership.also_votes) === 1 }),
    },
    round: round ? toRoundView(round) : null,
  };
}

/** Refuse (403) a member whose role is not one of `roles`. */
export function requireRole(ctx: MemberContext, roles: readonly Role[]): void {
  const role = ctx.membership.role;
  if (roles.includes(role)) return;
  if (roles.length === 1 && roles[0] === "facilitator") refuse(403, "errors.facilitatorsOnly");
  refuse(403, "errors.roleNotAllowed", { params: { role: t(`roles.${role}`), context: role } });
}

/** Refuse (409) any change to an archived deliberation, naming its state. */
export function requireNotArchived(ctx: MemberContext): void {
  if (ctx.deliberation.archived) refuse(409, "lifecycle.archivedRefusal");
}

/**
 * Every loader and action under /d/:id starts here: signed in (else login), a live member
 * (else 404 — a non-member learns nothing, not even that the deliberation exists), and, when
 * `roles` is given, one of those roles (else 403). A request that may change something (any
 * method but GET and HEAD) is refused while the deliberation is archived, unless the caller
 * reads without changing (`readOnly`, e.g. a preview) or checks itself (`archived: "checked"`).
 */
export async function requireMember(app: AppContext, request: Request, deliberationId: string | undefined, roles?: readonly Role[], options: { archived?: "refused" | "checked" } = {}): Promise<MemberContext> {
  const user = await requireUser(app, request);
  const ctx = await loadMemberContext(app, user, deliberationId ?? "");
  assertFound(ctx, "errors.deliberationNotFound");
  if (roles) requireRole(ctx, roles);
  const changes = request.method !== "GET" && request.method !== "HEAD";
  if (changes && options.archived !== "checked") requireNotArchived(ctx);
  return ctx;
}
