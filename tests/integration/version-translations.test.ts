import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DB } from "../../db/connection";
import type { AppContext } from "../../app/context/app-context.server";
import { setArchived } from "../../app/deliberation/lifecycle-service.server";
import { setDefaultLanguage } from "../../app/deliberation/deliberation-service.server";
import { createProposal, saveProposalText, withdrawProposal } from "../../app/deliberation/proposal-service.server";
import { advancePhase, openRound } from "../../app/deliberation/round-service.server";
import { castVote, getBallot } from "../../app/deliberation/vote-service.server";
import type { Language } from "../../app/i18n/languages";
import { isRefusal } from "../../app/refusal";
import type { TranslatableText } from "../../app/translation/drift-check";
import type { TranslationInput } from "../../app/translation/translation-schema";
import { currentTranslations, getProposalTranslations, getTranslationWorkspace, saveTranslation, sourceHash } from "../../app/translation/translation-service.server";
import { makeDeliberation, proposalInput, type TestDeliberation } from "../helpers/scenario";
import { createTestDb } from "../helpers/test-db";

/** Issue 13: translations of a red line's version, written by members, refused when their numbers drift. */

let db: DB;
let app: AppContext;
let cleanup: () => Promise<void>;

beforeAll(async () => {
  ({ db, app, cleanup } = await createTestDb());
});
afterAll(async () => cleanup());

const ORIGINAL = proposalInput({
  title: "No autonomous self-replication",
  statement: "AI systems must not copy themselves without explicit human approval.",
  rationale: "Self-replication removes the ability to switch a system off.",
  indicator: "Success rate on a self-replication evaluation",
  thresholdValue: "20",
  thresholdUnit: "% of tasks",
  trigger: "A model completes 20 % or more of the tasks",
  response: "Halt deployment and notify the network within 72 hours.",
});

const FRENCH: TranslatableText = {
  title: "Pas d'autoréplication autonome",
  statement: "Les systèmes d'IA ne doivent pas se copier eux-mêmes sans l'accord explicite d'un humain.",
  rationale: "L'autoréplication empêche d'éteindre un système.",
  indicator: "Taux de réussite à une évaluation d'autoréplication",
  thresholdValue: "20",
  thresholdUnit: "% des tâches",
  trigger: "Un modèle accomplit au moins 20 % des tâches",
  response: "Suspendre le déploiement et prévenir le réseau dans les 72 heures.",
};

/** The form as the translate page posts it, for the proposal's latest version. */
async function form(proposalId: string, language: Language, text: TranslatableText): Promise<TranslationInput> {
  const v = await db.selectFrom("proposal_versions").selectAll().where("proposal_id", "=", proposalId).orderBy("version_number", "desc").executeTakeFirstOrThrow();
  const original: TranslatableText = { title: v.title, statement: v.statement, rationale: v.rationale, indicator: v.indicator, thresholdValue: v.threshold_value, thresholdUnit: v.threshold_unit, trigger: v.trigger, response: v.response };
  return { versionId: v.id, sourceHash: sourceHash(v.language, original), language, ...text };
}

async function refusal(promise: Promise<unknown>) {
  try {
    await promise;
  } catch (e) {
    if (isRefusal(e)) return { status: e.status, message: e.message, fields: e.fieldErrors };
    throw e;
  }
  throw new Error("expected a refusal");
}

const translationRows = (proposalId: string) => db.selectFrom("version_translations").selectAll().where("proposal_id", "=", proposalId).orderBy("created_at").execute();

interface Scenario {
  d: TestDeliberation;
  alice: string;
  bruno: string;
  olga: string;
  proposalId: string;
  fac: () => ReturnType<TestDeliberation["ctx"]>;
}

