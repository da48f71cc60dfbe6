/**
 * Translations of a red line's version (docs/decisions/053). The original is authoritative: it is
 * what is voted on and hashed; a translation is a reading aid that belongs to the version it
 * translates, is written by participants and facilitators while a round is proposing or
 * discussing, and is refused when its numbers, units, dates or comparisons differ from the
 * original's (drift-check.ts). It is current for a version while that version's words are the
 * words it was written against; otherwise it is outdated, offered only as a starting point.
 */
import { createHash } from "node:crypto";
import type { Selectable } from "kysely";
import type { ProposalVersionsTable } from "../../db/schema";
import { newId } from "../auth/crypto.server";
import type { MemberContext } from "../deliberation/access.server";
import type { AttributionMode } from "../deliberation/attribution";
import { authorLabel } from "../deliberation/attribution";
import type { Phase } from "../deliberation/phase-rules";
import { assertActiveProposal } from "../deliberation/proposal-service.server";
import { findLatestVersion, findProposal } from "../deliberation/proposal-repository.server";
import { t } from "../i18n/i18n";
import { DEFAULT_LANGUAGE, isLanguage, SUPPORTED_LANGUAGES, type Language } from "../i18n/languages";
import { assertFound, refuse, refuseFields, type FieldErrors } from "../refusal";
import { checkDrift, TRANSLATABLE_FIELDS, type TranslatableText } from "./drift-check";
import { driftMessage } from "./drift-messages";
import { findTranslation, listTranslationsOfProposals, listVersionTexts, upsertTranslation, type TranslationRow } from "./translation-repository.server";
import type { TranslationInput } from "./translation-schema";

/** Translations are written while the words can still change hands: proposing and discussing (never while voting). */
export const TRANSLATION_PHASES: readonly Phase[] = ["proposing", "discussing"];

/** The stored columns of a version's (or a translation's) text: the schema's, not a copy of them. */
type TextColumns = Pick<Selectable<ProposalVersionsTable>, "title" | "statement" | "rationale" | "indicator" | "threshold_value" | "threshold_unit" | "trigger" | "response">;

export function textOf(row: TextColumns): TranslatableText {
  return {
    title: row.title,
    statement: row.statement,
    rationale: row.rationale,
    indicator: row.indicator,
    thresholdValue: row.threshold_value,
    thresholdUnit: row.threshold_unit,
    trigger: row.trigger,
    response: row.response,
  };
}

function columnsOf(text: TranslatableText): TextColumns {
  return {
    title: text.title,
    statement: text.statement,
    rationale: text.rationale,
    indicator: text.indicator,
    threshold_value: text.thresholdValue,
    threshold_unit: text.thresholdUnit,
    trigger: text.trigger,
    response: text.response,
  };
}

/** What a translation was written against: the original's language and words (SHA-256, hex). */
export function sourceHash(language: string, text: TranslatableText): string {
  return createHash("sha256").update(JSON.stringify([language, ...TRANSLATABLE_FIELDS.map((f) => text[f])])).digest("hex");
}

/** A stored language read back; anything unknown reads as the default (it never should be). */
export function languageOf(value: string): Language {
  return isLanguage(value) ? value : DEFAULT_LANGUAGE;
}

/** Who wrote a translation, as the deliberation's attribution mode lets it be shown: a name or pseudonym, or (anonymous) only the role. */
export interface Translator {
  name: string | null;
  role: "facilitator" | "participant" | "observer";
}

function translatorOf(mode: AttributionMode, facts: { displayName: string; pseudonym: string; role: Translator["role"] }): Translator {
  return { name: authorLabel(mode, { displayName: facts.displayName, pseudonym: facts.pseudonym, groupName: null }).name, role: facts.role };
}

export interface TranslationView {
  language: Language;
  originalLanguage: Language;
  /** the version it was written for (an earlier one when the words carried over unchanged) */
  versionId: string;
  versionNumber: number;
  text: TranslatableText;
  translator: Translator;
  /** who saved it last, when not its first author */
  editor: Translator | null;
  updatedAt: string;
}

function toView(mode: AttributionMode, row: TranslationRow): TranslationView {
  return {
    language: languageOf(row.language),
    originalLanguage: languageOf(row.original_language),
    versionId: row.version_id,
    versionNumber: row.version_number,
    text: textOf(row),
    translator: translatorOf(mode, { displayName: row.creator_name, pseudonym: row.creator_pseudonym, role: row.creator_role }),
    editor: row.updated_by === row.created_by ? null : translatorOf(mode, { displayName: row.editor_name, pseudonym: row.editor_pseudonym, role: row.editor_role }),
    updatedAt: row.updated_at,
  };
}

/** A version as the translation lookup needs it. */
type VersionText = TextColumns & { id: string; proposal_id: string; language: string };

