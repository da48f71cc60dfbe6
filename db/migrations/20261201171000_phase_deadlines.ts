import type { Kysely } from "kysely";

// A deadline for one phase of one round, and whether the round then moves on by itself
// (docs/decisions/045). The row is the scheduled advance: it is stored, so a restart finds it;
// `claimed_until` is a short lease one instance takes with a single UPDATE, so several instances
// fire it once; `settled_at` + `outcome` record what became of it (advanced, cancelled because the
// phase moved on by hand first, or failed with a sentence). Times are ISO 8601 UTC strings, which
// compare correctly as text on both engines.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("phase_deadlines")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("deliberation_id", "text", (c) => c.notNull().references("deliberations.id").onDelete("cascade"))
    .addColumn("round_id", "text", (c) => c.notNull().references("rounds.id").onDelete("cascade"))
    .addColumn("phase", "text", (c) => c.notNull())
    .addColumn("due_at", "text", (c) => c.notNull())
    .addColumn("auto_advance", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("set_by", "text", (c) => c.references("memberships.id").onDelete("set null"))
    .addColumn("set_at", "text", (c) => c.notNull())
    .addColumn("warned_at", "text")
    .addColumn("claimed_until", "text")
    .addColumn("settled_at", "text")
    .addColumn("outcome", "text") // advanced | cancelled | failed
    .addColumn("failure", "text") // an i18n key, when failed
    .addUniqueConstraint("phase_deadlines_round_phase", ["round_id", "phase"])
    .execute();
  await db.schema.createIndex("phase_deadlines_pending_idx").on("phase_deadlines").columns(["settled_at", "due_at"]).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("phase_deadlines").ifExists().execute();
}
