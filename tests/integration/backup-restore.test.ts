import { execFile } from "node:child_process";
import { copyFileSync, existsSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, writeFileSync, writeSync, closeSync, statSync } from "node:fs";
import { createHash, randomBytes } from "node:crypto";
import { tmpdir } from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import SQLite from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findLiveMembership } from "../../app/deliberation/membership-repository.server";
import { MIGRATION_NAMES } from "../../db/migrate";
import { serverPidPath } from "../../db/server-lock";
import { createInviteToken, demoFacts, joinWithToken, loggedIn } from "../helpers/demo";
import { startTestServer, type Client } from "../helpers/test-server";
import { testEngine } from "../helpers/test-db";

/**
 * Issue 9: a copy of the live file lost just-acknowledged writes. `npm run db:backup` and
 * `npm run db:restore` as an operator runs them — real CLIs in child processes — against a real
 * server taking a storm of votes over HTTP.
 */

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function run(args: string[], databasePath: string, env: Record<string, string> = {}): Promise<Run> {
  return new Promise((resolve) => {
    execFile(args[0]!, args.slice(1), { cwd: process.cwd(), env: { ...process.env, DATABASE_PATH: databasePath, ...env }, timeout: 90_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === "number" ? error.code : -1) : 0, stdout, stderr });
    });
  });
}
const npmRun = (script: string, file: string, databasePath: string, ...flags: string[]) =>
  run(["npm", "run", "--silent", script, "--", file, ...flags], databasePath);
const restore = (file: string, databasePath: string) => run([process.execPath, "--import", "tsx", "db/restore-cli.ts", file], databasePath);

const VOTERS = 8;
const CHOICES = ["agree", "disagree", "pass"] as const;

interface Ballot {
  voter: number;
  versionId: string;
  choice: (typeof CHOICES)[number];
  confidence: number;
}

const sha256 = (file: string) => createHash("sha256").update(readFileSync(file)).digest("hex");
const keptFiles = (dbPath: string) => readdirSync(path.dirname(dbPath)).filter((f) => /\.before-restore-[\dTZ-]+$/.test(f) && f.startsWith(path.basename(dbPath)));

function votesIn(file: string): Map<string, { choice: string; confidence: number | null }> {
  const sqlite = new SQLite(file, { readonly: true, fileMustExist: true });
  try {
    const rows = sqlite.prepare("SELECT membership_id, version_id, choice, confidence FROM votes").all() as {
      membership_id: string;
      version_id: string;
      choice: string;
      confidence: number | null;
    }[];
    return new Map(rows.map((r) => [`${r.membership_id}/${r.version_id}`, { choice: r.choice, confidence: r.confidence }]));
  } finally {
    sqlite.close();
  }
}

