import { describe, expect, it } from "vitest";
import { DeliberationSchema, InviteSchema, LIMITS, ProposalSchema, SignupSchema, VoteSchema } from "../../app/deliberation/schemas";
import { validateForm } from "../../app/forms/parse.server";
import { isRefusal } from "../../app/refusal";
import type { z } from "zod";

/** validateForm's outcome: the data, or the refused fields with what was typed. */
function parseFormData<S extends z.ZodTypeAny>(f: FormData, schema: S, arrays: readonly string[] = []) {
  try {
    return { ok: true as const, data: validateForm(f, schema, { arrays }) };
  } catch (e) {
    if (!isRefusal(e) || e.status !== 400 || !e.fieldErrors) throw e;
    return { ok: false as const, errors: e.fieldErrors, values: e.values ?? {} };
  }
}

/** Build a FormData like a browser would (repeated keys for lists). */
function form(fields: Record<string, string | string[] | Blob>): FormData {
  const f = new FormData();
  for (const [k, v] of Object.entries(fields)) {
    if (Array.isArray(v)) for (const x of v) f.append(k, x);
    else f.append(k, v);
  }
  return f;
}

/** Parse and return the field errors (fails the test if parsing unexpectedly succeeds). */
function errorsOf<S extends z.ZodTypeAny>(schema: S, fields: Record<string, string | string[] | Blob>, arrays: readonly string[] = []) {
  const r = parseFormData(form(fields), schema, arrays);
  if (r.ok) throw new Error(`expected errors, got ${JSON.stringify(r.data)}`);
  return r.errors;
}

function dataOf<S extends z.ZodTypeAny>(schema: S, fields: Record<string, string | string[] | Blob>, arrays: readonly string[] = []): z.output<S> {
  const r = parseFormData(form(fields), schema, arrays);
  if (!r.ok) throw new Error(`expected success, got ${JSON.stringify(r.errors)}`);
  return r.data;
}

const MSG = {
  required: "This field is required.",
  tooLong: (n: number) => `Keep this to ${n} characters or fewer.`,
  tooShort: (n: number) => `Write at least ${n} characters.`,
  choose: "Choose one of the options.",
  number: "Enter a whole number.",
  tooSmall: (n: number) => `Enter a number of at least ${n}.`,
  tooBig: (n: number) => `Enter a number of at most ${n}.`,
  confidence: "Confidence is a number from 1 to 5.",
  linkInvalid: "Each evidence link must be a web address starting with https:// or http://",
  linksTooMany: "Give at most 5 evidence links.",
  sharesSum: "The target shares must add up to 100 %.",
  email: "Enter an email address like name@example.org.",
};

// ------------------------------------------------------------------------------------ proposals

const PROPOSAL = {
  title: "No autonomous self-replication",
  statement: "AI systems must not copy themselves without explicit human approval.",
  rationale: "Self-replication removes the ability to switch a system off.",
  category: "malfunctions.self_replication",
  indicator: "Success rate on a self-replication evaluation",
  thresholdValue: "≥ 20",
  thresholdUnit: "% of tasks",
  trigger: "The threshold is crossed in a pre-deployment evaluation",
  response: "Halt deployment and notify the network within 72 hours.",
  scope: "development",
  evidenceLinks: "https://idais.ai/\nhttp://example.org/report",
};

