import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AppContext } from "../../app/context/app-context.server";
import type { DB } from "../../db/connection";
import { seedDemoIfEmpty } from "../../app/demo/seed-demo.server";
import { DEMO_PROPOSALS } from "../../app/demo/demo-content";
import { newId } from "../../app/auth/crypto.server";
import { parsePolisExport } from "../../app/interop/polis-format";
import { importPolisExport } from "../../app/interop/polis-import.server";
import { CHATHAM_HOUSE_STATEMENT, NAME_REMOVED } from "../../app/report/build-report";
import { buildReport, loadReportInput, type ReportOptions } from "../../app/report/report-service.server";
import type { ReportModel, ReportStatement } from "../../app/report/report-types";
import { validateJsonSchema } from "../../app/report/validate-schema";
import { createTestDb } from "../helpers/test-db";
import { demoFacts } from "../helpers/demo";
import { makeUser } from "../helpers/scenario";

/**
 * The report built from the real demo deliberation (round 1 closed): valid against the schema,
 * free of every name, email and pseudonym in every attribution mode, with the demo's broad
 * agreement in the agreement section; and a report from an imported Polis export.
 */

const SCHEMA = JSON.parse(readFileSync("docs/report-schema.v1.json", "utf8")) as Record<string, unknown>;
const OPTIONS: ReportOptions = {
  summary: "Five red lines found broad agreement across every stakeholder group.",
  notes: { agreement: "These lines are ready to be adopted.", disagreement: "Cruxes go back to the drafting groups." },
  generatedAt: "2026-10-16T10:00:00.000Z",
};

const BROAD_AGREEMENT = DEMO_PROPOSALS.slice(0, 5).map((p) => p.title);

let db: DB;

let app: AppContext;
let cleanup: () => Promise<void>;
let facts: Awaited<ReturnType<typeof demoFacts>>;
let identifiers: string[];

const allStatements = (m: ReportModel): ReportStatement[] => [...m.agreement, ...m.disagreement, ...m.uncertainty, ...m.noConsensus, ...m.insufficient];
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** Every identifier that occurs in the serialised report (whole words, any case). */
function leaks(model: ReportModel, ids: readonly string[]): string[] {
  const json = JSON.stringify(model);
  return ids.filter((id) => new RegExp(`(?<![\\p{L}\\p{N}])${escape(id)}(?![\\p{L}\\p{N}])`, "iu").test(json));
}

async function setMode(mode: "named" | "chatham_house" | "anonymous") {
  await db.updateTable("deliberations").set({ attribution_mode: mode }).where("id", "=", facts.id).execute();
}

beforeAll(async () => {
  ({ db, app, cleanup } = await createTestDb());
  await seedDemoIfEmpty(app);
  facts = await demoFacts(db);

  // Arguments on a crux, one of them naming two people, one hidden and one deleted.
  const round1 = facts.rounds.find((r) => r.number === 1)!;
  const crux = await db
    .selectFrom("proposal_versions")
    .select(["proposal_id"])
    .where("round_id", "=", round1.id)
    .where("title", "=", DEMO_PROPOSALS[5]!.title)
    .executeTakeFirstOrThrow();
  const users = await db
    .selectFrom("memberships as m")
    .innerJoin("users as u", "u.id", "m.user_id")
    .select(["m.id", "m.pseudonym", "u.display_name", "u.email"])
    .where("m.deliberation_id", "=", facts.id)
    .where("m.role", "=", "participant")
    .orderBy("m.pseudonym")
    .execute();
  const [a, b, c] = users;
  const at = "2026-10-10T12:00:00.000Z";
  const comment = (membershipId: string, stance: "supports" | "opposes" | "question", body: string, extra: { hidden_at?: string; deleted_at?: string } = {}) => ({
    id: newId(),
    deliberation_id: facts.id,
    proposal_id: crux.proposal_id,
    membership_id: membershipId,
    parent_id: null,
    anchor: null,
    stance,
    body,
    created_at: at,
    edited_at: null,
    deleted_at: extra.deleted_at ?? null,
    hidden_at: extra.hidden_at ?? null,
    hidden_reason: extra.hidden_at ? "off topic" : null,
    hidden_by: null,
  });
  await db
    .insertInto("comments")
    .values([
      comment(a!.id, "supports", `I agree with ${b!.display_name} and ${c!.pseudonym}: a system that rewrites its own training loop without sign-off is exactly the loss of oversight the IDAIS statement warns about.`),
      comment(b!.id, "supports", "Human sign-off is cheap compared with the cost of an uncontrolled capability jump."),
      comment(c!.id, "opposes", `Every modern training pipeline already automates parts of its own improvement; as ${a!.display_name} (${a!.email}) knows, this line would cover routine hyperparameter search and fine-tuning, which no lab can put in front of a human each time.`),
      comment(a!.id, "opposes", "HIDDEN ARGUMENT that a moderator removed from the thread and that must never reach a report at all, whatever its length.", { hidden_at: at }),
      comment(b!.id, "opposes", "DELETED ARGUMENT that its author withdrew and that must never reach a report at all, whatever its length or its stance here.", { deleted_at: at }),
    ])
    .execute();

  const everyone = await db.selectFrom("users").select(["display_name", "email"]).execute();
  const pseudonyms = await db.selectFrom("memberships").select("pseudonym").where("deliberation_id", "=", facts.id).execute();
  identifiers = [...new Set([...everyone.flatMap((u) => [u.display_name, u.email ?? ""]), ...pseudonyms.map((p) => p.pseudonym)].filter((x) => x.trim()))];
});

