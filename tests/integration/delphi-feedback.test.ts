import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deleteComment, hideComment, postComment } from "../../app/collab/comment-service.server";
import { createProposal, saveProposalText } from "../../app/deliberation/proposal-service.server";
import { advancePhase, openRound } from "../../app/deliberation/round-service.server";
import { castVote, getBallot } from "../../app/deliberation/vote-service.server";
import { removeMember } from "../../app/deliberation/member-service.server";
import type { AttributionMode } from "../../app/deliberation/attribution";
import { buildConsensusView } from "../../app/results/consensus-view.server";
import { loadDelphiFeedback, type DelphiFeedback } from "../../app/results/delphi-feedback.server";
import { computeRoundConsensus, protectedBars } from "../../app/results/round-consensus";
import { loadLiveSource, findSnapshot } from "../../app/results/results-source.server";
import { recomputeRound } from "../../app/results/round-results.server";
import type { AppContext } from "../../app/context/app-context.server";
import { memberContext } from "../helpers/context";
import { clientFor } from "../helpers/round-scenario";
import { makeDeliberation, proposalInput } from "../helpers/scenario";
import { startTestServer } from "../helpers/test-server";

/**
 * Delphi feedback on the round-2 ballot: the numbers of round 1 as its snapshot gives them (k applied
 * as on the results page), the member's own round-1 vote, what changed in the text, and the strongest
 * arguments of the round-1 discussion — unattributed, hidden and deleted ones left out.
 */
const K = 5;
const STATEMENT_B1 = "AI systems must not acquire resources beyond those granted for their task.";
const STATEMENT_B2 = "AI systems must never acquire compute or money beyond those granted for their assigned task.";
const tick = () => new Promise((r) => setTimeout(r, 3));

async function delphiScenario(app: AppContext, title: string, attributionMode: AttributionMode, duringRound1Voting?: (s: { id: string; people: { userId: string }[] }) => Promise<void>) {
  const d = await makeDeliberation(app, title, {
    attributionMode,
    groups: [
      { id: null, name: "Government", targetShare: 0.25 },
      { id: null, name: "Citizens", targetShare: 0.25 },
      { id: null, name: "Academia", targetShare: 0.25 },
      { id: null, name: "Industry", targetShare: 0.25 },
    ],
  });
  const sizes = [6, 6, 5, 2]; // Industry is under k = 5
  const people: { userId: string; group: number; name: string }[] = [];
  for (const [g, n] of sizes.entries()) {
    for (let i = 0; i < n; i++) {
      const name = `Quillon Vantablack ${title} ${g}-${i}`;
      people.push({ userId: await d.join(name, { group: g }), group: g, name });
    }
  }
  const fac = () => d.ctx(d.facilitatorId);
  const as = (i: number) => d.ctx(people[i % people.length]!.userId);
  await openRound(await fac());
  const a = await createProposal(await as(0), proposalInput({ title: "Unchanged line", statement: "AI systems must not copy themselves without explicit human approval." }));
  const b = await createProposal(await as(1), proposalInput({ title: "Revised line", statement: STATEMENT_B1 }));
  await advancePhase(await fac(), "proposing");

  let who = 0;
  const post = async (proposalId: string, stance: string, body: string, parentId = "") => {
    await tick();
    return (await postComment(await as(who++), proposalId, { stance, body, anchor: "", parentId })).id;
  };
  const replies = async (parentId: string, n: number) => {
    const ids: string[] = [];
    for (let i = 0; i < n; i++) ids.push(await post(a, "question", `A reply ${i} to a thread`, parentId));
    return ids;
  };
  await post(a, "supports", "Earliest support, no replies.");
  const s2 = await post(a, "supports", "Support with one reply, posted earlier.");
  const s3 = await post(a, "supports", "Support with two replies.");
  const s4 = await post(a, "supports", "Support with one visible reply, posted later.");
  const s5 = await post(a, "supports", "Support with three replies that a facilitator hid.");
  const o1Author = who;
  const o1 = await post(a, "opposes", "Opposition its author deleted.");
  await post(a, "opposes", "Opposition, the only one left.");
  await replies(s2, 1);
  await replies(s3, 2);
  const [, hiddenReply] = await replies(s4, 2);
  await replies(s5, 3);
  await replies(o1, 2);
  await hideComment(await fac(), s5, "Off topic");
  await hideComment(await fac(), hiddenReply!, "Off topic");
  await deleteComment(await as(o1Author), o1);
  await post(b, "opposes", "On the revised line: too vague about resources.");

  await advancePhase(await fac(), "discussing");
  const ballot1 = (await getBallot(await as(0))).items;
  // the last Industry member and two Citizens do not vote on the unchanged line: Citizens then have
  // fewer than k votes on it although the group has k members (the per-statement bars must merge them)
  const abstainer = people.length - 1;
  const abstainers = new Set([abstainer, 7, 8]);
  for (const [i, p] of people.entries()) {
    const ctx = await d.ctx(p.userId);
    for (const v of ballot1) {
      // by title: each participant's ballot comes in their own order
      const unchanged = v.title === "Unchanged line";
      if (unchanged && abstainers.has(i)) continue;
      const choice = unchanged ? (p.group === 3 ? "disagree" : i % 4 === 0 ? "pass" : "agree") : p.group === 0 || p.group === 2 ? "agree" : "disagree";
      await castVote(ctx, { versionId: v.versionId, choice, confidence: (i % 5) + 1 });
    }
  }
  await duringRound1Voting?.({ id: d.id, people });
  await advancePhase(await fac(), "voting");
  await app.scheduler.flush();
  const round1 = await app.db.selectFrom("rounds").selectAll().where("deliberation_id", "=", d.id).where("number", "=", 1).executeTakeFirstOrThrow();

  // after the close: someone leaves (live data of round 1 now differs from its snapshot)
  const leaver = (await d.ctx(people[6]!.userId)).membership.id;
  await removeMember(await fac(), leaver);

  await openRound(await fac());
  await saveProposalText(await fac(), b, proposalInput({ title: "Revised line", statement: STATEMENT_B2 }));
  const c = await createProposal(await as(2), proposalInput({ title: "New line", statement: "AI systems must not deceive their overseers about their capabilities." }));
  await advancePhase(await fac(), "proposing");
  await advancePhase(await fac(), "discussing");
  await app.scheduler.flush();
  return { ...d, people, proposals: { a, b, c }, round1, abstainer };
}

