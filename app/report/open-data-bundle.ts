/**
 * The open-data bundle of a published report (format `accord-open-data/2`, docs/open-data-bundle.md):
 * written once at publication from the round's snapshot, and read back by `npm run verify`.
 * Pure apart from hashing (node:crypto): no database, no files, no clock.
 */
import { createHash, createHmac } from "node:crypto";
import type { Thresholds } from "../consensus/types";
import type { ReportModel, ReportStatement } from "./report-types";
import type { ProtectedGrouping, ResultsSource } from "../results/round-consensus";
import type { RoundSnapshot, VoteChoice } from "../results/round-snapshot";
import { formatCsv, parseCsv } from "../formats/csv";
import type { ReasonBreakdown } from "../results/disagreement-reasons";
import { readReasonsCsv, ReasonsFileError, writeReasonsCsv } from "./bundle-reasons";

/** The format written now: version 2 adds reasons.csv (decision 043). */
export const BUNDLE_FORMAT = "accord-open-data/2";
/** Bundles published before reasons.csv: read and verified as before, without the reason split. */
export const BUNDLE_FORMAT_BEFORE_REASONS = "accord-open-data/1";

/** Every file of a bundle, in the manifest's order (manifest.json itself last). */
export const BUNDLE_FILES = ["comments.csv", "votes.csv", "participants-votes.csv", "participants.csv", "groups.csv", "summary.csv", "reasons.csv", "report.json", "manifest.json"] as const;
export type BundleFile = (typeof BUNDLE_FILES)[number];

/** report.json: the report model without its generation time. */
export type PublishedReport = Omit<ReportModel, "generatedAt">;

export interface BundleManifest {
  format: typeof BUNDLE_FORMAT | typeof BUNDLE_FORMAT_BEFORE_REASONS;
  files: { name: string; bytes: number; sha256: string }[];
}

/**
 * Why a bundle cannot be read: `integrity` — a file is missing or is not the one the manifest
 * describes (verify exits 1); `unreadable` — not a bundle at all, or a file that cannot be parsed
 * (verify exits 2). `file` names the file.
 */
export class BundleError extends Error {
  constructor(
    readonly kind: "integrity" | "unreadable",
    readonly file: string,
    message: string,
  ) {
    super(message);
  }
}

const sha256 = (text: string) => createHash("sha256").update(text, "utf8").digest("hex");
const byteLength = (text: string) => Buffer.byteLength(text, "utf8");

/** The statements of a report in ballot order (S1, S2, …), whatever section they are in. */
export function reportStatements(report: Pick<ReportModel, "agreement" | "disagreement" | "uncertainty" | "noConsensus" | "insufficient">): ReportStatement[] {
  const all = [...report.agreement, ...report.disagreement, ...report.uncertainty, ...report.noConsensus, ...report.insufficient];
  return all.sort((a, b) => Number(a.key.slice(1)) - Number(b.key.slice(1)));
}

/**
 * The published id (0…N−1) of every eligible voter: voters ordered by HMAC-SHA256(idSeed, voter id).
 * The seed is 128 secret bits drawn when the round closed (never exported), so the order can be
 * neither guessed nor searched for, yet the same round always gets the same ids (an unchanged
 * round republished has the same bytes). A member's download of an open round uses a fresh seed.
 */
export function publishedParticipantIds(voterIds: readonly string[], idSeed: string): Map<string, number> {
  const keyed = voterIds.map((id) => ({ id, key: createHmac("sha256", idSeed).update(id, "utf8").digest("hex") }));
  keyed.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return new Map(keyed.map((v, i) => [v.id, i]));
}

const voteValue = (c: VoteChoice) => (c === "agree" ? 1 : c === "disagree" ? -1 : 0);

export interface OpenDataBundleInput {
  /** the round's snapshot (ballot, eligible voters, counted votes, k, the secret id seed) */
  snapshot: Pick<RoundSnapshot, "roundNumber" | "idSeed" | "minGroupSize" | "ballot" | "voters" | "votes">;
  /** the k-protected grouping the results were computed with (computeRoundConsensus) */
  grouping: ProtectedGrouping;
  /** opinion group (0 = A) of each voter placed on the map (computeRoundConsensus) */
  opinionGroups: Record<string, number>;
  /** the report model as published */
  model: ReportModel;
  /** the public address of this version (summary.csv `url`); empty when unknown */
  url?: string;
}

