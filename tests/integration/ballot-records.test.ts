import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createInviteToken, demoFacts, joinWithToken, loggedIn } from "../helpers/demo";
import { tableCounts } from "../helpers/test-db";
import { startTestServer, type Client } from "../helpers/test-server";

/**
 * Issue 8: the server records only what a vote request carries. No default choice, no default
 * confidence, nothing remembered from another card or an earlier vote.
 */
let server: Awaited<ReturnType<typeof startTestServer>>;
let facts: Awaited<ReturnType<typeof demoFacts>>;
let voter: Client;
let membershipId: string;

beforeAll(async () => {
  server = await startTestServer({ seedDemo: true });
  facts = await demoFacts(server.db);
  const facilitator = await loggedIn(server.url, "facilitator");
  const token = await createInviteToken(facilitator, facts.id, { stakeholderGroupId: facts.groups[0]!.id });
  voter = await joinWithToken(server.url, token, "Ballot Record Voter");
  const user = await server.db.selectFrom("users").select("id").where("display_name", "=", "Ballot Record Voter").executeTakeFirstOrThrow();
  membershipId = (await server.db.selectFrom("memberships").select("id").where("user_id", "=", user.id).executeTakeFirstOrThrow()).id;
});
afterAll(async () => server.stop());

const voteUrl = () => `/d/${facts.id}/vote`;
const myVotes = () =>
  server.db.selectFrom("votes").select(["version_id", "choice", "confidence", "updated_at"]).where("membership_id", "=", membershipId).orderBy("version_id").execute();
const myVoteOn = async (versionId: string) => (await myVotes()).find((v) => v.version_id === versionId);

describe("a vote stores what the request carries, nothing else", () => {
  it("a vote without a confidence field is stored with confidence null, even right after a vote with one on the card before", async () => {
    const [first, second] = facts.ballot2;
    const a = await voter.post(voteUrl(), { versionId: first!.id, choice: "agree", confidence: "5", next: "2" });
    expect(a.status).toBe(302);
    expect(await myVoteOn(first!.id)).toMatchObject({ choice: "agree", confidence: 5 });

    // no confidence field at all (as a form whose select was removed would send)
    const b = await voter.post(voteUrl(), { versionId: second!.id, choice: "disagree", next: "3" });
    expect(b.status).toBe(302);
    expect(await myVoteOn(second!.id)).toMatchObject({ choice: "disagree", confidence: null });
    expect(await myVoteOn(first!.id)).toMatchObject({ choice: "agree", confidence: 5 });
  });

  it("an empty confidence (“Not stated”) is stored as null", async () => {
    const third = facts.ballot2[2]!;
    expect((await voter.post(voteUrl(), { versionId: third.id, choice: "pass", confidence: "" })).status).toBe(302);
    expect(await myVoteOn(third.id)).toMatchObject({ choice: "pass", confidence: null });
  });

  it("changing a vote without a confidence clears the earlier confidence instead of keeping it", async () => {
    const first = facts.ballot2[0]!;
    expect((await myVoteOn(first.id))?.confidence).toBe(5);
    expect((await voter.post(voteUrl(), { versionId: first.id, choice: "pass" })).status).toBe(302);
    expect(await myVoteOn(first.id)).toMatchObject({ choice: "pass", confidence: null });
  });
});

describe("a vote without a choice is refused and writes nothing", () => {
  async function refusedWithoutWrite(fields: Record<string, string>) {
    const countsBefore = await tableCounts(server.db);
    const votesBefore = await myVotes();
    const res = await voter.post(voteUrl(), fields);
    const html = await res.text();
    expect(res.status).toBe(400);
    // the field message, next to the choices
    expect(html).toMatch(/class="field-error" role="alert">Choose agree, disagree or pass\.</);
    expect(await tableCounts(server.db)).toEqual(countsBefore);
    expect(await myVotes()).toEqual(votesBefore);
  }

  it("no choice field on a card not voted yet → 400 with the field message, no vote stored", async () => {
    const fourth = facts.ballot2[3]!;
    await refusedWithoutWrite({ versionId: fourth.id, confidence: "4", next: "5" });
    expect(await myVoteOn(fourth.id)).toBeUndefined();
  });

  it("an empty choice → 400, no vote stored", async () => {
    const fifth = facts.ballot2[4]!;
    await refusedWithoutWrite({ versionId: fifth.id, choice: "", confidence: "" });
    expect(await myVoteOn(fifth.id)).toBeUndefined();
  });

  it("no choice on a card already voted → 400, the earlier vote stays exactly as it was", async () => {
    const second = facts.ballot2[1]!;
    const before = await myVoteOn(second.id);
    expect(before).toMatchObject({ choice: "disagree", confidence: null });
    await refusedWithoutWrite({ versionId: second.id, confidence: "3" });
    expect(await myVoteOn(second.id)).toEqual(before);
  });
});
