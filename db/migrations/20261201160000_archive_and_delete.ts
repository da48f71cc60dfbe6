import { sql, PostgresAdapter, type Kysely } from "kysely";

// A deliberation can be archived (read-only) and deleted. Deleting removes its private data but
// keeps the row itself as a tombstone (title, question, public flag) so its published reports stay
// readable at their URLs (docs/decisions/040). A published version must then outlive the
// membership that published it: `reports.published_by` becomes nullable and is set to null when
// that membership goes. PostgreSQL alters the constraint; SQLite cannot, so the table is rebuilt
// (foreign keys off, as SQLite's ALTER TABLE documentation prescribes; SQLite migrations run
// outside a transaction, so the pragma takes effect).
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("deliberations").addColumn("archived_at", "text").execute();
  await db.schema.alterTable("deliberations").addColumn("deleted_at", "text").execute();
  if (db.getExecutor().adapter instanceof PostgresAdapter) {
    await sql`alter table reports drop constraint if exists reports_published_by_fkey`.execute(db);
    await sql`alter table reports alter column published_by drop not null`.execute(db);
    await sql`alter table reports add constraint reports_published_by_fkey foreign key (published_by) references memberships(id) on delete set null`.execute(db);
    return;
  }
  await sql`pragma foreign_keys = off`.execute(db);
  try {
    await db.schema
      .createTable("reports_new")
      .addColumn("id", "text", (c) => c.primaryKey())
      .addColumn("deliberation_id", "text", (c) => c.notNull().references("deliberations.id").onDelete("cascade"))
      .addColumn("round_id", "text", (c) => c.notNull().references("rounds.id"))
      .addColumn("version", "integer", (c) => c.notNull())
      .addColumn("model", "text", (c) => c.notNull())
      .addColumn("hash", "text", (c) => c.notNull())
      .addColumn("published_at", "text", (c) => c.notNull())
      .addColumn("published_by", "text", (c) => c.references("memberships.id").onDelete("set null"))
      .addUniqueConstraint("reports_version_unique_v2", ["deliberation_id", "version"])
      .execute();
    await sql`insert into reports_new (id, deliberation_id, round_id, version, model, hash, published_at, published_by)
      select id, deliberation_id, round_id, version, model, hash, published_at, published_by from reports`.execute(db);
    await db.schema.dropTable("reports").execute();
    await sql`alter table reports_new rename to reports`.execute(db);
    const broken = await sql`pragma foreign_key_check`.execute(db);
    if (broken.rows.length > 0) throw new Error(`foreign key check failed after rebuilding reports: ${JSON.stringify(broken.rows.slice(0, 3))}`);
  } finally {
    await sql`pragma foreign_keys = on`.execute(db);
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("deliberations").dropColumn("deleted_at").execute();
  await db.schema.alterTable("deliberations").dropColumn("archived_at").execute();
}
