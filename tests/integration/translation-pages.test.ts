import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AppContext } from "../../app/context/app-context.server";
import { advancePhase, openRound } from "../../app/deliberation/round-service.server";
import { en } from "../../app/i18n/en";
import { clientFor } from "../helpers/round-scenario";
import { makeDeliberation, type TestDeliberation } from "../helpers/scenario";
import { startTestServer, type Client } from "../helpers/test-server";

/** Issue 13 over HTTP: the propose form's language, the translate page, the proposal page and the ballot in the reader's language. */

let server: Awaited<ReturnType<typeof startTestServer>>;
let app: AppContext;
let d: TestDeliberation;
let author: Client;
let translator: Client;
let voter: Client;
let observer: Client;
let translatorPseudonym: string;
let translatorName: string;
let proposalId: string;

/** As React writes text into HTML. */
const html = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#x27;");
const page = (path: string, c: Client = translator) => c.get(path).then(async (r) => ({ status: r.status, body: await r.text() }));

const FRENCH = {
  title: "Pas de copie de soi-même sans accord humain",
  statement: "Les systèmes d'IA ne doivent pas copier leurs propres poids sur de nouvelles machines sans l'accord explicite d'un humain responsable.",
  rationale: "Un système capable de se répandre est bien plus difficile à surveiller ou à arrêter.",
  indicator: "Part des tâches accomplies de bout en bout sur une suite d'évaluation de la réplication autonome",
  thresholdValue: "20",
  thresholdUnit: "% des tâches",
  trigger: "un modèle accomplit au moins 20 % des tâches de réplication",
  response: "Arrêter l'entraînement et prévenir le réseau des instituts de sécurité de l'IA dans les 72 heures.",
  category: "malfunctions.self_replication",
  scope: "development",
  evidenceLinks: "https://idais.ai/",
};
const ENGLISH = {
  title: "No copying itself without human approval",
  statement: "AI systems must not copy their own weights onto new machines without the explicit approval of an accountable human.",
  rationale: "A system that can spread copies of itself is much harder to monitor or shut down.",
  indicator: "Share of tasks completed end to end on an autonomous-replication evaluation suite",
  thresholdValue: "20",
  thresholdUnit: "% of tasks",
  trigger: "a model completes 20 % or more of the replication tasks",
  response: "Halt training and notify the network of AI safety institutes within 72 hours.",
};

beforeAll(async () => {
  server = await startTestServer();
  app = server.app;
  d = await makeDeliberation(app, "Translated pages");
  const [a, t, v, o] = [await d.join("Aline Auteur"), await d.join("Tomás Traductor"), await d.join("Vera Voter"), await d.join("Omar Observer", { role: "observer" })];
  [author, translator, voter, observer] = await Promise.all([a, t, v, o].map((id) => clientFor(app, server.url, id)));
  const tm = await d.ctx(t);
  translatorPseudonym = tm.membership.pseudonym;
  translatorName = tm.user.displayName;
  await openRound(await d.ctx(d.facilitatorId));
}, 60_000);
afterAll(async () => server.stop());

const base = () => `/d/${d.id}/proposals/${proposalId}`;
const translateForm = async (language: string) => {
  const body = (await page(`${base()}/translate?into=${language}`)).body;
  const hidden = (name: string) => new RegExp(`name="${name}" value="([^"]*)"`).exec(body)?.[1] ?? "";
  return { versionId: hidden("versionId"), sourceHash: hidden("sourceHash"), language };
};

