import type { MemberContext } from "./access.server";
import { requireRole } from "./access.server";
import { refuseFields } from "../refusal";
import { t } from "../i18n/i18n";
import { findDeliberation } from "./deliberation-repository.server";
import { DELETE_FORM } from "./schemas";
import { countPublishedReports, deleteDeliberationRow, deletePrivateData, deleteReports, markDeleted, setArchivedAt } from "./lifecycle-repository.server";
import { recordAction } from "./action-log-service.server";


/** Archive or unarchive (facilitators): an archived deliberation refuses every change (access.server.ts). */
export async function setArchived(ctx: MemberContext, archived: boolean): Promise<void> {
  requireRole(ctx, ["facilitator"]);
  await ctx.app.db.transaction().execute(async (tx) => {
    const before = (await findDeliberation(tx, ctx.deliberation.id))?.archived_at != null;
    await setArchivedAt(tx, ctx.deliberation.id, archived ? ctx.app.clock.now().toISOString() : null);
    if (before !== archived) {
      await recordAction(tx, ctx, { kind: archived ? "deliberation_archived" : "deliberation_unarchived", subject: { type: "deliberation", id: null }, before: { archived: before }, after: { archived } });
    }
  });
  if (archived) await ctx.app.events.publish({ type: "deliberation-closed", deliberationId: ctx.deliberation.id, reason: "archived" });
}

/** What deleting will do to the published reports (the confirmation says it). */
export async function describeDeletion(ctx: MemberContext) {
  requireRole(ctx, ["facilitator"]);
  const row = await findDeliberation(ctx.app.db, ctx.deliberation.id);
  return { reports: await countPublishedReports(ctx.app.db, ctx.deliberation.id), reportsPublic: row?.public_reports === 1 };
}

/**
 * Delete a deliberation (facilitators, typing its exact title). Its private data goes in one
 * transaction; public published reports stay readable at their URLs, with the deliberation row
 * kept as a tombstone for them (docs/decisions/040). Members-only reports go with it. Its action
 * log goes with the private data (it names members); a tombstone keeps one entry saying when it
 * was deleted (docs/decisions/044).
 */
export async function deleteDeliberation(ctx: MemberContext, typedTitle: string): Promise<void> {
  requireRole(ctx, ["facilitator"]);
  const id = ctx.deliberation.id;
  if (typedTitle.trim() !== ctx.deliberation.title.trim()) {
    refuseFields({ confirmTitle: [t("lifecycle.deleteWrongTitle", { title: ctx.deliberation.title })] }, { confirmTitle: typedTitle }, { form: DELETE_FORM });
  }
  await ctx.app.db.transaction().execute(async (tx) => {
    const row = await findDeliberation(tx, id);
    const keepReports = row?.public_reports === 1 && (await countPublishedReports(tx, id)) > 0;
    const now = ctx.app.clock.now().toISOString();
    // marked first: the database lets the action log go only once its deliberation is marked deleted
    await markDeleted(tx, id, now);
    await deletePrivateData(tx, id);
    if (keepReports) {
      const tombstone = { ...ctx, membership: { ...ctx.membership, id: null } };
      return recordAction(tx, tombstone, { kind: "deliberation_deleted", subject: { type: "deliberation", id: null }, before: { deleted: false }, after: { deleted: true } }, now);
    }
    await deleteReports(tx, id);
    await deleteDeliberationRow(tx, id);
  });
  await ctx.app.events.publish({ type: "deliberation-closed", deliberationId: id, reason: "deleted" });
}
