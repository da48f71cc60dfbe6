/**
 * Formula injection (OWASP "CSV injection"): a spreadsheet runs a cell that starts with `=`, `+`, `-`,
 * `@`, a tab or a carriage return as a formula. The writer puts an apostrophe before such a text cell
 * (a plain number such as `-1` or `-0.5` is left as it is, so Polis's vote columns keep their format),
 * and also before a text cell that already starts with apostrophes followed by one of those
 * characters, so that the rule can be undone exactly: the reader removes one apostrophe from every
 * cell of that shape and gets back what was written, whatever it was.
 */
const FORMULA_START = /^'*[=+\-@\t\r]/;
const PLAIN_NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

/** The text a spreadsheet shows as text: an apostrophe before a cell that would start a formula. */
export function neutraliseCell(s: string): string {
  return FORMULA_START.test(s) && !PLAIN_NUMBER.test(s) ? `'${s}` : s;
}

/** The inverse of neutraliseCell, for every string. */
export function restoreCell(s: string): string {
  return s.startsWith("'") && FORMULA_START.test(s) && !PLAIN_NUMBER.test(s.slice(1)) ? s.slice(1) : s;
}

/**
 * RFC 4180 CSV: quoted fields may hold commas, quotes ("") and line breaks. Every cell goes through
 * restoreCell, so what formatCsv wrote reads back unchanged.
 */
export function parseCsv(text: string): string[][] {
  return parseRawCsv(text).map((row) => row.map(restoreCell));
}

function parseRawCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  let i = 0;
  const n = text.length;
  if (text.charCodeAt(0) === 0xfeff) i = 1; // byte-order mark
  while (i < n) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
        i++;
        continue;
      }
      field += ch;
      i++;
      continue;
    }
    if (ch === '"' && field === "") {
      quoted = true;
      i++;
    } else if (ch === ",") {
      row.push(field);
      field = "";
      i++;
    } else if (ch === "\n" || ch === "\r") {
      row.push(field);
      rows.push(row);
      row = [];
      field = "";
      i += ch === "\r" && text[i + 1] === "\n" ? 2 : 1;
    } else {
      field += ch;
      i++;
    }
  }
  if (field !== "" || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows.filter((r) => !(r.length === 1 && r[0] === ""));
}

function escapeField(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return "";
  const s = typeof value === "number" ? String(value) : neutraliseCell(String(value));
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function formatCsv(rows: readonly (readonly (string | number | null | undefined)[])[]): string {
  return rows.map((r) => r.map(escapeField).join(",")).join("\n") + "\n";
}
