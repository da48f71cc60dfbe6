import { existsSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { refuse } from "../refusal";
import { parsePolisExport, type PolisExport } from "./polis-format";

/**
 * Read and parse a Polis open-data export folder. Refuses (400) with a sentence for a
 * missing folder, a missing comments.csv, or malformed files (the CLIs print it and exit 2).
 */
export function readPolisFolder(dir: string): PolisExport {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) refuse(400, "polisFormat.notAFolder", { params: { dir } });
  const read = (name: string) => {
    const file = path.join(dir, name);
    return existsSync(file) ? readFileSync(file, "utf8") : null;
  };
  const comments = read("comments.csv");
  if (comments === null) refuse(400, "polisFormat.noCommentsFile", { params: { dir } });
  return parsePolisExport({ comments, votes: read("votes.csv"), participantsVotes: read("participants-votes.csv") });
}
