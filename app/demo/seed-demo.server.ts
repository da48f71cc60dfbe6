/**
 * Seeds the demo deliberation "Red lines for frontier AI" into an empty database — through the
 * front door. Every row is written by the domain services the routes call, after the same form
 * schemas and role checks, so the demo is exactly what the product produces:
 *
 *  - the facilitator signs up and creates the deliberation; 60 participants and an observer join
 *    through invitation links (the demo participant and the observer with their own accounts);
 *  - round 1: 15 proposals, discussed (arguments for and against each; one proposal withdrawn),
 *    translated into French and Spanish by two participants (through the drift check),
 *    frozen when voting opens, voted on by everyone (many disagree and pass votes with a reason),
 *    closed; its report is published and made public;
 *  - round 2: four proposals revised by their authors (and translated again), the rest copied
 *    when voting opens; 36 participants have voted so far — not the demo participant.
 *
 * The script (who, what, which vote) comes from `planDemo`, deterministic; ids, password salts and
 * timestamps are the real ones of the run.
 */
import type { z } from "zod";
import { signUp } from "../auth/account-service.server";
import { findUserByEmail, findUserById } from "../auth/user-repository.server";
import { postComment } from "../collab/comment-service.server";
import type { AppContext } from "../context/app-context.server";
import { isRefusal } from "../refusal";
import { loadMemberContext, requireRole, type MemberContext, type Role } from "../deliberation/access.server";
import { hasAnyDeliberation } from "../deliberation/deliberation-repository.server";
import { createDeliberation } from "../deliberation/deliberation-service.server";
import { acceptInvite, createInvite } from "../deliberation/invite-service.server";
import { updateUserLanguage } from "../auth/user-repository.server";
import { createProposal, saveProposalText, withdrawProposal } from "../deliberation/proposal-service.server";
import { advancePhase, openRound } from "../deliberation/round-service.server";
import { DeliberationSchema, InviteSchema, JoinSchema, ProposalSchema, SignupSchema, type ProposalInput } from "../deliberation/schemas";
import { DEFAULT_REGIONS, DEFAULT_STAKEHOLDER_GROUPS } from "../deliberation/taxonomy";
import { castVote, getBallot } from "../deliberation/vote-service.server";
import { publishReport, setReportsPublic } from "../report/publication-service.server";
import { DEMO_DELIBERATION, DEMO_LANGUAGES_BY_REGION, DEMO_LOGINS, DEMO_PROPOSALS, DEMO_REPORT, WITHDRAWN_PROPOSAL, type DemoProposal } from "./demo-content";
import { planDemo, type PlannedVote } from "./demo-plan";
import { DEMO_TRANSLATIONS } from "./demo-translations";
import { TranslationSchema } from "../translation/translation-schema";
import { getTranslationWorkspace, saveTranslation } from "../translation/translation-service.server";

export { DEMO_LOGINS };

const FACILITATOR: readonly Role[] = ["facilitator"];
const AUTHORS: readonly Role[] = ["facilitator", "participant"];

/** Seeds the demo deliberation when the database has no deliberations; returns null otherwise. */
export async function seedDemoIfEmpty(app: AppContext): Promise<{ deliberationId: string; title: string } | null> {
  if (await hasAnyDeliberation(app.db)) return null;
  const seed = new DemoSeed(app);
  try {
    return await seed.run();
  } catch (error) {
    const reason = refusalMessage(error) ?? (error instanceof Error ? error.message : String(error));
    throw new Error(`Seeding the demo failed while ${seed.step}: ${reason} The database now holds part of the demo: delete it and start again.`, { cause: error });
  }
}

/** The sentence of an expected refusal thrown by a service, if it is one. */
function refusalMessage(error: unknown): string | null {
  if (!isRefusal(error)) return null;
  return `refused (${error.status}): ${error.message}${error.fieldErrors ? ` ${JSON.stringify(error.fieldErrors)}` : ""}`;
}

/** Parse demo content with the form's own schema, so it obeys every limit a person's input does. */
function viaForm<S extends z.ZodTypeAny>(schema: S, form: unknown, what: string): z.output<S> {
  const r = schema.safeParse(form);
  if (r.success) return r.data;
  throw new Error(`${what} does not pass the form's validation: ${r.error.issues.map((i) => `${i.path.join(".")} ${i.message}`).join("; ")}`);
}

function proposalForm(p: Omit<DemoProposal, "support" | "passRate" | "reasons">, revision: DemoProposal["revision"] = {}): ProposalInput {
  const v = { ...p, ...revision };
  return viaForm(
    ProposalSchema,
    {
      title: v.title,
      statement: v.statement,
      rationale: v.rationale,
      category: v.category,
      indicator: v.indicator,
      thresholdValue: v.thresholdValue,
      thresholdUnit: v.thresholdUnit,
      trigger: v.trigger,
      response: v.response,
      scope: v.scope,
      evidenceLinks: v.evidenceLinks.join("\n"),
    },
    `Proposal "${p.title}"`,
  );
}

