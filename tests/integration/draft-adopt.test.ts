import { HocuspocusProvider, HocuspocusProviderWebsocket } from "@hocuspocus/provider";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import * as Y from "yjs";
import { collabToken } from "../helpers/collab-tokens";
import { DRAFT_IDENTITY, DRAFT_TEXT, draftDocName } from "../../app/collab/document-names";
import { demoFacts, loggedIn, setPhase } from "../helpers/demo";
import { startTestServer, type Client } from "../helpers/test-server";

/**
 * Adopting a live amendment draft (issue #4): text written through a real Hocuspocus provider
 * becomes the proposal's statement through the normal versioning, and every refusal writes nothing.
 */
let server: Awaited<ReturnType<typeof startTestServer>>;
let facts: Awaited<ReturnType<typeof demoFacts>>;
let facilitator: Client;
let participant: Client;
/** authored by someone other than the demo participant */
let proposalId = "";
let otherProposalId = "";

interface OpenDraft {
  provider: HocuspocusProvider;
  text: Y.Text;
  identity: Promise<string>;
  scope: string | undefined;
  write: (value: string) => Promise<void>;
}
const open: { provider: HocuspocusProvider; socket: HocuspocusProviderWebsocket; doc: Y.Doc }[] = [];

function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  return Promise.race([promise, new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`timed out: ${what}`)), ms))]);
}