async function scenario(title: string, mode: "named" | "chatham_house" | "anonymous" = "chatham_house"): Promise<Scenario> {
  const d = await makeDeliberation(app, title, { attributionMode: mode });
  const alice = await d.join(`${title} Alice`);
  const bruno = await d.join(`${title} Bruno`);
  const olga = await d.join(`${title} Olga`, { role: "observer" });
  const fac = () => d.ctx(d.facilitatorId);
  await openRound(await fac());
  const proposalId = await createProposal(await d.ctx(alice), ORIGINAL);
  return { d, alice, bruno, olga, proposalId, fac };
}

describe("writing and editing a translation", () => {
  let s: Scenario;
  beforeAll(async () => {
    s = await scenario("Writing");
  });

  it("stores a participant's translation of the latest version, current for it", async () => {
    const saved = await saveTranslation(await s.d.ctx(s.bruno), s.proposalId, await form(s.proposalId, "fr", FRENCH));
    expect(saved).toEqual({ created: true });
    const [row] = await translationRows(s.proposalId);
    expect(row).toMatchObject({ language: "fr", title: FRENCH.title, threshold_unit: "% des tâches", trigger: FRENCH.trigger });
    const overview = await getProposalTranslations(await s.d.ctx(s.alice), s.proposalId, "fr");
    expect(overview.originalLanguage).toBe("en");
    expect(overview.statuses).toEqual([expect.objectContaining({ language: "fr", current: true, versionNumber: 1 })]);
    expect(overview.forReader?.text).toEqual(FRENCH);
    expect(overview.outdatedForReader).toBeNull();
  });

  it("edits it in place: one translation per version and language, its first author and time kept", async () => {
    const [before] = await translationRows(s.proposalId);
    const edited = { ...FRENCH, title: "Aucune autoréplication autonome" };
    const saved = await saveTranslation(await s.d.ctx(s.d.facilitatorId), s.proposalId, await form(s.proposalId, "fr", edited));
    expect(saved).toEqual({ created: false });
    const rows = await translationRows(s.proposalId);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ id: before!.id, title: edited.title, created_by: before!.created_by, created_at: before!.created_at });
    const facilitatorMembership = (await s.fac()).membership.id;
    expect(rows[0]!.updated_by).toBe(facilitatorMembership);
    expect(rows[0]!.updated_by).not.toBe(before!.created_by);
  });

  it("refuses a translation whose numbers drifted: a sentence under each field at fault, nothing written", async () => {
    const [before] = await translationRows(s.proposalId);
    const drifting = { ...FRENCH, trigger: "Un modèle accomplit 2 % des tâches", response: "Suspendre le déploiement et prévenir le réseau dans les 48 heures.", thresholdUnit: "des tâches" };
    const r = await refusal(saveTranslation(await s.d.ctx(s.bruno), s.proposalId, await form(s.proposalId, "fr", drifting)));
    expect(r.status).toBe(400);
    expect(r.fields).toEqual({
      trigger: ["The original says ≥ 20 %; this translation says 2 %."],
      response: ["The original says 72 h; this translation says 48 h."],
      thresholdUnit: ["The original says %; this translation does not."],
    });
    expect(await translationRows(s.proposalId)).toEqual([before]);
  });

  it("asks for every part the original has, and leaves empty what it leaves empty", async () => {
    const r = await refusal(saveTranslation(await s.d.ctx(s.bruno), s.proposalId, await form(s.proposalId, "es", { ...FRENCH, statement: "  ", trigger: "" })));
    expect(r.status).toBe(400);
    expect(Object.keys(r.fields ?? {}).sort()).toEqual(["statement", "trigger"]);
    expect(r.fields!.statement).toEqual(["Translate this part too: the original has it."]);
    expect(await db.selectFrom("version_translations").select("id").where("language", "=", "es").execute()).toEqual([]);
    // a minimal red line: only title and statement to translate
    const minimal = await createProposal(await s.d.ctx(s.alice), proposalInput({ title: "Keep a human able to stop it", statement: "AI systems must not run without a person able to stop them.", rationale: "", indicator: "", thresholdValue: "", thresholdUnit: "", trigger: "", response: "" }));
    await saveTranslation(await s.d.ctx(s.bruno), minimal, await form(minimal, "es", { ...FRENCH, title: "Que una persona pueda detenerlo", statement: "Los sistemas de IA no deben funcionar sin una persona capaz de detenerlos." }));
    const [row] = await translationRows(minimal);
    expect([row!.rationale, row!.indicator, row!.threshold_value, row!.trigger]).toEqual(["", "", "", ""]);
  });

  it("refuses a translation into the original's own language", async () => {
    const r = await refusal(saveTranslation(await s.d.ctx(s.bruno), s.proposalId, await form(s.proposalId, "en", FRENCH)));
    expect(r.status).toBe(400);
    expect(r.fields).toEqual({ language: ["This red line is written in English: a translation goes into another language."] });
  });

  it("refuses a form written against words that changed meanwhile (409), writing nothing", async () => {
    const stale = await form(s.proposalId, "zh", { ...FRENCH, title: "不得自主自我复制", statement: "人工智能系统不得在未经人类明确批准的情况下复制自身。", rationale: "自我复制使系统无法被关闭。", indicator: "自我复制评估的成功率", thresholdValue: "20", thresholdUnit: "%的任务", trigger: "模型完成至少20%的任务", response: "在72小时内暂停部署并通知网络。" });
    await saveProposalText(await s.d.ctx(s.alice), s.proposalId, { ...ORIGINAL, statement: "AI systems must not copy themselves onto new machines without explicit human approval." });
    const r = await refusal(saveTranslation(await s.d.ctx(s.bruno), s.proposalId, stale));
    expect(r.status).toBe(409);
    expect(r.message).toContain("The red line changed while you were translating");
    expect(await db.selectFrom("version_translations").select("id").where("language", "=", "zh").execute()).toEqual([]);
    // and the French translation of the words before the edit is outdated now
    const overview = await getProposalTranslations(await s.d.ctx(s.alice), s.proposalId, "fr");
    expect(overview.forReader).toBeNull();
    expect(overview.outdatedForReader).toBe(1);
  });

  it("accepts a Chinese and an Arabic translation of the new words, and a non-English original", async () => {
    const zh = { title: "不得自主自我复制", statement: "人工智能系统不得在未经人类明确批准的情况下将自身复制到新机器上。", rationale: "自我复制使系统无法被关闭。", indicator: "自我复制评估的成功率", thresholdValue: "20", thresholdUnit: "%的任务", trigger: "模型完成不低于２０％的任务", response: "在七十二小时内暂停部署并通知网络。" };
    await saveTranslation(await s.d.ctx(s.bruno), s.proposalId, await form(s.proposalId, "zh", zh));
    const ar = { title: "لا للتكاثر الذاتي المستقل", statement: "يجب ألا تنسخ أنظمة الذكاء الاصطناعي نفسها على أجهزة جديدة دون موافقة بشرية صريحة.", rationale: "التكاثر الذاتي يحول دون إيقاف النظام.", indicator: "معدل النجاح في تقييم التكاثر الذاتي", thresholdValue: "٢٠", thresholdUnit: "٪ من المهام", trigger: "يكمل النموذج ٢٠٪ أو أكثر من المهام", response: "إيقاف النشر وإخطار الشبكة خلال ٧٢ ساعة." };
    await saveTranslation(await s.d.ctx(s.alice), s.proposalId, await form(s.proposalId, "ar", ar));
    const french = await createProposal(await s.d.ctx(s.bruno), { ...ORIGINAL, title: "Pas d'autoréplication", statement: FRENCH.statement, trigger: FRENCH.trigger, response: FRENCH.response, thresholdUnit: "% des tâches" }, { language: "fr" });
    const english = { ...FRENCH, title: "No self-replication", statement: "AI systems must not copy themselves.", rationale: "It prevents switching off.", indicator: "Success rate", thresholdUnit: "% of tasks", trigger: "A model completes at least 20 % of the tasks", response: "Halt deployment and notify the network within 72 hours." };
    const r = await refusal(saveTranslation(await s.d.ctx(s.alice), french, await form(french, "fr", english)));
    expect(r.fields?.language?.[0]).toContain("written in French");
    await saveTranslation(await s.d.ctx(s.alice), french, await form(french, "en", english));
    const forEnglish = await getProposalTranslations(await s.d.ctx(s.olga), french, "en");
    expect(forEnglish).toMatchObject({ originalLanguage: "fr", forReader: { language: "en", originalLanguage: "fr", text: english } });
  });
});

