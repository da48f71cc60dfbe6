import { describe, expect, it } from "vitest";
import { computeMovement } from "../../app/consensus/movement";

/** "Converged" means the groups came closer and the red line did not lose support on the way. */
describe("converged only when agreement did not fall", () => {
  it("a narrower spread with less agreement is not convergence", () => {
    const [m] = computeMovement([{ round: 1, agreeRate: 0.7, spread: 0.5 }, { round: 2, agreeRate: 0.4, spread: 0.1 }]);
    expect(m!.spreadChange).toBeCloseTo(-0.4, 12);
    expect(m!.agreeChange).toBeCloseTo(-0.3, 12);
    expect(m!.converged).toBe(false);
    expect(m!.verdict).toBe("agreement_fell");
  });

  it("a narrower spread with the same or more agreement converged", () => {
    expect(computeMovement([{ round: 1, agreeRate: 0.6, spread: 0.5 }, { round: 2, agreeRate: 0.6, spread: 0.2 }])[0]).toMatchObject({ converged: true, verdict: "converged" });
    expect(computeMovement([{ round: 1, agreeRate: 0.5, spread: 0.5 }, { round: 2, agreeRate: 0.8, spread: 0.2 }])[0]).toMatchObject({ converged: true, verdict: "converged" });
  });

  it("even a small fall in agreement is a fall", () => {
    const [m] = computeMovement([{ round: 1, agreeRate: 0.75, spread: 0.5 }, { round: 2, agreeRate: 0.74, spread: 0.2 }]);
    expect(m).toMatchObject({ converged: false, verdict: "agreement_fell" });
  });

  it("a widening spread diverged; a change under epsilon is steady; unknown stays unknown", () => {
    expect(computeMovement([{ round: 1, agreeRate: 0.6, spread: 0.2 }, { round: 2, agreeRate: 0.9, spread: 0.5 }])[0]).toMatchObject({ converged: false, verdict: "diverged" });
    expect(computeMovement([{ round: 1, agreeRate: 0.6, spread: 0.3 }, { round: 2, agreeRate: 0.7, spread: 0.29 }])[0]).toMatchObject({ converged: false, verdict: "steady" });
    expect(computeMovement([{ round: 1, agreeRate: 0.6, spread: null }, { round: 2, agreeRate: 0.7, spread: 0.29 }])[0]).toMatchObject({ converged: null, verdict: null });
  });
});
