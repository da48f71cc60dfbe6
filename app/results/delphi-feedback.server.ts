/**
 * Delphi feedback on the ballot: how the previous closed round went for each red line on the
 * cards shown — its results as frozen in that round's snapshot (read from the results cache, never
 * computed here), the member's own vote then, what changed in the text since, and the strongest
 * arguments of that round's discussion. Rules in docs/decisions/035-delphi-feedback.md.
 */
import { listArgumentsWithReplies } from "../collab/comment-repository.server";
import type { Codification } from "../consensus/codify";
import type { Interval } from "../consensus/types";
import type { MemberContext } from "../deliberation/access.server";
import { listBallot, toBallotVersion, type BallotVersion } from "../deliberation/proposal-repository.server";
import { listRounds } from "../deliberation/round-repository.server";
import { listMyVotes } from "../deliberation/vote-repository.server";
import { protectedBars, type ProtectedBar } from "./round-consensus";
import { readRoundConsensus } from "./round-results.server";

/** Arguments shown per side and card. */
export const ARGUMENTS_PER_SIDE = 2;

/** The parts of a red line whose change the card reports, in display order. */
export const TEXT_PARTS = ["title", "statement", "category", "scope", "indicator", "threshold", "ifThen"] as const;
export type TextPart = (typeof TEXT_PARTS)[number];

type CardText = Pick<BallotVersion, "versionId" | "proposalId" | "title" | "statement" | "category" | "scope" | "indicator" | "thresholdValue" | "thresholdUnit" | "trigger" | "response">;

export interface CardFeedback {
  /** the proposal's version voted on in the previous round */
  versionNumber: number;
  overall: { agree: number; disagree: number; pass: number; n: number; agreeRate: number | null; interval: Interval | null };
  /** per stakeholder group, k-protected as the results page shows them to a participant */
  groups: ProtectedBar[];
  classification: Codification["classification"];
  reason: Codification["reason"];
  myVote: { choice: "agree" | "disagree" | "pass"; confidence: number | null } | null;
  changed: TextPart[];
  previousStatement: string;
  /** unattributed comment bodies, strongest first */
  arguments: { supports: string[]; opposes: string[] };
}

export type DelphiFeedback =
  | { roundNumber: number; status: "computing" }
  | { roundNumber: number; status: "ready"; minGroupSize: number; byVersion: Record<string, CardFeedback> };

const partsOf = (v: CardText): Record<TextPart, string> => ({
  title: v.title,
  statement: v.statement,
  category: v.category,
  scope: v.scope,
  indicator: v.indicator,
  threshold: `${v.thresholdValue}\u0000${v.thresholdUnit}`,
  ifThen: `${v.trigger}\u0000${v.response}`,
});

/** Strongest first: most visible replies, then the earliest, then by id (deterministic). */
export function strongestArguments(args: readonly { id: string; stance: "supports" | "opposes"; body: string; createdAt: string; replies: number }[], stance: "supports" | "opposes"): string[] {
  return args
    .filter((a) => a.stance === stance && a.body.trim().length > 0)
    .sort((a, b) => b.replies - a.replies || (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : 0) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .slice(0, ARGUMENTS_PER_SIDE)
    .map((a) => a.body.trim());
}

/**
 * Feedback from the latest closed round before the current one for the given cards (null in
 * round 1, or when no earlier round was closed). One read of that round's cached results per
 * call, whatever the number of cards; "computing" until the results of its snapshot are cached.
 */
export async function loadDelphiFeedback(ctx: MemberContext, cards: readonly CardText[]): Promise<DelphiFeedback | null> {
  const current = ctx.round;
  if (!current || cards.length === 0) return null;
  const db = ctx.app.db;
  const previous = (await listRounds(db, ctx.deliberation.id)).filter((r) => r.number < current.number && r.phase === "closed" && r.closed_at !== null).at(-1);
  if (!previous) return null;
  const cached = await readRoundConsensus(db, ctx.deliberation.id, previous.id);
  // only results computed from the closed round's snapshot count: never a live computation left from before the close
  if (cached.status !== "ready" || cached.stale || cached.result.basis !== "snapshot") return { roundNumber: previous.number, status: "computing" };
  const r = cached.result;
  const statementOf = new Map(r.statements.map((s) => [s.proposalId, s]));
  const shown = cards.filter((c) => statementOf.has(c.proposalId));
  const [ballot, mine, args] = await Promise.all([
    listBallot(db, ctx.deliberation.id, previous.id),
    listMyVotes(db, previous.id, ctx.membership.id),
    listArgumentsWithReplies(db, ctx.deliberation.id, shown.map((c) => c.proposalId), { from: previous.opened_at, until: previous.closed_at! }),
  ]);
  const previousText = new Map(ballot.map((b) => [b.id, toBallotVersion(b)]));
  const myVote = new Map(mine.map((v) => [v.version_id, { choice: v.choice, confidence: v.confidence }]));
  const byVersion: Record<string, CardFeedback> = {};
  for (const card of shown) {
    const s = statementOf.get(card.proposalId)!;
    const before = previousText.get(s.versionId);
    if (!before) continue;
    const then = partsOf(before);
    const now = partsOf(card);
    const own = args.filter((a) => a.proposalId === card.proposalId);
    byVersion[card.versionId] = {
      versionNumber: s.versionNumber,
      overall: { agree: s.overall.agree, disagree: s.overall.disagree, pass: s.overall.pass, n: s.overall.n, agreeRate: s.overall.agreeRate, interval: s.overall.interval },
      // the same cells the results page shows a participant (consensus-view.server.ts)
      groups: protectedBars(s.groups.filter((g) => g.n > 0 || ctx.deliberation.groups.length > 0), s.overall, r.minGroupSize),
      classification: s.classification,
      reason: s.reason,
      myVote: myVote.get(s.versionId) ?? null,
      changed: TEXT_PARTS.filter((p) => then[p] !== now[p]),
      previousStatement: before.statement,
      arguments: { supports: strongestArguments(own, "supports"), opposes: strongestArguments(own, "opposes") },
    };
  }
  return { roundNumber: previous.number, status: "ready", minGroupSize: r.minGroupSize, byVersion };
}