describe("writing a red line in French and translating it", () => {
  it("the propose form asks the language of the text, and the version keeps it", async () => {
    const form = (await page(`/d/${d.id}/proposals/new`, author)).body;
    expect(form).toContain(html(en.versionTranslations.languageOfText));
    expect(form).toMatch(/<select[^>]*name="language"/);
    const res = await author.post(`/d/${d.id}/proposals/new`, { ...FRENCH, language: "fr" });
    expect(res.status).toBe(302);
    proposalId = /\/proposals\/([A-Za-z0-9_-]+)\?saved=/.exec(res.headers.get("location") ?? "")![1]!;
    const v = await app.db.selectFrom("proposal_versions").select(["language", "title"]).where("proposal_id", "=", proposalId).executeTakeFirstOrThrow();
    expect(v).toEqual({ language: "fr", title: FRENCH.title });
  });

  it("shows the translate form with the original beside each field, not to observers", async () => {
    const { status, body } = await page(`${base()}/translate?into=en`);
    expect(status).toBe(200);
    expect(body).toContain(html(FRENCH.statement));
    expect(body).toContain(html(en.versionTranslations.form.fieldIn.replace("{{field}}", "Statement").replace("{{language}}", "English")));
    expect(body).toMatch(/lang="fr"/);
    // no English option: it is the language to translate into; no French one: it is the original's
    const into = /<select[^>]*name="into"[^>]*>([\s\S]*?)<\/select>/.exec(body)?.[1] ?? "";
    expect([...into.matchAll(/<option value="(\w*)"/g)].map((m) => m[1])).toEqual(["en", "es", "zh", "ar"]);
    expect((await page(`${base()}/translate?into=en`, observer)).status).toBe(403);
  });

  it("refuses a drifting translation with 400, a sentence under the field, what was typed kept, nothing stored", async () => {
    const typed = { ...ENGLISH, trigger: "a model completes 2 % of the replication tasks" };
    const res = await translator.post(`${base()}/translate?into=en`, { ...(await translateForm("en")), ...typed });
    expect(res.status).toBe(400);
    const body = await res.text();
    expect(body).toContain(html("The original says ≥ 20 %; this translation says 2 %."));
    expect(body).toContain(html(typed.trigger));
    expect(body).toContain(html(typed.response));
    expect(await app.db.selectFrom("version_translations").select("id").where("proposal_id", "=", proposalId).execute()).toEqual([]);
  });

  it("saves a faithful translation and shows it on the red line's page, with who wrote it and the way to the original", async () => {
    const res = await translator.post(`${base()}/translate?into=en`, { ...(await translateForm("en")), ...ENGLISH });
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe(`${base()}?translated=en&in=en`);
    const { body } = await page(base(), voter);
    expect(body).toContain(html(ENGLISH.title));
    expect(body).toContain(html(ENGLISH.response));
    // Chatham House: the pseudonym, never the name
    expect(body).toContain(html(`Translated from French by ${translatorPseudonym}`));
    expect(body).not.toContain(html(translatorName));
    expect(body).toContain(`href="${html(`${base()}?original=1`)}"`);
    const original = (await page(`${base()}?original=1`, voter)).body;
    const heading = (body: string) => /<h2 id="proposal-title"[^>]*>([^<]*)<\/h2>/.exec(body)?.[1];
    expect(heading(body)).toBe(html(ENGLISH.title));
    expect(heading(original)).toBe(html(FRENCH.title));
    expect(original).toMatch(/<h2 id="proposal-title" lang="fr"/);
    expect(original).toContain(html(FRENCH.response));
    expect(original).toContain(html("Show the translation (English)"));
  });

  it("lists the translation on the overview in the reader's language", async () => {
    const { body } = await page(`/d/${d.id}`, voter);
    expect(body).toContain(html(ENGLISH.title));
    expect(body).toContain("Translated from French");
    expect(body).not.toContain(html(FRENCH.title));
  });
});

describe("the ballot in the reader's language", () => {
  let versionId: string;
  beforeAll(async () => {
    await advancePhase(await d.ctx(d.facilitatorId), "proposing");
    await advancePhase(await d.ctx(d.facilitatorId), "discussing");
    versionId = (await app.db.selectFrom("proposal_versions").select("id").where("proposal_id", "=", proposalId).executeTakeFirstOrThrow()).id;
  });

  it("shows the translation of this exact version on the card, and the original one link away", async () => {
    const card = (await page(`/d/${d.id}/vote`, voter)).body;
    expect(card).toContain(html(ENGLISH.statement));
    expect(card).toContain(html(`Translated from French by ${translatorPseudonym}`));
    expect(card).toContain(html(en.versionTranslations.votesBindOriginal));
    expect(card).toContain(`href="${html(`/d/${d.id}/vote?v=${versionId}&original=1#card`)}"`);
    const original = (await page(`/d/${d.id}/vote?v=${versionId}&original=1`, voter)).body;
    expect(original).toContain(html(FRENCH.statement));
    expect(original).not.toContain(html(ENGLISH.statement));
    expect(original).toContain(`name="versionId" value="${versionId}"`);
  });

  it("binds the vote to the original version", async () => {
    const res = await voter.post(`/d/${d.id}/vote`, { versionId, choice: "agree", next: "" });
    expect(res.status).toBe(302);
    const votes = await app.db.selectFrom("votes").select("version_id").where("version_id", "=", versionId).execute();
    expect(votes).toEqual([{ version_id: versionId }]);
  });

  it("no longer takes translations while voting: the form is refused (409)", async () => {
    const res = await translator.get(`${base()}/translate?into=es`);
    expect(res.status).toBe(409);
  });
});
