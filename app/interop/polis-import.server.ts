import type { DB, Tx } from "../../db/connection";
import { refreshStatistics } from "../../db/dialect";
import { newId } from "../auth/crypto.server";
import type { AppContext } from "../context/app-context.server";
import { seedCategories } from "../deliberation/category-service.server";
import { logger } from "../observability/logger.server";
import { scheduleRoundRecompute } from "../results/round-results.server";
import { takeRoundSnapshot } from "../results/results-source.server";
import { planPolisImport, type PolisExport, type PolisImportPlan } from "./polis-format";
import { createImportJob, discardImportedRows, failImportJob, findImportJob, listUnfinishedImportJobs, type ImportPhase, recordImportProgress, setImportPhase } from "./import-job-repository.server";

const NOT_SPECIFIED = "Not specified (imported from Polis)";
/** Rows per INSERT statement. */
const STATEMENT_ROWS = 200;
/** A write transaction ends after this long (or STEP_ROWS rows), then other requests get their turn. */
const STEP_MS = 20;
const STEP_ROWS = 5000;

export interface ImportResult {
  deliberationId: string;
  participants: number;
  statements: number;
  votes: number;
}

function clip(text: string, max: number): string {
  const clean = text.replace(/\s+/g, " ").trim();
  return clean.length <= max ? clean : clean.slice(0, max - 1).trimEnd() + "…";
}

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Thrown between two transactions when the server stops: the rows stay for the next start to remove. */
class ImportStopped extends Error {}

/** One table's rows, made on demand so that 400,000 rows never sit in memory as objects at once. */
interface RowSource {
  count: number;
  insert: (tx: Tx, from: number, to: number) => Promise<unknown>;
}

/**
 * Import a Polis export as a deliberation with one closed round: each comment becomes a proposal
 * (frozen version 1), each voter a participant membership with an anonymous pseudonym, and each
 * participant's latest vote per comment a vote. Awaits the whole import (the command line, tests);
 * the upload route starts `runPolisImport` in the background instead.
 */
export async function importPolisExport(app: AppContext, facilitatorUserId: string, exported: PolisExport, title: string): Promise<ImportResult> {
  const plan = planPolisImport(exported);
  const job = await createImportJob(app.db, { userId: facilitatorUserId, title, totalRows: totalRows(plan) });
  return runPolisImport(app, job, facilitatorUserId, plan, title);
}

/**
 * Start an import in the background and return its job's id; the job's row tells how it goes.
 * At shutdown (`app.background.stop()`) it stops before its next transaction; the next start removes it.
 */
export async function startPolisImport(app: AppContext, facilitatorUserId: string, plan: PolisImportPlan, title: string): Promise<string> {
  // The job's lock is taken before its row exists, and held (extended) while it runs: another
  // instance that starts meanwhile leaves it alone (discardUnfinishedImports).
  const id = newId();
  let created!: (job: { id: string; deliberationId: string }) => void;
  let failed!: (error: unknown) => void;
  const ready = new Promise<{ id: string; deliberationId: string }>((resolve, reject) => ((created = resolve), (failed = reject)));
  const run = app.locks
    .tryWithLock(importLockKey(id), IMPORT_LOCK_TTL_MS, async () => {
      let job: { id: string; deliberationId: string };
      try {
        job = await createImportJob(app.db, { id, userId: facilitatorUserId, title, totalRows: totalRows(plan) });
      } catch (error) {
        failed(error);
        return;
      }
      created(job);
      await runPolisImport(app, job, facilitatorUserId, plan, title);
    })
    .catch((error) => {
      if (!(error instanceof ImportStopped)) logger().error({ err: error, job: id }, `Polis import ${id} failed`);
    });
  app.background.track(run);
  return (await ready).id;
}

const importLockKey = (jobId: string) => `import:${jobId}`;
/** A dead instance's import is known as such this long after it died (its lock expires). */
export const IMPORT_LOCK_TTL_MS = 15_000;

/**
 * Start-up: an import that was writing when the server stopped will never finish; remove what it
 * wrote and tell its importer. Before anything else reads the database.
 */
