/**
 * Which card of a participant's ballot to show, and which one a vote on it leads to. The ballot is
 * already in the participant's order (not yet voted first), so positions move as votes land: a card
 * is named by its version id (`?v=`), the older `?card=N` (1-based position) still works.
 */
export function pickBallotCard(items: readonly { versionId: string; myVote: unknown }[], requestedVersion: string | null, requestedCard: string | null): { index: number; nextVersionId: string | null } {
  let index = requestedVersion ? items.findIndex((i) => i.versionId === requestedVersion) : -1;
  if (index === -1) {
    const n = Number.parseInt(requestedCard ?? "", 10);
    if (Number.isFinite(n)) index = Math.min(Math.max(n - 1, 0), Math.max(items.length - 1, 0));
  }
  if (index === -1) index = Math.max(items.findIndex((i) => !i.myVote), 0);
  // after this card: the next one not yet voted, going round; none when this was the last one left
  let nextVersionId: string | null = null;
  for (let step = 1; step < items.length; step++) {
    const candidate = items[(index + step) % items.length]!;
    if (!candidate.myVote) {
      nextVersionId = candidate.versionId;
      break;
    }
  }
  return { index, nextVersionId };
}
