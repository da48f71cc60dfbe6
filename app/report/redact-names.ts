/**
 * Redacting participants' names from published free text (report texts, excerpts, the bundle's
 * comment bodies). See makeRedactor for the rules.
 */
export const NAME_REMOVED = "[name removed]";

/**
 * Names are matched on folded text: lower case, accents and combining marks removed (é → e, ø → o,
 * ß → ss), every apostrophe written ' , invisible characters (zero-width, bidi controls, soft hyphen)
 * dropped and runs of white space read as one space. A position map leads each folded character back
 * to the original text, so what is replaced is exactly what was written.
 */
const INVISIBLE = /^[\u00AD\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF\p{M}]$/u;
const APOSTROPHES = new Set(["'", "\u2019", "\u2018", "\u02BC", "\u02BB", "`", "\u00B4", "\u2032"]);
const SPECIAL_LETTERS: Record<string, string> = { ø: "o", ł: "l", đ: "d", ð: "d", þ: "th", æ: "ae", œ: "oe", ß: "ss", ı: "i" };
const foldCache = new Map<string, string>();

function foldChar(ch: string): string {
  let folded = foldCache.get(ch);
  if (folded === undefined) {
    if (INVISIBLE.test(ch)) folded = "";
    else if (APOSTROPHES.has(ch)) folded = "'";
    else if (/^\s$/u.test(ch)) folded = " ";
    else {
      folded = "";
      for (const c of ch.normalize("NFD").toLowerCase()) folded += /\p{M}/u.test(c) ? "" : (SPECIAL_LETTERS[c] ?? c);
    }
    if (foldCache.size < 10_000) foldCache.set(ch, folded);
  }
  return folded;
}

/** Printable ASCII but the backtick: folding is lower-casing, position for position. */
const PLAIN_ASCII = /^[\x20-\x5f\x61-\x7e]*$/;

/**
 * The folded text and, for each of its characters, the index in `text` of the character it came
 * from (`null` when every character folds to one, in place).
 */
export function foldForMatching(text: string): { folded: string; from: number[] | null } {
  if (PLAIN_ASCII.test(text) && !text.includes("  ")) return { folded: text.toLowerCase(), from: null };
  let folded = "";
  const from: number[] = [];
  let i = 0;
  while (i < text.length) {
    const code = text.charCodeAt(i);
    if (code < 0x80 && code !== 0x27 && code !== 0x60 && code > 0x20) {
      // ASCII letters, digits and punctuation (the common case, without a cache lookup)
      folded += code >= 0x41 && code <= 0x5a ? String.fromCharCode(code + 32) : text[i];
      from.push(i);
      i++;
      continue;
    }
    const cp = text.codePointAt(i)!;
    const ch = String.fromCodePoint(cp);
    const f = foldChar(ch);
    for (let k = 0; k < f.length; k++) {
      if (f[k] === " " && folded.endsWith(" ")) continue;
      folded += f[k];
      from.push(i);
    }
    i += ch.length;
  }
  return { folded, from };
}

const fold = (text: string) => foldForMatching(text).folded.trim();

/**
 * Common English words (and Accord's pseudonym words) that are also names: a name made of them is
 * redacted only as a whole ("Will Hope"), never word by word, so "AI", "Will" or "Delegate" in a
 * text stay. A token shorter than 3 letters is never redacted alone either.
 */
