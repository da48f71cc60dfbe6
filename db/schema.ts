import type { ColumnType, Insertable, Selectable, Updateable } from "kysely";

/** The one database type: every table as Kysely sees it. Rows never reach the UI directly. */
export interface Database {
  users: UsersTable;
  sessions: SessionsTable;
  deliberations: DeliberationsTable;
  stakeholder_groups: StakeholderGroupsTable;
  regions: RegionsTable;
  memberships: MembershipsTable;
  invites: InvitesTable;
  rounds: RoundsTable;
  proposals: ProposalsTable;
  proposal_versions: ProposalVersionsTable;
  votes: VotesTable;
  round_results: RoundResultsTable;
  yjs_documents: YjsDocumentsTable;
  comments: CommentsTable;
  comment_reads: CommentReadsTable;
  reports: ReportsTable;
  round_snapshots: RoundSnapshotsTable;
  round_analyses: RoundAnalysesTable;
  report_files: ReportFilesTable;
  return_links: ReturnLinksTable;
  import_jobs: ImportJobsTable;
  proposal_categories: ProposalCategoriesTable;
  vote_undo: VoteUndoTable;
  action_log: ActionLogTable;
  email_outbox: EmailOutboxTable;
  invite_emails: InviteEmailsTable;
  member_email_settings: MemberEmailSettingsTable;
  phase_deadlines: PhaseDeadlinesTable;
  continuations: ContinuationsTable;
  proposal_lineage: ProposalLineageTable;
  version_translations: VersionTranslationsTable;
}

