import { SUPPORTED_LANGUAGES } from "../i18n/languages";
import { z } from "zod";
import { ATTRIBUTION_MODES } from "./attribution";
import { DISAGREE_REASONS, type DisagreeReason } from "./disagree-reasons";
import { CATEGORY_KEYS, SCOPES } from "./taxonomy";
import { isTimeZone, LOCAL_DATE_TIME } from "./deadline-time";

/** Limits on every field, shared by forms (maxLength) and schemas. */
export const LIMITS = {
  title: 120,
  question: 300,
  description: 4000,
  groupName: 60,
  maxGroups: 10,
  regionName: 60,
  maxRegions: 12,
  proposalTitle: 120,
  statement: 600,
  rationale: 2000,
  indicator: 300,
  thresholdValue: 40,
  thresholdUnit: 80,
  trigger: 300,
  response: 600,
  evidence: 2600,
  evidenceLinks: 5,
  url: 500,
  displayName: 80,
  email: 254,
  passwordMin: 10,
  passwordMax: 200,
  inviteLabel: 80,
  reason: 500,
  categoryLabel: 80,
} as const;

const text = (min: number, max: number) => z.string({ required_error: "validation.required" }).trim().min(min).max(max);

export const SignupSchema = z.object({
  displayName: text(1, LIMITS.displayName),
  email: z.string().trim().toLowerCase().min(1).max(LIMITS.email).email(),
  password: z.string().min(LIMITS.passwordMin).max(LIMITS.passwordMax),
});

export const LoginSchema = z.object({
  email: z.string().trim().toLowerCase().min(1).max(LIMITS.email).email(),
  password: z.string().min(1).max(LIMITS.passwordMax),
  redirectTo: z.string().max(500).optional(),
});

const shareSchema = z
  .string()
  .trim()
  .max(6)
  .refine((v) => v === "" || (/^\d+(\.\d+)?$/.test(v) && Number(v) <= 100), { message: "validation.share" });

/** Groups come as parallel lists (`groupId`, `groupName`, `groupShare`); blank rows are ignored. */
export const DeliberationSchema = z
  .object({
    title: text(3, LIMITS.title),
    question: text(10, LIMITS.question),
    description: z.string().trim().max(LIMITS.description).default(""),
    attributionMode: z.enum(ATTRIBUTION_MODES),
    resultsVisibility: z.enum(["after_close", "live"]),
    groupId: z.array(z.string().max(40)).max(LIMITS.maxGroups + 5),
    groupName: z.array(z.string().trim().max(LIMITS.groupName)).max(LIMITS.maxGroups + 5),
    groupShare: z.array(shareSchema).max(LIMITS.maxGroups + 5),
    regions: z.string().max(LIMITS.maxRegions * (LIMITS.regionName + 2)).default(""),
  })
  .transform((v, ctx) => {
    const groups: { id: string | null; name: string; targetShare: number }[] = [];
    v.groupName.forEach((name, i) => {
      const share = v.groupShare[i] ?? "";
      if (name === "" && share === "") return;
      if (name === "") {
        ctx.addIssue({ code: "custom", path: ["groups"], message: "validation.groupNameMissing" });
        return;
      }
      groups.push({ id: v.groupId[i] || null, name, targetShare: share === "" ? NaN : Number(share) / 100 });
    });
    if (groups.length === 0) ctx.addIssue({ code: "custom", path: ["groups"], message: "validation.groupsRequired" });
    if (groups.length > LIMITS.maxGroups) ctx.addIssue({ code: "custom", path: ["groups"], message: "validation.groupsTooMany" });
    const names = new Set(groups.map((g) => g.name.toLowerCase()));
    if (names.size !== groups.length) ctx.addIssue({ code: "custom", path: ["groups"], message: "validation.groupsDuplicate" });
    if (groups.some((g) => Number.isNaN(g.targetShare))) {
      ctx.addIssue({ code: "custom", path: ["groups"], message: "validation.shareMissing" });
    } else if (groups.length > 0) {
      const total = groups.reduce((s, g) => s + g.targetShare, 0);
      if (Math.abs(total - 1) > 0.005) ctx.addIssue({ code: "custom", path: ["groups"], message: "validation.sharesSum" });
    }
    const regions = v.regions.split(/\r?\n/).map((r) => r.trim()).filter(Boolean);
    if (regions.length > LIMITS.maxRegions) ctx.addIssue({ code: "custom", path: ["regions"], message: "validation.regionsTooMany" });
    if (regions.some((r) => r.length > LIMITS.regionName)) ctx.addIssue({ code: "custom", path: ["regions"], message: "validation.regionTooLong" });
    if (new Set(regions.map((r) => r.toLowerCase())).size !== regions.length) {
      ctx.addIssue({ code: "custom", path: ["regions"], message: "validation.regionsDuplicate" });
    }
    return {
      title: v.title,
      question: v.question,
      description: v.description,
      attributionMode: v.attributionMode,
      resultsVisibility: v.resultsVisibility,
      groups,
      regions,
    };
  });
