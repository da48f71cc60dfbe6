/**
 * Bootstrap stability of the opinion map (decision 054): planted groups replicate, noise does not;
 * the result is deterministic, independent of participant ids and order, and the same however the
 * resamples are split (ranges, worker threads); the chosen k always replicates when some k does; the
 * live group-k smoother holds k until its streak.
 */
import { Worker } from "node:worker_threads";
import { afterAll, describe, expect, it } from "vitest";
import {
  ariOfTable,
  chooseStableK,
  combineMapStability,
  computeMapStability,
  mapStabilityInputs,
  mapStabilityRange,
  smoothGroupK,
  type GroupKState,
  type MapStability,
} from "../../app/consensus/map-stability";
import { computeOpinionGroupsFor } from "../../app/consensus/engine";
import { computeMatrixFactorisation, fitMatrixFactorisation, prepareMfData } from "../../app/consensus/matrix-factorisation";
import { computeRobustness, finishRobustness, prepareRobustness, type RobustnessInput } from "../../app/consensus/robustness";
import { computeOpinionGroups, columnMeans, opinionMapBasis, opinionGroupsFromBasis, topTwoComponents } from "../../app/consensus/opinion-groups";
import { createMapStabilityPool, resampleRanges } from "../../app/consensus/parallel/map-stability-pool.server";
import { buildSparseMatrix, type CompactVotes, type SparseMatrix } from "../../app/consensus/sparse-matrix";
import { adjustedRandIndex, seededRandom } from "../../app/consensus/stats";

/**
 * P participants in G planted groups (participant i in group i mod G), each group with its own random
 * ±1 position per statement; a participant votes on a statement with probability `density`: their
 * group's position with probability `loyal`, the opposite or a pass with the rest split evenly.
 * loyal = 1/3 is pure noise (agree, disagree and pass equally likely, whatever the group).
 */
function votes(P: number, S: number, G: number, density: number, loyal: number, seed: number): CompactVotes {
  const rand = seededRandom(seed);
  const position = Array.from({ length: G }, () => Array.from({ length: S }, () => (rand() < 0.5 ? 1 : -1)));
  const rows: number[] = [];
  const cols: number[] = [];
  const values: number[] = [];
  for (let i = 0; i < P; i++) {
    for (let j = 0; j < S; j++) {
      if (rand() >= density) continue;
      const u = rand();
      const own = position[i % G]![j]!;
      rows.push(i);
      cols.push(j);
      values.push(u < loyal ? own : u < loyal + (1 - loyal) / 2 ? -own : 0);
    }
  }
  return { participantCount: P, statementCount: S, rows: Int32Array.from(rows), cols: Int32Array.from(cols), values: Int8Array.from(values) };
}

const planted = buildSparseMatrix(votes(240, 24, 3, 0.7, 0.8, 11));
const noise = buildSparseMatrix(votes(240, 24, 1, 0.7, 1 / 3, 12));
const json = (x: MapStability) => JSON.stringify(x);

const plantedStability = computeMapStability(planted);
const noiseStability = computeMapStability(noise);

