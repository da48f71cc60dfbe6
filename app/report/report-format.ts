import { LANGUAGE_LOCALES, type Language } from "../i18n/languages";

/** Numbers and dates of a report in one language (Intl, with the language's BCP 47 locale). Missing values are `none` ("—"). */
export interface ReportFormat {
  /** 0.724 → "72%" (en), "72 %" (fr), "٧٢٪" (ar) */
  pct(rate: number | null | undefined): string;
  /** signed percentage points, without the unit: 0.12 → "+12" */
  points(change: number | null | undefined): string;
  /** a count: 5000 → "5,000" */
  int(value: number | null | undefined): string;
  /** a measure: integers as counts, else `digits` decimals */
  num(value: number | null | undefined, digits?: number): string;
  /** an ISO timestamp as a date and time in UTC; unparsable values as given */
  date(iso: string | null | undefined): string;
}

const missing = (v: number | null | undefined): v is null | undefined => v === null || v === undefined || !Number.isFinite(v);

export function reportFormat(language: Language, none: string): ReportFormat {
  const locale = LANGUAGE_LOCALES[language];
  const percent = new Intl.NumberFormat(locale, { style: "percent", maximumFractionDigits: 0 });
  const signed = new Intl.NumberFormat(locale, { signDisplay: "exceptZero", maximumFractionDigits: 0 });
  const integer = new Intl.NumberFormat(locale, { maximumFractionDigits: 0 });
  const decimals = new Map<number, Intl.NumberFormat>();
  const dateTime = new Intl.DateTimeFormat(locale, { year: "numeric", month: "short", day: "numeric", hour: "2-digit", minute: "2-digit", timeZone: "UTC", timeZoneName: "short" });
  return {
    pct: (rate) => (missing(rate) ? none : percent.format(rate)),
    points: (change) => (missing(change) ? none : signed.format(Math.round(change * 100))),
    int: (value) => (missing(value) ? none : integer.format(value)),
    num: (value, digits = 2) => {
      if (missing(value)) return none;
      if (Number.isInteger(value)) return integer.format(value);
      let f = decimals.get(digits);
      if (!f) decimals.set(digits, (f = new Intl.NumberFormat(locale, { minimumFractionDigits: digits, maximumFractionDigits: digits })));
      return f.format(value);
    },
    date: (iso) => {
      if (!iso) return none;
      const d = new Date(iso);
      return Number.isNaN(d.getTime()) ? iso : dateTime.format(d);
    },
  };
}
