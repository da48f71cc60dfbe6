/**
 * Numbers and units cannot drift (docs/decisions/053). Pure: no I/O, no framework, deterministic.
 *
 * `extractFacts` reads from a text what a translation must keep exactly: quantities (a value in any
 * common notation, with its unit and comparison operator), dates, and — in a threshold's unit
 * field — the units it names. `compareFacts` pairs the facts of an original with those of a
 * translation; what is left over on either side is drift. Notation is free ("20 %", "20%",
 * "２０％", "٢٠٪", "20 percent", "20 pour cent" are one fact); values, units and operators are not.
 *
 * Numbers spelled out in words ("two", "deux", "七十二", Arabic dual nouns) are *soft*: they may
 * stand for a number the other text writes in digits, but a soft fact left unmatched is not drift,
 * since words such as "les deux" (both) are not quantities.
 */
import type { Language } from "../i18n/languages";

export type Unit =
  | "percent"
  | "percentage_point"
  | "second"
  | "minute"
  | "hour"
  | "day"
  | "week"
  | "month"
  | "year"
  | "flop"
  | "times"
  | "usd"
  | "eur"
  | "gbp";

export type Operator = "≥" | ">" | "≤" | "<" | "≈";

interface Span {
  /** the words of the text it was read from, as written */
  text: string;
  start: number;
  end: number;
}

export interface Quantity extends Span {
  kind: "quantity";
  /** what the number can mean ("1,000" is a thousand in English notation, one in French): most likely first */
  values: number[];
  unit: Unit | null;
  operator: Operator | null;
  /** spelled out in words: may match a number in digits, and is not drift when it matches nothing */
  soft: boolean;
}

export interface DateFact extends Span {
  kind: "date";
  year: number | null;
  month: number;
  day: number | null;
}

/** A unit named without a number (in a threshold's unit field the value stands in another field). */
export interface UnitMention extends Span {
  kind: "unit";
  unit: Unit;
}

export type Fact = Quantity | DateFact | UnitMention;

// ------------------------------------------------------------------------------ normalisation

const SUPERSCRIPTS = "⁰¹²³⁴⁵⁶⁷⁸⁹";

/** One character for one: the same length, so positions in the normalised text are positions in the original. */
function normaliseChar(c: string): string {
  const code = c.charCodeAt(0);
  if (code >= 0xff10 && code <= 0xff19) return String(code - 0xff10); // full-width digits
  if (code >= 0x0660 && code <= 0x0669) return String(code - 0x0660); // Arabic-Indic digits
  if (code >= 0x06f0 && code <= 0x06f9) return String(code - 0x06f0); // Extended Arabic-Indic (Persian, Urdu)
  switch (c) {
    case "％":
    case "٪":
    case "﹪":
      return "%";
    case "٫": // Arabic decimal separator
    case "．":
      return ".";
    case "٬": // Arabic thousands separator
      return ",";
    case "＞":
      return ">";
    case "＜":
      return "<";
    case "＝":
      return "=";
    case "≧":
    case "⩾":
      return "≥";
    case "≦":
    case "⩽":
      return "≤";
    case "＄":
      return "$";
    case "−":
      return "-";
    case "\u00a0":
    case "\u202f":
    case "\u2009":
    case "\u2007":
    case "\u3000":
    case "\u200e":
    case "\u200f":
    case "\u061c":
    case "\u202a":
    case "\u202b":
    case "\u202c":
    case "\u202d":
    case "\u202e":
    case "\u2066":
    case "\u2067":
    case "\u2068":
    case "\u2069":
      return " ";
    default:
      return c;
  }
}

function normalise(text: string): string {
  let out = "";
  for (let i = 0; i < text.length; i++) out += normaliseChar(text[i]!);
  return out;
}

// ------------------------------------------------------------------------------ lexicons

/** A lexicon entry: a regular expression source, and whether it is a word that needs a boundary on its letter sides. */
interface Entry<T> {
  source: string;
  value: T;
  /** Latin or Arabic words: not part of a longer word (CJK and symbols need no boundary) */
  word: boolean;
  /** may name a unit standing alone in a threshold's unit field */
  standalone?: boolean;
  /** matched as written (an abbreviation such as "M" for million) */
  caseSensitive?: boolean;
}

const w = <const T extends string>(value: T, sources: string[], options: Partial<Entry<T>> = {}): Entry<T>[] => sources.map((source) => ({ source, value, word: true, standalone: true, ...options }));
const sym = <const T extends string>(value: T, sources: string[], options: Partial<Entry<T>> = {}): Entry<T>[] => sources.map((source) => ({ source, value, word: false, standalone: true, ...options }));

