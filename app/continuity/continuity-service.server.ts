/**
 * Continuity between convenings (docs/decisions/049): a facilitator continues a deliberation from
 * one of its closed rounds into a new one. The chosen red lines are carried with a frozen copy of
 * their history (versions, per-round results from the closed rounds' snapshots, the published
 * report); the new deliberation's round 1 starts from them. All in one transaction.
 */
import type { Executor, Tx } from "../../db/connection";
import type { Selectable } from "kysely";
import type { ProposalLineageTable, ProposalVersionsTable } from "../../db/schema";
import { newId } from "../auth/crypto.server";
import { t } from "../i18n/i18n";
import { assertFound, refuseFields } from "../refusal";
import { requireRole, toRoundView, type MemberContext } from "../deliberation/access.server";
import { recordAction } from "../deliberation/action-log-service.server";
import { listCategories, insertCategories } from "../deliberation/category-repository.server";
import { findDeliberation, insertDeliberation, insertGroup, insertRegion, listGroups } from "../deliberation/deliberation-repository.server";
import { insertMembership } from "../deliberation/membership-repository.server";
import { findProposal, insertProposal, insertVersion, listVersions } from "../deliberation/proposal-repository.server";
import { findRoundByNumber, insertRound, listRounds } from "../deliberation/round-repository.server";
import { canSeeResults } from "../results/live-counts.server";
import { findSnapshot } from "../results/results-source.server";
import { freshRoundConsensus, readRoundConsensus, type RoundConsensus } from "../results/round-results.server";
import type { Classification } from "../consensus/types";
import * as repo from "./continuity-repository.server";
import type { ContinuationInput } from "./continuity-schema";
import { continuedResult, parseStages, type LineageResult, type LineageStage, type LineageVersion } from "./lineage";

// ------------------------------------------------------------------------------- the form

export interface CarryCandidate {
  proposalId: string;
  title: string;
  versionNumber: number;
  status: "active" | "withdrawn" | "merged";
  agreeRate: number | null;
  classification: Classification | null;
  /** ticked by default: still active (not withdrawn or merged) */
  preselected: boolean;
}

export interface ContinuationForm {
  closedRounds: number[];
  round: number | null;
  candidates: CarryCandidate[];
  defaults: { title: string; question: string };
  members: number;
}

/** What the form offers: the closed rounds, and the red lines on the chosen one's ballot (facilitators only). */
export async function getContinuationForm(ctx: MemberContext, roundParam: string | null): Promise<ContinuationForm> {
  requireRole(ctx, ["facilitator"]);
  const db = ctx.app.db;
  const closed = (await listRounds(db, ctx.deliberation.id)).filter((r) => r.phase === "closed");
  const wanted = roundParam && /^\d{1,4}$/.test(roundParam) ? Number(roundParam) : null;
  const round = closed.find((r) => r.number === wanted) ?? closed[closed.length - 1] ?? null;
  const members = (await repo.listLiveMemberships(db, ctx.deliberation.id)).length;
  const defaults = { title: t("continuity.defaultTitle", { title: ctx.deliberation.title }).slice(0, 120), question: ctx.deliberation.question };
  if (!round) return { closedRounds: [], round: null, candidates: [], defaults, members };
  const frozen = await findSnapshot(db, round.id);
  const cached = await readRoundConsensus(db, ctx.deliberation.id, round.id);
  const result = cached.status === "ready" ? cached.result : null;
  const status = new Map((await repo.listProposalStatuses(db, ctx.deliberation.id)).map((p) => [p.id, p.status]));
  const candidates = (frozen?.snapshot.ballot ?? []).map((b): CarryCandidate => {
    const s = result?.statements.find((x) => x.versionId === b.versionId);
    const st = status.get(b.proposalId) ?? "active";
    return { proposalId: b.proposalId, title: b.title, versionNumber: b.versionNumber, status: st, agreeRate: s?.overall.agreeRate ?? null, classification: s?.classification ?? null, preselected: st === "active" };
  });
  return { closedRounds: closed.map((r) => r.number), round: round.number, candidates, defaults, members };
}

// ------------------------------------------------------------------------------ continuing

type SourceRound = { id: string; number: number };

/** Each closed round's results up to `upTo` (computed from its snapshot when the cache is missing). */
async function closedResults(tx: Tx, deliberationId: string, upTo: number): Promise<{ round: SourceRound; result: RoundConsensus }[]> {
  const out: { round: SourceRound; result: RoundConsensus }[] = [];
  for (const r of await listRounds(tx, deliberationId)) {
    if (r.phase !== "closed" || r.number > upTo) continue;
    const result = await freshRoundConsensus(tx, deliberationId, r.id);
    if (result) out.push({ round: { id: r.id, number: r.number }, result });
  }
  return out;
}

