import { getUser } from "../auth/session.server";
import { getDb } from "../db.server";
import { findLiveMembership } from "../deliberation/membership-repository.server";

/** Whether the visitor is a member of the deliberation (members may read unpublished-to-public reports). */
export async function isMemberVisitor(request: Request, deliberationId: string): Promise<boolean> {
  const user = await getUser(request);
  if (!user || deliberationId.length > 40) return false;
  return Boolean(await findLiveMembership(getDb(), deliberationId, user.id));
}
