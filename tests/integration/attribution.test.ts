import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_LOGINS } from "../../app/demo/demo-content";
import { demoFacts, loggedIn } from "../helpers/demo";
import { startTestServer, type Client } from "../helpers/test-server";

type Viewer = "participant" | "observer";

let server: Awaited<ReturnType<typeof startTestServer>>;
let facts: Awaited<ReturnType<typeof demoFacts>>;
const clients = {} as Record<Viewer, Client>;
/** Every identity the users table holds: display names and emails. */
let identities: { display_name: string; email: string | null }[];

beforeAll(async () => {
  server = await startTestServer({ seedDemo: true });
  facts = await demoFacts(server.db);
  clients.participant = await loggedIn(server.url, "participant");
  clients.observer = await loggedIn(server.url, "observer");
  identities = await server.db.selectFrom("users").select(["display_name", "email"]).execute();
});
afterAll(async () => server.stop());

const setMode = (mode: "named" | "chatham_house" | "anonymous") =>
  server.db.updateTable("deliberations").set({ attribution_mode: mode }).where("id", "=", facts.id).execute();

/** How React writes a text into HTML (and how it appears in the embedded loader data). */
function forms(text: string): string[] {
  const escaped = text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#x27;");
  return [...new Set([text, escaped, JSON.stringify(text).slice(1, -1)])];
}

/** Every page a member can open in the demo, with the status each viewer should get. */
function pagesFor(viewer: Viewer): { path: string; status: number }[] {
  const d = `/d/${facts.id}`;
  return [
    { path: "/", status: 200 },
    { path: d, status: 200 },
    { path: `${d}?show=all`, status: 200 },
    ...facts.proposals.map((p) => ({ path: `${d}/proposals/${p.id}`, status: 200 })),
    { path: `${d}/results`, status: 200 },
    { path: `${d}/results?round=1`, status: 200 },
    { path: `${d}/results?round=2`, status: 403 }, // after_close: round 2 is still voting
    { path: `${d}/vote`, status: viewer === "participant" ? 200 : 403 },
    ...(viewer === "participant" ? facts.ballot2.map((_, i) => ({ path: `${d}/vote?card=${i + 1}`, status: 200 })) : []),
  ];
}

async function fetchAll(viewer: Viewer): Promise<{ path: string; html: string }[]> {
  const out: { path: string; html: string }[] = [];
  for (const page of pagesFor(viewer)) {
    const res = await clients[viewer].get(page.path);
    expect(res.status, page.path).toBe(page.status);
    out.push({ path: page.path, html: await res.text() });
  }
  return out;
}

function leaks(pages: { path: string; html: string }[], needles: string[]): string[] {
  const found: string[] = [];
  for (const { path, html } of pages) {
    for (const needle of needles) for (const form of forms(needle)) if (html.includes(form)) found.push(`${needle} on ${path}`);
  }
  return [...new Set(found)];
}

describe("Chatham House (the demo's mode): no name or email leaves the server", () => {
  it.each(["participant", "observer"] as const)("as %s: no display name or email of any user appears on any page", async (viewer) => {
    const own = viewer === "participant" ? DEMO_LOGINS.participant.email : DEMO_LOGINS.observer.email;
    const me = identities.find((u) => u.email === own)!;
    // The viewer's own name is in the header ("Signed in as …"); everybody else's must never appear.
    const needles = identities.filter((u) => u !== me).flatMap((u) => [u.display_name, ...(u.email ? [u.email] : [])]);
    expect(needles.length).toBeGreaterThan(60);
    const pages = await fetchAll(viewer);
    expect(leaks(pages, needles)).toEqual([]);
  });

  it("the scan can see authors: pseudonyms and groups are shown on proposal pages", async () => {
    const p = facts.proposals.find((x) => x.author_membership_id !== facts.participant.id)!;
    const author = await server.db.selectFrom("memberships").select("pseudonym").where("id", "=", p.author_membership_id).executeTakeFirstOrThrow();
    const html = await (await clients.observer.get(`/d/${facts.id}/proposals/${p.id}`)).text();
    expect(html).toContain(`By ${author.pseudonym}`);
  });
});

describe("anonymous mode: not even pseudonyms", () => {
  beforeAll(async () => setMode("anonymous"));
  afterAll(async () => setMode("chatham_house"));

  it.each(["participant", "observer"] as const)("as %s: no 'Delegate N' pseudonym and no name on any proposal page or list", async (viewer) => {
    const d = `/d/${facts.id}`;
    const paths = [d, `${d}?show=all`, ...facts.proposals.map((p) => `${d}/proposals/${p.id}`)];
    const own = viewer === "participant" ? DEMO_LOGINS.participant.email : DEMO_LOGINS.observer.email;
    const names = identities.filter((u) => u.email !== own).map((u) => u.display_name);
    for (const path of paths) {
      const res = await clients[viewer].get(path);
      expect(res.status, path).toBe(200);
      const html = await res.text();
      expect(html.match(/Delegate \d+/g), path).toBeNull();
      expect(html.match(/Observer \d+/g), path).toBeNull();
      expect(html, path).not.toMatch(/>By /);
      expect(leaks([{ path, html }], names)).toEqual([]);
    }
  });
});

describe("named mode (proves the scan can fail)", () => {
  beforeAll(async () => setMode("named"));
  afterAll(async () => setMode("chatham_house"));

  it("shows the author's display name on the proposal page", async () => {
    const p = facts.proposals.find((x) => x.author_membership_id !== facts.participant.id)!;
    const author = await server.db
      .selectFrom("memberships as m")
      .innerJoin("users as u", "u.id", "m.user_id")
      .select("u.display_name")
      .where("m.id", "=", p.author_membership_id)
      .executeTakeFirstOrThrow();
    const pages = [{ path: p.id, html: await (await clients.participant.get(`/d/${facts.id}/proposals/${p.id}`)).text() }];
    expect(leaks(pages, [author.display_name])).toEqual([`${author.display_name} on ${p.id}`]);
  });
});
