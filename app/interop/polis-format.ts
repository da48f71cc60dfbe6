/**
 * The Polis open-data export format (comments.csv, votes.csv, participants-votes.csv), parsed from
 * file contents. Pure: the CLI and the upload route read the files; this module only interprets them.
 * Vote coding: agree = 1, disagree = −1, pass = 0; the latest vote per (participant, comment) wins.
 * Files that cannot be read as an export are refused (400) with a sentence naming the file and row.
 */
import { parseCsv } from "../formats/csv";
import { t } from "../i18n/i18n";
import { refuse } from "../refusal";

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
  /** whether each vote's timestamp is when it was cast (votes.csv with a timestamp column), not its row number */
  timed?: boolean;
}

function table(text: string, file: string, required: string[]) {
  const [first, ...rows] = parseCsv(text);
  if (!first) return refuse(400, "polisFormat.empty", { params: { file } });
  const header = first.map((h) => h.trim());
  const index = new Map(header.map((h, i) => [h, i]));
  for (const column of required) if (!index.has(column)) refuse(400, "polisFormat.noColumn", { params: { file, column, found: header.join(", ") } });
  return { header, index, rows };
}

/** Where a row is, as a person counts lines: the header is line 1. */
const row = (file: string, n: number) => t("polisFormat.row", { file, row: n + 2 });

function voteValue(raw: string, where: string): 1 | -1 | 0 {
  // Number("") is 0: an empty or missing field must be refused, not read as a pass
  const v = raw.trim() === "" ? NaN : Number(raw.trim());
  if (v === 1 || v === -1 || v === 0) return v;
  return refuse(400, "polisFormat.badVote", { params: { where, raw } });
}

/** Milliseconds from 1970 to the last date JavaScript (and so the database's ISO dates) can hold. */
const LATEST_TIME = 8.64e15;

function timestampValue(raw: string, where: string): number {
  // an empty cell means "time not known" (Accord's own export leaves it so): it sorts first
  if (raw.trim() === "") return 0;
  const v = Number(raw.trim());
  if (!Number.isFinite(v)) refuse(400, "polisFormat.badTimestamp", { params: { where, raw } });
  if (v < 0 || v > LATEST_TIME) refuse(400, "polisFormat.timestampOutOfRange", { params: { where, raw: raw.trim(), latest: String(LATEST_TIME) } });
  return v;
}

export function parsePolisExport(files: { comments: string; votes?: string | null; participantsVotes?: string | null }): PolisExport {
  const c = table(files.comments, "comments.csv", ["comment-id", "comment-body"]);
  const comments: PolisComment[] = c.rows.map((r, n) => {
    const id = (r[c.index.get("comment-id")!] ?? "").trim();
    if (id === "") refuse(400, "polisFormat.noCommentId", { params: { row: n + 2 } });
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
  let timed = false;
  if (files.votes) {
    const v = table(files.votes, "votes.csv", ["comment-id", "voter-id", "vote"]);
    const ti = v.index.get("timestamp");
    timed = ti !== undefined;
    votes = v.rows.map((r, n) => ({
      timestamp: ti === undefined ? n : timestampValue(r[ti] ?? "", row("votes.csv", n)),
      commentId: (r[v.index.get("comment-id")!] ?? "").trim(),
      voterId: (r[v.index.get("voter-id")!] ?? "").trim(),
      vote: voteValue(r[v.index.get("vote")!] ?? "", row("votes.csv", n)),
    }));
    // chronological, stable for equal timestamps: the latest vote per pair wins downstream
    votes = votes.map((x, n) => ({ x, n })).sort((a, b) => a.x.timestamp - b.x.timestamp || a.n - b.n).map((e) => e.x);
    source = "votes.csv";
  } else if (pv) {
    votes = [];
    const commentCols = pv.header.map((h, i) => ({ h, i })).filter(({ h }) => known.has(h));
    if (commentCols.length === 0) refuse(400, "polisFormat.noCommentColumns");
    for (const [n, r] of pv.rows.entries()) {
      const pid = (r[pv.index.get("participant")!] ?? "").trim();
      for (const { h, i } of commentCols) {
        const cell = (r[i] ?? "").trim();
        if (cell === "") continue;
        votes.push({ timestamp: n, commentId: h, voterId: pid, vote: voteValue(cell, row("participants-votes.csv", n)) });
      }
    }
    source = "participants-votes.csv";
  } else {
    return refuse(400, "polisFormat.noVotesFile");
  }
  const unknown = votes.find((v) => !known.has(v.commentId));
  if (unknown) refuse(400, "polisFormat.unknownComment", { params: { commentId: unknown.commentId } });
  return { comments, votes, polisGroups, source, timed: source === "votes.csv" && timed };
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
