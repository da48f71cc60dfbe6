import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { COMMENTS_MAP, commentsDocName, type LiveComment } from "../../app/collab/document-names";
import { createProposal } from "../../app/deliberation/proposal-service.server";
import { openRound } from "../../app/deliberation/round-service.server";
import { createInviteToken, demoFacts, joinWithToken, loggedIn, setPhase } from "../helpers/demo";
import { makeDeliberation, proposalInput } from "../helpers/scenario";
import { Client, startTestServer } from "../helpers/test-server";

let server: Awaited<ReturnType<typeof startTestServer>>;
let facts: Awaited<ReturnType<typeof demoFacts>>;
let participant: Client;
let observer: Client;
let facilitator: Client;
/** an active proposal of the demo, written by someone else than the demo participant */
let pid = "";
let statement = "";
let otherProposalId = "";

beforeAll(async () => {
  server = await startTestServer({ seedDemo: true });
  facts = await demoFacts(server.db);
  await setPhase(server.db, facts.round2.id, "discussing");
  participant = await loggedIn(server.url, "participant");
  observer = await loggedIn(server.url, "observer");
  facilitator = await loggedIn(server.url, "facilitator");
  pid = facts.proposals.find((p) => p.status === "active" && p.author_membership_id !== facts.participant.id)!.id;
  statement = (await server.db.selectFrom("proposal_versions").select("statement").where("proposal_id", "=", pid).orderBy("version_number", "desc").executeTakeFirstOrThrow()).statement;
  // A proposal of another deliberation in the same database: out of reach of the demo's URLs.
  const d = await makeDeliberation(server.app, "Another assembly");
  const author = await d.join("Other Author");
  await openRound(await d.ctx(d.facilitatorId));
  otherProposalId = await createProposal(await d.ctx(author), proposalInput({ title: "A proposal of the other assembly" }));
});
afterAll(async () => server.stop());

const page = (id = pid) => `/d/${facts.id}/proposals/${id}`;
const commentCount = async () => Number((await server.db.selectFrom("comments").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow()).n);
const commentRow = (id: string) => server.db.selectFrom("comments").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
const commentIdFrom = (res: Response) => /#comment-([A-Za-z0-9_-]+)$/.exec(res.headers.get("location") ?? "")?.[1] ?? "";
const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
const html = async (c: Client, path: string) => {
  const res = await c.get(path);
  expect(res.status, path).toBe(200);
  return res.text();
};

/** A new participant of the demo, joined through an invitation (a clean rate-limit budget). */
let joined = 0;
async function newParticipant(name = `Comment Tester ${++joined}`): Promise<Client> {
  const token = await createInviteToken(facilitator, facts.id, { stakeholderGroupId: facts.groups[0]!.id });
  return joinWithToken(server.url, token, name, facts.groups[0]!.id);
}

async function post(c: Client, fields: Record<string, string>, proposalId = pid): Promise<Response> {
  return c.post(page(proposalId), { intent: "comment", stance: "supports", body: "A comment.", ...fields });
}

/** Post and expect the no-JavaScript success: a redirect back to the comment. Returns its id. */
async function posted(c: Client, fields: Record<string, string>): Promise<string> {
  const res = await post(c, fields);
  expect(res.status).toBe(302);
  const id = commentIdFrom(res);
  expect(id).not.toBe("");
  return id;
}

/** A refused request: its status, the sentence shown to the person, and no comment stored. */
async function refused(send: () => Promise<Response>, status: number, message: string): Promise<string> {
  const before = await commentCount();
  const res = await send();
  const body = await res.text();
  expect(res.status).toBe(status);
  expect(body).toMatch(new RegExp(`(class="field-error"[^>]*|role="alert")>[^<]*${escapeRe(message)}`));
  expect(await commentCount()).toBe(before);
  return body;
}

async function liveComment(proposalId: string, id: string): Promise<LiveComment | undefined> {
  const connection = await server.collab.hocuspocus.openDirectConnection(commentsDocName(proposalId), {});
  let found: LiveComment | undefined;
  await connection.transact((doc) => {
    found = doc.getMap<LiveComment>(COMMENTS_MAP).get(id);
  });
  await connection.disconnect();
  return found;
}

