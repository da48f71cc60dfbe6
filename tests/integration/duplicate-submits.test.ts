import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type * as Y from "yjs";
import { COMMENTS_PER_MINUTE } from "../../app/collab/comment-schemas";
import { COMMENTS_MAP, commentsDocName, type LiveComment } from "../../app/collab/document-names";
import { en } from "../../app/i18n/en";
import { createInviteToken, demoFacts, joinWithToken, loggedIn, setPhase } from "../helpers/demo";
import { proposalForm } from "../helpers/forms";
import { Client, startTestServer } from "../helpers/test-server";

/**
 * Issue 9, finding 11: the same form sent twice (double click, retry, two requests at once) stores
 * one comment or proposal; the repeat gets the first one's answer. Ids are scoped to the member.
 */

let server: Awaited<ReturnType<typeof startTestServer>>;
let facts: Awaited<ReturnType<typeof demoFacts>>;
let facilitator: Client;
/** an active proposal of the demo to comment on */
let pid = "";

beforeAll(async () => {
  server = await startTestServer({ seedDemo: true });
  facts = await demoFacts(server.db);
  await setPhase(server.db, facts.round2.id, "discussing");
  facilitator = await loggedIn(server.url, "facilitator");
  pid = facts.proposals.find((p) => p.status === "active")!.id;
});
afterAll(async () => server.stop());

const sid = () => randomBytes(16).toString("base64url");
const page = (id = pid) => `/d/${facts.id}/proposals/${id}`;
const commentIdFrom = (res: Response) => /#comment-([A-Za-z0-9_-]+)$/.exec(res.headers.get("location") ?? "")?.[1] ?? "";
const hiddenSubmissionId = (html: string) => /name="submissionId" value="([A-Za-z0-9_-]+)"/.exec(html)?.[1];

let joined = 0;
/** A new participant of the demo (own membership, clean rate-limit budget). */
async function newParticipant(): Promise<Client> {
  const token = await createInviteToken(facilitator, facts.id, { stakeholderGroupId: facts.groups[0]!.id });
  return joinWithToken(server.url, token, `Double Submitter ${++joined}`, facts.groups[0]!.id);
}

async function commentsWithBody(body: string) {
  return server.db.selectFrom("comments").select(["id", "membership_id", "parent_id", "body"]).where("body", "=", body).execute();
}

function comment(c: Client, fields: Record<string, string>) {
  return c.post(page(), { intent: "comment", stance: "supports", body: "A comment.", ...fields });
}

/** The request a fetcher sends (Remix single fetch: the route's `.data` URL, js=1 added once hydrated). */
function fetcherComment(c: Client, fields: Record<string, string>) {
  return c.post(`${page()}.data`, { intent: "comment", stance: "supports", body: "A comment.", js: "1", ...fields });
}

/**
 * The action's answer from a single-fetch response: a flat turbo-stream array where objects are
 * `{"_<key index>": <value index>}` (enough for the discussion action's plain answers).
 */
async function fetcherAnswer(res: Response): Promise<Record<string, unknown>> {
  const flat = JSON.parse((await res.text()).split("\n")[0]!) as unknown[];
  const at = (i: number): unknown => {
    const v = flat[i];
    if (Array.isArray(v)) return v.map(at);
    if (v && typeof v === "object") return Object.fromEntries(Object.entries(v).map(([k, x]) => [flat[Number(k.slice(1))] as string, at(x as number)]));
    return v;
  };
  return (at(0) as { data: Record<string, unknown> }).data;
}

/** Every change the live comments document of `pid` receives while `run` runs, by comment id. */
async function liveChanges(run: () => Promise<void>): Promise<Map<string, number>> {
  const connection = await server.collab.hocuspocus.openDirectConnection(commentsDocName(pid), {});
  const map = (connection.document as unknown as Y.Doc).getMap<LiveComment>(COMMENTS_MAP);
  const changes = new Map<string, number>();
  const observer = (event: Y.YMapEvent<LiveComment>) => {
    for (const key of event.keysChanged) changes.set(key, (changes.get(key) ?? 0) + 1);
  };
  map.observe(observer);
  try {
    await run();
  } finally {
    map.unobserve(observer);
    await connection.disconnect();
  }
  return changes;
}