afterAll(async () => {
  await cleanup();
});

describe("report of the demo's round 1", () => {
  it("is valid against docs/report-schema.v1.json and has the broad-agreement lines as points of agreement", async () => {
    const round1 = facts.rounds.find((r) => r.number === 1)!;
    const model = await buildReport(db, facts.id, round1.id, OPTIONS);
    expect(validateJsonSchema(SCHEMA, JSON.parse(JSON.stringify(model)))).toEqual([]);
    // the agreement section is exactly what the round's consensus classifies as agreement: with the
    // default thresholds (Wilson lower bound ≥ 50 % in every group of 12) that is a subset of the
    // demo's five broad-agreement lines, the others missing the interval bound by a few points
    const input = await loadReportInput(db, facts.id, round1.id, OPTIONS);
    const expected = input.consensus.statements.filter((s) => s.classification === "agreement").map((s) => s.title);
    const agreed = model.agreement.map((s) => s.title);
    expect(agreed).toEqual(expected);
    expect(agreed).toContain("No AI command over nuclear weapons");
    for (const title of agreed) expect(BROAD_AGREEMENT).toContain(title);
    // the other broad-agreement lines are high-agreement statements elsewhere in the report, never cruxes
    for (const s of allStatements(model).filter((x) => BROAD_AGREEMENT.includes(x.title))) {
      expect(s.classification === "agreement" || s.classification === "no_consensus").toBe(true);
      expect(s.agreeRate!).toBeGreaterThanOrEqual(0.75);
    }
    expect(model.disagreement.length).toBeGreaterThan(0);
    expect(allStatements(model).length).toBe(input.versions.length);
    expect(allStatements(model).map((s) => s.key).sort()).toEqual(input.versions.map((_, i) => `S${i + 1}`).sort());
    expect(model.round.number).toBe(1);
    expect(model.rounds).toBe(2);
    expect(model.round.closedAt).not.toBeNull();
    expect(model.participation.participants).toBe(60);
    expect(model.participation.byGroup.reduce((n, g) => n + g.participants, 0)).toBe(60);
    expect(model.methodology.attributionRule).toBe(CHATHAM_HOUSE_STATEMENT);
    expect(model.summary).toBe(OPTIONS.summary);
    expect(model.sectionNotes.agreement).toBe(OPTIONS.notes.agreement);
    for (const s of model.agreement) {
      expect(s.indicator).not.toBe("");
      expect(s.response).not.toBe("");
      expect(s.groups.length).toBeGreaterThan(0);
      expect(s.reasonText).not.toMatch(/consensus\.reason/);
    }
  });

  it("shows visible arguments on a crux as unattributed, redacted excerpts", async () => {
    const round1 = facts.rounds.find((r) => r.number === 1)!;
    const model = await buildReport(db, facts.id, round1.id, OPTIONS);
    const crux = allStatements(model).find((s) => s.title === DEMO_PROPOSALS[5]!.title)!;
    expect(crux.classification).toBe("disagreement");
    // the demo's own argument on each side, and the ones added here (the longest two per side)
    expect(crux.excerpts.supports).toHaveLength(2);
    expect(crux.excerpts.opposes).toHaveLength(2);
    expect(crux.excerpts.supports.some((e) => e.includes(NAME_REMOVED))).toBe(true);
    expect(crux.excerpts.opposes.some((e) => e.includes(NAME_REMOVED))).toBe(true);
    const json = JSON.stringify(model);
    expect(json).not.toContain("HIDDEN ARGUMENT");
    expect(json).not.toContain("DELETED ARGUMENT");
  });

  it.each(["chatham_house", "anonymous", "named"] as const)("contains no name, email or pseudonym in %s mode", async (mode) => {
    await setMode(mode);
    const round1 = facts.rounds.find((r) => r.number === 1)!;
    const model = await buildReport(db, facts.id, round1.id, OPTIONS);
    expect(model.methodology.attributionMode).toBe(mode);
    expect(identifiers.length).toBeGreaterThan(60);
    expect(leaks(model, identifiers)).toEqual([]);
    // no internal ids either
    const ids = await db.selectFrom("memberships").select("id").where("deliberation_id", "=", facts.id).execute();
    const json = JSON.stringify(model);
    for (const { id } of ids) expect(json).not.toContain(id);
    await setMode("chatham_house");
  });

  it("is deterministic for the same data and generatedAt", async () => {
    const round1 = facts.rounds.find((r) => r.number === 1)!;
    const a = JSON.stringify(await buildReport(db, facts.id, round1.id, OPTIONS));
    const b = JSON.stringify(await buildReport(db, facts.id, round1.id, OPTIONS));
    expect(a).toBe(b);
  });

  it("previews round 2 (still voting) with movement since round 1", async () => {
    const input = await loadReportInput(db, facts.id, facts.round2.id, OPTIONS);
    expect(input.round.phase).toBe("voting");
    const model = await buildReport(db, facts.id, facts.round2.id, OPTIONS);
    expect(validateJsonSchema(SCHEMA, JSON.parse(JSON.stringify(model)))).toEqual([]);
    expect(model.methodology.process).toContain("preview");
    const moved = allStatements(model).filter((s) => s.movement.some((m) => m.fromRound === 1));
    expect(moved.length).toBeGreaterThan(0);
  });
});

