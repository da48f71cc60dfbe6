import { type Kysely, sql } from "kysely";

// Personal return links for members who joined by invitation (no password). Only a SHA-256 of the
// token is stored for lookup; the token itself is an HMAC of a server secret over `nonce`, so it can
// be shown again without being readable from the database (docs/decisions/016-return-links.md).
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("return_links")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("membership_id", "text", (c) => c.notNull().references("memberships.id").onDelete("cascade"))
    .addColumn("nonce", "text", (c) => c.notNull())
    .addColumn("token_hash", "text", (c) => c.notNull().unique())
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("revoked_at", "text")
    .addColumn("revoked_by", "text") // "facilitator" | "member"
    .execute();
  // At most one live link per membership, enforced by the database.
  await db.schema
    .createIndex("return_links_live_unique")
    .on("return_links")
    .column("membership_id")
    .unique()
    .where(sql.ref("revoked_at"), "is", null)
    .execute();
  // Sessions opened through a return link end when that link is revoked.
  await db.schema
    .alterTable("sessions")
    .addColumn("return_link_id", "text", (c) => c.references("return_links.id").onDelete("set null"))
    .execute();
  await db.schema.createIndex("sessions_return_link_idx").on("sessions").column("return_link_id").execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex("sessions_return_link_idx").ifExists().execute();
  await db.schema.alterTable("sessions").dropColumn("return_link_id").execute();
  await db.schema.dropTable("return_links").ifExists().execute();
}