type StoredText = Pick<Selectable<ProposalVersionsTable>, "title" | "statement" | "rationale" | "category" | "indicator" | "threshold_value" | "threshold_unit" | "trigger" | "response" | "scope" | "evidence_links">;

/** A stored version's text fields, as the lineage keeps them. */
function textFields(v: StoredText) {
  return {
    title: v.title,
    statement: v.statement,
    rationale: v.rationale,
    category: v.category,
    indicator: v.indicator,
    thresholdValue: v.threshold_value,
    thresholdUnit: v.threshold_unit,
    trigger: v.trigger,
    response: v.response,
    scope: v.scope,
    evidenceLinks: v.evidence_links,
  };
}

function lineageVersion(v: Awaited<ReturnType<typeof repo.listVersionsUpToRound>>[number]): LineageVersion {
  return {
    id: v.id,
    number: v.version_number,
    roundNumber: v.round_number,
    ...textFields(v),
    frozenAt: v.frozen_at,
  };
}

/**
 * Start a new deliberation from a closed round of this one (facilitators only). Refused as a whole
 * (nothing written) with field messages when the round is not closed or a red line is not on its
 * ballot. Returns the new deliberation's id.
 */
export async function continueDeliberation(ctx: MemberContext, input: ContinuationInput): Promise<string> {
  requireRole(ctx, ["facilitator"]);
  const sourceId = ctx.deliberation.id;
  const newDeliberationId = newId();
  const now = ctx.app.clock.now().toISOString();
  await ctx.app.db.transaction().execute(async (tx) => {
    const source = await findDeliberation(tx, sourceId);
    assertFound(source, "errors.deliberationNotFound");
    const round = await findRoundByNumber(tx, sourceId, input.round);
    if (!round) refuseFields({ round: [t("continuity.validation.noSuchRound", { number: input.round })] });
    if (round.phase !== "closed") refuseFields({ round: [t("continuity.validation.notClosed", { number: round.number, phase: t(`phases.${round.phase}.name`) })] });
    const frozen = await findSnapshot(tx, round.id);
    if (!frozen) refuseFields({ round: [t("continuity.validation.noSnapshot", { number: round.number })] });
    const ballot = new Map(frozen.snapshot.ballot.map((b) => [b.proposalId, b]));
    const chosen = [...new Set(input.proposals)];
    if (chosen.some((id) => !ballot.has(id))) refuseFields({ proposals: [t("continuity.validation.notOnBallot", { number: round.number })] });
    // in ballot order, as the source voted on them
    const carried = frozen.snapshot.ballot.filter((b) => chosen.includes(b.proposalId));

    // the deliberation, with the source's settings, groups, regions and categories
    await insertDeliberation(tx, {
      id: newDeliberationId,
      title: input.title,
      question: input.question,
      description: source.description,
      attribution_mode: source.attribution_mode,
      results_visibility: source.results_visibility,
      min_group_size: source.min_group_size,
      thresholds: source.thresholds,
      require_typed_fields: source.require_typed_fields,
      ballot_order: source.ballot_order,
      participation_margin: source.participation_margin,
      created_by: ctx.user.id,
      created_at: now,
      updated_at: now,
    });
    const groupIds = new Map<string, string>();
    for (const g of await listGroups(tx, sourceId)) {
      const id = newId();
      groupIds.set(g.id, id);
      await insertGroup(tx, { id, deliberation_id: newDeliberationId, name: g.name, target_share: g.target_share, position: g.position });
    }
    const regionIds = new Map<string, string>();
    for (const r of await repo.listRegionsWithTargets(tx, sourceId)) {
      const id = newId();
      regionIds.set(r.id, id);
      await insertRegion(tx, { id, deliberation_id: newDeliberationId, name: r.name, position: r.position });
      if (r.target_share !== null) await repo.setRegionTarget(tx, newDeliberationId, id, r.target_share);
    }
    const categories = await listCategories(tx, sourceId);
    await insertCategories(tx, categories.map((c) => ({ id: newId(), deliberation_id: newDeliberationId, key: c.key, label: c.label, position: c.position, retired_at: c.retired_at, created_at: now })));

    // members: carried over with the same role, group, region and pseudonym, or only the facilitator
    const membershipIds = new Map<string, string>();
    const sourceMembers = input.members === "carry" ? await repo.listLiveMemberships(tx, sourceId) : [];
    let mine: string | null = null;
    for (const m of sourceMembers) {
      const id = newId();
      membershipIds.set(m.id, id);
      if (m.user_id === ctx.user.id) mine = id;
      await insertMembership(tx, {
        id,
        deliberation_id: newDeliberationId,
        user_id: m.user_id,
        role: m.user_id === ctx.user.id ? "facilitator" : m.role,
        stakeholder_group_id: m.stakeholder_group_id ? (groupIds.get(m.stakeholder_group_id) ?? null) : null,
        region_id: m.region_id ? (regionIds.get(m.region_id) ?? null) : null,
        pseudonym: m.pseudonym,
        created_at: now,
        removed_at: null,
      });
    }
    if (!mine) {
      mine = newId();
      await insertMembership(tx, { id: mine, deliberation_id: newDeliberationId, user_id: ctx.user.id, role: "facilitator", stakeholder_group_id: null, region_id: null, pseudonym: t("pseudonym.facilitator"), created_at: now, removed_at: null });
    }
    const actor = { app: ctx.app, deliberation: { id: newDeliberationId }, membership: { id: mine } };

    // round 1, proposing, with the carried red lines as its proposals
    const roundId = newId();
    await insertRound(tx, { id: roundId, deliberation_id: newDeliberationId, number: 1, phase: "proposing", opened_at: now, voting_opened_at: null, closed_at: null });
    await recordAction(tx, actor, { kind: "round_opened", subject: { type: "round", id: roundId }, before: null, after: { phase: "proposing" } }, now);

    const results = await closedResults(tx, sourceId, round.number);
    const reportVersion = await repo.findLatestReportUpTo(tx, sourceId, round.number);
    const authors = new Map((await repo.listProposalStatuses(tx, sourceId)).map((p) => [p.id, p.author_membership_id]));
    const earlier = new Map((await repo.listLineage(tx, sourceId, carried.map((b) => b.proposalId))).map((l) => [l.proposal_id, parseStages(l.stages)]));
    const continuationId = newId();
    await repo.insertContinuation(tx, {
      id: continuationId,
      deliberation_id: newDeliberationId,
      source_deliberation_id: sourceId,
      source_title: source.title,
      source_round_id: round.id,
      source_round_number: round.number,
      source_report_version: reportVersion,
      members_carried: input.members === "carry" ? 1 : 0,
      created_by: mine,
      created_at: now,
    });
    const lineage: ProposalLineageTable[] = [];
    for (const [i, b] of carried.entries()) {
      const versions: LineageVersion[] = (await repo.listVersionsUpToRound(tx, sourceId, b.proposalId, round.number)).map(lineageVersion);
      const latest: LineageVersion | undefined = versions.find((v) => v.id === b.versionId) ?? versions[versions.length - 1];
      assertFound(latest, "errors.proposalNotFound");
      const stage: LineageStage = {
        deliberationId: sourceId,
        deliberationTitle: source.title,
        proposalId: b.proposalId,
        continuedFromRound: round.number,
        continuedAt: now,
        reportVersion,
        versions,
        results: resultsOf(versions, results),
      };
      const proposalId = newId();
      const author = membershipIds.get(authors.get(b.proposalId) ?? "") ?? mine;
      // a millisecond apart: the new deliberation lists them in the source's ballot order
      const createdAt = new Date(Date.parse(now) + i).toISOString();
      await insertProposal(tx, { id: proposalId, deliberation_id: newDeliberationId, author_membership_id: author, status: "active", merged_into_id: null, status_reason: null, created_at: createdAt, updated_at: createdAt, submission_id: null });
      await insertVersion(tx, {
        id: newId(),
        proposal_id: proposalId,
        version_number: 1,
        round_id: roundId,
        title: latest.title,
        statement: latest.statement,
        rationale: latest.rationale,
        category: latest.category,
        indicator: latest.indicator,
        threshold_value: latest.thresholdValue,
        threshold_unit: latest.thresholdUnit,
        trigger: latest.trigger,
        response: latest.response,
        scope: latest.scope as "development" | "deployment" | "use" | "",
        evidence_links: latest.evidenceLinks,
        created_by_membership_id: author,
        created_at: createdAt,
        frozen_at: null,
      });
      lineage.push({ proposal_id: proposalId, continuation_id: continuationId, source_proposal_id: b.proposalId, source_version_ids: JSON.stringify(versions.map((v) => v.id)), stages: JSON.stringify([...(earlier.get(b.proposalId) ?? []), stage]) });
    }
    await repo.insertLineage(tx, lineage);

    const membersCarried = input.members === "carry";
    await recordAction(tx, actor, { kind: "continued_from", subject: { type: "deliberation", id: null }, before: null, after: { from: source.title, round: round.number, redLines: carried.length, membersCarried } }, now);
    await recordAction(tx, ctx, { kind: "continued_into", subject: { type: "round", id: round.id }, before: null, after: { into: input.title, redLines: carried.length, membersCarried } }, now);
  });
  return newDeliberationId;
}

