import { Migrator, type Migration } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDatabase } from "../../db/connection";
import { MIGRATION_NAMES, migrateToLatest } from "../../db/migrate";
import { CATEGORY_KEYS } from "../../app/deliberation/taxonomy";
import { en } from "../../app/i18n/en";
import { demoFacts, loggedIn, setPhase } from "../helpers/demo";
import { proposalForm } from "../helpers/forms";
import { freshDatabase, tableCounts } from "../helpers/test-db";
import { Client, startTestServer } from "../helpers/test-server";

/**
 * Issue 11, proposing: only a title and a statement are required unless the facilitator requires
 * the typed fields; categories belong to the deliberation (added, renamed, retired by its facilitator).
 */

let server: Awaited<ReturnType<typeof startTestServer>>;
let facts: Awaited<ReturnType<typeof demoFacts>>;
let facilitator: Client;
let participant: Client;
let observer: Client;

beforeAll(async () => {
  server = await startTestServer({ seedDemo: true });
  facts = await demoFacts(server.db);
  await setPhase(server.db, facts.round2.id, "proposing");
  facilitator = await loggedIn(server.url, "facilitator");
  participant = await loggedIn(server.url, "participant");
  observer = await loggedIn(server.url, "observer");
});
afterAll(async () => server.stop());

const MINIMAL = { title: "Keep a human able to stop it", statement: "AI systems must not run without a person able to stop them." };
const newPage = () => `/d/${facts.id}/proposals/new`;
const settings = () => `/d/${facts.id}/settings`;
const proposalIdFrom = (res: Response) => /\/proposals\/([A-Za-z0-9_-]+)\?saved=/.exec(res.headers.get("location") ?? "")?.[1] ?? "";
const setRule = (c: Client, required: boolean) => c.post(settings(), { intent: "proposal-rule", ...(required ? { requireTypedFields: "on" } : {}) });
const categories = () => server.db.selectFrom("proposal_categories").selectAll().where("deliberation_id", "=", facts.id).orderBy("position").execute();
const categoryLabelled = async (label: string) => (await categories()).find((c) => c.label === label);
/** The category options the propose form offers (value attributes of the category select). */
async function offeredCategories(c: Client, path = newPage()): Promise<string[]> {
  const html = await (await c.get(path)).text();
  const select = /<select[^>]*name="category"[^>]*>([\s\S]*?)<\/select>/.exec(html)?.[1] ?? "";
  return [...select.matchAll(/<option value="([^"]*)"/g)].map((m) => m[1]!).filter(Boolean);
}

