import { newId } from "../auth/crypto.server";
import { findRoundByNumber, listRounds } from "../deliberation/round-repository.server";
import type { Executor } from "../../db/connection";
import { assertFound, assertNoConflict, Refusal, refuseUnless } from "../refusal";
import { requireNotArchived, requireRole, type MemberContext } from "../deliberation/access.server";
import { isUniqueViolation } from "../../db/dialect";
import { downloadableFiles } from "./report-files.server";
import { t } from "../i18n/i18n";
import { createHash } from "node:crypto";
import { buildOpenDataBundle } from "./open-data-bundle";
import { findSnapshot } from "../results/results-source.server";
import { computeRoundConsensus } from "../results/round-consensus";
import { findPublicDeliberation, findReport, findReportFile, insertReport, insertReportFiles, listReportFiles, listReports, maxReportVersion, setPublicReports } from "./publication-repository.server";
import { buildReport, type ReportOptions } from "./report-service.server";
import type { ReportModel } from "./report-types";
import { recordAction } from "../deliberation/action-log-service.server";

export type SectionNotes = ReportOptions["notes"];

/** The round a report is built from: any round of the deliberation with votes (preview), closed to publish. */
async function requireRound(ctx: MemberContext, roundNumber: number, mustBeClosed: boolean) {
  const round = await findRoundByNumber(ctx.app.db, ctx.deliberation.id, roundNumber);
  assertFound(round, "errors.roundNotFound", { params: { number: roundNumber } });
  const about = { params: { number: roundNumber, phase: t(`phases.${round.phase}.name`) } };
  assertNoConflict(!mustBeClosed || round.phase === "closed", "report.errors.roundOpen", about);
  assertNoConflict(round.phase === "voting" || round.phase === "closed", "report.errors.noVotes", about);
  return round;
}

/** A preview of the report for a round (facilitators; not stored). */
export async function previewReport(ctx: MemberContext, roundNumber: number, options: { summary: string; notes: SectionNotes }): Promise<ReportModel> {
  const round = await requireRound(ctx, roundNumber, false);
  return buildReport(ctx.app.db, ctx.deliberation.id, round.id, { ...options, generatedAt: ctx.app.clock.now().toISOString() });
}

/**
 * Publish version N+1: the report model and its open-data bundle (docs/open-data-bundle.md),
 * both from the round's snapshot, stored once and served as stored. The version's hash is the
 * SHA-256 of the bundle's manifest, which covers every file and not the publication time, so an
 * unchanged round published twice has the same hash. Only a closed round can be published; the
 * version number is unique per deliberation (a concurrent double publish fails on the constraint).
 */
export async function publishReport(ctx: MemberContext, roundNumber: number, options: { summary: string; notes: SectionNotes; basedOn?: number }) {
  requireRole(ctx, ["facilitator"]);
  requireNotArchived(ctx);
  const round = await requireRound(ctx, roundNumber, true);
  const frozen = await findSnapshot(ctx.app.db, round.id);
  assertNoConflict(frozen, "report.errors.roundOpen", { params: { number: roundNumber, phase: t(`phases.${round.phase}.name`) } });
  const model = await buildReport(ctx.app.db, ctx.deliberation.id, round.id, { ...options, generatedAt: ctx.app.clock.now().toISOString() });
  const { grouping, opinionGroups } = computeRoundConsensus(frozen.snapshot, model.generatedAt, "snapshot");
  const bundle = buildOpenDataBundle({ snapshot: frozen.snapshot, grouping, opinionGroups, model, url: `/reports/${ctx.deliberation.id}` });
  const files = Object.entries(bundle.files).map(([name, content]) => ({ name, content, bytes: Buffer.byteLength(content, "utf8"), sha256: createHash("sha256").update(content, "utf8").digest("hex") }));
  const concurrent = (latest: number) => new Refusal(409, "reportFlow.concurrent", { params: { version: latest } });
  try {
    const published = await insertVersion(ctx, round.id, model, bundle.contentHash, files, (latest) => {
      // the form was shown before another version was published (a second tab, another facilitator)
      if (options.basedOn !== undefined && latest > options.basedOn) throw concurrent(latest);
    });
    // members are told (email notices); a failing subscriber never fails the publication
    await ctx.app.events.publish({ type: "report-published", deliberationId: ctx.deliberation.id, version: published.version });
    return published;
  } catch (error) {
    // two publishes in the same instant: the version number's unique constraint refused the second
    if (isUniqueViolation(error)) throw concurrent(await maxReportVersion(ctx.app.db, ctx.deliberation.id));
    throw error;
  }
}

async function insertVersion(ctx: MemberContext, roundId: string, model: ReportModel, hash: string, files: Parameters<typeof insertReportFiles>[2], check: (latest: number) => void) {
  return ctx.app.db.transaction().execute(async (tx) => {
    const latest = await maxReportVersion(tx, ctx.deliberation.id);
    check(latest);
    const version = latest + 1;
    const id = newId();
    await insertReport(tx, {
      id,
      deliberation_id: ctx.deliberation.id,
      round_id: roundId,
      version,
      model: JSON.stringify(model),
      hash,
      published_at: model.generatedAt,
      published_by: ctx.membership.id,
    });
    await insertReportFiles(tx, id, files);
    await recordAction(tx, ctx, { kind: "report_published", subject: { type: "report", id }, before: null, after: { version, round: model.round.number, hash } }, model.generatedAt);
    return { version, hash };
  });
}

