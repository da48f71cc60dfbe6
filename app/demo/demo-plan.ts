/**
 * The demo's script: who joins (group, region, name), who writes which proposal, who comments,
 * and every vote of both rounds with its reason. Pure and deterministic: all randomness comes from
 * seeded PRNGs drawn in a fixed order (keep it: the demo's results depend on the exact sequence of
 * draws) — one for members, proposals, votes and comment authors, one for the votes' reasons.
 *
 * Times (`…Ms`, offsets from the start of the deliberation) only order the events; the seed plays
 * them through the services, which stamp the real time.
 */
import { seededRandom } from "../consensus/stats";
import { DISAGREE_REASONS, type DisagreeReason } from "../deliberation/disagree-reasons";
import { DEFAULT_REGIONS, DEFAULT_STAKEHOLDER_GROUPS } from "../deliberation/taxonomy";
import { DEMO_COMMENTS, DEMO_FIRST_NAMES, DEMO_LAST_NAMES, DEMO_LOGINS, DEMO_PROPOSALS, type DemoComment, type DemoProposal, type ReasonWeights } from "./demo-content";

export type GroupKey = (typeof DEFAULT_STAKEHOLDER_GROUPS)[number]["key"];
export type RegionName = (typeof DEFAULT_REGIONS)[number];
export type Choice = "agree" | "disagree" | "pass";

const PRNG_SEED = 20261001;
/** Reasons are drawn from a PRNG of their own, so that adding them left every earlier draw (and vote) as it was. */
const REASON_PRNG_SEED = 20261121;
/** Share of disagree and of pass votes that come with a reason (the reason is optional, one tap). */
const REASON_SHARE = { disagree: 0.8, pass: 0.5 };
/** A pass is often unsureness about the facts: this share of pass reasons is "the evidence". */
const PASS_EVIDENCE_SHARE = 0.5;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

const PARTICIPANTS = 60;
const ROUND2_VOTER_SHARE = 0.6;

/** Timeline, as offsets from the creation of the deliberation. */
const T = {
  round1Opened: 1 * DAY,
  round1VotingOpened: 8 * DAY,
  round1Closed: 14 * DAY,
  round2Opened: 15 * DAY,
  round2VotingOpened: 21 * DAY,
};

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
/** The demo participant authors this proposal (index in DEMO_PROPOSALS). */
const DEMO_PARTICIPANT_PROPOSAL = 13;

export interface PlannedParticipant {
  /** 1-based; #1 is the demo participant */
  index: number;
  isDemo: boolean;
  group: GroupKey;
  region: RegionName;
  displayName: string;
  /** leaning toward binding red lines; correlates a voter's choices across proposals */
  stance: number;
  joinedMs: number;
}

export interface PlannedProposal {
  /** index in DEMO_PROPOSALS, or "withdrawn" for WITHDRAWN_PROPOSAL */
  key: number | "withdrawn";
  authorIndex: number;
  createdMs: number;
  /** when the author revised it for round 2 (revised proposals only) */
  revisedMs: number | null;
}

export interface PlannedVote {
  participantIndex: number;
  /** index in DEMO_PROPOSALS */
  proposal: number;
  choice: Choice;
  confidence: number | null;
  /** why, for some disagree and pass votes */
  reason: DisagreeReason | null;
  atMs: number;
}

export interface PlannedComment extends DemoComment {
  authorIndex: number;
}

export interface DemoPlan {
  participants: PlannedParticipant[];
  observerJoinedMs: number;
  /** in order of creation */
  proposals: PlannedProposal[];
  comments: PlannedComment[];
  /** each round's votes in the order they are cast */
  votes: { round1: PlannedVote[]; round2: PlannedVote[] };
}

type Rng = () => number;

function shuffle<T>(rng: Rng, items: readonly T[]): T[] {
  const a = [...items];
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    [a[i], a[j]] = [a[j]!, a[i]!];
  }
  return a;
}

function pick<T>(rng: Rng, items: readonly T[]): T {
  return items[Math.floor(rng() * items.length)]!;
}

/** Round x up or down at random so that the expected value is x (keeps small samples honest). */
function stochasticRound(rng: Rng, x: number): number {
  const f = Math.floor(x);
  return f + (rng() < x - f ? 1 : 0);
}