describe("posting a comment", () => {
  it("stores it with the signed-in member as author, trimmed, and shows it on the page and live", async () => {
    const res = await post(participant, { stance: "question", body: "  How is this measured in practice?  ", membershipId: facts.facilitator.id });
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toMatch(new RegExp(`^/d/${facts.id}/proposals/${pid}\\?done=comment#comment-`));
    const row = await commentRow(commentIdFrom(res));
    expect(row).toMatchObject({ membership_id: facts.participant.id, proposal_id: pid, deliberation_id: facts.id, stance: "question", body: "How is this measured in practice?", parent_id: null });
    const text = await html(observer, page());
    expect(text).toContain("How is this measured in practice?");
    expect(text).toContain(`id="comment-${row.id}"`);
    expect((await liveComment(pid, row.id))?.body).toBe("How is this measured in practice?");
  });

  it("a reply with a quoted passage nests under its comment; a reply to a reply joins the top comment's thread", async () => {
    const c = await newParticipant();
    const top = await posted(c, { stance: "opposes", body: "Too vague." });
    const anchor = statement.slice(0, 40).trim();
    const reply = await posted(facilitator, { stance: "evidence", body: "See the evaluation report.", parentId: top, anchor: `  ${anchor} ` });
    const replyToReply = await posted(c, { stance: "supports", body: "Thanks.", parentId: reply });
    expect(await commentRow(reply)).toMatchObject({ parent_id: top, anchor, membership_id: facts.facilitator.id });
    expect((await commentRow(replyToReply)).parent_id).toBe(top);
    const text = await html(participant, page());
    expect(text).toMatch(new RegExp(`id="comment-${top}"[\\s\\S]*class="comment-list replies"[\\s\\S]*id="comment-${reply}"[\\s\\S]*id="comment-${replyToReply}"`));
  });

  it("with js=1 (a fetcher) it answers 200 instead of redirecting", async () => {
    const c = await newParticipant();
    const before = await commentCount();
    const res = await post(c, { body: "Posted by a fetcher.", js: "1" });
    expect(res.status).toBe(200);
    expect(await commentCount()).toBe(before + 1);
  });
});

describe("refused comments store nothing", () => {
  it("an empty body → 400", async () => {
    await refused(() => post(participant, { body: "   " }), 400, "This field is required.");
  });

  it("a body of 2001 characters → 400", async () => {
    await refused(() => post(participant, { body: "x".repeat(2001) }), 400, "Keep this to 2000 characters or fewer.");
  });

  it("an unknown stance → 400", async () => {
    await refused(() => post(participant, { stance: "shouting" }), 400, "Choose one of the options.");
  });

  it("a quoted passage that is not in the current statement → 400 on the anchor field", async () => {
    await refused(() => post(participant, { anchor: "words that are nowhere in the statement" }), 400, "Quote words that appear in the current statement");
  });

  it("an unknown parent → 400", async () => {
    await refused(() => post(participant, { parentId: "no-such-comment" }), 400, "does not exist on this proposal");
  });

  it("a parent from another proposal → 400", async () => {
    const elsewhere = facts.proposals.find((p) => p.status === "active" && p.id !== pid)!.id;
    const res = await post(facilitator, { body: "On another proposal." }, elsewhere);
    expect(res.status).toBe(302);
    await refused(() => post(participant, { parentId: commentIdFrom(res) }), 400, "does not exist on this proposal");
  });

  it("a proposal of another deliberation, through this deliberation's URL → 404", async () => {
    await refused(() => post(participant, {}, otherProposalId), 404, "We could not find this proposal in this deliberation.");
  });

  it("outside the discussing phase → 409 naming the phase", async () => {
    await setPhase(server.db, facts.round2.id, "voting");
    try {
      await refused(() => post(participant, {}), 409, "this round is in its Voting phase");
    } finally {
      await setPhase(server.db, facts.round2.id, "discussing");
    }
  });

  it("an observer → 403", async () => {
    await refused(() => post(observer, {}), 403, "Observers can read this deliberation but cannot change anything.");
  });

  it("the 11th comment within a minute → 429", async () => {
    const c = await newParticipant();
    for (let i = 1; i <= 10; i++) await posted(c, { body: `Comment number ${i}.` });
    await refused(() => post(c, { body: "One too many." }), 429, "Wait a minute before posting again.");
  });
});