// About SQLite: db:backup and db:restore copy and replace the SQLite file. A PostgreSQL deployment
// backs up with its own tools (pg_dump), so this file is skipped under TEST_DATABASE=postgres.
describe.skipIf(testEngine() === "postgres")("backups that restore (real server, real CLIs)", () => {
  let server: Awaited<ReturnType<typeof startTestServer>>;
  let facts: Awaited<ReturnType<typeof demoFacts>>;
  let dbPath: string;
  let backups: string;
  const voters: { client: Client; membershipId: string }[] = [];
  let backupFile: string;
  let ackedBeforeBackup: Ballot[] = [];

  beforeAll(async () => {
    dbPath = path.join(mkdtempSync(path.join(tmpdir(), "accord-srv-")), "accord.db");
    server = await startTestServer({ seedDemo: true, database: { path: dbPath } });
    backups = mkdtempSync(path.join(tmpdir(), "accord-backups-"));
    facts = await demoFacts(server.db);
    const facilitator = await loggedIn(server.url, "facilitator");
    const token = await createInviteToken(facilitator, facts.id, { maxUses: String(VOTERS), stakeholderGroupId: facts.groups[0]!.id });
    for (let i = 0; i < VOTERS; i++) {
      const name = `Storm Voter ${i + 1}`;
      const client = await joinWithToken(server.url, token, name);
      const user = await server.db.selectFrom("users").select("id").where("display_name", "=", name).executeTakeFirstOrThrow();
      voters.push({ client, membershipId: (await findLiveMembership(server.db, facts.id, user.id))!.id });
    }
  });
  afterAll(async () => {
    await server.close();
    rmSync(path.dirname(dbPath), { recursive: true, force: true });
    rmSync(backups, { recursive: true, force: true });
  });

  it("a backup taken during a vote storm holds every vote acknowledged before it started", async () => {
    const ballots: Ballot[] = [];
    for (let voter = 0; voter < VOTERS; voter++) {
      facts.ballot2.forEach((v, j) => ballots.push({ voter, versionId: v.id, choice: CHOICES[(voter + j) % 3]!, confidence: ((voter * 7 + j) % 5) + 1 }));
    }
    // each (voter, version) pair is posted with one choice only, so re-posts never change a stored row
    const firstAck = new Map<Ballot, number>();
    const statuses: number[] = [];
    const ackTimes: number[] = [];
    let next = 0;
    let stop = false;
    const worker = async () => {
      while (!stop) {
        const b = ballots[next++ % ballots.length]!;
        const res = await voters[b.voter]!.client.post(`/d/${facts.id}/vote`, { versionId: b.versionId, choice: b.choice, confidence: String(b.confidence), next: "0" });
        await res.arrayBuffer();
        statuses.push(res.status);
        if (res.status >= 200 && res.status < 400) {
          ackTimes.push(performance.now());
          if (!firstAck.has(b)) firstAck.set(b, performance.now());
        }
      }
    };
    const storm = Array.from({ length: 6 }, worker);
    while (firstAck.size < 30) await new Promise((r) => setTimeout(r, 10));

    backupFile = path.join(backups, "during-storm.db");
    const startedAt = performance.now();
    const out = await npmRun("db:backup", backupFile, dbPath);
    const endedAt = performance.now();
    stop = true;
    await Promise.all(storm);

    expect(out.stderr).toBe("");
    expect(out.code).toBe(0);
    expect(out.stdout).toContain(`Backed up ${dbPath} to ${backupFile}`);
    expect(out.stdout).toContain(`Migration level: ${MIGRATION_NAMES.at(-1)} (${MIGRATION_NAMES.length} applied`);
    expect(out.stdout).toMatch(/^Size: [\d.]+ (KB|MB) \(\d+ bytes\)$/m);
    expect(out.stdout).toMatch(/^ {2}votes +\d+$/m);
    expect(out.stdout).toMatch(/^ {2}yjs_documents +\d+$/m);
    expect(statuses.every((s) => s === 302)).toBe(true);

    ackedBeforeBackup = [...firstAck].filter(([, t]) => t < startedAt).map(([b]) => b);
    expect(ackedBeforeBackup.length).toBeGreaterThanOrEqual(30);
    // the storm went on while the backup ran
    expect(ackTimes.filter((t) => t >= startedAt && t <= endedAt).length).toBeGreaterThan(0);
    const saved = votesIn(backupFile);
    const missing = ackedBeforeBackup.filter((b) => {
      const row = saved.get(`${voters[b.voter]!.membershipId}/${b.versionId}`);
      return row?.choice !== b.choice || row.confidence !== b.confidence;
    });
    expect(missing).toEqual([]);
  }, 120_000);

  it("refuses to overwrite an existing file unless --force", async () => {
    const existing = path.join(backups, "existing.db");
    writeFileSync(existing, "keep me");
    const refused = await npmRun("db:backup", existing, dbPath);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toBe(`backup: ${existing} already exists; choose another file name, or add --force to overwrite it.\n`);
    expect(readFileSync(existing, "utf8")).toBe("keep me");
    const forced = await npmRun("db:backup", existing, dbPath, "--force");
    expect(forced.code).toBe(0);
    expect(forced.stdout).toContain(`to ${existing}`);
    expect(votesIn(existing).size).toBeGreaterThanOrEqual(ackedBeforeBackup.length);
  }, 60_000);

  it("restoring while the server runs is refused, by its pid file and, without it, by the SQLite lock", async () => {
    // no readFileSync of the live file here: closing any descriptor of it drops this process's
    // POSIX locks, the server's SQLite locks included; a restore renames, so the inode tells
    const before = statSync(dbPath).ino;
    const byPid = await restore(backupFile, dbPath);
    expect(byPid.code).toBe(1);
    expect(byPid.stdout).toBe("");
    expect(byPid.stderr).toBe(`restore: Refused: an Accord server (process ${process.pid}) is running on ${dbPath}. Stop the server first, then restore.\n`);

    const pidFile = serverPidPath(dbPath);
    const pid = readFileSync(pidFile, "utf8");
    rmSync(pidFile);
    try {
      const byLock = await restore(backupFile, dbPath);
      expect(byLock.code).toBe(1);
      expect(byLock.stderr).toContain(`restore: Refused: another program has ${dbPath} open`);
    } finally {
      writeFileSync(pidFile, pid);
    }
    expect(keptFiles(dbPath)).toEqual([]);
    expect(statSync(dbPath).ino).toBe(before);
  }, 60_000);

  it("after the server stops, the restore succeeds, keeps the replaced file, and a server on the restored file serves the votes", async () => {
    await server.close();
    expect(existsSync(serverPidPath(dbPath))).toBe(false);

    const out = await npmRun("db:restore", backupFile, dbPath);
    expect(out.stderr).toBe("");
    expect(out.code).toBe(0);
    const kept = keptFiles(dbPath);
    expect(kept).toHaveLength(1);
    expect(kept[0]).toMatch(/\.before-restore-\d{8}T\d{6}Z$/);
    expect(out.stdout).toContain(`Kept the replaced database as ${path.join(path.dirname(dbPath), kept[0]!)}.`);
    expect(out.stdout).toContain(`Restored ${backupFile} to ${dbPath} (integrity ok).`);
    expect(out.stdout).toContain("no migration was needed");

    const saved = votesIn(backupFile);
    server = await startTestServer({ database: { path: dbPath } });
    try {
      const rows = await server.db.selectFrom("votes").select(["membership_id", "version_id", "choice", "confidence"]).execute();
      const served = new Map(rows.map((r) => [`${r.membership_id}/${r.version_id}`, { choice: r.choice, confidence: r.confidence }]));
      expect(served).toEqual(saved);
      for (const b of ackedBeforeBackup) {
        expect(served.get(`${voters[b.voter]!.membershipId}/${b.versionId}`)).toEqual({ choice: b.choice, confidence: b.confidence });
      }
      // each voter's session is in the backup too: their ballot page counts their restored votes
      for (const v of voters) {
        const res = await v.client.at(server.url).get(`/d/${facts.id}/vote`);
        expect(res.status).toBe(200);
        const voted = [...saved.keys()].filter((k) => k.startsWith(`${v.membershipId}/`)).length;
        expect(await res.text()).toContain(`You have voted on ${voted} of ${facts.ballot2.length} red lines`);
      }
    } finally {
      await server.close();
    }
  }, 90_000);

  it("a damaged backup is refused and the database is left as it was", async () => {
    const damaged = path.join(backups, "damaged.db");
    copyFileSync(backupFile, damaged);
    const pageSize = 4096;
    const middle = Math.floor(statSync(damaged).size / pageSize / 2) * pageSize;
    const fd = openSync(damaged, "r+");
    writeSync(fd, randomBytes(pageSize * 4), 0, pageSize * 4, middle);
    closeSync(fd);

    const before = sha256(dbPath);
    const out = await restore(damaged, dbPath);
    expect(out.code).toBe(1);
    expect(out.stderr).toMatch(new RegExp(`^restore: ${damaged.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")} is damaged.*; nothing was changed\\.\\n$`));
    expect(sha256(dbPath)).toBe(before);
    expect(keptFiles(dbPath)).toHaveLength(1);
  }, 60_000);

  it("a backup from a newer migration level is refused; an older one is migrated after the restore", async () => {
    const newer = path.join(backups, "newer.db");
    copyFileSync(backupFile, newer);
    const future = new SQLite(newer);
    future.prepare("INSERT INTO kysely_migration (name, timestamp) VALUES (?, ?)").run("29991231000000_from_a_newer_accord", new Date().toISOString());
    future.close();
    const before = sha256(dbPath);
    const refused = await restore(newer, dbPath);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toBe(
      `restore: ${newer} comes from a newer Accord: its migration 29991231000000_from_a_newer_accord is newer than this code's latest (${MIGRATION_NAMES.at(-1)}). ` +
        "Restore it with the Accord version that wrote it; nothing was changed.\n",
    );
    expect(sha256(dbPath)).toBe(before);

    // the same backup as the code before the last seven migrations would have written it
    const older = path.join(backups, "older.db");
    copyFileSync(backupFile, older);
    const past = new SQLite(older);
    past.exec("DROP TABLE action_log;");
    past.exec("DROP INDEX comments_submission; ALTER TABLE comments DROP COLUMN submission_id; DROP INDEX proposals_submission; ALTER TABLE proposals DROP COLUMN submission_id;");
    past.exec("DROP TABLE import_jobs; DROP INDEX votes_membership_idx;");
    past.exec("DROP TABLE vote_undo; ALTER TABLE votes DROP COLUMN reason; ALTER TABLE deliberations DROP COLUMN ballot_order;");
    past.exec("DROP INDEX proposal_categories_key; DROP TABLE proposal_categories; ALTER TABLE deliberations DROP COLUMN require_typed_fields; ALTER TABLE proposals DROP COLUMN status_round_id;");
    past.exec("ALTER TABLE deliberations DROP COLUMN deleted_at; ALTER TABLE deliberations DROP COLUMN archived_at;");
    past.exec("ALTER TABLE regions DROP COLUMN target_share; ALTER TABLE deliberations DROP COLUMN participation_margin;");
    past.exec("DROP TABLE member_email_settings; DROP TABLE invite_emails; DROP TABLE email_outbox;");
    past.exec("DROP INDEX phase_deadlines_pending_idx; DROP TABLE phase_deadlines;");
    past.exec("DROP TABLE proposal_lineage; DROP TABLE continuations;");
    past.exec("DROP INDEX votes_round_member_idx;");
    past.exec("ALTER TABLE memberships DROP COLUMN also_votes; ALTER TABLE deliberations DROP COLUMN owner_user_id;");
    past.exec("ALTER TABLE users DROP COLUMN language; ALTER TABLE deliberations DROP COLUMN default_language;");
    past.exec("DROP TABLE version_translations; ALTER TABLE proposal_versions DROP COLUMN language;");
    const later = ["20261201100000_import_jobs", "20261201120000_submission_ids", "20261201130000_ballot", "20261201140000_proposal_categories", "20261201143000_proposal_status_round", "20261201160000_archive_and_delete", "20261201170000_action_log", "20261201171000_phase_deadlines", "20261201172000_email_outbox", "20261201173000_participation", "20261201180000_co_facilitators", "20261201181000_continuity", "20261201182000_cockpit", "20261202100000_languages", "20261202101000_version_translations"];
    past.prepare(`DELETE FROM kysely_migration WHERE name IN (${later.map(() => "?").join(", ")})`).run(...later);
    past.close();
    const migrated = await restore(older, dbPath);
    expect(migrated.stderr).toBe("");
    expect(migrated.code).toBe(0);
    expect(migrated.stdout).toContain(`The backup was older than this code: applied ${later.join(", ")}.`);
    expect(migrated.stdout).toContain(`Migration level: ${MIGRATION_NAMES.at(-1)} (${MIGRATION_NAMES.length} applied`);
    expect(votesIn(dbPath)).toEqual(votesIn(backupFile));
    expect(keptFiles(dbPath)).toHaveLength(2);
  }, 60_000);
});