/** Units after a number, in the five languages; longer forms first where one starts another. */
const UNITS: Entry<Unit>[] = [
  ...w("percentage_point", ["percentage[ -]points?", "points? de pourcentage", "points? de pour ?cent", "puntos? porcentuales?", "نقاط مئوية", "نقطة مئوية", "نقطتين مئويتين"]),
  ...w("percentage_point", ["pp", "p\\.p\\."], { standalone: false }),
  ...sym("percentage_point", ["个?百分点"]),
  ...sym("percent", ["%"]),
  ...w("percent", ["percent", "per ?cent", "pour ?cent", "por ?ciento", "por cien", "في المائة", "في المئة", "بالمائة", "بالمئة"]),
  ...w("hour", ["hours?", "heures?", "horas?", "ساعات", "ساعة", "ساعه"]),
  ...w("hour", ["hrs?", "h"], { standalone: false }),
  ...sym("hour", ["个?小时", "個?小時", "个?钟头"]),
  ...w("minute", ["minutes?", "minutos?", "دقائق", "دقيقة"]),
  ...w("minute", ["mins?"], { standalone: false }),
  ...sym("minute", ["分钟", "分鐘"]),
  // "second" is also an ordinal: named alone it is no unit
  ...w("second", ["seconds?", "secs?", "secondes?", "segundos?", "ثوان", "ثواني", "ثانية"], { standalone: false }),
  ...sym("second", ["秒钟?"], { standalone: false }),
  ...w("day", ["days?", "jours?", "journées?", "días?", "dias?", "أيام", "يوما", "يومًا", "يوم"]),
  ...sym("day", ["天", "日"], { standalone: false }),
  ...w("week", ["weeks?", "semaines?", "semanas?", "أسابيع", "أسبوعا", "أسبوعًا", "أسبوع"]),
  ...sym("week", ["个?星期", "个?礼拜", "周"], { standalone: false }),
  ...w("month", ["months?", "mois", "meses", "أشهر", "شهور", "شهرا", "شهرًا", "شهر"]),
  ...w("month", ["mes"], { standalone: false }),
  ...sym("month", ["个月", "個月"]),
  ...w("year", ["years?", "années?", "años?", "سنوات", "سنين", "سنة", "أعوام", "عاما", "عامًا", "عام"]),
  ...w("year", ["yrs?", "ans?"], { standalone: false }),
  ...sym("year", ["年"], { standalone: false }),
  ...w("flop", ["FLOP/?s", "FLOPS?", "opérations en virgule flottante", "operaciones de (?:coma|punto) flotante", "عملية فاصلة عائمة"]),
  ...sym("flop", ["次?浮点运算"]),
  ...sym("times", ["×", "x(?![\\p{L}\\p{N}])", "倍"], { standalone: false }),
  ...w("times", ["times", "fois", "veces", "أضعاف", "ضعفا", "مرات", "مرة"], { standalone: false }),
  ...w("usd", ["USD", "US ?dollars?", "dollars? (?:US|américains?|des États-Unis)", "dollars?", "dólares? (?:estadounidenses|de (?:los )?EE\\.? ?UU\\.?)", "dólares?", "دولار أمريكي", "دولارات أمريكية", "دولارات", "دولار"]),
  ...sym("usd", ["US\\$", "\\$", "美元"]),
  ...w("eur", ["EUR", "euros?", "يورو"]),
  ...sym("eur", ["€", "欧元"]),
  ...w("gbp", ["GBP", "pounds? sterling", "livres? sterling", "libras? esterlinas?", "جنيه إسترليني"]),
  ...sym("gbp", ["£", "英镑"]),
];

/** Currencies and the percent of Chinese ("百分之二十") may stand before the number. */
const PREFIX_UNITS: Entry<Unit>[] = [
  ...w("usd", ["USD", "US ?dollars?"]),
  ...sym("usd", ["US\\$", "\\$"]),
  ...w("eur", ["EUR"]),
  ...sym("eur", ["€"]),
  ...w("gbp", ["GBP"]),
  ...sym("gbp", ["£"]),
  ...sym("percent", ["百分之"]),
];

