import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AppContext } from "../../app/context/app-context.server";
import { DEMO_COMMENTS, DEMO_LOGINS, DEMO_PROPOSALS, DEMO_REPORT } from "../../app/demo/demo-content";
import { seedDemoIfEmpty } from "../../app/demo/seed-demo.server";
import { getBallot } from "../../app/deliberation/vote-service.server";
import type { ReportModel } from "../../app/report/report-types";
import { buildConsensusView } from "../../app/results/consensus-view.server";
import { loadDelphiFeedback } from "../../app/results/delphi-feedback.server";
import { mainReason } from "../../app/results/disagreement-reasons";
import { OTHER_GROUP_NAME } from "../../app/results/k-protection";
import { recomputeRound } from "../../app/results/round-results.server";
import type { DB } from "../../db/connection";
import { memberContext } from "../helpers/context";
import { demoFacts } from "../helpers/demo";
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
    .select(["r.number", "m.pseudonym", "v.choice", "v.confidence", "v.reason"])
    .orderBy("r.number")
    .orderBy("m.pseudonym")
    .orderBy("v.choice")
    .orderBy("v.confidence")
    .orderBy("v.reason")
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
    votes: votes.map((v) => [v.number, v.pseudonym, v.choice, v.confidence, v.reason]),
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
    expect(a.counts).toEqual({ users: 62, comments: DEMO_COMMENTS.length, reports: 1, invites: 2 });
    expect(a.comments.filter((c) => c[4])).toHaveLength(2); // two replies

    const b = await seededSnapshot();
    const { memberIds: idsA, ...sameA } = a;
    const { memberIds: idsB, ...sameB } = b;
    expect(sameB).toEqual(sameA);
    expect(idsB).not.toEqual(idsA);
  });
});

/**
 * What the demo is for (issue 11): round 1's discussion has arguments on both sides of every red
 * line, its disagree and pass votes say why, so that the round-2 ballot shows round-1 feedback with
 * arguments, and results and report split each crux into disagreements of fact and of value.
 */