describe("the comment form carries a submission id", () => {
  it("rendered into the page (works without JavaScript), a fresh one on every render", async () => {
    const c = await newParticipant();
    const first = hiddenSubmissionId(await (await c.get(page())).text());
    const second = hiddenSubmissionId(await (await c.get(page())).text());
    expect(first).toMatch(/^[A-Za-z0-9_-]{16,64}$/);
    expect(second).toMatch(/^[A-Za-z0-9_-]{16,64}$/);
    expect(second).not.toBe(first);
  });

  it("the id from the page, sent twice without JavaScript, stores one comment and both answers redirect to it", async () => {
    const c = await newParticipant();
    const id = hiddenSubmissionId(await (await c.get(page())).text())!;
    const body = "Sent twice from the rendered form.";
    const a = await comment(c, { body, submissionId: id });
    const b = await comment(c, { body, submissionId: id });
    expect([a.status, b.status]).toEqual([302, 302]);
    expect(b.headers.get("location")).toBe(a.headers.get("location"));
    const rows = await commentsWithBody(body);
    expect(rows.map((r) => r.id)).toEqual([commentIdFrom(a)]);
  });
});

describe("a repeated comment submission", () => {
  it("sent as a fetcher (js=1) twice: one comment, the same answer, and each answer brings a new id for the next comment", async () => {
    const c = await newParticipant();
    const id = sid();
    const body = "Sent twice by a fetcher.";
    const a = await fetcherComment(c, { body, submissionId: id });
    const b = await fetcherComment(c, { body, submissionId: id });
    expect([a.status, b.status]).toEqual([200, 200]);
    const [ja, jb] = [await fetcherAnswer(a), await fetcherAnswer(b)];
    expect(ja).toMatchObject({ ok: true, intent: "comment" });
    expect(jb.commentId).toBe(ja.commentId);
    expect(await commentsWithBody(body)).toHaveLength(1);
    for (const next of [ja.submissionId, jb.submissionId]) expect(next).toMatch(/^[A-Za-z0-9_-]{16,64}$/);
    expect(new Set([id, ja.submissionId, jb.submissionId]).size).toBe(3);
    // the next comment with the id the answer brought is stored
    const c2 = await fetcherComment(c, { body: "The next comment.", submissionId: ja.submissionId as string });
    expect(c2.status).toBe(200);
    expect(await commentsWithBody("The next comment.")).toHaveLength(1);
  });

  it("sent 6 times at once: one comment, every answer redirects to it, and the live document receives it once", async () => {
    const c = await newParticipant();
    const id = sid();
    const body = "Six requests at the same moment.";
    let responses: Response[] = [];
    const changes = await liveChanges(async () => {
      responses = await Promise.all(Array.from({ length: 6 }, () => comment(c, { body, submissionId: id })));
    });
    expect(responses.map((r) => r.status)).toEqual(Array(6).fill(302));
    const rows = await commentsWithBody(body);
    expect(rows).toHaveLength(1);
    expect(new Set(responses.map((r) => r.headers.get("location")))).toEqual(new Set([responses[0]!.headers.get("location")]));
    expect(commentIdFrom(responses[0]!)).toBe(rows[0]!.id);
    expect(Object.fromEntries(changes)).toEqual({ [rows[0]!.id]: 1 });
  });

  it("a reply sent twice at once (no JavaScript and a fetcher): one reply under its comment", async () => {
    const c = await newParticipant();
    const top = commentIdFrom(await comment(facilitator, { body: "A comment to reply to.", submissionId: sid() }));
    const id = sid();
    const body = "A reply sent twice at once.";
    const [a, b] = await Promise.all([comment(c, { body, parentId: top, submissionId: id }), fetcherComment(c, { body, parentId: top, submissionId: id })]);
    expect([a.status, b.status]).toEqual([302, 200]);
    const rows = await commentsWithBody(body);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.parent_id).toBe(top);
    expect((await fetcherAnswer(b)).commentId).toBe(commentIdFrom(a));
  });

  it("two different ids store two comments, even with the same words; a repeat of either stores nothing", async () => {
    const c = await newParticipant();
    const body = "The same words, two separate submissions.";
    const [one, two] = [sid(), sid()];
    const [a, b, again] = await Promise.all([comment(c, { body, submissionId: one }), comment(c, { body, submissionId: two }), comment(c, { body, submissionId: one })]);
    expect([a.status, b.status, again.status]).toEqual([302, 302, 302]);
    expect(commentIdFrom(a)).not.toBe(commentIdFrom(b));
    expect(commentIdFrom(again)).toBe(commentIdFrom(a));
    expect(await commentsWithBody(body)).toHaveLength(2);
  });

  it("another member sending the same id gets their own comment; the first member's stays as it was", async () => {
    const [alice, bob] = [await newParticipant(), await newParticipant()];
    const id = sid();
    const a = await comment(alice, { body: "Alice's words.", submissionId: id });
    const [b1, b2] = await Promise.all([comment(bob, { body: "Bob's words.", submissionId: id }), comment(bob, { body: "Bob's words.", submissionId: id })]);
    expect([a.status, b1.status, b2.status]).toEqual([302, 302, 302]);
    expect(commentIdFrom(b1)).not.toBe(commentIdFrom(a));
    expect(commentIdFrom(b2)).toBe(commentIdFrom(b1));
    const [aliceRows, bobRows] = [await commentsWithBody("Alice's words."), await commentsWithBody("Bob's words.")];
    expect(aliceRows.map((r) => r.id)).toEqual([commentIdFrom(a)]);
    expect(bobRows.map((r) => r.id)).toEqual([commentIdFrom(b1)]);
    expect(bobRows[0]!.membership_id).not.toBe(aliceRows[0]!.membership_id);
  });

  it("with other words under the same id (a form restored from history): 400 with a sentence, nothing stored, the first kept", async () => {
    const c = await newParticipant();
    const id = sid();
    const first = await comment(c, { body: "The words first sent.", submissionId: id });
    expect(first.status).toBe(302);
    const res = await comment(c, { body: "Other words under the same id.", submissionId: id });
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain(en.validation.alreadySent.slice(0, 40));
    expect(html).toContain("Other words under the same id."); // what the person typed is kept
    expect(hiddenSubmissionId(html)).not.toBe(id); // and the form comes back with a fresh id
    expect(await commentsWithBody("Other words under the same id.")).toHaveLength(0);
    expect(await commentsWithBody("The words first sent.")).toHaveLength(1);
  });

  it("the repeat of the last comment allowed in a minute answers as the first, not with 429", async () => {
    const c = await newParticipant();
    const last = sid();
    for (let i = 1; i < COMMENTS_PER_MINUTE; i++) expect((await comment(c, { body: `Budget comment ${i}.`, submissionId: sid() })).status).toBe(302);
    const a = await comment(c, { body: "The last one allowed.", submissionId: last });
    const b = await comment(c, { body: "The last one allowed.", submissionId: last });
    expect([a.status, b.status]).toEqual([302, 302]);
    expect(b.headers.get("location")).toBe(a.headers.get("location"));
    expect((await comment(c, { body: "One too many.", submissionId: sid() })).status).toBe(429);
  });

  it("without an id (older clients, scripts) it is accepted and not deduplicated; a malformed id is refused with a sentence", async () => {
    const c = await newParticipant();
    const body = "Posted by a script without an id.";
    expect((await comment(c, { body })).status).toBe(302);
    expect((await comment(c, { body })).status).toBe(302);
    expect(await commentsWithBody(body)).toHaveLength(2);
    for (const bad of ["short", "x".repeat(65), "has spaces in it and more", "<script>alert(1)</script>xx"]) {
      const res = await comment(c, { body: "With a malformed id.", submissionId: bad });
      expect(res.status, bad).toBe(400);
      expect(await res.text()).toContain(en.validation.submissionId);
    }
    expect(await commentsWithBody("With a malformed id.")).toHaveLength(0);
  });
});

