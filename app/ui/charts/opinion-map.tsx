import { useTranslation } from "react-i18next";

export const GROUP_COLOURS = ["#0b5cad", "#b3261e", "#1f7a3a", "#8a4b00", "#6a1b9a"];
const SHAPES = ["circle", "square", "triangle", "diamond", "cross"] as const;

export interface MapPoint {
  x: number;
  y: number;
  group: number;
  highlighted: boolean;
}

function Marker({ shape, cx, cy, fill, opacity }: { shape: (typeof SHAPES)[number]; cx: number; cy: number; fill: string; opacity: number }) {
  const r = 4;
  switch (shape) {
    case "square":
      return <rect x={cx - r} y={cy - r} width={2 * r} height={2 * r} fill={fill} opacity={opacity} />;
    case "triangle":
      return <polygon points={`${cx},${cy - r - 1} ${cx - r - 1},${cy + r} ${cx + r + 1},${cy + r}`} fill={fill} opacity={opacity} />;
    case "diamond":
      return <polygon points={`${cx},${cy - r - 1} ${cx - r - 1},${cy} ${cx},${cy + r + 1} ${cx + r + 1},${cy}`} fill={fill} opacity={opacity} />;
    case "cross":
      return <path d={`M${cx - r},${cy - r}L${cx + r},${cy + r}M${cx - r},${cy + r}L${cx + r},${cy - r}`} stroke={fill} strokeWidth={2} opacity={opacity} />;
    default:
      return <circle cx={cx} cy={cy} r={r} fill={fill} opacity={opacity} />;
  }
}

/**
 * The opinion map: each participant a point in the 2-D projection, coloured and shaped by opinion
 * group (colour is never the only cue). Points carry no identifier and link to nobody.
 * Not mirrored on right-to-left pages: the projection's axes have no reading direction, and the
 * same map in every language lets people in one room speak of "the group on the left".
 */
export function OpinionMap({ points, groupLabels, description }: { points: MapPoint[]; groupLabels: string[]; description: string }) {
  const { t } = useTranslation();
  const size = 420;
  const pad = 20;
  const xs = points.map((p) => p.x);
  const ys = points.map((p) => p.y);
  const span = Math.max(1e-9, Math.max(...xs.map(Math.abs), ...ys.map(Math.abs)));
  const sx = (v: number) => size / 2 + (v / span) * (size / 2 - pad);
  const sy = (v: number) => size / 2 - (v / span) * (size / 2 - pad);
  return (
    <figure className="opinion-map">
      <svg viewBox={`0 0 ${size} ${size}`} width="100%" style={{ maxInlineSize: size }} role="img" aria-label={description}>
        <title>{t("charts.mapTitle")}</title>
        <line x1={size / 2} x2={size / 2} y1={pad / 2} y2={size - pad / 2} stroke="#c9d0d8" />
        <line y1={size / 2} y2={size / 2} x1={pad / 2} x2={size - pad / 2} stroke="#c9d0d8" />
        {points.map((p, i) => (
          <Marker key={i} shape={SHAPES[p.group % SHAPES.length]!} cx={sx(p.x)} cy={sy(p.y)} fill={GROUP_COLOURS[p.group % GROUP_COLOURS.length]!} opacity={p.highlighted ? 0.85 : 0.15} />
        ))}
      </svg>
      <figcaption>
        <ul className="legend">
          {groupLabels.map((label, g) => (
            <li key={g}>
              <svg width="14" height="14" aria-hidden="true"><Marker shape={SHAPES[g % SHAPES.length]!} cx={7} cy={7} fill={GROUP_COLOURS[g % GROUP_COLOURS.length]!} opacity={1} /></svg> {label}
            </li>
          ))}
        </ul>
      </figcaption>
    </figure>
  );
}
