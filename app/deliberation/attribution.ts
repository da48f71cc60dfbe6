export const ATTRIBUTION_MODES = ["named", "chatham_house", "anonymous"] as const;
export type AttributionMode = (typeof ATTRIBUTION_MODES)[number];

export interface AuthorFacts {
  displayName: string;
  pseudonym: string;
  groupName: string | null;
}

export type ViewerRole = "facilitator" | "participant" | "observer" | "public";

/**
 * How an author is shown to a viewer. Under Chatham House only a pseudonym and stakeholder group
 * leave the server; under anonymous not even that. Facilitators (who issued the invitations) see
 * names on member management pages only — this function is for every shared surface, so it never
 * returns a name unless the mode is `named`.
 */
export function authorLabel(mode: AttributionMode, author: AuthorFacts): { name: string | null; group: string | null } {
  switch (mode) {
    case "named":
      return { name: author.displayName, group: author.groupName };
    case "chatham_house":
      return { name: author.pseudonym, group: author.groupName };
    case "anonymous":
      return { name: null, group: null };
  }
}
