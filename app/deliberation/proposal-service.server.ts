import { newId } from "../auth/crypto.server";
import { t, dynamicKey } from "../i18n/i18n";
import { assertAllowed, assertFound, assertNoConflict, refuse, refuseFields, refuseUnless } from "../refusal";
import { SUBMISSION_ID_FIELD } from "../forms/submission-id";
import type { MemberContext, RoundView } from "./access.server";
import { authorLabel } from "./attribution";
import { isAllowedInPhase, phasesAllowing, type PhaseAction } from "./phase-rules";
import { categoryLabels, listCategoryViews } from "./category-service.server";
import * as repo from "./proposal-repository.server";
import { recordAction } from "./action-log-service.server";
import type { ProposalInput } from "./schemas";
import type { NewProposalVersion } from "../../db/schema";
import type { Language } from "../i18n/languages";

/**
 * Refuse (409) an action outside its phase with a sentence that names the current phase;
 * afterwards TypeScript knows there is a round (no phase allows an action without one).
 */
export function requirePhase<C extends Pick<MemberContext, "round">>(ctx: C, action: PhaseAction): asserts ctx is C & { round: RoundView } {
  const phase = ctx.round?.phase ?? null;
  if (isAllowedInPhase(action, phase)) return;
  const actionName = t(`actions.${action}`);
  if (!phase) refuse(409, "errors.noRoundYet", { params: { action: actionName } });
  const allowed = phasesAllowing(action).map((p) => t(`phases.${p}.name`)).join(t("common.or"));
  refuse(409, "errors.wrongPhase", { params: { action: actionName, phase: t(`phases.${phase}.name`), allowed } });
}

/** 409 unless the proposal is still active (withdrawn and merged proposals no longer change). */
export function assertActiveProposal(proposal: { status: string }): void {
  assertNoConflict(proposal.status === "active", "errors.proposalNotActive", { params: { status: t(dynamicKey(`status.${proposal.status}`)) } });
}

function versionValues(input: ProposalInput) {
  return {
    title: input.title,
    statement: input.statement,
    rationale: input.rationale,
    category: input.category,
    indicator: input.indicator,
    threshold_value: input.thresholdValue,
    threshold_unit: input.thresholdUnit,
    trigger: input.trigger,
    response: input.response,
    scope: input.scope,
    evidence_links: JSON.stringify(input.evidenceLinks),
  };
}

/** The form values a stored version stands for (the inverse of `versionValues`). */
export function proposalInputFromVersion(v: Omit<NewProposalVersion, "id">): ProposalInput {
  return {
    title: v.title,
    statement: v.statement,
    rationale: v.rationale,
    category: v.category,
    indicator: v.indicator,
    thresholdValue: v.threshold_value,
    thresholdUnit: v.threshold_unit,
    trigger: v.trigger,
    response: v.response,
    scope: v.scope,
    evidenceLinks: repo.parseEvidenceLinks(v.evidence_links ?? "[]"),
  };
}

/** A proposal created or found: `repeated` when this member had already proposed the same words in this round (e.g. back, then send again). */
export type SubmittedProposal = { proposalId: string; repeated: boolean };

/** What a new proposal is written in: the language its author says, else the deliberation's default. Revisions keep their version's. */
export interface ProposalOptions {
  language?: Language;
}

/** Create a proposal with version 1 (no submission id: never deduplicated, as for scripts and the demo). */
export async function createProposal(ctx: MemberContext, input: ProposalInput, options: ProposalOptions = {}): Promise<string> {
  return (await submitProposal(ctx, input, null, options)).proposalId;
}

/**
 * Create a proposal from a form submission. The same submission id sent again by the same member
 * returns the proposal it first created (nothing stored); with other words it is refused (400 on
 * the submission id field, nothing stored); the same words under a fresh id (back, then send) find
 * the member's proposal of this round (decision 027).
 */
