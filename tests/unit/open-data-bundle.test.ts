import { createHash } from "node:crypto";
import { readdirSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parseCsv } from "../../app/formats/csv";
import { BUNDLE_FILES, BundleError, publishedParticipantIds, readOpenDataBundle } from "../../app/report/open-data-bundle";
import { describeMismatch, verifyOpenDataBundle } from "../../app/interop/verify-bundle";
import { OTHER_GROUP_NAME } from "../../app/results/k-protection";
import { computeRoundConsensus, type RoundConsensus } from "../../app/results/round-consensus";
import { flipOneVote, relabelAndShuffleBundle, withFreshManifest, type Files } from "../helpers/bundle-edits";
import { polisSnapshot, publishRound, syntheticSnapshot, withReasons } from "../helpers/bundle-rounds";

const sha256 = (text: string) => createHash("sha256").update(text, "utf8").digest("hex");
const csv = (text: string) => {
  const [header, ...rows] = parseCsv(text);
  return { header: header!, rows, col: (name: string) => header!.indexOf(name) };
};

/** A payload without the ids that differ between the app and a bundle (groups are named the same). */
function numbersOf(p: RoundConsensus) {
  const strip = <T extends { groupId?: string }>(g: T) => {
    const { groupId: _id, ...rest } = g;
    return rest;
  };
  return {
    participants: p.participants,
    voters: p.voters,
    participation: p.participation.byGroup.concat(p.participation.byRegion),
    groups: p.groups.map(({ name, targetShare }) => ({ name, targetShare })),
    opinion: { k: p.opinion.k, silhouette: p.opinion.silhouette, groupSizes: p.opinion.groupSizes, points: p.opinion.points.map(({ x, y, group }) => ({ x, y, group })) },
    statements: p.statements.map((s) => ({
      overall: strip(s.overall),
      passRate: s.passRate,
      groups: s.groups.map(strip),
      regions: s.regions.map(strip),
      bridging: s.bridging,
      balanced: s.balanced,
      groupInformedConsensus: s.groupInformedConsensus,
      classification: s.classification,
      reason: s.reason,
      sides: s.sides,
      spread: s.spread,
      comparedBy: s.comparedBy,
    })),
  };
}