describe("backups of a PostgreSQL deployment", () => {
  it("db:backup and db:restore refuse with a sentence when DATABASE_URL is set, and touch no file", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "accord-pg-backup-"));
    try {
      const env = { DATABASE_URL: "postgres://accord@127.0.0.1:1/accord" };
      const backup = await run(["npm", "run", "--silent", "db:backup", "--", path.join(dir, "copy.db")], path.join(dir, "accord.db"), env);
      expect(backup.code).toBe(1);
      expect(backup.stderr).toBe("backup: DATABASE_URL is set, so the data is in PostgreSQL, not in the SQLite file DATABASE_PATH: back it up with PostgreSQL's own tools (pg_dump, pg_restore).\n");
      writeFileSync(path.join(dir, "copy.db"), "not a database");
      const restored = await run([process.execPath, "--import", "tsx", "db/restore-cli.ts", path.join(dir, "copy.db")], path.join(dir, "accord.db"), env);
      expect(restored.code).toBe(1);
      expect(restored.stderr).toBe("restore: DATABASE_URL is set, so the data is in PostgreSQL, not in the SQLite file DATABASE_PATH: restore it with PostgreSQL's own tools (pg_dump, pg_restore).\n");
      expect(readdirSync(dir)).toEqual(["copy.db"]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});