describe("editing and deleting one's own comment", () => {
  it("edits within the window: new words, marked edited, live", async () => {
    const c = await newParticipant();
    const id = await posted(c, { body: "First wording." });
    const res = await c.post(page(), { intent: "edit-comment", commentId: id, body: "Second wording." });
    expect(res.status).toBe(302);
    const row = await commentRow(id);
    expect(row.body).toBe("Second wording.");
    expect(row.edited_at).not.toBeNull();
    expect(await html(c, page())).toMatch(/Second wording\.[\s\S]*/);
    expect((await liveComment(pid, id))?.editedAt).toBe(row.edited_at);
  });

  it("refuses someone else's comment (403) and leaves it unchanged", async () => {
    const id = await posted(facilitator, { body: "The facilitator's words." });
    await refused(() => participant.post(page(), { intent: "edit-comment", commentId: id, body: "Forged." }), 403, "You can only change your own comments.");
    await refused(() => participant.post(page(), { intent: "delete-comment", commentId: id }), 403, "You can only change your own comments.");
    expect(await commentRow(id)).toMatchObject({ body: "The facilitator's words.", edited_at: null, deleted_at: null });
  });

  it("refuses after the 15-minute window (403)", async () => {
    const c = await newParticipant();
    const id = await posted(c, { body: "Old words." });
    await server.db.updateTable("comments").set({ created_at: new Date(Date.now() - 16 * 60_000).toISOString() }).where("id", "=", id).execute();
    await refused(() => c.post(page(), { intent: "edit-comment", commentId: id, body: "Too late." }), 403, "within 15 minutes of posting");
    await refused(() => c.post(page(), { intent: "delete-comment", commentId: id }), 403, "within 15 minutes of posting");
    expect(await commentRow(id)).toMatchObject({ body: "Old words.", deleted_at: null });
  });

  it("an empty edit → 400, the words unchanged", async () => {
    const c = await newParticipant();
    const id = await posted(c, { body: "Keep me." });
    await refused(() => c.post(page(), { intent: "edit-comment", commentId: id, body: "" }), 400, "This field is required.");
    expect((await commentRow(id)).body).toBe("Keep me.");
  });

  it("deletes within the window: the thread keeps its place, the words are gone", async () => {
    const c = await newParticipant();
    const id = await posted(c, { body: "Words to delete." });
    expect((await c.post(page(), { intent: "delete-comment", commentId: id })).status).toBe(302);
    expect((await commentRow(id)).deleted_at).not.toBeNull();
    const text = await html(observer, page());
    expect(text).not.toContain("Words to delete.");
    expect(text).toMatch(new RegExp(`id="comment-${id}"[\\s\\S]*?Deleted by its author`));
    expect(await liveComment(pid, id)).toMatchObject({ deleted: true, body: "" });
  });
});

describe("moderation", () => {
  it("a facilitator hides a comment with a reason and restores it; both live", async () => {
    const c = await newParticipant();
    const id = await posted(c, { body: "An off-topic remark." });
    await refused(() => facilitator.post(page(), { intent: "hide-comment", commentId: id, reason: "" }), 400, "This field is required.");
    await refused(() => facilitator.post(page(), { intent: "hide-comment", commentId: id, reason: "r".repeat(501) }), 400, "Keep this to 500 characters or fewer.");
    await refused(() => participant.post(page(), { intent: "hide-comment", commentId: id, reason: "Mine now." }), 403, "Only the facilitators of this deliberation can do this.");
    expect((await commentRow(id)).hidden_at).toBeNull();

    expect((await facilitator.post(page(), { intent: "hide-comment", commentId: id, reason: "Off topic for this red line." })).status).toBe(302);
    expect(await commentRow(id)).toMatchObject({ hidden_reason: "Off topic for this red line.", hidden_by: facts.facilitator.id });
    let text = await html(participant, page());
    expect(text).toContain("Hidden by the facilitator: Off topic for this red line.");
    expect(text).not.toContain("An off-topic remark.");
    expect(await liveComment(pid, id)).toMatchObject({ hidden: true, body: "", hiddenReason: "Off topic for this red line." });
    // the author cannot edit a hidden comment back into view
    await refused(() => c.post(page(), { intent: "edit-comment", commentId: id, body: "Sneaky." }), 409, "hidden by the facilitator");

    expect((await facilitator.post(page(), { intent: "restore-comment", commentId: id })).status).toBe(302);
    expect(await commentRow(id)).toMatchObject({ hidden_at: null, hidden_reason: null, hidden_by: null });
    text = await html(participant, page());
    expect(text).toContain("An off-topic remark.");
    expect(await liveComment(pid, id)).toMatchObject({ hidden: false, body: "An off-topic remark." });
  });

  it("moderation works outside the discussing phase too", async () => {
    const c = await newParticipant();
    const id = await posted(c, { body: "Hidden during voting." });
    await setPhase(server.db, facts.round2.id, "voting");
    try {
      expect((await facilitator.post(page(), { intent: "hide-comment", commentId: id, reason: "Spam." })).status).toBe(302);
    } finally {
      await setPhase(server.db, facts.round2.id, "discussing");
    }
    expect((await commentRow(id)).hidden_at).not.toBeNull();
  });
});

