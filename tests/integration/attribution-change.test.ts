import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AttributionMode } from "../../app/deliberation/attribution";
import { createInviteToken, joinWithToken } from "../helpers/demo";
import { currentSettingsForm } from "../helpers/forms";
import { tableCounts } from "../helpers/test-db";
import { Client, startTestServer } from "../helpers/test-server";

/**
 * Issue 8: the attribution mode is a promise made on the join page. Once anyone other than a
 * facilitator has joined, the settings form can only make it stricter
 * (named → chatham_house → anonymous); a weaker choice is a 400 with a field message and the
 * whole save changes nothing. Before anyone joined, any change is allowed.
 */
let server: Awaited<ReturnType<typeof startTestServer>>;
let facilitator: Client;
let n = 0;

beforeAll(async () => {
  server = await startTestServer();
  facilitator = new Client(server.url);
  await facilitator.signUp("Ada Attribution", "ada-attribution@example.org", "correct horse battery staple");
});
afterAll(async () => server.stop());

async function newDeliberation(mode: AttributionMode): Promise<string> {
  n += 1;
  const res = await facilitator.post("/deliberations/new", {
    title: `Attribution ${n} (${mode})`,
    question: "Which red lines should govern frontier AI systems?",
    description: "",
    attributionMode: mode,
    resultsVisibility: "after_close",
    groupId: ["", ""],
    groupName: ["Government", "Citizens"],
    groupShare: ["50", "50"],
    regions: "",
  });
  expect(res.status).toBe(302);
  const id = /^\/d\/([^/]+)\/members/.exec(res.headers.get("location") ?? "")?.[1];
  expect(id).toBeTruthy();
  return id!;
}

async function join(id: string, role: "participant" | "observer" = "participant"): Promise<{ client: Client; membershipId: string }> {
  const groups = await server.db.selectFrom("stakeholder_groups").select("id").where("deliberation_id", "=", id).orderBy("position").execute();
  const token = await createInviteToken(facilitator, id, { role, stakeholderGroupId: role === "participant" ? groups[0]!.id : "" });
  const name = `Joiner ${id.slice(0, 6)} ${role} ${Math.random().toString(36).slice(2, 8)}`;
  const client = await joinWithToken(server.url, token, name, role === "participant" ? groups[0]!.id : "");
  const m = await server.db
    .selectFrom("memberships")
    .innerJoin("users", "users.id", "memberships.user_id")
    .select("memberships.id")
    .where("memberships.deliberation_id", "=", id)
    .where("users.display_name", "=", name)
    .executeTakeFirstOrThrow();
  return { client, membershipId: m.id };
}

/** Everything the settings form can change, plus every table's row count. */
async function snapshot(id: string) {
  return {
    deliberation: await server.db.selectFrom("deliberations").selectAll().where("id", "=", id).executeTakeFirstOrThrow(),
    groups: await server.db.selectFrom("stakeholder_groups").selectAll().where("deliberation_id", "=", id).orderBy("position").execute(),
    regions: await server.db.selectFrom("regions").selectAll().where("deliberation_id", "=", id).orderBy("position").execute(),
    counts: await tableCounts(server.db),
  };
}

const modeOf = async (id: string) => (await server.db.selectFrom("deliberations").select("attribution_mode").where("id", "=", id).executeTakeFirstOrThrow()).attribution_mode;

/** The settings form as stored, with a new mode and a new title (so "nothing changed" covers the whole save). */
async function save(id: string, to: AttributionMode): Promise<Response> {
  const form = await currentSettingsForm(server.db, id);
  return facilitator.post(`/d/${id}/settings`, { ...form, title: `${String(form.title)} (edited)`, attributionMode: to });
}

const NAMES: Record<AttributionMode, string> = { named: "Named", chatham_house: "Chatham House", anonymous: "Anonymous" };
const RANK: Record<AttributionMode, number> = { named: 0, chatham_house: 1, anonymous: 2 };
const MODES: AttributionMode[] = ["named", "chatham_house", "anonymous"];
const PAIRS = MODES.flatMap((from) => MODES.map((to) => [from, to, RANK[to] >= RANK[from]] as const));

