import { describe, expect, it } from "vitest";
import { DEMO_LOGINS, DEMO_PROPOSALS } from "../../app/demo/demo-content";
import { seedDemoIfEmpty } from "../../app/demo/seed-demo.server";
import { recomputeRound } from "../../app/results/round-results.server";
import type { DB } from "../../db/connection";
import { createTestDb } from "../helpers/test-db";

/**
 * The demo seed, played through the services: the shape README.md describes, and the same
 * content and numbers on every run (only ids, salts and timestamps differ).
 */

const count = async (db: DB, table: "users" | "comments" | "reports" | "invites") =>
  Number((await db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow()).n);

/** Everything a visitor could tell apart, without ids or timestamps. */
async function snapshot(db: DB) {
  const d = await db.selectFrom("deliberations").selectAll().executeTakeFirstOrThrow();
  const rounds = await db.selectFrom("rounds").select(["id", "number", "phase"]).where("deliberation_id", "=", d.id).orderBy("number").execute();
  const members = await db
    .selectFrom("memberships as m")
    .innerJoin("users as u", "u.id", "m.user_id")
    .leftJoin("stakeholder_groups as g", "g.id", "m.stakeholder_group_id")
    .leftJoin("regions as r", "r.id", "m.region_id")
    .select(["m.id", "m.role", "m.pseudonym", "u.display_name", "u.email", "g.name as group_name", "r.name as region_name"])
    .where("m.deliberation_id", "=", d.id)
    .orderBy("m.created_at")
    .execute();
  const proposals = await db
    .selectFrom("proposals as p")
    .innerJoin("proposal_versions as v", "v.proposal_id", "p.id")
    .innerJoin("rounds as r", "r.id", "v.round_id")
    .select(["p.id", "p.status", "p.status_reason", "v.version_number", "v.statement", "v.frozen_at", "r.number as round_number"])
    .where("p.deliberation_id", "=", d.id)
    .orderBy("p.created_at")
    .orderBy("v.version_number")
    .execute();
  const votes = await db
    .selectFrom("votes as v")
    .innerJoin("rounds as r", "r.id", "v.round_id")
    .innerJoin("memberships as m", "m.id", "v.membership_id")
    .select(["r.number", "m.pseudonym", "v.choice", "v.confidence"])
    .orderBy("r.number")
    .orderBy("m.pseudonym")
    .orderBy("v.choice")
    .orderBy("v.confidence")
    .execute();
  const comments = await db
    .selectFrom("comments as c")
    .innerJoin("memberships as m", "m.id", "c.membership_id")
    .select(["m.pseudonym", "c.stance", "c.body", "c.anchor", "c.parent_id"])
    .orderBy("c.created_at")
    .execute();
  const results = [];
  for (const r of rounds) {
    const consensus = (await recomputeRound(db, d.id, r.id))!;
    results.push({ k: consensus.opinion.k, statements: consensus.statements.map((s) => [s.title, s.classification, s.overall.agree, s.overall.disagree, s.overall.pass]) });
  }
  return {
    deliberation: { title: d.title, attribution: d.attribution_mode, publicReports: d.public_reports },
    rounds: rounds.map((r) => [r.number, r.phase]),
    members: members.map((m) => [m.role, m.pseudonym, m.display_name, m.email, m.group_name, m.region_name]),
    memberIds: members.map((m) => m.id),
    proposals: proposals.map((p) => [p.status, p.status_reason, p.version_number, p.round_number, p.frozen_at !== null, p.statement]),
    votes: votes.map((v) => [v.number, v.pseudonym, v.choice, v.confidence]),
    comments: comments.map((c) => [c.pseudonym, c.stance, c.body, c.anchor, c.parent_id !== null]),
    results,
    counts: { users: await count(db, "users"), comments: await count(db, "comments"), reports: await count(db, "reports"), invites: await count(db, "invites") },
  };
}

async function seededSnapshot() {
  const { db, app, cleanup } = await createTestDb();
  try {
    const seeded = await seedDemoIfEmpty(app);
    expect(seeded?.title).toBe("Red lines for frontier AI");
    expect(await seedDemoIfEmpty(app)).toBeNull(); // only into an empty database
    const reports = await db.selectFrom("reports").innerJoin("rounds", "rounds.id", "reports.round_id").select(["reports.version", "rounds.number"]).execute();
    return { ...(await snapshot(db)), reports };
  } finally {
    await cleanup();
  }
}

describe("the demo seed", () => {
  it("has the shape README.md describes, and the same content and numbers on every run", async () => {
    const a = await seededSnapshot();

    expect(a.deliberation).toEqual({ title: "Red lines for frontier AI", attribution: "chatham_house", publicReports: 1 });
    expect(a.rounds).toEqual([[1, "closed"], [2, "voting"]]);
    const participants = a.members.filter((m) => m[0] === "participant");
    expect(participants).toHaveLength(60);
    expect(a.members.filter((m) => m[0] === "facilitator").map((m) => m[3])).toEqual([DEMO_LOGINS.facilitator.email]);
    expect(a.members.filter((m) => m[0] === "observer").map((m) => m[3])).toEqual([DEMO_LOGINS.observer.email]);
    expect(new Set(participants.map((m) => m[4])).size).toBe(5);
    expect(new Set(participants.map((m) => m[5])).size).toBe(5);
    for (const group of new Set(participants.map((m) => m[4]))) expect(participants.filter((m) => m[4] === group)).toHaveLength(12);
    const demoParticipant = participants.find((m) => m[3] === DEMO_LOGINS.participant.email)!;
    expect(demoParticipant[4]).toBe("Civil society");

    // 14 active red lines, frozen in both rounds; one proposal withdrawn before round 1's vote
    const active = a.proposals.filter((p) => p[0] === "active");
    expect(active.filter((p) => p[3] === 1 && p[4])).toHaveLength(14);
    expect(active.filter((p) => p[3] === 2 && p[4])).toHaveLength(14);
    const withdrawn = a.proposals.filter((p) => p[0] === "withdrawn");
    expect(withdrawn).toHaveLength(1);
    expect(withdrawn[0]![4]).toBe(false);
    const revised = DEMO_PROPOSALS.filter((p) => p.revision?.statement);
    for (const p of revised) expect(active.some((v) => v[3] === 2 && v[5] === p.revision!.statement)).toBe(true);

    // everyone voted in round 1; 36 in round 2, not the demo participant
    const voters = (round: number) => new Set(a.votes.filter((v) => v[0] === round).map((v) => v[1]));
    expect(voters(1).size).toBe(60);
    expect(voters(2).size).toBe(36);
    expect(voters(2).has(demoParticipant[1])).toBe(false);

    expect(a.reports).toEqual([{ version: 1, number: 1 }]);
    expect(a.counts).toEqual({ users: 62, comments: 14, reports: 1, invites: 2 });
    expect(a.comments.filter((c) => c[4])).toHaveLength(2); // two replies

    const b = await seededSnapshot();
    const { memberIds: idsA, ...sameA } = a;
    const { memberIds: idsB, ...sameB } = b;
    expect(sameB).toEqual(sameA);
    expect(idsB).not.toEqual(idsA);
  });
});
