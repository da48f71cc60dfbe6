import { sql, type Kysely } from "kysely";

// Issue 13 (decision 051): a person's saved interface language (null: not chosen, the browser's
// Accept-Language decides), and a deliberation's default language (for a visitor whose browser
// names none Accord speaks, and the language its proposals are written in).
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("users").addColumn("language", "text").execute();
  await db.schema.alterTable("deliberations").addColumn("default_language", "text", (c) => c.notNull().defaultTo(sql`'en'`)).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("deliberations").dropColumn("default_language").execute();
  await db.schema.alterTable("users").dropColumn("language").execute();
}