/** The overall result of each of these versions in the closed rounds it was voted on. */
function resultsOf(versions: LineageVersion[], rounds: { round: SourceRound; result: RoundConsensus }[]): LineageResult[] {
  const out: LineageResult[] = [];
  for (const { round, result } of rounds) {
    for (const s of result.statements) {
      const v = versions.find((x) => x.id === s.versionId);
      if (!v) continue;
      const o = s.overall;
      out.push({ roundId: round.id, roundNumber: round.number, versionNumber: v.number, agree: o.agree, disagree: o.disagree, pass: o.pass, total: o.n, agreeRate: o.agreeRate, classification: s.classification });
    }
  }
  return out;
}

// --------------------------------------------------------------------------------- history

export interface HistoryRound {
  number: number;
  versionNumber: number;
  /** null: not shown to this viewer (see `hiddenReason`) */
  result: { agree: number; disagree: number; pass: number; total: number; agreeRate: number | null; classification: Classification } | null;
  hidden: "unpublished" | "notYet" | "computing" | null;
}

export interface HistoryStage {
  deliberationTitle: string;
  /** this deliberation (the proposal's own history) or an earlier one */
  current: boolean;
  continuedFromRound: number | null;
  versions: { number: number; roundNumber: number; title: string; statement: string; changed: boolean }[];
  rounds: HistoryRound[];
  report: { version: number; href: string } | null;
}

