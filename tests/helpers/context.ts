import type { AppContext } from "../../app/context/app-context.server";
import { loadDeliberationView, toRoundView, type MemberContext } from "../../app/deliberation/access.server";
import { findLiveMembership } from "../../app/deliberation/membership-repository.server";
import { findLatestRound } from "../../app/deliberation/round-repository.server";

/** The same MemberContext requireMember builds in `app`, read from its database for a known member. */
export async function memberContext(app: AppContext, deliberationId: string, userId: string): Promise<MemberContext> {
  const db = app.db;
  const m = await findLiveMembership(db, deliberationId, userId);
  if (!m) throw new Error("not a member");
  const deliberation = await loadDeliberationView(db, deliberationId);
  const round = await findLatestRound(db, deliberationId);
  const user = await db.selectFrom("users").selectAll().where("id", "=", userId).executeTakeFirstOrThrow();
  return {
    app,
    user: { id: user.id, email: user.email, displayName: user.display_name, hasPassword: user.password_hash !== null },
    deliberation: deliberation!,
    membership: { id: m.id, role: m.role, pseudonym: m.pseudonym, groupId: m.stakeholder_group_id, regionId: m.region_id },
    round: round ? toRoundView(round) : null,
  };
}