/** Comparison operators standing before a number; longer phrases first ("no more than" before "more than"). */
const PRE_OPERATORS: Entry<Operator>[] = [
  ...sym("≥", ["≥", ">=", "=>"]),
  ...sym("≤", ["≤", "<=", "=<"]),
  ...sym(">", [">"]),
  ...sym("<", ["<"]),
  ...sym("≈", ["≈", "~", "∼"]),
  // English
  ...w("≥", ["at least", "no less than", "not less than", "no fewer than", "not fewer than", "a minimum of", "minimum of", "reaches or exceeds", "reach or exceed", "greater than or equal to", "equal to or greater than", "equal to or more than"]),
  ...w("≤", ["at most", "no more than", "not more than", "no greater than", "not greater than", "a maximum of", "maximum of", "up to", "less than or equal to", "equal to or less than"]),
  ...w(">", ["more than", "greater than", "higher than", "larger than", "over", "above", "exceeds?", "exceeding", "in excess of", "beyond"]),
  ...w("<", ["less than", "fewer than", "lower than", "smaller than", "below", "under"]),
  ...w("≈", ["about", "around", "approximately", "roughly", "circa", "ca\\.", "some"], { standalone: false }),
  // French
  ...w("≥", ["au moins", "au minimum", "pas moins de", "atteint ou dépasse", "atteignent ou dépassent", "supérieur(?:e|s|es)? ou égal(?:e|s|es)? à", "égal(?:e|s|es)? ou supérieur(?:e|s|es)? à", "un minimum de"]),
  ...w("≤", ["au plus", "au maximum", "pas plus de", "jusqu['’]à", "inférieur(?:e|s|es)? ou égal(?:e|s|es)? à", "égal(?:e|s|es)? ou inférieur(?:e|s|es)? à", "un maximum de"]),
  ...w(">", ["plus de", "plus que", "supérieur(?:e|s|es)? à", "au[- ]delà de", "dépasse", "dépassent", "dépassant", "excède", "excèdent"]),
  ...w("<", ["moins de", "moins que", "inférieur(?:e|s|es)? à", "en dessous de", "en deçà de"]),
  ...w("≈", ["environ", "approximativement", "à peu près", "près de"]),
  // Spanish
  ...w("≥", ["al menos", "como mínimo", "por lo menos", "no menos de", "un mínimo de", "alcanza o supera", "alcanzan o superan", "mayor o igual (?:a|que)", "igual o (?:superior|mayor) (?:a|al|que)"]),
  ...w("≤", ["como máximo", "a lo sumo", "no más de", "no más del", "hasta", "un máximo de", "menor o igual (?:a|que)", "igual o (?:inferior|menor) (?:a|al|que)"]),
  ...w(">", ["más de", "más del", "más que", "mayor (?:a|que|de)", "superior a", "superior al", "superiores a", "por encima de", "por encima del", "supera", "superan", "excede", "exceden"]),
  ...w("<", ["menos de", "menos del", "menos que", "menor (?:a|que|de)", "inferior a", "inferior al", "inferiores a", "por debajo de", "por debajo del"]),
  ...w("≈", ["aproximadamente", "alrededor de", "alrededor del", "cerca de", "cerca del", "en torno a", "en torno al"]),
  // Chinese
  ...sym("≥", ["至少", "不低于", "不少于", "不小于", "大于或等于", "大于等于", "达到或超过", "最少"]),
  ...sym("≤", ["至多", "最多", "不超过", "不高于", "不多于", "不大于", "小于或等于", "小于等于"]),
  ...sym(">", ["超过", "超出", "多于", "大于", "高于"]),
  ...sym("<", ["少于", "低于", "小于", "不到", "不足"]),
  ...sym("≈", ["约", "大约", "大概", "约为"]),
  // Arabic (no boundary: a conjunction or preposition may be written onto the word)
  ...sym("≥", ["على الأقل", "ما لا يقل عن", "لا يقل عن", "لا تقل عن", "لا يقلّ عن", "يبلغ أو يتجاوز", "تبلغ أو تتجاوز", "أكبر من أو يساوي", "كحد أدنى"]),
  ...sym("≤", ["على الأكثر", "ما لا يزيد على", "ما لا يزيد عن", "لا يزيد على", "لا يزيد عن", "لا تزيد على", "لا تزيد عن", "لا يتجاوز", "لا تتجاوز", "بحد أقصى", "كحد أقصى", "حتى"]),
  ...sym(">", ["أكثر من", "يتجاوز", "تتجاوز", "يزيد على", "يزيد عن", "تزيد على", "تزيد عن", "أعلى من", "أكبر من", "فوق"]),
  ...sym("<", ["أقل من", "أدنى من", "دون"]),
  ...sym("≈", ["حوالي", "حوالى", "نحو", "قرابة", "زهاء"]),
];

/** Comparison operators after the number and its unit ("20 % or more", "20%或以上", "20 % أو أكثر"). */
const POST_OPERATORS: Entry<Operator>[] = [
  ...w("≥", ["or more", "or above", "or higher", "or greater", "and above", "and over", "or over", "at least", "ou plus", "ou davantage", "et plus", "au moins", "au minimum", "o más", "o superior", "o mayor", "y más", "como mínimo", "por lo menos"]),
  ...w("≤", ["or less", "or fewer", "or below", "or lower", "at most", "ou moins", "au plus", "au maximum", "o menos", "o inferior", "o menor", "como máximo"]),
  ...w("≈", ["or so", "environ"]),
  ...sym("≥", ["或以上", "及以上", "以上", "或更多", "或更高", "أو أكثر", "فأكثر", "على الأقل", "كحد أدنى"]),
  ...sym("≤", ["或以下", "及以下", "以下", "或更少", "或更低", "أو أقل", "فأقل", "على الأكثر", "كحد أقصى"]),
  ...sym("≈", ["左右", "上下", "تقريبًا", "تقريبا"]),
];

/** Scale words after a number ("1 million", "100万", "3 mil"); `billion` is 10^9 in English, 10^12 in French and Spanish. */
const SCALES: { entry: Entry<number>; languages?: Language[] }[] = [
  { entry: { source: "mil millones", value: 1e9, word: true } },
  { entry: { source: "billones", value: 1e12, word: true } },
  { entry: { source: "billón", value: 1e12, word: true } },
  { entry: { source: "billions?", value: 1e12, word: true }, languages: ["fr", "es"] },
  { entry: { source: "billions?", value: 1e9, word: true } },
  { entry: { source: "trillions?", value: 1e12, word: true } },
  { entry: { source: "milliards?", value: 1e9, word: true } },
  { entry: { source: "millions?", value: 1e6, word: true } },
  { entry: { source: "millones", value: 1e6, word: true } },
  { entry: { source: "millón", value: 1e6, word: true } },
  { entry: { source: "thousands?", value: 1e3, word: true } },
  { entry: { source: "mille", value: 1e3, word: true } },
  { entry: { source: "mil", value: 1e3, word: true } },
  { entry: { source: "bn", value: 1e9, word: true } },
  { entry: { source: "mn", value: 1e6, word: true } },
  { entry: { source: "M", value: 1e6, word: true, caseSensitive: true } },
  { entry: { source: "k", value: 1e3, word: true, caseSensitive: true } },
  { entry: { source: "مليارات", value: 1e9, word: false } },
  { entry: { source: "مليار", value: 1e9, word: false } },
  { entry: { source: "ملايين", value: 1e6, word: false } },
  { entry: { source: "مليون", value: 1e6, word: false } },
  { entry: { source: "آلاف", value: 1e3, word: false } },
  { entry: { source: "ألف", value: 1e3, word: false } },
  { entry: { source: "百万", value: 1e6, word: false } },
  { entry: { source: "千万", value: 1e7, word: false } },
  { entry: { source: "亿", value: 1e8, word: false } },
  { entry: { source: "万", value: 1e4, word: false } },
  { entry: { source: "千", value: 1e3, word: false } },
];

