import { newId } from "../auth/crypto.server";
import { getDb } from "../db.server";
import { conflict, forbidden, notFound } from "../http-errors.server";
import { t } from "../i18n/i18n";
import type { MemberContext } from "./access.server";
import { authorLabel } from "./attribution";
import { isAllowedInPhase, phasesAllowing, type PhaseAction } from "./phase-rules";
import * as repo from "./proposal-repository.server";
import type { ProposalInput } from "./schemas";
import type { NewProposalVersion } from "../../db/schema";

/** Refuse an action outside its phase with a sentence that names the current phase. */
export function requirePhase(ctx: MemberContext, action: PhaseAction): void {
  const phase = ctx.round?.phase ?? null;
  if (isAllowedInPhase(action, phase)) return;
  const allowed = phasesAllowing(action).map((p) => t(`phases.${p}.name`)).join(t("common.or"));
  conflict(
    phase
      ? t("errors.wrongPhase", { action: t(`actions.${action}`), phase: t(`phases.${phase}.name`), allowed })
      : t("errors.noRoundYet", { action: t(`actions.${action}`) }),
  );
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

/** A proposal created (or found: the same submission sent again), or refused: the id was used for other words. */
/** `repeated`: the same words were already proposed by this member in this round (e.g. back, then send again). */
export type SubmitProposalResult = { ok: true; proposalId: string; repeated?: boolean } | { ok: false; alreadySent: true };

/** Create a proposal with version 1 (no submission id: never deduplicated, as for scripts and the demo). */
export async function createProposal(ctx: MemberContext, input: ProposalInput): Promise<string> {
  const r = await submitProposal(ctx, input, null);
  if (!r.ok) throw new Error("a proposal without a submission id cannot repeat one");
  return r.proposalId;
}

/**
 * Create a proposal from a form submission. The same submission id sent again by the same member
 * returns the proposal it first created (nothing stored); with other words it is refused.
 */
export async function submitProposal(ctx: MemberContext, input: ProposalInput, submissionId: string | null): Promise<SubmitProposalResult> {
  if (ctx.membership.role === "observer") forbidden(t("errors.observersReadOnly"));
  requirePhase(ctx, "propose");
  const id = newId();
  const now = new Date().toISOString();
  return getDb().transaction().execute(async (tx): Promise<SubmitProposalResult> => {
    // A form sent again with a fresh submission id (back, then send) carries the same words: one proposal.
    if (submissionId !== null) {
      const same = await repo.findOwnProposalWithSameWords(tx, ctx.deliberation.id, ctx.membership.id, ctx.round!.id, submissionId, versionValues(input));
      if (same) return { ok: true, proposalId: same, repeated: true };
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
      const first = await repo.findProposalBySubmission(tx, ctx.membership.id, submissionId!);
      if (!first) throw new Error("a proposal's submission id conflicted but its proposal is not there");
      const { id: firstId, ...stored } = first;
      const sent = versionValues(input);
      const same = (Object.keys(sent) as (keyof typeof sent)[]).every((k) => stored[k] === sent[k]);
      return same ? { ok: true, proposalId: firstId } : { ok: false, alreadySent: true };
    }
    await repo.insertVersion(tx, {
      id: newId(),
      proposal_id: id,
      version_number: 1,
      round_id: ctx.round!.id,
      ...versionValues(input),
      created_by_membership_id: ctx.membership.id,
      created_at: now,
      frozen_at: null,
    });
    return { ok: true, proposalId: id };
  });
}

async function requireEditableProposal(ctx: MemberContext, proposalId: string) {
  const proposal = await repo.findProposal(getDb(), ctx.deliberation.id, proposalId);
  if (!proposal) notFound(t("errors.proposalNotFound"));
  const isAuthor = proposal!.author_membership_id === ctx.membership.id;
  if (!isAuthor && ctx.membership.role !== "facilitator") forbidden(t("errors.onlyAuthorOrFacilitator"));
  if (proposal!.status !== "active") conflict(t("errors.proposalNotActive", { status: t(`status.${proposal!.status}`) }));
  return proposal!;
}

/**
 * Save new wording. A draft of the current round is edited in place; once a version has been
 * frozen for a vote it never changes, and saving creates the next version (a revision).
 */
export async function saveProposalText(ctx: MemberContext, proposalId: string, input: ProposalInput): Promise<{ versionNumber: number; revised: boolean }> {
  await requireEditableProposal(ctx, proposalId);
  return getDb().transaction().execute(async (tx) => {
    const latest = await repo.findLatestVersion(tx, proposalId);
    if (!latest) notFound(t("errors.proposalNotFound"));
    const isDraft = latest!.frozen_at === null && latest!.round_id === ctx.round!.id;
    requirePhase(ctx, isDraft ? "edit_proposal" : "revise");
    if (isDraft) {
      await repo.updateDraftVersion(tx, latest!.id, versionValues(input));
      return { versionNumber: latest!.version_number, revised: false };
    }
    await repo.insertVersion(tx, {
      id: newId(),
      proposal_id: proposalId,
      version_number: latest!.version_number + 1,
      round_id: ctx.round!.id,
      ...versionValues(input),
      created_by_membership_id: ctx.membership.id,
      created_at: new Date().toISOString(),
      frozen_at: null,
    });
    return { versionNumber: latest!.version_number + 1, revised: true };
  });
}

export async function withdrawProposal(ctx: MemberContext, proposalId: string, reason: string) {
  requirePhase(ctx, "withdraw");
  const r = await repo.setProposalStatus(getDb(), ctx.deliberation.id, proposalId, { status: "withdrawn", merged_into_id: null, status_reason: reason || null });
  if (Number(r.numUpdatedRows) !== 1) notFound(t("errors.proposalNotFound"));
}

export async function mergeProposal(ctx: MemberContext, proposalId: string, targetId: string, reason: string) {
  requirePhase(ctx, "merge");
  if (proposalId === targetId) conflict(t("errors.mergeIntoSelf"));
  await getDb().transaction().execute(async (tx) => {
    const target = await repo.findProposal(tx, ctx.deliberation.id, targetId);
    if (!target || target.status !== "active") conflict(t("errors.mergeTargetInvalid"));
    const r = await repo.setProposalStatus(tx, ctx.deliberation.id, proposalId, { status: "merged", merged_into_id: targetId, status_reason: reason || null });
    if (Number(r.numUpdatedRows) !== 1) notFound(t("errors.proposalNotFound"));
  });
}

export interface ProposalSummary {
  id: string;
  title: string;
  statement: string;
  category: string;
  scope: string;
  status: "active" | "withdrawn" | "merged";
  versionNumber: number;
  frozen: boolean;
  author: { name: string | null; group: string | null };
  mine: boolean;
}

export async function listProposals(ctx: MemberContext): Promise<ProposalSummary[]> {
  const rows = await repo.listProposalsWithLatest(getDb(), ctx.deliberation.id);
  return rows.map((r) => ({
    id: r.id,
    title: r.title,
    statement: r.statement,
    category: r.category,
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
  indicator: string;
  thresholdValue: string;
  thresholdUnit: string;
  trigger: string;
  response: string;
  scope: string;
  evidenceLinks: string[];
}

const TEXT_FIELDS = ["title", "statement", "rationale", "category", "indicator", "threshold_value", "threshold_unit", "trigger", "response", "scope", "evidence_links"] as const;

export async function getProposalDetail(ctx: MemberContext, proposalId: string) {
  const db = getDb();
  const proposal = await repo.findProposal(db, ctx.deliberation.id, proposalId);
  if (!proposal) notFound(t("errors.proposalNotFound"));
  const rows = await repo.listVersions(db, proposalId);
  const versions: VersionView[] = rows.map((v, i) => {
    const prev = i > 0 ? rows[i - 1]! : null;
    const unchanged = prev !== null && TEXT_FIELDS.every((f) => prev[f] === v[f]);
    return {
      id: v.id,
      versionNumber: v.version_number,
      roundNumber: v.round_number,
      frozen: v.frozen_at !== null,
      createdAt: v.created_at,
      unchangedFrom: unchanged ? prev!.version_number : null,
      ...proposalInputFromVersion(v),
    };
  });
  const author = await db
    .selectFrom("memberships as m")
    .innerJoin("users as u", "u.id", "m.user_id")
    .leftJoin("stakeholder_groups as g", "g.id", "m.stakeholder_group_id")
    .select(["m.pseudonym", "u.display_name", "g.name as group_name"])
    .where("m.id", "=", proposal!.author_membership_id)
    .where("m.deliberation_id", "=", ctx.deliberation.id)
    .executeTakeFirstOrThrow();
  const mergedInto = proposal!.merged_into_id ? await repo.findLatestVersion(db, proposal!.merged_into_id) : undefined;
  const others = ctx.membership.role === "facilitator" ? (await listProposals(ctx)).filter((p) => p.status === "active" && p.id !== proposalId) : [];
  return {
    id: proposal!.id,
    status: proposal!.status,
    statusReason: proposal!.status_reason,
    mergedInto: mergedInto ? { id: proposal!.merged_into_id!, title: mergedInto.title } : null,
    author: authorLabel(ctx.deliberation.attributionMode, { displayName: author.display_name, pseudonym: author.pseudonym, groupName: author.group_name }),
    mine: proposal!.author_membership_id === ctx.membership.id,
    versions,
    mergeTargets: others.map((o) => ({ id: o.id, title: o.title })),
  };
}
