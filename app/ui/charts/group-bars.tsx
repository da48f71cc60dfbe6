import { useTranslation } from "react-i18next";

export interface BarRow {
  name: string;
  rate: number | null;
  low: number | null;
  high: number | null;
  n: number;
}

const pct = (x: number) => `${Math.round(x * 100)} %`;

/**
 * Agree rate per group as horizontal bars with 95 % interval whiskers, server-rendered SVG with a
 * text alternative (the same numbers are in the table beside it).
 */
export function GroupBars({ rows, title, threshold }: { rows: BarRow[]; title: string; threshold?: number }) {
  const { t } = useTranslation();
  const width = 560;
  const label = 150;
  const plot = width - label - 100;
  const rowH = 26;
  const height = rows.length * rowH + 24;
  const x = (v: number) => label + v * plot;
  const desc = rows
    .map((r) => (r.rate === null ? t("charts.noVotes", { name: r.name }) : t("charts.barDesc", { name: r.name, rate: pct(r.rate), low: pct(r.low ?? 0), high: pct(r.high ?? 1), n: r.n })))
    .join("; ");
  return (
    <svg viewBox={`0 0 ${width} ${height}`} width="100%" role="img" aria-label={`${title}. ${desc}`} className="chart">
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
            <text x={label - 8} y={y + 14} fontSize="12" textAnchor="end" fill="#1b1f24">{r.name}</text>
            {r.rate === null ? (
              <text x={label + 4} y={y + 14} fontSize="11" fill="#4d5560">{t("charts.none")}</text>
            ) : (
              <>
                <rect x={label} y={y + 3} width={Math.max(1, r.rate * plot)} height={14} fill="#1f7a3a" rx={2} />
                <line x1={x(r.low ?? 0)} x2={x(r.high ?? 1)} y1={y + 10} y2={y + 10} stroke="#1b1f24" strokeWidth={1.5} />
                <line x1={x(r.low ?? 0)} x2={x(r.low ?? 0)} y1={y + 5} y2={y + 15} stroke="#1b1f24" strokeWidth={1.5} />
                <line x1={x(r.high ?? 1)} x2={x(r.high ?? 1)} y1={y + 5} y2={y + 15} stroke="#1b1f24" strokeWidth={1.5} />
                <text x={width - 94} y={y + 14} fontSize="11" fill="#1b1f24">{`${pct(r.rate)} · n=${r.n}`}</text>
              </>
            )}
          </g>
        );
      })}
    </svg>
  );
}