export interface OpenDataBundle {
  /** every file's exact text, manifest.json included */
  files: Record<BundleFile, string>;
  /** SHA-256 of manifest.json's bytes: the version's content hash */
  contentHash: string;
}

/** Write every file of the bundle (docs/open-data-bundle.md). */
/**
 * The three Polis open-data files of a round — comments.csv, votes.csv (plus a confidence column,
 * no times) and participants-votes.csv — with participant ids from `pid`, rows sorted by id.
 */
export function writePolisFiles(input: {
  /** the text published for each ballot statement, in ballot order */
  texts: readonly string[];
  ballot: readonly { versionId: string }[];
  voters: readonly { id: string }[];
  votes: readonly { voterId: string; versionId: string; choice: VoteChoice; confidence: number | null }[];
  opinionGroups: Record<string, number>;
  pid: Map<string, number>;
}) {
  const { ballot, voters, opinionGroups, pid } = input;
  const commentOf = new Map(ballot.map((b, i) => [b.versionId, i]));
  const votes = input.votes
    .filter((v) => commentOf.has(v.versionId) && pid.has(v.voterId))
    .map((v) => ({ c: commentOf.get(v.versionId)!, p: pid.get(v.voterId)!, v: voteValue(v.choice), confidence: v.confidence }))
    .sort((a, b) => a.p - b.p || a.c - b.c);
  const S = ballot.length;
  const N = voters.length;
  const agrees = new Array<number>(S).fill(0);
  const disagrees = new Array<number>(S).fill(0);
  const cells = Array.from({ length: N }, () => new Array<string>(S).fill(""));
  for (const r of votes) {
    if (r.v === 1) agrees[r.c]! += 1;
    if (r.v === -1) disagrees[r.c]! += 1;
    cells[r.p]![r.c] = String(r.v);
  }
  const comments = formatCsv([
    ["timestamp", "datetime", "comment-id", "author-id", "agrees", "disagrees", "moderated", "comment-body"],
    ...input.texts.map((text, i) => ["", "", i, "", agrees[i], disagrees[i], 1, text]),
  ]);
  const votesCsv = formatCsv([
    ["timestamp", "datetime", "comment-id", "voter-id", "vote", "confidence"],
    ...votes.map((r) => ["", "", r.c, r.p, r.v, r.confidence ?? ""]),
  ]);
  const byPid = new Array<{ id: string }>(N);
  for (const v of voters) byPid[pid.get(v.id)!] = v;
  const pv = formatCsv([
    ["participant", "group-id", "n-comments", "n-votes", "n-agree", "n-disagree", ...ballot.map((_, i) => String(i))],
    ...byPid.map((v, p) => {
      const row = cells[p]!;
      const group = opinionGroups[v.id];
      return [p, group === undefined ? "" : group, 0, row.filter((x) => x !== "").length, row.filter((x) => x === "1").length, row.filter((x) => x === "-1").length, ...row];
    }),
  ]);
  return { "comments.csv": comments, "votes.csv": votesCsv, "participants-votes.csv": pv };
}

