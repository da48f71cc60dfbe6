import { existsSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { parsePolisExport, PolisFormatError, type PolisExport } from "./polis-format";

/**
 * Read and parse a Polis open-data export folder. Throws PolisFormatError with a sentence for a
 * missing folder, a missing comments.csv, or malformed files (the CLIs print it and exit 2).
 */
export function readPolisFolder(dir: string): PolisExport {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new PolisFormatError(`${dir} is not a folder.`);
  const read = (name: string) => {
    const file = path.join(dir, name);
    return existsSync(file) ? readFileSync(file, "utf8") : null;
  };
  const comments = read("comments.csv");
  if (comments === null) throw new PolisFormatError(`${dir} has no comments.csv.`);
  return parsePolisExport({ comments, votes: read("votes.csv"), participantsVotes: read("participants-votes.csv") });
}
