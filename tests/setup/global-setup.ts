import { execSync } from "node:child_process";
import { existsSync } from "node:fs";

/** Integration tests run the production build; build it once if it is missing. */
export default function setup() {
  if (!existsSync("build/server/index.js")) {
    execSync("npx remix vite:build", { stdio: "inherit" });
  }
}
