import { computeOpinionGroupsFor, indexVotes } from "../consensus/engine";
import { loadRoundInputs } from "../deliberation/consensus-repository.server";
import { getDb } from "../db.server";
import { formatCsv } from "./csv";

export const POLIS_FILES = ["comments.csv", "votes.csv", "participants-votes.csv"] as const;
export type PolisFile = (typeof POLIS_FILES)[number];

/**
 * A round in the Polis open-data format. Identifiers are anonymous: participants and comments are
 * numbered 0, 1, … in a stable order, so no file maps to a person; comment authors are not exported.
 */
export async function exportRoundAsPolis(deliberationId: string, roundId: string): Promise<Record<PolisFile, string>> {
  const { ballot, votes, participants } = await loadRoundInputs(getDb(), deliberationId, roundId);
  const commentId = new Map(ballot.map((b, i) => [b.id, i]));
  const voterId = new Map(participants.map((p, i) => [p.id, i]));
  const counted = votes.filter((v) => commentId.has(v.version_id) && voterId.has(v.membership_id));
  const value = (c: string) => (c === "agree" ? 1 : c === "disagree" ? -1 : 0);

  const agrees = new Map<number, number>();
  const disagrees = new Map<number, number>();
  for (const v of counted) {
    const c = commentId.get(v.version_id)!;
    if (v.choice === "agree") agrees.set(c, (agrees.get(c) ?? 0) + 1);
    if (v.choice === "disagree") disagrees.set(c, (disagrees.get(c) ?? 0) + 1);
  }
  const comments = formatCsv([
    ["timestamp", "datetime", "comment-id", "author-id", "agrees", "disagrees", "moderated", "comment-body"],
    ...ballot.map((b, i) => ["", "", i, "", agrees.get(i) ?? 0, disagrees.get(i) ?? 0, 1, b.statement]),
  ]);
  const voteRows = counted.map((v) => ({ c: commentId.get(v.version_id)!, p: voterId.get(v.membership_id)!, v: value(v.choice) }));
  const votesCsv = formatCsv([["timestamp", "datetime", "comment-id", "voter-id", "vote"], ...voteRows.map((r) => ["", "", r.c, r.p, r.v])]);

  // Opinion groups, as Polis reports them in participants-votes.csv.
  const opinion = computeOpinionGroupsFor(
    indexVotes(
      counted.map((v) => ({ participantId: String(voterId.get(v.membership_id)), statementId: String(commentId.get(v.version_id)), value: value(v.choice) as 1 | -1 | 0 })),
      ballot.map((_, i) => String(i)),
      participants.map((_, i) => String(i)),
    ),
  );
  const cells = participants.map(() => new Array<string>(ballot.length).fill(""));
  for (const r of voteRows) cells[r.p]![r.c] = String(r.v);
  const pv = formatCsv([
    ["participant", "group-id", "n-comments", "n-votes", "n-agree", "n-disagree", ...ballot.map((_, i) => String(i))],
    ...participants.map((_, p) => {
      const row = cells[p]!;
      const nVotes = row.filter((x) => x !== "").length;
      const group = opinion.groups[String(p)];
      return [p, group === undefined ? "" : group, 0, nVotes, row.filter((x) => x === "1").length, row.filter((x) => x === "-1").length, ...row];
    }),
  ]);
  return { "comments.csv": comments, "votes.csv": votesCsv, "participants-votes.csv": pv };
}
