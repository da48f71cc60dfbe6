// `npm run bench`: every benchmark in turn, each in its own process.
import { execFileSync } from "node:child_process";

for (const file of ["tests/bench/votes.bench.ts", "tests/bench/pages.bench.ts", "tests/bench/report.bench.ts"]) {
  execFileSync("npx", ["tsx", file], { stdio: "inherit" });
  console.log("");
}
