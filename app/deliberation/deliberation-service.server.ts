import { DEFAULT_LANGUAGE, type Language } from "../i18n/languages";
import type { DB, Executor, Tx } from "../../db/connection";
import { newId } from "../auth/crypto.server";
import { assertAllowed, assertFound, refuse, refuseFields, type FieldErrors } from "../refusal";
import { t } from "../i18n/i18n";
import type { MemberContext } from "./access.server";
import { allowedAttributionModes, canChangeAttribution, type AttributionMode } from "./attribution";
import { seedCategories } from "./category-service.server";
import * as repo from "./deliberation-repository.server";
import { listDeliberationsForUser } from "./deliberation-repository.server";
import { hasNonFacilitatorJoined, insertMembership } from "./membership-repository.server";
import type { DeliberationInput } from "./schemas";
import type { Thresholds } from "../consensus/types";
import { changedFields, recordAction, type ActionValues } from "./action-log-service.server";
import { effectiveThresholds, parseThresholds } from "./consensus-settings";

/** Create a deliberation with its groups and regions; the creator becomes its facilitator. */
/** A new deliberation; its default language is the one its creator is using (`language`), changed in its settings. */
export async function createDeliberation(db: DB, userId: string, input: DeliberationInput, language: Language = DEFAULT_LANGUAGE): Promise<string> {
  const id = newId();
  const now = new Date().toISOString();
  await db.transaction().execute(async (tx) => {
    await repo.insertDeliberation(tx, {
      id,
      title: input.title,
      question: input.question,
      description: input.description,
      attribution_mode: input.attributionMode,
      results_visibility: input.resultsVisibility,
      default_language: language,
      created_by: userId,
      created_at: now,
      updated_at: now,
    });
    await syncGroupsAndRegions(tx, id, input);
    await seedCategories(tx, id, now);
    await insertMembership(tx, {
      id: newId(),
      deliberation_id: id,
      user_id: userId,
      role: "facilitator",
      stakeholder_group_id: null,
      region_id: null,
      pseudonym: t("pseudonym.facilitator"),
      created_at: now,
      removed_at: null,
    });
  });
  return id;
}

function requireFacilitator(ctx: MemberContext) {
  assertAllowed(ctx.membership.role === "facilitator", "errors.facilitatorsOnly");
}

/** What the settings form may offer for attribution now, and why. */
export interface AttributionPolicy {
  current: AttributionMode;
  /** someone other than a facilitator has joined: the mode can only become stricter */
  locked: boolean;
  allowed: AttributionMode[];
}

async function readAttributionPolicy(db: Executor, deliberationId: string): Promise<AttributionPolicy> {
  const row = await repo.findDeliberation(db, deliberationId);
  assertFound(row, "errors.deliberationNotFound");
  const current = row.attribution_mode;
  const locked = await hasNonFacilitatorJoined(db, deliberationId);
  return { current, locked, allowed: allowedAttributionModes(current, locked) };
}

export async function getAttributionPolicy(ctx: MemberContext): Promise<AttributionPolicy> {
  requireFacilitator(ctx);
  return readAttributionPolicy(ctx.app.db, ctx.deliberation.id);
}

function attributionRefusal(from: AttributionMode, to: AttributionMode): FieldErrors {
  const names = { from: t(`attributionName.${from}`), to: t(`attributionName.${to}`) };
  const rest = from === "anonymous" ? t("errors.attributionKeepStrictest") : t("errors.attributionKeepOrStricter", names);
  return { attributionMode: [`${t("errors.attributionWeaker", names)} ${rest} ${t("errors.nothingSaved")}`] };
}

/**
 * Save the settings form. Refused as a whole (nothing changes) when it would make attribution
 * less strict after people joined: the field error says why (a Refusal of the form "details").
 */
export async function updateDeliberation(ctx: MemberContext, input: DeliberationInput): Promise<void> {
  requireFacilitator(ctx);
  return ctx.app.db.transaction().execute(async (tx) => {
    // read inside the transaction: a join between loading the page and saving it counts
    const policy = await readAttributionPolicy(tx, ctx.deliberation.id);
    if (!canChangeAttribution(policy.current, input.attributionMode, policy.locked)) {
      refuseFields(attributionRefusal(policy.current, input.attributionMode), undefined, { form: "details" });
    }
    const before = await settingsValues(tx, ctx.deliberation.id);
    await repo.updateDeliberationRow(tx, ctx.deliberation.id, {
      title: input.title,
      question: input.question,
      description: input.description,
      attribution_mode: input.attributionMode,
      results_visibility: input.resultsVisibility,
    });
    await syncGroupsAndRegions(tx, ctx.deliberation.id, input);
    await recordSettingsChanges(tx, ctx, before, await settingsValues(tx, ctx.deliberation.id));
  });
}

/** What the settings form changes, as the action log shows it (attribution separately). */
async function settingsValues(db: Executor, deliberationId: string): Promise<ActionValues> {
  const row = await repo.findDeliberation(db, deliberationId);
  assertFound(row, "errors.deliberationNotFound");
  const [groups, regions] = await Promise.all([repo.listGroups(db, deliberationId), repo.listRegions(db, deliberationId)]);
  return {
    attributionMode: row.attribution_mode,
    title: row.title,
    question: row.question,
    description: row.description,
    resultsVisibility: row.results_visibility,
    groups: groups.map((g) => `${g.name} ${Math.round(g.target_share * 1000) / 10}%`),
    regions: regions.map((r) => r.name),
  };
}

