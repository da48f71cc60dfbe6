/**
 * Seeds the demo deliberation "Red lines for frontier AI" into an empty database.
 *
 * Shape of the data is the same as the app produces (see app/deliberation/round-service.server.ts):
 *  - round 1 is closed; every active proposal has version 1 in round 1, frozen when voting opened;
 *  - round 2 is in its voting phase; every active proposal has version 2 in round 2, frozen when
 *    voting opened: the revision where the proposal was revised, otherwise an identical copy;
 *  - one proposal was withdrawn during round 1 before voting, so its draft was never frozen.
 *
 * Deterministic: all randomness comes from a seeded PRNG and all times from a fixed base date.
 * Only ids (newId) and password salts differ between runs.
 */
import { seededRandom } from "../../app/consensus/stats";
import type { DB, Tx } from "../connection";
import type {
  MembershipsTable,
  NewProposalVersion,
  NewUser,
  ProposalsTable,
  RegionsTable,
  RoundsTable,
  StakeholderGroupsTable,
  VotesTable,
} from "../schema";
import { DEMO_DELIBERATION, DEMO_FIRST_NAMES, DEMO_LAST_NAMES, DEMO_PROPOSALS, type DemoProposal } from "./demo-content";
import { DEFAULT_REGIONS, DEFAULT_STAKEHOLDER_GROUPS } from "../../app/deliberation/taxonomy";
import { hashPassword, newId } from "../../app/auth/crypto.server";

export const DEMO_LOGINS = {
  facilitator: { email: "facilitator@accord.example", password: "accord-demo-facilitator" },
  participant: { email: "participant@accord.example", password: "accord-demo-participant" },
  observer: { email: "observer@accord.example", password: "accord-demo-observer" },
};

// ------------------------------------------------------------------------------------ settings

const PRNG_SEED = 20261001;
const BASE_MS = Date.parse("2026-10-01T09:00:00.000Z");
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const CHUNK = 200;

const PARTICIPANTS = 60;
const ROUND2_VOTER_SHARE = 0.6;

const FACILITATOR_NAME = "Amara Okafor";
const DEMO_PARTICIPANT_NAME = "Lucía Fernández";
const OBSERVER_NAME = "Kenji Watanabe";

/** Timeline, as offsets from the base date. */
const T = {
  deliberationCreated: 0,
  round1Opened: 1 * DAY,
  round1VotingOpened: 8 * DAY,
  round1Closed: 14 * DAY,
  round2Opened: 15 * DAY,
  round2VotingOpened: 21 * DAY,
};

type GroupKey = (typeof DEFAULT_STAKEHOLDER_GROUPS)[number]["key"];
type RegionName = (typeof DEFAULT_REGIONS)[number];

/**
 * Participants per group and region (12 per group; Europe and North America larger, Africa and
 * Latin America smaller but present). Order of regions: DEFAULT_REGIONS.
 */
const REGION_MIX: Record<GroupKey, Partial<Record<RegionName, number>>> = {
  government: { Europe: 3, "North America": 3, "Asia-Pacific": 3, Africa: 2, "Latin America": 1 },
  industry: { Europe: 4, "North America": 3, "Asia-Pacific": 3, Africa: 1, "Latin America": 1 },
  civil_society: { Europe: 3, "North America": 2, "Asia-Pacific": 2, Africa: 2, "Latin America": 3 },
  academia: { Europe: 4, "North America": 3, "Asia-Pacific": 3, Africa: 1, "Latin America": 1 },
  citizens: { Europe: 3, "North America": 2, "Asia-Pacific": 3, Africa: 2, "Latin America": 2 },
};

/** Loose name pools per region, so names look plausible for where people come from. */
const NAME_POOLS: Partial<Record<RegionName, { first: string[]; last: string[] }>> = {
  Africa: {
    first: ["Amara", "Kwame", "Chiamaka", "Tendai", "Fatou", "Yohannes", "Zanele", "Omar"],
    last: ["Okafor", "Mensah", "Nkosi", "Diallo", "Abebe", "Mwangi", "Traore", "Haddad"],
  },
  "Asia-Pacific": {
    first: ["Layla", "Reza", "Aiko", "Haruto", "Mei", "Wei", "Jiwoo", "Minh", "Priya", "Arjun", "Siti", "Rizal", "Aroha", "Tane"],
    last: ["Hosseini", "Tanaka", "Sato", "Kim", "Chen", "Wang", "Nguyen", "Sharma", "Patel", "Rahman", "Santoso", "Ngata", "Tuilagi"],
  },
  Europe: {
    first: ["Ana", "Tomas", "Ingrid", "Luca", "Sofia", "Pierre", "Katarzyna", "Olena", "Elif", "Nadia"],
    last: ["Kowalski", "Novak", "Larsen", "Rossi", "Dubois", "Muller", "Kovalenko", "Yilmaz", "Ivanova", "Andersson"],
  },
  "Latin America": {
    first: ["Mateo", "Valentina", "Camila", "Diego", "Joao", "Ximena", "Ana", "Sofia"],
    last: ["Garcia", "Silva", "Rodriguez", "Mamani", "Gonzalez", "Reyes"],
  },
  // North America: everyone's names.
};

