/**
 * Rewrites a Polis export so that only what must not matter changes: every participant gets a new
 * random id, and the vote rows are shuffled so that participants cast their first votes in another
 * order, while each (participant, comment) pair keeps its votes in their original order (so the
 * latest vote per pair stays the latest). Timestamps are rewritten to follow the new row order.
 */
import { formatCsv, parseCsv } from "../../app/formats/csv";
import { seededRandom } from "../../app/consensus/stats";

export interface PolisFiles {
  comments: string;
  votes: string;
  participantsVotes: string | null;
}

export interface Rewritten {
  files: PolisFiles;
  /** old participant id → new participant id */
  idMap: Map<string, string>;
  /** participants in order of their first vote, before and after (old ids) */
  firstVoteOrder: { before: string[]; after: string[] };
}

function shuffle<T>(items: T[], rand: () => number): T[] {
  const a = [...items];
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [a[i], a[j]] = [a[j]!, a[i]!];
  }
  return a;
}

const firstAppearance = (ids: string[]) => [...new Set(ids)];

export function relabelAndShuffle(files: PolisFiles, seed: number): Rewritten {
  const rand = seededRandom(seed);
  const table = parseCsv(files.votes);
  const header = table[0]!;
  const col = (name: string) => header.indexOf(name);
  const [ti, di, ci, vi] = [col("timestamp"), col("datetime"), col("comment-id"), col("voter-id")];
  if (ci < 0 || vi < 0) throw new Error("votes.csv needs comment-id and voter-id columns");
  // chronological order exactly as the parser reads it: by timestamp, file order for ties
  const rows = table
    .slice(1)
    .map((r, n) => ({ r, n, t: ti < 0 ? n : Number(r[ti]) || 0 }))
    .sort((a, b) => a.t - b.t || a.n - b.n)
    .map((x) => x.r);

  // new ids: a random permutation of random, distinct numbers
  const oldIds = firstAppearance(rows.map((r) => r[vi]!.trim()));
  const pvTable = files.participantsVotes ? parseCsv(files.participantsVotes) : null;
  const pCol = pvTable ? pvTable[0]!.indexOf("participant") : -1;
  for (const r of pvTable?.slice(1) ?? []) if (!oldIds.includes(r[pCol]!.trim())) oldIds.push(r[pCol]!.trim());
  const used = new Set<string>();
  const idMap = new Map<string, string>();
  for (const id of oldIds) {
    let fresh: string;
    do fresh = String(100_000 + Math.floor(rand() * 900_000));
    while (used.has(fresh));
    used.add(fresh);
    idMap.set(id, fresh);
  }

  // shuffle the slots, then give each pair's slots back to its votes in their original order
  const slotOf = shuffle(rows.map((_, i) => i), rand);
  const byPair = new Map<string, number[]>();
  rows.forEach((r, i) => {
    const key = `${r[vi]!.trim()}\u0000${r[ci]!.trim()}`;
    const list = byPair.get(key) ?? [];
    list.push(i);
    byPair.set(key, list);
  });
  for (const members of byPair.values()) {
    const slots = members.map((i) => slotOf[i]!).sort((a, b) => a - b);
    members.forEach((i, n) => (slotOf[i] = slots[n]!));
  }
  const out: string[][] = new Array(rows.length);
  rows.forEach((r, i) => {
    const copy = [...r];
    copy[vi] = idMap.get(r[vi]!.trim())!;
    if (ti >= 0) copy[ti] = String(1_600_000_000_000 + slotOf[i]! * 1000);
    if (di >= 0) copy[di] = "";
    out[slotOf[i]!] = copy;
  });
  const reverse = new Map([...idMap].map(([a, b]) => [b, a]));

  let participantsVotes: string | null = null;
  if (pvTable) {
    const body = shuffle(pvTable.slice(1), rand).map((r) => {
      const copy = [...r];
      copy[pCol] = idMap.get(r[pCol]!.trim())!;
      return copy;
    });
    participantsVotes = formatCsv([pvTable[0]!, ...body]);
  }
  return {
    files: { comments: files.comments, votes: formatCsv([header, ...out]), participantsVotes },
    idMap,
    firstVoteOrder: { before: firstAppearance(rows.map((r) => r[vi]!.trim())), after: firstAppearance(out.map((r) => reverse.get(r[vi]!)!)) },
  };
}
