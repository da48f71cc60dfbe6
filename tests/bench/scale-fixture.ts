/**
 * A deliberation in its voting phase, written straight into a migrated database (any engine), with
 * one signed-in session per participant: the load of the scale benchmark needs many voters, and
 * signing each of them up over HTTP would measure sign-up, not voting.
 */
import { createCookie } from "@remix-run/node";
import type { DB, Executor } from "../../db/connection";
import { newId, newToken, sha256 } from "../../app/auth/crypto.server";
import { insertSession } from "../../app/auth/user-repository.server";

export interface VotingFixture {
  deliberationId: string;
  versionIds: string[];
  /** One `Cookie` header value per participant, signed with the servers' SESSION_SECRET. */
  cookies: string[];
}

export async function seedVotingFixture(db: DB, options: { participants: number; proposals: number; sessionSecret: string }): Promise<VotingFixture> {
  const now = new Date().toISOString();
  const ownerId = newId();
  const deliberationId = newId();
  const roundId = newId();
  await db.insertInto("users").values({ id: ownerId, email: null, password_hash: null, display_name: "Bench facilitator", created_at: now }).execute();
  await db
    .insertInto("deliberations")
    .values({ id: deliberationId, title: "Scale benchmark", question: "Which red lines hold?", description: "", attribution_mode: "chatham_house", results_visibility: "after_close", min_group_size: 5, created_by: ownerId, created_at: now, updated_at: now })
    .execute();
  const groups = Array.from({ length: 5 }, (_, i) => ({ id: newId(), deliberation_id: deliberationId, name: `Group ${i + 1}`, target_share: 0.2, position: i }));
  await db.insertInto("stakeholder_groups").values(groups).execute();
  await db.insertInto("rounds").values({ id: roundId, deliberation_id: deliberationId, number: 1, phase: "voting", opened_at: now, voting_opened_at: now, closed_at: null }).execute();
  const cookies: string[] = [];
  const versionIds: string[] = [];
  await db.transaction().execute(async (tx) => {
    const { membershipIds, cookies: signedIn } = await addSignedInParticipants(tx, { deliberationId, groupIds: groups.map((g) => g.id), count: options.participants, sessionSecret: options.sessionSecret, pseudonym: (i) => `Delegate ${i + 1}` });
    cookies.push(...signedIn);
    const author = membershipIds[0]!;
    for (let p = 0; p < options.proposals; p++) {
      const proposalId = newId();
      const versionId = newId();
      versionIds.push(versionId);
      await tx.insertInto("proposals").values({ id: proposalId, deliberation_id: deliberationId, author_membership_id: author, status: "active", merged_into_id: null, status_reason: null, created_at: now, updated_at: now }).execute();
      await tx
        .insertInto("proposal_versions")
        .values({ id: versionId, proposal_id: proposalId, version_number: 1, round_id: roundId, title: `Red line ${p + 1}`, statement: "AI systems must not replicate themselves without authorisation.", rationale: "Benchmark.", category: "malfunctions.self_replication", indicator: "Success rate on a self-replication evaluation", threshold_value: "20", threshold_unit: "%", trigger: "If crossed", response: "Halt deployment", scope: "deployment", evidence_links: "[]", created_by_membership_id: author, created_at: now, frozen_at: now })
        .execute();
    }
  });
  return { deliberationId, versionIds, cookies };
}

/** `count` new participants of a deliberation, spread over its groups, each signed in: their membership ids and `Cookie` headers. */
export async function addSignedInParticipants(
  db: Executor,
  options: { deliberationId: string; groupIds: string[]; count: number; sessionSecret: string; pseudonym: (i: number) => string },
): Promise<{ membershipIds: string[]; cookies: string[] }> {
  const now = new Date().toISOString();
  const members = Array.from({ length: options.count }, (_, i) => ({
    id: newId(),
    deliberation_id: options.deliberationId,
    user_id: newId(),
    role: "participant" as const,
    stakeholder_group_id: options.groupIds.length ? options.groupIds[i % options.groupIds.length]! : null,
    region_id: null,
    pseudonym: options.pseudonym(i),
    created_at: now,
    removed_at: null,
  }));
  const cookie = createCookie("accord_session", { secrets: [options.sessionSecret], path: "/", httpOnly: true, sameSite: "lax" });
  const cookies: string[] = [];
  for (let i = 0; i < members.length; i += 200) {
    const slice = members.slice(i, i + 200);
    await db.insertInto("users").values(slice.map((m, j) => ({ id: m.user_id, email: null, password_hash: null, display_name: `Participant ${i + j + 1}`, created_at: now }))).execute();
    await db.insertInto("memberships").values(slice).execute();
  }
  for (const m of members) {
    const token = newToken();
    await insertSession(db, { idHash: sha256(token), userId: m.user_id, expiresAt: new Date(Date.now() + 86_400_000) });
    cookies.push((await cookie.serialize(token)).split(";")[0]!);
  }
  return { membershipIds: members.map((m) => m.id), cookies };
}

/**
 * The demo deliberation's ballot (its round in voting, the demo-sized set of real red lines with
 * last round's feedback) and enough new signed-in voters on it for `distinctVotes` (voter, card) pairs.
 */
export async function seedDemoVoters(db: DB, options: { distinctVotes: number; sessionSecret: string }): Promise<VotingFixture> {
  const round = await db
    .selectFrom("rounds")
    .innerJoin("deliberations", "deliberations.id", "rounds.deliberation_id")
    .select(["rounds.id", "rounds.deliberation_id"])
    .where("rounds.phase", "=", "voting")
    .orderBy("deliberations.created_at")
    .executeTakeFirstOrThrow(() => new Error("no deliberation in its voting phase: was the demo seeded (SEED_DEMO=true)?"));
  const versions = await db.selectFrom("proposal_versions").select("id").where("round_id", "=", round.id).where("frozen_at", "is not", null).orderBy("id").execute();
  const groups = await db.selectFrom("stakeholder_groups").select("id").where("deliberation_id", "=", round.deliberation_id).orderBy("position").execute();
  const { cookies } = await db.transaction().execute((tx) =>
    addSignedInParticipants(tx, { deliberationId: round.deliberation_id, groupIds: groups.map((g) => g.id), count: Math.ceil(options.distinctVotes / versions.length), sessionSecret: options.sessionSecret, pseudonym: (i) => `Bench voter ${i + 1}` }),
  );
  return { deliberationId: round.deliberation_id, versionIds: versions.map((v) => v.id), cookies };
}
