import { sql, type Kysely } from "kysely";

// Co-facilitators and voting facilitators (docs/decisions/048). Each deliberation has one owner
// (a user who is a live facilitator of it): the creator at first, another facilitator after a
// handover. `created_by` stays what it says (who created it). A facilitator may also vote
// (`also_votes` = 1), in the stakeholder group and region of their membership row, like a participant.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("deliberations").addColumn("owner_user_id", "text").execute();
  await db.schema.alterTable("memberships").addColumn("also_votes", "integer", (c) => c.notNull().defaultTo(0)).execute();
  await sql`update deliberations set owner_user_id = created_by`.execute(db);
  // a creator who is no longer a live facilitator hands the ownership to the earliest one who is
  await sql`
    update deliberations set owner_user_id = (
      select m.user_id from memberships m
      where m.deliberation_id = deliberations.id and m.role = 'facilitator' and m.removed_at is null
      order by m.created_at, m.id limit 1)
    where not exists (
      select 1 from memberships m
      where m.deliberation_id = deliberations.id and m.user_id = deliberations.created_by and m.role = 'facilitator' and m.removed_at is null)
    and exists (
      select 1 from memberships m
      where m.deliberation_id = deliberations.id and m.role = 'facilitator' and m.removed_at is null)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("memberships").dropColumn("also_votes").execute();
  await db.schema.alterTable("deliberations").dropColumn("owner_user_id").execute();
}
