import { randomInt } from "node:crypto";
import { seededRandom } from "../consensus/stats";
import { computeRoundConsensus } from "../results/round-consensus";
import { loadRoundSource } from "../results/live-counts.server";
import type { FullSource } from "../results/results-source.server";
import { formatCsv } from "./csv";

export const POLIS_FILES = ["comments.csv", "votes.csv", "participants-votes.csv"] as const;
export type PolisFile = (typeof POLIS_FILES)[number];

/**
 * A round in the Polis open-data format, for a member's download. Participant ids are a fresh
 * random permutation on every download (never join order or pseudonym order, never the same twice),
 * comment ids follow the ballot, vote times are not exported, rows are sorted by id so their order
 * says nothing either. Comment authors are not exported.
 */
export function exportRoundAsPolis(source: FullSource): Record<PolisFile, string> {
  const { payload, opinionGroups } = computeRoundConsensus(source, "", "live");
  const commentId = new Map(source.ballot.map((b, i) => [b.versionId, i]));
  const order = source.voters.map((v) => v.id);
  // a closed round: the permutation drawn at close (same as its published bundle); an open one: fresh every time
  const seed = "idSeed" in source && typeof source.idSeed === "string" ? seededRandom(parseInt(source.idSeed.slice(0, 8), 16)) : null;
  for (let i = order.length - 1; i > 0; i--) {
    const j = seed ? Math.floor(seed() * (i + 1)) : randomInt(i + 1);
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  const voterId = new Map(order.map((id, i) => [id, i]));
  const value = (c: string) => (c === "agree" ? 1 : c === "disagree" ? -1 : 0);
  const rows = source.votes
    .filter((v) => commentId.has(v.versionId) && voterId.has(v.voterId))
    .map((v) => ({ c: commentId.get(v.versionId)!, p: voterId.get(v.voterId)!, v: value(v.choice) }))
    .sort((a, b) => a.p - b.p || a.c - b.c);

  const comments = formatCsv([
    ["timestamp", "datetime", "comment-id", "author-id", "agrees", "disagrees", "moderated", "comment-body"],
    ...payload.statements.map((s, i) => ["", "", i, "", s.overall.agree, s.overall.disagree, 1, source.ballot[i]!.statement]),
  ]);
  const votesCsv = formatCsv([["timestamp", "datetime", "comment-id", "voter-id", "vote"], ...rows.map((r) => ["", "", r.c, r.p, r.v])]);
  const cells = order.map(() => new Array<string>(source.ballot.length).fill(""));
  for (const r of rows) cells[r.p]![r.c] = String(r.v);
  const pv = formatCsv([
    ["participant", "group-id", "n-comments", "n-votes", "n-agree", "n-disagree", ...source.ballot.map((_, i) => String(i))],
    ...order.map((id, p) => {
      const row = cells[p]!;
      const group = opinionGroups[id];
      return [p, group === undefined ? "" : group, 0, row.filter((x) => x !== "").length, row.filter((x) => x === "1").length, row.filter((x) => x === "-1").length, ...row];
    }),
  ]);
  return { "comments.csv": comments, "votes.csv": votesCsv, "participants-votes.csv": pv };
}

/** The Polis files of a round (its snapshot once closed), for tools and tests. */
export async function exportRoundFiles(deliberationId: string, roundId: string): Promise<Record<PolisFile, string>> {
  const source = await loadRoundSource(deliberationId, roundId);
  if (!source) throw new Error(`round ${roundId} not found`);
  return exportRoundAsPolis(source);
}
