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

/** Milliseconds from 1970 to the last date JavaScript (and so the database's ISO dates) can hold. */
const LATEST_TIME = 8.64e15;

function timestampValue(raw: string, where: string): number {
  // an empty cell means "time not known" (Accord's own export leaves it so): it sorts first
  if (raw.trim() === "") return 0;
  const v = Number(raw.trim());
  if (!Number.isFinite(v)) throw new PolisFormatError(`${where}: timestamp "${raw}" is not a number.`);
  if (v < 0 || v > LATEST_TIME) throw new PolisFormatError(`${where}: timestamp ${raw.trim()} is outside the range of dates (0 to ${LATEST_TIME} milliseconds after 1 January 1970).`);
  return v;
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
      timestamp: ti === undefined ? n : timestampValue(r[ti] ?? "", `votes.csv row ${n + 2}`),
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

/**
 * What an import writes, in a compact form that crosses threads cheaply (typed arrays are moved,
 * not copied): the voters in order of first appearance, and the latest vote per (voter, comment)
 * as parallel arrays of indexes into `voters` and `comments`.
 */
export interface PolisImportPlan {
  comments: PolisComment[];
  voters: string[];
  votes: { voter: Int32Array; comment: Int32Array; value: Int8Array; timestamp: Float64Array };
  /** vote rows read, before keeping the latest per pair */
  voteRows: number;
  source: PolisExport["source"];
}

export function planPolisImport(exported: PolisExport): PolisImportPlan {
  const commentIndex = new Map(exported.comments.map((c, i) => [c.id, i]));
  const voterIndex = new Map<string, number>();
  const voters: string[] = [];
  // the export is chronological: a later row replaces an earlier one, the pair keeps its first place
  const latest = new Map<string, number>();
  for (const [n, v] of exported.votes.entries()) {
    if (!voterIndex.has(v.voterId)) (voterIndex.set(v.voterId, voters.length), voters.push(v.voterId));
    latest.set(`${v.voterId}\u0000${v.commentId}`, n);
  }
  const count = latest.size;
  const votes = { voter: new Int32Array(count), comment: new Int32Array(count), value: new Int8Array(count), timestamp: new Float64Array(count) };
  let i = 0;
  for (const n of latest.values()) {
    const v = exported.votes[n]!;
    votes.voter[i] = voterIndex.get(v.voterId)!;
    votes.comment[i] = commentIndex.get(v.commentId)!;
    votes.value[i] = v.vote;
    votes.timestamp[i] = v.timestamp;
    i++;
  }
  return { comments: exported.comments, voters, votes, voteRows: exported.votes.length, source: exported.source };
}