describe("buildOpenDataBundle", () => {
  const snapshot = syntheticSnapshot();
  const { bundle, model, opinionGroups } = publishRound(snapshot);
  const files = bundle.files;

  it("writes exactly the files of docs/open-data-bundle.md, listed in the manifest in that order with bytes and SHA-256", () => {
    expect(Object.keys(files).sort()).toEqual([...BUNDLE_FILES].sort());
    const manifest = JSON.parse(files["manifest.json"]) as { format: string; files: { name: string; bytes: number; sha256: string }[] };
    expect(manifest.format).toBe("accord-open-data/2");
    expect(manifest.files.map((f) => f.name)).toEqual(BUNDLE_FILES.filter((f) => f !== "manifest.json"));
    for (const f of manifest.files) {
      expect(f.bytes).toBe(Buffer.byteLength(files[f.name as keyof typeof files], "utf8"));
      expect(f.sha256).toBe(sha256(files[f.name as keyof typeof files]));
    }
    // the content hash covers the manifest's bytes, hence every file
    expect(bundle.contentHash).toBe(sha256(files["manifest.json"]));
  });

  it("has the documented columns", () => {
    expect(csv(files["comments.csv"]).header).toEqual(["timestamp", "datetime", "comment-id", "author-id", "agrees", "disagrees", "moderated", "comment-body"]);
    expect(csv(files["votes.csv"]).header).toEqual(["timestamp", "datetime", "comment-id", "voter-id", "vote", "confidence"]);
    expect(csv(files["participants-votes.csv"]).header).toEqual(["participant", "group-id", "n-comments", "n-votes", "n-agree", "n-disagree", ...snapshot.ballot.map((_, i) => String(i))]);
    expect(csv(files["participants.csv"]).header).toEqual(["participant", "stakeholder-group", "region"]);
    expect(csv(files["groups.csv"]).header).toEqual(["kind", "name", "target-share"]);
    expect(parseCsv(files["summary.csv"]).map((r) => r[0])).toEqual(["topic", "url", "voters", "voters-in-conv", "commenters", "comments", "groups", "conversation-description", "round", "k"]);
  });

  it("votes.csv: one row per counted vote, no vote times, confidence 1–5 or empty, sorted by voter then comment", () => {
    const v = csv(files["votes.csv"]);
    expect(v.rows).toHaveLength(snapshot.votes.length);
    for (const r of v.rows) {
      expect(r[v.col("timestamp")]).toBe("");
      expect(r[v.col("datetime")]).toBe("");
      expect(["", "1", "2", "3", "4", "5"]).toContain(r[v.col("confidence")]);
    }
    expect(v.rows.some((r) => r[v.col("confidence")] === "")).toBe(true);
    const keys = v.rows.map((r) => [Number(r[v.col("voter-id")]), Number(r[v.col("comment-id")])] as const);
    const sorted = [...keys].sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    expect(keys).toEqual(sorted);
  });

  it("numbers participants 0…N−1 by a permutation seeded by the snapshot's secret idSeed (not join order)", () => {
    const p = csv(files["participants.csv"]);
    expect(p.rows.map((r) => Number(r[0]))).toEqual(snapshot.voters.map((_, i) => i));
    expect(csv(files["participants-votes.csv"]).rows.map((r) => Number(r[0]))).toEqual(snapshot.voters.map((_, i) => i));
    // the permutation: not join order, and every file follows it
    const ids = publishedParticipantIds(snapshot.voters.map((v) => v.id), snapshot.idSeed);
    const inJoinOrder = snapshot.voters.map((v) => ids.get(v.id)!);
    expect([...inJoinOrder].sort((a, b) => a - b)).toEqual(snapshot.voters.map((_, i) => i));
    expect(inJoinOrder.filter((id, i) => id === i).length).toBeLessThan(5);
    const v = csv(files["votes.csv"]);
    for (const voter of snapshot.voters) {
      const published = String(ids.get(voter.id));
      expect(v.rows.filter((r) => r[v.col("voter-id")] === published).length).toBe(snapshot.votes.filter((x) => x.voterId === voter.id).length);
    }
    // same seed → same files; another seed → another permutation, the same results
    expect(publishRound(syntheticSnapshot()).bundle.files).toEqual(files);
    const other = publishRound(syntheticSnapshot("00000000ffffffff0000000000000000")).bundle.files;
    expect(other["participants.csv"]).not.toBe(files["participants.csv"]);
    expect(other["report.json"]).toBe(files["report.json"]);
    expect(other["comments.csv"]).toBe(files["comments.csv"]);
  });

  it("publishes no internal identifier, no secret seed and no group under k", () => {
    const all = Object.values(files).join("\n");
    for (const secret of [snapshot.idSeed, snapshot.roundId, ...snapshot.voters.map((v) => v.id), ...snapshot.ballot.flatMap((b) => [b.versionId, b.proposalId]), ...snapshot.groups.map((g) => g.id), ...snapshot.regions.map((r) => r.id)]) {
      expect(all.includes(secret), secret).toBe(false);
    }
    // the report's statement text, names redacted, is the comment body
    expect(files["comments.csv"]).toContain("[name removed]");
    expect(files["comments.csv"]).not.toContain("chair@example.org");
    const p = csv(files["participants.csv"]);
    const sizes = new Map<string, number>();
    for (const r of p.rows) for (const name of [r[1]!, r[2]!]) if (name) sizes.set(name, (sizes.get(name) ?? 0) + 1);
    for (const small of ["Academia", "Citizens", "Small region"]) expect(sizes.has(small)).toBe(false);
    expect(sizes.get(OTHER_GROUP_NAME)).toBeGreaterThanOrEqual(5);
    for (const n of sizes.values()) expect(n).toBeGreaterThanOrEqual(5);
    const g = csv(files["groups.csv"]);
    expect(g.rows.map((r) => r[1])).toEqual([...model.participation.byGroup.map((x) => x.name).filter((n) => n !== "Not stated"), ...model.participation.byRegion.map((x) => x.name).filter((n) => n !== "Not stated")]);
  });

  it("report.json is the model without its generation time; participants-votes.csv carries the opinion groups", () => {
    const { generatedAt: _g, ...rest } = model;
    expect(JSON.parse(files["report.json"])).toEqual(rest);
    expect(files["report.json"]).not.toContain("generatedAt");
    const pv = csv(files["participants-votes.csv"]);
    const placed = pv.rows.filter((r) => r[1] !== "").map((r) => Number(r[1]));
    expect(placed).toHaveLength(Object.keys(opinionGroups).length);
    expect(new Set(placed).size).toBe(model.opinionMap.k);
  });
});