describe("ProposalSchema", () => {
  it("accepts a complete proposal, trims text and splits evidence links into a list", () => {
    const d = dataOf(ProposalSchema, { ...PROPOSAL, title: `  ${PROPOSAL.title}  ` });
    expect(d.title).toBe(PROPOSAL.title);
    expect(d.evidenceLinks).toEqual(["https://idais.ai/", "http://example.org/report"]);
  });

  it("treats evidence links as optional", () => {
    const { evidenceLinks: _e, ...rest } = PROPOSAL;
    expect(dataOf(ProposalSchema, rest).evidenceLinks).toEqual([]);
  });

  it.each([
    ["title", LIMITS.proposalTitle],
    ["statement", LIMITS.statement],
    ["rationale", LIMITS.rationale],
    ["indicator", LIMITS.indicator],
    ["thresholdValue", LIMITS.thresholdValue],
    ["thresholdUnit", LIMITS.thresholdUnit],
    ["trigger", LIMITS.trigger],
    ["response", LIMITS.response],
  ] as const)("%s longer than %i characters → 'Keep this to … characters or fewer.'", (field, max) => {
    expect(dataOf(ProposalSchema, { ...PROPOSAL, [field]: "x".repeat(max) })[field]).toHaveLength(max);
    expect(errorsOf(ProposalSchema, { ...PROPOSAL, [field]: "x".repeat(max + 1) })[field]).toEqual([MSG.tooLong(max)]);
  });

  it("refuses a 5000-character title with the human message", () => {
    expect(errorsOf(ProposalSchema, { ...PROPOSAL, title: "t".repeat(5000) }).title).toEqual(["Keep this to 120 characters or fewer."]);
  });

  it.each([
    ["title", 5],
    ["statement", 10],
    ["rationale", 10],
    ["indicator", 5],
    ["trigger", 5],
    ["response", 5],
  ] as const)("%s shorter than %i characters → 'Write at least …'", (field, min) => {
    expect(errorsOf(ProposalSchema, { ...PROPOSAL, [field]: "y".repeat(min - 1) })[field]).toEqual([MSG.tooShort(min)]);
  });

  it.each(["title", "statement", "rationale", "category", "indicator", "thresholdValue", "thresholdUnit", "trigger", "response", "scope"])(
    "missing %s → 'This field is required.'",
    (field) => {
      const { [field as keyof typeof PROPOSAL]: _drop, ...rest } = PROPOSAL;
      expect(errorsOf(ProposalSchema, rest)[field]).toEqual([MSG.required]);
    },
  );

  it("counts only real characters: whitespace-only text is missing", () => {
    expect(errorsOf(ProposalSchema, { ...PROPOSAL, thresholdValue: "   " }).thresholdValue).toEqual([MSG.required]);
  });

  it("refuses a category outside the taxonomy and a scope outside the list", () => {
    const e = errorsOf(ProposalSchema, { ...PROPOSAL, category: "malfunctions.bogus", scope: "everywhere" });
    expect(e.category).toEqual([MSG.choose]);
    expect(e.scope).toEqual([MSG.choose]);
  });

  it.each(["ftp://example.org/file", "javascript:alert(1)", "not a link", "mailto:someone@example.org", "//example.org/x"])(
    "refuses the evidence link %j: links must be http(s)",
    (link) => {
      expect(errorsOf(ProposalSchema, { ...PROPOSAL, evidenceLinks: `https://idais.ai/\n${link}` }).evidenceLinks).toEqual([MSG.linkInvalid]);
    },
  );

  it("refuses more than 5 evidence links", () => {
    const links = Array.from({ length: 6 }, (_, i) => `https://example.org/${i}`).join("\n");
    expect(errorsOf(ProposalSchema, { ...PROPOSAL, evidenceLinks: links }).evidenceLinks).toEqual([MSG.linksTooMany]);
  });

  it("refuses an evidence link longer than 500 characters", () => {
    const link = `https://example.org/${"a".repeat(LIMITS.url)}`;
    expect(errorsOf(ProposalSchema, { ...PROPOSAL, evidenceLinks: link }).evidenceLinks).toEqual([MSG.linkInvalid]);
  });

  it("reports several bad fields at once, each under its own name", () => {
    const e = errorsOf(ProposalSchema, { ...PROPOSAL, title: "", statement: "s".repeat(601), scope: "x" });
    expect(Object.keys(e).sort()).toEqual(["scope", "statement", "title"]);
  });
});

// ------------------------------------------------------------------------------------ deliberations

const GROUP_FIELDS = ["groupId", "groupName", "groupShare"] as const;
const DELIBERATION = {
  title: "Red lines for frontier AI",
  question: "Which red lines should govern frontier AI?",
  description: "",
  attributionMode: "chatham_house",
  resultsVisibility: "after_close",
  groupId: ["", ""],
  groupName: ["Government", "Citizens"],
  groupShare: ["60", "40"],
  regions: "Europe\nAfrica",
};

