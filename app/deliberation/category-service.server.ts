/**
 * A deliberation's own categories and what it asks of a proposal (docs/decisions/036). Versions
 * store a category's key, which never changes: renaming changes the label everywhere, retiring
 * stops offering it to new proposals while old ones keep it (shown as retired).
 */
import type { Executor } from "../../db/connection";
import { newId } from "../auth/crypto.server";
import { dynamicKey, i18n, t } from "../i18n/i18n";
import { SUPPORTED_LANGUAGES, type Language } from "../i18n/languages";
import { assertAllowed, assertFound, refuseFields } from "../refusal";
import type { MemberContext } from "./access.server";
import * as repo from "./category-repository.server";
import * as proposals from "./proposal-repository.server";
import { CATEGORY_FORM, type ProposalRules } from "./schemas";
import { CATEGORY_KEYS } from "./taxonomy";
import { recordAction } from "./action-log-service.server";

export interface CategoryView {
  id: string;
  key: string;
  label: string;
  retired: boolean;
}

/** The seed taxonomy's label for a key, e.g. "Malfunctions › Self-replication". */
export function seedCategoryLabel(key: string): string {
  const [top] = key.split(".");
  return `${t(dynamicKey(`taxonomy.${top}`))} › ${t(dynamicKey(`taxonomy.${key}`))}`;
}

/** Give a new deliberation the seed taxonomy as its categories (inside its creating transaction). */
export async function seedCategories(db: Executor, deliberationId: string, now: string): Promise<void> {
  await repo.insertCategories(
    db,
    CATEGORY_KEYS.map((key, position) => ({ id: newId(), deliberation_id: deliberationId, key, label: seedCategoryLabel(key), position, retired_at: null, created_at: now })),
  );
}

export async function listCategoryViews(db: Executor, deliberationId: string): Promise<CategoryView[]> {
  return (await repo.listCategories(db, deliberationId)).map((c) => ({ id: c.id, key: c.key, label: shownLabel(c.key, c.label), retired: c.retired_at !== null }));
}

/** A seed category never renamed reads in the viewer's language; a label a facilitator wrote stays as written. */
function shownLabel(key: string, stored: string): string {
  return localizedCategoryLabel(key, stored, null);
}

function seedLabelIn(key: string, language: Language): string {
  const tr = i18n.getFixedT(language);
  const [top] = key.split(".");
  return `${tr(dynamicKey(`taxonomy.${top}`))} › ${tr(dynamicKey(`taxonomy.${key}`))}`;
}

/**
 * A category's label for a reader of `language` (null: the request's): the seed taxonomy's label in
 * that language when the stored label is the seed's in any language (never renamed), else as stored.
 * Published reports keep the stored label in their model (the hash covers data, not a language) and
 * localize it only when rendered.
 */
export function localizedCategoryLabel(key: string, stored: string, language: Language | null): string {
  if (!i18n.exists(`taxonomy.${key}`) || !SUPPORTED_LANGUAGES.some((l) => stored === seedLabelIn(key, l))) return stored;
  return language ? seedLabelIn(key, language) : seedCategoryLabel(key);
}

/** key → label exactly as stored (for what is frozen and hashed: a report's model). */
export async function storedCategoryLabels(db: Executor, deliberationId: string): Promise<Record<string, string>> {
  return Object.fromEntries((await repo.listCategories(db, deliberationId)).map((c) => [c.key, c.label]));
}

/** key → label for showing stored versions (a key the deliberation does not know shows as itself). */
export async function categoryLabels(db: Executor, deliberationId: string): Promise<Record<string, string>> {
  return Object.fromEntries((await listCategoryViews(db, deliberationId)).map((c) => [c.key, c.label]));
}

/**
 * What the proposal form offers and requires: the deliberation's active categories, plus the one
 * a version being edited already has (a retired category stays on the proposal it is on).
 */
