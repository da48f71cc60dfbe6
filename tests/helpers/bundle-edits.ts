/** Edits of an open-data bundle's files for tests: tampering, a consistent relabelling, a fresh manifest. */
import { createHash } from "node:crypto";
import { seededRandom } from "../../app/consensus/stats";
import { formatCsv, parseCsv } from "../../app/formats/csv";

export type Files = Record<string, string>;

const sha256 = (text: string) => createHash("sha256").update(text, "utf8").digest("hex");

/** manifest.json rewritten for the files as they are now (same order, same format). */
export function withFreshManifest(files: Files): Files {
  const manifest = JSON.parse(files["manifest.json"]!) as { format: string; files: { name: string }[] };
  const entries = manifest.files.map((f) => ({ name: f.name, bytes: Buffer.byteLength(files[f.name]!, "utf8"), sha256: sha256(files[f.name]!) }));
  return { ...files, "manifest.json": `${JSON.stringify({ format: manifest.format, files: entries }, null, 2)}\n` };
}

/** votes.csv with the first agree turned into a disagree (nothing else changed). */
export function flipOneVote(files: Files): { files: Files; voter: string; comment: string } {
  const rows = parseCsv(files["votes.csv"]!);
  const col = (name: string) => rows[0]!.indexOf(name);
  const row = rows.slice(1).find((r) => r[col("vote")] === "1")!;
  row[col("vote")] = "-1";
  return { files: { ...files, "votes.csv": formatCsv(rows) }, voter: row[col("voter-id")]!, comment: row[col("comment-id")]! };
}

function shuffled<T>(items: T[], rand: () => number): T[] {
  const a = [...items];
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [a[i], a[j]] = [a[j]!, a[i]!];
  }
  return a;
}

/**
 * Every participant gets a new random id (the same in every file) and the rows of every CSV whose
 * order carries no meaning are shuffled; groups.csv keeps its order (it is the display order).
 */
export function relabelAndShuffleBundle(files: Files, seed: number): Files {
  const rand = seededRandom(seed);
  const rename = new Map<string, string>();
  const fresh = () => {
    let id: string;
    do id = String(1000 + Math.floor(rand() * 1_000_000));
    while ([...rename.values()].includes(id));
    return id;
  };
  const rewrite = (file: string, column: string | null) => {
    const [header, ...rows] = parseCsv(files[file]!);
    const c = column === null ? -1 : header!.indexOf(column);
    const body = rows.map((r) => {
      const copy = [...r];
      if (c >= 0) {
        if (!rename.has(copy[c]!)) rename.set(copy[c]!, fresh());
        copy[c] = rename.get(copy[c]!)!;
      }
      return copy;
    });
    return formatCsv([header!, ...shuffled(body, rand)]);
  };
  const out: Files = { ...files };
  out["participants.csv"] = rewrite("participants.csv", "participant");
  out["participants-votes.csv"] = rewrite("participants-votes.csv", "participant");
  out["votes.csv"] = rewrite("votes.csv", "voter-id");
  out["comments.csv"] = rewrite("comments.csv", null);
  out["summary.csv"] = formatCsv(shuffled(parseCsv(files["summary.csv"]!), rand));
  return withFreshManifest(out);
}
