import type { Kysely } from "kysely";

// Email (docs/decisions/046): every message is a row of `email_outbox` first, written in the
// transaction of what causes it; a background sender delivers pending rows over SMTP and marks
// them sent (or failed after its retries). Without SMTP the rows stay and facilitators see them.
// `invite_emails` remembers where an emailed invitation went, so the person who joins through it
// receives notices there (`member_email_settings`, which also holds their unsubscribe).
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("email_outbox")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("deliberation_id", "text", (c) => c.notNull().references("deliberations.id").onDelete("cascade"))
    .addColumn("membership_id", "text", (c) => c.references("memberships.id").onDelete("set null"))
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("recipient", "text", (c) => c.notNull())
    .addColumn("language", "text", (c) => c.notNull())
    .addColumn("subject", "text", (c) => c.notNull())
    .addColumn("body", "text", (c) => c.notNull())
    .addColumn("link", "text", (c) => c.notNull())
    .addColumn("unsubscribe_url", "text")
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("attempts", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("next_attempt_at", "text", (c) => c.notNull())
    .addColumn("last_error", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("sent_at", "text")
    .execute();
  await db.schema.createIndex("email_outbox_due_idx").on("email_outbox").columns(["status", "next_attempt_at"]).execute();
  await db.schema.createIndex("email_outbox_deliberation_idx").on("email_outbox").columns(["deliberation_id", "created_at"]).execute();
  await db.schema
    .createTable("invite_emails")
    .addColumn("invite_id", "text", (c) => c.primaryKey().references("invites.id").onDelete("cascade"))
    .addColumn("email", "text", (c) => c.notNull())
    .execute();
  await db.schema
    .createTable("member_email_settings")
    .addColumn("membership_id", "text", (c) => c.primaryKey().references("memberships.id").onDelete("cascade"))
    .addColumn("email", "text")
    .addColumn("notices_unsubscribed_at", "text")
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("member_email_settings").ifExists().execute();
  await db.schema.dropTable("invite_emails").ifExists().execute();
  await db.schema.dropTable("email_outbox").ifExists().execute();
}
