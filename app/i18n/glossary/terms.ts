/**
 * The domain terms every language must translate the same way everywhere (its glossary file,
 * app/i18n/glossary/<language>.ts, says how). `match` finds the term in an English string;
 * tests/unit/i18n-locales.test.ts then requires the translation of that string to contain the
 * language's accepted form.
 */
export const GLOSSARY_TERMS = {
  redLine: { en: "red line", match: "\\bred lines?\\b" },
  indicator: { en: "indicator", match: "\\bindicators?\\b" },
  threshold: { en: "threshold", match: "\\bthresholds?\\b" },
  commitment: { en: "if-then commitment", match: "\\bif-then commitments?\\b" },
  crux: { en: "crux", match: "\\bcrux(es)?\\b" },
  round: { en: "round (of voting, Delphi)", match: "\\brounds?\\b" },
  proposal: { en: "proposal", match: "\\bproposals?\\b" },
  stakeholderGroup: { en: "stakeholder group", match: "\\bstakeholder groups?\\b" },
  facilitator: { en: "facilitator", match: "\\bfacilitators?\\b" },
  participant: { en: "participant", match: "\\bparticipants?\\b" },
  observer: { en: "observer", match: "\\bobservers?\\b" },
  deliberation: { en: "deliberation", match: "\\bdeliberations?\\b" },
  uncertainty: { en: "uncertainty", match: "\\buncertaint(y|ies)\\b" },
  chathamHouse: { en: "Chatham House Rule", match: "\\bChatham House\\b" },
  pseudonym: { en: "pseudonym", match: "\\bpseudonyms?\\b" },
  turnout: { en: "turnout", match: "\\bturnout\\b" },
  opinionGroup: { en: "opinion group", match: "\\bopinion groups?\\b" },
} as const;

export type GlossaryTerm = keyof typeof GLOSSARY_TERMS;

export interface GlossaryEntry {
  /** the preferred translation, as a person reads it in the glossary */
  translation: string;
  /** a regular expression (source, matched case-insensitively) that every translation of a string using the term must match: its grammatical forms */
  accept: string;
  /** usage note for translators: register, why this term, what to avoid */
  note: string;
  /** keys (dotted paths) where the English word is not the domain term, each with the reason */
  exceptions?: Record<string, string>;
}

/** A language's glossary: one entry per domain term. */
export type Glossary = Record<GlossaryTerm, GlossaryEntry>;
