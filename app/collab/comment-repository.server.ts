import type { Executor } from "../../db/connection";
import { authorLabel } from "../deliberation/attribution";
import type { LiveComment } from "./document-names";

/** Every comment of a proposal as members may see it (authors per attribution mode). */
export async function listLiveComments(db: Executor, proposalId: string): Promise<LiveComment[]> {
  const rows = await db
    .selectFrom("comments as c")
    .innerJoin("memberships as m", "m.id", "c.membership_id")
    .innerJoin("users as u", "u.id", "m.user_id")
    .innerJoin("deliberations as d", "d.id", "c.deliberation_id")
    .leftJoin("stakeholder_groups as g", "g.id", "m.stakeholder_group_id")
    .select(["c.id", "c.parent_id", "c.anchor", "c.stance", "c.body", "c.created_at", "c.edited_at", "c.deleted_at", "c.hidden_at", "c.hidden_reason", "m.pseudonym", "u.display_name", "g.name as group_name", "d.attribution_mode"])
    .where("c.proposal_id", "=", proposalId)
    .orderBy("c.created_at")
    .orderBy("c.id")
    .execute();
  return rows.map((r) => toLiveComment(r));
}

export function toLiveComment(r: {
  id: string;
  parent_id: string | null;
  anchor: string | null;
  stance: LiveComment["stance"];
  body: string;
  created_at: string;
  edited_at: string | null;
  deleted_at: string | null;
  hidden_at: string | null;
  hidden_reason: string | null;
  pseudonym: string;
  display_name: string;
  group_name: string | null;
  attribution_mode: "named" | "chatham_house" | "anonymous";
}): LiveComment {
  const gone = r.deleted_at !== null || r.hidden_at !== null;
  return {
    id: r.id,
    parentId: r.parent_id,
    anchor: gone ? null : r.anchor,
    stance: r.stance,
    // hidden and deleted comments keep their place in the thread but not their words
    body: gone ? "" : r.body,
    author: gone ? { name: null, group: null } : authorLabel(r.attribution_mode, { displayName: r.display_name, pseudonym: r.pseudonym, groupName: r.group_name }),
    createdAt: r.created_at,
    editedAt: r.edited_at,
    deleted: r.deleted_at !== null,
    hidden: r.hidden_at !== null,
    hiddenReason: r.hidden_at !== null ? r.hidden_reason : null,
  };
}

export async function latestStatement(db: Executor, proposalId: string): Promise<string | null> {
  const row = await db.selectFrom("proposal_versions").select("statement").where("proposal_id", "=", proposalId).orderBy("version_number", "desc").limit(1).executeTakeFirst();
  return row?.statement ?? null;
}