async function recordSettingsChanges(tx: Tx, ctx: MemberContext, before: ActionValues, after: ActionValues) {
  const { attributionMode: modeBefore, ...restBefore } = before;
  const { attributionMode: modeAfter, ...restAfter } = after;
  const subject = { type: "deliberation", id: null } as const;
  if (modeBefore !== modeAfter) await recordAction(tx, ctx, { kind: "attribution_changed", subject, before: { attributionMode: modeBefore ?? null }, after: { attributionMode: modeAfter ?? null } });
  const changed = changedFields(restBefore, restAfter);
  if (changed) await recordAction(tx, ctx, { kind: "settings_changed", subject, ...changed });
}

/**
 * Make the stored groups and regions match the form: rename/reorder kept ones, add new ones,
 * delete missing ones only when nobody belongs to them (else the whole edit is refused).
 */
async function syncGroupsAndRegions(tx: Tx, deliberationId: string, input: DeliberationInput) {
  const existingGroups = await repo.listGroups(tx, deliberationId);
  const keptIds = new Set(input.groups.map((g) => g.id).filter(Boolean));
  for (const g of existingGroups) {
    if (keptIds.has(g.id)) continue;
    if (await repo.isGroupInUse(tx, g.id)) refuse(409, "errors.groupInUse", { params: { name: g.name } });
    await repo.deleteGroup(tx, deliberationId, g.id);
  }
  const known = new Set(existingGroups.map((g) => g.id));
  for (const [position, g] of input.groups.entries()) {
    if (g.id && known.has(g.id)) {
      await repo.updateGroup(tx, deliberationId, g.id, { name: g.name, target_share: g.targetShare, position });
    } else {
      await repo.insertGroup(tx, { id: newId(), deliberation_id: deliberationId, name: g.name, target_share: g.targetShare, position });
    }
  }
  const existingRegions = await repo.listRegions(tx, deliberationId);
  const byName = new Map(existingRegions.map((r) => [r.name.toLowerCase(), r]));
  const wanted = new Set(input.regions.map((r) => r.toLowerCase()));
  for (const r of existingRegions) {
    if (wanted.has(r.name.toLowerCase())) continue;
    if (await repo.isRegionInUse(tx, r.id)) refuse(409, "errors.regionInUse", { params: { name: r.name } });
    await repo.deleteRegion(tx, deliberationId, r.id);
  }
  for (const [position, name] of input.regions.entries()) {
    const found = byName.get(name.toLowerCase());
    if (found) await repo.updateRegionPosition(tx, deliberationId, found.id, position);
    else await repo.insertRegion(tx, { id: newId(), deliberation_id: deliberationId, name, position });
  }
}

/**
 * Store the facilitator's consensus thresholds; the results recompute on their next view. The
 * smallest group shown (k) protects anonymity like the attribution mode does, so once people have
 * joined it can only be raised (else a Refusal of the form "thresholds", nothing saved).
 */
export async function updateThresholds(ctx: MemberContext, thresholds: Thresholds): Promise<void> {
  requireFacilitator(ctx);
  const { minGroupSize, ...rest } = thresholds;
  await ctx.app.db.transaction().execute(async (tx) => {
    const row = await repo.findDeliberation(tx, ctx.deliberation.id);
    assertFound(row, "errors.deliberationNotFound");
    if (minGroupSize < row.min_group_size && (await hasNonFacilitatorJoined(tx, ctx.deliberation.id))) {
      refuseFields({ minGroupSize: [`${t("errors.kOnlyRises", { k: row.min_group_size })} ${t("errors.nothingSaved")}`] }, undefined, { form: "thresholds" });
    }
    await repo.updateDeliberationRow(tx, ctx.deliberation.id, { thresholds: JSON.stringify(rest), min_group_size: minGroupSize });
    const changed = changedFields({ ...effectiveThresholds(parseThresholds(row.thresholds), row.min_group_size) }, { ...thresholds });
    if (changed) await recordAction(tx, ctx, { kind: "thresholds_changed", subject: { type: "deliberation", id: null }, ...changed });
  });
  // closed rounds keep the thresholds frozen at close; an open vote recomputes with the new ones
  await ctx.app.events.publish({ type: "electorate-changed", deliberationId: ctx.deliberation.id });
}

export async function listMyDeliberations(db: Executor, userId: string) {
  const rows = await listDeliberationsForUser(db, userId);
  return rows.map((r) => ({ id: r.id, title: r.title, question: r.question, role: r.role, archived: r.archived_at !== null }));
}

/** The ballot order setting: each participant's own random order (default) or one fixed order. */
export async function getBallotOrder(ctx: MemberContext): Promise<repo.BallotOrder> {
  requireFacilitator(ctx);
  return repo.findBallotOrder(ctx.app.db, ctx.deliberation.id);
}

export async function setBallotOrder(ctx: MemberContext, order: repo.BallotOrder): Promise<void> {
  requireFacilitator(ctx);
  await ctx.app.db.transaction().execute(async (tx) => {
    const before = await repo.findBallotOrder(tx, ctx.deliberation.id);
    await repo.updateBallotOrder(tx, ctx.deliberation.id, order);
    if (before !== order) await recordAction(tx, ctx, { kind: "ballot_order_changed", subject: { type: "deliberation", id: null }, before: { ballotOrder: before }, after: { ballotOrder: order } });
  });
}

/** The deliberation's default language: its pages fall back to it, and invitations are written in it (decision 051). */
export async function setDefaultLanguage(ctx: MemberContext, language: Language): Promise<void> {
  requireFacilitator(ctx);
  await ctx.app.db.transaction().execute(async (tx) => {
    const before = ctx.deliberation.defaultLanguage;
    await repo.updateDefaultLanguage(tx, ctx.deliberation.id, language);
    if (before !== language) await recordAction(tx, ctx, { kind: "settings_changed", subject: { type: "deliberation", id: null }, before: { defaultLanguage: before }, after: { defaultLanguage: language } });
  });
}
