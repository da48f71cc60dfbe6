import type { Glossary } from "./terms";

/** Spanish glossary: the domain terms of Accord, as neutral international (United Nations) Spanish names them. */
export const glossary: Glossary = {
  redLine: {
    translation: "línea roja",
    accept: "l[íi]neas? rojas?",
    note: "The usual term in Spanish AI-governance texts (“líneas rojas para la IA”). Always the noun phrase; never “límite rojo” or “raya roja”.",
  },
  indicator: {
    translation: "indicador",
    accept: "indicador(es)?",
    note: "What is measured. “Indicador” as in the UN’s statistical usage; avoid “métrica” (a different thing) and “medidor”.",
  },
  threshold: {
    translation: "umbral",
    accept: "umbral(es)?",
    note: "The value (and unit) at which the red line is crossed; also the thresholds that codify consensus. Avoid “límite”, which is used for the red line itself.",
  },
  commitment: {
    translation: "compromiso condicional",
    accept: "compromisos? condicional(es)?",
    note: "Translates “if-then commitment”; the form fields spell out its parts as “Si (desencadenante)” and “Entonces (respuesta obligatoria)”. Avoid the calque “compromiso si-entonces”.",
  },
  crux: {
    translation: "punto de discordia",
    accept: "puntos? de discordia",
    note: "A statement on which the stakeholder groups split. “Punto de discordia” is plain and usual; avoid leaving “crux” in English or “quid”, which means the essence, not a disagreement.",
  },
  round: {
    translation: "ronda",
    accept: "rondas?",
    note: "A Delphi round (“ronda Delphi”), as in “ronda de votación”. Not “vuelta”, which suggests an election’s second ballot.",
  },
  proposal: {
    translation: "propuesta",
    accept: "propuestas?",
    note: "A red line submitted by a participant. Feminine: agreements such as “retirada”, “fusionada”, “activa” follow it.",
  },
  stakeholderGroup: {
    translation: "grupo de partes interesadas",
    accept: "grupos? de partes interesadas",
    note: "The UN term for stakeholders is “partes interesadas” (“enfoque de múltiples partes interesadas”). Avoid the anglicism “stakeholders” and “grupo de interés” (a lobby).",
  },
  facilitator: {
    translation: "facilitador",
    accept: "facilitador(a|es|as)?",
    note: "As in UN processes (“facilitadores”, “cofacilitadores”). The generic masculine is used for the role, as in UN documents; prefer neutral rewording (“quien”, “la persona”) where it reads naturally.",
  },
  participant: {
    translation: "participante",
    accept: "participantes?",
    note: "Gender-neutral in Spanish. Also the role name (“Participante”).",
    exceptions: {
      "polisFormat.noCommentColumns": "The English word is only part of the file name participants-votes.csv (or participants.csv), kept as is.",
      "polisFormat.noVotesFile": "The English word is only part of the file name participants-votes.csv (or participants.csv), kept as is.",
      "importPolis.participantsVotes": "The English word is only part of the file name participants-votes.csv (or participants.csv), kept as is.",
      "importPolis.filesHint": "The English word is only part of the file name participants-votes.csv (or participants.csv), kept as is.",
      "importPolis.missingVotes": "The English word is only part of the file name participants-votes.csv (or participants.csv), kept as is.",
      "report.errors.unknownFile": "The English word is only part of the file name participants-votes.csv (or participants.csv), kept as is.",
      "errors.unknownExport": "The English word is only part of the file name participants-votes.csv (or participants.csv), kept as is.",
    },
  },
  observer: {
    translation: "observador",
    accept: "observador(a|es|as)?",
    note: "The UN usage (“en calidad de observador”). Reads, never writes.",
  },
  deliberation: {
    translation: "deliberación",
    accept: "deliberaci(ó|o)n(es)?",
    note: "The whole process a facilitator opens (question, rounds, members). Not “debate”, which is the name of the discussing phase.",
  },
  uncertainty: {
    translation: "incertidumbre",
    accept: "incertidumbres?",
    note: "A codification category and the report’s “principales incertidumbres”. The adjective “incierta” (a red line is uncertain) is a different word and needs no glossary form.",
  },
  chathamHouse: {
    translation: "regla de Chatham House",
    accept: "Chatham House",
    note: "UN Spanish writes “la regla de Chatham House” (lower-case “regla”). Keep “Chatham House” untranslated.",
  },
  pseudonym: {
    translation: "seudónimo",
    accept: "seud[óo]nimos?",
    note: "The RAE-preferred spelling “seudónimo”, not “pseudónimo”. Pseudonyms themselves read “Delegado 7”, “Observador 3”.",
    exceptions: {
      "layout.shownAs": "The English word is only the variable {{pseudonym}}: the member as others see them (a pseudonym, or a name under named attribution); the sentence needs no glossary term.",
      "members.confirmRemoveLabel": "The English word is only the variable {{pseudonym}}: the member as others see them (a pseudonym, or a name under named attribution); the sentence needs no glossary term.",
      "members.revokeReturnLinkLabel": "The English word is only the variable {{pseudonym}}: the member as others see them (a pseudonym, or a name under named attribution); the sentence needs no glossary term.",
      "coFacilitators.promoteLabel": "The English word is only the variable {{pseudonym}}: the member as others see them (a pseudonym, or a name under named attribution); the sentence needs no glossary term.",
      "coFacilitators.demoteLabel": "The English word is only the variable {{pseudonym}}: the member as others see them (a pseudonym, or a name under named attribution); the sentence needs no glossary term.",
      "coFacilitators.handoverLabel": "The English word is only the variable {{pseudonym}}: the member as others see them (a pseudonym, or a name under named attribution); the sentence needs no glossary term.",
    },
  },
  turnout: {
    translation: "participación",
    accept: "participaci(ó|o)n",
    note: "As in “participación electoral”: the share of members who voted. Where it could be confused with participation in general, “tasa de participación”. Avoid “afluencia” and “concurrencia”.",
    exceptions: {
      "participation.totals": "The English word is only the variable {{turnout}} (a percentage in brackets); the sentence already says “han votado”.",
    },
  },
  opinionGroup: {
    translation: "grupo de opinión",
    accept: "grupos? de opini(ó|o)n",
    note: "A latent group found from how people voted (Polis), unlike the declared stakeholder groups; never shorten it to “grupo” where the two could be confused.",
  },
};
