import { hashPassword } from "../../app/auth/crypto.server";
import type { AppContext } from "../../app/context/app-context.server";
import { createProposal } from "../../app/deliberation/proposal-service.server";
import { advancePhase, openRound } from "../../app/deliberation/round-service.server";
import { castVote } from "../../app/deliberation/vote-service.server";
import { makeDeliberation, proposalInput } from "./scenario";
import { Client } from "./test-server";

export const FACILITATOR_PASSWORD = "facilitator-password-1";

/**
 * A closed round built through the services, with uneven groups: Government 6, Citizens 6,
 * Academia 5, Industry 2 (k = 5, so Industry is under k and a complementary group must join it),
 * 3 statements with distinct vote patterns. The facilitator can log in over HTTP.
 */
export async function closedRoundScenario(app: AppContext, title: string) {
  const d = await makeDeliberation(app, title, {
    groups: [
      { id: null, name: "Government", targetShare: 0.25 },
      { id: null, name: "Citizens", targetShare: 0.25 },
      { id: null, name: "Academia", targetShare: 0.25 },
      { id: null, name: "Industry", targetShare: 0.25 },
    ],
  });
  const db = app.db;
  const email = (await db.selectFrom("users").select("email").where("id", "=", d.facilitatorId).executeTakeFirstOrThrow()).email!;
  await db.updateTable("users").set({ password_hash: await hashPassword(FACILITATOR_PASSWORD) }).where("id", "=", d.facilitatorId).execute();
  const sizes = [6, 6, 5, 2];
  const people: { userId: string; group: number }[] = [];
  for (const [g, n] of sizes.entries()) for (let i = 0; i < n; i++) people.push({ userId: await d.join(`${title} member ${g}-${i}`, { group: g }), group: g });
  const fac = () => d.ctx(d.facilitatorId);
  await openRound(await fac());
  const titles = ["Statement one", "Statement two", "Statement three"];
  for (const [i, t] of titles.entries()) await createProposal(await d.ctx(people[i]!.userId), proposalInput({ title: t }));
  await advancePhase(await fac(), "proposing");
  await advancePhase(await fac(), "discussing");
  const ballot = await db
    .selectFrom("proposal_versions as v")
    .innerJoin("proposals as p", "p.id", "v.proposal_id")
    .select(["v.id", "v.title"])
    .where("p.deliberation_id", "=", d.id)
    .where("v.frozen_at", "is not", null)
    .orderBy("v.title")
    .execute();
  // statement one: everyone agrees; two: Government and Academia agree, the others disagree; three: mixed, Industry passes
  const choice = (s: number, group: number, i: number): "agree" | "disagree" | "pass" => {
    if (s === 0) return "agree";
    if (s === 1) return group === 0 || group === 2 ? "agree" : "disagree";
    return group === 3 ? "pass" : i % 2 === 0 ? "agree" : "disagree";
  };
  for (const [i, p] of people.entries()) {
    const ctx = await d.ctx(p.userId);
    for (const [s, v] of ballot.entries()) await castVote(ctx, { versionId: v.id, choice: choice(s, p.group, i), confidence: (i % 5) + 1 });
  }
  await advancePhase(await fac(), "voting");
  await app.scheduler.flush();
  const round = await db.selectFrom("rounds").selectAll().where("deliberation_id", "=", d.id).executeTakeFirstOrThrow();
  return { ...d, email, people, ballot, round };
}

export async function facilitatorClient(base: string, email: string): Promise<Client> {
  const c = new Client(base);
  await c.login(email, FACILITATOR_PASSWORD);
  return c;
}

/** Give a (link-only) member an email and password so a test can log in as them over HTTP. */
export async function clientFor(app: AppContext, base: string, userId: string): Promise<Client> {
  const email = `member-${userId.slice(0, 10).toLowerCase()}@example.org`;
  await app.db.updateTable("users").set({ email, password_hash: await hashPassword(FACILITATOR_PASSWORD) }).where("id", "=", userId).execute();
  const c = new Client(base);
  await c.login(email, FACILITATOR_PASSWORD);
  return c;
}
