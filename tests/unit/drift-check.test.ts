import { describe, expect, it } from "vitest";
import type { Language } from "../../app/i18n/languages";
import { checkDrift, compareFacts, extractFacts, parseChineseNumeral, parseNumber, TRANSLATABLE_FIELDS, type TranslatableText } from "../../app/translation/drift-check";
import { driftMessage } from "../../app/translation/drift-messages";

/** The message a translator reads for one field ("" when nothing drifted). */
function verdict(original: string, from: Language, translation: string, into: Language, unitMentions = false): string {
  const drift = compareFacts(extractFacts(original, from), extractFacts(translation, into), { unitMentions });
  return drift.missing.length + drift.extra.length === 0 ? "" : driftMessage(drift, "en");
}

type Row = [original: string, from: Language, translation: string, into: Language];

/** Translations that keep every number, unit, date and comparison: notation, word order and script may change. */
const FAITHFUL: Row[] = [
  // the threshold of the brief, in every language and notation
  ["≥ 20 %", "en", "au moins 20 %", "fr"],
  ["≥ 20 %", "en", "≥ 20%", "fr"],
  ["≥ 20 %", "en", "al menos el 20 %", "es"],
  ["≥ 20 %", "en", "como mínimo el 20 por ciento", "es"],
  ["≥ 20 %", "en", "至少 20%", "zh"],
  ["≥ 20 %", "en", "不低于２０％", "zh"],
  ["≥ 20 %", "en", "ما لا يقل عن ٢٠٪", "ar"],
  ["≥ 20 %", "en", "20 % على الأقل", "ar"],
  ["a model completes 20 % or more of replication tasks", "en", "un modèle réussit 20 % ou plus des tâches de réplication", "fr"],
  ["a model completes 20 % or more of replication tasks", "en", "un modelo completa el 20 % o más de las tareas de replicación", "es"],
  ["a model completes 20 % or more of replication tasks", "en", "模型完成20%或以上的复制任务", "zh"],
  ["a model completes 20 % or more of replication tasks", "en", "يكمل النموذج 20 % أو أكثر من مهام النسخ الذاتي", "ar"],
  // percent notations
  ["20 %", "en", "20%", "fr"],
  ["20 %", "en", "20 pour cent", "fr"],
  ["20 %", "en", "２０％", "zh"],
  ["20 %", "en", "百分之二十", "zh"],
  ["20 %", "en", "٢٠٪", "ar"],
  ["20 %", "en", "20 في المائة", "ar"],
  // the deadline of the brief
  ["72 h", "en", "72 heures", "fr"],
  ["72 h", "en", "72 horas", "es"],
  ["72 h", "en", "72 小时", "zh"],
  ["72 h", "en", "72 ساعة", "ar"],
  ["notify the network within 72 hours", "en", "notifier le réseau dans un délai de 72 h", "fr"],
  ["notify the network within 72 hours", "en", "notificar a la red en un plazo de 72 horas", "es"],
  ["notify the network within 72 hours", "en", "在七十二小时内通知网络", "zh"],
  ["notify the network within 72 hours", "en", "إخطار الشبكة خلال ٧٢ ساعة", "ar"],
  // thousands and decimals in each language's notation
  ["1,000 models", "en", "1 000 modèles", "fr"],
  ["1,000 models", "en", "1.000 modelos", "es"],
  ["1,000 models", "en", "1,000 个模型", "zh"],
  ["1,000 models", "en", "١٬٠٠٠ نموذج", "ar"],
  ["20.5 %", "en", "20,5 %", "fr"],
  ["20.5 %", "en", "20,5 %", "es"],
  ["20.5 %", "en", "٢٠٫٥٪", "ar"],
  // money, scale words and comparisons
  ["losses above USD 1 million", "en", "des pertes supérieures à 1 million de dollars US", "fr"],
  ["losses above USD 1 million", "en", "pérdidas superiores a 1 millón de dólares", "es"],
  ["losses above USD 1 million", "en", "损失超过100万美元", "zh"],
  ["losses above USD 1 million", "en", "خسائر تتجاوز 1 مليون دولار أمريكي", "ar"],
  ["10 percentage points of uplift", "en", "10 points de pourcentage de gain", "fr"],
  ["10 percentage points of uplift", "en", "10 puntos porcentuales de mejora", "es"],
  ["10 percentage points of uplift", "en", "提升10个百分点", "zh"],
  ["10 percentage points of uplift", "en", "زيادة قدرها 10 نقاط مئوية", "ar"],
  ["no more than 5 days", "en", "pas plus de 5 jours", "fr"],
  ["no more than 5 days", "en", "no más de 5 días", "es"],
  ["no more than 5 days", "en", "不超过5天", "zh"],
  ["no more than 5 days", "en", "لا يزيد على 5 أيام", "ar"],
  ["training above 10^26 FLOP", "en", "un entraînement au-delà de 10²⁶ FLOP", "fr"],
  ["training above 10^26 FLOP", "en", "un entrenamiento de más de 1e26 FLOP", "es"],
  // dates
  ["by 2 December 2026", "en", "d'ici le 2 décembre 2026", "fr"],
  ["by 2 December 2026", "en", "antes del 2 de diciembre de 2026", "es"],
  ["by 2 December 2026", "en", "在2026年12月2日前", "zh"],
  ["by 2 December 2026", "en", "بحلول 2 ديسمبر 2026", "ar"],
  ["IDAIS Beijing 2024", "en", "2024年北京IDAIS", "zh"],
  // numbers in words stand for digits, and "both" is no number
  ["within 2 days", "en", "sous deux jours", "fr"],
  ["within 2 days", "en", "en dos días", "es"],
  ["within 2 days", "en", "两天内", "zh"],
  ["within 2 days", "en", "خلال يومين", "ar"],
  ["both groups agree", "en", "les deux groupes sont d'accord", "fr"],
  // originals in other languages
  ["au moins 20 % des tâches, notification sous 72 heures", "fr", "at least 20 % of tasks, notice within 72 h", "en"],
  ["au moins 20 % des tâches, notification sous 72 heures", "fr", "al menos el 20 % de las tareas, aviso en 72 horas", "es"],
  ["1.000 modelos o más", "es", "1,000 models or more", "en"],
  ["不低于２０％，72小时内通报", "zh", "no less than 20 %, reported within 72 hours", "en"],
  ["٧٢ ساعة و٢٠٪ على الأقل", "ar", "72 hours and at least 20 %", "en"],
  ["٧٢ ساعة و٢٠٪ على الأقل", "ar", "72 heures et au moins 20 %", "fr"],
];