describe("bootstrap stability of the opinion map", () => {
  it("planted, well-separated groups: k = 3 replicates and every group's stability is ≥ 0.8", () => {
    const s = plantedStability;
    expect(s.resamples).toBe(100);
    expect(s.k).toBe(3);
    expect(s.stable).toBe(true);
    expect(s.groups).toHaveLength(3);
    for (const g of s.groups) expect(g.stability).toBeGreaterThanOrEqual(0.8);
    expect(s.ari!.median).toBeGreaterThanOrEqual(0.8);
    // the ARI summary is ordered
    expect(s.ari!.min).toBeLessThanOrEqual(s.ari!.p10);
    expect(s.ari!.p10).toBeLessThanOrEqual(s.ari!.median);
    expect(s.ari!.median).toBeLessThanOrEqual(s.ari!.p90);
    expect(s.ari!.p90).toBeLessThanOrEqual(s.ari!.max);
    // the groups are the map's own: sizes as computeOpinionGroups reports them at that k
    expect(s.groups.map((g) => g.size)).toEqual(computeOpinionGroups(planted, { k: s.k }).groupSizes);
    // most resamples find k = 3 by silhouette on their own
    expect(s.kStability!.find((x) => x.k === 3)!.share).toBeGreaterThanOrEqual(0.8);
    expect(s.kStability!.reduce((a, x) => a + x.share, 0)).toBeCloseTo(1, 3);
  });

  it("pure noise (random votes): no k replicates, the map is marked unstable and its groups' stability is far below", () => {
    const s = noiseStability;
    expect(s.stable).toBe(false);
    expect(s.k).toBe(s.kBySilhouette);
    for (const c of s.perK) expect(c.replicates).toBe(false);
    const worstPlanted = Math.min(...plantedStability.groups.map((g) => g.stability!));
    for (const g of s.groups) expect(g.stability!).toBeLessThan(worstPlanted - 0.2);
  });

  it("resamples: 0 skips the bootstrap: the silhouette's k, stability not assessed", () => {
    const s = computeMapStability(planted, { resamples: 0 });
    expect(s.resamples).toBe(0);
    expect(s.k).toBe(computeOpinionGroups(planted).k);
    expect(s.stable).toBeNull();
    expect(s.ari).toBeNull();
    expect(s.kStability).toBeNull();
    for (const g of s.groups) expect(g.stability).toBeNull();
    for (const c of s.perK) expect(c.meanAri).toBeNull();
  });

  it("nothing to split (everyone votes alike): no bootstrap, one group", () => {
    const same = buildSparseMatrix({ participantCount: 20, statementCount: 8, rows: Int32Array.from({ length: 160 }, (_, i) => Math.floor(i / 8)), cols: Int32Array.from({ length: 160 }, (_, i) => i % 8), values: new Int8Array(160).fill(1) });
    const s = computeMapStability(same);
    expect(s).toMatchObject({ resamples: 0, k: 1, stable: null, perK: [], groups: [{ group: 0, size: 20, stability: null }] });
  });

  it("a resample counts a participant drawn w times w times: weighted means and components equal those of the rows written out w times", () => {
    const base = opinionMapBasis(planted);
    const m = base.rows;
    const P = m.participantCount;
    const rand = seededRandom(3);
    const w = Float64Array.from({ length: P }, () => Math.floor(rand() * 3)); // 0, 1 or 2 copies
    const present = Int32Array.from(Array.from({ length: P }, (_, r) => r).filter((r) => w[r]! > 0));
    // the duplicated matrix: row r written w[r] times
    const rows: number[] = [];
    const cols: number[] = [];
    const values: number[] = [];
    let next = 0;
    for (let r = 0; r < P; r++) {
      for (let c = 0; c < w[r]!; c++, next++) {
        for (let p = m.rowStart[r]!; p < m.rowStart[r + 1]!; p++) {
          rows.push(next);
          cols.push(m.cols[p]!);
          values.push(m.values[p]!);
        }
      }
    }
    const dup = buildSparseMatrix({ participantCount: next, statementCount: m.statementCount, rows: Int32Array.from(rows), cols: Int32Array.from(cols), values: Int8Array.from(values) });
    const all = Int32Array.from({ length: next }, (_, i) => i);
    const meanW = columnMeans(m, present, w);
    const meanD = columnMeans(dup, all, null);
    meanW.forEach((x, j) => expect(x).toBeCloseTo(meanD[j]!, 12));
    const [a1, a2] = topTwoComponents(m, present, w, meanW, 1);
    const [b1, b2] = topTwoComponents(dup, all, null, meanD, 2);
    // same 2-D subspace: each weighted component lies in the duplicated one's span
    for (const v of [a1, a2]) {
      let d1 = 0;
      let d2 = 0;
      v.forEach((x, j) => {
        d1 += x * b1[j]!;
        d2 += x * b2[j]!;
      });
      expect(d1 * d1 + d2 * d2).toBeCloseTo(1, 6);
    }
  });
});

