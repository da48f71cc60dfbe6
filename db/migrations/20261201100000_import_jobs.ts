import type { Kysely } from "kysely";

// A Polis import runs in the background in short transactions: one row per import records its
// phase and progress for the importer's status page, and which deliberation it is writing, so that
// an import cut short (a failure, a restart) is found and removed (docs/decisions/023).
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("import_jobs")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("user_id", "text", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("deliberation_id", "text", (c) => c.notNull())
    .addColumn("title", "text", (c) => c.notNull())
    .addColumn("phase", "text", (c) => c.notNull()) // writing | finishing | done | failed
    .addColumn("done_rows", "integer", (c) => c.notNull())
    .addColumn("total_rows", "integer", (c) => c.notNull())
    .addColumn("error", "text") // an i18n key, when failed
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("import_jobs_phase_idx").on("import_jobs").column("phase").execute();
  // Removing a membership (a failed import's voters) checks its votes: without this index, a scan
  // of every vote per membership.
  await db.schema.createIndex("votes_membership_idx").on("votes").column("membership_id").execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex("votes_membership_idx").ifExists().execute();
  await db.schema.dropTable("import_jobs").ifExists().execute();
}
