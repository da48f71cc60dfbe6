/**
 * The Polis open-data export format (comments.csv, votes.csv, participants-votes.csv), parsed from
 * file contents. Pure: the CLI and the upload route read the files; this module only interprets them.
 * Vote coding: agree = 1, disagree = −1, pass = 0; the latest vote per (participant, comment) wins.
 */
import { parseCsv } from "../formats/csv";

export class PolisFormatError extends Error {}

export interface PolisComment {
  id: string;
  authorId: string;
  body: string;
  moderated: number;
}

export interface PolisVote {
  timestamp: number;
  commentId: string;
  voterId: string;
  vote: 1 | -1 | 0;
}

export interface PolisExport {
  comments: PolisComment[];
  votes: PolisVote[];
  /** Polis's own opinion group per participant, when participants-votes.csv is present */
  polisGroups: Map<string, string>;
  source: "votes.csv" | "participants-votes.csv";
}

function table(text: string, file: string, required: string[]) {
  const rows = parseCsv(text);
  if (rows.length === 0) throw new PolisFormatError(`${file} is empty.`);
  const header = rows[0]!.map((h) => h.trim());
  const index = new Map(header.map((h, i) => [h, i]));
  for (const col of required) if (!index.has(col)) throw new PolisFormatError(`${file} has no "${col}" column (found: ${header.join(", ")}).`);
  return { header, index, rows: rows.slice(1) };
}

function voteValue(raw: string, where: string): 1 | -1 | 0 {
  // Number("") is 0: an empty or missing field must be refused, not read as a pass
  const v = raw.trim() === "" ? NaN : Number(raw.trim());
  if (v === 1 || v === -1 || v === 0) return v;
  throw new PolisFormatError(`${where}: vote "${raw}" is not 1, -1 or 0.`);
}

export function parsePolisExport(files: { comments: string; votes?: string | null; participantsVotes?: string | null }): PolisExport {
  const c = table(files.comments, "comments.csv", ["comment-id", "comment-body"]);
  const comments: PolisComment[] = c.rows.map((r, n) => {
    const id = (r[c.index.get("comment-id")!] ?? "").trim();
    if (id === "") throw new PolisFormatError(`comments.csv row ${n + 2} has no comment-id.`);
    return {
      id,
      authorId: (r[c.index.get("author-id") ?? -1] ?? "").trim(),
      body: r[c.index.get("comment-body")!] ?? "",
      moderated: Number(r[c.index.get("moderated") ?? -1] ?? 0) || 0,
    };
  });
  const known = new Set(comments.map((x) => x.id));

  const polisGroups = new Map<string, string>();
  let pv: ReturnType<typeof table> | null = null;
  if (files.participantsVotes) {
    pv = table(files.participantsVotes, "participants-votes.csv", ["participant"]);
    const gi = pv.index.get("group-id");
    for (const r of pv.rows) {
      const pid = (r[pv.index.get("participant")!] ?? "").trim();
      const g = gi === undefined ? "" : (r[gi] ?? "").trim();
      if (pid !== "" && g !== "") polisGroups.set(pid, g);
    }
  }

  let votes: PolisVote[];
  let source: PolisExport["source"];
  if (files.votes) {
    const v = table(files.votes, "votes.csv", ["comment-id", "voter-id", "vote"]);
    const ti = v.index.get("timestamp");
    votes = v.rows.map((r, n) => ({
      timestamp: ti === undefined ? n : Number(r[ti]) || 0,
      commentId: (r[v.index.get("comment-id")!] ?? "").trim(),
      voterId: (r[v.index.get("voter-id")!] ?? "").trim(),
      vote: voteValue(r[v.index.get("vote")!] ?? "", `votes.csv row ${n + 2}`),
    }));
    // chronological, stable for equal timestamps: the latest vote per pair wins downstream
    votes = votes.map((x, n) => ({ x, n })).sort((a, b) => a.x.timestamp - b.x.timestamp || a.n - b.n).map((e) => e.x);
    source = "votes.csv";
  } else if (pv) {
    votes = [];
    const commentCols = pv.header.map((h, i) => ({ h, i })).filter(({ h }) => known.has(h));
    if (commentCols.length === 0) throw new PolisFormatError("participants-votes.csv has no column for any comment in comments.csv.");
    for (const [n, r] of pv.rows.entries()) {
      const pid = (r[pv.index.get("participant")!] ?? "").trim();
      for (const { h, i } of commentCols) {
        const cell = (r[i] ?? "").trim();
        if (cell === "") continue;
        votes.push({ timestamp: n, commentId: h, voterId: pid, vote: voteValue(cell, `participants-votes.csv row ${n + 2}`) });
      }
    }
    source = "participants-votes.csv";
  } else {
    throw new PolisFormatError("The folder needs votes.csv or participants-votes.csv next to comments.csv.");
  }
  const unknown = votes.find((v) => !known.has(v.commentId));
  if (unknown) throw new PolisFormatError(`A vote refers to comment ${unknown.commentId}, which is not in comments.csv.`);
  return { comments, votes, polisGroups, source };
}
