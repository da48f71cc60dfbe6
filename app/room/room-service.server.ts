/**
 * The room view (issue 12): what a projector in an in-person session shows. Aggregates only and no
 * names in any attribution mode: turnout by stakeholder group with k applied whoever is signed in
 * (the screen is seen by the whole room), and after close the consensus board as participants see it.
 */
import QRCode from "qrcode";
import type { MemberContext } from "../deliberation/access.server";
import { t } from "../i18n/i18n";
import type { Category, Counts } from "../participation/participation-math";
import { protectCounts, zeroCounts } from "../participation/participation-math";
import { countMembersByCell, countVotesByCell } from "../participation/participation-repository.server";
import { nameableSides } from "../results/headline";
import { OTHER_GROUP_ID } from "../results/k-protection";
import { readRoundConsensus } from "../results/round-results.server";
import type { Classification } from "../consensus/types";

export interface RoomView {
  title: string;
  question: string;
  round: { number: number; phase: string } | null;
  turnout: { voters: number; members: number };
  /** per stakeholder group, groups under k merged into Other (or none shown) */
  groups: { name: string; voters: number; members: number }[];
  /** after close: each red line's codification; "computing" while the results are prepared */
  board: { title: string; classification: Classification; sides: { for: string[]; against: string[] } | null }[] | "computing" | null;
}

export async function loadRoom(ctx: MemberContext): Promise<RoomView> {
  const d = ctx.deliberation;
  const round = ctx.round;
  const db = ctx.app.db;
  const [members, votes] = await Promise.all([countMembersByCell(db, d.id), round ? countVotesByCell(db, d.id, round.id) : []]);
  const known = new Set(d.groups.map((g) => g.id));
  const counts = new Map<string | null, Counts>();
  const add = (groupId: string | null, measure: "members" | "voters", n: number) => {
    const key = groupId !== null && known.has(groupId) ? groupId : null;
    const c = counts.get(key) ?? zeroCounts();
    c[measure] += n;
    counts.set(key, c);
  };
  for (const m of members) add(m.groupId, "members", m.n);
  for (const v of votes) add(v.groupId, "voters", v.voters);
  const categories: Category[] = d.groups.map((g) => ({ id: g.id, name: g.name, targetShare: g.targetShare }));
  const shown = protectCounts(categories, counts, d.minGroupSize);
  const row = (name: string, n: Counts = zeroCounts()) => ({ name, voters: n.voters, members: n.members });
  const groups = shown.suppressed
    ? []
    : [
        ...shown.categories.filter((c) => c.id !== OTHER_GROUP_ID).map((c) => row(c.name, shown.counts.get(c.id))),
        // members without a group, when there are at least k of them (else they are in Other)
        ...(shown.counts.has(null) ? [row(t("results.noGroup"), shown.counts.get(null))] : []),
        ...(shown.counts.has(OTHER_GROUP_ID) ? [row(t("results.otherGroups"), shown.counts.get(OTHER_GROUP_ID))] : []),
      ];
  const total = [...counts.values()].reduce((s, c) => ({ voters: s.voters + c.voters, members: s.members + c.members }), { voters: 0, members: 0 });

  let board: RoomView["board"] = null;
  if (round?.phase === "closed") {
    const cached = await readRoundConsensus(db, d.id, round.id);
    board =
      cached.status === "computing"
        ? "computing"
        : cached.result.statements.map((s) => ({ title: s.title, classification: s.classification, sides: nameableSides(s, cached.result.minGroupSize, false) }));
  }
  return { title: d.title, question: d.question, round: round ? { number: round.number, phase: round.phase } : null, turnout: total, groups, board };
}

/** The QR code of a link as inline SVG (the room's "vote on your phone"). */
export async function qrSvg(url: string): Promise<string> {
  return QRCode.toString(url, { type: "svg", margin: 1, errorCorrectionLevel: "M" });
}
