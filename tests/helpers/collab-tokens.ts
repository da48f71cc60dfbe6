import { newToken, sha256 } from "../../app/auth/crypto.server";
import { insertSession } from "../../app/auth/user-repository.server";
import { issueCollabToken } from "../../app/collab/collab-token.server";
import type { AppContext } from "../../app/context/app-context.server";

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
