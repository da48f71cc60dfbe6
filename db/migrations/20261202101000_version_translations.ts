import type { Kysely } from "kysely";

// Translations of a red line's version (docs/decisions/053). The version keeps the language it was
// written in (existing rows: English); a translation belongs to one version and one language, and
// remembers the hash of the original text it was written against, so a draft edited in place
// afterwards shows it as outdated. The original stays the authoritative text: nothing here is
// read by votes, snapshots, reports or bundles.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("proposal_versions").addColumn("language", "text", (c) => c.notNull().defaultTo("en")).execute();
  await db.schema
    .createTable("version_translations")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("deliberation_id", "text", (c) => c.notNull().references("deliberations.id").onDelete("cascade"))
    .addColumn("proposal_id", "text", (c) => c.notNull().references("proposals.id").onDelete("cascade"))
    .addColumn("version_id", "text", (c) => c.notNull().references("proposal_versions.id").onDelete("cascade"))
    .addColumn("language", "text", (c) => c.notNull())
    .addColumn("title", "text", (c) => c.notNull())
    .addColumn("statement", "text", (c) => c.notNull())
    .addColumn("rationale", "text", (c) => c.notNull())
    .addColumn("indicator", "text", (c) => c.notNull())
    .addColumn("threshold_value", "text", (c) => c.notNull())
    .addColumn("threshold_unit", "text", (c) => c.notNull())
    .addColumn("trigger", "text", (c) => c.notNull())
    .addColumn("response", "text", (c) => c.notNull())
    .addColumn("source_hash", "text", (c) => c.notNull())
    .addColumn("created_by", "text", (c) => c.notNull().references("memberships.id"))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_by", "text", (c) => c.notNull().references("memberships.id"))
    .addColumn("updated_at", "text", (c) => c.notNull())
    .addUniqueConstraint("version_translations_version_language", ["version_id", "language"])
    .execute();
  await db.schema.createIndex("version_translations_proposal_idx").on("version_translations").columns(["proposal_id", "language"]).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("version_translations").ifExists().execute();
  await db.schema.alterTable("proposal_versions").dropColumn("language").execute();
}