describe("map stability is deterministic", () => {
  it("the same input gives byte-identical JSON (and a copy of the matrix too)", () => {
    const copy: SparseMatrix = { ...planted, rowStart: planted.rowStart.slice(), cols: planted.cols.slice(), values: planted.values.slice(), confidences: planted.confidences.slice() };
    expect(json(computeMapStability(copy))).toBe(json(plantedStability));
  });

  it("does not depend on participant ids or order: participants renumbered and votes shuffled give the same JSON", () => {
    const v = votes(240, 24, 3, 0.7, 0.8, 11);
    const rand = seededRandom(99);
    const perm = Int32Array.from({ length: v.participantCount }, (_, i) => i);
    for (let i = perm.length - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      [perm[i], perm[j]] = [perm[j]!, perm[i]!];
    }
    const order = Array.from({ length: v.rows.length }, (_, i) => i);
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    const shuffled = buildSparseMatrix({
      participantCount: v.participantCount,
      statementCount: v.statementCount,
      rows: Int32Array.from(order, (i) => perm[v.rows[i]!]!),
      cols: Int32Array.from(order, (i) => v.cols[i]!),
      values: Int8Array.from(order, (i) => v.values[i]!),
    });
    expect(json(computeMapStability(shuffled))).toBe(json(plantedStability));
  });

  it("split into ranges, combined in any order, gives the same JSON as the sequential path", () => {
    const inputs = mapStabilityInputs(opinionMapBasis(planted));
    const ranges: [number, number][] = [[31, 100], [0, 7], [30, 31], [7, 30]];
    const partials = ranges.map(([from, to]) => mapStabilityRange(inputs, from, to));
    expect(json(combineMapStability(inputs, partials))).toBe(json(plantedStability));
    // one resample at a time too
    expect(json(combineMapStability(inputs, resampleRanges(100, 1).map(([f, t]) => mapStabilityRange(inputs, f, t))))).toBe(json(plantedStability));
  });

  it("refuses ranges that leave a gap or overlap", () => {
    const inputs = mapStabilityInputs(opinionMapBasis(planted), { resamples: 10 });
    expect(() => combineMapStability(inputs, [mapStabilityRange(inputs, 0, 4), mapStabilityRange(inputs, 5, 10)])).toThrow(/cover/);
    expect(() => combineMapStability(inputs, [mapStabilityRange(inputs, 0, 6), mapStabilityRange(inputs, 5, 10)])).toThrow(/cover/);
  });

  describe("in worker threads", () => {
    const pool = createMapStabilityPool({ workers: 2, rangeSize: 9 });
    afterAll(() => pool.close());

    it("a pool of 2 workers gives the same JSON as this thread, run after run", async () => {
      expect(await pool.ready()).toBe(2);
      expect(json(await pool.run(planted))).toBe(json(plantedStability));
      expect(json(await pool.run(opinionMapBasis(noise)))).toBe(json(noiseStability));
    });

    it("the codification's and matrix factorisation's bootstraps: same JSON from the pool as from this thread", async () => {
      const G = 3;
      const input: RobustnessInput = {
        // noise: classes that some resamples change, so the bootstrap's counts matter
        matrix: noise,
        statementIds: Array.from({ length: noise.statementCount }, (_, j) => `s${j}`),
        groups: Array.from({ length: G }, (_, g) => ({ id: `g${g}`, targetShare: 1 / G })),
        groupOf: Array.from({ length: noise.participantCount }, (_, i) => `g${i % G}`),
        regions: [{ id: "r0" }, { id: "r1" }],
        regionOf: Array.from({ length: noise.participantCount }, (_, i) => `r${Math.floor(i / 7) % 2}`),
      };
      const prepared = prepareRobustness(input, { resamples: 40 });
      const pooled = finishRobustness(prepared, await pool.classes(prepared.plan));
      const here = computeRobustness(input, { resamples: 40 });
      expect(here.statements.some((st) => st.bootstrapShare !== null && st.bootstrapShare < 1)).toBe(true);
      expect(JSON.stringify(pooled)).toBe(JSON.stringify(here));
      const data = prepareMfData(planted, { resamples: 40 });
      const mf = await pool.mf(data, fitMatrixFactorisation(data));
      expect(JSON.stringify(mf)).toBe(JSON.stringify(computeMatrixFactorisation(planted, { resamples: 40 })));
      expect(mf.statements.some((st) => st.interval !== null && st.interval.high > st.interval.low)).toBe(true);
      // and the map's again, after the others: jobs of different kinds do not mix
      expect(json(await pool.run(planted))).toBe(json(plantedStability));
    });

    it("a worker that cannot start: the work runs in this thread, same JSON", async () => {
      const none = createMapStabilityPool({ workers: 2, startWorker: () => { throw new Error("no threads here"); } });
      expect(none.threads).toBe(0);
      expect(json(await none.run(planted))).toBe(json(plantedStability));
      await none.close();
      const dies = createMapStabilityPool({ workers: 1, startWorker: () => new Worker("process.exit(3)", { eval: true }) });
      expect(await dies.ready()).toBe(0);
      expect(json(await dies.run(planted))).toBe(json(plantedStability));
      await dies.close();
    });

    it("a worker that stops in the middle of a range: its range is redone in this thread, same JSON", async () => {
      const script = "const { parentPort } = require('node:worker_threads'); parentPort.on('message', () => process.exit(4)); parentPort.postMessage({ ready: true });";
      const flaky = createMapStabilityPool({ workers: 2, startWorker: () => new Worker(script, { eval: true }) });
      expect(await flaky.ready()).toBe(2);
      expect(json(await flaky.run(planted))).toBe(json(plantedStability));
      expect(flaky.threads).toBe(0);
      await flaky.close();
    });
  });
});

