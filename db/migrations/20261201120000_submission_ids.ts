import type { Kysely } from "kysely";

// One form submission stores at most one comment or proposal per member: the form carries a
// random submission id, and a repeat of it (double click, retry) finds the row it first made.
// Rows without an id (older clients, scripts) never collide: NULLs are distinct in a unique
// index in SQLite and PostgreSQL alike.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("comments").addColumn("submission_id", "text").execute();
  await db.schema.createIndex("comments_submission").on("comments").columns(["membership_id", "submission_id"]).unique().execute();
  await db.schema.alterTable("proposals").addColumn("submission_id", "text").execute();
  await db.schema.createIndex("proposals_submission").on("proposals").columns(["author_membership_id", "submission_id"]).unique().execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex("proposals_submission").ifExists().execute();
  await db.schema.alterTable("proposals").dropColumn("submission_id").execute();
  await db.schema.dropIndex("comments_submission").ifExists().execute();
  await db.schema.alterTable("comments").dropColumn("submission_id").execute();
}