class DemoSeed {
  /** what the seed is doing, for the error message */
  step = "starting";
  private deliberationId = "";
  private lastStamp = 0;
  constructor(private readonly app: AppContext) {}

  /** The context a loader would build for this user (membership, deliberation, current round), with the route's role check. */
  private async as(userId: string, roles?: readonly Role[]): Promise<MemberContext> {
    const user = await findUserById(this.app.db, userId);
    const ctx = user ? await loadMemberContext(this.app, user, this.deliberationId) : null;
    if (!ctx) throw new Error(`user ${userId} is not a member of the demo deliberation`);
    if (roles) requireRole(ctx, roles);
    return ctx;
  }

  /**
   * Run one event in a millisecond of its own. Services stamp rows with the clock and lists break
   * ties by random id: distinct stamps keep the order of members and proposals — and so the
   * demo's numbers, which depend on the order of participants — the same on every run.
   */
  private async inOrder<T>(event: () => Promise<T>): Promise<T> {
    while (Date.now() <= this.lastStamp) await new Promise((resolve) => setTimeout(resolve, 1));
    const result = await event();
    this.lastStamp = Date.now();
    return result;
  }

  private async account(login: (typeof DEMO_LOGINS)[keyof typeof DEMO_LOGINS]): Promise<string> {
    // Accounts may survive their deliberations (a database whose deliberations were deleted): reuse them.
    const existing = await findUserByEmail(this.app.db, login.email);
    if (existing) return existing.id;
    const form = viaForm(SignupSchema, { displayName: login.displayName, email: login.email, password: login.password }, `Account ${login.email}`);
    const userId = await signUp(this.app.db, form);
    if (!userId) throw new Error(`Signing up ${login.email} was refused: the address is taken.`);
    return userId;
  }