describe("the language of an original", () => {
  it("is the author's choice, else the deliberation's default language; a revision keeps its version's", async () => {
    const s = await scenario("Languages");
    const fac = await s.fac();
    await setDefaultLanguage(fac, "es");
    const spanishByDefault = await createProposal(await s.d.ctx(s.alice), { ...ORIGINAL, title: "Sin autorreplicación" });
    const chinese = await createProposal(await s.d.ctx(s.alice), { ...ORIGINAL, title: "不得自主自我复制" }, { language: "zh" });
    await advancePhase(fac, "proposing");
    await advancePhase(await s.fac(), "discussing");
    await advancePhase(await s.fac(), "voting");
    await openRound(await s.fac());
    await saveProposalText(await s.d.ctx(s.alice), chinese, { ...ORIGINAL, title: "不得自主自我复制（修订）" });
    const languages = await db.selectFrom("proposal_versions").select(["proposal_id", "version_number", "language"]).where("proposal_id", "in", [s.proposalId, spanishByDefault, chinese]).orderBy("proposal_id").orderBy("version_number").execute();
    const of = (id: string) => languages.filter((v) => v.proposal_id === id).map((v) => [v.version_number, v.language]);
    expect(of(s.proposalId)).toEqual([[1, "en"]]);
    expect(of(spanishByDefault)).toEqual([[1, "es"]]);
    expect(of(chinese)).toEqual([[1, "zh"], [2, "zh"]]);
  });
});