/** Number words of each language (soft facts). "un/une/uno/one" are left out: they are mostly articles and pronouns. */
const NUMBER_WORDS: Record<Language, Record<string, number>> = {
  en: { zero: 0, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10, eleven: 11, twelve: 12, twenty: 20, thirty: 30, hundred: 100 },
  // "neuf" is also "new"
  fr: { zéro: 0, deux: 2, trois: 3, quatre: 4, cinq: 5, six: 6, sept: 7, huit: 8, dix: 10, onze: 11, douze: 12, vingt: 20, trente: 30, cent: 100 },
  es: { cero: 0, dos: 2, tres: 3, cuatro: 4, cinco: 5, seis: 6, siete: 7, ocho: 8, nueve: 9, diez: 10, once: 11, doce: 12, veinte: 20, treinta: 30, cien: 100 },
  zh: {},
  ar: { صفر: 0, اثنان: 2, اثنين: 2, اثنتان: 2, اثنتين: 2, ثلاث: 3, ثلاثة: 3, أربع: 4, أربعة: 4, خمس: 5, خمسة: 5, ست: 6, ستة: 6, سبع: 7, سبعة: 7, ثماني: 8, ثمانية: 8, تسع: 9, تسعة: 9, عشر: 10, عشرة: 10 },
};

/** Arabic dual nouns: "يومين" is two days, with no numeral. */
const ARABIC_DUALS: { source: string; unit: Unit }[] = [
  { source: "ساعتين|ساعتان", unit: "hour" },
  { source: "دقيقتين|دقيقتان", unit: "minute" },
  { source: "يومين|يومان", unit: "day" },
  { source: "أسبوعين|أسبوعان", unit: "week" },
  { source: "شهرين|شهران", unit: "month" },
  { source: "سنتين|سنتان|عامين|عامان", unit: "year" },
];

const MONTHS: Record<string, number> = {};
const monthNames: [number, string[]][] = [
  [1, ["january", "janvier", "enero", "يناير", "كانون الثاني"]],
  [2, ["february", "février", "fevrier", "febrero", "فبراير", "شباط"]],
  [3, ["march", "mars", "marzo", "مارس", "آذار"]],
  [4, ["april", "avril", "abril", "أبريل", "إبريل", "نيسان"]],
  [5, ["may", "mai", "mayo", "مايو", "أيار"]],
  [6, ["june", "juin", "junio", "يونيو", "يونيه", "حزيران"]],
  [7, ["july", "juillet", "julio", "يوليو", "يوليه", "تموز"]],
  [8, ["august", "août", "aout", "agosto", "أغسطس", "آب"]],
  [9, ["september", "septembre", "septiembre", "setiembre", "سبتمبر", "أيلول"]],
  [10, ["october", "octobre", "octubre", "أكتوبر", "تشرين الأول"]],
  [11, ["november", "novembre", "noviembre", "نوفمبر", "تشرين الثاني"]],
  [12, ["december", "décembre", "decembre", "diciembre", "ديسمبر", "كانون الأول"]],
];
for (const [n, names] of monthNames) for (const name of names) MONTHS[name] = n;
const MONTH_SOURCE = Object.keys(MONTHS)
  .sort((a, b) => b.length - a.length)
  .join("|");

const LETTER_BEFORE = "(?<![\\p{L}\\p{M}])";
// a vowel sign or tanween may follow an Arabic word ("ساعةً")
const LETTER_AFTER = "(?![\\p{L}])";

function entrySource<T>(e: Entry<T>): string {
  return e.word ? `${LETTER_BEFORE}(?:${e.source})${LETTER_AFTER}` : `(?:${e.source})`;
}

/** One regular expression per entry list, each alternative in a named group order so the matched entry is known. */
function compile<T>(entries: Entry<T>[], anchor: "start" | "end", extra = ""): { re: RegExp; entries: Entry<T>[] }[] {
  // case-sensitive entries get their own expression
  const groups = [entries.filter((e) => !e.caseSensitive), entries.filter((e) => e.caseSensitive)];
  return groups
    .filter((g) => g.length > 0)
    .map((g) => {
      const alternatives = g.map((e) => `(${entrySource(e)})`).join("|");
      const source = anchor === "start" ? `^${extra}(?:${alternatives})` : `(?:${alternatives})${extra}$`;
      return { re: new RegExp(source, g[0]!.caseSensitive ? "u" : "iu"), entries: g };
    });
}