describe("after a participant joined, attribution only becomes stricter", () => {
  it("covers all nine transitions: three allowed changes, three refusals, three unchanged", () => {
    expect(PAIRS.filter(([from, to, ok]) => ok && from !== to)).toHaveLength(3);
    expect(PAIRS.filter(([, , ok]) => !ok)).toHaveLength(3);
  });

  it.each(PAIRS)("%s → %s (allowed: %s)", async (from, to, allowed) => {
    const id = await newDeliberation(from);
    await join(id);
    const before = await snapshot(id);
    const res = await save(id, to);
    if (allowed) {
      expect(res.status).toBe(302);
      expect(res.headers.get("location")).toBe(`/d/${id}/settings?saved=1`);
      expect(await modeOf(id)).toBe(to);
      expect((await snapshot(id)).deliberation.title).toBe(`${before.deliberation.title} (edited)`);
      return;
    }
    const html = await res.text();
    expect(res.status).toBe(400);
    // the message sits on the attribution field and says why
    const message = `People have already joined under the ${NAMES[from]} rule, so attribution cannot become less strict: ${NAMES[to]} would show more about who said what than they were promised.`;
    expect(html).toMatch(new RegExp(`class="field-error">${message.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}`));
    expect(html).toContain(from === "anonymous" ? "Keep Anonymous, the strictest rule." : `Keep ${NAMES[from]} or choose a stricter rule.`);
    // the form offers the stored mode again, and the weaker one is disabled
    expect(html).toContain(`<option value="${to}" disabled="">`);
    expect(html).toMatch(new RegExp(`<option value="${from}" selected="">`));
    // nothing changed: not the mode, not the title, not any other row
    expect(await snapshot(id)).toEqual(before);
  });
});

describe("who counts as having joined", () => {
  it("before anyone joined (an invitation alone does not count), any change is allowed, even to a weaker mode", async () => {
    const id = await newDeliberation("anonymous");
    await createInviteToken(facilitator, id);
    expect((await save(id, "named")).status).toBe(302);
    expect(await modeOf(id)).toBe("named");
    expect((await save(id, "chatham_house")).status).toBe(302);
    expect((await save(id, "named")).status).toBe(302);
    expect(await modeOf(id)).toBe("named");
    // and the page says the choice is still open
    const page = await (await facilitator.get(`/d/${id}/settings`)).text();
    expect(page).toContain("You can change this until someone other than a facilitator joins.");
    expect(page).not.toContain('disabled=""><');
  });

  it("a removed participant still counts: they joined under the old promise", async () => {
    const id = await newDeliberation("chatham_house");
    const { membershipId } = await join(id);
    const removed = await facilitator.post(`/d/${id}/members`, { intent: "remove-member", membershipId, confirm: "yes" });
    expect(removed.status).toBe(302);
    expect((await server.db.selectFrom("memberships").select("removed_at").where("id", "=", membershipId).executeTakeFirstOrThrow()).removed_at).not.toBeNull();
    const before = await snapshot(id);
    expect((await save(id, "named")).status).toBe(400);
    expect(await snapshot(id)).toEqual(before);
  });

  it("an observer who joined counts too", async () => {
    const id = await newDeliberation("chatham_house");
    await join(id, "observer");
    expect((await save(id, "named")).status).toBe(400);
    expect(await modeOf(id)).toBe("chatham_house");
  });

  it("the settings page shows the weaker modes disabled, with why, and warns that stricter is permanent", async () => {
    const id = await newDeliberation("chatham_house");
    await join(id);
    const page = await (await facilitator.get(`/d/${id}/settings`)).text();
    expect(page).toContain('<option value="named" disabled="">Named: contributions show each person&#x27;s name (not possible: people have joined)</option>');
    expect(page).toMatch(/<option value="chatham_house" selected="">/);
    expect(page).toMatch(/<option value="anonymous">/);
    expect(page).toContain("People have joined under the promise “Chatham House: pseudonyms and stakeholder group only”, so attribution can only become stricter now");
    expect(page).toContain("Making attribution stricter is permanent");
  });
});