describe("who may write a translation, and when", () => {
  let s: Scenario;
  beforeAll(async () => {
    s = await scenario("Rules");
  });

  it("refuses observers (403), and shows them no form", async () => {
    const olga = await s.d.ctx(s.olga);
    expect((await refusal(saveTranslation(olga, s.proposalId, await form(s.proposalId, "fr", FRENCH)))).status).toBe(403);
    expect((await refusal(getTranslationWorkspace(olga, s.proposalId, "fr"))).status).toBe(403);
    expect((await getProposalTranslations(olga, s.proposalId, "fr")).canWrite).toBe(false);
  });

  it("refuses a member of another deliberation: the proposal is not found there", async () => {
    const other = await scenario("Rules elsewhere");
    const r = await refusal(saveTranslation(await other.d.ctx(other.bruno), s.proposalId, await form(s.proposalId, "fr", FRENCH)));
    expect(r.status).toBe(404);
    expect(await translationRows(s.proposalId)).toEqual([]);
  });

  it("accepts translations while proposing and discussing, refuses them while voting and once closed, naming the phase", async () => {
    expect((await getProposalTranslations(await s.d.ctx(s.bruno), s.proposalId, "fr")).canWrite).toBe(true);
    await advancePhase(await s.fac(), "proposing");
    await saveTranslation(await s.d.ctx(s.bruno), s.proposalId, await form(s.proposalId, "fr", FRENCH));
    await advancePhase(await s.fac(), "discussing");
    const voting = await refusal(saveTranslation(await s.d.ctx(s.bruno), s.proposalId, await form(s.proposalId, "es", FRENCH)));
    expect(voting).toMatchObject({ status: 409, message: "Writing a translation is not possible now: this round is in its Voting phase (translations are written during: Proposing or Discussing)." });
    expect((await getProposalTranslations(await s.d.ctx(s.bruno), s.proposalId, "fr")).canWrite).toBe(false);
    await advancePhase(await s.fac(), "voting");
    const closed = await refusal(saveTranslation(await s.d.ctx(s.d.facilitatorId), s.proposalId, await form(s.proposalId, "es", FRENCH)));
    expect(closed.status).toBe(409);
    expect(closed.message).toContain("Closed");
    expect((await translationRows(s.proposalId)).map((r) => r.language)).toEqual(["fr"]);
  });

  it("refuses a withdrawn proposal and an archived deliberation (409)", async () => {
    await openRound(await s.fac());
    const other = await createProposal(await s.d.ctx(s.alice), { ...ORIGINAL, title: "Another red line" });
    await withdrawProposal(await s.fac(), other, "");
    expect((await refusal(saveTranslation(await s.d.ctx(s.bruno), other, await form(other, "fr", FRENCH)))).status).toBe(409);
    await setArchived(await s.fac(), true);
    const archived = await refusal(saveTranslation(await s.d.ctx(s.bruno), s.proposalId, await form(s.proposalId, "es", FRENCH)));
    expect(archived.status).toBe(409);
    expect(archived.message).toContain("archived");
    await setArchived(await s.fac(), false);
  });
});

