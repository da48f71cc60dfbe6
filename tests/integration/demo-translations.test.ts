import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AppContext } from "../../app/context/app-context.server";
import { DEMO_PROPOSALS } from "../../app/demo/demo-content";
import { DEMO_TRANSLATIONS } from "../../app/demo/demo-translations";
import { seedDemoIfEmpty } from "../../app/demo/seed-demo.server";
import { getBallot } from "../../app/deliberation/vote-service.server";
import { currentTranslations } from "../../app/translation/translation-service.server";
import type { DB } from "../../db/connection";
import { memberContext } from "../helpers/context";
import { demoFacts } from "../helpers/demo";
import { createTestDb } from "../helpers/test-db";

/** The demo's red lines come in French and Spanish, written through the translation service (drift check included). */

let db: DB;
let app: AppContext;
let cleanup: () => Promise<void>;
beforeAll(async () => {
  ({ db, app, cleanup } = await createTestDb());
  await seedDemoIfEmpty(app);
}, 120_000);
afterAll(async () => cleanup());

describe("the demo's translations", () => {
  it("give every red line of round 2's ballot a current French and Spanish text, the revised ones translated again", async () => {
    const facts = await demoFacts(db);
    const ctx = await memberContext(app, facts.id, facts.participant.user_id);
    const ballot = (await getBallot(ctx)).items;
    expect(ballot).toHaveLength(14);
    const revised = new Set(DEMO_PROPOSALS.filter((p) => p.revision).map((p) => p.revision!.statement ?? p.title));
    for (const language of ["fr", "es"] as const) {
      const shown = await currentTranslations(ctx, ballot.map((i) => i.versionId), language);
      for (const item of ballot) {
        const translation = shown.get(item.versionId);
        expect(translation, `${language}: ${item.title}`).toBeDefined();
        const source = DEMO_TRANSLATIONS[item.title]!;
        const wasRevised = revised.has(item.statement);
        expect(translation!.versionNumber, item.title).toBe(wasRevised ? 2 : 1);
        expect(translation!.text.statement).toBe(wasRevised ? source.revision![language].statement ?? source[language].statement : source[language].statement);
        expect(translation!.translator.role).toBe("participant");
        // Chatham House: a pseudonym, not a name
        expect(translation!.translator.name).toMatch(/^Delegate \d+$/);
      }
    }
    expect(await currentTranslations(ctx, ballot.map((i) => i.versionId), "zh")).toEqual(new Map());
  });

  it("were stored for both versions of a revised red line, and once for the others", async () => {
    const rows = await db.selectFrom("version_translations").select(["language"]).execute();
    const revisedCount = DEMO_PROPOSALS.filter((p) => p.revision).length;
    expect(rows.filter((r) => r.language === "fr")).toHaveLength(14 + revisedCount);
    expect(rows.filter((r) => r.language === "es")).toHaveLength(14 + revisedCount);
  });
});
