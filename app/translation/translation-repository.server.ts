import type { Executor } from "../../db/connection";
import type { VersionTranslationsTable } from "../../db/schema";

/** The text columns of a translation, as stored. */
export type TranslationColumns = Pick<VersionTranslationsTable, "title" | "statement" | "rationale" | "indicator" | "threshold_value" | "threshold_unit" | "trigger" | "response">;

/**
 * Translations of the given proposals of a deliberation (scoped by the deliberation in the where
 * clause), with the public facts of the members who wrote and last edited each, newest version first.
 * `language` narrows to one language.
 */
export async function listTranslationsOfProposals(db: Executor, deliberationId: string, proposalIds: readonly string[], language?: string) {
  if (proposalIds.length === 0) return [];
  let query = db
    .selectFrom("version_translations as tr")
    .innerJoin("proposal_versions as v", "v.id", "tr.version_id")
    .innerJoin("memberships as cm", "cm.id", "tr.created_by")
    .innerJoin("users as cu", "cu.id", "cm.user_id")
    .innerJoin("memberships as um", "um.id", "tr.updated_by")
    .innerJoin("users as uu", "uu.id", "um.user_id")
    .select([
      "tr.id",
      "tr.proposal_id",
      "tr.version_id",
      "tr.language",
      "tr.title",
      "tr.statement",
      "tr.rationale",
      "tr.indicator",
      "tr.threshold_value",
      "tr.threshold_unit",
      "tr.trigger",
      "tr.response",
      "tr.source_hash",
      "tr.created_by",
      "tr.created_at",
      "tr.updated_by",
      "tr.updated_at",
      "v.version_number",
      "v.language as original_language",
      "cm.pseudonym as creator_pseudonym",
      "cm.role as creator_role",
      "cu.display_name as creator_name",
      "um.pseudonym as editor_pseudonym",
      "um.role as editor_role",
      "uu.display_name as editor_name",
    ])
    .where("tr.deliberation_id", "=", deliberationId)
    .where("tr.proposal_id", "in", [...proposalIds]);
  if (language !== undefined) query = query.where("tr.language", "=", language);
  return query.orderBy("v.version_number", "desc").orderBy("tr.language").execute();
}

export type TranslationRow = Awaited<ReturnType<typeof listTranslationsOfProposals>>[number];

/** The translation of one version into one language, if any. */
export async function findTranslation(db: Executor, deliberationId: string, versionId: string, language: string) {
  return db
    .selectFrom("version_translations")
    .select(["id", "created_by"])
    .where("deliberation_id", "=", deliberationId)
    .where("version_id", "=", versionId)
    .where("language", "=", language)
    .executeTakeFirst();
}

/**
 * Write the translation of a version into a language: a new row, or the text of the existing one
 * (its first author and time stay). The unique (version, language) decides between two
 * concurrent first writes: the later one edits the earlier.
 */
export async function upsertTranslation(
  db: Executor,
  row: { id: string; deliberation_id: string; proposal_id: string; version_id: string; language: string; source_hash: string; membership_id: string; at: string } & TranslationColumns,
): Promise<void> {
  const { membership_id, at, ...rest } = row;
  const text: TranslationColumns & { source_hash: string } = {
    title: rest.title,
    statement: rest.statement,
    rationale: rest.rationale,
    indicator: rest.indicator,
    threshold_value: rest.threshold_value,
    threshold_unit: rest.threshold_unit,
    trigger: rest.trigger,
    response: rest.response,
    source_hash: rest.source_hash,
  };
  await db
    .insertInto("version_translations")
    .values({ ...rest, created_by: membership_id, created_at: at, updated_by: membership_id, updated_at: at })
    .onConflict((oc) => oc.columns(["version_id", "language"]).doUpdateSet({ ...text, updated_by: membership_id, updated_at: at }))
    .execute();
}

/** The language and words of these versions, only those of the deliberation's proposals. */
export async function listVersionTexts(db: Executor, deliberationId: string, versionIds: readonly string[]) {
  if (versionIds.length === 0) return [];
  return db
    .selectFrom("proposal_versions as v")
    .innerJoin("proposals as p", "p.id", "v.proposal_id")
    .select(["v.id", "v.proposal_id", "v.language", "v.title", "v.statement", "v.rationale", "v.indicator", "v.threshold_value", "v.threshold_unit", "v.trigger", "v.response"])
    .where("p.deliberation_id", "=", deliberationId)
    .where("v.id", "in", [...versionIds])
    .execute();
}