async function until(check: () => Promise<boolean>, what: string, ms = 5000) {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out: ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Open a proposal's draft as a member, the way the browser does (token, multiplexed socket, attach). */
async function openDraft(membershipId: string, pid: string): Promise<OpenDraft> {
  const socket = new HocuspocusProviderWebsocket({ url: `${server.url.replace(/^http/, "ws")}/collab`, WebSocketPolyfill: WebSocket });
  const doc = new Y.Doc();
  let resolveIdentity: (name: string) => void = () => {};
  const identity = new Promise<string>((resolve) => (resolveIdentity = resolve));
  const provider = new HocuspocusProvider({
    websocketProvider: socket,
    name: draftDocName(pid),
    token: await collabToken(server.app, membershipId),
    document: doc,
    onStateless: ({ payload }) => {
      const message = JSON.parse(payload) as { type?: string; name?: string };
      if (message.type === DRAFT_IDENTITY) resolveIdentity(message.name ?? "");
    },
  });
  open.push({ provider, socket, doc });
  const synced = new Promise<void>((resolve, reject) => {
    provider.on("synced", () => resolve());
    provider.on("authenticationFailed", ({ reason }: { reason: string }) => reject(new Error(`refused: ${reason}`)));
  });
  provider.attach();
  await within(synced, 5000, "draft sync");
  const text = doc.getText(DRAFT_TEXT);
  return {
    provider,
    text,
    identity,
    scope: provider.authorizedScope,
    async write(value) {
      doc.transact(() => {
        text.delete(0, text.length);
        text.insert(0, value);
      });
      // the server holds it once readDraft (what the adopt action reads) returns it
      await until(async () => (await server.collab.readDraft(pid)) === value, "draft reached the server");
    },
  };
}

const versions = (pid: string) =>
  server.db.selectFrom("proposal_versions").selectAll().where("proposal_id", "=", pid).orderBy("version_number").execute();

beforeAll(async () => {
  server = await startTestServer({ seedDemo: true });
  facts = await demoFacts(server.db);
  const active = facts.proposals.filter((p) => p.status === "active");
  proposalId = active.find((p) => p.author_membership_id !== facts.participant.id)!.id;
  otherProposalId = active.filter((p) => p.author_membership_id !== facts.participant.id)[1]!.id;
  facilitator = await loggedIn(server.url, "facilitator");
  participant = await loggedIn(server.url, "participant");
});

afterEach(async () => {
  for (const { provider, socket, doc } of open.splice(0)) {
    provider.destroy();
    socket.destroy();
    doc.destroy();
  }
  await setPhase(server.db, facts.round2.id, "voting");
});

afterAll(async () => server.stop());

const adoptPath = (pid: string) => `/d/${facts.id}/proposals/${pid}/draft`;

describe("adopting a live draft", () => {
  it("makes the draft written through a provider the next version's statement, other fields unchanged", async () => {
    await setPhase(server.db, facts.round2.id, "discussing");
    const before = await versions(proposalId);
    const latest = before[before.length - 1]!;
    expect(latest.frozen_at).not.toBeNull(); // round 2 was frozen for voting: adopting creates N+1

    const draft = await openDraft(facts.participant.id, proposalId);
    expect(draft.scope).toBe("read-write");
    expect(draft.text.toString()).toBe(latest.statement); // seeded with the current wording
    // presence label: the server tells the client its pseudonym (the demo runs under Chatham House)
    expect(await within(draft.identity, 2000, "identity message")).toBe(facts.participant.pseudonym);
    const amended = "AI systems must not operate critical infrastructure without a human able to stop them within one minute.";
    await draft.write(amended);

    const res = await facilitator.post(adoptPath(proposalId), { intent: "adopt" });
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe(`/d/${facts.id}/proposals/${proposalId}?saved=revised`);

    const after = await versions(proposalId);
    expect(after).toHaveLength(before.length + 1);
    const created = after[after.length - 1]!;
    expect(created.version_number).toBe(latest.version_number + 1);
    expect(created.statement).toBe(amended);
    expect(created.round_id).toBe(facts.round2.id);
    expect(created.frozen_at).toBeNull();
    for (const field of ["title", "rationale", "category", "indicator", "threshold_value", "threshold_unit", "trigger", "response", "scope", "evidence_links"] as const) {
      expect(created[field], field).toBe(latest[field]);
    }

    // Adopting again in the same round edits that new draft version in place.
    const again = "AI systems must not operate critical infrastructure without a human able to stop them within thirty seconds.";
    await draft.write(again);
    const res2 = await facilitator.post(adoptPath(proposalId), { intent: "adopt", expected: again });
    expect(res2.status).toBe(302);
    expect(res2.headers.get("location")).toBe(`/d/${facts.id}/proposals/${proposalId}?saved=1`);
    const final = await versions(proposalId);
    expect(final).toHaveLength(after.length);
    expect(final[final.length - 1]!.statement).toBe(again);
  });

  it("refuses a participant who is not the proposal's author (403) and writes nothing", async () => {
    await setPhase(server.db, facts.round2.id, "discussing");
    const draft = await openDraft(facts.participant.id, otherProposalId);
    await draft.write("AI systems must not be adopted by someone who is not the author of this proposal.");
    const before = await versions(otherProposalId);
    const res = await participant.post(adoptPath(otherProposalId), { intent: "adopt" });
    expect(res.status).toBe(403);
    expect(await res.text()).toContain("Only the author of this proposal or a facilitator can adopt a draft.");
    expect(await versions(otherProposalId)).toEqual(before);
  });

  it("refuses outside the discussing phase (409, naming the phase) and writes nothing", async () => {
    await setPhase(server.db, facts.round2.id, "discussing");
    const draft = await openDraft(facts.participant.id, otherProposalId);
    await draft.write("AI systems must not change their statement while the round is voting on it.");
    await setPhase(server.db, facts.round2.id, "voting");
    const before = await versions(otherProposalId);
    const res = await facilitator.post(adoptPath(otherProposalId), { intent: "adopt" });
    expect(res.status).toBe(409);
    const body = await res.text();
    expect(body).toContain("this round is in its Voting phase");
    expect(body).toContain("Discussing");
    expect(await versions(otherProposalId)).toEqual(before);
  });

  it("refuses a too-short draft (400 with a sentence) and writes nothing", async () => {
    await setPhase(server.db, facts.round2.id, "discussing");
    const draft = await openDraft(facts.participant.id, otherProposalId);
    await draft.write("  Too short ");
    const before = await versions(otherProposalId);
    const res = await facilitator.post(adoptPath(otherProposalId), { intent: "adopt" });
    expect(res.status).toBe(400);
    const page = await res.text();
    expect(page).toContain("The draft is too short to become the statement: it has 9 characters and a statement needs at least 10.");
    expect(page).toContain("Adopt this draft as the statement"); // said next to the button: the draft page stays
    expect(await versions(otherProposalId)).toEqual(before);
  });

  it("refuses a draft that changed since the member looked at it (409) and one that changes nothing (400)", async () => {
    await setPhase(server.db, facts.round2.id, "discussing");
    const before = await versions(otherProposalId);
    const draft = await openDraft(facts.participant.id, otherProposalId);
    await draft.write("AI systems must not be adopted from a draft that someone else changed a moment ago.");
    const stale = await facilitator.post(adoptPath(otherProposalId), { intent: "adopt", expected: "What the facilitator saw a moment earlier, now outdated." });
    expect(stale.status).toBe(409);
    expect(await stale.text()).toContain("The draft changed while you were adopting it.");
    await draft.write(before[before.length - 1]!.statement);
    const unchanged = await facilitator.post(adoptPath(otherProposalId), { intent: "adopt" });
    expect(unchanged.status).toBe(400);
    expect(await unchanged.text()).toContain("nothing to adopt");
    expect(await versions(otherProposalId)).toEqual(before);
  });

  it("shows the server's copy of the draft on its own page, without JavaScript", async () => {
    await setPhase(server.db, facts.round2.id, "discussing");
    const draft = await openDraft(facts.participant.id, otherProposalId);
    await draft.write("AI systems must not hide a draft from members who browse without JavaScript.");
    const res = await participant.get(adoptPath(otherProposalId));
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain("AI systems must not hide a draft from members who browse without JavaScript.");
    expect(html).not.toContain("Adopt this draft as the statement"); // not the author
  });
});
