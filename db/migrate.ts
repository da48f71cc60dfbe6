import { Migrator, type Kysely, type Migration, type MigrationProvider } from "kysely";
import * as initial from "./migrations/20261123180000_initial";
import * as consensus from "./migrations/20261123190000_consensus";
import * as collab from "./migrations/20261123200000_collab";
import * as reports from "./migrations/20261123210000_reports";
import * as returnLinks from "./migrations/20261130100000_return_links";
import * as snapshots from "./migrations/20261130110000_snapshots";
import * as importJobs from "./migrations/20261201100000_import_jobs";
import * as submissionIds from "./migrations/20261201120000_submission_ids";
import * as ballot from "./migrations/20261201130000_ballot";
import * as proposalCategories from "./migrations/20261201140000_proposal_categories";
import * as proposalStatusRound from "./migrations/20261201143000_proposal_status_round";
import * as archiveAndDelete from "./migrations/20261201160000_archive_and_delete";
import * as actionLog from "./migrations/20261201170000_action_log";
import * as phaseDeadlines from "./migrations/20261201171000_phase_deadlines";
import * as emailOutbox from "./migrations/20261201172000_email_outbox";
import * as participation from "./migrations/20261201173000_participation";
import * as coFacilitators from "./migrations/20261201180000_co_facilitators";
import * as continuity from "./migrations/20261201181000_continuity";
import * as cockpit from "./migrations/20261201182000_cockpit";
import * as languages from "./migrations/20261202100000_languages";
import * as versionTranslations from "./migrations/20261202101000_version_translations";

/**
 * Migrations are listed statically (not read from the folder at run time) so that the same list
 * works under tsx, Vitest and a bundled build. Add each new timestamped file here.
 */
const MIGRATIONS: Record<string, Migration> = {
  "20261123180000_initial": initial,
  "20261123190000_consensus": consensus,
  "20261123200000_collab": collab,
  "20261123210000_reports": reports,
  "20261130100000_return_links": returnLinks,
  "20261130110000_snapshots": snapshots,
  "20261201100000_import_jobs": importJobs,
  "20261201120000_submission_ids": submissionIds,
  "20261201130000_ballot": ballot,
  "20261201140000_proposal_categories": proposalCategories,
  "20261201143000_proposal_status_round": proposalStatusRound,
  "20261201160000_archive_and_delete": archiveAndDelete,
  "20261201170000_action_log": actionLog,
  "20261201171000_phase_deadlines": phaseDeadlines,
  "20261201172000_email_outbox": emailOutbox,
  "20261201173000_participation": participation,
  "20261201180000_co_facilitators": coFacilitators,
  "20261201181000_continuity": continuity,
  "20261201182000_cockpit": cockpit,
  "20261202100000_languages": languages,
  "20261202101000_version_translations": versionTranslations,
};

/** Every migration this code knows, oldest first; the last one is the schema level it expects. */
export const MIGRATION_NAMES: readonly string[] = Object.keys(MIGRATIONS).sort();
/** Kysely's bookkeeping table: one row per applied migration. */
export const MIGRATION_TABLE = "kysely_migration";

class StaticMigrationProvider implements MigrationProvider {
  async getMigrations(): Promise<Record<string, Migration>> {
    return MIGRATIONS;
  }
}

/** Migrations this code knows that the database has not applied (readiness: the schema is behind). */
export async function pendingMigrations(db: Kysely<any>): Promise<string[]> {
  const migrator = new Migrator({ db, provider: new StaticMigrationProvider() });
  return (await migrator.getMigrations()).filter((m) => !m.executedAt).map((m) => m.name);
}

/** Bring the schema to the latest migration; throws with the failing migration's name. */
export async function migrateToLatest(db: Kysely<any>): Promise<string[]> {
  const migrator = new Migrator({ db, provider: new StaticMigrationProvider() });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === "Error");
  if (error || failed) {
    const name = failed?.migrationName ?? "unknown migration";
    const reason = error instanceof Error ? error.message : String(error ?? "failed");
    throw new Error(`Migration ${name} failed: ${reason}`);
  }
  return (results ?? []).map((r) => r.migrationName);
}