/**
 * The translation current for a version among a proposal's translations: one written against
 * exactly this version's words — for this version, or for an earlier one whose words it carried
 * over unchanged (a proposal copied to the next round's ballot). The version's own comes first.
 */
function currentFor(version: VersionText, rows: readonly TranslationRow[]): TranslationRow | undefined {
  const hash = sourceHash(version.language, textOf(version));
  const candidates = rows.filter((r) => r.proposal_id === version.proposal_id && r.source_hash === hash);
  return candidates.find((r) => r.version_id === version.id) ?? candidates[0];
}

/**
 * For each of these versions (of the member's deliberation), its current translation into
 * `language`, if one exists. Outdated translations are never returned: a ballot or a list shows
 * a translation only as the version's own words in that language.
 */
export async function currentTranslations(ctx: Pick<MemberContext, "app" | "deliberation">, versionIds: readonly string[], language: Language): Promise<Map<string, TranslationView>> {
  const db = ctx.app.db;
  const versions = (await listVersionTexts(db, ctx.deliberation.id, versionIds)).filter((v) => v.language !== language);
  const out = new Map<string, TranslationView>();
  if (versions.length === 0) return out;
  const rows = await listTranslationsOfProposals(db, ctx.deliberation.id, [...new Set(versions.map((v) => v.proposal_id))], language);
  for (const v of versions) {
    const row = currentFor(v, rows);
    if (row) out.set(v.id, toView(ctx.deliberation.attributionMode, row));
  }
  return out;
}

/** Whether the member may write translations now (their role, the phase, the deliberation not archived); the reason when not. */
function translateRefusal(ctx: MemberContext): (() => never) | null {
  if (ctx.membership.role === "observer") return () => refuse(403, "errors.observersReadOnly");
  if (ctx.deliberation.archived) return () => refuse(409, "lifecycle.archivedRefusal");
  const phase = ctx.round?.phase ?? null;
  if (phase === null) return () => refuse(409, "versionTranslations.errors.noRound");
  if (!TRANSLATION_PHASES.includes(phase)) {
    const allowed = TRANSLATION_PHASES.map((p) => t(`phases.${p}.name`)).join(t("common.or"));
    return () => refuse(409, "versionTranslations.errors.wrongPhase", { params: { phase: t(`phases.${phase}.name`), allowed } });
  }
  return null;
}

/** Refuse (403 for observers, 409 outside proposing and discussing or when archived) a member who may not write translations now. */
export function requireTranslator(ctx: MemberContext): void {
  translateRefusal(ctx)?.();
}

export interface TranslationStatus {
  language: Language;
  /** current for the latest version; otherwise outdated (written for an earlier text) */
  current: boolean;
  versionNumber: number;
  translator: Translator;
  editor: Translator | null;
}

export interface ProposalTranslations {
  latestVersionId: string;
  originalLanguage: Language;
  /** per language (in the order of SUPPORTED_LANGUAGES): the current translation, or the latest outdated one */
  statuses: TranslationStatus[];
  /** the current translation into the reader's language, if any */
  forReader: TranslationView | null;
  /** the reader's language has only an outdated translation: of this version number */
  outdatedForReader: number | null;
  /** the member may write and edit translations of this proposal now */
  canWrite: boolean;
}

/** The translations of a proposal's latest version as its page shows them, for a reader of `readerLanguage`. */
export async function getProposalTranslations(ctx: MemberContext, proposalId: string, readerLanguage: Language): Promise<ProposalTranslations> {
  const db = ctx.app.db;
  const proposal = await findProposal(db, ctx.deliberation.id, proposalId);
  assertFound(proposal, "errors.proposalNotFound");
  const latest = await findLatestVersion(db, proposalId);
  assertFound(latest, "errors.proposalNotFound");
  const rows = await listTranslationsOfProposals(db, ctx.deliberation.id, [proposalId]);
  const mode = ctx.deliberation.attributionMode;
  const statuses: TranslationStatus[] = [];
  let forReader: TranslationView | null = null;
  let outdatedForReader: number | null = null;
  for (const language of SUPPORTED_LANGUAGES) {
    if (language === latest.language) continue;
    const ofLanguage = rows.filter((r) => r.language === language);
    const current = currentFor(latest, ofLanguage);
    const shown = current ?? ofLanguage[0];
    if (!shown) continue;
    const view = toView(mode, shown);
    statuses.push({ language, current: current !== undefined, versionNumber: view.versionNumber, translator: view.translator, editor: view.editor });
    if (language === readerLanguage) {
      if (current) forReader = view;
      else outdatedForReader = view.versionNumber;
    }
  }
  return {
    latestVersionId: latest.id,
    originalLanguage: languageOf(latest.language),
    statuses,
    forReader,
    outdatedForReader,
    canWrite: proposal.status === "active" && translateRefusal(ctx) === null,
  };
}