export async function submitProposal(ctx: MemberContext, input: ProposalInput, submissionId: string | null, options: ProposalOptions = {}): Promise<SubmittedProposal> {
  assertAllowed(ctx.membership.role !== "observer", "errors.observersReadOnly");
  requirePhase(ctx, "propose");
  const round = ctx.round;
  const id = newId();
  const now = new Date().toISOString();
  return ctx.app.db.transaction().execute(async (tx): Promise<SubmittedProposal> => {
    // A form sent again with a fresh submission id (back, then send) carries the same words: one proposal.
    if (submissionId !== null) {
      const same = await repo.findOwnProposalWithSameWords(tx, ctx.deliberation.id, ctx.membership.id, round.id, submissionId, versionValues(input));
      if (same) return { proposalId: same, repeated: true };
    }
    const inserted = await repo.insertProposal(tx, {
      id,
      deliberation_id: ctx.deliberation.id,
      author_membership_id: ctx.membership.id,
      status: "active",
      merged_into_id: null,
      status_reason: null,
      created_at: now,
      updated_at: now,
      submission_id: submissionId,
    });
    if (!inserted) {
      const first = submissionId === null ? undefined : await repo.findProposalBySubmission(tx, ctx.membership.id, submissionId);
      if (!first) throw new Error("a proposal's submission id conflicted but its proposal is not there");
      const { id: firstId, ...stored } = first;
      const sent = versionValues(input);
      const same = (Object.keys(sent) as (keyof typeof sent)[]).every((k) => stored[k] === sent[k]);
      if (!same) refuseFields({ [SUBMISSION_ID_FIELD]: [t("validation.alreadySent")] });
      return { proposalId: firstId, repeated: false };
    }
    await repo.insertVersion(tx, {
      id: newId(),
      proposal_id: id,
      version_number: 1,
      round_id: round.id,
      ...versionValues(input),
      language: options.language ?? ctx.deliberation.defaultLanguage,
      created_by_membership_id: ctx.membership.id,
      created_at: now,
      frozen_at: null,
    });
    return { proposalId: id, repeated: false };
  });
}

async function requireEditableProposal(ctx: MemberContext, proposalId: string) {
  const proposal = await repo.findProposal(ctx.app.db, ctx.deliberation.id, proposalId);
  assertFound(proposal, "errors.proposalNotFound");
  const isAuthor = proposal.author_membership_id === ctx.membership.id;
  assertAllowed(isAuthor || ctx.membership.role === "facilitator", "errors.onlyAuthorOrFacilitator");
  assertActiveProposal(proposal);
  return proposal;
}

/**
 * Save new wording. A draft of the current round is edited in place; once a version has been
 * frozen for a vote it never changes, and saving creates the next version (a revision).
 */
export async function saveProposalText(ctx: MemberContext, proposalId: string, input: ProposalInput): Promise<{ versionNumber: number; revised: boolean }> {
  await requireEditableProposal(ctx, proposalId);
  return ctx.app.db.transaction().execute(async (tx) => {
    const latest = await repo.findLatestVersion(tx, proposalId);
    assertFound(latest, "errors.proposalNotFound");
    const isDraft = latest.frozen_at === null && latest.round_id === ctx.round?.id;
    requirePhase(ctx, isDraft ? "edit_proposal" : "revise");
    if (isDraft) {
      await repo.updateDraftVersion(tx, latest.id, versionValues(input));
      return { versionNumber: latest.version_number, revised: false };
    }
    await repo.insertVersion(tx, {
      id: newId(),
      proposal_id: proposalId,
      version_number: latest.version_number + 1,
      round_id: ctx.round.id,
      ...versionValues(input),
      language: latest.language,
      created_by_membership_id: ctx.membership.id,
      created_at: new Date().toISOString(),
      frozen_at: null,
    });
    return { versionNumber: latest.version_number + 1, revised: true };
  });
}

export async function withdrawProposal(ctx: MemberContext, proposalId: string, reason: string) {
  requirePhase(ctx, "withdraw");
  const roundId = ctx.round.id;
  await ctx.app.db.transaction().execute(async (tx) => {
    const r = await repo.setProposalStatus(tx, ctx.deliberation.id, proposalId, { status: "withdrawn", merged_into_id: null, status_reason: reason || null, status_round_id: roundId });
    refuseUnless(Number(r.numUpdatedRows) === 1, 404, "errors.proposalNotFound");
    await recordAction(tx, ctx, { kind: "proposal_withdrawn", subject: { type: "proposal", id: proposalId }, before: { status: "active" }, after: { status: "withdrawn", reason: reason || null } });
  });
}

export async function mergeProposal(ctx: MemberContext, proposalId: string, targetId: string, reason: string) {
  requirePhase(ctx, "merge");
  assertNoConflict(proposalId !== targetId, "errors.mergeIntoSelf");
  await ctx.app.db.transaction().execute(async (tx) => {
    const target = await repo.findProposal(tx, ctx.deliberation.id, targetId);
    assertNoConflict(target?.status === "active", "errors.mergeTargetInvalid");
    const r = await repo.setProposalStatus(tx, ctx.deliberation.id, proposalId, { status: "merged", merged_into_id: targetId, status_reason: reason || null, status_round_id: ctx.round.id });
    refuseUnless(Number(r.numUpdatedRows) === 1, 404, "errors.proposalNotFound");
    const into = (await repo.findLatestVersion(tx, targetId))?.title ?? null;
    await recordAction(tx, ctx, { kind: "proposal_merged", subject: { type: "proposal", id: proposalId }, before: { status: "active" }, after: { status: "merged", mergedInto: into, reason: reason || null } });
  });
}