describe("DeliberationSchema", () => {
  it("accepts a valid form and turns shares into fractions", () => {
    const d = dataOf(DeliberationSchema, DELIBERATION, GROUP_FIELDS);
    expect(d.groups).toEqual([
      { id: null, name: "Government", targetShare: 0.6 },
      { id: null, name: "Citizens", targetShare: 0.4 },
    ]);
    expect(d.regions).toEqual(["Europe", "Africa"]);
  });

  it.each([
    [["60", "30"]],
    [["60", "50"]],
    [["0", "0"]],
  ])("refuses shares %j that do not sum to 100", (shares) => {
    expect(errorsOf(DeliberationSchema, { ...DELIBERATION, groupShare: shares }, GROUP_FIELDS).groups).toEqual([MSG.sharesSum]);
  });

  it("accepts decimal shares that sum to 100 within rounding", () => {
    const d = dataOf(DeliberationSchema, { ...DELIBERATION, groupId: ["", "", ""], groupName: ["A", "B", "C"], groupShare: ["33.3", "33.3", "33.4"] }, GROUP_FIELDS);
    expect(d.groups).toHaveLength(3);
  });

  it("ignores completely blank group rows", () => {
    const d = dataOf(DeliberationSchema, { ...DELIBERATION, groupId: ["", "", ""], groupName: ["Government", "", "Citizens"], groupShare: ["60", "", "40"] }, GROUP_FIELDS);
    expect(d.groups.map((g) => g.name)).toEqual(["Government", "Citizens"]);
  });

  it.each([
    ["a share that is not a number", { groupShare: ["sixty", "40"] }, "groupShare", "Enter a share between 0 and 100."],
    ["a share above 100", { groupShare: ["160", "40"] }, "groupShare", "Enter a share between 0 and 100."],
    ["a negative share", { groupShare: ["-10", "110"] }, "groupShare", "Enter a share between 0 and 100."],
    ["a share without a name", { groupName: ["", "Citizens"] }, "groups", "Every group with a share needs a name."],
    ["a name without a share", { groupShare: ["", "100"] }, "groups", "Give every group a target share."],
    ["two groups with the same name", { groupName: ["Citizens", "citizens"], groupShare: ["50", "50"] }, "groups", "Two groups have the same name."],
    ["no group at all", { groupId: [], groupName: [], groupShare: [] }, "groups", "Add at least one stakeholder group."],
    ["two regions with the same name", { regions: "Europe\neurope" }, "regions", "Two regions have the same name."],
    ["a region name over 60 characters", { regions: "r".repeat(61) }, "regions", "Keep each region to 60 characters or fewer."],
    ["a title over 120 characters", { title: "t".repeat(121) }, "title", MSG.tooLong(120)],
    ["a question under 10 characters", { question: "Why?" }, "question", MSG.tooShort(10)],
    ["an unknown attribution mode", { attributionMode: "public" }, "attributionMode", MSG.choose],
    ["an unknown results visibility", { resultsVisibility: "never" }, "resultsVisibility", MSG.choose],
  ])("refuses %s with a human message", (_name, patch, field, message) => {
    expect(errorsOf(DeliberationSchema, { ...DELIBERATION, ...patch }, GROUP_FIELDS)[field]).toContain(message);
  });

  it("refuses more than 10 groups", () => {
    const n = 11;
    const e = errorsOf(
      DeliberationSchema,
      {
        ...DELIBERATION,
        groupId: Array(n).fill(""),
        groupName: Array.from({ length: n }, (_, i) => `G${i}`),
        groupShare: Array.from({ length: n }, (_, i) => (i === 0 ? "0" : "10")),
      },
      GROUP_FIELDS,
    );
    expect(e.groups).toContain("Use at most 10 stakeholder groups.");
  });

  it("refuses more than 12 regions", () => {
    const regions = Array.from({ length: 13 }, (_, i) => `Region ${i}`).join("\n");
    expect(errorsOf(DeliberationSchema, { ...DELIBERATION, regions }, GROUP_FIELDS).regions).toContain("Use at most 12 regions.");
  });
});

// ------------------------------------------------------------------------------------ votes

describe("VoteSchema", () => {
  it("accepts each choice with or without a confidence", () => {
    expect(dataOf(VoteSchema, { versionId: "v1", choice: "agree", confidence: "5" })).toEqual({ versionId: "v1", choice: "agree", confidence: 5, reason: null });
    expect(dataOf(VoteSchema, { versionId: "v1", choice: "disagree", confidence: "" })).toEqual({ versionId: "v1", choice: "disagree", confidence: null, reason: null });
    expect(dataOf(VoteSchema, { versionId: "v1", choice: "pass" })).toEqual({ versionId: "v1", choice: "pass", confidence: null, reason: null });
  });

  it.each(["1", "2", "3", "4", "5"])("accepts confidence %s", (c) => {
    expect(dataOf(VoteSchema, { versionId: "v", choice: "agree", confidence: c }).confidence).toBe(Number(c));
  });

  it.each(["0", "6", "9", "-1", "1.5", "3 ", "abc", "10", "५"])("refuses confidence %j with 'Confidence is a number from 1 to 5.'", (c) => {
    expect(errorsOf(VoteSchema, { versionId: "v", choice: "agree", confidence: c }).confidence).toEqual([MSG.confidence]);
  });

  it.each(["maybe", "AGREE", "yes", ""])("refuses choice=%j with a message instead of throwing", (choice) => {
    expect(errorsOf(VoteSchema, { versionId: "v", choice }).choice).toEqual([MSG.choose]);
  });

  it("requires a choice and a version", () => {
    const e = errorsOf(VoteSchema, {});
    expect(e.choice).toEqual([MSG.required]);
    expect(e.versionId).toEqual([MSG.required]);
  });

  it("refuses an over-long version id", () => {
    expect(errorsOf(VoteSchema, { versionId: "v".repeat(41), choice: "agree" }).versionId).toEqual([MSG.tooLong(40)]);
  });
});