describe("the demo's Delphi material", () => {
  const FACT = ["evidence", "timeline", "threshold"];
  let db: DB;
  let app: AppContext;
  let cleanup: () => Promise<void>;
  let facts: Awaited<ReturnType<typeof demoFacts>>;
  let round1: Awaited<ReturnType<typeof demoFacts>>["rounds"][number];
  const titleOf = (i: number) => DEMO_PROPOSALS[i]!.title;

  beforeAll(async () => {
    ({ db, app, cleanup } = await createTestDb());
    await seedDemoIfEmpty(app);
    // the results of round 1's snapshot, as the server has them once its background work has run
    await app.scheduler.flush();
    facts = await demoFacts(db);
    round1 = facts.rounds.find((r) => r.number === 1)!;
  }, 120_000);
  afterAll(async () => cleanup?.());

  const participantContext = async () => {
    const user = await db.selectFrom("users").select("id").where("email", "=", DEMO_LOGINS.participant.email).executeTakeFirstOrThrow();
    return memberContext(app, facts.id, user.id);
  };

  it("its participants read Accord in different languages; the demo participant login keeps the browser's", async () => {
    const rows = await db.selectFrom("users").select(["email", "language"]).execute();
    const byLanguage = new Map<string | null, number>();
    for (const r of rows) byLanguage.set(r.language, (byLanguage.get(r.language) ?? 0) + 1);
    for (const language of ["en", "fr", "es", "zh", "ar"]) expect(byLanguage.get(language) ?? 0, language).toBeGreaterThanOrEqual(2);
    expect(rows.find((r) => r.email === DEMO_LOGINS.participant.email)?.language).toBeNull();
    expect(rows.find((r) => r.email === DEMO_LOGINS.facilitator.email)?.language).toBeNull();
  });

  it("round 1's discussion argues for and against every red line, in the words of several stakeholder groups", async () => {
    const rows = await db
      .selectFrom("comments as c")
      .innerJoin("memberships as m", "m.id", "c.membership_id")
      .innerJoin("stakeholder_groups as g", "g.id", "m.stakeholder_group_id")
      .innerJoin("proposal_versions as v", (j) => j.onRef("v.proposal_id", "=", "c.proposal_id").on("v.round_id", "=", round1.id))
      .select(["v.title", "c.stance", "g.name as group_name", "c.membership_id"])
      .where("c.created_at", ">=", round1.opened_at!)
      .where("c.created_at", "<=", round1.closed_at!)
      .execute();
    const frozen = await db.selectFrom("proposal_versions").select("title").where("round_id", "=", round1.id).where("frozen_at", "is not", null).execute();
    expect(frozen).toHaveLength(14);
    for (const { title } of frozen) {
      const own = rows.filter((r) => r.title === title);
      expect(own.some((r) => r.stance === "supports"), `an argument for "${title}"`).toBe(true);
      expect(own.some((r) => r.stance === "opposes"), `an argument against "${title}"`).toBe(true);
      const sides = own.filter((r) => r.stance === "supports" || r.stance === "opposes");
      expect(new Set(sides.map((r) => r.group_name)).size, `groups arguing on "${title}"`).toBeGreaterThanOrEqual(2);
    }
    expect(new Set(rows.map((r) => r.group_name)).size).toBe(5);
    // many voices, not a few prolific ones
    expect(new Set(rows.map((r) => r.membership_id)).size).toBeGreaterThanOrEqual(30);
  });

  it("round 1's disagree and pass votes often say why, agree votes never; every reason occurs", async () => {
    const votes = await db.selectFrom("votes").select(["choice", "reason"]).where("round_id", "=", round1.id).execute();
    expect(votes.filter((v) => v.choice === "agree" && v.reason !== null)).toEqual([]);
    const share = (choice: string) => {
      const mine = votes.filter((v) => v.choice === choice);
      return mine.filter((v) => v.reason !== null).length / mine.length;
    };
    expect(share("disagree")).toBeGreaterThan(0.6);
    expect(share("disagree")).toBeLessThan(0.95); // optional: not everyone gives one
    expect(share("pass")).toBeGreaterThan(0.3);
    expect(new Set(votes.map((v) => v.reason).filter(Boolean))).toEqual(new Set(["evidence", "values", "timeline", "threshold", "wording"]));
  });

  it("the round-2 ballot shows each card's round-1 feedback, with the arguments for and against", async () => {
    const ctx = await participantContext();
    expect(ctx.round?.phase).toBe("voting");
    const items = (await getBallot(ctx)).items;
    expect(items).toHaveLength(14);
    const feedback = await loadDelphiFeedback(ctx, items);
    expect(feedback?.status).toBe("ready");
    if (feedback?.status !== "ready") return;
    expect(feedback.roundNumber).toBe(1);
    for (const item of items) {
      const f = feedback.byVersion[item.versionId];
      expect(f, `feedback on "${item.title}"`).toBeDefined();
      expect(f!.overall.n).toBeGreaterThanOrEqual(50);
      expect(f!.arguments.supports.length, `arguments for "${item.title}"`).toBeGreaterThanOrEqual(1);
      expect(f!.arguments.opposes.length, `arguments against "${item.title}"`).toBeGreaterThanOrEqual(1);
    }
    // the demo participant voted on most of round 1's ballot: those cards remind her of her vote
    expect(items.filter((i) => feedback.byVersion[i.versionId]!.myVote !== null).length).toBeGreaterThanOrEqual(10);
    // the revised red lines say what changed since round 1
    for (const p of DEMO_PROPOSALS.filter((x) => x.revision?.statement)) {
      const item = items.find((i) => i.title === p.title)!;
      expect(feedback.byVersion[item.versionId]!.changed).toContain("statement");
    }
  });

  it("round 1's results split each crux by why people disagreed, with group rows of at least k people", async () => {
    const ctx = await participantContext();
    const view = await buildConsensusView(ctx, round1, facts.rounds, null);
    expect(view.status).toBe("ready");
    if (view.status !== "ready") return;
    const cruxes = view.board.filter((b) => b.classification === "disagreement");
    expect(cruxes.length).toBeGreaterThanOrEqual(5);
    let namedRows = 0;
    for (const c of cruxes) {
      const reasons = view.byVersion[c.versionId]!.reasons!;
      expect(reasons.given, `reasons on "${c.title}"`).toBeGreaterThanOrEqual(10);
      for (const g of reasons.groups) expect(g.given).toBeGreaterThanOrEqual(view.minGroupSize);
      namedRows += reasons.groups.filter((g) => g.name !== OTHER_GROUP_NAME).length;
    }
    expect(namedRows).toBeGreaterThan(0);
    const mains = cruxes.map((c) => mainReason(view.byVersion[c.versionId]!.reasons!.overall));
    expect(mains.some((m) => m !== null && FACT.includes(m))).toBe(true);
    expect(mains).toContain("values");
  });

  it("round 1's published report gives each crux its reason split and unattributed excerpts on both sides, as its summary says", async () => {
    const stored = await db.selectFrom("reports").select("model").where("round_id", "=", round1.id).executeTakeFirstOrThrow();
    const model = JSON.parse(stored.model) as ReportModel;
    expect(model.summary).toBe(DEMO_REPORT.summary);
    const k = model.participation.suppressed.k;
    const main = new Map<string, string | null>();
    for (const s of model.disagreement) {
      expect(s.disagreementReasons, `reasons on "${s.title}"`).toBeDefined();
      main.set(s.title, s.disagreementReasons!.main);
      for (const g of s.disagreementReasons!.groups) expect(g.given).toBeGreaterThanOrEqual(k);
      expect(s.excerpts.supports.length, `excerpts for "${s.title}"`).toBeGreaterThanOrEqual(1);
      expect(s.excerpts.opposes.length, `excerpts against "${s.title}"`).toBeGreaterThanOrEqual(1);
    }
    // the facilitator's summary names these main reasons
    expect(main.get(titleOf(5))).toBe("evidence");
    expect(main.get(titleOf(7))).toBe("timeline");
    expect(main.get(titleOf(6))).toBe("wording");
    for (const i of [11, 12, 13]) expect(main.get(titleOf(i))).toBe("values");
    const sentence = (i: number) => model.disagreement.find((s) => s.title === titleOf(i))!.disagreementReasons!.sentence;
    expect(sentence(5)).toBe("Industry versus the other groups: mainly about the evidence.");
    expect(sentence(12)).toBe("Government and Industry versus the other groups: mainly about values.");
    // unattributed: no pseudonym or display name of a member appears in an excerpt
    const members = await db
      .selectFrom("memberships as m")
      .innerJoin("users as u", "u.id", "m.user_id")
      .select(["m.pseudonym", "u.display_name"])
      .where("m.deliberation_id", "=", facts.id)
      .execute();
    const excerpts = model.disagreement.flatMap((s) => [...s.excerpts.supports, ...s.excerpts.opposes]).join("\n");
    for (const m of members) {
      expect(excerpts).not.toContain(m.pseudonym);
      expect(excerpts).not.toContain(m.display_name);
    }
  });
});
