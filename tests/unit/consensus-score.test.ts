import { describe, expect, it } from "vitest";
import { consensusScore, groupAgreementEstimate } from "../../app/consensus/consensus-score";

const gic = (groups: { agree: number; n: number }[]) => groups.reduce((p, g) => p * ((g.agree + 1) / (g.n + 2)), 1);

describe("the geometric-mean consensus score", () => {
  it("does not fall as identical groups are added, while Polis's product collapses", () => {
    const group = { agree: 80, n: 100 };
    const two = [group, group];
    const six = Array.from({ length: 6 }, () => group);
    expect(consensusScore(six, 5)).toBeCloseTo(consensusScore(two, 5)!, 12);
    expect(gic(six)).toBeLessThan(gic(two) / 2.5);
  });

  it("barely moves when identical groups are split in halves (the prior's effect only)", () => {
    const whole = [{ agree: 93, n: 100 }, { agree: 186, n: 200 }];
    const halves = [{ agree: 93, n: 100 }, { agree: 93, n: 100 }, { agree: 93, n: 100 }];
    const a = consensusScore(whole, 5)!;
    const b = consensusScore(halves, 5)!;
    expect(Math.abs(a - b)).toBeLessThan(0.005);
    // 93 % agreement in every one of six groups is a strong consensus, not "0.6"
    const six = Array.from({ length: 6 }, () => ({ agree: 93, n: 100 }));
    expect(consensusScore(six, 5)!).toBeGreaterThan(0.9);
    expect(gic(six)).toBeLessThan(0.7);
  });

  it("never rises when a group has fewer votes at the same agree rate", () => {
    for (const rate of [0, 0.1, 0.3, 0.5, 0.7, 0.9, 1]) {
      let previous = -1;
      for (const n of [1, 2, 4, 5, 10, 20, 40, 100, 1000]) {
        const agree = Math.round(rate * n);
        const e = groupAgreementEstimate({ agree, n }, 5);
        // the estimate never exceeds the group's own agree rate
        expect(e).toBeLessThanOrEqual(agree / n + 1e-15);
        if (Math.abs(agree / n - rate) < 1e-12) {
          expect(e).toBeGreaterThanOrEqual(previous - 1e-15);
          previous = e;
        }
      }
    }
  });

  it("penalises a group below the engagement threshold and counts a silent group as 0", () => {
    expect(groupAgreementEstimate({ agree: 2, n: 2 }, 5)).toBeLessThan(0.5);
    expect(groupAgreementEstimate({ agree: 0, n: 0 }, 5)).toBe(0);
    expect(consensusScore([{ agree: 50, n: 50 }, { agree: 0, n: 0 }], 5)).toBe(0);
    expect(consensusScore([], 5)).toBeNull();
  });

  it("is lowered by the least agreeing group", () => {
    const even = consensusScore([{ agree: 70, n: 100 }, { agree: 70, n: 100 }], 5)!;
    const uneven = consensusScore([{ agree: 95, n: 100 }, { agree: 45, n: 100 }], 5)!;
    expect(uneven).toBeLessThan(even);
  });
});