export interface UsersTable {
  id: string;
  email: string | null;
  password_hash: string | null;
  display_name: string;
  created_at: string;
  /** the interface language this person chose (app/i18n/languages.ts); null: their browser's decides */
  language: ColumnType<string | null, string | null | undefined, string | null>;
}
export interface SessionsTable {
  id: string;
  user_id: string;
  created_at: string;
  expires_at: string;
  revoked_at: string | null;
  /** the return link this session was opened with (it ends when that link is revoked) */
  return_link_id: ColumnType<string | null, string | null | undefined, string | null>;
}
export interface DeliberationsTable {
  id: string;
  title: string;
  question: string;
  description: string;
  attribution_mode: "named" | "chatham_house" | "anonymous";
  results_visibility: "after_close" | "live";
  min_group_size: number;
  /** JSON object of consensus threshold overrides (see app/consensus/types.ts) */
  thresholds: ColumnType<string, string | undefined, string>;
  /** 1 when published reports are served publicly (no login) */
  public_reports: ColumnType<number, number | undefined, number>;
  /** 1 when a proposal must fill in every typed field (indicator, threshold, if-then, category, scope, rationale) */
  require_typed_fields: ColumnType<number, number | undefined, number>;
  /** how each participant's ballot is ordered: their own seeded random order, or the fixed one */
  ballot_order: ColumnType<"random" | "fixed", "random" | "fixed" | undefined, "random" | "fixed">;
  /** set while the deliberation is archived (read-only) */
  archived_at: ColumnType<string | null, string | null | undefined, string | null>;
  /** set once it is deleted: the row stays as a tombstone for its published reports (decision 040) */
  deleted_at: ColumnType<string | null, string | null | undefined, string | null>;
  /** percentage points a group or region may fall below its target share before the participation monitor alerts */
  participation_margin: ColumnType<number, number | undefined, number>;
  /** the owner: a live facilitator who alone hands over ownership and demotes or removes facilitators (decision 048) */
  owner_user_id: ColumnType<string | null, string | null | undefined, string | null>;
  /** the language its pages fall back to when a visitor's browser names none Accord speaks (decision 051) */
  default_language: ColumnType<string, string | undefined, string>;
  created_by: string;
  created_at: string;
  updated_at: string;
}
export interface StakeholderGroupsTable {
  id: string;
  deliberation_id: string;
  name: string;
  target_share: number;
  position: number;
}
export interface RegionsTable {
  id: string;
  deliberation_id: string;
  name: string;
  position: number;
  /** the region's target share of the assembly (0–1), null when it has none (participation monitor) */
  target_share: ColumnType<number | null, number | null | undefined, number | null>;
}
export interface MembershipsTable {
  id: string;
  deliberation_id: string;
  user_id: string;
  role: "facilitator" | "participant" | "observer";
  stakeholder_group_id: string | null;
  region_id: string | null;
  pseudonym: string;
  created_at: string;
  removed_at: string | null;
  /** 1: a facilitator who also votes, in their stakeholder group and region (decision 048) */
  also_votes: ColumnType<number, number | undefined, number>;
}
export interface InvitesTable {
  id: string;
  deliberation_id: string;
  token_hash: string;
  role: "facilitator" | "participant" | "observer";
  stakeholder_group_id: string | null;
  region_id: string | null;
  label: string;
  max_uses: number;
  uses: number;
  expires_at: string;
  revoked_at: string | null;
  created_by: string;
  created_at: string;
}
export interface RoundsTable {
  id: string;
  deliberation_id: string;
  number: number;
  phase: "proposing" | "discussing" | "voting" | "closed";
  opened_at: string;
  voting_opened_at: string | null;
  closed_at: string | null;
}
export interface ProposalsTable {
  id: string;
  deliberation_id: string;
  author_membership_id: string;
  status: "active" | "withdrawn" | "merged";
  merged_into_id: string | null;
  status_reason: string | null;
  /** the round in which it was withdrawn or merged (null while active) */
  status_round_id: ColumnType<string | null, string | null | undefined, string | null>;
  created_at: string;
  updated_at: string;
  /** the form submission that created it (one row per member and id), null for older clients and scripts */
  submission_id: string | null;
}
export interface ProposalVersionsTable {
  id: string;
  proposal_id: string;
  version_number: number;
  round_id: string;
  title: string;
  statement: string;
  rationale: string;
  category: string;
  indicator: string;
  threshold_value: string;
  threshold_unit: string;
  trigger: string;
  response: string;
  /** "" when the proposer did not say (only title and statement are required by default) */
  scope: "development" | "deployment" | "use" | "";
  evidence_links: string;
  created_by_membership_id: string;
  created_at: string;
  frozen_at: string | null;
  /** the language the version was written in (app/i18n/languages.ts); "en" for versions older than translations */
  language: ColumnType<string, string | undefined, string>;
}
/** A deliberation's own categories: versions store the key; a retired one is no longer offered. */
export interface ProposalCategoriesTable {
  id: string;
  deliberation_id: string;
  key: string;
  label: string;
  position: number;
  retired_at: string | null;
  created_at: string;
}
export interface VotesTable {
  id: string;
  round_id: string;
  version_id: string;
  membership_id: string;
  choice: "agree" | "disagree" | "pass";
  confidence: number | null;
  /** why the voter disagreed or passed (optional; always null on agree) */
  reason: ColumnType<DisagreeReason | null, DisagreeReason | null | undefined, DisagreeReason | null>;
  created_at: string;
  updated_at: string;
}

/** app/deliberation/disagree-reasons.ts */
export type DisagreeReason = "evidence" | "values" | "timeline" | "threshold" | "wording";

/** A participant's last vote, with the vote it replaced, so that it can be undone in one step. */
export interface VoteUndoTable {
  membership_id: string;
  round_id: string;
  version_id: string;
  previous_choice: "agree" | "disagree" | "pass" | null;
  previous_confidence: number | null;
  previous_reason: DisagreeReason | null;
  created_at: string;
}

export interface RoundResultsTable {
  round_id: string;
  /** what the cached payload was computed from; a different stamp means stale */
  stamp: string;
  computed_at: string;
  payload: string;
}