export const COMMON_WORDS = new Set(
  (
    "the and for are but not you all any can had her was one our out day get has him his how man new now old see two way who boy did its let put say she too use " +
    "able about above act add after again age ago air also always among another answer april area army art ask august autumn away back bad bank base bay beach bear " +
    "bell best better big bill bird black blue body bond book born both bright brook brown build bush call came cap card care case cash cause center chance change " +
    "chase child city clay clear close cloud coal cold cole come common cook cool cost could count cross crown dale dark dawn day dean dear december deep delegate " +
    "diamond dove down drew duke during each early earth east easy end ever every fair faith fall far farmer field fine first fish fisher ford forest fox frank free " +
    "friday frost full game gay gem general glad gold golden good grace grand grant gray great green grey group guy hall hand happy hard hart head heart heaven hill " +
    "holly home honey hope house hunt hunter iris ivy jack james january jay jewel job joy july june just keen key kind king knight lake land lane last law lawrence " +
    "lead lee light lily line little long lord love lucky major march mark marsh mason may member might miles mill miller mint model money monday moon moor more " +
    "moss most much must nature new news next nice night noble north november october office officer only open page palmer park part pass patience peace pearl " +
    "penny person pine plan poor pope power price prince proposal read red reed rich ridge river road robin rock rose round ruby rule rush rust sage saint sally " +
    "salt sand sandy saturday say scott sea season september shadow sharp ship short silver sky small smith snow some sommer song south spring stand star state " +
    "steel sterling still stone storm story street strong summer sun sunday sunny swift taylor temple thursday time tiny today tom town tree true tuesday turner " +
    "under upon victory violet wade walker wall ward warren water way wednesday well west white will win wind winter wise wolf wood woods work worth wren young " +
    "observer facilitator convener chair participant delegate moderator admin anonymous unknown user guest team staff"
  ).split(" "),
);

const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g;
const WORD = /[\p{L}\p{N}]+/u;
const WORD_CHAR = /[\p{L}\p{N}]/u;

/** A single word of a name that is distinctive enough to be redacted on its own. */
function isDistinctive(token: string): boolean {
  const letters = token.replace(/[^\p{L}]/gu, "");
  return letters.length >= 3 && !COMMON_WORDS.has(token.replace(/'/g, "")) && !COMMON_WORDS.has(letters);
}

/** The folded forms to look for: the whole name, and each distinctive word of it on its own. */
export function nameForms(name: string): string[] {
  const whole = fold(name);
  if (whole.length < 2 || whole.includes("@")) return [];
  const tokens = whole.split(/[\s-]+/).map((t) => t.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, "")).filter(Boolean);
  const forms = tokens.length > 1 ? [whole] : [];
  for (const token of tokens) if (isDistinctive(token)) forms.push(token);
  return forms;
}

/**
 * A function that replaces every email address and every given name by "[name removed]": the whole
 * name, and each distinctive word of it alone (a first or last name of 3+ letters that is not a
 * common word), matched as whole words on folded text (case, accents, apostrophes, invisible
 * characters and spacing do not matter). Forms are indexed by their first word, so a text is folded
 * and scanned once whatever the number of names (one alternation of 10,000 names took ~12 ms per
 * sentence).
 */
export function makeRedactor(names: readonly string[]): (text: string) => string {
  const byFirstWord = new Map<string, string[]>();
  for (const form of new Set(names.flatMap(nameForms))) {
    const first = WORD.exec(form)?.[0];
    if (!first || !form.startsWith(first)) continue;
    const list = byFirstWord.get(first) ?? [];
    list.push(form);
    byFirstWord.set(first, list);
  }
  for (const list of byFirstWord.values()) list.sort((a, b) => b.length - a.length || (a < b ? -1 : a > b ? 1 : 0));
  return (text: string) => {
    const out = text.replace(EMAIL, NAME_REMOVED);
    if (byFirstWord.size === 0) return out;
    const { folded, from } = foldForMatching(out);
    let result = "";
    let copied = 0; // in `out`
    const words = new RegExp(WORD.source, "gu");
    for (let m = words.exec(folded); m; m = words.exec(folded)) {
      const candidates = byFirstWord.get(m[0]);
      if (!candidates) continue;
      for (const candidate of candidates) {
        const end = m.index + candidate.length;
        if (folded.startsWith(candidate, m.index) && (end === folded.length || !WORD_CHAR.test(folded[end]!))) {
          const start = from ? from[m.index]! : m.index;
          if (start < copied) break;
          result += out.slice(copied, start) + NAME_REMOVED;
          copied = end === folded.length ? out.length : from ? from[end]! : end;
          words.lastIndex = end;
          break;
        }
      }
    }
    return copied === 0 ? out : result + out.slice(copied);
  };
}

export function redactNames(text: string, names: readonly string[]): string {
  return makeRedactor(names)(text);
}
