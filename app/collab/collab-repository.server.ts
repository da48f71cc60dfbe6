import type { Executor } from "../../db/connection";

export async function fetchDocumentState(db: Executor, name: string): Promise<Uint8Array | null> {
  const row = await db.selectFrom("yjs_documents").select("state").where("name", "=", name).executeTakeFirst();
  return row ? new Uint8Array(Buffer.from(row.state, "base64")) : null;
}

export async function storeDocumentState(db: Executor, name: string, state: Uint8Array): Promise<void> {
  const encoded = Buffer.from(state).toString("base64");
  const now = new Date().toISOString();
  await db
    .insertInto("yjs_documents")
    .values({ name, state: encoded, updated_at: now })
    .onConflict((oc) => oc.column("name").doUpdateSet({ state: encoded, updated_at: now }))
    .execute();
}

/** Who is connecting, to which proposal: membership, role, phase and the proposal's status. */
export async function findCollabAccess(db: Executor, membershipId: string, proposalId: string) {
  const row = await db
    .selectFrom("memberships as m")
    .innerJoin("proposals as p", "p.deliberation_id", "m.deliberation_id")
    .innerJoin("deliberations as d", "d.id", "m.deliberation_id")
    .leftJoin("stakeholder_groups as g", "g.id", "m.stakeholder_group_id")
    .innerJoin("users as u", "u.id", "m.user_id")
    .select(["m.id as membership_id", "m.role", "m.pseudonym", "m.deliberation_id", "p.status", "d.attribution_mode", "g.name as group_name", "u.display_name"])
    .where("m.id", "=", membershipId)
    .where("m.removed_at", "is", null)
    .where("p.id", "=", proposalId)
    .executeTakeFirst();
  if (!row) return null;
  const round = await db.selectFrom("rounds").select(["phase"]).where("deliberation_id", "=", row.deliberation_id).orderBy("number", "desc").limit(1).executeTakeFirst();
  return { ...row, phase: round?.phase ?? null };
}