describe("what a proposal must contain", () => {
  afterAll(async () => {
    await setRule(facilitator, false);
  });

  it("accepts a proposal with only a title and a statement by default, and shows the parts it lacks as not specified", async () => {
    const res = await participant.post(newPage(), MINIMAL);
    expect(res.status).toBe(302);
    const pid = proposalIdFrom(res);
    const v = await server.db.selectFrom("proposal_versions").selectAll().where("proposal_id", "=", pid).executeTakeFirstOrThrow();
    expect([v.title, v.indicator, v.threshold_value, v.threshold_unit, v.trigger, v.response, v.category, v.scope, v.rationale, v.evidence_links]).toEqual([MINIMAL.title, "", "", "", "", "", "", "", "", "[]"]);
    const page = await (await participant.get(`/d/${facts.id}/proposals/${pid}`)).text();
    expect(page).toContain(en.proposing.notSpecified);
    expect(page).toContain(en.proposing.completeness.title);
    for (const part of ["indicator", "threshold", "ifThen", "evidence"] as const) expect(page).toContain(en.proposing.completeness[part]);
    expect(page).not.toMatch(/undefined|taxonomy\.|scopes\./);
    const overview = await (await participant.get(`/d/${facts.id}?show=all`)).text();
    expect(overview).toContain(MINIMAL.title);
    expect(overview).not.toMatch(/undefined|taxonomy\.|scopes\./);
  });

  it("still holds an optional field, once given, to its limits", async () => {
    const res = await participant.post(newPage(), { ...MINIMAL, indicator: "abc", scope: "everywhere" });
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain("Write at least 5 characters.");
    expect(html).toContain(en.validation.choose);
    // the fields left empty are not faults by default
    expect(html).not.toContain(en.validation.required);
    expect(html).not.toContain('href="#proposal-rationale"');
  });

  it("refuses the same minimal proposal when the facilitator requires the typed fields: 400, a message per field, what was typed kept, nothing stored", async () => {
    expect((await setRule(facilitator, true)).status).toBe(302);
    const row = await server.db.selectFrom("deliberations").select("require_typed_fields").where("id", "=", facts.id).executeTakeFirstOrThrow();
    expect(row.require_typed_fields).toBe(1);
    const before = await tableCounts(server.db);
    const res = await participant.post(newPage(), MINIMAL);
    expect(res.status).toBe(400);
    const html = await res.text();
    // the summary at the top takes focus and links to each field at fault
    expect(html).toMatch(/<div[^>]*class="notice error error-summary"[^>]*autofocus=""/);
    for (const field of ["indicator", "thresholdValue", "thresholdUnit", "trigger", "response", "category", "scope", "rationale"]) {
      expect(html, field).toContain(`href="#proposal-${field}"`);
      expect(html, field).toMatch(new RegExp(`id="proposal-${field}"[^>]*aria-invalid="true"`));
    }
    expect(html).not.toContain('href="#proposal-title"');
    expect(html).toContain(en.validation.required);
    expect(html).toContain(`value="${MINIMAL.title}"`);
    expect(await tableCounts(server.db)).toEqual(before);
    // the full red line is accepted under the same rule
    expect((await participant.post(newPage(), proposalForm({ title: "A complete red line under the strict rule" }))).status).toBe(302);
  });

  it("keeps existing proposals readable and editable by their own rule's fields after the rule changes", async () => {
    await setRule(facilitator, false);
    const res = await participant.post(newPage(), { ...MINIMAL, title: "Made before the rule changed" });
    const pid = proposalIdFrom(res);
    await setRule(facilitator, true);
    const page = await participant.get(`/d/${facts.id}/proposals/${pid}`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain(en.proposing.notSpecified);
  });

  it("lets only the facilitator set the rule, and only from Accord's own pages", async () => {
    const rule = async () => (await server.db.selectFrom("deliberations").select("require_typed_fields").where("id", "=", facts.id).executeTakeFirstOrThrow()).require_typed_fields;
    expect((await setRule(facilitator, true)).status).toBe(302);
    expect(await rule()).toBe(1);
    expect((await setRule(participant, false)).status).toBe(403);
    expect((await setRule(observer, false)).status).toBe(403);
    expect((await setRule(facilitator.fromOtherSite(), false)).status).toBe(403);
    expect(await rule()).toBe(1);
    expect((await setRule(facilitator, false)).status).toBe(302);
    expect(await rule()).toBe(0);
  });
});

describe("the deliberation's categories", () => {
  it("are seeded from the AI-safety taxonomy and offered on the propose form", async () => {
    expect((await categories()).map((c) => c.key)).toEqual([...CATEGORY_KEYS]);
    expect(await offeredCategories(participant)).toEqual([...CATEGORY_KEYS]);
  });

  it("a facilitator adds one; it is offered and a proposal can use it", async () => {
    expect((await facilitator.post(settings(), { intent: "add-category", label: "Biosecurity" })).status).toBe(302);
    const added = (await categoryLabelled("Biosecurity"))!;
    expect(added.key).toMatch(/^custom\./);
    expect(await offeredCategories(participant)).toContain(added.key);
    const res = await participant.post(newPage(), { ...MINIMAL, title: "Uses a new category", category: added.key });
    expect(res.status).toBe(302);
    expect(await (await participant.get(`/d/${facts.id}/proposals/${proposalIdFrom(res)}`)).text()).toContain("Biosecurity");
  });

  it("renaming changes the name on the proposals that have it; a name taken by another category is refused and nothing changes", async () => {
    const c = (await categoryLabelled("Biosecurity"))!;
    const res = await participant.post(newPage(), { ...MINIMAL, title: "Renamed under it", category: c.key });
    const pid = proposalIdFrom(res);
    expect((await facilitator.post(settings(), { intent: "rename-category", categoryId: c.id, label: "Biological risks" })).status).toBe(302);
    const page = await (await participant.get(`/d/${facts.id}/proposals/${pid}`)).text();
    expect(page).toContain("Biological risks");
    const taken = await facilitator.post(settings(), { intent: "rename-category", categoryId: c.id, label: "Malfunctions › Deception" });
    expect(taken.status).toBe(400);
    const html = await taken.text();
    expect(html).toContain("Another category is already called “Malfunctions › Deception”.");
    expect(html).toContain('value="Malfunctions › Deception"');
    expect((await categoryLabelled("Biological risks"))?.id).toBe(c.id);
    expect((await facilitator.post(settings(), { intent: "add-category", label: "" })).status).toBe(400);
  });

  it("retiring stops offering it to new proposals (refused if sent) but keeps it, marked retired, on the proposals that have it", async () => {
    const c = (await categoryLabelled("Biological risks"))!;
    const made = await participant.post(newPage(), { ...MINIMAL, title: "Made before retirement", category: c.key });
    const pid = proposalIdFrom(made);
    expect((await facilitator.post(settings(), { intent: "retire-category", categoryId: c.id })).status).toBe(302);
    expect(await offeredCategories(participant)).not.toContain(c.key);
    const refused = await participant.post(newPage(), { ...MINIMAL, title: "Tries a retired category", category: c.key });
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain(en.validation.choose);
    const page = await (await participant.get(`/d/${facts.id}/proposals/${pid}`)).text();
    expect(page).toContain("Biological risks (retired)");
    const version = await server.db.selectFrom("proposal_versions").select("category").where("proposal_id", "=", pid).executeTakeFirstOrThrow();
    expect(version.category).toBe(c.key);
    // its author can still edit it: the category it has stays valid on it
    expect(await offeredCategories(participant, `/d/${facts.id}/proposals/${pid}/edit`)).toContain(c.key);
    const edited = await participant.post(`/d/${facts.id}/proposals/${pid}/edit`, { ...MINIMAL, title: "Made before retirement, edited", category: c.key });
    expect(edited.status).toBe(302);
    // offered again when brought back
    expect((await facilitator.post(settings(), { intent: "restore-category", categoryId: c.id })).status).toBe(302);
    expect(await offeredCategories(participant)).toContain(c.key);
  });

  it("only the facilitator edits categories, only from Accord's pages, and only this deliberation's", async () => {
    const c = (await categories())[0]!;
    const before = await categories();
    for (const who of [participant, observer]) {
      expect((await who.post(settings(), { intent: "add-category", label: "Sneaky" })).status).toBe(403);
      expect((await who.post(settings(), { intent: "rename-category", categoryId: c.id, label: "Sneaky" })).status).toBe(403);
      expect((await who.post(settings(), { intent: "retire-category", categoryId: c.id })).status).toBe(403);
    }
    expect((await facilitator.fromOtherSite().post(settings(), { intent: "retire-category", categoryId: c.id })).status).toBe(403);
    expect((await facilitator.post(settings(), { intent: "retire-category", categoryId: "not-a-category" })).status).toBe(404);
    expect(await categories()).toEqual(before);
  });
});

describe("the migration", () => {
  it("gives every existing deliberation the seed categories, keeps an unknown key used by a version as a retired one, and requires no typed fields", async () => {
    const fresh = await freshDatabase({ migrated: false });
    const db = createDatabase(fresh.config);
    try {
      const modules = import.meta.glob<Migration>("../../db/migrations/*.ts", { eager: true });
      const all = Object.fromEntries(Object.entries(modules).map(([file, m]) => [file.replace(/^.*\/(.*)\.ts$/, "$1"), m]));
      const previous = MIGRATION_NAMES[MIGRATION_NAMES.indexOf("20261201140000_proposal_categories") - 1]!;
      const migrator = new Migrator({ db, provider: { getMigrations: async () => all } });
      expect((await migrator.migrateTo(previous)).error).toBeUndefined();
      const now = new Date().toISOString();
      await db.insertInto("users").values({ id: "u1", email: null, password_hash: null, display_name: "U", created_at: now }).execute();
      await db.insertInto("deliberations").values({ id: "d1", title: "Old", question: "An old question?", description: "", attribution_mode: "named", results_visibility: "live", min_group_size: 5, created_by: "u1", created_at: now, updated_at: now } as never).execute();
      await db.insertInto("rounds").values({ id: "r1", deliberation_id: "d1", number: 1, phase: "proposing", opened_at: now, voting_opened_at: null, closed_at: null }).execute();
      await db.insertInto("memberships").values({ id: "m1", deliberation_id: "d1", user_id: "u1", role: "facilitator", stakeholder_group_id: null, region_id: null, pseudonym: "F", created_at: now, removed_at: null }).execute();
      await db.insertInto("proposals").values({ id: "p1", deliberation_id: "d1", author_membership_id: "m1", status: "active", merged_into_id: null, status_reason: null, created_at: now, updated_at: now, submission_id: null }).execute();
      const version = { proposal_id: "p1", round_id: "r1", title: "T", statement: "S", rationale: "R", indicator: "I", threshold_value: "1", threshold_unit: "u", trigger: "t", response: "r", scope: "use" as const, evidence_links: "[]", created_by_membership_id: "m1", created_at: now, frozen_at: null };
      await db.insertInto("proposal_versions").values([{ ...version, id: "v1", version_number: 1, category: "malfunctions.deception" }, { ...version, id: "v2", version_number: 2, category: "legacy.thing" }]).execute();
      await migrateToLatest(db);
      const rows = await db.selectFrom("proposal_categories").selectAll().where("deliberation_id", "=", "d1").orderBy("position").execute();
      expect(rows.filter((r) => r.retired_at === null).map((r) => r.key)).toEqual([...CATEGORY_KEYS]);
      expect(rows.find((r) => r.key === "malfunctions.deception")?.label).toBe("Malfunctions › Deception");
      expect(rows.filter((r) => r.retired_at !== null).map((r) => [r.key, r.label])).toEqual([["legacy.thing", "legacy.thing"]]);
      const d = await db.selectFrom("deliberations").select("require_typed_fields").where("id", "=", "d1").executeTakeFirstOrThrow();
      expect(d.require_typed_fields).toBe(0);
    } finally {
      await db.destroy();
      await fresh.drop();
    }
  });
});
