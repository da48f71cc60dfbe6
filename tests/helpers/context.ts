import type { AppContext } from "../../app/context/app-context.server";
import { loadMemberContext, type MemberContext } from "../../app/deliberation/access.server";

/** The same MemberContext requireMember builds in `app`, read from its database for a known member. */
export async function memberContext(app: AppContext, deliberationId: string, userId: string): Promise<MemberContext> {
  const user = await app.db.selectFrom("users").selectAll().where("id", "=", userId).executeTakeFirstOrThrow();
  const ctx = await loadMemberContext(app, { id: user.id, email: user.email, displayName: user.display_name, hasPassword: user.password_hash !== null, language: null }, deliberationId);
  if (!ctx) throw new Error("not a member");
  return ctx;
}
