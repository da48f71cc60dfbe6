/**
 * Amendment drafts: the live `proposal:<id>:draft` Yjs document co-edited on the proposal page,
 * and adopting it as the proposal's statement through the normal versioning (saveProposalText:
 * a draft version of this round is edited in place, a frozen one gets version N+1).
 */
import * as Y from "yjs";
import type { MemberContext } from "../deliberation/access.server";
import { isAllowedInPhase } from "../deliberation/phase-rules";
import * as proposals from "../deliberation/proposal-repository.server";
import { proposalInputFromVersion, requirePhase, saveProposalText } from "../deliberation/proposal-service.server";
import { ProposalSchema, type ProposalInput } from "../deliberation/schemas";
import { getDb } from "../db.server";
import { conflict, forbidden, notFound } from "../http-errors.server";
import { t } from "../i18n/i18n";
import { fetchDocumentState } from "./collab-repository.server";
import { getCollab } from "./collab-server.server";
import { issueCollabToken } from "./collab-token.server";
import { DRAFT_TEXT, draftDocName } from "./document-names";

/** The statement field's own rule (trimmed, 10..600 characters), reused so a draft is held to it. */
const STATEMENT = ProposalSchema.innerType().shape.statement;

type ProposalRow = NonNullable<Awaited<ReturnType<typeof proposals.findProposal>>>;
type VersionRow = NonNullable<Awaited<ReturnType<typeof proposals.findLatestVersion>>>;

/**
 * What the proposal page passes to <LiveDraft>: a token for the collaboration socket and what this
 * member may do. Editing mirrors the collaboration server's rule (not an observer, discussing phase,
 * active proposal); adopting is for the proposal's author or a facilitator, in the same conditions.
 */
export function liveDraftAccess(ctx: MemberContext, proposal: { status: string; mine: boolean }): { token: string; canEdit: boolean; canAdopt: boolean } {
  const open = proposal.status === "active" && isAllowedInPhase("adopt_draft", ctx.round?.phase ?? null);
  const role = ctx.membership.role;
  return {
    token: issueCollabToken(ctx.membership.id),
    canEdit: open && role !== "observer",
    canAdopt: open && role !== "observer" && (role === "facilitator" || proposal.mine),
  };
}

/**
 * The draft's text as the server holds it: the open document when someone is connected, else the
 * stored Yjs state; null when nobody has opened the draft yet.
 */
export async function readDraftText(proposalId: string): Promise<string | null> {
  const collab = getCollab();
  if (collab) return collab.readDraft(proposalId);
  const state = await fetchDocumentState(getDb(), draftDocName(proposalId));
  if (!state) return null;
  const doc = new Y.Doc();
  try {
    Y.applyUpdate(doc, state);
    return doc.getText(DRAFT_TEXT).toString();
  } finally {
    doc.destroy();
  }
}

/** Is this text fit to become the statement? The trimmed statement, or a sentence saying why not. */
export function checkDraft(draft: string | null, currentStatement: string): { ok: true; statement: string } | { ok: false; error: string } {
  const text = (draft ?? currentStatement).trim();
  const parsed = STATEMENT.safeParse(text);
  if (!parsed.success) {
    const max = STATEMENT.maxLength ?? Infinity;
    return text.length > max
      ? { ok: false, error: t("draft.tooLong", { length: text.length, max }) }
      : { ok: false, error: t("draft.tooShort", { length: text.length, min: STATEMENT.minLength ?? 1 }) };
  }
  if (parsed.data === currentStatement.trim()) return { ok: false, error: t("draft.unchanged") };
  return { ok: true, statement: parsed.data };
}

async function requireAdoptable(ctx: MemberContext, proposalId: string): Promise<{ proposal: ProposalRow; latest: VersionRow }> {
  const db = getDb();
  const proposal = await proposals.findProposal(db, ctx.deliberation.id, proposalId);
  if (!proposal) notFound(t("errors.proposalNotFound"));
  const isAuthor = proposal!.author_membership_id === ctx.membership.id;
  if (ctx.membership.role === "observer" || (!isAuthor && ctx.membership.role !== "facilitator")) forbidden(t("draft.onlyAuthorOrFacilitator"));
  requirePhase(ctx, "adopt_draft");
  if (proposal!.status !== "active") conflict(t("errors.proposalNotActive", { status: t(`status.${proposal!.status}`) }));
  const latest = await proposals.findLatestVersion(db, proposalId);
  if (!latest) notFound(t("errors.proposalNotFound"));
  return { proposal: proposal!, latest: latest! };
}

export type AdoptResult = { ok: true; versionNumber: number; revised: boolean } | { ok: false; status: 400 | 409; error: string };

/**
 * Make the server's copy of the draft the proposal's statement, every other field kept from the
 * latest version. Refusals: 404 unknown proposal, 403 neither its author nor a facilitator, 409
 * outside the discussing phase (naming the phase) or an inactive proposal — all thrown; an unfit
 * draft (400) or one that changed since the member looked at it (`expected`, 409) is returned so
 * the page can say so next to the button. Nothing is written on any refusal.
 */
export async function adoptDraft(ctx: MemberContext, proposalId: string, expected?: string | null): Promise<AdoptResult> {
  const { latest } = await requireAdoptable(ctx, proposalId);
  const draft = await readDraftText(proposalId);
  const checked = checkDraft(draft, latest.statement);
  if (!checked.ok) return { ok: false, status: 400, error: checked.error };
  if (typeof expected === "string" && expected.trim() !== checked.statement) return { ok: false, status: 409, error: t("draft.changedMeanwhile") };
  const saved = await saveProposalText(ctx, proposalId, { ...proposalInputFromVersion(latest), statement: checked.statement });
  return { ok: true, ...saved };
}

/** The draft as the server holds it, for the page that works without JavaScript. */
export async function getDraftView(ctx: MemberContext, proposalId: string) {
  const db = getDb();
  const proposal = await proposals.findProposal(db, ctx.deliberation.id, proposalId);
  if (!proposal) notFound(t("errors.proposalNotFound"));
  const latest = await proposals.findLatestVersion(db, proposalId);
  if (!latest) notFound(t("errors.proposalNotFound"));
  const draft = await readDraftText(proposalId);
  const access = liveDraftAccess(ctx, { status: proposal!.status, mine: proposal!.author_membership_id === ctx.membership.id });
  return {
    proposalId: proposal!.id,
    title: latest!.title,
    versionNumber: latest!.version_number,
    currentStatement: latest!.statement,
    /** null: nobody has opened the draft yet, so it is still the current statement */
    draft,
    canAdopt: access.canAdopt,
  };
}