describe("report of an imported Polis export", () => {
  it("builds a valid report for brexit-consensus", async () => {
    const dir = path.join("tests/fixtures/polis", "brexit-consensus");
    const files = {
      comments: readFileSync(path.join(dir, "comments.csv"), "utf8"),
      votes: readFileSync(path.join(dir, "votes.csv"), "utf8"),
      participantsVotes: readFileSync(path.join(dir, "participants-votes.csv"), "utf8"),
    };
    const facilitator = await makeUser(app, "Reportia Importwell", "reportia.importwell@example.org");
    const imported = await importPolisExport(app, facilitator, parsePolisExport(files), "Imported brexit-consensus");
    const round = await db.selectFrom("rounds").select("id").where("deliberation_id", "=", imported.deliberationId).executeTakeFirstOrThrow();
    const model = await buildReport(db, imported.deliberationId, round.id, OPTIONS);
    expect(validateJsonSchema(SCHEMA, JSON.parse(JSON.stringify(model)))).toEqual([]);
    expect(allStatements(model).length).toBe(imported.statements);
    expect(model.participation.participants).toBe(imported.participants);
    expect(model.methodology.opinionGroups).toContain("opinion groups");
    const members = await db
      .selectFrom("memberships as m")
      .innerJoin("users as u", "u.id", "m.user_id")
      .select(["u.display_name", "m.pseudonym"])
      .where("m.deliberation_id", "=", imported.deliberationId)
      .execute();
    expect(leaks(model, [...members.flatMap((m) => [m.display_name, m.pseudonym]), "Reportia Importwell", "reportia.importwell@example.org"])).toEqual([]);
  });
});
