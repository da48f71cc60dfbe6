import { getUser } from "../auth/session.server";
import type { AppContext } from "../context/app-context.server";
import { findLiveMembership } from "../deliberation/membership-repository.server";

/** Whether the visitor is a member of the deliberation (members may read unpublished-to-public reports). */
export async function isMemberVisitor(app: AppContext, request: Request, deliberationId: string): Promise<boolean> {
  const user = await getUser(app, request);
  if (!user || deliberationId.length > 40) return false;
  return Boolean(await findLiveMembership(app.db, deliberationId, user.id));
}
