import type { Kysely } from "kysely";

// Categories become per deliberation (a facilitator adds, renames and retires them) and a
// deliberation may require the typed fields of a red line (expert panels do). Proposal versions
// keep storing the category's key, so frozen versions and published bundles need no rewrite.
// The seed list is copied here (not imported): a migration is frozen in time.
const SEED: readonly [string, string][] = [
  ["malicious_use.wmd", "Malicious use › Weapons of mass destruction"],
  ["malicious_use.cyber_offence", "Malicious use › Cyber offence"],
  ["malicious_use.manipulation", "Malicious use › Manipulation"],
  ["malfunctions.loss_of_control", "Malfunctions › Loss of control"],
  ["malfunctions.self_replication", "Malfunctions › Self-replication"],
  ["malfunctions.deception", "Malfunctions › Deception"],
  ["malfunctions.power_seeking", "Malfunctions › Power seeking"],
  ["malfunctions.reliability", "Malfunctions › Reliability"],
  ["systemic.labour", "Systemic risks › Labour market"],
  ["systemic.concentration", "Systemic risks › Market concentration"],
  ["systemic.privacy", "Systemic risks › Privacy"],
  ["systemic.environment", "Systemic risks › Environment"],
  ["systemic.surveillance", "Systemic risks › Surveillance"],
  ["other.unclassified", "Other › Unclassified"],
];

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("deliberations").addColumn("require_typed_fields", "integer", (c) => c.notNull().defaultTo(0)).execute();
  await db.schema
    .createTable("proposal_categories")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("deliberation_id", "text", (c) => c.notNull().references("deliberations.id").onDelete("cascade"))
    .addColumn("key", "text", (c) => c.notNull())
    .addColumn("label", "text", (c) => c.notNull())
    .addColumn("position", "integer", (c) => c.notNull())
    .addColumn("retired_at", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("proposal_categories_key").on("proposal_categories").columns(["deliberation_id", "key"]).unique().execute();

  const now = new Date().toISOString();
  const deliberations = await db.selectFrom("deliberations").select("id").execute();
  for (const { id } of deliberations as { id: string }[]) {
    const rows: { id: string; deliberation_id: string; key: string; label: string; position: number; retired_at: string | null; created_at: string }[] = SEED.map(([key, label], position) => ({ id: `${id}:${key}`, deliberation_id: id, key, label, position, retired_at: null, created_at: now }));
    // any other key already on a version (older data) stays readable, as a retired category
    const used = await db
      .selectFrom("proposal_versions as v")
      .innerJoin("proposals as p", "p.id", "v.proposal_id")
      .select("v.category")
      .distinct()
      .where("p.deliberation_id", "=", id)
      .where("v.category", "!=", "")
      .execute();
    for (const { category } of used as { category: string }[]) {
      if (!SEED.some(([key]) => key === category)) rows.push({ id: `${id}:${category}`, deliberation_id: id, key: category, label: category, position: rows.length, retired_at: now, created_at: now });
    }
    await db.insertInto("proposal_categories").values(rows).execute();
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("proposal_categories").ifExists().execute();
  await db.schema.alterTable("deliberations").dropColumn("require_typed_fields").execute();
}
