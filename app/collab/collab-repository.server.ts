import * as Y from "yjs";
import type { Executor } from "../../db/connection";

export async function fetchDocumentState(db: Executor, name: string): Promise<Uint8Array | null> {
  const row = await db.selectFrom("yjs_documents").select("state").where("name", "=", name).executeTakeFirst();
  return row ? new Uint8Array(Buffer.from(row.state, "base64")) : null;
}

/**
 * Store a document's state merged with the one already stored (a Yjs merge: nothing either holds
 * is lost). Several instances store one document (docs/decisions/032): each writes only if the
 * row is still what it read, else reads and merges again.
 */
export async function storeDocumentState(db: Executor, name: string, state: Uint8Array): Promise<void> {
  for (let attempt = 0; attempt < 20; attempt++) {
    const row = await db.selectFrom("yjs_documents").select("state").where("name", "=", name).executeTakeFirst();
    const updated_at = new Date().toISOString();
    if (!row) {
      const inserted = await db.insertInto("yjs_documents").values({ name, state: encode(state), updated_at }).onConflict((oc) => oc.column("name").doNothing()).executeTakeFirst();
      if (Number(inserted.numInsertedOrUpdatedRows ?? 0) > 0) return;
      continue;
    }
    const merged = Y.mergeUpdates([new Uint8Array(Buffer.from(row.state, "base64")), state]);
    const updated = await db.updateTable("yjs_documents").set({ state: encode(merged), updated_at }).where("name", "=", name).where("state", "=", row.state).executeTakeFirst();
    if (Number(updated.numUpdatedRows) > 0) return;
  }
  throw new Error(`The live document ${name} could not be stored: it kept changing underneath.`);
}

function encode(state: Uint8Array): string {
  return Buffer.from(state).toString("base64");
}

/** Who is connecting, to which proposal: membership, role, phase and the proposal's status. */
export async function findCollabAccess(db: Executor, membershipId: string, proposalId: string) {
  const row = await db
    .selectFrom("memberships as m")
    .innerJoin("proposals as p", "p.deliberation_id", "m.deliberation_id")
    .innerJoin("deliberations as d", "d.id", "m.deliberation_id")
    .leftJoin("stakeholder_groups as g", "g.id", "m.stakeholder_group_id")
    .innerJoin("users as u", "u.id", "m.user_id")
    .select(["m.id as membership_id", "m.role", "m.pseudonym", "m.deliberation_id", "p.status", "d.attribution_mode", "d.archived_at", "g.name as group_name", "u.display_name"])
    .where("m.id", "=", membershipId)
    .where("m.removed_at", "is", null)
    .where("d.deleted_at", "is", null)
    .where("p.id", "=", proposalId)
    .executeTakeFirst();
  if (!row) return null;
  const round = await db.selectFrom("rounds").select(["phase"]).where("deliberation_id", "=", row.deliberation_id).orderBy("number", "desc").limit(1).executeTakeFirst();
  return { ...row, phase: round?.phase ?? null };
}