export async function getProposalRules(ctx: MemberContext, keep: string | null = null): Promise<ProposalRules & { categories: CategoryView[] }> {
  const db = ctx.app.db;
  const all = await listCategoryViews(db, ctx.deliberation.id);
  const categories = all.filter((c) => !c.retired || c.key === keep);
  return { requireTypedFields: await repo.findRequireTypedFields(db, ctx.deliberation.id), categoryKeys: categories.map((c) => c.key), categories };
}

/** The rules for editing one proposal: its current category stays offered (scoped by deliberation). */
export async function getProposalRulesForEdit(ctx: MemberContext, proposalId: string) {
  const proposal = await proposals.findProposal(ctx.app.db, ctx.deliberation.id, proposalId);
  const latest = proposal ? await proposals.findLatestVersion(ctx.app.db, proposal.id) : undefined;
  return getProposalRules(ctx, latest?.category ?? null);
}

function requireFacilitator(ctx: MemberContext) {
  assertAllowed(ctx.membership.role === "facilitator", "errors.facilitatorsOnly");
}

function assertLabelFree(all: CategoryView[], label: string, exceptId: string | null) {
  const taken = all.some((c) => c.id !== exceptId && !c.retired && c.label.toLowerCase() === label.toLowerCase());
  if (taken) refuseFields({ label: [t("proposing.categoryTaken", { label })] }, undefined, { form: CATEGORY_FORM });
}

export async function addCategory(ctx: MemberContext, label: string): Promise<void> {
  requireFacilitator(ctx);
  await ctx.app.db.transaction().execute(async (tx) => {
    const all = await listCategoryViews(tx, ctx.deliberation.id);
    assertLabelFree(all, label, null);
    const now = new Date().toISOString();
    const id = newId();
    await repo.insertCategories(tx, [{ id, deliberation_id: ctx.deliberation.id, key: `custom.${newId()}`, label, position: all.length, retired_at: null, created_at: now }]);
    await recordAction(tx, ctx, { kind: "category_added", subject: { type: "category", id }, before: null, after: { label } });
  });
}

export async function renameCategory(ctx: MemberContext, id: string, label: string): Promise<void> {
  requireFacilitator(ctx);
  await ctx.app.db.transaction().execute(async (tx) => {
    const all = await listCategoryViews(tx, ctx.deliberation.id);
    assertLabelFree(all, label, id);
    assertFound(await repo.updateCategory(tx, ctx.deliberation.id, id, { label }) || null, "proposing.categoryNotFound");
    const before = all.find((c) => c.id === id)?.label ?? null;
    if (before !== label) await recordAction(tx, ctx, { kind: "category_renamed", subject: { type: "category", id }, before: { label: before }, after: { label } });
  });
}

/** Retire (no longer offered) or bring back a category; proposals that have it keep it. */
export async function setCategoryRetired(ctx: MemberContext, id: string, retired: boolean): Promise<void> {
  requireFacilitator(ctx);
  await ctx.app.db.transaction().execute(async (tx) => {
    const all = await listCategoryViews(tx, ctx.deliberation.id);
    const category = all.find((c) => c.id === id);
    assertFound(category, "proposing.categoryNotFound");
    if (!retired) assertLabelFree(all, category.label, id);
    await repo.updateCategory(tx, ctx.deliberation.id, id, { retired_at: retired ? new Date().toISOString() : null });
    if (category.retired !== retired) {
      await recordAction(tx, ctx, { kind: retired ? "category_retired" : "category_restored", subject: { type: "category", id }, before: { retired: category.retired }, after: { retired } });
    }
  });
}

export async function setRequireTypedFields(ctx: MemberContext, required: boolean): Promise<void> {
  requireFacilitator(ctx);
  await ctx.app.db.transaction().execute(async (tx) => {
    const before = await repo.findRequireTypedFields(tx, ctx.deliberation.id);
    await repo.setRequireTypedFields(tx, ctx.deliberation.id, required);
    if (before !== required) await recordAction(tx, ctx, { kind: "typed_fields_changed", subject: { type: "deliberation", id: null }, before: { requireTypedFields: before }, after: { requireTypedFields: required } });
  });
}