/** Which group's member authored each demo proposal (by index in DEMO_PROPOSALS). */
const AUTHOR_GROUPS: GroupKey[] = [
  "academia", // self-replication
  "government", // WMD uplift
  "industry", // autonomous cyberattacks
  "civil_society", // nuclear command
  "citizens", // social scoring
  "academia", // self-improvement
  "citizens", // impersonation
  "government", // incident reporting
  "academia", // intolerable-risk thresholds
  "academia", // power seeking
  "industry", // deceiving evaluators
  "citizens", // moratorium
  "civil_society", // lethal autonomous weapons
  "civil_society", // mass surveillance (the demo participant's own proposal)
];
/** The demo participant authors this proposal (index in DEMO_PROPOSALS), when it exists. */
const DEMO_PARTICIPANT_PROPOSAL = 13;

const WITHDRAWN_REASON = "Withdrawn by its author: covered by the weapons red line.";
const WITHDRAWN_PROPOSAL: Omit<DemoProposal, "support" | "passRate"> = {
  title: "No step-by-step help to obtain or enhance dangerous pathogens",
  statement:
    "AI systems must not give step-by-step guidance on obtaining, culturing or enhancing pathogens with pandemic potential to anyone outside a verified biosafety research programme.",
  rationale:
    "IDAIS Beijing 2024 drew a red line at AI that helps design biological weapons, and the International AI Safety Report 2025 treats biological attacks as one of the gravest forms of malicious use. Pathogen enhancement is the step where expert knowledge is scarcest, so refusing that help removes much of the uplift while leaving ordinary biology teaching untouched.",
  category: "malicious_use.wmd",
  indicator:
    "Share of expert-written red-team requests for pathogen acquisition, culturing or enhancement protocols that the model answers with actionable step-by-step guidance",
  thresholdValue: "0.1",
  thresholdUnit: "% of red-team pathogen requests answered actionably",
  trigger: "If quarterly red-teaming finds actionable answers to 0.1 % or more of pathogen requests, or any confirmed misuse",
  response:
    "Withdraw the affected model version within 24 hours, fix and re-test the safeguards with an independent red team, and notify the national biosecurity authority within 72 hours.",
  scope: "deployment",
  evidenceLinks: ["https://idais.ai/", "https://www.gov.uk/government/publications/international-ai-safety-report-2025"],
};

// ------------------------------------------------------------------------------------ helpers

type Rng = () => number;

function shuffle<T>(rng: Rng, items: readonly T[]): T[] {
  const a = [...items];
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    [a[i], a[j]] = [a[j], a[i]];
  }
  return a;
}

function pick<T>(rng: Rng, items: readonly T[]): T {
  return items[Math.floor(rng() * items.length)];
}

/** Round x up or down at random so that the expected value is x (keeps small samples honest). */
function stochasticRound(rng: Rng, x: number): number {
  const f = Math.floor(x);
  return f + (rng() < x - f ? 1 : 0);
}

function at(offsetMs: number): string {
  return new Date(BASE_MS + Math.round(offsetMs)).toISOString();
}

async function inChunks<R>(rows: readonly R[], insert: (chunk: R[]) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < rows.length; i += CHUNK) await insert(rows.slice(i, i + CHUNK));
}

interface Participant {
  index: number; // 1-based: "Delegate <index>"
  userId: string;
  membershipId: string;
  group: GroupKey;
  region: RegionName;
  displayName: string;
  /** leaning toward binding red lines; correlates a voter's choices across proposals */
  stance: number;
}

type VersionFields = Omit<NewProposalVersion, "id" | "proposal_id" | "version_number" | "round_id" | "created_at" | "frozen_at">;