export interface ProposalHistoryView {
  proposalId: string;
  title: string;
  stages: HistoryStage[];
}

const TEXT_KEYS = ["title", "statement", "rationale", "category", "indicator", "thresholdValue", "thresholdUnit", "trigger", "response", "scope", "evidenceLinks"] as const;

function versionRows(versions: Pick<LineageVersion, (typeof TEXT_KEYS)[number] | "number" | "roundNumber">[]) {
  return versions.map((v, i) => {
    const prev = versions[i - 1];
    return { number: v.number, roundNumber: v.roundNumber, title: v.title, statement: v.statement, changed: !prev || TEXT_KEYS.some((k) => prev[k] !== v[k]) };
  });
}

/**
 * A red line's whole history across deliberations, for any member of this one. An earlier
 * deliberation's results are shown only where the viewer could see them there (a live member of it)
 * or where they were published (a report of that round, public): decision 049.
 */
export async function getProposalHistory(ctx: MemberContext, proposalId: string): Promise<ProposalHistoryView> {
  const db = ctx.app.db;
  const versions = await listVersions(db, proposalId);
  const own = await findProposal(db, ctx.deliberation.id, proposalId);
  assertFound(own && versions.length > 0 ? own : undefined, "errors.proposalNotFound");
  const [lineage] = await repo.listLineage(db, ctx.deliberation.id, [proposalId]);
  const earlier = lineage ? parseStages(lineage.stages) : [];
  const deliberationIds = [...new Set(earlier.map((s) => s.deliberationId))];
  const [memberOf, publicRounds, publicDeliberations] = await Promise.all([
    repo.listLiveMemberOf(db, ctx.user.id, deliberationIds),
    repo.listPubliclyReportedRounds(db, earlier.flatMap((s) => s.results.map((r) => r.roundId))),
    repo.listPublicDeliberations(db, deliberationIds),
  ]);
  const reportVersions = await latestReports(db, earlier);
  const stages: HistoryStage[] = earlier.map((s, i) => {
    const member = memberOf.has(s.deliberationId);
    const version = reportVersions[i] ?? null;
    const report =
      version === null
        ? null
        : publicDeliberations.has(s.deliberationId)
          ? { version, href: `/reports/${s.deliberationId}/${version}` }
          : member
            ? { version, href: `/d/${s.deliberationId}/report/published/${version}` }
            : null;
    return {
      deliberationTitle: s.deliberationTitle,
      current: false,
      continuedFromRound: s.continuedFromRound,
      versions: versionRows(s.versions),
      rounds: s.results.map((r) => {
        const shown = member || publicRounds.has(r.roundId);
        return { number: r.roundNumber, versionNumber: r.versionNumber, result: shown ? pick(r) : null, hidden: shown ? null : "unpublished" };
      }),
      report,
    };
  });

  // this deliberation: its own versions and each round's result as the results page would show it
  const rounds = (await listRounds(db, ctx.deliberation.id)).map(toRoundView);
  const roundNumber = new Map(rounds.map((r) => [r.id, r.number]));
  const ownVersions = versions.map((v) => ({
    number: v.version_number,
    roundNumber: roundNumber.get(v.round_id) ?? 0,
    ...textFields(v),
  }));
  const ownRounds: HistoryRound[] = [];
  for (const v of versions) {
    if (v.frozen_at === null) continue;
    const round = rounds.find((r) => r.id === v.round_id);
    if (!round) continue;
    if (!canSeeResults(ctx, round)) {
      ownRounds.push({ number: round.number, versionNumber: v.version_number, result: null, hidden: "notYet" });
      continue;
    }
    const cached = await readRoundConsensus(db, ctx.deliberation.id, round.id);
    const s = cached.status === "ready" ? cached.result.statements.find((x) => x.versionId === v.id) : undefined;
    ownRounds.push(
      s
        ? { number: round.number, versionNumber: v.version_number, result: { agree: s.overall.agree, disagree: s.overall.disagree, pass: s.overall.pass, total: s.overall.n, agreeRate: s.overall.agreeRate, classification: s.classification }, hidden: null }
        : { number: round.number, versionNumber: v.version_number, result: null, hidden: "computing" },
    );
  }
  stages.push({ deliberationTitle: ctx.deliberation.title, current: true, continuedFromRound: null, versions: versionRows(ownVersions), rounds: ownRounds, report: null });
  return { proposalId, title: versions[versions.length - 1]!.title, stages };
}

