import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { planVote, voteOverHttp, type VotePath } from "../bench/http-voter";
import { seedDemoVoters, type VotingFixture } from "../bench/scale-fixture";
import { startTestServer } from "../helpers/test-server";

/**
 * The HTTP vote client of `npm run bench:votes` must really cast votes: if it stopped reaching the
 * action (a changed URL, a missing header, a refused form), the bench would time refusals.
 */
describe("bench:votes HTTP vote client (real server, demo seeded, fresh database)", () => {
  let server: Awaited<ReturnType<typeof startTestServer>>;
  let fixture: VotingFixture;

  beforeAll(async () => {
    server = await startTestServer({ seedDemo: true });
    // the bench's own fixture: new signed-in voters on the demo's ballot, few enough that votes 0–11 span several cards
    fixture = await seedDemoVoters(server.db, { distinctVotes: 30, sessionSecret: process.env.SESSION_SECRET! });
  });
  afterAll(async () => server.stop());

  const stored = () =>
    server.db
      .selectFrom("votes")
      .innerJoin("memberships", "memberships.id", "votes.membership_id")
      .select(["votes.version_id", "votes.choice", "votes.confidence", "votes.reason"])
      .where("memberships.deliberation_id", "=", fixture.deliberationId)
      .where("memberships.pseudonym", "like", "Bench voter %") // not the demo's own voters
      .execute();

  it.each([
    ["fetcher", 0],
    ["no-js", 1],
  ] as [VotePath, number][])("%s: every vote the client counts is stored as planned (choice, confidence, reason)", async (path, k) => {
    const before = (await stored()).length;
    const voters = fixture.cookies.length;
    // six votes on the first cards, and one on the last card (no next card: the ballot's end)
    const lastCard = voters * (fixture.versionIds.length - 1) + k;
    const plans = [...Array.from({ length: 6 }, (_, i) => planVote(fixture, 6 * k + i)), planVote(fixture, lastCard)];
    expect(plans.at(-1)!.next).toBe("");
    for (const plan of plans) expect(await voteOverHttp(server.url, path, plan)).toBe(true);
    const rows = await stored();
    expect(rows.length - before).toBe(plans.length);
    for (const plan of plans) {
      const mine = rows.filter((r) => r.version_id === plan.versionId && r.choice === plan.choice && r.confidence === plan.confidence && r.reason === plan.reason);
      expect(mine.length, `a stored vote for ${JSON.stringify(plan)}`).toBeGreaterThanOrEqual(1);
    }
    // the plan exercises every field of the form
    expect(new Set(plans.map((p) => p.choice)).size).toBe(3);
    expect(plans.some((p) => p.reason !== null) && plans.some((p) => p.confidence === null)).toBe(true);
  });

  it.each(["fetcher", "no-js"] as VotePath[])("%s: a refused vote is not counted, and nothing is stored", async (path) => {
    const before = (await stored()).length;
    const plan = planVote(fixture, 0);
    expect(await voteOverHttp(server.url, path, { ...plan, versionId: "not-on-this-ballot" })).toBe(false);
    expect(await voteOverHttp(server.url, path, { ...plan, cookie: "accord_session=forged" })).toBe(false);
    expect((await stored()).length).toBe(before);
  });
});