let server: Awaited<ReturnType<typeof startTestServer>>;
let s: Awaited<ReturnType<typeof delphiScenario>>;
let round1Feedback: DelphiFeedback | null | undefined;
let round1Html = "";

beforeAll(async () => {
  server = await startTestServer();
  s = await delphiScenario(server.app, "Delphi", "chatham_house", async (d) => {
    const ctx = await memberContext(server.app, d.id, d.people[0]!.userId);
    round1Feedback = await loadDelphiFeedback(ctx, (await getBallot(ctx)).items);
    const client = await clientFor(server.app, server.url, d.people[0]!.userId);
    round1Html = await (await client.get(`/d/${d.id}/vote?card=1`)).text();
  });
}, 240_000);
afterAll(async () => server?.stop());

async function feedbackFor(userIndex: number) {
  const ctx = await s.ctx(s.people[userIndex]!.userId);
  const items = (await getBallot(ctx)).items;
  const f = await loadDelphiFeedback(ctx, items);
  if (f?.status !== "ready") throw new Error(`feedback not ready: ${JSON.stringify(f)}`);
  const byTitle = (title: string) => {
    const item = items.find((i) => i.title === title)!;
    return { item, feedback: f.byVersion[item.versionId] };
  };
  return { ctx, f, byTitle };
}

/** The ballot page's card with this title, over HTTP as this member (whatever the card order). */
async function cardHtml(userIndex: number, title: string): Promise<string> {
  const client = await clientFor(server.app, server.url, s.people[userIndex]!.userId);
  for (let n = 1; n <= 3; n++) {
    const res = await client.get(`/d/${s.id}/vote?card=${n}`);
    expect(res.status).toBe(200);
    const html = await res.text();
    if (html.includes(`>${title}</h3>`)) return html;
  }
  throw new Error(`no card titled ${title}`);
}

function delphiSection(html: string): string {
  const start = html.indexOf('data-testid="delphi-feedback"');
  expect(start, "the card shows Delphi feedback").toBeGreaterThan(-1);
  return html.slice(start, html.indexOf("</section>", start));
}