/** Each stage's latest published report up to the round it was continued from, as it stands now (one may be published later, or deleted). */
async function latestReports(db: Executor, stages: LineageStage[]): Promise<(number | null)[]> {
  return Promise.all(stages.map((s) => repo.findLatestReportUpTo(db, s.deliberationId, s.continuedFromRound)));
}

function pick(r: LineageResult): HistoryRound["result"] {
  return { agree: r.agree, disagree: r.disagree, pass: r.pass, total: r.total, agreeRate: r.agreeRate, classification: r.classification };
}

// ----------------------------------------------------------------------------------- report

export interface CarriedOver {
  fromTitle: string;
  fromRound: number;
  /** null when that round's results were not published publicly (the report then says so) */
  result: { agreeRate: number | null; classification: Classification } | null;
  /** the public report of the source, when there is one */
  reportPath: string | null;
}

/**
 * Where each carried red line of this deliberation came from, for its report: the last earlier
 * deliberation and its result in the round it was continued from, only when that result was
 * published publicly there (a report is for everyone who may read it).
 */
export async function carriedOverFor(db: Executor, deliberationId: string, proposalIds: readonly string[]): Promise<Map<string, CarriedOver>> {
  const rows = await repo.listLineage(db, deliberationId, proposalIds);
  const last = rows.flatMap((r) => {
    const stages = parseStages(r.stages);
    const s = stages[stages.length - 1];
    return s ? [{ proposalId: r.proposal_id, stage: s }] : [];
  });
  const [publicRounds, publicDeliberations] = await Promise.all([
    repo.listPubliclyReportedRounds(db, last.flatMap(({ stage }) => continuedResult(stage)?.roundId ?? [])),
    repo.listPublicDeliberations(db, [...new Set(last.map(({ stage }) => stage.deliberationId))]),
  ]);
  const reportVersions = await latestReports(db, last.map(({ stage }) => stage));
  const out = new Map<string, CarriedOver>();
  for (const [i, { proposalId, stage }] of last.entries()) {
    const r = continuedResult(stage);
    const version = reportVersions[i] ?? null;
    out.set(proposalId, {
      fromTitle: stage.deliberationTitle,
      fromRound: stage.continuedFromRound,
      result: r && publicRounds.has(r.roundId) ? { agreeRate: r.agreeRate, classification: r.classification } : null,
      reportPath: version !== null && publicDeliberations.has(stage.deliberationId) ? `/reports/${stage.deliberationId}/${version}` : null,
    });
  }
  return out;
}

/** Where this deliberation was continued from (title and round, as frozen then), if it was. */
export async function getContinuationOrigin(ctx: MemberContext): Promise<{ title: string; round: number } | null> {
  const row = await repo.findContinuation(ctx.app.db, ctx.deliberation.id);
  return row ? { title: row.source_title, round: row.source_round_number } : null;
}