describe("readOpenDataBundle: the bundle read back reproduces the numbers", () => {
  const FIXTURES = readdirSync("tests/fixtures/polis").filter((n) => statSync(path.join("tests/fixtures/polis", n)).isDirectory()).sort();
  const rounds = [{ name: "synthetic", snapshot: syntheticSnapshot() }, ...FIXTURES.map((name) => ({ name: `Polis ${name}`, snapshot: polisSnapshot(name) }))];

  for (const { name, snapshot } of rounds) {
    it(`${name}: the pipeline on the bundle alone gives the published payload, and verify finds nothing wrong`, () => {
      const { bundle, payload } = publishRound(snapshot);
      const back = readOpenDataBundle(bundle.files);
      expect(back.contentHash).toBe(bundle.contentHash);
      expect(back.source.voters).toHaveLength(snapshot.voters.length);
      expect(back.source.votes).toHaveLength(snapshot.votes.length);
      const again = computeRoundConsensus(back.source, "", "snapshot").payload;
      expect(numbersOf(again)).toEqual(numbersOf(payload));
      const result = verifyOpenDataBundle(bundle.files);
      expect(result.mismatches.map(describeMismatch)).toEqual([]);
      expect(result.statements).toBe(snapshot.ballot.length);
      expect(result.numbers).toBeGreaterThan(20 * snapshot.ballot.length);
    });
  }

  it("the Polis rounds have groups under k merged and opinion groups", () => {
    const { payload } = publishRound(polisSnapshot("brexit-consensus"));
    expect(payload.groups.map((g) => g.name)).toContain(OTHER_GROUP_NAME);
    expect(payload.opinion.k).toBeGreaterThanOrEqual(2);
    expect(payload.statements.some((s) => s.comparedBy === "stakeholder_groups")).toBe(true);
  });
});

