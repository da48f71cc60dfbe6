import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LANGUAGE_LOCALES, LANGUAGE_NAMES, SUPPORTED_LANGUAGES } from "../../app/i18n/languages";
import { demoFacts, loggedIn } from "../helpers/demo";
import { Client, startTestServer } from "../helpers/test-server";

/**
 * A published report read in any language over HTTP (production build): the page and its rendered
 * files follow `?lang=`, the data files and the content hash do not (the hash covers the data, not
 * the language), and an unknown language falls back instead of failing.
 */
describe("published reports in any language", () => {
  let server: Awaited<ReturnType<typeof startTestServer>>;
  let facts: Awaited<ReturnType<typeof demoFacts>>;
  let hash: string;
  const visitor = () => new Client(server.url);
  const base = () => `/reports/${facts.id}/1`;

  beforeAll(async () => {
    server = await startTestServer({ seedDemo: true });
    facts = await demoFacts(server.db);
    hash = (await server.db.selectFrom("reports").select("hash").where("deliberation_id", "=", facts.id).where("version", "=", 1).executeTakeFirstOrThrow()).hash;
  });
  afterAll(async () => server.stop());

  it.each(SUPPORTED_LANGUAGES)("shows version 1 in %s: lang and dir, which language it is, links to the others, the same hash", async (language) => {
    const res = await visitor().get(`${base()}?lang=${language}`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-language")).toBe(LANGUAGE_LOCALES[language]);
    const html = await res.text();
    expect(html).toContain(`<html lang="${LANGUAGE_LOCALES[language]}" dir="${language === "ar" ? "rtl" : "ltr"}">`);
    expect(html).toContain(`<code>${hash}</code>`);
    expect(html).toContain(LANGUAGE_NAMES[language]);
    for (const other of SUPPORTED_LANGUAGES.filter((l) => l !== language)) expect(html).toContain(`href="${base()}?lang=${other}"`);
    expect(html).not.toContain(`href="${base()}?lang=${language}"`);
    // the renderings are offered in the language shown
    expect(html).toContain(`href="${base()}/report.pdf?lang=${language}"`);
  });

  it("keeps the data the same in every language: report.json and manifest.json byte for byte, the hash on every page", async () => {
    const bodies = async (file: string) => Promise.all(["", ...SUPPORTED_LANGUAGES.map((l) => `?lang=${l}`)].map(async (q) => Buffer.from(await (await visitor().get(`${base()}/${file}${q}`)).arrayBuffer())));
    for (const file of ["report.json", "manifest.json", "votes.csv"]) {
      const all = await bodies(file);
      for (const b of all) expect(b.equals(all[0]!), file).toBe(true);
    }
    const md = await bodies("report.md");
    expect(md[1]!.equals(md[5]!)).toBe(false); // en and ar differ: the language is in the rendering only
    const hashes = await Promise.all(SUPPORTED_LANGUAGES.map(async (l) => /<code>([0-9a-f]{64})<\/code>/.exec(await (await visitor().get(`${base()}?lang=${l}`)).text())?.[1]));
    expect(new Set(hashes)).toEqual(new Set([hash]));
  });

  it("renders report.pdf, report.md and report.html in the language asked for", async () => {
    for (const language of ["zh", "ar"] as const) {
      const pdf = await visitor().get(`${base()}/report.pdf?lang=${language}`);
      expect(pdf.status).toBe(200);
      expect(pdf.headers.get("content-language")).toBe(LANGUAGE_LOCALES[language]);
      expect(pdf.headers.get("content-disposition")).toContain(`-${language}-report.pdf`);
      const body = Buffer.from(await pdf.arrayBuffer());
      expect(body.subarray(0, 5).toString("latin1")).toBe("%PDF-");
      expect(body.length).toBeLessThan(1024 * 1024);
      expect(body.toString("latin1")).toMatch(language === "zh" ? /NotoSansSC/ : /IBMPlexSansArabic/);
    }
    const html = await visitor().get(`${base()}/report.html?lang=ar`);
    expect(html.status).toBe(200);
    expect(html.headers.get("content-type")).toContain("text/html");
    expect(await html.text()).toContain('<html lang="ar" dir="rtl">');
    const md = await visitor().get(`${base()}/report.md?lang=fr`);
    expect(md.status).toBe(200);
    expect(md.headers.get("content-language")).toBe("fr");
  });

  it("falls back to the default language for an unsupported ?lang=, never failing", async () => {
    for (const q of ["xx", "zh-TW", "", "%3Cscript%3E", "en&lang=ar"]) {
      const res = await visitor().get(`${base()}?lang=${q}`);
      expect(res.status, q).toBe(200);
      const html = await res.text();
      expect(html, q).toMatch(/<html lang="en" dir="ltr">|<html lang="(fr|es|zh-Hans|ar)" dir="(ltr|rtl)">/);
      expect(html).not.toContain("<script>");
    }
    expect(await (await visitor().get(`${base()}?lang=klingon`)).text()).toContain('<html lang="en" dir="ltr">');
    const pdf = await visitor().get(`${base()}/report.pdf?lang=klingon`);
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get("content-language")).toBe("en");
  });

  it("previews the report for a facilitator in the language asked for", async () => {
    const f = await loggedIn(server.url, "facilitator");
    const res = await f.post(`/d/${facts.id}/report/preview?lang=ar`, { round: "1", summary: "A summary." });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('<html lang="ar" dir="rtl">');
    const fallback = await f.post(`/d/${facts.id}/report/preview?lang=nope`, { round: "1", summary: "A summary." });
    expect(fallback.status).toBe(200);
    expect(await fallback.text()).toContain('<html lang="en" dir="ltr">');
  });
});
