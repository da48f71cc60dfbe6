import type { DB } from "../../db/connection";
import type { RoundsTable } from "../../db/schema";
import { DEMO_LOGINS } from "../../app/demo/demo-content";
import { Client } from "./test-server";

/**
 * Facts about the seeded demo deliberation ("Red lines for frontier AI", Chatham House, round 1
 * closed, round 2 voting), read from the database of a test server started with seedDemo.
 */
export async function demoFacts(db: DB) {
  const d = await db.selectFrom("deliberations").selectAll().orderBy("created_at").executeTakeFirstOrThrow();
  const rounds = await db.selectFrom("rounds").selectAll().where("deliberation_id", "=", d.id).orderBy("number").execute();
  const userId = async (email: string) => (await db.selectFrom("users").select("id").where("email", "=", email).executeTakeFirstOrThrow()).id;
  const membership = async (email: string) =>
    db.selectFrom("memberships").selectAll().where("deliberation_id", "=", d.id).where("user_id", "=", await userId(email)).executeTakeFirstOrThrow();
  const participant = await membership(DEMO_LOGINS.participant.email);
  const observer = await membership(DEMO_LOGINS.observer.email);
  const facilitator = await membership(DEMO_LOGINS.facilitator.email);
  const round2 = rounds.find((r) => r.number === 2)!;
  const ballot2 = await db
    .selectFrom("proposal_versions as v")
    .innerJoin("proposals as p", "p.id", "v.proposal_id")
    .select(["v.id", "v.proposal_id", "v.title"])
    .where("v.round_id", "=", round2.id)
    .where("v.frozen_at", "is not", null)
    .orderBy("v.id")
    .execute();
  const proposals = await db.selectFrom("proposals").selectAll().where("deliberation_id", "=", d.id).orderBy("created_at").execute();
  const groups = await db.selectFrom("stakeholder_groups").selectAll().where("deliberation_id", "=", d.id).orderBy("position").execute();
  return { deliberation: d, id: d.id, title: d.title, rounds, round2, ballot2, proposals, groups, participant, observer, facilitator };
}

export async function setPhase(db: DB, roundId: string, phase: RoundsTable["phase"]) {
  await db.updateTable("rounds").set({ phase }).where("id", "=", roundId).execute();
}

export async function loggedIn(base: string, who: keyof typeof DEMO_LOGINS): Promise<Client> {
  const c = new Client(base);
  await c.login(DEMO_LOGINS[who].email, DEMO_LOGINS[who].password);
  return c;
}

/** Create an invitation link through the members page, as a facilitator would; returns the token. */
export async function createInviteToken(facilitator: Client, deliberationId: string, fields: Record<string, string> = {}): Promise<string> {
  const res = await facilitator.post(`/d/${deliberationId}/members`, {
    intent: "create-invite",
    role: "participant",
    stakeholderGroupId: "",
    regionId: "",
    label: "",
    maxUses: "5",
    expiresInDays: "7",
    ...fields,
  });
  const html = await res.text();
  const m = /\/join\/([A-Za-z0-9_-]{20,100})/.exec(html);
  if (res.status !== 200 || !m) throw new Error(`invite creation failed: ${res.status}`);
  return m[1]!;
}

/** Join through a link as a new person; returns their signed-in client. */
export async function joinWithToken(base: string, token: string, displayName: string, stakeholderGroupId = ""): Promise<Client> {
  const c = new Client(base);
  const res = await c.post(`/join/${token}`, { displayName, stakeholderGroupId, regionId: "" });
  if (res.status !== 302) throw new Error(`join failed: ${res.status}`);
  return c;
}

/** Log a demo account in with a plain fetch; returns the session cookie pair and the raw Set-Cookie line. */
export async function loginCookie(base: string, who: keyof typeof DEMO_LOGINS, extraHeaders: Record<string, string> = {}): Promise<{ cookie: string; setCookie: string }> {
  const res = await fetch(`${base}/login`, {
    method: "POST",
    redirect: "manual",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: base, ...extraHeaders },
    body: new URLSearchParams({ email: DEMO_LOGINS[who].email, password: DEMO_LOGINS[who].password, redirectTo: "/" }),
  });
  const setCookie = res.headers.getSetCookie().find((c) => c.startsWith("accord_session="));
  if (res.status !== 302 || !setCookie) throw new Error(`login failed for ${who}: ${res.status}`);
  return { cookie: setCookie.split(";")[0]!, setCookie };
}