  async run(): Promise<{ deliberationId: string; title: string }> {
    const plan = planDemo();

    this.step = "creating the demo accounts";
    // scrypt runs on the thread pool: hash the three passwords at once.
    const [facilitatorId, participantId, observerId] = await Promise.all([
      this.account(DEMO_LOGINS.facilitator),
      this.account(DEMO_LOGINS.participant),
      this.account(DEMO_LOGINS.observer),
    ]);

    this.step = "creating the deliberation";
    const input = viaForm(
      DeliberationSchema,
      {
        ...DEMO_DELIBERATION,
        attributionMode: "chatham_house",
        resultsVisibility: "after_close",
        groupId: DEFAULT_STAKEHOLDER_GROUPS.map(() => ""),
        groupName: DEFAULT_STAKEHOLDER_GROUPS.map((g) => g.name),
        groupShare: DEFAULT_STAKEHOLDER_GROUPS.map((g) => String(g.targetShare * 100)),
        regions: DEFAULT_REGIONS.join("\n"),
      },
      "The demo deliberation",
    );
    this.deliberationId = await createDeliberation(this.app.db, facilitatorId, input);
    const deliberationId = this.deliberationId;
    let facilitator = await this.as(facilitatorId, FACILITATOR);
    const groupId = new Map(DEFAULT_STAKEHOLDER_GROUPS.map((g) => [g.key as string, facilitator.deliberation.groups.find((x) => x.name === g.name)!.id]));
    const regionId = new Map(facilitator.deliberation.regions.map((r) => [r.name, r.id]));

    this.step = "inviting the members";
    const invite = async (fields: Record<string, string>) =>
      (await createInvite(facilitator, viaForm(InviteSchema, { expiresInDays: "14", ...fields }, "An invitation"))).token;
    const delegates = await invite({ role: "participant", label: "Assembly delegates", maxUses: String(plan.participants.length) });
    const observers = await invite({ role: "observer", label: "Observers", maxUses: "1" });

    this.step = "joining the members";
    const userOf = new Map<number, string>();
    const joins = [
      ...plan.participants.map((p) => ({ atMs: p.joinedMs, p })),
      { atMs: plan.observerJoinedMs, p: null },
    ].sort((a, b) => a.atMs - b.atMs);
    for (const { p } of joins) {
      const joined = await this.inOrder(async () => {
        if (!p) return acceptInvite(this.app, observers, observerId, { displayName: "", stakeholderGroupId: "", regionId: "" });
        const form = viaForm(JoinSchema, { displayName: p.displayName, stakeholderGroupId: groupId.get(p.group), regionId: regionId.get(p.region) }, "A join");
        return acceptInvite(this.app, delegates, p.isDemo ? participantId : null, form);
      });
      if (p) {
        userOf.set(p.index, joined.userId);
        const languages = DEMO_LANGUAGES_BY_REGION[p.region] ?? [];
        if (!p.isDemo && languages.length > 0) await updateUserLanguage(this.app.db, joined.userId, languages[p.index % languages.length]!);
      }
    }
    const author = (index: number) => this.as(userOf.get(index)!, AUTHORS);

    this.step = "proposing in round 1";
    await openRound(facilitator);
    const proposalId = new Map<number | "withdrawn", string>();
    for (const p of plan.proposals) {
      const form = p.key === "withdrawn" ? proposalForm(WITHDRAWN_PROPOSAL) : proposalForm(DEMO_PROPOSALS[p.key]!);
      const ctx = await author(p.authorIndex);
      proposalId.set(p.key, await this.inOrder(() => createProposal(ctx, form)));
    }

    this.step = "discussing round 1";
    facilitator = await this.advance(facilitator, "proposing");
    const commentIds: string[] = [];
    for (const c of plan.comments) {
      const ctx = await this.as(userOf.get(c.authorIndex)!);
      const fields = { stance: c.stance, body: c.body, anchor: c.anchor ?? "", parentId: c.replyTo === undefined ? "" : commentIds[c.replyTo] };
      const posted = await this.inOrder(() => postComment(ctx, proposalId.get(c.proposal)!, fields));
      commentIds.push(posted.id);
    }
    // The facilitator withdraws it (the proposal page's action is theirs), at its author's request.
    await withdrawProposal(facilitator, proposalId.get("withdrawn")!, WITHDRAWN_PROPOSAL.reason);

    this.step = "translating round 1's red lines into French and Spanish";
    const translators = { fr: plan.participants.find((p) => !p.isDemo && p.region === "Europe")!, es: plan.participants.find((p) => !p.isDemo && p.region === "Latin America")! };
    const translate = async (keys: readonly (number | "withdrawn")[], revised: boolean) => {
      for (const key of keys) {
        if (key === "withdrawn") continue;
        const content = DEMO_PROPOSALS[key]!;
        const translation = DEMO_TRANSLATIONS[content.title];
        if (!translation) throw new Error(`The demo red line "${content.title}" has no translation in demo-translations.ts.`);
        for (const language of ["fr", "es"] as const) {
          const ctx = await this.as(userOf.get(translators[language].index)!);
          const id = proposalId.get(key)!;
          // as the translate page does: the form carries the version it was written against
          const { original } = await getTranslationWorkspace(ctx, id, language);
          const text = { ...translation[language], ...(revised ? translation.revision?.[language] : {}) };
          const form = viaForm(TranslationSchema, { versionId: original.versionId, sourceHash: original.sourceHash, language, ...text }, `The ${language} translation of "${content.title}"`);
          await saveTranslation(ctx, id, form);
        }
      }
    };
    await translate(plan.proposals.map((p) => p.key), false);

    this.step = "voting in round 1";
    facilitator = await this.advance(facilitator, "discussing");
    await this.vote(plan.votes.round1, userOf, proposalId);

    this.step = "closing round 1 and publishing its report";
    facilitator = await this.advance(facilitator, "voting");
    await publishReport(facilitator, 1, DEMO_REPORT);
    await setReportsPublic(facilitator, true);

    this.step = "revising proposals in round 2";
    await openRound(facilitator);
    const revisions = plan.proposals.filter((p) => p.revisedMs !== null).sort((a, b) => a.revisedMs! - b.revisedMs!);
    for (const p of revisions) {
      const content = DEMO_PROPOSALS[p.key as number]!;
      await saveProposalText(await author(p.authorIndex), proposalId.get(p.key)!, proposalForm(content, content.revision));
    }
    // the revised red lines are translated again; the others keep theirs (their words carry over unchanged)
    this.step = "translating round 2's revisions";
    await translate(revisions.map((p) => p.key), true);

    this.step = "voting in round 2";
    facilitator = await this.advance(facilitator, "proposing");
    facilitator = await this.advance(facilitator, "discussing");
    await this.vote(plan.votes.round2, userOf, proposalId);

    return { deliberationId, title: facilitator.deliberation.title };
  }

  /** Move the round on from `from`, as the facilitator's overview does; returns the facilitator's fresh context. */
  private async advance(facilitator: MemberContext, from: "proposing" | "discussing" | "voting"): Promise<MemberContext> {
    await advancePhase(facilitator, from);
    return this.as(facilitator.user.id, FACILITATOR);
  }

  /** Cast the planned votes in their order through the vote service. */
  private async vote(votes: readonly PlannedVote[], userOf: ReadonlyMap<number, string>, proposalId: ReadonlyMap<number | "withdrawn", string>) {
    const voters = new Map<number, MemberContext>();
    for (const v of votes) if (!voters.has(v.participantIndex)) voters.set(v.participantIndex, await this.as(userOf.get(v.participantIndex)!));
    const [first] = voters.values();
    const versionOf = new Map((await getBallot(first!)).items.map((i) => [i.proposalId, i.versionId]));
    // One transaction for the round's votes: the vote service runs inside it, one commit instead of a thousand.
    await this.app.db.transaction().execute(async (tx) => {
      for (const v of votes) {
        const versionId = versionOf.get(proposalId.get(v.proposal)!)!;
        await castVote(voters.get(v.participantIndex)!, { versionId, choice: v.choice, confidence: v.confidence, reason: v.reason }, tx);
      }
    });
  }
}
