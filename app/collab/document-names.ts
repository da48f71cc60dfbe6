/** Yjs document names and shapes shared by server and client. */
export type DocKind = "draft" | "comments";

export function draftDocName(proposalId: string): string {
  return `proposal:${proposalId}:draft`;
}

export function commentsDocName(proposalId: string): string {
  return `proposal:${proposalId}:comments`;
}

export function parseDocName(name: string): { proposalId: string; kind: DocKind } | null {
  const m = /^proposal:([A-Za-z0-9_-]{1,40}):(draft|comments)$/.exec(name);
  return m ? { proposalId: m[1]!, kind: m[2] as DocKind } : null;
}

/** In the draft document: the proposed new wording of the statement. */
export const DRAFT_TEXT = "statement";
/**
 * Stateless message the server sends a draft connection once it is authenticated: the member's
 * label under the deliberation's attribution mode ("" under anonymous) and role. The client puts
 * exactly these into its awareness `user` field; the server drops presence that says otherwise.
 */
export const DRAFT_IDENTITY = "accord:identity";
export interface DraftIdentityMessage {
  type: typeof DRAFT_IDENTITY;
  name: string;
  role: "facilitator" | "participant" | "observer";
}
/**
 * How presence names a member: "name · role", the role alone when there is no name (anonymous)
 * or when the name is the role itself (a facilitator's pseudonym is "Facilitator").
 */
export function presenceLabel(name: string, roleLabel: string): string {
  const label = name.trim().slice(0, 80);
  return label && label.toLocaleLowerCase() !== roleLabel.toLocaleLowerCase() ? `${label} · ${roleLabel}` : roleLabel;
}

/** In the comments document: comment id → LiveComment. */
export const COMMENTS_MAP = "comments";

export const STANCES = ["supports", "opposes", "question", "evidence"] as const;
export type Stance = (typeof STANCES)[number];

/** What every member may see of a comment — the author already rendered per attribution mode. */
export interface LiveComment {
  id: string;
  parentId: string | null;
  anchor: string | null;
  stance: Stance;
  body: string;
  author: { name: string | null; group: string | null };
  createdAt: string;
  editedAt: string | null;
  deleted: boolean;
  hidden: boolean;
  hiddenReason: string | null;
}
