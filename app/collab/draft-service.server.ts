/**
 * Amendment drafts: the live `proposal:<id>:draft` Yjs document co-edited on the proposal page,
 * and adopting it as the proposal's statement through the normal versioning (saveProposalText:
 * a draft version of this round is edited in place, a frozen one gets version N+1).
 */
import * as Y from "yjs";
import type { AppContext } from "../context/app-context.server";
import type { MemberContext } from "../deliberation/access.server";
import { isAllowedInPhase } from "../deliberation/phase-rules";
import * as proposals from "../deliberation/proposal-repository.server";
import { assertActiveProposal, proposalInputFromVersion, requirePhase, saveProposalText } from "../deliberation/proposal-service.server";
import { ProposalSchema, type ProposalInput } from "../deliberation/schemas";
import { assertAllowed, assertFound, assertNoConflict, assertValid, Refusal } from "../refusal";
import { fetchDocumentState } from "./collab-repository.server";
import { issueCollabToken } from "./collab-token.server";
import { DRAFT_TEXT, draftDocName } from "./document-names";

/** The statement field's own rule (trimmed, 10..600 characters), reused so a draft is held to it. */
const STATEMENT = ProposalSchema.innerType().shape.statement;

type ProposalRow = NonNullable<Awaited<ReturnType<typeof proposals.findProposal>>>;
type VersionRow = NonNullable<Awaited<ReturnType<typeof proposals.findLatestVersion>>>;

/**
 * What this member may do with a draft. Editing mirrors the collaboration server's rule (not an
 * observer, discussing phase, active proposal); adopting is for the proposal's author or a
 * facilitator, in the same conditions; resetting for a facilitator only.
 */
function draftRights(ctx: MemberContext, proposal: { status: string; mine: boolean }): { canEdit: boolean; canAdopt: boolean; canReset: boolean } {
  const open = proposal.status === "active" && isAllowedInPhase("adopt_draft", ctx.round?.phase ?? null);
  const role = ctx.membership.role;
  return {
    canEdit: open && role !== "observer",
    canAdopt: open && role !== "observer" && (role === "facilitator" || proposal.mine),
    canReset: open && role === "facilitator",
  };
}

/** What the proposal page passes to <LiveDraft>: a token for the socket, bound to the member's session, and their rights. */
export function liveDraftAccess(ctx: MemberContext, proposal: { status: string; mine: boolean }, sessionId: string) {
  return { token: issueCollabToken(ctx.membership.id, sessionId), ...draftRights(ctx, proposal) };
}

/**
 * The draft's text as the server holds it: the open document when someone is connected, else the
 * stored Yjs state; null when nobody has opened the draft yet.
 */
export async function readDraftText(app: AppContext, proposalId: string): Promise<string | null> {
  const live = app.events.liveDrafts();
  if (live) return live.read(proposalId);
  const state = await fetchDocumentState(app.db, draftDocName(proposalId));
  if (!state) return null;
  const doc = new Y.Doc();
  try {
    Y.applyUpdate(doc, state);
    return doc.getText(DRAFT_TEXT).toString();
  } finally {
    doc.destroy();
  }
}

/** The refusals of an unfit or changed draft are answered next to the adopt button: the draft page stays. */
const NEXT_TO_ADOPT = { fieldErrors: {}, form: "adopt" };

/** The trimmed statement this text would become; refused (400, next to the adopt button) when it is not fit to. */
export function checkDraft(draft: string | null, currentStatement: string): string {
  const text = (draft ?? currentStatement).trim();
  const parsed = STATEMENT.safeParse(text);
  if (!parsed.success) {
    const max = STATEMENT.maxLength ?? Infinity;
    throw text.length > max
      ? new Refusal(400, "draft.tooLong", { params: { length: text.length, max }, ...NEXT_TO_ADOPT })
      : new Refusal(400, "draft.tooShort", { params: { length: text.length, min: STATEMENT.minLength ?? 1 }, ...NEXT_TO_ADOPT });
  }
  assertValid(parsed.data !== currentStatement.trim(), "draft.unchanged", NEXT_TO_ADOPT);
  return parsed.data;
}

