// `npm run bench`: every benchmark in turn, each in its own process, then the rows they recorded as one table.
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { BenchRow } from "./stats";

const dir = mkdtempSync(path.join(tmpdir(), "accord-bench-table-"));
const table = path.join(dir, "rows.jsonl");
try {
  for (const file of ["tests/bench/votes.bench.ts", "tests/bench/pages.bench.ts", "tests/bench/report.bench.ts", "tests/bench/participation.bench.ts"]) {
    execFileSync("npx", ["tsx", file], { stdio: "inherit", env: { ...process.env, BENCH_TABLE: table } });
    console.log("");
  }
  const rows = existsSync(table) ? readFileSync(table, "utf8").trim().split("\n").map((l) => JSON.parse(l) as BenchRow) : [];
  const cells = (r: BenchRow) => [r.measure, r.ours, r.reference, r.ratio, r.target, r.met === null ? "—" : r.met ? "yes" : "NO"];
  console.log("| Measure | Ours | Reference | Ratio | Target | Met? |\n| --- | --- | --- | --- | --- | --- |");
  for (const r of rows) console.log(`| ${cells(r).join(" | ")} |`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