/** The latest published version number (0: none), for the form's conflict check. */
export async function latestVersion(ctx: MemberContext): Promise<number> {
  return maxReportVersion(ctx.app.db, ctx.deliberation.id);
}

/** What the success page shows a facilitator about a version they can publish: its link and downloads. */
export async function describePublishedVersion(ctx: MemberContext, version: number) {
  requireRole(ctx, ["facilitator"]);
  const report = await getPublished(ctx.app.db, ctx.deliberation.id, version, true);
  const isPublic = (await findPublicDeliberation(ctx.app.db, ctx.deliberation.id))?.public_reports === 1;
  return { version: report.version, roundNumber: report.roundNumber, hash: report.hash, publishedAt: report.publishedAt, isPublic, files: downloadableFiles(report.files).sort((a, b) => Number(!a.startsWith("report.")) - Number(!b.startsWith("report."))) };
}

export async function setReportsPublic(ctx: MemberContext, value: boolean) {
  await ctx.app.db.transaction().execute(async (tx) => {
    const before = (await findPublicDeliberation(tx, ctx.deliberation.id))?.public_reports === 1;
    await setPublicReports(tx, ctx.deliberation.id, value);
    if (before !== value) await recordAction(tx, ctx, { kind: "public_reports_changed", subject: { type: "deliberation", id: null }, before: { publicReports: before }, after: { publicReports: value } });
  });
}

/**
 * Published reports as the public sees them: only when the deliberation allows public reports
 * (or the viewer is a member, `asMember`). Anything else is "not found", saying nothing more.
 */
async function requirePublished(db: Executor, deliberationId: string, asMember: boolean) {
  const d = deliberationId.length <= 40 ? await findPublicDeliberation(db, deliberationId) : undefined;
  assertFound(d, "report.errors.notPublic");
  refuseUnless(asMember || d.public_reports === 1, 404, "report.errors.notPublic");
  return d;
}

export async function listPublished(db: Executor, deliberationId: string, asMember: boolean) {
  const d = await requirePublished(db, deliberationId, asMember);
  const versions = await listReports(db, deliberationId);
  return { deliberation: { id: d.id, title: d.title, question: d.question, isPublic: d.public_reports === 1 }, versions };
}

export async function getPublished(db: Executor, deliberationId: string, version: number, asMember: boolean) {
  const d = await requirePublished(db, deliberationId, asMember);
  refuseUnless(Number.isInteger(version) && version >= 1, 404, "report.errors.unknownVersion");
  const row = await findReport(db, deliberationId, version);
  assertFound(row, "report.errors.unknownVersion");
  const latest = await maxReportVersion(db, deliberationId);
  const files = await listReportFiles(db, row.id);
  return {
    id: row.id,
    files,
    deliberation: { id: d.id, title: d.title },
    version: row.version,
    hash: row.hash,
    publishedAt: row.published_at,
    roundId: row.round_id,
    roundNumber: row.round_number,
    model: JSON.parse(row.model) as ReportModel,
    supersededBy: latest > row.version ? latest : null,
  };
}

/** One stored file of a published version, exactly as stored (undefined: not part of this version). */
export async function readPublishedFile(db: Executor, reportId: string, name: string) {
  return findReportFile(db, reportId, name);
}

/** What changed between two published versions: classification moves, summary, statements added or removed. */
export function diffReports(a: ReportModel, b: ReportModel) {
  const all = (m: ReportModel) => [...m.agreement, ...m.disagreement, ...m.uncertainty, ...m.noConsensus, ...m.insufficient];
  const before = new Map(all(a).map((s) => [s.title, s]));
  const after = new Map(all(b).map((s) => [s.title, s]));
  const moved: { title: string; from: string; to: string }[] = [];
  const added: string[] = [];
  const removed: string[] = [];
  for (const [title, s] of after) {
    const old = before.get(title);
    if (!old) added.push(title);
    else if (old.classification !== s.classification) moved.push({ title, from: old.classification, to: s.classification });
  }
  for (const title of before.keys()) if (!after.has(title)) removed.push(title);
  return { moved, added, removed, summaryChanged: a.summary !== b.summary, summaryBefore: a.summary, summaryAfter: b.summary, roundBefore: a.round.number, roundAfter: b.round.number };
}

/** Rounds a report can be built from (voting: preview only; closed: preview and publish). */
export async function listRoundsForReport(ctx: MemberContext) {
  const rounds = await listRounds(ctx.app.db, ctx.deliberation.id);
  return rounds.filter((r) => r.phase === "closed" || r.phase === "voting").map((r) => ({ number: r.number, phase: r.phase }));
}