describe("outdated after a new version", () => {
  it("shows the translation of the previous version as outdated, offers it as a starting point, and a translation of the new version replaces it", async () => {
    const s = await scenario("Outdated");
    const unchanged = await createProposal(await s.d.ctx(s.bruno), { ...ORIGINAL, title: "A red line nobody revises" });
    await saveTranslation(await s.d.ctx(s.bruno), s.proposalId, await form(s.proposalId, "fr", FRENCH));
    await saveTranslation(await s.d.ctx(s.bruno), unchanged, await form(unchanged, "fr", { ...FRENCH, title: "Une ligne rouge que personne ne révise" }));
    await advancePhase(await s.fac(), "proposing");
    await advancePhase(await s.fac(), "discussing");
    // round 1's ballot: both translations current for the frozen versions
    const ballot1 = (await getBallot(await s.d.ctx(s.alice))).items.map((i) => i.versionId);
    expect([...(await currentTranslations(await s.d.ctx(s.alice), ballot1, "fr")).values()].map((v) => v.versionNumber)).toEqual([1, 1]);
    await advancePhase(await s.fac(), "voting");
    await openRound(await s.fac());
    await saveProposalText(await s.d.ctx(s.alice), s.proposalId, { ...ORIGINAL, thresholdValue: "10", trigger: "A model completes 10 % or more of the tasks" });

    const overview = await getProposalTranslations(await s.d.ctx(s.alice), s.proposalId, "fr");
    expect(overview.statuses).toEqual([expect.objectContaining({ language: "fr", current: false, versionNumber: 1 })]);
    expect(overview.forReader).toBeNull();
    expect(overview.outdatedForReader).toBe(1);
    const workspace = await getTranslationWorkspace(await s.d.ctx(s.bruno), s.proposalId, "fr");
    expect(workspace.original.versionNumber).toBe(2);
    expect(workspace.existing).toEqual({ text: FRENCH, current: false, versionNumber: 1 });
    // the outdated translation, saved as it is, no longer matches the original's numbers
    const stale = await refusal(saveTranslation(await s.d.ctx(s.bruno), s.proposalId, await form(s.proposalId, "fr", FRENCH)));
    expect(stale.fields).toEqual({
      thresholdValue: ["The original says 10; this translation says 20."],
      trigger: ["The original says ≥ 10 %; this translation says ≥ 20 %."],
    });

    // voting opens: the revised red line has no current French text on the ballot; the unchanged one keeps its own (same words)
    await advancePhase(await s.fac(), "proposing");
    await advancePhase(await s.fac(), "discussing");
    const ballot2 = (await getBallot(await s.d.ctx(s.alice))).items;
    const revised = ballot2.find((i) => i.proposalId === s.proposalId)!;
    const copied = ballot2.find((i) => i.proposalId === unchanged)!;
    expect([revised.versionNumber, copied.versionNumber]).toEqual([2, 2]);
    const shown = await currentTranslations(await s.d.ctx(s.alice), [revised.versionId, copied.versionId], "fr");
    expect(shown.has(revised.versionId)).toBe(false);
    expect(shown.get(copied.versionId)).toMatchObject({ versionNumber: 1, text: { title: "Une ligne rouge que personne ne révise" } });
    // a vote binds to the original version, translated or not
    await castVote(await s.d.ctx(s.alice), { versionId: copied.versionId, choice: "agree", confidence: null });
    expect(await db.selectFrom("votes").select("version_id").where("version_id", "=", copied.versionId).execute()).toHaveLength(1);
  });

  it("a translation written in a new round for the revised words is current again", async () => {
    const s = await scenario("Retranslated");
    await saveTranslation(await s.d.ctx(s.bruno), s.proposalId, await form(s.proposalId, "es", { ...FRENCH, title: "Sin autorreplicación autónoma" }));
    await advancePhase(await s.fac(), "proposing");
    await advancePhase(await s.fac(), "discussing");
    await advancePhase(await s.fac(), "voting");
    await openRound(await s.fac());
    await saveProposalText(await s.d.ctx(s.alice), s.proposalId, { ...ORIGINAL, response: "Halt deployment and notify the network within 24 hours." });
    const spanish = { ...FRENCH, title: "Sin autorreplicación autónoma", response: "Suspender el despliegue y avisar a la red en un plazo de 24 horas." };
    expect(await saveTranslation(await s.d.ctx(s.bruno), s.proposalId, await form(s.proposalId, "es", spanish))).toEqual({ created: true });
    const overview = await getProposalTranslations(await s.d.ctx(s.alice), s.proposalId, "es");
    expect(overview.statuses).toEqual([expect.objectContaining({ language: "es", current: true, versionNumber: 2 })]);
    expect(overview.forReader?.text.response).toBe(spanish.response);
    // both versions keep their own translation
    expect((await translationRows(s.proposalId)).length).toBe(2);
  });
});

