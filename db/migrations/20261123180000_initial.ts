import { type Kysely, sql } from "kysely";

// Frozen in time: this file never imports application code. Ids are application-generated
// random strings and times are ISO-8601 text, so the same schema runs on SQLite and PostgreSQL.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("users")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("email", "text", (c) => c.unique())
    .addColumn("password_hash", "text")
    .addColumn("display_name", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();

  await db.schema
    .createTable("sessions")
    .addColumn("id", "text", (c) => c.primaryKey()) // sha-256 of the cookie token
    .addColumn("user_id", "text", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("expires_at", "text", (c) => c.notNull())
    .addColumn("revoked_at", "text")
    .execute();
  await db.schema.createIndex("sessions_user_idx").on("sessions").column("user_id").execute();

  await db.schema
    .createTable("deliberations")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("title", "text", (c) => c.notNull())
    .addColumn("question", "text", (c) => c.notNull())
    .addColumn("description", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("attribution_mode", "text", (c) => c.notNull().defaultTo("chatham_house"))
    .addColumn("results_visibility", "text", (c) => c.notNull().defaultTo("after_close"))
    .addColumn("min_group_size", "integer", (c) => c.notNull().defaultTo(5))
    .addColumn("created_by", "text", (c) => c.notNull().references("users.id"))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .execute();

  await db.schema
    .createTable("stakeholder_groups")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("deliberation_id", "text", (c) => c.notNull().references("deliberations.id").onDelete("cascade"))
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("target_share", "real", (c) => c.notNull())
    .addColumn("position", "integer", (c) => c.notNull())
    .addUniqueConstraint("stakeholder_groups_name_unique", ["deliberation_id", "name"])
    .execute();

  await db.schema
    .createTable("regions")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("deliberation_id", "text", (c) => c.notNull().references("deliberations.id").onDelete("cascade"))
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("position", "integer", (c) => c.notNull())
    .addUniqueConstraint("regions_name_unique", ["deliberation_id", "name"])
    .execute();

  await db.schema
    .createTable("memberships")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("deliberation_id", "text", (c) => c.notNull().references("deliberations.id").onDelete("cascade"))
    .addColumn("user_id", "text", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("role", "text", (c) => c.notNull())
    .addColumn("stakeholder_group_id", "text", (c) => c.references("stakeholder_groups.id"))
    .addColumn("region_id", "text", (c) => c.references("regions.id"))
    .addColumn("pseudonym", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("removed_at", "text")
    .addUniqueConstraint("memberships_user_unique", ["deliberation_id", "user_id"])
    .addUniqueConstraint("memberships_pseudonym_unique", ["deliberation_id", "pseudonym"])
    .execute();

  await db.schema
    .createTable("invites")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("deliberation_id", "text", (c) => c.notNull().references("deliberations.id").onDelete("cascade"))
    .addColumn("token_hash", "text", (c) => c.notNull().unique())
    .addColumn("role", "text", (c) => c.notNull())
    .addColumn("stakeholder_group_id", "text", (c) => c.references("stakeholder_groups.id"))
    .addColumn("region_id", "text", (c) => c.references("regions.id"))
    .addColumn("label", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("max_uses", "integer", (c) => c.notNull())
    .addColumn("uses", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("expires_at", "text", (c) => c.notNull())
    .addColumn("revoked_at", "text")
    .addColumn("created_by", "text", (c) => c.notNull().references("users.id"))
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();

  await db.schema
    .createTable("rounds")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("deliberation_id", "text", (c) => c.notNull().references("deliberations.id").onDelete("cascade"))
    .addColumn("number", "integer", (c) => c.notNull())
    .addColumn("phase", "text", (c) => c.notNull())
    .addColumn("opened_at", "text", (c) => c.notNull())
    .addColumn("voting_opened_at", "text")
    .addColumn("closed_at", "text")
    .addUniqueConstraint("rounds_number_unique", ["deliberation_id", "number"])
    .execute();

  await db.schema
    .createTable("proposals")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("deliberation_id", "text", (c) => c.notNull().references("deliberations.id").onDelete("cascade"))
    .addColumn("author_membership_id", "text", (c) => c.notNull().references("memberships.id"))
    .addColumn("status", "text", (c) => c.notNull().defaultTo("active"))
    .addColumn("merged_into_id", "text", (c) => c.references("proposals.id"))
    .addColumn("status_reason", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("proposals_deliberation_idx").on("proposals").column("deliberation_id").execute();

  await db.schema
    .createTable("proposal_versions")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("proposal_id", "text", (c) => c.notNull().references("proposals.id").onDelete("cascade"))
    .addColumn("version_number", "integer", (c) => c.notNull())
    .addColumn("round_id", "text", (c) => c.notNull().references("rounds.id"))
    .addColumn("title", "text", (c) => c.notNull())
    .addColumn("statement", "text", (c) => c.notNull())
    .addColumn("rationale", "text", (c) => c.notNull())
    .addColumn("category", "text", (c) => c.notNull())
    .addColumn("indicator", "text", (c) => c.notNull())
    .addColumn("threshold_value", "text", (c) => c.notNull())
    .addColumn("threshold_unit", "text", (c) => c.notNull())
    .addColumn("trigger", "text", (c) => c.notNull())
    .addColumn("response", "text", (c) => c.notNull())
    .addColumn("scope", "text", (c) => c.notNull())
    .addColumn("evidence_links", "text", (c) => c.notNull().defaultTo("[]"))
    .addColumn("created_by_membership_id", "text", (c) => c.notNull().references("memberships.id"))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("frozen_at", "text")
    .addUniqueConstraint("proposal_versions_number_unique", ["proposal_id", "version_number"])
    .execute();
  await db.schema.createIndex("proposal_versions_round_idx").on("proposal_versions").column("round_id").execute();

  await db.schema
    .createTable("votes")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("round_id", "text", (c) => c.notNull().references("rounds.id").onDelete("cascade"))
    .addColumn("version_id", "text", (c) => c.notNull().references("proposal_versions.id").onDelete("cascade"))
    .addColumn("membership_id", "text", (c) => c.notNull().references("memberships.id").onDelete("cascade"))
    .addColumn("choice", "text", (c) => c.notNull())
    .addColumn("confidence", "integer")
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    // Exactly one vote per participant per frozen version, whatever the client does.
    .addUniqueConstraint("votes_one_per_member_version", ["version_id", "membership_id"])
    .execute();
  await db.schema.createIndex("votes_round_idx").on("votes").column("round_id").execute();

  await sql`select 1`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of [
    "votes", "proposal_versions", "proposals", "rounds", "invites", "memberships",
    "regions", "stakeholder_groups", "deliberations", "sessions", "users",
  ]) {
    await db.schema.dropTable(t).ifExists().execute();
  }
}