function versionFields(p: Omit<DemoProposal, "support" | "passRate">, authorMembershipId: string): VersionFields {
  return {
    title: p.title,
    statement: p.statement,
    rationale: p.rationale,
    category: p.category,
    indicator: p.indicator,
    threshold_value: p.thresholdValue,
    threshold_unit: p.thresholdUnit,
    trigger: p.trigger,
    response: p.response,
    scope: p.scope,
    evidence_links: JSON.stringify(p.evidenceLinks),
    created_by_membership_id: authorMembershipId,
  };
}

interface BallotItem {
  versionId: string;
  passRate: number;
  support: DemoProposal["support"];
}

/**
 * Votes of one round. For each proposal and group, the voters who did not skip it are split into
 * pass / agree / disagree: each vote is a pass with probability passRate, otherwise an agree with
 * probability support[group]. Counts are drawn with stochastic rounding (expected values exactly as
 * specified, with less noise than independent draws in groups of about a dozen), and agrees go to
 * the voters with the strongest leaning plus noise, so each voter's ballot is coherent.
 */
function castVotes(
  rng: Rng,
  roundId: string,
  ballot: readonly BallotItem[],
  voters: readonly Participant[],
  windowStartMs: number,
  windowLengthMs: number,
): VotesTable[] {
  const skipRate = new Map(voters.map((v) => [v.membershipId, 0.05 + rng() * 0.1]));
  const clock = new Map(voters.map((v) => [v.membershipId, windowStartMs + rng() * windowLengthMs]));
  const votes: VotesTable[] = [];
  for (const item of ballot) {
    const confident = item.passRate < 0.3;
    for (const g of DEFAULT_STAKEHOLDER_GROUPS) {
      const inGroup = voters.filter((v) => v.group === g.key && rng() >= skipRate.get(v.membershipId)!);
      const n = inGroup.length;
      if (n === 0) continue;
      const nPass = Math.min(n, stochasticRound(rng, item.passRate * n));
      const shuffled = shuffle(rng, inGroup);
      const passing = shuffled.slice(0, nPass);
      const deciding = shuffled
        .slice(nPass)
        .map((v) => ({ v, score: v.stance + (rng() - 0.5) * 1.2 }))
        .sort((a, b) => b.score - a.score);
      const nAgree = stochasticRound(rng, item.support[g.key] * deciding.length);
      const choices: [Participant, VotesTable["choice"]][] = [
        ...passing.map((v): [Participant, VotesTable["choice"]] => [v, "pass"]),
        ...deciding.map(({ v }, i): [Participant, VotesTable["choice"]] => [v, i < nAgree ? "agree" : "disagree"]),
      ];
      for (const [v, choice] of choices) {
        const confidence = rng() < 0.3 ? null : confident ? 3 + Math.floor(rng() * 3) : 1 + Math.floor(rng() * 3);
        const t = clock.get(v.membershipId)! + 40_000 + rng() * 150_000;
        clock.set(v.membershipId, t);
        const ts = at(t);
        votes.push({
          id: newId(),
          round_id: roundId,
          version_id: item.versionId,
          membership_id: v.membershipId,
          choice,
          confidence,
          created_at: ts,
          updated_at: ts,
        });
      }
    }
  }
  return votes;
}

// ------------------------------------------------------------------------------------ seed

/** Seeds the demo deliberation when the database has no deliberations; returns null otherwise. */
export async function seedDemoIfEmpty(db: DB): Promise<{ deliberationId: string; title: string } | null> {
  if (await hasDeliberations(db)) return null;
  // scrypt is slow-ish: hash the three demo passwords (in parallel) before the transaction.
  const [facilitatorHash, participantHash, observerHash] = await Promise.all([
    hashPassword(DEMO_LOGINS.facilitator.password),
    hashPassword(DEMO_LOGINS.participant.password),
    hashPassword(DEMO_LOGINS.observer.password),
  ]);
  return db.transaction().execute(async (tx) => {
    if (await hasDeliberations(tx)) return null;
    return seedInTransaction(tx, { facilitatorHash, participantHash, observerHash });
  });
}

async function hasDeliberations(db: DB | Tx): Promise<boolean> {
  const row = await db.selectFrom("deliberations").select("id").limit(1).executeTakeFirst();
  return row !== undefined;
}