describe("who a translation says it is by, per attribution mode", () => {
  const byMode = async (mode: "named" | "chatham_house" | "anonymous") => {
    const s = await scenario(`Attribution ${mode}`, mode);
    await saveTranslation(await s.d.ctx(s.bruno), s.proposalId, await form(s.proposalId, "fr", FRENCH));
    await saveTranslation(await s.d.ctx(s.d.facilitatorId), s.proposalId, await form(s.proposalId, "fr", { ...FRENCH, title: "Aucune autoréplication autonome" }));
    const bruno = await s.d.ctx(s.bruno);
    const facilitator = await s.fac();
    const view = (await getProposalTranslations(await s.d.ctx(s.alice), s.proposalId, "fr")).forReader!;
    return { view, bruno, facilitator };
  };

  it("named: the translator's and the editor's names", async () => {
    const { view, bruno, facilitator } = await byMode("named");
    expect(view.translator).toEqual({ name: bruno.user.displayName, role: "participant" });
    expect(view.editor).toEqual({ name: facilitator.user.displayName, role: "facilitator" });
  });

  it("Chatham House: their pseudonyms, never their names", async () => {
    const { view, bruno, facilitator } = await byMode("chatham_house");
    expect(view.translator).toEqual({ name: bruno.membership.pseudonym, role: "participant" });
    expect(view.editor).toEqual({ name: facilitator.membership.pseudonym, role: "facilitator" });
    expect(JSON.stringify(view)).not.toContain(bruno.user.displayName);
  });

  it("anonymous: only 'a participant' and 'a facilitator'", async () => {
    const { view, bruno, facilitator } = await byMode("anonymous");
    expect(view.translator).toEqual({ name: null, role: "participant" });
    expect(view.editor).toEqual({ name: null, role: "facilitator" });
    const json = JSON.stringify(view);
    for (const secret of [bruno.user.displayName, bruno.membership.pseudonym, facilitator.user.displayName, facilitator.membership.pseudonym]) expect(json).not.toContain(secret);
  });
});