export interface TranslationWorkspace {
  proposalId: string;
  original: { versionId: string; versionNumber: number; language: Language; text: TranslatableText; sourceHash: string };
  /** the languages it may be translated into */
  languages: Language[];
  /** the language chosen, when it is one of `languages` */
  language: Language | null;
  /** what the form starts from: the current translation (to edit), or the latest outdated one (a starting point) */
  existing: { text: TranslatableText; current: boolean; versionNumber: number } | null;
}

/** What the translation form needs: the original beside each field, and what it starts from. Only for members who may write one now. */
export async function getTranslationWorkspace(ctx: MemberContext, proposalId: string, language: string | null): Promise<TranslationWorkspace> {
  requireTranslator(ctx);
  const db = ctx.app.db;
  const proposal = await findProposal(db, ctx.deliberation.id, proposalId);
  assertFound(proposal, "errors.proposalNotFound");
  assertActiveProposal(proposal);
  const latest = await findLatestVersion(db, proposalId);
  assertFound(latest, "errors.proposalNotFound");
  const languages = SUPPORTED_LANGUAGES.filter((l) => l !== latest.language);
  const chosen = languages.find((l) => l === language) ?? null;
  let existing: TranslationWorkspace["existing"] = null;
  if (chosen) {
    const rows = await listTranslationsOfProposals(db, ctx.deliberation.id, [proposalId], chosen);
    const current = currentFor(latest, rows);
    const shown = current ?? rows[0];
    if (shown) existing = { text: textOf(shown), current: current !== undefined, versionNumber: shown.version_number };
  }
  const text = textOf(latest);
  return {
    proposalId,
    original: { versionId: latest.id, versionNumber: latest.version_number, language: languageOf(latest.language), text, sourceHash: sourceHash(latest.language, text) },
    languages,
    language: chosen,
    existing,
  };
}

/**
 * Write or edit the translation of a proposal's latest version into one language. Refused: for
 * observers (403), outside proposing and discussing or when archived (409), for a withdrawn or
 * merged proposal (409), into the original's own language (400), when the red line changed since
 * the form was opened (409, the form keeps what was typed), and — field by field, nothing
 * written — when a part the original has is left empty or its numbers, units, dates or
 * comparisons differ from the original's (400). `uiLanguage` formats the numbers in those messages.
 */
export async function saveTranslation(ctx: MemberContext, proposalId: string, input: TranslationInput, options: { uiLanguage?: Language } = {}): Promise<{ created: boolean }> {
  requireTranslator(ctx);
  const uiLanguage = options.uiLanguage ?? DEFAULT_LANGUAGE;
  return ctx.app.db.transaction().execute(async (tx) => {
    const proposal = await findProposal(tx, ctx.deliberation.id, proposalId);
    assertFound(proposal, "errors.proposalNotFound");
    assertActiveProposal(proposal);
    const latest = await findLatestVersion(tx, proposalId);
    assertFound(latest, "errors.proposalNotFound");
    const originalLanguage = languageOf(latest.language);
    if (input.language === originalLanguage) {
      refuseFields({ language: [t("versionTranslations.validation.sameLanguage", { language: t(`versionTranslations.languageNames.${originalLanguage}`) })] });
    }
    const original = textOf(latest);
    if (input.versionId !== latest.id || input.sourceHash !== sourceHash(latest.language, original)) {
      refuse(409, "versionTranslations.errors.changedMeanwhile", { params: { n: latest.version_number }, fieldErrors: {} });
    }
    // a part the original leaves empty stays empty in every language
    const translation = Object.fromEntries(TRANSLATABLE_FIELDS.map((f) => [f, original[f].trim() === "" ? "" : input[f]])) as TranslatableText;
    const errors: FieldErrors = {};
    for (const f of TRANSLATABLE_FIELDS) if (original[f].trim() !== "" && translation[f].trim() === "") errors[f] = [t("versionTranslations.validation.required")];
    const drift = checkDrift(original, originalLanguage, translation, input.language);
    for (const f of TRANSLATABLE_FIELDS) {
      const d = drift[f];
      if (d && !errors[f]) errors[f] = [driftMessage(d, uiLanguage)];
    }
    if (Object.keys(errors).length > 0) refuseFields(errors);
    const existing = await findTranslation(tx, ctx.deliberation.id, latest.id, input.language);
    await upsertTranslation(tx, {
      id: newId(),
      deliberation_id: ctx.deliberation.id,
      proposal_id: proposalId,
      version_id: latest.id,
      language: input.language,
      source_hash: sourceHash(latest.language, original),
      membership_id: ctx.membership.id,
      at: ctx.app.clock.now().toISOString(),
      ...columnsOf(translation),
    });
    return { created: existing === undefined };
  });
}
