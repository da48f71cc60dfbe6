/**
 * The participation monitor at scale on the real server (production build): 5,000 members and 200
 * proposals in a voting round, 3,000 of them having voted (20 statements each, 60,000 votes), with
 * comments and four regions. Sequential GETs of /d/:id/participation by a signed-in facilitator,
 * against /healthz on the same server in the same run. `npm run bench:participation`.
 */
import { newId } from "../../app/auth/crypto.server";
import { startTestServer } from "../helpers/test-server";
import { addSignedInParticipants, seedVotingFixture } from "./scale-fixture";
import { line, recordRow, summarize, timeIt } from "./stats";

const N = Number(process.env.BENCH_REQUESTS ?? 50);
const MEMBERS = 5000;
const PROPOSALS = 200;
const VOTERS = 3000;
const VOTES_EACH = 20;

const server = await startTestServer();
try {
  const db = server.db;
  const secret = process.env.SESSION_SECRET!;
  const fixture = await seedVotingFixture(db, { participants: MEMBERS, proposals: PROPOSALS, sessionSecret: secret });
  const id = fixture.deliberationId;
  const round = await db.selectFrom("rounds").select("id").where("deliberation_id", "=", id).executeTakeFirstOrThrow();
  const members = await db.selectFrom("memberships").select("id").where("deliberation_id", "=", id).orderBy("created_at").orderBy("id").execute();
  const now = Date.now();
  await db.transaction().execute(async (tx) => {
    const regions = Array.from({ length: 4 }, (_, i) => ({ id: newId(), deliberation_id: id, name: `Region ${i + 1}`, position: i, target_share: 0.25 }));
    await tx.insertInto("regions").values(regions).execute();
    for (const [i, r] of regions.entries()) {
      const ids = members.filter((_, j) => j % 4 === i).map((m) => m.id);
      for (let k = 0; k < ids.length; k += 500) await tx.updateTable("memberships").set({ region_id: r.id }).where("id", "in", ids.slice(k, k + 500)).execute();
    }
    const votes = [];
    for (let v = 0; v < VOTERS; v++) {
      const at = new Date(now - (VOTERS - v) * 1000).toISOString();
      for (let s = 0; s < VOTES_EACH; s++) {
        votes.push({ id: newId(), round_id: round.id, version_id: fixture.versionIds[(v + s) % PROPOSALS]!, membership_id: members[v]!.id, choice: (["agree", "disagree", "pass"] as const)[(v + s) % 3]!, confidence: null, created_at: at, updated_at: at });
      }
    }
    for (let k = 0; k < votes.length; k += 1000) await tx.insertInto("votes").values(votes.slice(k, k + 1000)).execute();
    const proposals = await tx.selectFrom("proposals").select("id").where("deliberation_id", "=", id).execute();
    const comments = Array.from({ length: 1000 }, (_, c) => ({ id: newId(), deliberation_id: id, proposal_id: proposals[c % proposals.length]!.id, membership_id: members[c]!.id, parent_id: null, anchor: null, stance: "supports" as const, body: "Benchmark comment.", created_at: new Date(now - 5000).toISOString(), edited_at: null, deleted_at: null, hidden_at: null, hidden_reason: null, hidden_by: null, submission_id: null }));
    for (let k = 0; k < comments.length; k += 500) await tx.insertInto("comments").values(comments.slice(k, k + 500)).execute();
    await tx.updateTable("rounds").set({ voting_opened_at: new Date(now - (VOTERS + 60) * 1000).toISOString() }).where("id", "=", round.id).execute();
  });
  const { membershipIds, cookies } = await addSignedInParticipants(db, { deliberationId: id, groupIds: [], count: 1, sessionSecret: secret, pseudonym: () => "Facilitator" });
  await db.updateTable("memberships").set({ role: "facilitator" }).where("id", "=", membershipIds[0]!).execute();
  const get = (p: string) => fetch(new URL(p, server.url), { headers: { Cookie: cookies[0]! } });

  async function sample(path: string) {
    const out: number[] = [];
    for (let i = 0; i < 5; i++) await (await get(path)).arrayBuffer(); // warm-up
    for (let i = 0; i < N; i++) {
      out.push(await timeIt(async () => {
        const res = await get(path);
        await res.arrayBuffer();
        if (res.status !== 200) throw new Error(`${path}: ${res.status}`);
      }));
    }
    return summarize(out);
  }
  console.log(`Accord participation benchmark: ${N} sequential requests, ${MEMBERS} members, ${PROPOSALS} proposals, ${VOTERS * VOTES_EACH} votes, 1000 comments\n`);
  const ref = await sample("/healthz");
  for (const [label, path] of [
    ["participation page /d/:id/participation", `/d/${id}/participation`],
    ["participation JSON /d/:id/participation.json", `/d/${id}/participation.json`],
  ] as const) {
    const s = await sample(path);
    line(label, s, ref, "/healthz");
    recordRow({ measure: label, ours: `${s.median.toFixed(1)} ms`, reference: `/healthz ${ref.median.toFixed(2)} ms`, ratio: `${(s.median / ref.median).toFixed(1)}×`, target: "—", met: null });
  }
} finally {
  await server.stop();
}