export function buildOpenDataBundle(input: OpenDataBundleInput): OpenDataBundle {
  const { snapshot, grouping, opinionGroups, model } = input;
  const statements = reportStatements(model);
  if (statements.length !== snapshot.ballot.length) throw new Error(`the report has ${statements.length} statements but the round's ballot ${snapshot.ballot.length}`);
  const pid = publishedParticipantIds(snapshot.voters.map((v) => v.id), snapshot.idSeed);
  const S = snapshot.ballot.length;
  // the report's text (names redacted as in the report), not the snapshot's raw text
  const polis = writePolisFiles({ texts: statements.map((s) => s.statement), ballot: snapshot.ballot, voters: snapshot.voters, votes: snapshot.votes, opinionGroups, pid });
  const byPid = new Array<RoundSnapshot["voters"][number]>(snapshot.voters.length);
  for (const v of snapshot.voters) byPid[pid.get(v.id)!] = v;

  const groupName = new Map(grouping.groups.categories.map((g) => [g.id, g.name]));
  const regionName = new Map(grouping.regions.categories.map((r) => [r.id, r.name]));
  const nameOf = (names: Map<string, string>, id: string | null | undefined) => (id ? names.get(id) ?? "" : "");
  const participants = formatCsv([
    ["participant", "stakeholder-group", "region"],
    ...byPid.map((v, p) => [p, nameOf(groupName, grouping.groups.assignment.get(v.id)), nameOf(regionName, grouping.regions.assignment.get(v.id))]),
  ]);
  const groups = formatCsv([
    ["kind", "name", "target-share"],
    ...grouping.groups.categories.map((g) => ["group", g.name, String(g.targetShare)]),
    ...grouping.regions.categories.map((r) => ["region", r.name, ""]),
  ]);

  const placed = Object.keys(opinionGroups).filter((id) => pid.has(id)).length;
  const summary = formatCsv([
    ["topic", model.deliberation.title],
    ["url", input.url ?? ""],
    ["voters", model.participation.voters],
    ["voters-in-conv", placed],
    // proposal authors are not published
    ["commenters", 0],
    ["comments", S],
    ["groups", model.opinionMap.k],
    ["conversation-description", model.deliberation.question],
    ["round", snapshot.roundNumber],
    ["k", snapshot.minGroupSize],
  ]);
  // the report's split of each crux by reason, as counts (never per voter: decision 043)
  const reasons = writeReasonsCsv({ ballot: snapshot.ballot, votes: snapshot.votes, grouping, cruxes: statements.map((s) => s.classification === "disagreement"), k: snapshot.minGroupSize });
  const { generatedAt: _generatedAt, ...published } = model;
  const report = `${JSON.stringify(published, null, 2)}\n`;

  const data = { ...polis, "participants.csv": participants, "groups.csv": groups, "summary.csv": summary, "reasons.csv": reasons, "report.json": report };
  const manifest: BundleManifest = {
    format: BUNDLE_FORMAT,
    files: Object.entries(data).map(([name, text]) => ({ name, bytes: byteLength(text), sha256: sha256(text) })),
  };
  const manifestJson = `${JSON.stringify(manifest, null, 2)}\n`;
  return { files: { ...data, "manifest.json": manifestJson }, contentHash: sha256(manifestJson) };
}

// ------------------------------------------------------------------------------------ reading

export interface ReadBundle {
  /** the results source the pipeline recomputes from (same shape as a snapshot's) */
  source: ResultsSource;
  /** report.json as published */
  report: PublishedReport;
  manifest: BundleManifest;
  contentHash: string;
  /** comments.csv rows in ballot order */
  comments: { id: string; agrees: number; disagrees: number; body: string }[];
  /** participants-votes.csv, by participant */
  participantsVotes: Map<string, { group: number | null; nComments: number; nVotes: number; nAgree: number; nDisagree: number; cells: string[] }>;
  /** summary.csv as key → value */
  summary: Map<string, string>;
  /** reasons.csv: statement index → its split as published; null for a bundle from before reasons.csv */
  reasons: Map<number, ReasonBreakdown> | null;
}

interface Table {
  file: string;
  header: string[];
  rows: string[][];
  col: (name: string) => number;
}

function table(files: Record<string, string>, file: string, required: string[]): Table {
  const rows = parseCsv(files[file]!);
  const header = (rows[0] ?? []).map((h) => h.trim());
  for (const name of required) if (!header.includes(name)) throw new BundleError("unreadable", file, `${file} has no "${name}" column.`);
  return { file, header, rows: rows.slice(1), col: (name) => header.indexOf(name) };
}

function integer(raw: string | undefined, file: string, what: string): number {
  const text = (raw ?? "").trim();
  const n = Number(text);
  if (text === "" || !Number.isInteger(n)) throw new BundleError("unreadable", file, `${file}: ${what} "${raw ?? ""}" is not a whole number.`);
  return n;
}

