import type { Tx } from "../../db/connection";
import { newId } from "../auth/crypto.server";
import { getDb } from "../db.server";
import { scheduleRoundRecompute } from "../results/round-results.server";
import { takeRoundSnapshot } from "../results/results-source.server";
import type { PolisExport } from "./polis-format";

const NOT_SPECIFIED = "Not specified (imported from Polis)";
const CHUNK = 200;

async function insertChunked<T>(rows: T[], insert: (chunk: T[]) => Promise<unknown>) {
  for (let i = 0; i < rows.length; i += CHUNK) await insert(rows.slice(i, i + CHUNK));
}

function clip(text: string, max: number): string {
  const clean = text.replace(/\s+/g, " ").trim();
  return clean.length <= max ? clean : clean.slice(0, max - 1).trimEnd() + "…";
}

/**
 * Import a Polis export as a deliberation with one closed round: each comment becomes a proposal
 * (frozen version 1), each voter a participant membership with an anonymous pseudonym, and each
 * participant's latest vote per comment a vote. All in one transaction: a failure writes nothing.
 */
export async function importPolisExport(facilitatorUserId: string, exported: PolisExport, title: string): Promise<{ deliberationId: string; participants: number; statements: number; votes: number }> {
  const now = new Date().toISOString();
  const deliberationId = newId();
  const roundId = newId();
  const result = await getDb().transaction().execute(async (tx: Tx) => {
    await tx
      .insertInto("deliberations")
      .values({
        id: deliberationId,
        title: clip(title, 120),
        question: "Imported from a Polis conversation: which statements does the group agree on?",
        description: `Imported from a Polis open-data export (${exported.comments.length} comments, ${exported.votes.length} vote rows from ${exported.source}).`,
        attribution_mode: "anonymous",
        results_visibility: "after_close",
        min_group_size: 5,
        created_by: facilitatorUserId,
        created_at: now,
        updated_at: now,
      })
      .execute();
    const facilitatorMembership = newId();
    await tx
      .insertInto("memberships")
      .values({ id: facilitatorMembership, deliberation_id: deliberationId, user_id: facilitatorUserId, role: "facilitator", stakeholder_group_id: null, region_id: null, pseudonym: "Facilitator", created_at: now, removed_at: null })
      .execute();
    await tx.insertInto("rounds").values({ id: roundId, deliberation_id: deliberationId, number: 1, phase: "closed", opened_at: now, voting_opened_at: now, closed_at: now }).execute();

    // Participants: everyone who voted, in order of first appearance.
    const voterIds: string[] = [];
    const seen = new Set<string>();
    for (const v of exported.votes) if (!seen.has(v.voterId)) (seen.add(v.voterId), voterIds.push(v.voterId));
    const membershipOf = new Map<string, string>();
    const users = voterIds.map((vid) => ({ id: newId(), email: null, password_hash: null, display_name: `Polis participant ${vid}`, created_at: now }));
    const memberships = voterIds.map((vid, i) => {
      const id = newId();
      membershipOf.set(vid, id);
      return { id, deliberation_id: deliberationId, user_id: users[i]!.id, role: "participant" as const, stakeholder_group_id: null, region_id: null, pseudonym: `Participant ${vid}`, created_at: now, removed_at: null };
    });
    await insertChunked(users, (c) => tx.insertInto("users").values(c).execute());
    await insertChunked(memberships, (c) => tx.insertInto("memberships").values(c).execute());

    const versionOf = new Map<string, string>();
    for (const [i, c] of exported.comments.entries()) {
      const proposalId = newId();
      const versionId = newId();
      versionOf.set(c.id, versionId);
      const author = membershipOf.get(c.authorId) ?? facilitatorMembership;
      const created = new Date(Date.parse(now) + i).toISOString(); // keeps the export's order
      await tx.insertInto("proposals").values({ id: proposalId, deliberation_id: deliberationId, author_membership_id: author, status: "active", merged_into_id: null, status_reason: null, created_at: created, updated_at: created }).execute();
      await tx
        .insertInto("proposal_versions")
        .values({
          id: versionId,
          proposal_id: proposalId,
          version_number: 1,
          round_id: roundId,
          title: clip(c.body, 120) || `Comment ${c.id}`,
          statement: clip(c.body, 600) || `Comment ${c.id}`,
          rationale: `Polis comment ${c.id}${c.moderated === -1 ? " (moderated out in Polis)" : ""}. ${c.body.length > 600 ? c.body : ""}`.trim(),
          category: "other.unclassified",
          indicator: NOT_SPECIFIED,
          threshold_value: "—",
          threshold_unit: NOT_SPECIFIED,
          trigger: NOT_SPECIFIED,
          response: NOT_SPECIFIED,
          scope: "use",
          evidence_links: "[]",
          created_by_membership_id: author,
          created_at: created,
          frozen_at: now,
        })
        .execute();
    }

    // Latest vote per (voter, comment): the export is chronological, later rows replace earlier ones.
    const latest = new Map<string, { voterId: string; commentId: string; vote: 1 | -1 | 0; timestamp: number }>();
    for (const v of exported.votes) latest.set(`${v.voterId}\u0000${v.commentId}`, v);
    const votes = [...latest.values()].map((v) => {
      const at = new Date(Number.isFinite(v.timestamp) && v.timestamp > 1e11 ? v.timestamp : Date.parse(now)).toISOString();
      return {
        id: newId(),
        round_id: roundId,
        version_id: versionOf.get(v.commentId)!,
        membership_id: membershipOf.get(v.voterId)!,
        choice: v.vote === 1 ? ("agree" as const) : v.vote === -1 ? ("disagree" as const) : ("pass" as const),
        confidence: null,
        created_at: at,
        updated_at: at,
      };
    });
    await insertChunked(votes, (c) => tx.insertInto("votes").values(c).execute());
    await takeRoundSnapshot(tx, deliberationId, { id: roundId, number: 1 }, now);
    return { participants: voterIds.length, statements: exported.comments.length, votes: votes.length };
  });
  scheduleRoundRecompute(deliberationId, roundId, 0);
  return { deliberationId, ...result };
}
