/**
 * Which card of a participant's ballot to show, and which one a vote on it leads to. The ballot is
 * already in the participant's order (not yet voted first), so positions move as votes land: a card
 * is named by its version id (`?v=`), the older `?card=N` names the card by the number it shows.
 */
export function pickBallotCard(items: readonly { versionId: string; myVote: unknown }[], requestedVersion: string | null, requestedCard: string | null): { index: number; nextVersionId: string | null } {
  let index = requestedVersion ? items.findIndex((i) => i.versionId === requestedVersion) : -1;
  if (index === -1) {
    const n = Number.parseInt(requestedCard ?? "", 10);
    // `?card=N` names the card numbered N on screen ("Red line N of M")
    if (Number.isFinite(n) && items.length > 0) {
      const wanted = Math.min(Math.max(n, 1), items.length);
      index = items.findIndex((_, i) => ballotPosition(items, i) === wanted);
    }
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

/**
 * The card's number as the participant reads it ("Red line 2 of 4"): cards already voted count first,
 * in the order they stand, then the ones still to vote — so the number grows as one votes through
 * the ballot, although the ballot itself lists the cards still to vote first.
 */
export function ballotPosition(items: readonly { myVote: unknown }[], index: number): number {
  const voted = items.filter((i) => i.myVote).length;
  const before = items.slice(0, index);
  return items[index]?.myVote ? before.filter((i) => i.myVote).length + 1 : voted + before.filter((i) => !i.myVote).length + 1;
}