export interface YjsDocumentsTable {
  name: string;
  /** base64 of the document's full state (Y.encodeStateAsUpdate) */
  state: string;
  updated_at: string;
}
export interface CommentsTable {
  id: string;
  deliberation_id: string;
  proposal_id: string;
  membership_id: string;
  parent_id: string | null;
  anchor: string | null;
  stance: "supports" | "opposes" | "question" | "evidence";
  body: string;
  created_at: string;
  edited_at: string | null;
  deleted_at: string | null;
  hidden_at: string | null;
  hidden_reason: string | null;
  hidden_by: string | null;
  /** the form submission that created it (one row per member and id), null for older clients and scripts */
  submission_id: string | null;
}
export interface CommentReadsTable {
  membership_id: string;
  proposal_id: string;
  last_seen_at: string;
}

export interface ReportsTable {
  id: string;
  deliberation_id: string;
  round_id: string;
  version: number;
  /** the ReportModel as JSON (immutable once published) */
  model: string;
  /** SHA-256 of the canonical JSON of the model */
  hash: string;
  published_at: string;
  /** the membership that published it; null once the deliberation (and its memberships) is deleted */
  published_by: string | null;
}

/** The frozen inputs of a closed round's results (app/results/round-snapshot.ts), written once at close. */
export interface RoundSnapshotsTable {
  round_id: string;
  created_at: string;
  /** JSON of RoundSnapshot */
  payload: string;
  sha256: string;
}
/** A facilitator's labelled re-analysis of a closed round with other thresholds (never the official result). */
export interface RoundAnalysesTable {
  id: string;
  round_id: string;
  label: string;
  /** JSON of the full Thresholds used */
  thresholds: string;
  created_by: string;
  created_at: string;
}
/** The open-data bundle of a published report version, stored once and served as stored. */
export interface ReportFilesTable {
  report_id: string;
  name: string;
  position: number;
  content: string;
  bytes: number;
  sha256: string;
}
/** A member's personal return link (see docs/decisions/016-return-links.md). */
export interface ReturnLinksTable {
  id: string;
  membership_id: string;
  /** the token is HMAC(secret, nonce): shown again from this, never stored */
  nonce: string;
  /** SHA-256 of the token, for lookup */
  token_hash: string;
  created_at: string;
  revoked_at: string | null;
  revoked_by: "facilitator" | "member" | null;
}

export type UserRow = Selectable<UsersTable>;
export type NewUser = Insertable<UsersTable>;
export type DeliberationRow = Selectable<DeliberationsTable>;
export type DeliberationUpdate = Updateable<DeliberationsTable>;
export type MembershipRow = Selectable<MembershipsTable>;
export type RoundRow = Selectable<RoundsTable>;
export type ProposalRow = Selectable<ProposalsTable>;
export type ProposalVersionRow = Selectable<ProposalVersionsTable>;
export type NewProposalVersion = Insertable<ProposalVersionsTable>;
export type VoteRow = Selectable<VotesTable>;
export type ProposalCategoryRow = Selectable<ProposalCategoriesTable>;
export type InviteRow = Selectable<InvitesTable>;
export type ReturnLinkRow = Selectable<ReturnLinksTable>;

/** A Polis import in the background (app/interop/import-job-service.server.ts). */
export interface ImportJobsTable {
  id: string;
  user_id: string;
  deliberation_id: string;
  title: string;
  phase: "writing" | "finishing" | "done" | "failed";
  done_rows: number;
  total_rows: number;
  /** an i18n key saying why it failed */
  error: string | null;
  created_at: string;
  updated_at: string;
}