export interface ProposalSummary {
  id: string;
  /** its latest version */
  versionId: string;
  title: string;
  statement: string;
  category: string;
  /** the deliberation's name for the category ("" when none was chosen) */
  categoryLabel: string;
  scope: string;
  status: "active" | "withdrawn" | "merged";
  versionNumber: number;
  frozen: boolean;
  author: { name: string | null; group: string | null };
  mine: boolean;
}

export async function listProposals(ctx: MemberContext): Promise<ProposalSummary[]> {
  const rows = await repo.listProposalsWithLatest(ctx.app.db, ctx.deliberation.id);
  const labels = await categoryLabels(ctx.app.db, ctx.deliberation.id);
  return rows.map((r) => ({
    id: r.id,
    versionId: r.version_id,
    title: r.title,
    statement: r.statement,
    category: r.category,
    categoryLabel: r.category ? (labels[r.category] ?? r.category) : "",
    scope: r.scope,
    status: r.status,
    versionNumber: r.version_number,
    frozen: r.frozen_at !== null,
    author: authorLabel(ctx.deliberation.attributionMode, { displayName: r.display_name, pseudonym: r.pseudonym, groupName: r.group_name }),
    mine: r.author_membership_id === ctx.membership.id,
  }));
}

export interface VersionView {
  id: string;
  versionNumber: number;
  roundNumber: number;
  frozen: boolean;
  createdAt: string;
  unchangedFrom: number | null;
  title: string;
  statement: string;
  rationale: string;
  category: string;
  categoryLabel: string;
  categoryRetired: boolean;
  indicator: string;
  thresholdValue: string;
  thresholdUnit: string;
  trigger: string;
  response: string;
  scope: string;
  evidenceLinks: string[];
}

export const TEXT_FIELDS = ["title", "statement", "rationale", "category", "indicator", "threshold_value", "threshold_unit", "trigger", "response", "scope", "evidence_links"] as const;

export async function getProposalDetail(ctx: MemberContext, proposalId: string) {
  const db = ctx.app.db;
  const proposal = await repo.findProposal(db, ctx.deliberation.id, proposalId);
  assertFound(proposal, "errors.proposalNotFound");
  const rows = await repo.listVersions(db, proposalId);
  const categories = new Map((await listCategoryViews(db, ctx.deliberation.id)).map((c) => [c.key, c]));
  const versions: VersionView[] = rows.map((v, i) => {
    const prev = i > 0 ? rows[i - 1] : undefined;
    const unchanged = prev !== undefined && TEXT_FIELDS.every((f) => prev[f] === v[f]);
    return {
      id: v.id,
      versionNumber: v.version_number,
      roundNumber: v.round_number,
      frozen: v.frozen_at !== null,
      createdAt: v.created_at,
      unchangedFrom: unchanged ? prev.version_number : null,
      ...proposalInputFromVersion(v),
      categoryLabel: categories.get(v.category)?.label ?? v.category,
      categoryRetired: categories.get(v.category)?.retired ?? false,
    };
  });
  const author = await db
    .selectFrom("memberships as m")
    .innerJoin("users as u", "u.id", "m.user_id")
    .leftJoin("stakeholder_groups as g", "g.id", "m.stakeholder_group_id")
    .select(["m.pseudonym", "u.display_name", "g.name as group_name"])
    .where("m.id", "=", proposal.author_membership_id)
    .where("m.deliberation_id", "=", ctx.deliberation.id)
    .executeTakeFirstOrThrow();
  const mergedIntoId = proposal.merged_into_id;
  const mergedInto = mergedIntoId ? await repo.findLatestVersion(db, mergedIntoId) : undefined;
  const others = ctx.membership.role === "facilitator" ? (await listProposals(ctx)).filter((p) => p.status === "active" && p.id !== proposalId) : [];
  return {
    id: proposal.id,
    status: proposal.status,
    statusReason: proposal.status_reason,
    mergedInto: mergedIntoId && mergedInto ? { id: mergedIntoId, title: mergedInto.title } : null,
    author: authorLabel(ctx.deliberation.attributionMode, { displayName: author.display_name, pseudonym: author.pseudonym, groupName: author.group_name }),
    mine: proposal.author_membership_id === ctx.membership.id,
    versions,
    mergeTargets: others.map((o) => ({ id: o.id, title: o.title })),
  };
}