describe("Delphi feedback on the round-2 ballot", () => {
  it("round 1 shows no feedback", () => {
    expect(round1Feedback).toBeNull();
    expect(round1Html).toContain('id="card-title"');
    expect(round1Html).not.toContain('data-testid="delphi-feedback"');
  });

  it("the numbers equal the closed round's snapshot results, not its live data", async () => {
    const frozen = await findSnapshot(server.db, s.round1.id);
    const expected = computeRoundConsensus(frozen!.snapshot, "now", "snapshot").payload;
    const live = computeRoundConsensus((await loadLiveSource(server.db, s.id, s.round1.id))!, "now", "live").payload;
    const { byTitle } = await feedbackFor(0);
    for (const title of ["Unchanged line", "Revised line"]) {
      const st = expected.statements.find((x) => x.title === title)!;
      const { feedback } = byTitle(title);
      expect(feedback, title).toBeDefined();
      expect(feedback!.overall).toEqual({ agree: st.overall.agree, disagree: st.overall.disagree, pass: st.overall.pass, n: st.overall.n, agreeRate: st.overall.agreeRate, interval: st.overall.interval });
      expect(feedback!.classification).toBe(st.classification);
      expect(feedback!.reason).toEqual(st.reason);
      expect(feedback!.groups).toEqual(protectedBars(st.groups, st.overall, expected.minGroupSize));
      expect(feedback!.versionNumber).toBe(st.versionNumber);
      // the member removed after the close still counts in round 1: live data would say otherwise
      expect(feedback!.overall.n).not.toBe(live.statements.find((x) => x.title === title)!.overall.n);
    }
    const page = delphiSection(await cardHtml(0, "Unchanged line"));
    const st = expected.statements.find((x) => x.title === "Unchanged line")!;
    expect(page).toContain(`${Math.round(st.overall.agreeRate! * 100)}\u00a0% agreed`);
    expect(page).toContain(`${st.overall.n} votes`);
  });

  it("groups under k are suppressed exactly as the results page shows them to the participant", async () => {
    const { ctx, byTitle } = await feedbackFor(0);
    const view = await buildConsensusView(ctx, { id: s.round1.id, number: 1 }, [{ id: s.round1.id, number: 1 }], null);
    if (view.status !== "ready") throw new Error("results not ready");
    for (const title of ["Unchanged line", "Revised line"]) {
      const { feedback } = byTitle(title);
      const versionId = view.board.find((b) => b.title === title)!.versionId;
      const onResultsPage = view.byVersion[versionId]!.bars;
      expect(feedback!.groups.map((g) => ({ name: g.name, rate: g.agreeRate, low: g.interval?.low ?? null, high: g.interval?.high ?? null, n: g.n }))).toEqual(onResultsPage);
      const names = feedback!.groups.map((g) => g.name);
      expect(names).not.toContain("Industry");
      for (const g of feedback!.groups) expect(g.n, `${title}: ${g.name}`).toBeGreaterThanOrEqual(K);
      const rest = feedback!.overall.n - feedback!.groups.reduce((a, g) => a + g.n, 0);
      expect(rest === 0 || rest >= K).toBe(true);
    }
    expect(byTitle("Unchanged line").feedback!.groups.map((g) => g.name)).not.toContain("Citizens");
    expect(byTitle("Revised line").feedback!.groups.map((g) => g.name)).toContain("Citizens");
    const page = delphiSection(await cardHtml(0, "Unchanged line"));
    expect(page).toContain("Other (groups under k)");
    expect(page).not.toContain("Industry");
    const groupList = page.slice(page.indexOf('data-testid="delphi-groups"'), page.indexOf("</ul>", page.indexOf('data-testid="delphi-groups"')));
    expect(groupList).toContain("Other (groups under k)");
    expect(groupList).not.toContain("Citizens");
  });

  it("shows a participant their own previous vote, or that they did not vote", async () => {
    const { byTitle } = await feedbackFor(0);
    expect(byTitle("Unchanged line").feedback!.myVote).toMatchObject({ choice: "pass" });
    expect(byTitle("Revised line").feedback!.myVote).toMatchObject({ choice: "agree" });
    expect(delphiSection(await cardHtml(0, "Revised line"))).toContain("Your vote then: Agree.");
    const abstainer = await feedbackFor(s.abstainer);
    expect(abstainer.byTitle("Unchanged line").feedback!.myVote).toBeNull();
    expect(delphiSection(await cardHtml(s.abstainer, "Unchanged line"))).toContain("You did not vote on it then.");
  });

  it("says whether the text changed, with the word diff of the statement", async () => {
    const { byTitle } = await feedbackFor(0);
    expect(byTitle("Unchanged line").feedback!.changed).toEqual([]);
    expect(byTitle("Revised line").feedback!.changed).toEqual(["statement"]);
    expect(byTitle("Revised line").feedback!.previousStatement).toBe(STATEMENT_B1);
    const unchanged = delphiSection(await cardHtml(0, "Unchanged line"));
    expect(unchanged).toContain("The text has not changed since.");
    expect(unchanged).not.toContain('data-testid="delphi-diff"');
    const revised = delphiSection(await cardHtml(0, "Revised line"));
    expect(revised).toContain('data-changed="yes"');
    expect(revised).toContain("Changed since: statement.");
    expect(revised).toMatch(/<ins>.*never.*<\/ins>/);
    expect(revised).toMatch(/<del>.*resources.*<\/del>/);
    // a red line new in round 2 has nothing to compare with
    expect(byTitle("New line").feedback).toBeUndefined();
    expect(delphiSection(await cardHtml(0, "New line"))).toContain("New in this round: it was not voted on in round 1.");
  });

  it("picks the strongest arguments by visible replies then age, leaving hidden and deleted comments out", async () => {
    const { byTitle } = await feedbackFor(0);
    expect(byTitle("Unchanged line").feedback!.arguments).toEqual({
      supports: ["Support with two replies.", "Support with one reply, posted earlier."],
      opposes: ["Opposition, the only one left."],
    });
    expect(byTitle("Revised line").feedback!.arguments).toEqual({ supports: [], opposes: ["On the revised line: too vague about resources."] });
    const page = delphiSection(await cardHtml(0, "Unchanged line"));
    expect(page).toContain("Support with two replies.");
    expect(page).not.toContain("a facilitator hid");
    expect(page).not.toContain("its author deleted");
  });

  it("the ballot reads cached results only: without them it says they are being prepared and computes nothing", async () => {
    await server.db.deleteFrom("round_results").where("round_id", "=", s.round1.id).execute();
    try {
      const ctx = await s.ctx(s.people[0]!.userId);
      expect(await loadDelphiFeedback(ctx, (await getBallot(ctx)).items)).toEqual({ roundNumber: 1, status: "computing" });
      expect(delphiSection(await cardHtml(0, "Unchanged line"))).toContain("The results of round 1 are still being prepared.");
      const cached = await server.db.selectFrom("round_results").select("round_id").where("round_id", "=", s.round1.id).execute();
      expect(cached).toEqual([]);
    } finally {
      await recomputeRound(server.db, s.id, s.round1.id);
    }
  });
});