interface BallotItem {
  proposal: number;
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
function planVotes(rng: Rng, ballot: readonly BallotItem[], voters: readonly PlannedParticipant[], windowStartMs: number, windowLengthMs: number): PlannedVote[] {
  const skipRate = new Map(voters.map((v) => [v.index, 0.05 + rng() * 0.1]));
  const clock = new Map(voters.map((v) => [v.index, windowStartMs + rng() * windowLengthMs]));
  const votes: PlannedVote[] = [];
  for (const item of ballot) {
    const confident = item.passRate < 0.3;
    for (const g of DEFAULT_STAKEHOLDER_GROUPS) {
      const inGroup = voters.filter((v) => v.group === g.key && rng() >= skipRate.get(v.index)!);
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
      const choices: [PlannedParticipant, Choice][] = [
        ...passing.map((v): [PlannedParticipant, Choice] => [v, "pass"]),
        ...deciding.map(({ v }, i): [PlannedParticipant, Choice] => [v, i < nAgree ? "agree" : "disagree"]),
      ];
      for (const [v, choice] of choices) {
        const confidence = rng() < 0.3 ? null : confident ? 3 + Math.floor(rng() * 3) : 1 + Math.floor(rng() * 3);
        const atMs = clock.get(v.index)! + 40_000 + rng() * 150_000;
        clock.set(v.index, atMs);
        votes.push({ participantIndex: v.index, proposal: item.proposal, choice, confidence, reason: null, atMs });
      }
    }
  }
  return votes.sort((a, b) => a.atMs - b.atMs);
}

/** Split n reasons by weight (largest remainder, ties in the order of DISAGREE_REASONS). */
function apportion(n: number, weights: ReasonWeights): DisagreeReason[] {
  const total = DISAGREE_REASONS.reduce((sum, r) => sum + (weights[r] ?? 0), 0);
  const exact = DISAGREE_REASONS.map((r) => ({ r, x: (n * (weights[r] ?? 0)) / total }));
  const counts = new Map(exact.map(({ r, x }) => [r, Math.floor(x)]));
  let left = n - [...counts.values()].reduce((a, b) => a + b, 0);
  for (const { r } of [...exact].sort((a, b) => b.x - Math.floor(b.x) - (a.x - Math.floor(a.x)))) {
    if (left-- <= 0) break;
    counts.set(r, counts.get(r)! + 1);
  }
  return DISAGREE_REASONS.flatMap((r) => Array<DisagreeReason>(counts.get(r)!).fill(r));
}

/**
 * Give some disagree and pass votes a reason. Per proposal, group and choice, a share of the voters
 * (REASON_SHARE, stochastically rounded) give one; the reasons are split by the proposal's profile
 * (its group's, where the groups differ; passes lean toward the evidence) and dealt at random, so
 * each crux's main reason is the one its profile names and the same votes get the same reasons.
 */
function assignReasons(rng: Rng, votes: readonly PlannedVote[], participants: readonly PlannedParticipant[]): void {
  const groupOf = new Map(participants.map((p) => [p.index, p.group]));
  for (const [proposal, content] of DEMO_PROPOSALS.entries()) {
    for (const g of DEFAULT_STAKEHOLDER_GROUPS) {
      const profile = content.reasons.byGroup?.[g.key] ?? content.reasons;
      for (const choice of ["disagree", "pass"] as const) {
        const bucket = votes.filter((v) => v.proposal === proposal && v.choice === choice && groupOf.get(v.participantIndex) === g.key);
        if (bucket.length === 0) continue;
        const n = Math.min(bucket.length, stochasticRound(rng, REASON_SHARE[choice] * bucket.length));
        const weights = choice === "pass" ? passWeights(profile) : profile;
        const reasons = apportion(n, weights);
        shuffle(rng, bucket).slice(0, n).forEach((v, i) => (v.reason = reasons[i]!));
      }
    }
  }
}

/** Pass reasons: PASS_EVIDENCE_SHARE on the evidence, the rest as the profile says. */
function passWeights(profile: ReasonWeights): ReasonWeights {
  const total = DISAGREE_REASONS.reduce((sum, r) => sum + (profile[r] ?? 0), 0);
  const out: ReasonWeights = {};
  for (const r of DISAGREE_REASONS) out[r] = (1 - PASS_EVIDENCE_SHARE) * ((profile[r] ?? 0) / total) + (r === "evidence" ? PASS_EVIDENCE_SHARE : 0);
  return out;
}

/** The demo's script. Same result on every call. */
export function planDemo(): DemoPlan {
  const rng = seededRandom(PRNG_SEED);
  const groupKeys = DEFAULT_STAKEHOLDER_GROUPS.map((g) => g.key);

  // ---- participants: 12 per group, regions per REGION_MIX; #1 is the demo participant
  const regionQueue = new Map<GroupKey, RegionName[]>();
  for (const key of groupKeys) {
    const list = DEFAULT_REGIONS.flatMap((r) => Array<RegionName>(REGION_MIX[key][r] ?? 0).fill(r));
    const shuffled = shuffle(rng, list);
    if (key === "civil_society") {
      const i = shuffled.indexOf("Latin America");
      if (i > 0) [shuffled[0], shuffled[i]] = [shuffled[i]!, shuffled[0]!];
    }
    regionQueue.set(key, shuffled);
  }
  const usedNames = new Set<string>(Object.values(DEMO_LOGINS).map((l) => l.displayName));
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

  const participants: PlannedParticipant[] = [];
  for (let i = 0; i < PARTICIPANTS; i++) {
    const group = groupKeys[(i + groupKeys.indexOf("civil_society")) % groupKeys.length]!;
    const region = regionQueue.get(group)!.shift() ?? pick(rng, DEFAULT_REGIONS);
    const isDemo = i === 0;
    const displayName = isDemo ? DEMO_LOGINS.participant.displayName : nameFor(region);
    const joinedMs = 2 * HOUR + rng() * 20 * HOUR;
    const stance = isDemo ? 0.4 : rng() + rng() + rng() - 1.5;
    participants.push({ index: i + 1, isDemo, group, region, displayName, stance, joinedMs });
  }
  const demoParticipant = participants[0]!;

  // ---- authors: a distinct participant per proposal, from the planned group
  const taken = new Set<number>();
  const authorOf = (group: GroupKey, preferred?: PlannedParticipant): PlannedParticipant => {
    if (preferred && !taken.has(preferred.index)) {
      taken.add(preferred.index);
      return preferred;
    }
    const candidates = participants.filter((p) => p.group === group && !p.isDemo && !taken.has(p.index));
    const chosen = pick(rng, candidates.length ? candidates : participants.filter((p) => !taken.has(p.index)));
    taken.add(chosen.index);
    return chosen;
  };
  const authors = DEMO_PROPOSALS.map((_, i) => authorOf(AUTHOR_GROUPS[i]!, i === DEMO_PARTICIPANT_PROPOSAL ? demoParticipant : undefined));
  const withdrawnAuthor = authorOf("government");

  // ---- proposals: drafted during round 1 in no particular order; some revised for round 2
  const draftWindow = T.round1VotingOpened - T.round1Opened - 12 * HOUR;
  const createdMs = DEMO_PROPOSALS.map(() => T.round1Opened + HOUR + rng() * draftWindow);
  const proposals: PlannedProposal[] = DEMO_PROPOSALS.map((p, i) => ({
    key: i,
    authorIndex: authors[i]!.index,
    createdMs: createdMs[i]!,
    revisedMs: p.revision ? T.round2Opened + 6 * HOUR + rng() * (T.round2VotingOpened - T.round2Opened - 12 * HOUR) : null,
  }));
  const withdrawnCreatedMs = T.round1Opened + 5 * HOUR + rng() * DAY;
  proposals.push({ key: "withdrawn", authorIndex: withdrawnAuthor.index, createdMs: withdrawnCreatedMs, revisedMs: null });
  rng(); // when it was withdrawn: no longer used, drawn so that the votes stay those of earlier demos
  proposals.sort((a, b) => a.createdMs - b.createdMs);

  // ---- votes
  const ballot1 = DEMO_PROPOSALS.map((p, i): BallotItem => ({ proposal: i, passRate: p.passRate, support: p.support }));
  const ballot2 = DEMO_PROPOSALS.map((p, i): BallotItem => ({ proposal: i, passRate: p.passRate, support: p.supportRound2 ?? p.support }));
  const round1 = planVotes(rng, ballot1, participants, T.round1VotingOpened + 10 * 60_000, T.round1Closed - T.round1VotingOpened - DAY);
  // Round 2 is in progress: 60 % of participants have voted so far, not the demo participant.
  // Stratified by group, so every group has enough voters to clear min_group_size.
  const round2Count = Math.round(PARTICIPANTS * ROUND2_VOTER_SHARE);
  const eligible2 = participants.filter((p) => !p.isDemo);
  const perGroup = Math.floor(round2Count / groupKeys.length);
  const round2Voters = groupKeys.flatMap((key) => shuffle(rng, eligible2.filter((p) => p.group === key)).slice(0, perGroup));
  const chosen2 = new Set(round2Voters.map((p) => p.index));
  round2Voters.push(...shuffle(rng, eligible2.filter((p) => !chosen2.has(p.index))).slice(0, round2Count - round2Voters.length));
  const round2 = planVotes(rng, ballot2, round2Voters, T.round2VotingOpened + 10 * 60_000, 2 * DAY);
  const reasonRng = seededRandom(REASON_PRNG_SEED);
  assignReasons(reasonRng, round1, participants);
  assignReasons(reasonRng, round2, participants);

  // ---- comments: each by a different member of the named group who did not write the proposal
  const commented = new Set<number>();
  const comments = DEMO_COMMENTS.map((c): PlannedComment => {
    if (c.demoParticipant) return { ...c, authorIndex: demoParticipant.index };
    const pool = participants.filter((p) => p.group === c.group && !p.isDemo && p.index !== authors[c.proposal]!.index && !commented.has(p.index));
    const author = pick(rng, pool);
    commented.add(author.index);
    return { ...c, authorIndex: author.index };
  });

  return { participants, observerJoinedMs: 20 * HOUR, proposals, comments, votes: { round1, round2 } };
}