export async function discardUnfinishedImports(app: AppContext): Promise<number> {
  let discarded = 0;
  for (const job of await listUnfinishedImportJobs(app.db)) {
    // a job whose lock is held is running on another instance (several instances: decision 032)
    const outcome = await app.locks.tryWithLock(importLockKey(job.id), IMPORT_LOCK_TTL_MS, async () => {
      await discardImportedRows(app.db, job.deliberationId, async () => {});
      await failImportJob(app.db, job.id, "importPolis.interrupted");
    });
    if (outcome.ran) discarded++;
  }
  return discarded;
}

/** An import's phase and progress, for the account that started it only (null for anyone else). */
export async function readImportStatus(db: DB, jobId: string, userId: string): Promise<{ title: string; deliberationId: string; phase: ImportPhase; percent: number; error: string | null } | null> {
  const job = await findImportJob(db, jobId, userId);
  if (!job) return null;
  const percent = job.totalRows === 0 ? 100 : Math.floor((100 * job.doneRows) / job.totalRows);
  return { title: job.title, deliberationId: job.deliberationId, phase: job.phase, percent, error: job.error };
}

/** Users and memberships per voter, proposals and versions per comment, and the votes. */
export function totalRows(plan: PolisImportPlan): number {
  return plan.voters.length * 2 + plan.comments.length * 2 + plan.votes.voter.length;
}

/**
 * Write the import in short transactions, each its own, yielding to the event loop between them, so
 * other requests are served while it runs. Until the last transaction commits the importer's own
 * membership is not live, so no one can open the half-written deliberation; a failure removes
 * every row written and marks the job failed (docs/decisions/023).
 */