export type DeliberationInput = z.output<typeof DeliberationSchema>;

const httpUrl = z
  .string()
  .max(LIMITS.url)
  .url()
  .refine((u) => /^https?:\/\//i.test(u), { message: "validation.url" });

/** The typed parts of a red line: optional by default, required where a deliberation says so. */
export const TYPED_FIELDS = ["rationale", "category", "scope", "indicator", "thresholdValue", "thresholdUnit", "trigger", "response"] as const;
export type TypedField = (typeof TYPED_FIELDS)[number];

/** What a deliberation asks of a proposal: which categories it offers, and whether the typed fields are required. */
export interface ProposalRules {
  requireTypedFields: boolean;
  categoryKeys: readonly string[];
}

/** Optional text: empty (not specified), or held to the same limits as when required. */
const optionalText = (min: number, max: number) =>
  z.string().trim().max(max).default("").refine((v) => v === "" || v.length >= min, { message: "validation.tooShort", params: { min } });

/**
 * The proposal form's one schema, built from the deliberation's rules: title and statement are
 * always required; the typed fields only when the deliberation requires them (otherwise "" means
 * not specified). A category must be one the deliberation offers.
 */
export function proposalSchemaFor(rules: ProposalRules) {
  const need = rules.requireTypedFields;
  const choice = <T extends string>(values: readonly T[]) =>
    z
      .string()
      .default("")
      .superRefine((v, ctx) => {
        if (v === "" && need) ctx.addIssue({ code: "custom", message: "validation.required" });
        if (v !== "" && !values.includes(v as T)) ctx.addIssue({ code: "custom", message: "validation.choose" });
      })
      .transform((v) => v as T | "");
  return z
    .object({
      title: text(5, LIMITS.proposalTitle),
      statement: text(10, LIMITS.statement),
      rationale: need ? text(10, LIMITS.rationale) : optionalText(10, LIMITS.rationale),
      category: choice(rules.categoryKeys),
      indicator: need ? text(5, LIMITS.indicator) : optionalText(5, LIMITS.indicator),
      thresholdValue: need ? text(1, LIMITS.thresholdValue) : optionalText(1, LIMITS.thresholdValue),
      thresholdUnit: need ? text(1, LIMITS.thresholdUnit) : optionalText(1, LIMITS.thresholdUnit),
      trigger: need ? text(5, LIMITS.trigger) : optionalText(5, LIMITS.trigger),
      response: need ? text(5, LIMITS.response) : optionalText(5, LIMITS.response),
      scope: choice(SCOPES),
      evidenceLinks: z.string().max(LIMITS.evidence).default(""),
    })
    .transform((v, ctx) => {
      const links = v.evidenceLinks.split(/\s*\n\s*/).map((l) => l.trim()).filter(Boolean);
      if (links.length > LIMITS.evidenceLinks) {
        ctx.addIssue({ code: "custom", path: ["evidenceLinks"], message: "validation.linksTooMany" });
      }
      for (const link of links) {
        if (!httpUrl.safeParse(link).success) {
          ctx.addIssue({ code: "custom", path: ["evidenceLinks"], message: "validation.linkInvalid" });
          break;
        }
      }
      return { ...v, evidenceLinks: links };
    });
}

/** The strict rule with the seed taxonomy (every typed field required): scripts, the demo and older tests. */
export const ProposalSchema = proposalSchemaFor({ requireTypedFields: true, categoryKeys: CATEGORY_KEYS });
export type ProposalInput = z.output<ReturnType<typeof proposalSchemaFor>>;

/** Which form of the settings page a refused category form belongs to. */
export const CATEGORY_FORM = "categories";

/** The settings page's proposal forms: the rule, and adding, renaming, retiring a category. */
export const ProposalRuleSchema = z.object({ requireTypedFields: z.enum(["on"]).optional().transform((v) => v === "on") });
const categoryId = z.string({ required_error: "validation.required" }).min(1).max(80);
const categoryLabel = text(2, LIMITS.categoryLabel);
export const AddCategorySchema = z.object({ label: categoryLabel });
export const RenameCategorySchema = z.object({ categoryId, label: categoryLabel });
export const RetireCategorySchema = z.object({ categoryId });

export const VoteSchema = z.object({
  versionId: z.string().min(1).max(40),
  choice: z.enum(["agree", "disagree", "pass"]),
  confidence: z
    .string()
    .optional()
    .transform((v) => (v === undefined || v === "" ? null : v))
    .refine((v) => v === null || /^[1-5]$/.test(v), { message: "validation.confidence" })
    .transform((v) => (v === null ? null : Number(v))),
  // optional, only after disagree or pass; an agree clears it (vote-service)
  reason: z
    .string()
    .optional()
    .transform((v) => (v === undefined || v === "" ? null : v))
    .refine((v): v is DisagreeReason | null => v === null || (DISAGREE_REASONS as readonly string[]).includes(v), { message: "ballot.validation.disagreeReason" }),
});
/** the reason is optional for callers other than the form (scripts, the demo, tests) */
export type VoteInput = Omit<z.output<typeof VoteSchema>, "reason"> & { reason?: DisagreeReason | null };

export const UndoVoteSchema = z.object({ versionId: z.string().min(1).max(40) });

/** The one-tap "why?" after a Disagree or Pass: a reason for the member's vote on that version. */
export const VoteReasonSchema = z.object({
  versionId: z.string().min(1).max(40),
  reason: z.string().refine((v): v is DisagreeReason => (DISAGREE_REASONS as readonly string[]).includes(v), { message: "ballot.validation.disagreeReason" }),
});

export const BallotOrderSchema = z.object({ ballotOrder: z.enum(["random", "fixed"]) });
export const DefaultLanguageSchema = z.object({ defaultLanguage: z.enum(SUPPORTED_LANGUAGES) });

/** Roles an invitation can give (a co-facilitator's too: only facilitators create invitations). */
export const INVITE_ROLES = ["participant", "observer", "facilitator"] as const;

export const InviteSchema = z.object({
  role: z.enum(INVITE_ROLES),
  stakeholderGroupId: z.string().max(40).default(""),
  regionId: z.string().max(40).default(""),
  label: z.string().trim().max(LIMITS.inviteLabel).default(""),
  maxUses: z.coerce.number({ invalid_type_error: "validation.number" }).int().min(1).max(1000),
  expiresInDays: z.coerce.number({ invalid_type_error: "validation.number" }).int().min(1).max(90),
});

export const JoinSchema = z.object({
  displayName: text(1, LIMITS.displayName),
  stakeholderGroupId: z.string().max(40).default(""),
  regionId: z.string().max(40).default(""),
});

/** A signed-in person joins under their account name: no name field (whatever is sent is ignored). */
export const JoinSignedInSchema = JoinSchema.omit({ displayName: true }).transform((v) => ({ ...v, displayName: "" }));

export const StatusChangeSchema = z.object({
  reason: z.string().trim().max(LIMITS.reason).default(""),
  mergeInto: z.string().max(40).default(""),
});

/** The settings' delete form (its refusal is answered next to it). */
export const DELETE_FORM = "delete";

/** At most this many addresses in one "invite by email". */
export const MAX_EMAIL_INVITES = 100;

/**
 * "Invite by email": addresses separated by commas, semicolons, spaces or new lines; each must be
 * an address (the message names the one at fault), repeats count once.
 */
export const EmailInviteSchema = z.object({
  addresses: z
    .string({ required_error: "validation.email.none" })
    .max(MAX_EMAIL_INVITES * (LIMITS.email + 2))
    .transform((v, ctx) => {
      const all = v.split(/[\s,;]+/).map((a) => a.trim()).filter(Boolean);
      if (all.length === 0) ctx.addIssue({ code: "custom", message: "email.validation.none" });
      const wrong = all.find((a) => a.length > LIMITS.email || !z.string().email().safeParse(a).success);
      if (wrong) ctx.addIssue({ code: "custom", message: "email.validation.notAnAddress", params: { value: wrong.slice(0, 80) } });
      const unique = [...new Set(all.map((a) => a.toLowerCase()))];
      if (unique.length > MAX_EMAIL_INVITES) ctx.addIssue({ code: "custom", message: "email.validation.tooMany", params: { max: MAX_EMAIL_INVITES, count: unique.length } });
      return unique;
    }),
  role: z.enum(INVITE_ROLES),
  stakeholderGroupId: z.string().max(40).default(""),
  regionId: z.string().max(40).default(""),
  expiresInDays: z.coerce.number({ invalid_type_error: "validation.number" }).int().min(1).max(90),
});
export type EmailInviteInput = z.output<typeof EmailInviteSchema>;

/** A phase's deadline: a wall-clock time in a named time zone (the service checks it is ahead, within limits). */
export const DeadlineSchema = z.object({
  dueAt: z.string({ required_error: "deadlines.validation.badDateTime" }).trim().regex(LOCAL_DATE_TIME, "deadlines.validation.badDateTime"),
  timeZone: z.string({ required_error: "deadlines.validation.badTimeZone" }).trim().refine(isTimeZone, "deadlines.validation.badTimeZone"),
  autoAdvance: z.enum(["on"]).optional().transform((v) => v === "on"),
});
/** The overview's deadline form (its refusal is answered next to it). */
export const DEADLINE_FORM = "deadline";