describe("choosing k by silhouette and stability", () => {
  it("the best silhouette among the k that replicate; unstable (silhouette's k) when none does; unknown without a bootstrap", () => {
    const perK = [
      { k: 2, silhouette: 0.5, replicates: true },
      { k: 3, silhouette: 0.7, replicates: false },
      { k: 4, silhouette: 0.6, replicates: true },
      { k: 5, silhouette: 0.4, replicates: true },
    ];
    expect(chooseStableK(perK, 3)).toEqual({ k: 4, stable: true });
    expect(chooseStableK(perK.map((c) => ({ ...c, replicates: false })), 3)).toEqual({ k: 3, stable: false });
    expect(chooseStableK(perK.map((c) => ({ ...c, replicates: null })), 3)).toEqual({ k: 3, stable: null });
  });

  it("never a k that does not replicate when another does (random tables of k)", () => {
    const rand = seededRandom(5);
    for (let trial = 0; trial < 500; trial++) {
      const perK = [2, 3, 4, 5].map((k) => ({ k, silhouette: Math.round(rand() * 100) / 100, replicates: rand() < 0.4 }));
      let best = 0;
      perK.forEach((c, i) => {
        if (c.silhouette > perK[best]!.silhouette + 1e-9) best = i;
      });
      const chosen = chooseStableK(perK, perK[best]!.k);
      const replicating = perK.filter((c) => c.replicates);
      if (replicating.length === 0) {
        expect(chosen).toEqual({ k: perK[best]!.k, stable: false });
        continue;
      }
      const pick = perK.find((c) => c.k === chosen.k)!;
      expect(pick.replicates).toBe(true);
      expect(chosen.stable).toBe(true);
      for (const c of replicating) expect(c.silhouette).toBeLessThanOrEqual(pick.silhouette + 1e-9);
    }
  });

  it("on computed maps, the reported k replicates whenever some k does, with the best silhouette among those", () => {
    const twoGroups = buildSparseMatrix(votes(200, 20, 2, 0.6, 0.75, 21));
    for (const s of [plantedStability, noiseStability, computeMapStability(twoGroups, { resamples: 30 }), computeMapStability(planted, { resamples: 30, minAri: 0.999 })]) {
      const replicating = s.perK.filter((c) => c.replicates);
      const chosen = s.perK.find((c) => c.k === s.k)!;
      if (replicating.length > 0) {
        expect(chosen.replicates).toBe(true);
        expect(s.stable).toBe(true);
        for (const c of replicating) expect(c.silhouette).toBeLessThanOrEqual(chosen.silhouette);
      } else expect(s.stable).toBe(false);
      for (const c of s.perK) expect(c.replicates).toBe(c.meanAri! >= s.minAri);
    }
  });

  it("a k is forced with computeOpinionGroups(m, { k }): that k's grouping; a k never tried leaves the silhouette's choice", () => {
    const basis = opinionMapBasis(planted);
    const four = computeOpinionGroups(planted, { k: 4 });
    expect(four.k).toBe(4);
    expect(four.silhouette).toBe(basis.perK.find((c) => c.k === 4)!.silhouette);
    expect(JSON.stringify(opinionGroupsFromBasis(basis, 4).groupSizes)).toBe(JSON.stringify(four.groupSizes));
    const untried = computeOpinionGroups(planted, { k: 9 });
    const plain = computeOpinionGroups(planted);
    expect(untried.k).toBe(plain.k);
    expect(Array.from(untried.assignment)).toEqual(Array.from(plain.assignment));
  });
});