/** Check every file against the manifest: a missing or changed file is an integrity error naming it. */
function checkManifest(files: Record<string, string>): { manifest: BundleManifest; contentHash: string } {
  const text = files["manifest.json"];
  if (text === undefined) throw new BundleError("unreadable", "manifest.json", "There is no manifest.json: this is not an Accord open-data bundle.");
  let manifest: BundleManifest;
  try {
    manifest = JSON.parse(text) as BundleManifest;
  } catch {
    throw new BundleError("unreadable", "manifest.json", "manifest.json is not valid JSON.");
  }
  if ((manifest?.format !== BUNDLE_FORMAT && manifest?.format !== BUNDLE_FORMAT_BEFORE_REASONS) || !Array.isArray(manifest.files)) {
    throw new BundleError("unreadable", "manifest.json", `manifest.json is not an ${BUNDLE_FORMAT} (or ${BUNDLE_FORMAT_BEFORE_REASONS}) manifest.`);
  }
  const listed = new Map(manifest.files.map((f) => [f.name, f]));
  for (const name of BUNDLE_FILES) {
    if (name === "manifest.json" || (name === "reasons.csv" && manifest.format === BUNDLE_FORMAT_BEFORE_REASONS)) continue;
    if (!listed.has(name)) throw new BundleError("integrity", name, `manifest.json does not list ${name}.`);
  }
  for (const entry of manifest.files) {
    const body = files[entry.name];
    if (body === undefined) throw new BundleError("integrity", entry.name, `${entry.name} is missing (manifest.json lists it).`);
    const actual = sha256(body);
    if (actual !== entry.sha256 || byteLength(body) !== entry.bytes) {
      throw new BundleError("integrity", entry.name, `${entry.name} has been changed: its SHA-256 is ${actual} (${byteLength(body)} bytes) but manifest.json says ${entry.sha256} (${entry.bytes} bytes).`);
    }
  }
  return { manifest, contentHash: sha256(text) };
}

/**
 * Check a bundle against its manifest and parse it back into the results source the report was
 * computed from (plus the published files the verifier compares). `files`: file name → text.
 */