describe("verifyOpenDataBundle on changed bundles", () => {
  const { bundle, model } = publishRound(syntheticSnapshot());
  const files: Files = { ...bundle.files };

  it("a vote flipped in votes.csv (nothing else changed) fails, naming votes.csv", () => {
    const { files: tampered } = flipOneVote(files);
    let error: unknown;
    try {
      verifyOpenDataBundle(tampered);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(BundleError);
    expect((error as BundleError).kind).toBe("integrity");
    expect((error as BundleError).file).toBe("votes.csv");
    expect((error as BundleError).message).toMatch(/^votes\.csv has been changed/);
  });

  it("a vote flipped with a manifest rewritten to match still fails: the numbers no longer follow from the votes", () => {
    const { files: tampered, comment } = flipOneVote(files);
    const result = verifyOpenDataBundle(withFreshManifest(tampered));
    const key = `S${Number(comment) + 1}`;
    expect(result.mismatches.some((m) => m.file === "report.json" && m.where === key && m.field === "counts.agree")).toBe(true);
    expect(result.mismatches.some((m) => m.file === "comments.csv" && m.where === `comment ${comment}` && m.field === "agrees")).toBe(true);
  });

  it("a number edited in report.json, with its manifest hash fixed, fails naming the statement and the field", () => {
    const report = JSON.parse(files["report.json"]!) as typeof model;
    const target = [...report.agreement, ...report.disagreement, ...report.uncertainty, ...report.noConsensus, ...report.insufficient].find((s) => s.agreeRate !== null)!;
    target.agreeRate = target.agreeRate! + 0.01;
    const edited = withFreshManifest({ ...files, "report.json": `${JSON.stringify(report, null, 2)}\n` });
    const result = verifyOpenDataBundle(edited);
    expect(result.mismatches).toEqual([{ file: "report.json", where: target.key, field: "agreeRate", published: target.agreeRate, recomputed: target.agreeRate - 0.01 }]);
    expect(describeMismatch(result.mismatches[0]!)).toContain(`report.json: ${target.key} agreeRate is`);
  });

  it("an opinion-map point or a participation count edited is found too", () => {
    const report = JSON.parse(files["report.json"]!) as typeof model;
    report.opinionMap.points[3]!.x += 0.5;
    report.participation.byGroup[0]!.voters += 1;
    const result = verifyOpenDataBundle(withFreshManifest({ ...files, "report.json": `${JSON.stringify(report, null, 2)}\n` }));
    expect(result.mismatches.map((m) => `${m.where} ${m.field}`).sort()).toEqual(["opinion map points[3].x", "participation byGroup[0].voters"]);
  });

  it("an opinion group changed in participants-votes.csv is found, naming the participant", () => {
    const pv = parseCsv(files["participants-votes.csv"]!);
    const row = pv.slice(1).find((r) => r[1] !== "")!;
    row[1] = row[1] === "0" ? "1" : "0";
    const result = verifyOpenDataBundle(withFreshManifest({ ...files, "participants-votes.csv": pv.map((r) => r.map((c) => (/[",\n]/.test(c) ? `"${c}"` : c)).join(",")).join("\n") + "\n" }));
    expect(result.mismatches.map((m) => `${m.file} ${m.where} ${m.field}`)).toEqual([`participants-votes.csv participant ${row[0]} group-id`]);
  });

  it("new participant ids (the same in every file) and shuffled rows, with a rewritten manifest, still verify", () => {
    for (const seed of [1, 2, 3]) {
      const moved = relabelAndShuffleBundle(files, seed);
      expect(moved["votes.csv"]).not.toBe(files["votes.csv"]);
      expect(moved["participants.csv"]).not.toBe(files["participants.csv"]);
      const result = verifyOpenDataBundle(moved);
      expect(result.mismatches.map(describeMismatch)).toEqual([]);
      expect(result.numbers).toBe(verifyOpenDataBundle(files).numbers);
    }
  });

  it("a missing file, or a file the manifest does not list, is named; no manifest at all is unreadable", () => {
    const { "participants.csv": _gone, ...missing } = files;
    expect(() => verifyOpenDataBundle(missing)).toThrow(expect.objectContaining({ kind: "integrity", file: "participants.csv" }));
    const manifest = JSON.parse(files["manifest.json"]!) as { format: string; files: { name: string }[] };
    manifest.files = manifest.files.filter((f) => f.name !== "groups.csv");
    expect(() => verifyOpenDataBundle({ ...files, "manifest.json": JSON.stringify(manifest) })).toThrow(expect.objectContaining({ kind: "integrity", file: "groups.csv" }));
    const { "manifest.json": _m, ...noManifest } = files;
    expect(() => verifyOpenDataBundle(noManifest)).toThrow(expect.objectContaining({ kind: "unreadable", file: "manifest.json" }));
    expect(() => verifyOpenDataBundle({ ...files, "manifest.json": "{" })).toThrow(expect.objectContaining({ kind: "unreadable" }));
  });
});

describe("reasons.csv: the report's split of each crux by disagreement reason", () => {
  for (const [name, snapshot] of [["synthetic", withReasons(syntheticSnapshot())], ["Polis brexit-consensus", withReasons(polisSnapshot("brexit-consensus"))]] as const) {
    it(`${name}: holds exactly the report's k-protected split, for cruxes only, and verifies`, () => {
      const { bundle, model, payload } = publishRound(snapshot);
      const r = csv(bundle.files["reasons.csv"]);
      expect(r.header).toEqual(["comment-id", "level", "stakeholder-group", "given", "evidence", "values", "timeline", "threshold", "wording"]);
      const split = model.disagreement.filter((s) => s.disagreementReasons);
      expect(split.length).toBeGreaterThan(0);
      const fromCsv = new Map<string, { given: number; overall: Record<string, number>; groups: { name: string; given: number; counts: Record<string, number> }[] }>();
      for (const row of r.rows) {
        const key = `S${Number(row[0]) + 1}`;
        const counts = Object.fromEntries(r.header.slice(4).map((h) => [h, Number(row[r.col(h)])]));
        if (row[1] === "all") fromCsv.set(key, { given: Number(row[3]), overall: counts, groups: [] });
        else fromCsv.get(key)!.groups.push({ name: row[2]!, given: Number(row[3]), counts });
      }
      expect([...fromCsv.keys()]).toEqual(split.map((s) => s.key));
      for (const s of split) expect(fromCsv.get(s.key)).toEqual({ given: s.disagreementReasons!.given, overall: s.disagreementReasons!.overall, groups: s.disagreementReasons!.groups });
      // reasons were given on statements that are not cruxes too; they are not published
      expect(payload.statements.some((s) => s.classification !== "disagreement" && s.reasons!.given > 0)).toBe(true);
      // and some group gave fewer than k reasons on a crux: it is never a row of its own
      const small = payload.statements.flatMap((s, i) => (s.classification === "disagreement" ? s.reasons!.groups.filter((g) => g.given > 0 && g.given < 5 && g.name !== OTHER_GROUP_NAME).map((g) => ({ key: `S${i + 1}`, name: g.name })) : []));
      expect(small.length).toBeGreaterThan(0);
      for (const { key, name } of small) expect(fromCsv.get(key)?.groups.map((g) => g.name) ?? []).not.toContain(name);
      for (const row of r.rows.filter((x) => x[1] === "group")) expect(Number(row[3])).toBeGreaterThanOrEqual(5);

      const result = verifyOpenDataBundle(bundle.files);
      expect(result.mismatches.map(describeMismatch)).toEqual([]);
      expect(result.checked.some((line) => line.startsWith(`reasons of ${split.length} of ${model.disagreement.length} cruxes`))).toBe(true);
      expect(result.notRecomputable.join("\n")).not.toContain("no reasons in this bundle");
    });
  }

  it("a crux with fewer than k reasons in all: only its total is written (as in the report), and it verifies", () => {
    const plain = syntheticSnapshot();
    const cruxIndex = publishRound(plain).payload.statements.findIndex((s) => s.classification === "disagreement");
    const version = plain.ballot[cruxIndex]!.versionId;
    let left = 3;
    const snapshot = { ...plain, votes: plain.votes.map((v) => (v.versionId === version && v.choice === "disagree" && left-- > 0 ? { ...v, reason: "values" as const } : v)) };
    const { bundle, model } = publishRound(snapshot);
    expect(parseCsv(bundle.files["reasons.csv"]).slice(1)).toEqual([[String(cruxIndex), "all", "", "3", "0", "3", "0", "0", "0"]]);
    expect(model.disagreement.find((s) => s.key === `S${cruxIndex + 1}`)!.disagreementReasons!.groups).toEqual([]);
    expect(verifyOpenDataBundle(bundle.files).mismatches.map(describeMismatch)).toEqual([]);
  });

  const { bundle } = publishRound(withReasons(syntheticSnapshot()));
  const files: Files = { ...bundle.files };

  it("reasons for a statement that is not a crux are found, with the rule they break", () => {
    const rows = parseCsv(files["reasons.csv"]!);
    rows.push(["0", "all", "", "1", "1", "0", "0", "0", "0"]);
    const result = verifyOpenDataBundle(withFreshManifest({ ...files, "reasons.csv": rows.map((r) => r.join(",")).join("\n") + "\n" }));
    expect(result.mismatches.map(describeMismatch)).toEqual([expect.stringMatching(/^reasons\.csv: S1 rows is 1, but S1 is not a point of disagreement \(its votes give \w+\), and only cruxes are split by reason$/)]);
  });

  it("a reasons.csv that does not follow the format is unreadable, naming the file and the row", () => {
    const edit = (text: string) => withFreshManifest({ ...files, "reasons.csv": text });
    const header = "comment-id,level,stakeholder-group,given,evidence,values,timeline,threshold,wording\n";
    expect(() => verifyOpenDataBundle(edit(`${header}3,group,Industry,5,5,0,0,0,0\n`))).toThrow(expect.objectContaining({ kind: "unreadable", file: "reasons.csv", message: `reasons.csv, row 2: comment 3's group rows must follow its "all" row.` }));
    expect(() => verifyOpenDataBundle(edit(`${header}3,all,,5,5,0,0,0,0\n3,group,Astrologers,5,5,0,0,0,0\n`))).toThrow(expect.objectContaining({ kind: "unreadable", message: `reasons.csv, row 3: stakeholder group "Astrologers" is not in groups.csv.` }));
    expect(() => verifyOpenDataBundle(edit(`${header}3,all,,five,5,0,0,0,0\n`))).toThrow(expect.objectContaining({ kind: "unreadable", message: `reasons.csv, row 2: given "five" is not a whole number of 0 or more.` }));
    expect(() => verifyOpenDataBundle(edit("comment-id,given\n"))).toThrow(expect.objectContaining({ kind: "unreadable", message: `reasons.csv has no "level" column.` }));
  });
});

/**
 * docs/open-data-bundle.md, "How to recompute the headline numbers without Accord", followed by
 * independent code (no app function but the CSV reader): the documented formulas give report.json.
 */
describe("the documented formulas, applied to the CSV files, give report.json's numbers", () => {
  const Z = 1.959963984540054;
  const wilson = (a: number, n: number) => {
    const p = a / n;
    const centre = (p + (Z * Z) / (2 * n)) / (1 + (Z * Z) / n);
    const half = (Z * Math.sqrt((p * (1 - p)) / n + (Z * Z) / (4 * n * n))) / (1 + (Z * Z) / n);
    return { low: Math.max(0, centre - half), high: Math.min(1, centre + half) };
  };
  type Cell = { name: string; a: number; d: number; p: number };
  const n = (c: Cell) => c.a + c.d + c.p;

  function recompute(files: Files) {
    const report = JSON.parse(files["report.json"]!) as ReturnType<typeof publishRound>["model"];
    const t = report.methodology.thresholds;
    const k = report.participation.suppressed.k;
    const groups = csv(files["groups.csv"]!).rows.filter((r) => r[0] === "group").map((r) => ({ name: r[1]!, share: Number(r[2]) }));
    const people = new Map(csv(files["participants.csv"]!).rows.map((r) => [r[0]!, r[1]!]));
    const pv = csv(files["participants-votes.csv"]!);
    const opinion = new Map(pv.rows.filter((r) => r[1] !== "").map((r) => [r[0]!, Number(r[1])]));
    const v = csv(files["votes.csv"]!);
    const S = csv(files["comments.csv"]!).rows.length;
    const present = groups.filter((g) => [...people.values()].includes(g.name));
    return Array.from({ length: S }, (_, c) => {
      const rows = v.rows.filter((r) => r[v.col("comment-id")] === String(c));
      const count = (name: string, of: (r: string[]) => boolean): Cell => ({ name, a: rows.filter((r) => of(r) && r[4] === "1").length, d: rows.filter((r) => of(r) && r[4] === "-1").length, p: rows.filter((r) => of(r) && r[4] === "0").length });
      const all = count("all", () => true);
      const conf = rows.map((r) => r[5]!).filter((x) => x !== "").map(Number);
      const perGroup = groups.map((g) => count(g.name, (r) => people.get(r[3]!) === g.name));
      const rated = perGroup.filter((g) => n(g) > 0);
      const rate = (g: Cell) => g.a / n(g);
      let bridging: { group: string; rate: number } | null = null;
      for (const g of rated) if (!bridging || rate(g) < bridging.rate) bridging = { group: g.name, rate: rate(g) };
      const weighted = rated.filter((g) => groups.find((x) => x.name === g.name)!.share > 0);
      const shareOf = (g: Cell) => groups.find((x) => x.name === g.name)!.share;
      const balanced = weighted.length ? weighted.reduce((s, g) => s + shareOf(g) * rate(g), 0) / weighted.reduce((s, g) => s + shareOf(g), 0) : null;
      // k-protected bars, as documented
      const unassigned: Cell = { name: "unassigned", a: all.a - perGroup.reduce((s, g) => s + g.a, 0), d: all.d - perGroup.reduce((s, g) => s + g.d, 0), p: all.p - perGroup.reduce((s, g) => s + g.p, 0) };
      const merged = new Set(perGroup.filter((g) => n(g) > 0 && n(g) < k).map((g) => g.name));
      const withUnassigned = n(unassigned) > 0 && n(unassigned) < k;
      const otherN = () => perGroup.filter((g) => merged.has(g.name)).reduce((s, g) => s + n(g), 0) + (withUnassigned ? n(unassigned) : 0);
      while (otherN() > 0 && otherN() < k) {
        const rest = perGroup.filter((g) => n(g) > 0 && !merged.has(g.name));
        if (!rest.length) break;
        merged.add(rest.reduce((a, b) => (n(b) <= n(a) ? b : a)).name);
      }
      let bars: { name: string; n: number; agreeRate: number | null; interval: { low: number; high: number } | null }[] = [];
      if (!(otherN() > 0 && otherN() < k)) {
        const shown = perGroup.filter((g) => !merged.has(g.name));
        const other = [...perGroup.filter((g) => merged.has(g.name)), ...(withUnassigned ? [unassigned] : [])].reduce((o, g) => ({ ...o, a: o.a + g.a, d: o.d + g.d, p: o.p + g.p }), { name: "Other (groups under k)", a: 0, d: 0, p: 0 });
        bars = [...shown, ...(merged.size || withUnassigned ? [other] : [])].map((g) => ({ name: g.name, n: n(g), agreeRate: n(g) ? rate(g) : null, interval: n(g) ? wilson(g.a, n(g)) : null }));
      }
      // codification, first rule that applies (declared groups compared)
      const compared = present.map((g) => perGroup.find((x) => x.name === g.name)!);
      const cRated = compared.filter((g) => n(g) > 0);
      const meanConfidence = conf.length ? conf.reduce((s, x) => s + x, 0) / conf.length : null;
      const passRate = n(all) ? all.p / n(all) : null;
      const spread = cRated.length >= 2 ? Math.max(...cRated.map(rate)) - Math.min(...cRated.map(rate)) : null;
      const classification =
        n(all) < t.minVotes || compared.some((g) => n(g) < t.minGroupSize)
          ? "insufficient_data"
          : passRate !== null && passRate >= t.uncertaintyPassRate
            ? "uncertainty"
            : meanConfidence !== null && meanConfidence <= t.uncertaintyConfidence
              ? "uncertainty"
              : cRated.every((g) => rate(g) >= t.agreementGroupRate && wilson(g.a, n(g)).low >= t.agreementLowerBound) && rate(all) >= t.agreementOverall && (cRated.length > 0 || wilson(all.a, n(all)).low >= t.agreementLowerBound)
                ? "agreement"
                : spread !== null && spread >= t.disagreementSpread
                  ? "disagreement"
                  : cRated.some((g) => wilson(g.a, n(g)).high - wilson(g.a, n(g)).low > t.uncertaintyIntervalWidth)
                    ? "uncertainty"
                    : "no_consensus";
      // group-informed consensus over the published opinion groups
      const K = Math.max(-1, ...opinion.values()) + 1;
      let gic: number | null = K > 0 ? 1 : null;
      for (let g = 0; g < K; g++) {
        const mine = rows.filter((r) => opinion.get(r[3]!) === g);
        gic! *= (mine.filter((r) => r[4] === "1").length + 1) / (mine.length + 2);
      }
      return {
        key: `S${c + 1}`,
        counts: { agree: all.a, disagree: all.d, pass: all.p, total: n(all) },
        agreeRate: n(all) ? rate(all) : null,
        passRate,
        meanConfidence,
        bridging,
        balanced,
        groupInformedConsensus: gic,
        classification,
        groups: bars,
      };
    });
  }

  for (const [name, snapshot] of [["synthetic", syntheticSnapshot()], ["Polis brexit-consensus", polisSnapshot("brexit-consensus")], ["Polis 15-per-hour-seattle", polisSnapshot("15-per-hour-seattle")]] as const) {
    it(name, () => {
      const { bundle, model } = publishRound(snapshot);
      const byKey = new Map([...model.agreement, ...model.disagreement, ...model.uncertainty, ...model.noConsensus, ...model.insufficient].map((s) => [s.key, s]));
      const ours = recompute(bundle.files);
      expect(new Set(ours.map((s) => s.classification)).size).toBeGreaterThanOrEqual(2);
      for (const s of ours) {
        const r = byKey.get(s.key)!;
        expect({ key: s.key, counts: s.counts, classification: s.classification, bridging: s.bridging?.group ?? null, bars: s.groups.map((b) => [b.name, b.n]) }).toEqual({
          key: r.key,
          counts: r.counts,
          classification: r.classification,
          bridging: r.bridging?.group ?? null,
          bars: r.groups.map((b) => [b.name, b.n]),
        });
        for (const [mine, theirs] of [
          [s.agreeRate, r.agreeRate],
          [s.passRate, r.passRate],
          [s.meanConfidence, r.meanConfidence],
          [s.bridging?.rate ?? null, r.bridging?.rate ?? null],
          [s.balanced, r.balanced],
          [s.groupInformedConsensus, r.groupInformedConsensus],
          ...s.groups.flatMap((b, i) => [[b.agreeRate, r.groups[i]!.agreeRate], [b.interval?.low ?? null, r.groups[i]!.interval?.low ?? null], [b.interval?.high ?? null, r.groups[i]!.interval?.high ?? null]]),
        ] as [number | null, number | null][]) {
          if (theirs === null) expect(mine).toBeNull();
          else expect(mine).toBeCloseTo(theirs, 12);
        }
      }
    });
  }
});
