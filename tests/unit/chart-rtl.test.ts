import { createElement, type ReactElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { I18nextProvider } from "react-i18next";
import { describe, expect, it } from "vitest";
import { formatPercent } from "../../app/i18n/format";
import { i18n } from "../../app/i18n/i18n";
import { estimateTextWidth, GroupBars, type BarRow } from "../../app/ui/charts/group-bars";
import { TurnoutChart } from "../../app/ui/charts/turnout-chart";

const WIDTH = 560;

function inLanguage(language: string, element: ReactElement): string {
  return renderToStaticMarkup(createElement(I18nextProvider, { i18n: i18n.cloneInstance({ lng: language, initAsync: false }) }, element));
}

const ROWS: BarRow[] = [
  { name: "Government", rate: 0.8, low: 0.6, high: 0.9, n: 12 },
  { name: "Civil society organisations of the Global South", rate: 0.4, low: 0.2, high: 0.6, n: 9 },
  { name: "Industry", rate: null, low: null, high: null, n: 0 },
  { name: "Academia", rate: 0, low: 0, high: 0.3, n: 6 },
];
const bars = (language: string) => inLanguage(language, createElement(GroupBars, { rows: ROWS, title: "Agree rate", threshold: 0.6 }));

const attr = (tag: string, name: string) => Number(new RegExp(`\\s${name}="([-\\d.]+)"`).exec(tag)?.[1]);
const tags = (svg: string, name: string) => [...svg.matchAll(new RegExp(`<${name}\\b[^>]*>`, "g"))].map((m) => m[0]);
const rects = (svg: string) => tags(svg, "rect").map((r) => ({ x: attr(r, "x"), width: attr(r, "width") }));
const lines = (svg: string) => tags(svg, "line").map((l) => ({ x1: attr(l, "x1"), x2: attr(l, "x2"), y1: attr(l, "y1") }));
/** the group names: <text> elements anchored at their end, with their lines */
const names = (svg: string) =>
  [...svg.matchAll(/<text x="([\d.]+)"[^>]*text-anchor="end"[^>]*>(.*?)<\/text>/gs)].map((m) => ({
    x: Number(m[1]),
    lines: [...m[2]!.matchAll(/<tspan[^>]*>(.*?)<\/tspan>/g)].map((t) => t[1]!),
  }));
/** the axis ticks: <text> anchored in the middle, with their label */
const ticks = (svg: string) => [...svg.matchAll(/<text x="([\d.]+)"[^>]*text-anchor="middle"[^>]*>(.*?)<\/text>/g)].map((m) => ({ x: Number(m[1]), label: m[2]! }));

describe("the group bars on a right-to-left page", () => {
  it("are the mirror image of the left-to-right chart", () => {
    const ltr = bars("en");
    const rtl = bars("ar");
    expect(ltr).toContain('direction="ltr"');
    expect(rtl).toContain('direction="rtl"');
    // every vertical line (axis, threshold, whiskers) at the mirrored x
    const l = lines(ltr);
    const r = lines(rtl);
    expect(r).toHaveLength(l.length);
    r.forEach((line, i) => {
      expect(line.x1).toBeCloseTo(WIDTH - l[i]!.x1, 6);
      expect(line.x2).toBeCloseTo(WIDTH - l[i]!.x2, 6);
    });
    // every bar covers the mirrored span
    const lb = rects(ltr);
    const rb = rects(rtl);
    expect(rb).toHaveLength(3);
    rb.forEach((bar, i) => {
      expect(bar.width).toBe(lb[i]!.width);
      expect(bar.x).toBeCloseTo(WIDTH - (lb[i]!.x + lb[i]!.width), 6);
    });
  });

  it("put the names on the right and grow the bars leftward from a 0 % axis on the right", () => {
    const svg = bars("ar");
    const found = names(svg);
    expect(found).toHaveLength(ROWS.length);
    const [zero, half, full] = ticks(svg);
    expect(zero!.label).toBe(formatPercent(0, "ar"));
    expect(full!.label).toBe(formatPercent(1, "ar"));
    expect(zero!.x).toBeGreaterThan(half!.x);
    expect(half!.x).toBeGreaterThan(full!.x);
    expect(zero!.x).toBeGreaterThan(WIDTH / 2);
    for (const bar of rects(svg)) expect(bar.x + bar.width).toBeCloseTo(zero!.x, 6);
    // a higher rate reaches further left
    const [government, civil, academia] = rects(svg);
    expect(government!.x).toBeLessThan(civil!.x);
    expect(civil!.x).toBeLessThan(academia!.x);
    // each name sits right of the axis and, anchored at its end (its left in rtl), fits before the edge
    for (const name of found) {
      expect(name.x).toBeGreaterThan(zero!.x);
      for (const line of name.lines) expect(name.x + estimateTextWidth(line), line).toBeLessThanOrEqual(WIDTH);
    }
  });

  it("write the numbers in the page's language", () => {
    const french = bars("fr");
    expect(french).toContain(`>${formatPercent(0.8, "fr")} · n=12<`);
    expect(ticks(french).map((t) => t.label)).toEqual([0, 0.5, 1].map((v) => formatPercent(v, "fr")));
    expect(formatPercent(0.5, "fr")).not.toBe("50 %");
    expect(bars("en")).toContain(">80 % · n=12<");
  });
});

describe("the turnout chart on a right-to-left page", () => {
  const points = [
    { at: "2026-12-01T10:00:00.000Z", voters: 2, turnout: 0.1 },
    { at: "2026-12-01T12:00:00.000Z", voters: 6, turnout: 0.3 },
    { at: "2026-12-02T09:00:00.000Z", voters: 14, turnout: 0.7 },
  ];
  const chart = (language: string) => inLanguage(language, createElement(TurnoutChart, { points, title: "Turnout", time: (iso: string) => iso.slice(0, 10) }));

  it("keeps time running left to right, with anchors that mean left and right", () => {
    const rtl = chart("ar");
    expect(rtl).toContain('direction="ltr"');
    const paths = (svg: string) => tags(svg, "path").map((p) => /\sd="([^"]+)"/.exec(p)?.[1]);
    expect(paths(rtl)).toEqual(paths(chart("en")));
    // the first moment's label at the left, the last's at the right
    const first = /<text x="([\d.]+)"[^>]*>2026-12-01<\/text>/.exec(rtl);
    const last = /<text x="([\d.]+)"[^>]*text-anchor="end"[^>]*>2026-12-02<\/text>/.exec(rtl);
    expect(Number(first?.[1])).toBeLessThan(Number(last?.[1]));
  });

  it("writes its percentages in the page's language", () => {
    expect(chart("zh")).toContain(">100%<");
    expect(chart("en")).toContain(">100 %<");
    expect(chart("fr")).toContain(`>${formatPercent(1, "fr")}<`);
  });
});

describe("label widths", () => {
  it("count Chinese characters a full em wide, so a Chinese name is not cut short on screen", () => {
    expect(estimateTextWidth("政府代表")).toBe(4 * 12);
    expect(estimateTextWidth("政府代表")).toBeGreaterThan(estimateTextWidth("gove"));
  });
});
