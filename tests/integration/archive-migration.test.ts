import { describe, expect, it } from "vitest";
import { Migrator, sql, type Migration } from "kysely";
import { createDatabase } from "../../db/connection";
import { MIGRATION_NAMES, migrateToLatest } from "../../db/migrate";
import { freshDatabase, testEngine } from "../helpers/test-db";

describe(`the archive-and-delete migration (${testEngine()})`, () => {
  it("keeps every published version and its files, and lets a report outlive the membership that published it", async () => {
    const fresh = await freshDatabase({ migrated: false });
    const db = createDatabase(fresh.config);
    try {
      const modules = import.meta.glob<Migration>("../../db/migrations/*.ts", { eager: true });
      const all = Object.fromEntries(Object.entries(modules).map(([file, m]) => [file.replace(/^.*\/(.*)\.ts$/, "$1"), m]));
      const previous = MIGRATION_NAMES[MIGRATION_NAMES.indexOf("20261201160000_archive_and_delete") - 1]!;
      const migrator = new Migrator({ db, provider: { getMigrations: async () => all } });
      expect((await migrator.migrateTo(previous)).error).toBeUndefined();
      const now = new Date().toISOString();
      await db.insertInto("users").values({ id: "u1", email: null, password_hash: null, display_name: "U", created_at: now }).execute();
      await db.insertInto("deliberations").values({ id: "d1", title: "Old", question: "An old question?", description: "", attribution_mode: "named", results_visibility: "live", min_group_size: 5, created_by: "u1", created_at: now, updated_at: now } as never).execute();
      await db.insertInto("rounds").values({ id: "r1", deliberation_id: "d1", number: 1, phase: "closed", opened_at: now, voting_opened_at: now, closed_at: now }).execute();
      await db.insertInto("memberships").values({ id: "m1", deliberation_id: "d1", user_id: "u1", role: "facilitator", stakeholder_group_id: null, region_id: null, pseudonym: "F", created_at: now, removed_at: null }).execute();
      await db.insertInto("reports").values({ id: "rep1", deliberation_id: "d1", round_id: "r1", version: 1, model: "{}", hash: "h".repeat(64), published_at: now, published_by: "m1" }).execute();
      await db.insertInto("report_files").values({ report_id: "rep1", name: "votes.csv", position: 0, content: "a,b", bytes: 3, sha256: "s".repeat(64) }).execute();

      await migrateToLatest(db);

      expect(await db.selectFrom("reports").select(["id", "version", "published_by"]).execute()).toEqual([{ id: "rep1", version: 1, published_by: "m1" }]);
      expect(await db.selectFrom("report_files").select(["report_id", "name", "content"]).execute()).toEqual([{ report_id: "rep1", name: "votes.csv", content: "a,b" }]);
      // the version number stays unique per deliberation
      await expect(db.insertInto("reports").values({ id: "rep2", deliberation_id: "d1", round_id: "r1", version: 1, model: "{}", hash: "h".repeat(64), published_at: now, published_by: "m1" }).execute()).rejects.toThrow();
      // foreign keys still hold after the rebuild, and the publisher's membership may go
      if (testEngine() === "sqlite") expect((await sql`pragma foreign_key_check`.execute(db)).rows).toEqual([]);
      await db.deleteFrom("memberships").where("id", "=", "m1").execute();
      expect(await db.selectFrom("reports").select("published_by").execute()).toEqual([{ published_by: null }]);
      // deleting a report still takes its files (the cascade survived the rebuild)
      await db.deleteFrom("reports").where("id", "=", "rep1").execute();
      expect(await db.selectFrom("report_files").select("name").execute()).toEqual([]);
    } finally {
      await db.destroy();
      await fresh.drop();
    }
  });
});