export async function runPolisImport(app: AppContext, job: { id: string; deliberationId: string }, facilitatorUserId: string, plan: PolisImportPlan, title: string): Promise<ImportResult> {
  const db = app.db;
  const now = app.clock.now().toISOString();
  const deliberationId = job.deliberationId;
  const roundId = newId();
  const facilitatorMembership = newId();
  try {
    await db.transaction().execute(async (tx) => {
      await tx
        .insertInto("deliberations")
        .values({
          id: deliberationId,
          title: clip(title, 120),
          question: "Imported from a Polis conversation: which statements does the group agree on?",
          description: `Imported from a Polis open-data export (${plan.comments.length} comments, ${plan.voteRows} vote rows from ${plan.source}).`,
          attribution_mode: "anonymous",
          results_visibility: "after_close",
          min_group_size: 5,
          created_by: facilitatorUserId,
          owner_user_id: facilitatorUserId,
          created_at: now,
          updated_at: now,
        })
        .execute();
      await seedCategories(tx, deliberationId, now);
      // removed until the import is complete: the deliberation has no live facilitator until then
      await tx
        .insertInto("memberships")
        .values({ id: facilitatorMembership, deliberation_id: deliberationId, user_id: facilitatorUserId, role: "facilitator", stakeholder_group_id: null, region_id: null, pseudonym: "Facilitator", created_at: now, removed_at: now })
        .execute();
      await tx.insertInto("rounds").values({ id: roundId, deliberation_id: deliberationId, number: 1, phase: "closed", opened_at: now, voting_opened_at: now, closed_at: now }).execute();
    });

    const userIds = plan.voters.map(() => newId());
    const membershipIds = plan.voters.map(() => newId());
    const membershipOf = new Map(plan.voters.map((vid, i) => [vid, membershipIds[i]!]));
    const versionIds = plan.comments.map(() => newId());
    const proposalIds = plan.comments.map(() => newId());
    const authorOf = (i: number) => membershipOf.get(plan.comments[i]!.authorId) ?? facilitatorMembership;
    const createdAt = (i: number) => new Date(Date.parse(now) + i).toISOString(); // keeps the export's order
    const range = (from: number, to: number) => Array.from({ length: to - from }, (_, k) => from + k);
    const { voter, comment, value, timestamp } = plan.votes;

    const sources: RowSource[] = [
      {
        // each voter's account and membership in the same transaction: a cleanup finds the accounts through the memberships
        count: plan.voters.length,
        insert: async (tx, from, to) => {
          await tx.insertInto("users").values(range(from, to).map((i) => ({ id: userIds[i]!, email: null, password_hash: null, display_name: `Polis participant ${plan.voters[i]}`, created_at: now }))).execute();
          await tx
            .insertInto("memberships")
            .values(range(from, to).map((i) => ({ id: membershipIds[i]!, deliberation_id: deliberationId, user_id: userIds[i]!, role: "participant" as const, stakeholder_group_id: null, region_id: null, pseudonym: `Participant ${plan.voters[i]}`, created_at: now, removed_at: null })))
            .execute();
          return null;
        },
      },
      {
        count: plan.comments.length,
        insert: (tx, from, to) =>
          tx
            .insertInto("proposals")
            .values(range(from, to).map((i) => ({ id: proposalIds[i]!, deliberation_id: deliberationId, author_membership_id: authorOf(i), status: "active" as const, merged_into_id: null, status_reason: null, created_at: createdAt(i), updated_at: createdAt(i) })))
            .execute(),
      },
      {
        count: plan.comments.length,
        insert: (tx, from, to) =>
          tx
            .insertInto("proposal_versions")
            .values(
              range(from, to).map((i) => {
                const c = plan.comments[i]!;
                return {
                  id: versionIds[i]!,
                  proposal_id: proposalIds[i]!,
                  version_number: 1,
                  round_id: roundId,
                  title: clip(c.body, 120) || `Comment ${c.id}`,
                  statement: clip(c.body, 600) || `Comment ${c.id}`,
                  rationale: `Polis comment ${c.id}${c.moderated === -1 ? " (moderated out in Polis)" : ""}. ${c.body.length > 600 ? c.body : ""}`.trim(),
                  category: "other.unclassified",
                  indicator: NOT_SPECIFIED,
                  threshold_value: "—",
                  threshold_unit: NOT_SPECIFIED,
                  trigger: NOT_SPECIFIED,
                  response: NOT_SPECIFIED,
                  scope: "use" as const,
                  evidence_links: "[]",
                  created_by_membership_id: authorOf(i),
                  created_at: createdAt(i),
                  frozen_at: now,
                };
              }),
            )
            .execute(),
      },
      {
        count: voter.length,
        insert: (tx, from, to) =>
          tx
            .insertInto("votes")
            .values(
              range(from, to).map((i) => {
                const t = timestamp[i]!;
                const at = t > 1e11 ? new Date(t).toISOString() : now; // smaller values are row numbers or seconds, not times
                const v = value[i];
                return { id: newId(), round_id: roundId, version_id: versionIds[comment[i]!]!, membership_id: membershipIds[voter[i]!]!, choice: v === 1 ? ("agree" as const) : v === -1 ? ("disagree" as const) : ("pass" as const), confidence: null, created_at: at, updated_at: at };
              }),
            )
            .execute(),
      },
    ];

    let done = 0;
    let table = 0;
    let next = 0;
    while (table < sources.length) {
      if (app.background.stopping()) throw new ImportStopped();
      await db.transaction().execute(async (tx) => {
        const started = performance.now();
        let rows = 0;
        while (table < sources.length && rows < STEP_ROWS && performance.now() - started < STEP_MS) {
          const source = sources[table]!;
          const to = Math.min(source.count, next + STATEMENT_ROWS);
          if (to > next) await source.insert(tx, next, to);
          rows += to - next;
          next = to;
          if (next >= source.count) (table++, (next = 0));
        }
        done += rows;
        await recordImportProgress(tx, job.id, done);
      });
      await nextTurn();
    }

    await refreshStatistics(db, ["memberships", "proposals", "proposal_versions", "votes"]);
    await setImportPhase(db, job.id, "finishing");
    await db.transaction().execute(async (tx) => {
      await tx.updateTable("memberships").set({ removed_at: null }).where("id", "=", facilitatorMembership).execute();
      await takeRoundSnapshot(tx, deliberationId, { id: roundId, number: 1 }, now);
      await setImportPhase(tx, job.id, "done");
    });
    scheduleRoundRecompute(app, deliberationId, roundId, 0);
    return { deliberationId, participants: plan.voters.length, statements: plan.comments.length, votes: voter.length };
  } catch (error) {
    if (error instanceof ImportStopped) throw error;
    await discardImportedRows(db, deliberationId, nextTurn);
    await failImportJob(db, job.id, "importPolis.failed");
    throw error;
  }
}
