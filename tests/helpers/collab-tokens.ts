import { newToken, sha256 } from "../../app/auth/crypto.server";
import { insertSession } from "../../app/auth/user-repository.server";
import { issueCollabToken } from "../../app/collab/collab-token.server";
import type { AppContext } from "../../app/context/app-context.server";
import type { Client } from "./test-server";

/** Start a live session for the member's person in the running server's database; returns its id. */
export async function sessionOf(app: AppContext, membershipId: string): Promise<string> {
  const db = app.db;
  const { user_id } = await db.selectFrom("memberships").select("user_id").where("id", "=", membershipId).executeTakeFirstOrThrow();
  const id = sha256(newToken());
  await insertSession(db, { idHash: id, userId: user_id, expiresAt: new Date(Date.now() + 24 * 3_600_000) });
  return id;
}

/** A live-editing token as the proposal page issues it: for the member, under a live session of theirs. */
export async function collabToken(app: AppContext, membershipId: string, now = Date.now()): Promise<string> {
  return issueCollabToken(membershipId, await sessionOf(app, membershipId), now);
}

/** The live-editing token the proposal page gave this browser (it is in the page's loader data). */
export async function pageToken(browser: Client, deliberationId: string, proposalId: string): Promise<string> {
  const res = await browser.get(`/d/${deliberationId}/proposals/${proposalId}`);
  if (res.status !== 200) throw new Error(`the proposal page answered ${res.status}`);
  const m = /eyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{43}/.exec(await res.text());
  if (!m) throw new Error("no collab token on the proposal page");
  return m[0];
}
