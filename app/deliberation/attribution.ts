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

/** From least to most protective: each step shows less about who said what. */
const STRICTNESS: Record<AttributionMode, number> = { named: 0, chatham_house: 1, anonymous: 2 };

/**
 * Whether a deliberation's attribution may change from `from` to `to`. Everyone who joined was
 * promised the rule in force when they joined (the join page says so), and every earlier
 * contribution was made under it; so once anyone other than a facilitator has joined (removed
 * members included), the rule may only stay or become stricter: named → chatham_house → anonymous.
 */
export function canChangeAttribution(from: AttributionMode, to: AttributionMode, someoneJoined: boolean): boolean {
  return !someoneJoined || STRICTNESS[to] >= STRICTNESS[from];
}

/** The modes a facilitator may choose now, in the order of ATTRIBUTION_MODES. */
export function allowedAttributionModes(current: AttributionMode, someoneJoined: boolean): AttributionMode[] {
  return ATTRIBUTION_MODES.filter((m) => canChangeAttribution(current, m, someoneJoined));
}