describe("attribution", () => {
  const setMode = (mode: "named" | "chatham_house" | "anonymous") => server.db.updateTable("deliberations").set({ attribution_mode: mode }).where("id", "=", facts.id).execute();

  it("under Chatham House the author is a pseudonym with a group; no display name reaches the page", async () => {
    const name = "Zelda Quillfeather";
    const c = await newParticipant(name);
    await posted(c, { body: "A comment by Zelda." });
    const who = await server.db
      .selectFrom("memberships as m")
      .innerJoin("users as u", "u.id", "m.user_id")
      .select(["m.pseudonym"])
      .where("u.display_name", "=", name)
      .executeTakeFirstOrThrow();
    const names = (await server.db.selectFrom("users").select("display_name").execute()).map((u) => u.display_name);
    const text = await html(observer, page());
    expect(text).toContain(`<span class="comment-author">${who.pseudonym} (${facts.groups[0]!.name})</span>`);
    const observerName = (await server.db.selectFrom("users").select("display_name").where("email", "=", "observer@accord.example").executeTakeFirstOrThrow()).display_name;
    for (const n of names) if (n !== observerName) expect(text, n).not.toContain(n);
  });

  it("anonymous mode: no pseudonym; named mode: the name", async () => {
    const name = "Yusuf Brightwater";
    const c = await newParticipant(name);
    await posted(c, { body: "A comment by Yusuf." });
    try {
      await setMode("anonymous");
      const anonymous = await html(observer, page());
      expect(anonymous).toContain("A comment by Yusuf.");
      expect(anonymous).not.toMatch(/class="comment-author"/);
      expect(anonymous.match(/Delegate \d+/g)).toBeNull();
      await setMode("named");
      expect(await html(observer, page())).toContain(`<span class="comment-author">${name} (`);
    } finally {
      await setMode("chatham_house");
    }
  });
});

describe("unread counts and most debated", () => {
  it("counts comments by others since the last visit, on the page and on the overview", async () => {
    const target = facts.proposals.filter((p) => p.status === "active" && p.id !== pid).at(-1)!.id;
    await html(observer, page(target)); // a visit
    const c = await newParticipant();
    await c.post(page(target), { intent: "comment", stance: "supports", body: "New since the visit." });
    await c.post(page(target), { intent: "comment", stance: "opposes", body: "Also new." });
    const overview = await html(observer, `/d/${facts.id}`);
    expect(overview).toMatch(new RegExp(`/d/${facts.id}/proposals/${target}#discussion"[^>]*>2 new comments<`));
    expect(await html(observer, page(target))).toContain("2 new comments since your last visit");
    // seen now
    expect(await html(observer, page(target))).not.toContain("since your last visit");
    expect(await html(observer, `/d/${facts.id}`)).not.toMatch(new RegExp(`/d/${facts.id}/proposals/${target}#discussion"`));
    // one's own comments are never "new"
    expect(await html(c, page(target))).not.toContain("new comment");
  });

  it("the results page lists the most debated proposals with stance counts", async () => {
    const text = await html(participant, `/d/${facts.id}/results`);
    expect(text).toContain("Most debated");
    const [top] = await server.db
      .selectFrom("comments")
      .select(["proposal_id", (eb) => eb.fn.countAll<number>().as("n")])
      .where("deleted_at", "is", null)
      .where("hidden_at", "is", null)
      .where("deliberation_id", "=", facts.id)
      .groupBy("proposal_id")
      .orderBy("n", "desc")
      .execute();
    expect(text).toMatch(new RegExp(`proposals/${top!.proposal_id}#discussion">[^<]+</a></th><td>${Number(top!.n)}</td>`));
  });
});
