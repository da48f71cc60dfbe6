import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AppContext } from "../../app/context/app-context.server";
import { importPolisExport } from "../../app/interop/polis-import.server";
import { parsePolisExport } from "../../app/interop/polis-format";
import type { DB } from "../../db/connection";
import { engineOf, isUniqueViolation } from "../../db/dialect";
import { generatePolisExport } from "../helpers/polis-import";
import { makeUser } from "../helpers/scenario";
import { createTestDb, testEngine } from "../helpers/test-db";

// The engine differences of db/dialect.ts (docs/decisions/029), on the engine this run tests.
let db: DB;
let app: AppContext;
let cleanup: () => Promise<void>;
beforeAll(async () => {
  ({ db, app, cleanup } = await createTestDb());
});
afterAll(async () => cleanup());

describe(`the database engine (${testEngine()})`, () => {
  it("is the engine this test run asked for", () => {
    expect(engineOf(db)).toBe(testEngine());
  });

  it("returns counts and sums as numbers, as the repositories expect", async () => {
    await makeUser(app, "Counted Once");
    await makeUser(app, "Counted Twice");
    const row = await db
      .selectFrom("users")
      .select((eb) => [eb.fn.countAll<number>().as("n"), sql<number>`sum(case when display_name like 'Counted%' then 1 else 0 end)`.as("counted")])
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ n: 2, counted: 2 });
  });

  it("tells a unique violation from other failures", async () => {
    await makeUser(app, "Unique Una", "una@example.org");
    const duplicate = await makeUser(app, "Unique Una again", "una@example.org").catch((error: unknown) => error);
    expect(isUniqueViolation(duplicate)).toBe(true);
    const other = await sql`select * from no_such_table`.execute(db).catch((error: unknown) => error);
    expect(isUniqueViolation(other)).toBe(false);
  });

  // About PostgreSQL: SQLite plans from its indexes and keeps no statistics to refresh.
  it.skipIf(testEngine() !== "postgres")("refreshes the planner's statistics after a Polis import, so the next join is not planned for empty tables", async () => {
    const facilitator = await makeUser(app, "Stats Importer", "stats@example.org");
    await importPolisExport(app, facilitator, parsePolisExport(generatePolisExport({ comments: 20, voters: 200, voteRows: 3000 })), "Statistics");
    const stale = await sql<{ relname: string; n_mod_since_analyze: number }>`
      select relname, n_mod_since_analyze from pg_stat_user_tables where relname in ('votes', 'memberships') order by relname`.execute(db);
    expect(stale.rows).toEqual([
      { relname: "memberships", n_mod_since_analyze: 0 },
      { relname: "votes", n_mod_since_analyze: 0 },
    ]);
  });
});

describe.skipIf(testEngine() !== "postgres")("recurring statements on PostgreSQL (prepared once per connection)", () => {
  let db: DB;
  let cleanup: () => Promise<void>;
  beforeAll(async () => {
    ({ db, cleanup } = await createTestDb());
  });
  afterAll(async () => cleanup());

  it("a recurring read is prepared once and reused; `select *` and statements with many parameters are never prepared", async () => {
    await db.connection().execute(async (c) => {
      const prepared = async () => (await sql<{ statement: string }>`select statement from pg_prepared_statements`.execute(c)).rows.map((r) => r.statement);
      for (const email of ["a@example.org", "b@example.org", "c@example.org"]) await c.selectFrom("users").select(["id"]).where("email", "=", email).execute();
      await c.selectFrom("users").selectAll().where("email", "=", "d@example.org").execute();
      const ids = Array.from({ length: 30 }, (_, i) => `id-${i}`);
      await c.selectFrom("users").select(["id"]).where("id", "in", ids).execute();
      const statements = await prepared();
      expect(statements.filter((s) => s.includes(`where "email" = $1`) && s.includes(`select "id"`))).toHaveLength(1);
      expect(statements.some((s) => s.includes("select *"))).toBe(false);
      expect(statements.some((s) => s.includes("$30"))).toBe(false);
      // a column added meanwhile (a migration during a rolling deploy) does not break the prepared read
      await sql`alter table users add column nickname text`.execute(c);
      await c.selectFrom("users").select(["id"]).where("email", "=", "e@example.org").execute();
      await c.selectFrom("users").selectAll().where("email", "=", "f@example.org").execute();
      await sql`alter table users drop column nickname`.execute(c);
    });
  });
});