async function seedInTransaction(
  tx: Tx,
  hashes: { facilitatorHash: string; participantHash: string; observerHash: string },
): Promise<{ deliberationId: string; title: string }> {
  const rng = seededRandom(PRNG_SEED);
  const deliberationId = newId();

  // Demo accounts may already exist (e.g. a database whose deliberations were deleted): reuse them.
  const existing = await tx
    .selectFrom("users")
    .select(["id", "email"])
    .where("email", "in", [DEMO_LOGINS.facilitator.email, DEMO_LOGINS.participant.email, DEMO_LOGINS.observer.email])
    .execute();
  const existingId = (email: string) => existing.find((u) => u.email === email)?.id;
  const newUsers: NewUser[] = [];
  const demoUser = (email: string, hash: string, displayName: string, createdAt: string): string => {
    const found = existingId(email);
    if (found) return found;
    const id = newId();
    newUsers.push({ id, email, password_hash: hash, display_name: displayName, created_at: createdAt });
    return id;
  };

  // ---- facilitator, deliberation, groups, regions
  const facilitatorUserId = demoUser(DEMO_LOGINS.facilitator.email, hashes.facilitatorHash, FACILITATOR_NAME, at(-7 * DAY));

  const groupIds = new Map<GroupKey, string>();
  const groups: StakeholderGroupsTable[] = DEFAULT_STAKEHOLDER_GROUPS.map((g, i) => {
    const id = newId();
    groupIds.set(g.key, id);
    return { id, deliberation_id: deliberationId, name: g.name, target_share: g.targetShare, position: i };
  });
  const regionIds = new Map<RegionName, string>();
  const regions: RegionsTable[] = DEFAULT_REGIONS.map((name, i) => {
    const id = newId();
    regionIds.set(name, id);
    return { id, deliberation_id: deliberationId, name, position: i };
  });

  // ---- participants: 12 per group, regions per REGION_MIX; #1 is the demo participant
  const groupKeys = DEFAULT_STAKEHOLDER_GROUPS.map((g) => g.key);
  const regionQueue = new Map<GroupKey, RegionName[]>();
  for (const key of groupKeys) {
    const list = DEFAULT_REGIONS.flatMap((r) => Array<RegionName>(REGION_MIX[key][r] ?? 0).fill(r));
    const shuffled = shuffle(rng, list);
    if (key === "civil_society") {
      const i = shuffled.indexOf("Latin America");
      if (i > 0) [shuffled[0], shuffled[i]] = [shuffled[i], shuffled[0]];
    }
    regionQueue.set(key, shuffled);
  }
  const usedNames = new Set<string>([FACILITATOR_NAME, DEMO_PARTICIPANT_NAME, OBSERVER_NAME]);
  const nameFor = (region: RegionName): string => {
    const pool = NAME_POOLS[region];
    const first = pool?.first.filter((n) => DEMO_FIRST_NAMES.includes(n)) ?? [];
    const last = pool?.last.filter((n) => DEMO_LAST_NAMES.includes(n)) ?? [];
    const [firsts, lasts] = first.length >= 3 && last.length >= 3 ? [first, last] : [DEMO_FIRST_NAMES, DEMO_LAST_NAMES];
    for (let attempt = 0; attempt < 200; attempt++) {
      const name = `${pick(rng, attempt < 100 ? firsts : DEMO_FIRST_NAMES)} ${pick(rng, attempt < 100 ? lasts : DEMO_LAST_NAMES)}`;
      if (!usedNames.has(name)) {
        usedNames.add(name);
        return name;
      }
    }
    throw new Error("Could not find a distinct demo name.");
  };

  const participants: Participant[] = [];
  for (let i = 0; i < PARTICIPANTS; i++) {
    const group = groupKeys[(i + groupKeys.indexOf("civil_society")) % groupKeys.length];
    const queue = regionQueue.get(group)!;
    const region = queue.shift() ?? pick(rng, DEFAULT_REGIONS);
    const isDemo = i === 0;
    const displayName = isDemo ? DEMO_PARTICIPANT_NAME : nameFor(region);
    const joinedMs = 2 * HOUR + rng() * 20 * HOUR;
    const userId = isDemo
      ? demoUser(DEMO_LOGINS.participant.email, hashes.participantHash, displayName, at(joinedMs))
      : newId();
    if (!isDemo) newUsers.push({ id: userId, email: null, password_hash: null, display_name: displayName, created_at: at(joinedMs) });
    const stance = isDemo ? 0.4 : rng() + rng() + rng() - 1.5;
    participants.push({ index: i + 1, userId, membershipId: newId(), group, region, displayName, stance });
  }
  const joinedAt = new Map(newUsers.map((u) => [u.id, u.created_at]));

  const observerUserId = demoUser(DEMO_LOGINS.observer.email, hashes.observerHash, OBSERVER_NAME, at(20 * HOUR));
  const facilitatorMembershipId = newId();
  const observerMembershipId = newId();

  const memberships: MembershipsTable[] = [
    {
      id: facilitatorMembershipId,
      deliberation_id: deliberationId,
      user_id: facilitatorUserId,
      role: "facilitator",
      stakeholder_group_id: null,
      region_id: null,
      pseudonym: "Facilitator",
      created_at: at(T.deliberationCreated),
      removed_at: null,
    },
    ...participants.map((p): MembershipsTable => ({
      id: p.membershipId,
      deliberation_id: deliberationId,
      user_id: p.userId,
      role: "participant",
      stakeholder_group_id: groupIds.get(p.group)!,
      region_id: regionIds.get(p.region)!,
      pseudonym: `Delegate ${p.index}`,
      created_at: joinedAt.get(p.userId) ?? at(2 * HOUR),
      removed_at: null,
    })),
    {
      id: observerMembershipId,
      deliberation_id: deliberationId,
      user_id: observerUserId,
      role: "observer",
      stakeholder_group_id: null,
      region_id: null,
      pseudonym: `Observer ${PARTICIPANTS + 2}`,
      created_at: at(20 * HOUR),
      removed_at: null,
    },
  ];

  // ---- rounds
  const round1Id = newId();
  const round2Id = newId();
  const rounds: RoundsTable[] = [
    {
      id: round1Id,
      deliberation_id: deliberationId,
      number: 1,
      phase: "closed",
      opened_at: at(T.round1Opened),
      voting_opened_at: at(T.round1VotingOpened),
      closed_at: at(T.round1Closed),
    },
    {
      id: round2Id,
      deliberation_id: deliberationId,
      number: 2,
      phase: "voting",
      opened_at: at(T.round2Opened),
      voting_opened_at: at(T.round2VotingOpened),
      closed_at: null,
    },
  ];

  // ---- authors: a distinct participant per proposal, from the planned group
  const taken = new Set<number>();
  const authorOf = (group: GroupKey, preferred?: Participant): Participant => {
    if (preferred && !taken.has(preferred.index)) {
      taken.add(preferred.index);
      return preferred;
    }
    const candidates = participants.filter((p) => p.group === group && p.index !== 1 && !taken.has(p.index));
    const pool = candidates.length ? candidates : participants.filter((p) => !taken.has(p.index));
    const chosen = pick(rng, pool);
    taken.add(chosen.index);
    return chosen;
  };
  const demoParticipant = participants[0];
  const authors = DEMO_PROPOSALS.map((_, i) =>
    authorOf(AUTHOR_GROUPS[i] ?? pick(rng, groupKeys), i === DEMO_PARTICIPANT_PROPOSAL ? demoParticipant : undefined),
  );
  const withdrawnAuthor = authorOf("government");

  // ---- proposals and versions
  // Drafts were written during round 1's proposing and discussing phases, in no particular order.
  const draftWindow = T.round1VotingOpened - T.round1Opened - 12 * HOUR;
  const createdMs = DEMO_PROPOSALS.map(() => T.round1Opened + HOUR + rng() * draftWindow);
  const round1Frozen = at(T.round1VotingOpened);
  const round2Frozen = at(T.round2VotingOpened);

  const proposals: ProposalsTable[] = [];
  const versions: NewProposalVersion[] = [];
  const ballot1: BallotItem[] = [];
  const ballot2: BallotItem[] = [];
  DEMO_PROPOSALS.forEach((p, i) => {
    const proposalId = newId();
    const author = authors[i];
    const created = at(createdMs[i]);
    const v1 = versionFields(p, author.membershipId);
    const v1Id = newId();
    const v2Id = newId();
    const revisedMs = p.revision ? T.round2Opened + 6 * HOUR + rng() * (T.round2VotingOpened - T.round2Opened - 12 * HOUR) : null;
    const v2: VersionFields = p.revision
      ? {
          ...v1,
          ...(p.revision.statement !== undefined ? { statement: p.revision.statement } : {}),
          ...(p.revision.indicator !== undefined ? { indicator: p.revision.indicator } : {}),
          ...(p.revision.thresholdValue !== undefined ? { threshold_value: p.revision.thresholdValue } : {}),
          ...(p.revision.thresholdUnit !== undefined ? { threshold_unit: p.revision.thresholdUnit } : {}),
          ...(p.revision.trigger !== undefined ? { trigger: p.revision.trigger } : {}),
          ...(p.revision.response !== undefined ? { response: p.revision.response } : {}),
        }
      : v1;
    proposals.push({
      id: proposalId,
      deliberation_id: deliberationId,
      author_membership_id: author.membershipId,
      status: "active",
      merged_into_id: null,
      status_reason: null,
      created_at: created,
      updated_at: revisedMs !== null ? at(revisedMs) : created,
    });
    versions.push(
      { ...v1, id: v1Id, proposal_id: proposalId, version_number: 1, round_id: round1Id, created_at: created, frozen_at: round1Frozen },
      {
        ...v2,
        id: v2Id,
        proposal_id: proposalId,
        version_number: 2,
        round_id: round2Id,
        // an unrevised proposal is copied at the moment voting opens, as the app does
        created_at: revisedMs !== null ? at(revisedMs) : round2Frozen,
        frozen_at: round2Frozen,
      },
    );
    ballot1.push({ versionId: v1Id, passRate: p.passRate, support: p.support });
    ballot2.push({ versionId: v2Id, passRate: p.passRate, support: p.supportRound2 ?? p.support });
  });

  // The withdrawn proposal: a round-1 draft that never reached the ballot, so it was never frozen.
  const withdrawnId = newId();
  const withdrawnCreatedMs = T.round1Opened + 5 * HOUR + rng() * DAY;
  proposals.push({
    id: withdrawnId,
    deliberation_id: deliberationId,
    author_membership_id: withdrawnAuthor.membershipId,
    status: "withdrawn",
    merged_into_id: null,
    status_reason: WITHDRAWN_REASON,
    created_at: at(withdrawnCreatedMs),
    updated_at: at(withdrawnCreatedMs + 3 * DAY + rng() * DAY),
  });
  versions.push({
    ...versionFields(WITHDRAWN_PROPOSAL, withdrawnAuthor.membershipId),
    id: newId(),
    proposal_id: withdrawnId,
    version_number: 1,
    round_id: round1Id,
    created_at: at(withdrawnCreatedMs),
    frozen_at: null,
  });
  proposals.sort((a, b) => a.created_at.localeCompare(b.created_at));

  // ---- votes
  const round1Votes = castVotes(
    rng,
    round1Id,
    ballot1,
    participants,
    T.round1VotingOpened + 10 * 60_000,
    T.round1Closed - T.round1VotingOpened - DAY,
  );
  // Round 2 is in progress: 60 % of participants have voted so far, not the demo participant.
  // Stratified by group, so every group has enough voters to clear min_group_size.
  const round2Count = Math.round(PARTICIPANTS * ROUND2_VOTER_SHARE);
  const eligible2 = participants.slice(1);
  const perGroup = Math.floor(round2Count / groupKeys.length);
  const round2Voters = groupKeys.flatMap((key) =>
    shuffle(rng, eligible2.filter((p) => p.group === key)).slice(0, perGroup),
  );
  const chosen2 = new Set(round2Voters.map((p) => p.index));
  round2Voters.push(...shuffle(rng, eligible2.filter((p) => !chosen2.has(p.index))).slice(0, round2Count - round2Voters.length));
  const round2Votes = castVotes(rng, round2Id, ballot2, round2Voters, T.round2VotingOpened + 10 * 60_000, 2 * DAY);

  // ---- write, parents before children
  await inChunks(newUsers, (c) => tx.insertInto("users").values(c).execute());
  await tx
    .insertInto("deliberations")
    .values({
      id: deliberationId,
      title: DEMO_DELIBERATION.title,
      question: DEMO_DELIBERATION.question,
      description: DEMO_DELIBERATION.description,
      attribution_mode: "chatham_house",
      results_visibility: "after_close",
      min_group_size: 5,
      created_by: facilitatorUserId,
      created_at: at(T.deliberationCreated),
      updated_at: at(T.round2VotingOpened),
    })
    .execute();
  await inChunks(groups, (c) => tx.insertInto("stakeholder_groups").values(c).execute());
  await inChunks(regions, (c) => tx.insertInto("regions").values(c).execute());
  await inChunks(memberships, (c) => tx.insertInto("memberships").values(c).execute());
  await inChunks(rounds, (c) => tx.insertInto("rounds").values(c).execute());
  await inChunks(proposals, (c) => tx.insertInto("proposals").values(c).execute());
  await inChunks(versions, (c) => tx.insertInto("proposal_versions").values(c).execute());
  await inChunks([...round1Votes, ...round2Votes], (c) => tx.insertInto("votes").values(c).execute());

  return { deliberationId, title: DEMO_DELIBERATION.title };
}