/** Translations that change what the original says: each refused, with the sentence the translator reads. */
const DRIFTING: [...Row, message: string][] = [
  ["≥ 20 %", "en", "2 %", "fr", "The original says ≥ 20 %; this translation says 2 %."],
  ["≥ 20 %", "en", "au moins 2 %", "fr", "The original says ≥ 20 %; this translation says ≥ 2 %."],
  ["≥ 20 %", "en", "al menos 20", "es", "The original says ≥ 20 %; this translation says ≥ 20."],
  ["≥ 20 %", "en", "超过20%", "zh", "The original says ≥ 20 %; this translation says > 20 %."],
  ["≥ 20 %", "en", "٢٠٪", "ar", "The original says ≥ 20 %; this translation says 20 %."],
  ["20 %", "en", "２％", "zh", "The original says 20 %; this translation says 2 %."],
  ["72 h", "en", "48 heures", "fr", "The original says 72 h; this translation says 48 h."],
  ["72 h", "en", "72 días", "es", "The original says 72 h; this translation says 72 days."],
  ["72 h", "en", "72天", "zh", "The original says 72 h; this translation says 72 days."],
  ["72 h", "en", "72 يومًا", "ar", "The original says 72 h; this translation says 72 days."],
  ["72 h", "en", "72", "fr", "The original says 72 h; this translation says 72."],
  ["notify the network within 72 hours", "en", "informer le réseau sans délai", "fr", "The original says 72 h; this translation does not."],
  ["halt deployment", "en", "detener el despliegue en 24 horas", "es", "This translation says 24 h; the original does not."],
  ["10 percentage points of uplift", "en", "un gain de 10 %", "fr", "The original says 10 percentage points; this translation says 10 %."],
  ["losses above USD 1 million", "en", "pérdidas superiores a 1.000 dólares", "es", "The original says > USD 1,000,000; this translation says > USD 1,000."],
  ["no more than 5 days", "en", "少于5天", "zh", "The original says ≤ 5 days; this translation says < 5 days."],
  ["by 2 December 2026", "en", "d'ici le 2 novembre 2026", "fr", "The original says December 2, 2026; this translation says November 2, 2026."],
  ["within 2 days", "en", "خلال 3 أيام", "ar", "The original says 2 days; this translation says 3 days."],
  ["au moins 20 %", "fr", "more than 20 %", "en", "The original says ≥ 20 %; this translation says > 20 %."],
  ["72小时", "zh", "72 days", "en", "The original says 72 h; this translation says 72 days."],
  ["٢٠٪", "ar", "2 %", "en", "The original says 20 %; this translation says 2 %."],
  ["1.000 modelos", "es", "100 models", "en", "The original says 1,000; this translation says 100."],
];

describe("the drift check's table of translations", () => {
  it.each(FAITHFUL)("accepts %j (%s) as %j (%s)", (original, from, translation, into) => {
    expect(verdict(original, from, translation, into)).toBe("");
  });

  it.each(DRIFTING)("refuses %j (%s) as %j (%s): %s", (original, from, translation, into, message) => {
    expect(verdict(original, from, translation, into)).toBe(message);
  });

  it("covers every language as a translation and as an original", () => {
    const rows = [...FAITHFUL, ...DRIFTING];
    for (const language of ["en", "fr", "es", "zh", "ar"] as const) {
      expect(rows.some((r) => r[1] === language), `original in ${language}`).toBe(true);
      expect(rows.some((r) => r[3] === language), `translation into ${language}`).toBe(true);
      expect(DRIFTING.some((r) => r[3] === language), `a drifting translation into ${language}`).toBe(true);
    }
  });
});