function matchEntry<T>(compiled: { re: RegExp; entries: Entry<T>[] }[], text: string): { entry: Entry<T>; match: RegExpExecArray } | null {
  let best: { entry: Entry<T>; match: RegExpExecArray } | null = null;
  for (const { re, entries } of compiled) {
    const m = re.exec(text);
    if (!m) continue;
    const index = m.slice(1).findIndex((g) => g !== undefined);
    if (index < 0) continue;
    // at the end: the match starting earliest is the longest phrase ("no more than" over "more than")
    if (!best || m.index < best.match.index || (m.index === best.match.index && m[0].length > best.match[0].length)) best = { entry: entries[index]!, match: m };
  }
  return best;
}

const UNIT_AFTER = compile(UNITS, "start", "\\s*-?\\s*(?:个\\s*)?");
const UNIT_AFTER_SCALE = compile(UNITS, "start", "\\s*-?\\s*(?:(?:de|of)\\s+|d['’]\\s*)?");
const PREFIX_BEFORE = compile(PREFIX_UNITS, "end", "\\s*");
const PRE_OPERATOR = compile(PRE_OPERATORS, "end", "\\s*");
const POST_OPERATOR = compile(POST_OPERATORS, "start", "\\s*,?\\s*");
const FILLER_BEFORE = new RegExp(`(?:${LETTER_BEFORE}(?:the|a|an|le|la|les|el|los|las|lo|un|una|de|del|des|du|of|que|à|al|en|de la)\\s*|${LETTER_BEFORE}[ld]['’]\\s*)$`, "iu");
const NUMBER_FOLLOWS = new RegExp(`^\\s*(?:${LETTER_BEFORE}(?:the|a|le|la|les|el|los|las|de|del|of)\\s+|[ld]['’]\\s*)?\\d`, "iu");
const STANDALONE_UNITS = UNITS.filter((u) => u.standalone !== false);
const STANDALONE_RE = new RegExp(STANDALONE_UNITS.map((e) => `(${entrySource(e)})`).join("|"), "giu");

function scaleAfter(rest: string, language: Language): { factor: number; length: number } | null {
  for (const { entry, languages } of SCALES) {
    if (languages && !languages.includes(language)) continue;
    const re = new RegExp(`^\\s*(?:${entry.source})${entry.word ? LETTER_AFTER : ""}`, entry.caseSensitive ? "u" : "iu");
    const m = re.exec(rest);
    if (m) return { factor: entry.value, length: m[0].length };
  }
  return null;
}

// ------------------------------------------------------------------------------ numbers

