import { useTranslation } from "react-i18next";
import { useFormat } from "~/i18n/format";
import { isolateFor } from "../bidi";

export interface TurnoutPoint {
  at: string;
  voters: number;
  turnout: number | null;
}

/**
 * Cumulative turnout through the voting phase as a small server-rendered line chart (the numbers are
 * also in its label). Time runs left to right on every page, right-to-left ones too, as charts of
 * time do in Arabic print: the SVG is set `direction="ltr"` so that its text anchors keep their
 * physical meaning inside an rtl page.
 */
export function TurnoutChart({ points, title, time }: { points: TurnoutPoint[]; title: string; time: (iso: string) => string }) {
  const { t } = useTranslation();
  const f = useFormat();
  const pct = (x: number) => f.percent(x);
  const width = 420;
  const height = 150;
  const left = 44;
  const bottom = 22;
  const plotW = width - left - 10;
  const plotH = height - bottom - 8;
  const x = (i: number) => left + (points.length > 1 ? (i / (points.length - 1)) * plotW : plotW);
  const y = (v: number) => 8 + (1 - v) * plotH;
  const last = points.at(-1);
  const desc = last ? t("participation.timelineLabel", { turnout: pct(last.turnout ?? 0), time: time(last.at) }) : "";
  const path = points.map((p, i) => `${i === 0 ? "M" : "L"}${x(i).toFixed(1)},${y(p.turnout ?? 0).toFixed(1)}`).join(" ");
  return (
    <svg viewBox={`0 0 ${width} ${height}`} width="100%" role="img" aria-label={`${title}. ${desc}`} className="chart turnout-chart" data-testid="turnout-chart" direction="ltr">
      <title>{title}</title>
      {[0, 0.5, 1].map((v) => (
        <g key={v}>
          <line x1={left} x2={width - 10} y1={y(v)} y2={y(v)} stroke="#c9d0d8" />
          <text x={left - 6} y={y(v) + 4} fontSize="12" textAnchor="end" fill="#4d5560">{pct(v)}</text>
        </g>
      ))}
      {points.length ? (
        <>
          <path d={`${path} L${x(points.length - 1).toFixed(1)},${y(0)} L${x(0).toFixed(1)},${y(0)} Z`} fill="#0b5cad" fillOpacity="0.12" />
          <path d={path} fill="none" stroke="#0b5cad" strokeWidth="2" />
          <text x={left} y={height - 4} fontSize="12" fill="#4d5560">{isolateFor(time(points[0]!.at), "ltr")}</text>
          <text x={width - 10} y={height - 4} fontSize="12" textAnchor="end" fill="#4d5560">{isolateFor(time(last!.at), "ltr")}</text>
        </>
      ) : null}
    </svg>
  );
}