describe("reading the facts of a text", () => {
  it("reads a number in any grouping, with the readings it can have", () => {
    expect(parseNumber("20", "en")).toEqual([20]);
    expect(parseNumber("20.5", "en")).toEqual([20.5]);
    expect(parseNumber("20,5", "fr")).toEqual([20.5]);
    expect(parseNumber("1,000", "en")).toEqual([1000, 1]);
    expect(parseNumber("1,000", "fr")).toEqual([1, 1000]);
    expect(parseNumber("1.000", "es")).toEqual([1000, 1]);
    expect(parseNumber("1 000", "fr")).toEqual([1000]);
    expect(parseNumber("1,000,000.5", "en")).toEqual([1000000.5]);
    expect(parseNumber("1.000.000,5", "es")).toEqual([1000000.5]);
    expect(parseNumber("0,250", "fr")).toEqual([0.25]);
  });

  it("reads Chinese numerals", () => {
    expect(parseChineseNumeral("七十二")).toBe(72);
    expect(parseChineseNumeral("二十")).toBe(20);
    expect(parseChineseNumeral("一百零五")).toBe(105);
    expect(parseChineseNumeral("两千万")).toBe(20_000_000);
    expect(parseChineseNumeral("模型")).toBeNull();
  });

  it("keeps the words as written, each fact once, in the order of the text", () => {
    const facts = extractFacts("Halt within 72 h if at least ２０％ of tasks succeed, by 2 December 2026.", "en");
    expect(facts.map((f) => [f.kind, f.text])).toEqual([
      ["quantity", "72 h"],
      ["quantity", "at least ２０％"],
      ["date", "2 December 2026"],
    ]);
  });

  it("does not take a year for a quantity bounded by 'until'", () => {
    expect(verdict("until 2030", "en", "hasta 2030", "es")).toBe("");
    expect(verdict("by 2030", "en", "حتى 2030", "ar")).toBe("");
  });

  it("gives an operator followed by a number to that number", () => {
    const facts = extractFacts("72 h, at least 3 copies", "en");
    expect(facts.map((f) => (f.kind === "quantity" ? `${f.operator ?? ""}${f.values[0]}${f.unit ? ` ${f.unit}` : ""}` : ""))).toEqual(["72 hour", "≥3"]);
  });
});

describe("a version's text, field by field", () => {
  const original: TranslatableText = {
    title: "No copying itself onto new machines",
    statement: "AI systems must not copy their own weights without approval.",
    rationale: "Scientists at IDAIS Beijing 2024 placed replication first.",
    indicator: "Share of tasks completed on a replication suite",
    thresholdValue: "20",
    thresholdUnit: "% of tasks",
    trigger: "a model completes 20 % or more of tasks",
    response: "Halt training and notify the network within 72 hours.",
  };
  const french: TranslatableText = {
    title: "Pas de copie de soi-même sur de nouvelles machines",
    statement: "Les systèmes d'IA ne doivent pas copier leurs propres poids sans autorisation.",
    rationale: "Les scientifiques réunis à l'IDAIS de Pékin en 2024 ont placé la réplication en tête.",
    indicator: "Part des tâches accomplies sur une suite d'évaluation de la réplication",
    thresholdValue: "20",
    thresholdUnit: "% des tâches",
    trigger: "un modèle accomplit au moins 20 % des tâches",
    response: "Arrêter l'entraînement et prévenir le réseau dans les 72 heures.",
  };

  it("finds nothing in a faithful translation", () => {
    expect(checkDrift(original, "en", french, "fr")).toEqual({});
  });

  it("names only the fields that drifted, each with what differs", () => {
    const drifted = { ...french, thresholdUnit: "des tâches", trigger: "un modèle accomplit plus de 20 % des tâches", response: "Arrêter l'entraînement et prévenir le réseau dans les 48 heures." };
    const drift = checkDrift(original, "en", drifted, "fr");
    expect(Object.keys(drift).sort()).toEqual(["response", "thresholdUnit", "trigger"]);
    expect(driftMessage(drift.thresholdUnit!, "en")).toBe("The original says %; this translation does not.");
    expect(driftMessage(drift.trigger!, "en")).toBe("The original says ≥ 20 %; this translation says > 20 %.");
    expect(driftMessage(drift.response!, "en")).toBe("The original says 72 h; this translation says 48 h.");
  });

  it("checks every translatable field", () => {
    for (const field of TRANSLATABLE_FIELDS) {
      const drift = checkDrift({ ...original, [field]: "7 days" }, "en", { ...french, [field]: "8 jours" }, "fr");
      expect(Object.keys(drift), field).toEqual([field]);
    }
  });
});
