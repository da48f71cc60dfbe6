import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AppContext } from "../../app/context/app-context.server";
import type { DB } from "../../db/connection";
import { seedDemoIfEmpty } from "../../app/demo/seed-demo.server";
import { exportRoundFiles } from "../../app/interop/polis-export.server";
import { renderReportHtml } from "../../app/report/render-html";
import { renderReportJson } from "../../app/report/render-json";
import { renderReportMarkdown } from "../../app/report/render-markdown";
import { renderReportPdf } from "../../app/report/render-pdf.server";
import { buildReport } from "../../app/report/report-service.server";
import { createTestDb } from "../helpers/test-db";
import { demoFacts } from "../helpers/demo";

/**
 * Attribution is enforced, not hoped for: every export of the demo deliberation's report, in every
 * attribution mode, is scanned for every participant's name and email (and pseudonym).
 */
const PDFTOTEXT = "/usr/bin/pdftotext";

describe("report exports never reveal identities", () => {
  let db: DB;
  let app: AppContext;
  let cleanup: () => Promise<void>;
  let facts: Awaited<ReturnType<typeof demoFacts>>;
  let identifiers: string[];
  const dir = mkdtempSync(path.join(tmpdir(), "accord-report-scan-"));

  beforeAll(async () => {
    ({ db, app, cleanup } = await createTestDb());
    await seedDemoIfEmpty(app);
    facts = await demoFacts(db);
    const users = await db.selectFrom("users").select(["display_name", "email"]).execute();
    const members = await db.selectFrom("memberships").select(["pseudonym"]).where("deliberation_id", "=", facts.id).execute();
    identifiers = [...users.flatMap((u) => [u.display_name, u.email ?? ""]), ...members.map((m) => m.pseudonym).filter((p) => p !== "Facilitator")].filter((x) => x.length > 3);
    expect(identifiers.length).toBeGreaterThan(60);
  });
  afterAll(async () => {
    await cleanup();
    rmSync(dir, { recursive: true, force: true });
  });

  for (const mode of ["chatham_house", "anonymous", "named"] as const) {
    it(`in ${mode} mode: HTML, Markdown, JSON, PDF text and the three CSVs contain no name, email or pseudonym`, async () => {
      await db.updateTable("deliberations").set({ attribution_mode: mode }).where("id", "=", facts.id).execute();
      const round1 = facts.rounds.find((r) => r.number === 1)!;
      const model = await buildReport(db, facts.id, round1.id, { summary: "Summary.", notes: {}, generatedAt: "2026-10-16T10:00:00.000Z" });
      const csv = await exportRoundFiles(app.db, facts.id, round1.id);
      const outputs: Record<string, string> = {
        html: renderReportHtml(model, { lang: "en" }),
        markdown: renderReportMarkdown(model),
        json: renderReportJson(model),
        ...csv,
      };
      const pdf = await renderReportPdf(model);
      expect(pdf.subarray(0, 5).toString()).toBe("%PDF-");
      if (existsSync(PDFTOTEXT)) {
        const file = path.join(dir, `${mode}.pdf`);
        writeFileSync(file, pdf);
        outputs.pdf = execFileSync(PDFTOTEXT, [file, "-"], { encoding: "utf8" });
        expect(outputs.pdf).toContain("Points of agreement");
      }
      for (const [format, text] of Object.entries(outputs)) {
        expect(text.length, format).toBeGreaterThan(50);
        for (const id of identifiers) expect(text.includes(id), `${format} (${mode}) contains "${id}"`).toBe(false);
      }
    }, 60_000);
  }

  it("the scan can fail: the facilitator's own name would be caught if it appeared", async () => {
    const facilitator = await db.selectFrom("users").select("display_name").where("email", "=", "facilitator@accord.example").executeTakeFirstOrThrow();
    const leaky = renderReportHtml({ ...(await buildReport(db, facts.id, facts.rounds[0]!.id, { summary: "", notes: {}, generatedAt: "2026-10-16T10:00:00.000Z" })), summary: `Written by ${facilitator.display_name}` }, { lang: "en" });
    expect(identifiers.some((id) => leaky.includes(id))).toBe(true);
  });
});