export function readOpenDataBundle(files: Record<string, string>): ReadBundle {
  const { manifest, contentHash } = checkManifest(files);

  let report: PublishedReport;
  try {
    report = JSON.parse(files["report.json"]!) as PublishedReport;
  } catch {
    throw new BundleError("unreadable", "report.json", "report.json is not valid JSON.");
  }
  if (report?.schemaVersion !== 1 || !report.methodology?.thresholds || !report.participation?.suppressed) {
    throw new BundleError("unreadable", "report.json", "report.json is not an Accord report (schema version 1).");
  }
  const statements = reportStatements(report);

  const c = table(files, "comments.csv", ["comment-id", "agrees", "disagrees", "comment-body"]);
  const comments = c.rows
    .map((r) => ({ id: (r[c.col("comment-id")] ?? "").trim(), agrees: integer(r[c.col("agrees")], c.file, "agrees"), disagrees: integer(r[c.col("disagrees")], c.file, "disagrees"), body: r[c.col("comment-body")] ?? "" }))
    .sort((a, b) => Number(a.id) - Number(b.id));
  comments.forEach((x, i) => {
    if (x.id !== String(i)) throw new BundleError("unreadable", c.file, `comments.csv: comment ids must be 0…${comments.length - 1} (found "${x.id}").`);
  });
  if (statements.length !== comments.length) throw new BundleError("unreadable", "report.json", `report.json has ${statements.length} statements but comments.csv ${comments.length} comments.`);

  const g = table(files, "groups.csv", ["kind", "name", "target-share"]);
  const groups: ResultsSource["groups"] = [];
  const regions: ResultsSource["regions"] = [];
  for (const r of g.rows) {
    const kind = (r[g.col("kind")] ?? "").trim();
    const name = r[g.col("name")] ?? "";
    if (kind === "group") {
      const share = Number((r[g.col("target-share")] ?? "").trim());
      if (!Number.isFinite(share)) throw new BundleError("unreadable", g.file, `groups.csv: the target share of ${name} is not a number.`);
      groups.push({ id: `group-${groups.length}`, name, targetShare: share });
    } else if (kind === "region") regions.push({ id: `region-${regions.length}`, name });
    else throw new BundleError("unreadable", g.file, `groups.csv: kind "${kind}" is neither group nor region.`);
  }
  const groupId = new Map(groups.map((x) => [x.name, x.id]));
  const regionId = new Map(regions.map((x) => [x.name, x.id]));
  if (groupId.size !== groups.length || regionId.size !== regions.length) throw new BundleError("unreadable", g.file, "groups.csv lists a group or region name twice.");

  const p = table(files, "participants.csv", ["participant", "stakeholder-group", "region"]);
  const voters: ResultsSource["voters"] = p.rows.map((r) => {
    const id = (r[p.col("participant")] ?? "").trim();
    const group = r[p.col("stakeholder-group")] ?? "";
    const region = r[p.col("region")] ?? "";
    if (id === "") throw new BundleError("unreadable", p.file, "participants.csv has a row without a participant id.");
    if (group !== "" && !groupId.has(group)) throw new BundleError("unreadable", p.file, `participants.csv: participant ${id}'s group "${group}" is not in groups.csv.`);
    if (region !== "" && !regionId.has(region)) throw new BundleError("unreadable", p.file, `participants.csv: participant ${id}'s region "${region}" is not in groups.csv.`);
    return { id, groupId: group === "" ? null : groupId.get(group)!, regionId: region === "" ? null : regionId.get(region)! };
  });
  const known = new Set(voters.map((v) => v.id));
  if (known.size !== voters.length) throw new BundleError("unreadable", p.file, "participants.csv lists a participant twice.");

  const v = table(files, "votes.csv", ["comment-id", "voter-id", "vote", "confidence"]);
  const seen = new Set<string>();
  const votes: ResultsSource["votes"] = v.rows.map((r) => {
    const voterId = (r[v.col("voter-id")] ?? "").trim();
    const commentId = (r[v.col("comment-id")] ?? "").trim();
    const value = integer(r[v.col("vote")], v.file, "vote");
    const rawConfidence = (r[v.col("confidence")] ?? "").trim();
    if (!known.has(voterId)) throw new BundleError("unreadable", v.file, `votes.csv: voter ${voterId} is not in participants.csv.`);
    if (!/^\d+$/.test(commentId) || Number(commentId) >= comments.length) throw new BundleError("unreadable", v.file, `votes.csv: comment ${commentId} is not in comments.csv.`);
    if (value !== 1 && value !== -1 && value !== 0) throw new BundleError("unreadable", v.file, `votes.csv: vote "${value}" is not 1, -1 or 0.`);
    const confidence = rawConfidence === "" ? null : Number(rawConfidence);
    if (confidence !== null && !(confidence >= 1 && confidence <= 5)) throw new BundleError("unreadable", v.file, `votes.csv: confidence "${rawConfidence}" is not between 1 and 5.`);
    const key = `${voterId}\u0000${commentId}`;
    if (seen.has(key)) throw new BundleError("unreadable", v.file, `votes.csv: voter ${voterId} has two votes on comment ${commentId} (a bundle holds only the vote in force).`);
    seen.add(key);
    return { voterId, versionId: commentId, choice: value === 1 ? "agree" : value === -1 ? "disagree" : "pass", confidence };
  });

  const pvt = table(files, "participants-votes.csv", ["participant", "group-id", "n-comments", "n-votes", "n-agree", "n-disagree"]);
  const participantsVotes: ReadBundle["participantsVotes"] = new Map();
  for (const r of pvt.rows) {
    const id = (r[pvt.col("participant")] ?? "").trim();
    const rawGroup = (r[pvt.col("group-id")] ?? "").trim();
    participantsVotes.set(id, {
      group: rawGroup === "" ? null : integer(rawGroup, pvt.file, "group-id"),
      nComments: integer(r[pvt.col("n-comments")], pvt.file, "n-comments"),
      nVotes: integer(r[pvt.col("n-votes")], pvt.file, "n-votes"),
      nAgree: integer(r[pvt.col("n-agree")], pvt.file, "n-agree"),
      nDisagree: integer(r[pvt.col("n-disagree")], pvt.file, "n-disagree"),
      cells: comments.map((x) => (pvt.col(x.id) >= 0 ? (r[pvt.col(x.id)] ?? "").trim() : "")),
    });
  }

  const summary = new Map(parseCsv(files["summary.csv"]!).map((r) => [(r[0] ?? "").trim(), r[1] ?? ""]));

  let reasons: ReadBundle["reasons"] = null;
  if (manifest.format !== BUNDLE_FORMAT_BEFORE_REASONS) {
    try {
      reasons = readReasonsCsv(files["reasons.csv"]!, comments.length, new Set(groups.map((x) => x.name)));
    } catch (error) {
      if (error instanceof ReasonsFileError) throw new BundleError("unreadable", "reasons.csv", error.message);
      throw error;
    }
  }

  const thresholds: Thresholds = { ...report.methodology.thresholds };
  const source: ResultsSource = {
    roundId: `round-${report.round.number}`,
    thresholds,
    minGroupSize: report.participation.suppressed.k,
    groups,
    regions,
    ballot: statements.map((s, i) => ({ versionId: String(i), proposalId: `proposal-${s.proposalNumber}`, versionNumber: s.versionNumber, title: s.title, category: s.category })),
    voters,
    votes,
  };
  return { source, report, manifest, contentHash, comments, participantsVotes, summary, reasons };
}
