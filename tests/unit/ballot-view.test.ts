import { describe, expect, it } from "vitest";
import { ballotPosition, pickBallotCard } from "../../app/deliberation/ballot-view";

// a ballot as the service returns it: cards still to vote first, voted ones last
const ballot = (votedIds: string[], order: string[]) => {
  const items = order.map((versionId) => ({ versionId, myVote: votedIds.includes(versionId) ? { choice: "agree" } : null }));
  return [...items.filter((i) => !i.myVote), ...items.filter((i) => i.myVote)];
};

describe("which card a ballot shows, and its number", () => {
  it("opens on the first card still to vote, and a vote leads to the next one still to vote", () => {
    const items = ballot(["a"], ["a", "b", "c", "d"]);
    expect(pickBallotCard(items, null, null)).toEqual({ index: 0, nextVersionId: "c" });
    expect(pickBallotCard(items, "c", null)).toEqual({ index: 1, nextVersionId: "d" });
    // the last one left leads back round to the first still to vote
    expect(pickBallotCard(items, "d", null).nextVersionId).toBe("b");
  });

  it("numbers the cards as the participant votes through them: the next card after one vote is number 2", () => {
    const none = ballot([], ["a", "b", "c", "d"]);
    expect(ballotPosition(none, 0)).toBe(1);
    const one = ballot(["a"], ["a", "b", "c", "d"]);
    expect(one.map((i) => i.versionId)).toEqual(["b", "c", "d", "a"]);
    expect(one.map((_, i) => ballotPosition(one, i))).toEqual([2, 3, 4, 1]);
    const three = ballot(["a", "c", "b"], ["a", "b", "c", "d"]);
    expect(three.map((_, i) => ballotPosition(three, i))).toEqual([4, 1, 2, 3]);
  });

  it("gives every card a different number, whatever has been voted", () => {
    const order = ["a", "b", "c", "d", "e"];
    for (let mask = 0; mask < 32; mask++) {
      const items = ballot(order.filter((_, i) => mask & (1 << i)), order);
      expect(new Set(items.map((_, i) => ballotPosition(items, i))).size).toBe(5);
    }
  });
});

describe("?card=N", () => {
  it("opens the card that shows number N", () => {
    const items = ballot(["a"], ["a", "b", "c", "d"]);
    expect(items[pickBallotCard(items, null, "1").index]!.versionId).toBe("a");
    expect(items[pickBallotCard(items, null, "2").index]!.versionId).toBe("b");
    expect(items[pickBallotCard(items, null, "99").index]!.versionId).toBe("d");
    expect(items[pickBallotCard(items, null, "-3").index]!.versionId).toBe("a");
  });
});

describe("an if-then's trigger after the word If", () => {
  it("drops the If a person typed themselves, and nothing else", async () => {
    const { triggerAfterIf } = await import("../../app/deliberation/if-then");
    expect(triggerAfterIf("If a model solves 50 % of tasks")).toBe("a model solves 50 % of tasks");
    expect(triggerAfterIf("  if uplift reaches 10 points")).toBe("uplift reaches 10 points");
    expect(triggerAfterIf("Iffy results appear")).toBe("Iffy results appear");
    expect(triggerAfterIf("any self-applied change")).toBe("any self-applied change");
  });
});