describe.each(["chatham_house", "anonymous"] as const)("no author identity in the arguments (%s)", (mode) => {
  let t: Awaited<ReturnType<typeof delphiScenario>>;
  beforeAll(async () => {
    t = await delphiScenario(server.app, `Attribution ${mode}`, mode);
  }, 240_000);

  it("shows bodies only: no name, pseudonym or group of an author", async () => {
    const ctx = await t.ctx(t.people[0]!.userId);
    const f = await loadDelphiFeedback(ctx, (await getBallot(ctx)).items);
    if (f?.status !== "ready") throw new Error("not ready");
    const json = JSON.stringify(f);
    const members = await server.db.selectFrom("memberships").select(["id", "pseudonym", "user_id"]).where("deliberation_id", "=", t.id).execute();
    for (const m of members) {
      expect(json).not.toContain(m.pseudonym);
      expect(json).not.toContain(m.id);
      expect(json).not.toContain(m.user_id);
    }
    expect(json).not.toContain("Quillon Vantablack");
    const client = await clientFor(server.app, server.url, t.people[0]!.userId);
    // every card, in this participant's own order: those with arguments show bodies only
    const cards = (await getBallot(ctx)).items.length;
    let withArguments = 0;
    for (let n = 1; n <= cards; n++) {
      const html = await (await client.get(`/d/${t.id}/vote?card=${n}`)).text();
      const section = delphiSection(html);
      if (/Strongest arguments (for|against)/.test(section)) withArguments++;
      for (const m of members) expect(section).not.toContain(m.pseudonym);
      expect(section).not.toContain("Quillon Vantablack");
      expect(section).not.toMatch(/Delegate \d+/);
    }
    expect(withArguments).toBeGreaterThan(0);
  });
});