/** Adopting is for the proposal's author or a facilitator; resetting for a facilitator only. */
const MAY = {
  adopt: { allowed: (ctx: MemberContext, isAuthor: boolean) => ctx.membership.role === "facilitator" || (isAuthor && ctx.membership.role !== "observer"), refusal: "draft.onlyAuthorOrFacilitator" },
  reset: { allowed: (ctx: MemberContext) => ctx.membership.role === "facilitator", refusal: "draft.onlyFacilitatorResets" },
} as const;

async function requireDraftAction(ctx: MemberContext, proposalId: string, action: keyof typeof MAY): Promise<{ proposal: ProposalRow; latest: VersionRow }> {
  const db = ctx.app.db;
  const proposal = await proposals.findProposal(db, ctx.deliberation.id, proposalId);
  assertFound(proposal, "errors.proposalNotFound");
  assertAllowed(MAY[action].allowed(ctx, proposal.author_membership_id === ctx.membership.id), MAY[action].refusal);
  requirePhase(ctx, "adopt_draft");
  assertActiveProposal(proposal);
  const latest = await proposals.findLatestVersion(db, proposalId);
  assertFound(latest, "errors.proposalNotFound");
  return { proposal, latest };
}

/**
 * Make the server's copy of the draft the proposal's statement, every other field kept from the
 * latest version. Refusals: 404 unknown proposal, 403 neither its author nor a facilitator, 409
 * outside the discussing phase (naming the phase) or an inactive proposal; an unfit draft (400)
 * or one that changed since the member looked at it (`expected`, 409) is refused next to the
 * adopt button (the page stays). Nothing is written on any refusal.
 */
export async function adoptDraft(ctx: MemberContext, proposalId: string, expected?: string | null): Promise<{ versionNumber: number; revised: boolean }> {
  const { latest } = await requireDraftAction(ctx, proposalId, "adopt");
  const draft = await readDraftText(ctx.app, proposalId);
  const statement = checkDraft(draft, latest.statement);
  assertNoConflict(typeof expected !== "string" || expected.trim() === statement, "draft.changedMeanwhile", NEXT_TO_ADOPT);
  return saveProposalText(ctx, proposalId, { ...proposalInputFromVersion(latest), statement });
}

/**
 * A facilitator puts the draft back to the latest version's statement, for everyone editing it
 * now (e.g. after it was filled with junk up to its maximum size). Same refusals as adopting,
 * thrown: 404, 403 (not a facilitator), 409 (phase, inactive proposal); 400 when not confirmed.
 */
export async function resetDraft(ctx: MemberContext, proposalId: string, confirmed: boolean): Promise<void> {
  const { latest } = await requireDraftAction(ctx, proposalId, "reset");
  assertValid(confirmed, "draft.resetUnconfirmed");
  // through the live server (it runs in every process that serves this action): clients see it
  if (!ctx.app.events.liveDrafts()) throw new Error("The collaboration server is not running in this process.");
  await ctx.app.events.publish({ type: "draft-reset", deliberationId: ctx.deliberation.id, proposalId, text: latest.statement });
}

/** The draft as the server holds it, for the page that works without JavaScript. */
export async function getDraftView(ctx: MemberContext, proposalId: string) {
  const db = ctx.app.db;
  const proposal = await proposals.findProposal(db, ctx.deliberation.id, proposalId);
  assertFound(proposal, "errors.proposalNotFound");
  const latest = await proposals.findLatestVersion(db, proposalId);
  assertFound(latest, "errors.proposalNotFound");
  const draft = await readDraftText(ctx.app, proposalId);
  const rights = draftRights(ctx, { status: proposal.status, mine: proposal.author_membership_id === ctx.membership.id });
  return {
    proposalId: proposal.id,
    title: latest.title,
    versionNumber: latest.version_number,
    currentStatement: latest.statement,
    /** null: nobody has opened the draft yet, so it is still the current statement */
    draft,
    canAdopt: rights.canAdopt,
    canReset: rights.canReset,
  };
}