describe("ARI and summaries", () => {
  it("ariOfTable equals adjustedRandIndex on random labelings", () => {
    const rand = seededRandom(8);
    for (let trial = 0; trial < 50; trial++) {
      const n = 2 + Math.floor(rand() * 60);
      const ka = 1 + Math.floor(rand() * 4);
      const kb = 1 + Math.floor(rand() * 5);
      const a = Array.from({ length: n }, () => Math.floor(rand() * ka));
      const b = Array.from({ length: n }, () => Math.floor(rand() * kb));
      const table = new Float64Array(ka * kb);
      for (let i = 0; i < n; i++) table[a[i]! * kb + b[i]!]! += 1;
      expect(ariOfTable(table, ka, kb, n)).toBeCloseTo(adjustedRandIndex(a, b), 12);
    }
  });

  it("combines by hand: group stability is the mean best Jaccard over the resamples a group is present in; percentiles interpolate", () => {
    const inputs = mapStabilityInputs(opinionMapBasis(planted), { resamples: 10 });
    const K = inputs.ks.length;
    const G = Math.max(...inputs.ks);
    const partial = { from: 0, to: 10, bestK: new Int32Array(10).fill(3), ari: new Float64Array(10 * K), jaccard: new Float64Array(10 * K * G).fill(NaN) };
    const k3 = Array.from(inputs.ks).indexOf(3);
    for (let b = 0; b < 10; b++) {
      partial.ari[b * K + k3] = (b + 1) / 10; // 0.1 … 1.0
      partial.jaccard[(b * K + k3) * G + 0] = b < 5 ? 1 : 0.5; // group A: mean 0.75
      partial.jaccard[(b * K + k3) * G + 1] = b === 0 ? 0.2 : NaN; // group B: present once
    }
    const s = combineMapStability(inputs, [partial]);
    const at3 = s.perK.find((c) => c.k === 3)!;
    expect(at3.ari).toEqual({ mean: 0.55, median: 0.55, p10: 0.19, p90: 0.91, min: 0.1, max: 1 });
    expect(at3.groups[0]!.stability).toBe(0.75);
    expect(at3.groups[1]!.stability).toBe(0.2);
    expect(at3.groups[2]!.stability).toBeNull();
    expect(s.kStability).toEqual(Array.from(inputs.ks, (k) => ({ k, share: k === 3 ? 1 : 0 })));
  });
});

