/**
 * The report's colours and chart markers, defined once for every format (HTML/SVG and PDF), so a
 * legend reads the same wherever the report is read. Opinion groups are told apart by shape as well
 * as by colour (colour-blind readers, black-and-white print).
 */
export const REPORT_COLOURS = {
  text: "#1a1a1a",
  muted: "#5a5a5a",
  soft: "#333333",
  line: "#d0d0d0",
  rule: "#bbbbbb",
  accent: "#1b6ca8",
  noteBackground: "#f5f1e6",
  track: "#eeeeee",
  grid: "#cccccc",
  frame: "#cccccc",
  whisker: "#1a1a1a",
} as const;

/** One colour per opinion group (cycled). */
export const GROUP_COLOURS = ["#1b6ca8", "#c0392b", "#2e8540", "#8e44ad", "#d35400", "#16a085", "#7f6000", "#5d6d7e"] as const;

export const MARKER_SHAPES = ["circle", "square", "triangle", "diamond", "cross", "star"] as const;
export type MarkerShape = (typeof MARKER_SHAPES)[number];

export function groupColour(group: number): string {
  return GROUP_COLOURS[group % GROUP_COLOURS.length]!;
}

export function groupShape(group: number): MarkerShape {
  return MARKER_SHAPES[group % MARKER_SHAPES.length]!;
}

/** A marker as geometry: each renderer draws it with its own primitives. */
export type MarkerGeometry =
  | { type: "circle"; cx: number; cy: number; r: number }
  | { type: "polygon"; points: [number, number][] }
  | { type: "cross"; lines: [[number, number], [number, number]][] };

export function markerGeometry(shape: MarkerShape, x: number, y: number, r = 4): MarkerGeometry {
  switch (shape) {
    case "circle":
      return { type: "circle", cx: x, cy: y, r };
    case "square":
      return { type: "polygon", points: [[x - r, y - r], [x + r, y - r], [x + r, y + r], [x - r, y + r]] };
    case "triangle":
      return { type: "polygon", points: [[x, y - r - 1], [x + r + 1, y + r], [x - r - 1, y + r]] };
    case "diamond":
      return { type: "polygon", points: [[x, y - r - 1], [x + r + 1, y], [x, y + r + 1], [x - r - 1, y]] };
    case "cross":
      return { type: "cross", lines: [[[x - r, y - r], [x + r, y + r]], [[x + r, y - r], [x - r, y + r]]] };
    case "star":
      return {
        type: "polygon",
        points: Array.from({ length: 10 }, (_, i) => {
          const a = (Math.PI / 5) * i - Math.PI / 2;
          const rr = i % 2 ? r * 0.5 : r + 1;
          return [x + rr * Math.cos(a), y + rr * Math.sin(a)] as [number, number];
        }),
      };
  }
}
