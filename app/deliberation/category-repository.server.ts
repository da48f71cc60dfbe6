import type { Executor } from "../../db/connection";
import type { ProposalCategoryRow } from "../../db/schema";

/** A deliberation's categories in their order, retired ones included. */
export async function listCategories(db: Executor, deliberationId: string) {
  return db
    .selectFrom("proposal_categories")
    .select(["id", "key", "label", "position", "retired_at"])
    .where("deliberation_id", "=", deliberationId)
    .orderBy("position")
    .orderBy("id")
    .execute();
}

export async function insertCategories(db: Executor, rows: ProposalCategoryRow[]) {
  if (rows.length > 0) await db.insertInto("proposal_categories").values(rows).execute();
}

/** Change a category's label or retirement, scoped by deliberation; false when it is not there. */
export async function updateCategory(db: Executor, deliberationId: string, id: string, set: Partial<Pick<ProposalCategoryRow, "label" | "retired_at">>): Promise<boolean> {
  const r = await db.updateTable("proposal_categories").set(set).where("deliberation_id", "=", deliberationId).where("id", "=", id).executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Whether the deliberation requires every typed field of a proposal. */
export async function findRequireTypedFields(db: Executor, deliberationId: string): Promise<boolean> {
  const row = await db.selectFrom("deliberations").select("require_typed_fields").where("id", "=", deliberationId).executeTakeFirst();
  return row?.require_typed_fields === 1;
}

export async function setRequireTypedFields(db: Executor, deliberationId: string, required: boolean) {
  await db.updateTable("deliberations").set({ require_typed_fields: required ? 1 : 0, updated_at: new Date().toISOString() }).where("id", "=", deliberationId).execute();
}
