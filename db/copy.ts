import { sql, type Kysely } from "kysely";
import { existsSync } from "node:fs";
import { createDatabase, describeDatabaseConfig, type DatabaseConfig } from "./connection";
import { MIGRATION_NAMES, MIGRATION_TABLE, migrateToLatest } from "./migrate";

/** A copy that cannot start or would change something it should not: a sentence for the operator. */
export class CopyRefusal extends Error {}

/**
 * Every table of Accord, parents before children, with the key that orders its rows and (for a
 * table that points at itself) the column whose parent must be copied first. A table missing here
 * would be silently left behind, so `copyDatabase` refuses to run when the migrated schema holds a
 * table this list does not name (and a test checks the list against the schema).
 */
export const COPY_ORDER: readonly { table: string; key: readonly string[]; selfParent?: string }[] = [
  { table: "users", key: ["id"] },
  { table: "deliberations", key: ["id"] },
  { table: "proposal_categories", key: ["id"] },
  { table: "stakeholder_groups", key: ["id"] },
  { table: "regions", key: ["id"] },
  { table: "memberships", key: ["id"] },
  { table: "return_links", key: ["id"] },
  { table: "sessions", key: ["id"] },
  { table: "invites", key: ["id"] },
  { table: "rounds", key: ["id"] },
  { table: "proposals", key: ["id"], selfParent: "merged_into_id" },
  { table: "proposal_versions", key: ["id"] },
  { table: "votes", key: ["id"] },
  { table: "vote_undo", key: ["membership_id"] },
  { table: "round_results", key: ["round_id"] },
  { table: "round_snapshots", key: ["round_id"] },
  { table: "round_analyses", key: ["id"] },
  { table: "yjs_documents", key: ["name"] },
  { table: "comments", key: ["id"], selfParent: "parent_id" },
  { table: "comment_reads", key: ["membership_id", "proposal_id"] },
  { table: "reports", key: ["id"] },
  { table: "report_files", key: ["report_id", "name"] },
  { table: "import_jobs", key: ["id"] },
  { table: "action_log", key: ["id"] },
  { table: "phase_deadlines", key: ["id"] },
  { table: "email_outbox", key: ["id"] },
  { table: "invite_emails", key: ["invite_id"] },
  { table: "member_email_settings", key: ["membership_id"] },
  { table: "continuations", key: ["id"] },
  { table: "proposal_lineage", key: ["proposal_id"] },
  { table: "version_translations", key: ["id"] },
];

/** Rows per insert: both engines cap the parameters of one statement (SQLite 32,766; PostgreSQL 65,535). */
const MAX_PARAMETERS = 30_000;

export interface CopySummary {
  from: string;
  to: string;
  tables: { table: string; rows: number }[];
}

type Row = Record<string, unknown>;

/** The tables of a migrated database, Kysely's own bookkeeping left out. */
async function tablesOf(db: Kysely<any>): Promise<string[]> {
  const tables = await db.introspection.getTables();
  return tables.map((t) => t.name).filter((name) => !name.startsWith("kysely_"));
}

async function appliedMigrations(db: Kysely<any>): Promise<string[]> {
  const tables = await db.introspection.getTables({ withInternalKyselyTables: true });
  if (!tables.some((t) => t.name === MIGRATION_TABLE)) return [];
  const rows = await db.selectFrom(MIGRATION_TABLE).select("name").orderBy("name").execute();
  return rows.map((r) => String(r.name));
}

/** Rows ordered so that a row's parent in the same table comes before it (replies, merges). */
function parentsFirst(rows: Row[], selfParent: string | undefined): Row[] {
  if (!selfParent) return rows;
  const byId = new Map(rows.map((r) => [r.id, r]));
  const placed = new Set<unknown>();
  const out: Row[] = [];
  const place = (row: Row, depth: number) => {
    if (placed.has(row.id)) return;
    const parent = byId.get(row[selfParent]);
    if (parent && parent !== row && depth < rows.length) place(parent, depth + 1);
    placed.add(row.id);
    out.push(row);
  };
  for (const row of rows) place(row, 0);
  return out;
}

/**
 * Copy a whole Accord database into another, possibly of the other engine (SQLite → PostgreSQL when
 * an assembly outgrows one machine). The source must be at this code's migration level (run the
 * server or `npm run db:migrate` on it first); the target is migrated here and must hold no data.
 * Every table is copied in dependency order inside one transaction on the target: either all of it
 * is there afterwards, or nothing is.
 */
export async function copyDatabase(from: DatabaseConfig, to: DatabaseConfig): Promise<CopySummary> {
  if (JSON.stringify(from) === JSON.stringify(to)) throw new CopyRefusal("The source and the target are the same database.");
  if ("path" in from && !existsSync(from.path)) throw new CopyRefusal(`There is no database file at ${from.path}.`);
  // a copy moves rows of every table alike: untyped on purpose
  const source = createDatabase(from) as unknown as Kysely<any>;
  const target = createDatabase(to) as unknown as Kysely<any>;
  try {
    const level = await appliedMigrations(source);
    const latest = MIGRATION_NAMES.at(-1);
    if (level.length === 0) throw new CopyRefusal(`${describeDatabaseConfig(from)} is not an Accord database (no migrations applied).`);
    if (level.at(-1) !== latest) {
      throw new CopyRefusal(
        `${describeDatabaseConfig(from)} is at migration ${level.at(-1)}, this code at ${latest}: ` +
          (MIGRATION_NAMES.includes(level.at(-1)!) ? "migrate it first (start the server on it, or npm run db:migrate)." : "it comes from a newer Accord."),
      );
    }
    await migrateToLatest(target);

    const known = new Set(COPY_ORDER.map((t) => t.table));
    const unknown = (await tablesOf(source)).filter((t) => !known.has(t));
    if (unknown.length > 0) throw new CopyRefusal(`This copy does not know the table(s) ${unknown.join(", ")}; nothing was copied.`);

    const summary: CopySummary = { from: describeDatabaseConfig(from), to: describeDatabaseConfig(to), tables: [] };
    await target.transaction().execute(async (tx) => {
      for (const { table } of COPY_ORDER) {
        const [{ n }] = (await tx.selectFrom(table).select(sql<number>`count(*)`.as("n")).execute()) as [{ n: number }];
        if (Number(n) > 0) throw new CopyRefusal(`${describeDatabaseConfig(to)} already holds data (table ${table}); copy only into an empty database.`);
      }
      for (const { table, key, selfParent } of COPY_ORDER) {
        let query = source.selectFrom(table).selectAll();
        for (const column of key) query = query.orderBy(column);
        const rows = parentsFirst((await query.execute()) as Row[], selfParent);
        if (rows.length > 0) {
          const perInsert = Math.max(1, Math.floor(MAX_PARAMETERS / Object.keys(rows[0]!).length));
          for (let i = 0; i < rows.length; i += perInsert) await tx.insertInto(table).values(rows.slice(i, i + perInsert)).execute();
        }
        summary.tables.push({ table, rows: rows.length });
      }
    });
    return summary;
  } finally {
    await source.destroy();
    await target.destroy();
  }
}

/** A command-line argument: a `postgres://` URL, or the path of an SQLite file. */
export function parseDatabaseArgument(value: string): DatabaseConfig {
  return /^postgres(ql)?:\/\//i.test(value) ? { url: value } : { path: value };
}
