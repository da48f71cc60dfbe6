import type { Kysely } from "kysely";

// Live discussion: persisted Yjs documents, comment threads (SQL is the source of truth for
// comments; the Yjs comments document mirrors them for live display), and read markers.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("yjs_documents")
    .addColumn("name", "text", (c) => c.primaryKey())
    .addColumn("state", "text", (c) => c.notNull()) // base64 of Y.encodeStateAsUpdate
    .addColumn("updated_at", "text", (c) => c.notNull())
    .execute();
  await db.schema
    .createTable("comments")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("deliberation_id", "text", (c) => c.notNull().references("deliberations.id").onDelete("cascade"))
    .addColumn("proposal_id", "text", (c) => c.notNull().references("proposals.id").onDelete("cascade"))
    .addColumn("membership_id", "text", (c) => c.notNull().references("memberships.id"))
    .addColumn("parent_id", "text", (c) => c.references("comments.id"))
    .addColumn("anchor", "text")
    .addColumn("stance", "text", (c) => c.notNull())
    .addColumn("body", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("edited_at", "text")
    .addColumn("deleted_at", "text")
    .addColumn("hidden_at", "text")
    .addColumn("hidden_reason", "text")
    .addColumn("hidden_by", "text", (c) => c.references("memberships.id"))
    .execute();
  await db.schema.createIndex("comments_proposal_idx").on("comments").columns(["proposal_id", "created_at"]).execute();
  await db.schema.createIndex("comments_member_idx").on("comments").columns(["membership_id", "created_at"]).execute();
  await db.schema
    .createTable("comment_reads")
    .addColumn("membership_id", "text", (c) => c.notNull().references("memberships.id").onDelete("cascade"))
    .addColumn("proposal_id", "text", (c) => c.notNull().references("proposals.id").onDelete("cascade"))
    .addColumn("last_seen_at", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("comment_reads_pk", ["membership_id", "proposal_id"])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ["comment_reads", "comments", "yjs_documents"]) await db.schema.dropTable(t).ifExists().execute();
}
