import type { Executor } from "../../db/connection";
import { randomBytes } from "node:crypto";
import { loadRoundSource } from "../results/live-counts.server";
import type { FullSource } from "../results/results-source.server";
import { computeRoundConsensus } from "../results/round-consensus";
import { publishedParticipantIds, writePolisFiles } from "../report/open-data-bundle";

export const POLIS_FILES = ["comments.csv", "votes.csv", "participants-votes.csv"] as const;
export type PolisFile = (typeof POLIS_FILES)[number];

/**
 * A round in the Polis open-data format, for a member's download. A closed round gets the ids of its
 * published bundle (the permutation keyed by its snapshot's secret seed); a round still voting gets
 * a fresh permutation on every download, so two downloads cannot be diffed to follow one person.
 * No vote times, no authors; rows are sorted by id so their order says nothing either.
 */
export function exportRoundAsPolis(source: FullSource & { idSeed?: string }): Record<PolisFile, string> {
  const { opinionGroups } = computeRoundConsensus(source, "", "live");
  const seed = source.idSeed ?? randomBytes(16).toString("hex");
  return writePolisFiles({
    texts: source.ballot.map((b) => b.statement),
    ballot: source.ballot,
    voters: source.voters,
    votes: source.votes,
    opinionGroups,
    pid: publishedParticipantIds(source.voters.map((v) => v.id), seed),
  });
}

/** The Polis files of a round (its snapshot once closed), for tools and tests. */
export async function exportRoundFiles(db: Executor, deliberationId: string, roundId: string): Promise<Record<PolisFile, string>> {
  const source = await loadRoundSource(db, deliberationId, roundId);
  if (!source) throw new Error(`round ${roundId} not found`);
  return exportRoundAsPolis(source);
}
