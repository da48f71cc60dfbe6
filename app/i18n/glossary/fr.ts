import type { Glossary } from "./terms";

/** French glossary: the domain terms of app/i18n/locales/fr.ts, translated the same way everywhere. */
export const glossary: Glossary = {
  redLine: {
    translation: "ligne rouge",
    accept: "lignes? rouges?",
    note: "The established term in French AI-governance texts (« lignes rouges pour l’IA », Appel mondial pour des lignes rouges de l’IA). Never « limite rouge » or « interdit » on its own; « limite » may explain the term, not replace it.",
  },
  indicator: {
    translation: "indicateur",
    accept: "indicateurs?",
    note: "What is measured. Avoid « métrique » (an anglicism) and « mesure », which also means a policy measure.",
  },
  threshold: {
    translation: "seuil",
    accept: "seuils?",
    note: "Both the value in a red line and the consensus thresholds of the results. A threshold is « franchi », not « dépassé » when speaking of a red line.",
  },
  commitment: {
    translation: "engagement conditionnel",
    accept: "engagements? conditionnels?",
    note: "The if-then commitment; its two parts are « Si (déclencheur) » and « Alors (réponse exigée) ». Where space is short, « Si… alors » may label the pair, but a sentence names the whole « engagement conditionnel »; avoid the calque « engagement si-alors ».",
  },
  crux: {
    translation: "point de discorde",
    accept: "points? de discorde",
    note: "A red line on which stakeholder groups clearly split. « Désaccord » names the result category; « point de discorde » names the item. Avoid « crux » and « nœud » (unclear to citizens).",
  },
  round: {
    translation: "tour",
    accept: "\\btours?\\b",
    note: "A Delphi round of proposing, discussing and voting (« tour de vote », « méthode Delphi en plusieurs tours »). Avoid « round » and « manche ». A round is « ouvert », « clos » (adjective) and « clôturé » by the facilitator.",
  },
  proposal: {
    translation: "proposition",
    accept: "propositions?",
    note: "A red line as submitted by a participant. Not « motion » or « amendement » (an amendment is the co-drafted change to a statement).",
  },
  stakeholderGroup: {
    translation: "groupe de parties prenantes",
    accept: "groupes? de parties prenantes",
    note: "As in United Nations French texts (« parties prenantes », « approche multipartite »). Say it in full at least once per sentence; a bare « groupe » may follow. Never « stakeholders » or « acteurs ».",
  },
  facilitator: {
    translation: "animateur",
    accept: "(co)?animat(eur|rice)s?",
    note: "The usual French word for the person who runs a deliberative session (« animateur de débat »); « facilitateur » is an anglicism many readers find unclear. Masculine generic, as the rest of the interface; a co-facilitator is a « coanimateur ».",
  },
  participant: {
    translation: "participant",
    accept: "participant(e)?s?",
    note: "A member who proposes, comments and votes (the role). Keep « participant » where the role is meant; « personne » only where any member is meant.",
  },
  observer: {
    translation: "observateur",
    accept: "observat(eur|rice)s?",
    note: "A member who may read but not act. Masculine generic, as for the other roles.",
  },
  deliberation: {
    translation: "délibération",
    accept: "délibérations?",
    note: "One process with its own question, members and rounds. Not « débat » or « consultation », which name other processes.",
  },
  uncertainty: {
    translation: "incertitude",
    accept: "incertitudes?",
    note: "The result category where many abstain, confidence is low or intervals are wide; the short label may be the adjective « Incertain ». Not « doute ».",
  },
  chathamHouse: {
    translation: "règle de Chatham House",
    accept: "Chatham House",
    note: "As in UN French documents: « la règle de Chatham House », feminine, the name left in English. The short mode name is « Chatham House ».",
  },
  pseudonym: {
    translation: "pseudonyme",
    accept: "pseudonymes?",
    note: "The name such as « Délégué 7 » under which a member appears. Not « alias » or « nom d’emprunt ».",
    exceptions: {
      "members.confirmRemoveLabel": "The English word is only the variable {{pseudonym}}, i.e. the member's displayed name, not the term.",
      "members.revokeReturnLinkLabel": "The English word is only the variable {{pseudonym}}, i.e. the member's displayed name, not the term.",
      "coFacilitators.promoteLabel": "The English word is only the variable {{pseudonym}}, i.e. the member's displayed name, not the term.",
      "coFacilitators.demoteLabel": "The English word is only the variable {{pseudonym}}, i.e. the member's displayed name, not the term.",
      "coFacilitators.handoverLabel": "The English word is only the variable {{pseudonym}}, i.e. the member's displayed name, not the term.",
    },
  },
  turnout: {
    translation: "participation",
    accept: "participation",
    note: "Share of members who voted (« taux de participation »). Not « affluence » or « turnout ».",
  },
  opinionGroup: {
    translation: "groupe d’opinion",
    accept: "groupes? d[’']opinion",
    note: "A cluster found from how people voted (as in Polis), distinct from the declared groupe de parties prenantes. Not « cluster » or « tendance ».",
  },
};