/** The append-only record of facilitators' actions (app/deliberation/action-log-service.server.ts, decision 044). */
export interface ActionLogTable {
  id: string;
  deliberation_id: string;
  /** null: done by the system, not by a member */
  actor_membership_id: string | null;
  kind: string;
  subject_type: string;
  subject_id: string | null;
  /** JSON of the values before the change (null: nothing before, e.g. a new category) */
  before: string | null;
  after: string | null;
  at: string;
}
/** An email waiting, sent or given up on (docs/decisions/046): written before it is sent. */
export interface EmailOutboxTable {
  id: string;
  deliberation_id: string;
  membership_id: string | null;
  kind: "invitation" | "phase-open" | "deadline" | "report-published" | "reminder";
  recipient: string;
  language: string;
  subject: string;
  body: string;
  /** the one link the message is about (shown to facilitators for copying) */
  link: string;
  /** a notice's one-click unsubscribe link; null for invitations (never unsubscribable) */
  unsubscribe_url: string | null;
  status: "pending" | "sent" | "failed";
  attempts: ColumnType<number, number | undefined, number>;
  next_attempt_at: string;
  last_error: string | null;
  created_at: string;
  sent_at: string | null;
}
/** Where an emailed invitation went: the member who joins through it gets notices there. */
export interface InviteEmailsTable {
  invite_id: string;
  email: string;
}
/** A member's notice address (when not their account's) and whether they unsubscribed from notices. */
export interface MemberEmailSettingsTable {
  membership_id: string;
  email: string | null;
  notices_unsubscribed_at: string | null;
}
export type EmailOutboxRow = Selectable<EmailOutboxTable>;
/** A phase's deadline and its scheduled advance (app/deliberation/deadline-service.server.ts, docs/decisions/045). */
export interface PhaseDeadlinesTable {
  id: string;
  deliberation_id: string;
  round_id: string;
  /** the phase this deadline ends */
  phase: "proposing" | "discussing" | "voting" | "closed";
  /** ISO 8601, UTC */
  due_at: string;
  /** 1: the round moves to the next phase at `due_at` */
  auto_advance: number;
  /** the membership of the facilitator who set it */
  set_by: string | null;
  set_at: string;
  /** when "deadline approaching" was published for this `due_at` */
  warned_at: string | null;
  /** a lease: the instance firing it holds it until then */
  claimed_until: string | null;
  settled_at: string | null;
  outcome: "advanced" | "cancelled" | "failed" | null;
  /** an i18n key saying why the automatic advance did not happen */
  failure: string | null;
}
export type PhaseDeadlineRow = Selectable<PhaseDeadlinesTable>;

/** A deliberation continued from a closed round of another (app/continuity, docs/decisions/049); no key points at the source. */
export interface ContinuationsTable {
  id: string;
  /** the new deliberation */
  deliberation_id: string;
  source_deliberation_id: string;
  /** the source's title when it was continued (it stays readable after the source is deleted) */
  source_title: string;
  source_round_id: string;
  source_round_number: number;
  /** the latest published report version of that round then, if any */
  source_report_version: number | null;
  /** 1: the source's members were carried over; 0: invited afresh */
  members_carried: number;
  /** the facilitator's membership in the new deliberation */
  created_by: string | null;
  created_at: string;
}
/** A carried red line: the proposal it came from and a frozen copy of its history (JSON of LineageStage[]). */
export interface ProposalLineageTable {
  proposal_id: string;
  continuation_id: string;
  source_proposal_id: string;
  /** JSON array of the source versions' ids, oldest first */
  source_version_ids: string;
  /** JSON of LineageStage[] (app/continuity/lineage.ts), oldest deliberation first */
  stages: string;
}

/** A version's text in another language (app/translation, docs/decisions/053): one per version and language, never authoritative. */
export interface VersionTranslationsTable {
  id: string;
  deliberation_id: string;
  proposal_id: string;
  version_id: string;
  language: string;
  title: string;
  statement: string;
  rationale: string;
  indicator: string;
  threshold_value: string;
  threshold_unit: string;
  trigger: string;
  response: string;
  /** SHA-256 of the original's text it was written against (a draft edited since makes it outdated) */
  source_hash: string;
  /** the membership that first wrote it, and when */
  created_by: string;
  created_at: string;
  /** the membership that last saved it, and when */
  updated_by: string;
  updated_at: string;
}
export type VersionTranslationRow = Selectable<VersionTranslationsTable>;
