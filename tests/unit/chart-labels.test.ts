import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import "../../app/i18n/i18n";
import { estimateTextWidth, fitLabel, GroupBars } from "../../app/ui/charts/group-bars";

const LONG = "Civil society organisations and citizens' assemblies of the Global South";

function labels(svg: string) {
  return [...svg.matchAll(/<text x="([\d.]+)"[^>]*text-anchor="end"[^>]*>(.*?)<\/text>/gs)].map((m) => ({
    x: Number(m[1]),
    title: /<title>(.*?)<\/title>/.exec(m[2]!)?.[1],
    lines: [...m[2]!.matchAll(/<tspan[^>]*>(.*?)<\/tspan>/g)].map((t) => t[1]!.replace(/&#x27;/g, "'")),
  }));
}

describe("chart labels are never clipped", () => {
  it("every line of every label fits left of its anchor, and the full name stays in a title", () => {
    const svg = renderToStaticMarkup(
      createElement(GroupBars, {
        title: "Agree rate",
        rows: [
          { name: "Government", rate: 0.8, low: 0.6, high: 0.9, n: 12 },
          { name: LONG, rate: 0.4, low: 0.2, high: 0.6, n: 9 },
          { name: "Supercalifragilisticexpialidociousgroupname", rate: 0.5, low: 0.3, high: 0.7, n: 8 },
        ],
      }),
    );
    expect(svg).toContain('viewBox="0 0 560');
    expect(svg).toContain('width="100%"');
    const found = labels(svg);
    expect(found).toHaveLength(3);
    for (const l of found) {
      expect(l.lines.length).toBeLessThanOrEqual(2);
      for (const line of l.lines) expect(estimateTextWidth(line), line).toBeLessThanOrEqual(l.x);
    }
    expect(found[1]!.title).toBe(LONG.replace(/'/g, "&#x27;"));
    expect(found[1]!.lines.join(" ")).toMatch(/…$/);
    expect(found[0]!.lines).toEqual(["Government"]);
  });

  it("wraps at spaces before cutting", () => {
    expect(fitLabel("Civil society", 200)).toEqual(["Civil society"]);
    expect(fitLabel("Civil society groups", estimateTextWidth("Civil society"))).toEqual(["Civil society", "groups"]);
  });
});
