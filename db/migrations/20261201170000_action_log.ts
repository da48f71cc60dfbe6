import { sql, PostgresAdapter, type Kysely } from "kysely";

// The action log (docs/decisions/044): who changed what in a deliberation, and when, with the value
// before and after. Append-only, enforced by the database on both engines: an UPDATE is always
// refused, a DELETE unless the deliberation is being deleted (its `deleted_at` is set first, in the
// same transaction, by app/deliberation/lifecycle-service.server.ts).
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("action_log")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("deliberation_id", "text", (c) => c.notNull().references("deliberations.id"))
    // null: done by the system (a scheduled advance), not by a member
    .addColumn("actor_membership_id", "text", (c) => c.references("memberships.id"))
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("subject_type", "text", (c) => c.notNull())
    .addColumn("subject_id", "text")
    .addColumn("before", "text")
    .addColumn("after", "text")
    .addColumn("at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("action_log_deliberation_at").on("action_log").columns(["deliberation_id", "at"]).execute();

  if (db.getExecutor().adapter instanceof PostgresAdapter) {
    await sql`
      create function action_log_append_only() returns trigger language plpgsql as $$
      begin
        if tg_op = 'DELETE' and exists (select 1 from deliberations where id = old.deliberation_id and deleted_at is not null) then
          return old;
        end if;
        raise exception 'action_log is append-only: % refused', tg_op using errcode = 'P0001';
      end
      $$`.execute(db);
    await sql`create trigger action_log_append_only before update or delete on action_log for each row execute function action_log_append_only()`.execute(db);
    await sql`create trigger action_log_no_truncate before truncate on action_log for each statement execute function action_log_append_only()`.execute(db);
    return;
  }
  await sql`create trigger action_log_no_update before update on action_log begin select raise(abort, 'action_log is append-only: UPDATE refused'); end`.execute(db);
  await sql`
    create trigger action_log_no_delete before delete on action_log
    when not exists (select 1 from deliberations where id = old.deliberation_id and deleted_at is not null)
    begin select raise(abort, 'action_log is append-only: DELETE refused'); end`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("action_log").ifExists().execute();
  if (db.getExecutor().adapter instanceof PostgresAdapter) await sql`drop function if exists action_log_append_only()`.execute(db);
}