describe("a repeated proposal submission", () => {
  let author: Client;
  const newPage = () => `/d/${facts.id}/proposals/new`;
  const propose = (c: Client, fields: Record<string, string>) => c.post(newPage(), proposalForm(fields));
  const proposalsTitled = (title: string) =>
    server.db
      .selectFrom("proposals as p")
      .innerJoin("proposal_versions as v", "v.proposal_id", "p.id")
      .select(["p.id", "p.author_membership_id"])
      .where("v.title", "=", title)
      .execute();
  const proposalIdFrom = (res: Response) => /\/proposals\/([A-Za-z0-9_-]+)\?saved=1$/.exec(res.headers.get("location") ?? "")?.[1] ?? "";

  beforeAll(async () => {
    await setPhase(server.db, facts.round2.id, "proposing");
    author = await newParticipant();
  });
  afterAll(async () => setPhase(server.db, facts.round2.id, "discussing"));

  it("the new-proposal page carries a fresh id; sent twice, one proposal and the same redirect", async () => {
    const html = await (await author.get(newPage())).text();
    const id = hiddenSubmissionId(html)!;
    expect(id).toMatch(/^[A-Za-z0-9_-]{16,64}$/);
    expect(hiddenSubmissionId(await (await author.get(newPage())).text())).not.toBe(id);
    const title = "Sent twice in a row";
    const a = await propose(author, { title, submissionId: id });
    const b = await propose(author, { title, submissionId: id });
    expect([a.status, b.status]).toEqual([302, 302]);
    expect(b.headers.get("location")).toBe(a.headers.get("location"));
    expect((await proposalsTitled(title)).map((p) => p.id)).toEqual([proposalIdFrom(a)]);
  });

  it("sent 5 times at once: one proposal with one version, every answer redirects to it", async () => {
    const id = sid();
    const title = "Five requests at the same moment";
    const responses = await Promise.all(Array.from({ length: 5 }, () => propose(author, { title, submissionId: id })));
    expect(responses.map((r) => r.status)).toEqual(Array(5).fill(302));
    const rows = await proposalsTitled(title);
    expect(rows).toHaveLength(1);
    expect(new Set(responses.map(proposalIdFrom))).toEqual(new Set([rows[0]!.id]));
  });

  it("two different ids with other words store two proposals; a repeat of either stores nothing", async () => {
    const [one, two] = [sid(), sid()];
    const [a, b, again] = await Promise.all([
      propose(author, { title: "Other words, first submission", submissionId: one }),
      propose(author, { title: "Other words, second submission", submissionId: two }),
      propose(author, { title: "Other words, second submission", submissionId: two }),
    ]);
    expect([a.status, b.status, again.status]).toEqual([302, 302, 302]);
    expect(proposalIdFrom(again)).toBe(proposalIdFrom(b));
    expect(await proposalsTitled("Other words, first submission")).toHaveLength(1);
    expect(await proposalsTitled("Other words, second submission")).toHaveLength(1);
  });

  it("sent, then back and sent again (the page's fresh id, the same words): one proposal, and the page says it was already saved", async () => {
    const title = "Sent again after going back";
    const first = await propose(author, { title, submissionId: hiddenSubmissionId(await (await author.get(newPage())).text())! });
    expect(first.status).toBe(302);
    // the back button reloads the form: a new id, the browser refills the same words
    const again = await propose(author, { title, submissionId: hiddenSubmissionId(await (await author.get(newPage())).text())! });
    expect(again.status).toBe(302);
    const location = again.headers.get("location")!;
    expect(location).toBe(`/d/${facts.id}/proposals/${proposalIdFrom(first)}?saved=again`);
    expect((await proposalsTitled(title)).map((p) => p.id)).toEqual([proposalIdFrom(first)]);
    const page = await (await author.get(location)).text();
    expect(page).toContain(en.proposal.savedAlready.slice(0, 40));

    // another member with the same words is not a repeat: their own proposal
    const other = await newParticipant();
    expect((await propose(other, { title, submissionId: sid() })).status).toBe(302);
    expect(await proposalsTitled(title)).toHaveLength(2);
  });

  it("another member sending the same id (twice) gets their own proposal; the first member's is untouched", async () => {
    const other = await newParticipant();
    const id = sid();
    const mine = await propose(author, { title: "The author's proposal", submissionId: id });
    const [theirs, theirsAgain] = await Promise.all([propose(other, { title: "Someone else's proposal", submissionId: id }), propose(other, { title: "Someone else's proposal", submissionId: id })]);
    expect([mine.status, theirs.status, theirsAgain.status]).toEqual([302, 302, 302]);
    expect(proposalIdFrom(theirs)).not.toBe(proposalIdFrom(mine));
    expect(proposalIdFrom(theirsAgain)).toBe(proposalIdFrom(theirs));
    expect((await proposalsTitled("The author's proposal")).map((p) => p.id)).toEqual([proposalIdFrom(mine)]);
    expect((await proposalsTitled("Someone else's proposal")).map((p) => p.id)).toEqual([proposalIdFrom(theirs)]);
  });

  it("with other words under the same id: 400 with a sentence, what was typed kept, nothing stored", async () => {
    const id = sid();
    expect((await propose(author, { title: "The proposal first sent", submissionId: id })).status).toBe(302);
    const res = await propose(author, { title: "Another proposal, same id", submissionId: id });
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain(en.validation.alreadySent.slice(0, 40));
    expect(html).toContain("Another proposal, same id");
    expect(hiddenSubmissionId(html)).not.toBe(id);
    expect(await proposalsTitled("Another proposal, same id")).toHaveLength(0);
    expect(await proposalsTitled("The proposal first sent")).toHaveLength(1);
  });

  it("a malformed id is refused with a sentence; no id is accepted and not deduplicated", async () => {
    const res = await propose(author, { title: "With a malformed id", submissionId: "../../etc" });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain(en.validation.submissionId);
    expect(await proposalsTitled("With a malformed id")).toHaveLength(0);
    for (let i = 0; i < 2; i++) expect((await propose(author, { title: "Posted by a script" })).status).toBe(302);
    expect(await proposalsTitled("Posted by a script")).toHaveLength(2);
  });
});