// ------------------------------------------------------------------------------------ invites

const INVITE = { role: "participant", stakeholderGroupId: "", regionId: "", label: "Citizens' panel", maxUses: "25", expiresInDays: "14" };

describe("InviteSchema", () => {
  it("accepts a valid invite and turns numbers into numbers", () => {
    expect(dataOf(InviteSchema, INVITE)).toMatchObject({ role: "participant", maxUses: 25, expiresInDays: 14 });
  });

  it("accepts a co-facilitator's invitation (role facilitator: decision 048)", () => {
    expect(dataOf(InviteSchema, { ...INVITE, role: "facilitator" })).toMatchObject({ role: "facilitator" });
  });

  it.each([
    ["maxUses", "abc", MSG.number],
    ["maxUses", "0", MSG.tooSmall(1)],
    ["maxUses", "1001", MSG.tooBig(1000)],
    ["expiresInDays", "abc", MSG.number],
    ["expiresInDays", "0", MSG.tooSmall(1)],
    ["expiresInDays", "91", MSG.tooBig(90)],
    ["role", "owner", MSG.choose],
    ["role", "admin", MSG.choose],
    ["label", "l".repeat(81), MSG.tooLong(80)],
  ])("%s=%j → %j", (field, value, message) => {
    expect(errorsOf(InviteSchema, { ...INVITE, [field]: value })[field]).toEqual([message]);
  });

  it("refuses a fractional number of uses with a message", () => {
    const e = errorsOf(InviteSchema, { ...INVITE, maxUses: "1.5" });
    expect(e.maxUses).toHaveLength(1);
    expect(e.maxUses![0]).toMatch(/\w/);
  });
});

// ------------------------------------------------------------------------------------ sign-up

const SIGNUP = { displayName: "Amara Okafor", email: "Amara@Example.org ", password: "correct horse battery" };

describe("SignupSchema", () => {
  it("accepts a valid sign-up and normalises the email", () => {
    expect(dataOf(SignupSchema, SIGNUP)).toEqual({ displayName: "Amara Okafor", email: "amara@example.org", password: "correct horse battery" });
  });

  it.each([
    ["email", "not-an-email", MSG.email],
    ["email", "", MSG.required],
    ["email", `${"a".repeat(250)}@example.org`, MSG.tooLong(254)],
    ["password", "short", MSG.tooShort(10)],
    ["password", "p".repeat(201), MSG.tooLong(200)],
    ["displayName", "   ", MSG.required],
    ["displayName", "n".repeat(81), MSG.tooLong(80)],
  ])("%s=%j → %j", (field, value, message) => {
    expect(errorsOf(SignupSchema, { ...SIGNUP, [field]: value })[field]).toContain(message);
  });
});

// ------------------------------------------------------------------------------------ robustness

describe("parseFormData never throws on hostile input", () => {
  const schemas = { ProposalSchema, DeliberationSchema, VoteSchema, InviteSchema, SignupSchema };

  it.each(Object.entries(schemas))("%s: a file where text is expected is reported as missing", (_name, schema) => {
    const file = new File(["x"], "x.txt", { type: "text/plain" });
    const fields = { title: file, choice: file, role: file, email: file, displayName: file };
    const r = parseFormData(form(fields), schema as z.ZodTypeAny, GROUP_FIELDS);
    expect(r.ok).toBe(false);
  });

  it("takes the first value when a single field is sent twice", () => {
    const r = parseFormData(form({ versionId: "v", choice: ["maybe", "agree"] }), VoteSchema);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors.choice).toEqual([MSG.choose]);
  });

  it("echoes what was typed (capped, without the password) so the form can be refilled", () => {
    const r = parseFormData(form({ ...SIGNUP, email: "nope", displayName: "d".repeat(20_000) }), SignupSchema);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.values.email).toBe("nope");
    expect(r.values.password).toBeUndefined();
    expect((r.values.displayName as string).length).toBe(10_000);
  });

  it("returns errors for an empty form on every schema", () => {
    for (const schema of Object.values(schemas)) {
      const r = parseFormData(new FormData(), schema as z.ZodTypeAny, GROUP_FIELDS);
      expect(r.ok).toBe(false);
      if (!r.ok) for (const messages of Object.values(r.errors)) for (const m of messages) expect(m).toMatch(/^[A-Z].*[.%]$/);
    }
  });
});
