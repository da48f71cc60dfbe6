import { useTranslation } from "react-i18next";
import { useFormat } from "~/i18n/format";
import { languageDirection } from "~/i18n/languages";
import { isolateFor } from "../bidi";

export interface BarRow {
  name: string;
  rate: number | null;
  low: number | null;
  high: number | null;
  n: number;
}

const LABEL_FONT = 12;
/** Characters a full em wide: Chinese, Japanese and Korean ideographs, syllables and full-width forms. */
const WIDE = /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/;

/** Directional marks and isolates: no width of their own. */
const INVISIBLE = /[\u200b-\u200f\u2066-\u2069]/;

/**
 * Width of a label in user units, estimated without a browser: the server renders the SVG, so it
 * cannot measure text. 0.62 em per character is wider than the average of system-ui sans fonts,
 * so a label that fits by this estimate fits on screen; wide capitals count a little more.
 */
export function estimateTextWidth(text: string, fontSize = LABEL_FONT): number {
  let em = 0;
  for (const ch of text) em += INVISIBLE.test(ch) ? 0 : WIDE.test(ch) ? 1 : /[A-Z MW@%]/.test(ch) ? 0.72 : /[il.,'|!:; ]/.test(ch) ? 0.32 : 0.6;
  return em * fontSize;
}

/**
 * A label in at most two lines of at most `max` units: wrapped at spaces, and the second line cut
 * with "…" when the words do not fit (the full name stays in the row's <title>).
 */
export function fitLabel(name: string, max: number): string[] {
  if (estimateTextWidth(name) <= max) return [name];
  const words = name.split(/\s+/);
  const lines: string[] = [];
  let line = "";
  for (const w of words) {
    const next = line ? `${line} ${w}` : w;
    if (estimateTextWidth(next) <= max || !line) line = next;
    else {
      lines.push(line);
      line = w;
    }
  }
  lines.push(line);
  const cut = (text: string, ellipsis: boolean) => {
    if (!ellipsis && estimateTextWidth(text) <= max) return text;
    let out = text;
    while (out.length > 1 && estimateTextWidth(`${out.trimEnd()}…`) > max) out = out.slice(0, -1);
    return `${out.trimEnd()}…`;
  };
  const first = cut(lines[0]!, false);
  if (lines.length === 1) return [first];
  const rest = lines.slice(1).join(" ");
  return [first, lines.length > 2 || estimateTextWidth(rest) > max ? cut(rest, true) : rest];
}

/**
 * Agree rate per group as horizontal bars with 95 % interval whiskers, server-rendered SVG with a
 * text alternative (the same numbers are in the table beside it).
 *
 * Right to left, the chart is mirrored: names on the right, bars growing leftward from a 0 % axis
 * on the right, as the page reads. The geometry is drawn once, left to right, and every x goes
 * through `mx`; the SVG's `direction` is set to the page's so that the text anchors, which are
 * logical ("end" of a name is next to its bar), mean the same side in both.
 */
export function GroupBars({ rows, title, threshold }: { rows: BarRow[]; title: string; threshold?: number }) {
  const { t } = useTranslation();
  const f = useFormat();
  const pct = (x: number) => f.percent(x);
  const direction = languageDirection(f.language);
  const width = 560;
  const mx = (x: number) => (direction === "rtl" ? width - x : x);
  // the label column is as wide as the longest label needs, within limits; longer ones wrap, then truncate
  const label = Math.round(Math.min(200, Math.max(70, ...rows.map((r) => estimateTextWidth(r.name)))) + 8);
  const plot = width - label - 100;
  const labels = rows.map((r) => fitLabel(r.name, label - 8));
  const rowH = labels.some((l) => l.length > 1) ? 34 : 26;
  const height = rows.length * rowH + 24;
  const x = (v: number) => mx(label + v * plot);
  const desc = rows
    .map((r) => (r.rate === null ? t("charts.noVotes", { name: r.name }) : t("charts.barDesc", { name: r.name, rate: pct(r.rate), low: pct(r.low ?? 0), high: pct(r.high ?? 1), n: f.number(r.n) })))
    .join("; ");
  return (
    <svg viewBox={`0 0 ${width} ${height}`} width="100%" role="img" aria-label={`${title}. ${desc}`} className="chart" direction={direction}>
      <title>{title}</title>
      {[0, 0.5, 1].map((v) => (
        <g key={v}>
          <line x1={x(v)} x2={x(v)} y1={0} y2={height - 18} stroke="#c9d0d8" />
          <text x={x(v)} y={height - 4} fontSize="11" textAnchor="middle" fill="#4d5560">{pct(v)}</text>
        </g>
      ))}
      {threshold !== undefined ? <line x1={x(threshold)} x2={x(threshold)} y1={0} y2={height - 18} stroke="#1b1f24" strokeDasharray="4 3" /> : null}
      {rows.map((r, i) => {
        const y = i * rowH + 4;
        return (
          <g key={r.name + i}>
            <text x={mx(label - 8)} y={labels[i]!.length > 1 ? y + 8 : y + 14} fontSize={LABEL_FONT} textAnchor="end" fill="#1b1f24">
              <title>{r.name}</title>
              {labels[i]!.map((line, j) => (
                <tspan key={j} x={mx(label - 8)} dy={j === 0 ? 0 : 14}>{isolateFor(line, direction)}</tspan>
              ))}
            </text>
            {r.rate === null ? (
              <text x={mx(label + 4)} y={y + 14} fontSize="11" fill="#4d5560">{t("charts.none")}</text>
            ) : (
              <>
                <rect x={direction === "rtl" ? x(0) - Math.max(1, r.rate * plot) : x(0)} y={y + 3} width={Math.max(1, r.rate * plot)} height={14} fill="#1f7a3a" rx={2} />
                <line x1={x(r.low ?? 0)} x2={x(r.high ?? 1)} y1={y + 10} y2={y + 10} stroke="#1b1f24" strokeWidth={1.5} />
                <line x1={x(r.low ?? 0)} x2={x(r.low ?? 0)} y1={y + 5} y2={y + 15} stroke="#1b1f24" strokeWidth={1.5} />
                <line x1={x(r.high ?? 1)} x2={x(r.high ?? 1)} y1={y + 5} y2={y + 15} stroke="#1b1f24" strokeWidth={1.5} />
                <text x={mx(width - 94)} y={y + 14} fontSize="11" fill="#1b1f24">{`${pct(r.rate)} · n=${f.number(r.n)}`}</text>
              </>
            )}
          </g>
        );
      })}
    </svg>
  );
}