/** Digits in any grouping: "1,000,000", "1.000.000", "1 000 000", "1'000", "20,5", "20.5". */
const NUMBER_RE = /(?<!\d|\d[.,])(?:\d{1,3}(?:(?:,\d{3})+|(?:\.\d{3})+|(?:[ '’]\d{3})+)(?:[.,]\d+)?|\d+(?:[.,]\d+)?)(?!\d)/gu;

/** The values a written number can stand for, most likely first for the text's language. */
export function parseNumber(raw: string, language: Language): number[] {
  const grouped = /[ '’]/.test(raw);
  const s = raw.replace(/[ '’]/g, "");
  const commas = (s.match(/,/g) ?? []).length;
  const dots = (s.match(/\./g) ?? []).length;
  if (commas === 0 && dots === 0) return [Number(s)];
  if (commas > 0 && dots > 0) {
    const decimal = s.lastIndexOf(",") > s.lastIndexOf(".") ? "," : ".";
    const thousands = decimal === "," ? "." : ",";
    return [Number(s.split(thousands).join("").replace(decimal, "."))];
  }
  const sep = commas > 0 ? "," : ".";
  const count = commas + dots;
  if (count > 1) return [Number(s.split(sep).join(""))];
  const [whole, fraction] = s.split(sep) as [string, string];
  const asDecimal = Number(`${whole}.${fraction}`);
  if (grouped || fraction.length !== 3 || /^0+$/.test(whole)) return [asDecimal];
  const asThousands = Number(`${whole}${fraction}`);
  // English and Chinese group thousands with a comma; French and Spanish with a dot (or a space)
  const commaGroups = language === "en" || language === "zh" || language === "ar";
  const thousandsFirst = sep === "," ? commaGroups : !commaGroups;
  return thousandsFirst ? [asThousands, asDecimal] : [asDecimal, asThousands];
}

const CHINESE_DIGITS: Record<string, number> = { 零: 0, 〇: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };
const CHINESE_POWERS: Record<string, number> = { 十: 10, 百: 100, 千: 1000 };

/** A Chinese numeral such as 七十二, 二十, 一百零五, 三万; null when it is not one. */
export function parseChineseNumeral(text: string): number | null {
  let total = 0;
  let section = 0;
  let digit: number | null = null;
  for (const c of text) {
    if (c in CHINESE_DIGITS) {
      digit = CHINESE_DIGITS[c]!;
    } else if (c in CHINESE_POWERS) {
      section += (digit ?? 1) * CHINESE_POWERS[c]!;
      digit = null;
    } else if (c === "万" || c === "亿") {
      total += (section + (digit ?? 0)) * (c === "万" ? 1e4 : 1e8);
      section = 0;
      digit = null;
    } else {
      return null;
    }
  }
  return total + section + (digit ?? 0);
}

// ------------------------------------------------------------------------------ extraction

const nearlyEqual = (a: number, b: number) => Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));

class Reader {
  readonly facts: Fact[] = [];
  private readonly used: boolean[];
  constructor(
    readonly raw: string,
    readonly s: string,
    readonly language: Language,
  ) {
    this.used = new Array<boolean>(s.length).fill(false);
  }

  free(start: number, end: number): boolean {
    for (let i = start; i < end; i++) if (this.used[i]) return false;
    return true;
  }

  take(start: number, end: number) {
    for (let i = start; i < end; i++) this.used[i] = true;
  }

  span(start: number, end: number): Span {
    return { text: this.raw.slice(start, end).trim(), start, end };
  }

  dates() {
    const m = MONTH_SOURCE;
    const patterns: { re: RegExp; read: (g: string[]) => { year: number | null; month: number; day: number | null } }[] = [
      { re: /(?<!\d)(\d{4})-(\d{2})-(\d{2})(?!\d)/gu, read: (g) => ({ year: +g[1]!, month: +g[2]!, day: +g[3]! }) },
      { re: /(?<!\d)(\d{4})\s*年\s*(\d{1,2})\s*月(?:\s*(\d{1,2})\s*[日号])?/gu, read: (g) => ({ year: +g[1]!, month: +g[2]!, day: g[3] ? +g[3] : null }) },
      { re: /(?<!\d)(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]/gu, read: (g) => ({ year: null, month: +g[1]!, day: +g[2]! }) },
      { re: new RegExp(`(?<!\\d)(\\d{1,2})(?:er|st|nd|rd|th|º|°|\\.)?\\s+(?:de\\s+)?${LETTER_BEFORE}(${m})${LETTER_AFTER}\\.?(?:,?\\s+(?:de\\s+|del\\s+)?(\\d{4})(?!\\d))?`, "giu"), read: (g) => ({ year: g[3] ? +g[3] : null, month: MONTHS[g[2]!.toLowerCase()]!, day: +g[1]! }) },
      { re: new RegExp(`${LETTER_BEFORE}(${m})${LETTER_AFTER}\\.?\\s+(\\d{1,2})(?:st|nd|rd|th)?(?!\\d)(?:,?\\s+(\\d{4})(?!\\d))?`, "giu"), read: (g) => ({ year: g[3] ? +g[3] : null, month: MONTHS[g[1]!.toLowerCase()]!, day: +g[2]! }) },
      { re: new RegExp(`${LETTER_BEFORE}(${m})${LETTER_AFTER}\\.?,?\\s+(?:de\\s+|del\\s+)?(\\d{4})(?!\\d)`, "giu"), read: (g) => ({ year: +g[2]!, month: MONTHS[g[1]!.toLowerCase()]!, day: null }) },
      // a Chinese month alone ("12月"); "3个月" (three months) is a duration, left to the units
      { re: /(?<![\d个個])(\d{1,2})\s*月(?![份]?\s*\d)/gu, read: (g) => ({ year: null, month: +g[1]!, day: null }) },
    ];
    for (const { re, read } of patterns) {
      for (const match of this.s.matchAll(re)) {
        const start = match.index!;
        const end = start + match[0].length;
        if (!this.free(start, end)) continue;
        const { year, month, day } = read([...match] as string[]);
        if (!(month >= 1 && month <= 12) || (day !== null && !(day >= 1 && day <= 31))) continue;
        this.take(start, end);
        this.facts.push({ kind: "date", year, month, day, ...this.span(start, end) });
      }
    }
    // a Chinese year ("2024年") is a year, as "2024" is in the other languages: a plain number
    for (const match of this.s.matchAll(/(?<!\d)(1[89]\d\d|2[01]\d\d)\s*年(?!\s*\d)/gu)) {
      const start = match.index!;
      const end = start + match[0].length;
      if (!this.free(start, end)) continue;
      this.take(start, end);
      this.facts.push({ kind: "quantity", values: [Number(match[1])], unit: null, operator: null, soft: false, ...this.span(start, end) });
    }
  }

  /** The unit, scale and operator around a number at [start, end) with these values. */
  private quantity(start: number, end: number, values: number[], soft: boolean, fixedUnit: Unit | null = null) {
    let cursor = end;
    let vals = values;
    let unit: Unit | null = fixedUnit;
    // an exponent: "10^26", "10²⁶", "1e26", "1.5 × 10^25"
    const rest0 = this.s.slice(cursor);
    const times = /^\s*[×x·*]\s*10\s*(?:\^|\*\*)\s*(\d+)|^\s*[×x·]\s*10([⁰¹²³⁴⁵⁶⁷⁸⁹]+)/u.exec(rest0);
    const power = vals.length === 1 && vals[0] === 10 ? /^\s*(?:\^|\*\*)\s*(\d+)|^([⁰¹²³⁴⁵⁶⁷⁸⁹]+)/u.exec(rest0) : null;
    const e = /^[eE]\+?(\d+)(?![\p{L}\d])/u.exec(rest0);
    const exponent = (m: RegExpExecArray) => Number(m[1] ?? [...m[2]!].map((c) => SUPERSCRIPTS.indexOf(c)).join(""));
    if (times) {
      vals = vals.map((v) => v * 10 ** exponent(times));
      cursor += times[0].length;
    } else if (power) {
      vals = [10 ** exponent(power)];
      cursor += power[0].length;
    } else if (e) {
      vals = vals.map((v) => v * 10 ** Number(e[1]));
      cursor += e[0].length;
    }
    const scale = scaleAfter(this.s.slice(cursor), this.language);
    if (scale) {
      vals = vals.map((v) => v * scale.factor);
      cursor += scale.length;
    }
    if (unit === null) {
      const u = matchEntry(scale ? UNIT_AFTER_SCALE : UNIT_AFTER, this.s.slice(cursor));
      if (u && this.free(cursor, cursor + u.match[0].length)) {
        unit = u.entry.value;
        cursor += u.match[0].length;
      }
    }
    // before: a currency, then the operator, with an article or two between them and the number
    let from = start;
    let before = this.s.slice(Math.max(0, start - 60), start);
    const prefix = matchEntry(PREFIX_BEFORE, before);
    if (prefix && this.free(start - (before.length - prefix.match.index), start)) {
      if (unit === null || unit === prefix.entry.value) unit = prefix.entry.value;
      from -= before.length - prefix.match.index;
      before = before.slice(0, prefix.match.index);
    }
    let operator: Operator | null = null;
    // "until 2030", "hasta 2030", "حتى 2030" bound a time, not a quantity: a year takes no operator
    const yearLike = unit === null && vals.length === 1 && Number.isInteger(vals[0]) && vals[0]! >= 1900 && vals[0]! <= 2199;
    for (let fillers = 0; fillers <= 2 && !yearLike; fillers++) {
      const op = matchEntry(PRE_OPERATOR, before);
      if (op && this.free(from - (before.length - op.match.index), from)) {
        operator = op.entry.value;
        from -= before.length - op.match.index;
        break;
      }
      const filler = FILLER_BEFORE.exec(before);
      if (!filler) break;
      before = before.slice(0, filler.index);
    }
    if (operator === null && !yearLike) {
      const post = matchEntry(POST_OPERATOR, this.s.slice(cursor));
      // "72 h, at least 3 copies": an operator followed by a number is that number's
      const next = post ? this.s.slice(cursor + post.match[0].length) : "";
      if (post && this.free(cursor, cursor + post.match[0].length) && !NUMBER_FOLLOWS.test(next)) {
        operator = post.entry.value;
        cursor += post.match[0].length;
      }
    }
    this.take(from, cursor);
    this.facts.push({ kind: "quantity", values: dedupe(vals), unit, operator, soft, ...this.span(from, cursor) });
  }

  numbers() {
    for (const match of this.s.matchAll(NUMBER_RE)) {
      const start = match.index!;
      const end = start + match[0].length;
      if (!this.free(start, end)) continue;
      this.quantity(start, end, parseNumber(match[0], this.language), false);
    }
  }

  words() {
    const words = NUMBER_WORDS[this.language];
    const names = Object.keys(words).sort((a, b) => b.length - a.length);
    if (names.length > 0) {
      // Arabic writes "and" onto the next word: "وثلاثة"
      const prefix = this.language === "ar" ? "(?:و|ب|ل)?" : "";
      const re = new RegExp(`${LETTER_BEFORE}${prefix}(${names.join("|")})${LETTER_AFTER}`, "giu");
      for (const match of this.s.matchAll(re)) {
        const start = match.index!;
        const end = start + match[0].length;
        if (!this.free(start, end)) continue;
        this.quantity(start, end, [words[match[1]!.toLowerCase()] ?? words[match[1]!]!], true);
      }
    }
    // Chinese numerals before a unit or after 百分之 (七十二小时, 百分之二十)
    for (const match of this.s.matchAll(/[零〇一二两三四五六七八九十百千万亿]+/gu)) {
      const start = match.index!;
      const end = start + match[0].length;
      if (!this.free(start, end)) continue;
      const value = parseChineseNumeral(match[0]);
      if (value === null) continue;
      const percent = this.s.slice(Math.max(0, start - 3), start) === "百分之";
      const unit = matchEntry(UNIT_AFTER, this.s.slice(end));
      if (!percent && !unit) continue;
      this.quantity(start, end, [value], true, percent ? "percent" : null);
    }
    if (this.language === "ar") {
      for (const { source, unit } of ARABIC_DUALS) {
        for (const match of this.s.matchAll(new RegExp(`${LETTER_BEFORE}(?:و|ب|ل|لل)?(?:ال)?(?:${source})${LETTER_AFTER}`, "gu"))) {
          const start = match.index!;
          const end = start + match[0].length;
          if (!this.free(start, end)) continue;
          this.take(start, end);
          this.facts.push({ kind: "quantity", values: [2], unit, operator: null, soft: true, ...this.span(start, end) });
        }
      }
    }
  }

  units() {
    for (const match of this.s.matchAll(STANDALONE_RE)) {
      const start = match.index!;
      const end = start + match[0].length;
      if (!this.free(start, end)) continue;
      const index = match.slice(1).findIndex((g) => g !== undefined);
      this.take(start, end);
      this.facts.push({ kind: "unit", unit: STANDALONE_UNITS[index]!.value, ...this.span(start, end) });
    }
  }
}

function dedupe(values: number[]): number[] {
  return values.filter((v, i) => values.findIndex((x) => nearlyEqual(x, v)) === i);
}

/**
 * The facts a translation must keep, in the order they stand in the text: dates, quantities (a
 * value in any notation with its unit and operator), and units named without a number.
 */
export function extractFacts(text: string, language: Language): Fact[] {
  const reader = new Reader(text, normalise(text), language);
  reader.dates();
  reader.numbers();
  reader.words();
  reader.units();
  return reader.facts.sort((a, b) => a.start - b.start);
}

// ------------------------------------------------------------------------------ comparison

/** What differs in one field: facts of the original the translation lacks, and facts of the translation the original lacks. */
export interface FieldDrift {
  missing: Fact[];
  extra: Fact[];
}

export interface CompareOptions {
  /** compare the units named without a number too (a threshold's unit field, whose value is in another field) */
  unitMentions?: boolean;
}

export function sameFact(a: Fact, b: Fact): boolean {
  if (a.kind === "quantity" && b.kind === "quantity") {
    return a.unit === b.unit && a.operator === b.operator && a.values.some((x) => b.values.some((y) => nearlyEqual(x, y)));
  }
  if (a.kind === "date" && b.kind === "date") return a.year === b.year && a.month === b.month && a.day === b.day;
  if (a.kind === "unit" && b.kind === "unit") return a.unit === b.unit;
  return false;
}

const isSoft = (f: Fact) => f.kind === "quantity" && f.soft;

/**
 * Pair the facts of an original with those of its translation. Every fact of the original written
 * in digits (or as a date, or a unit) needs its equal in the translation, and the other way round;
 * numbers in words pair where they can and are never drift on their own. Units named without a
 * number count as a set (the same unit twice is still that unit), and only with `unitMentions`.
 */
export function compareFacts(original: Fact[], translation: Fact[], options: CompareOptions = {}): FieldDrift {
  const relevant = (f: Fact) => f.kind !== "unit";
  const a = original.filter(relevant);
  const b = translation.filter(relevant);
  const usedA = new Set<number>();
  const usedB = new Set<number>();
  const missing: Fact[] = [];
  const extra: Fact[] = [];
  // the facts with fewest partners pair first, so an ambiguous "1,000" does not take another's partner
  const partners = (f: Fact) => b.filter((x) => sameFact(f, x)).length;
  const hardA = a.map((f, i) => ({ f, i })).filter(({ f }) => !isSoft(f)).sort((x, y) => partners(x.f) - partners(y.f));
  for (const { f, i } of hardA) {
    let j = b.findIndex((x, k) => !usedB.has(k) && !isSoft(x) && sameFact(f, x));
    if (j < 0) j = b.findIndex((x, k) => !usedB.has(k) && sameFact(f, x));
    if (j < 0) {
      missing.push(f);
      continue;
    }
    usedA.add(i);
    usedB.add(j);
  }
  b.forEach((f, k) => {
    if (usedB.has(k) || isSoft(f)) return;
    const i = a.findIndex((x, n) => !usedA.has(n) && isSoft(x) && sameFact(x, f));
    if (i < 0) extra.push(f);
    else usedA.add(i);
  });
  if (options.unitMentions) {
    const units = (facts: Fact[]) => facts.filter((f): f is UnitMention => f.kind === "unit");
    const ua = units(original);
    const ub = units(translation);
    for (const u of ua) if (!ub.some((x) => x.unit === u.unit) && !missing.some((m) => m.kind === "unit" && m.unit === u.unit)) missing.push(u);
    for (const u of ub) if (!ua.some((x) => x.unit === u.unit) && !extra.some((m) => m.kind === "unit" && m.unit === u.unit)) extra.push(u);
  }
  const byPosition = (x: Fact, y: Fact) => x.start - y.start;
  return { missing: missing.sort(byPosition), extra: extra.sort(byPosition) };
}

// ------------------------------------------------------------------------------ a version's text

/** The fields of a version a translation gives in another language (category, scope and links are not words to translate). */
export const TRANSLATABLE_FIELDS = ["title", "statement", "rationale", "indicator", "thresholdValue", "thresholdUnit", "trigger", "response"] as const;
export type TranslatableField = (typeof TRANSLATABLE_FIELDS)[number];
export type TranslatableText = Record<TranslatableField, string>;

/**
 * Field by field, what a translation changed in the numbers, units, dates and operators of its
 * original; only fields with drift appear. The threshold's unit field also compares the units it
 * names without a number.
 */
export function checkDrift(original: TranslatableText, originalLanguage: Language, translation: TranslatableText, translationLanguage: Language): Partial<Record<TranslatableField, FieldDrift>> {
  const out: Partial<Record<TranslatableField, FieldDrift>> = {};
  for (const field of TRANSLATABLE_FIELDS) {
    const drift = compareFacts(extractFacts(original[field], originalLanguage), extractFacts(translation[field], translationLanguage), { unitMentions: field === "thresholdUnit" });
    if (drift.missing.length > 0 || drift.extra.length > 0) out[field] = drift;
  }
  return out;
}