describe("group-k smoother (live recomputation)", () => {
  const run = (chosen: number[], streak?: number) => {
    let state: GroupKState | null = null;
    return chosen.map((k) => (state = smoothGroupK(state, k, streak)).k);
  };

  it("holds k until the same new k has been chosen 3 times in a row", () => {
    expect(run([3, 4, 4, 4, 4])).toEqual([3, 3, 3, 4, 4]);
    // interrupted by the shown k: the count starts again
    expect(run([3, 4, 4, 3, 4, 4, 4])).toEqual([3, 3, 3, 3, 3, 3, 4]);
    // interrupted by another new k: the count starts again for that one
    expect(run([3, 4, 5, 4, 5, 5, 5])).toEqual([3, 3, 3, 3, 3, 3, 5]);
  });

  it("keeps the candidate and its streak in its state; a streak of 1 follows every recomputation", () => {
    expect(smoothGroupK({ k: 3, candidate: 4, streak: 1 }, 4)).toEqual({ k: 3, candidate: 4, streak: 2 });
    expect(smoothGroupK({ k: 3, candidate: 4, streak: 2 }, 4)).toEqual({ k: 4, candidate: null, streak: 0 });
    expect(smoothGroupK({ k: 3, candidate: 4, streak: 2 }, 3)).toEqual({ k: 3, candidate: null, streak: 0 });
    expect(smoothGroupK(null, 2)).toEqual({ k: 2, candidate: null, streak: 0 });
    expect(run([2, 3, 2, 5], 1)).toEqual([2, 3, 2, 5]);
    expect(() => smoothGroupK(null, 2, 0)).toThrow();
  });

  describe("in the engine: a live map holds its k", () => {
    const raw = votes(240, 24, 3, 0.7, 0.8, 11);
    const input = { compact: raw, participantIds: Array.from({ length: 240 }, (_, i) => `p${i}`), statementIds: Array.from({ length: 24 }, (_, j) => `s${j}`) };
    const own = computeOpinionGroupsFor(input, {});

    it("the first live computation shows its own k; a computation without the smoother reports no state", () => {
      expect(own.k).toBe(3);
      expect(own.groupK).toBeNull();
      const first = computeOpinionGroupsFor(input, { groupK: null });
      expect(first.groupK).toEqual({ k: 3, candidate: null, streak: 0 });
      expect(JSON.stringify({ ...first, groupK: null })).toBe(JSON.stringify(own));
    });

    it("held at 2 while this computation chooses 3: the map and its stability are drawn at 2, until the third 3 in a row", () => {
      const held = computeOpinionGroupsFor(input, { groupK: { k: 2, candidate: null, streak: 0 } });
      expect(held.k).toBe(2);
      expect(held.groupSizes).toHaveLength(2);
      expect(held.groupK).toEqual({ k: 2, candidate: 3, streak: 1 });
      const at2 = own.stability.perK.find((c) => c.k === 2)!;
      expect(held.stability.k).toBe(2);
      expect(held.stability.groups).toEqual(at2.groups);
      expect(held.stability.ari).toEqual(at2.ari);
      expect(held.stability.stable).toBe(at2.replicates);
      const second = computeOpinionGroupsFor(input, { groupK: held.groupK });
      expect([second.k, second.groupK]).toEqual([2, { k: 2, candidate: 3, streak: 2 }]);
      const third = computeOpinionGroupsFor(input, { groupK: second.groupK });
      expect([third.k, third.groupK]).toEqual([3, { k: 3, candidate: null, streak: 0 }]);
      expect(JSON.stringify(third.stability)).toBe(JSON.stringify(own.stability));
    });

    it("a held k this computation did not try is dropped, and a forced k wins over the smoother", () => {
      const gone = computeOpinionGroupsFor(input, { groupK: { k: 40, candidate: null, streak: 0 } });
      expect([gone.k, gone.groupK]).toEqual([3, { k: 3, candidate: null, streak: 0 }]);
      const forced = computeOpinionGroupsFor(input, { k: 2, groupK: { k: 3, candidate: null, streak: 0 } });
      expect([forced.k, forced.groupK]).toEqual([2, null]);
    });
  });
});
