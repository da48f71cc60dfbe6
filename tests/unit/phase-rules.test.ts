import { describe, expect, it } from "vitest";
import { isAllowedInPhase, nextPhase, PHASES, phasesAllowing, type Phase, type PhaseAction } from "../../app/deliberation/phase-rules";

/**
 * The rulebook, written out by hand: which action is open in which phase of a round. Every cell of
 * action × phase is checked, so a change to the rules must change this table on purpose.
 */
const RULES: Record<PhaseAction, Record<Phase, boolean>> = {
  propose: { proposing: true, discussing: false, voting: false, closed: false },
  edit_proposal: { proposing: true, discussing: true, voting: false, closed: false },
  revise: { proposing: true, discussing: true, voting: false, closed: false },
  vote: { proposing: false, discussing: false, voting: true, closed: false },
  withdraw: { proposing: true, discussing: true, voting: false, closed: true },
  merge: { proposing: true, discussing: true, voting: false, closed: true },
  comment: { proposing: false, discussing: true, voting: false, closed: false },
  adopt_draft: { proposing: false, discussing: true, voting: false, closed: false },
};

const ACTIONS = Object.keys(RULES) as PhaseAction[];
const CELLS = ACTIONS.flatMap((action) => PHASES.map((phase) => ({ action, phase, allowed: RULES[action][phase] })));

describe("isAllowedInPhase", () => {
  it("covers exactly the four phases, in round order", () => {
    expect(PHASES).toEqual(["proposing", "discussing", "voting", "closed"]);
  });

  it.each(CELLS)("$action in $phase → allowed: $allowed", ({ action, phase, allowed }) => {
    expect(isAllowedInPhase(action, phase)).toBe(allowed);
  });

  it.each(ACTIONS)("%s is refused before any round exists (phase null)", (action) => {
    expect(isAllowedInPhase(action, null)).toBe(false);
  });

  it.each(ACTIONS)("phasesAllowing(%s) lists exactly the phases the table allows", (action) => {
    const expected = PHASES.filter((p) => RULES[action][p]);
    expect([...phasesAllowing(action)].sort()).toEqual([...expected].sort());
  });

  it("never lets a frozen ballot change: nothing but voting is open during voting", () => {
    expect(ACTIONS.filter((a) => isAllowedInPhase(a, "voting"))).toEqual(["vote"]);
  });

  it("allows no wording changes and no votes once the round is closed", () => {
    for (const a of ["propose", "edit_proposal", "revise", "vote", "adopt_draft"] as const) expect(isAllowedInPhase(a, "closed")).toBe(false);
  });
});

describe("nextPhase", () => {
  it.each([
    ["proposing", "discussing"],
    ["discussing", "voting"],
    ["voting", "closed"],
    ["closed", null],
  ] as const)("%s → %s", (from, to) => {
    expect(nextPhase(from)).toBe(to);
  });

  it("walks a whole round in four steps and stops", () => {
    const seen: Phase[] = [];
    let p: Phase | null = "proposing";
    while (p) {
      seen.push(p);
      p = nextPhase(p);
    }
    expect(seen).toEqual([...PHASES]);
  });

  it("returns null for a value that is not a phase instead of inventing one", () => {
    expect(nextPhase("bogus" as Phase)).toBeNull();
  });
});
