import QRCode from "qrcode";
import { describe, expect, it } from "vitest";
import { qrCodeSvg } from "../../app/email/qr-code.server";

/** The dark modules an SVG of the `qrcode` package draws: its stroke path, read command by command. */
function drawnModules(svg: string, margin: number): Set<string> {
  const d = /<path stroke="#000000" d="([^"]+)"/.exec(svg)![1]!;
  const dark = new Set<string>();
  let x = 0;
  let y = 0;
  for (const [, cmd, args] of d.matchAll(/([MmHh])([^MmHh]*)/g)) {
    const n = args!.trim().split(/[\s,]+/).map(Number);
    if (cmd === "M") [x, y] = [n[0]!, n[1]!];
    else if (cmd === "m") [x, y] = [x + n[0]!, y + n[1]!];
    else {
      for (let i = 0; i < n[0]!; i++) dark.add(`${x + i - margin},${Math.floor(y) - margin}`);
      x += n[0]!;
    }
  }
  return dark;
}

describe("invitation QR codes", () => {
  const link = "https://accord.example/join/Abc_def-0123456789abcdefghij&x=<1>";

  it("is an SVG document titled with the link (escaped) and labelled for screen readers", async () => {
    const svg = await qrCodeSvg(link, "QR code of the invitation link");
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" viewBox="0 0 (\d+) \1"[^>]* role="img" aria-label="QR code of the invitation link"><title>/);
    expect(svg).toContain("<title>https://accord.example/join/Abc_def-0123456789abcdefghij&amp;x=&lt;1&gt;</title>");
    expect(svg.trim().endsWith("</svg>")).toBe(true);
    // every element closes: a well-formed document has as many openings as closings
    const opened = [...svg.matchAll(/<(svg|title|path)\b[^>]*?(\/?)>/g)].filter((m) => m[2] !== "/").length;
    expect([...svg.matchAll(/<\/(svg|title|path)>/g)].length).toBe(opened);
  });

  it("draws exactly the modules of the QR code of this link (and not of another)", async () => {
    const svg = await qrCodeSvg(link, "QR");
    const code = QRCode.create(link, { errorCorrectionLevel: "M" });
    const expected = new Set<string>();
    for (let r = 0; r < code.modules.size; r++) for (let c = 0; c < code.modules.size; c++) if (code.modules.get(r, c)) expected.add(`${c},${r}`);
    const drawn = drawnModules(svg, 2);
    expect(drawn.size).toBe(expected.size);
    expect([...drawn].every((m) => expected.has(m))).toBe(true);
    const other = QRCode.create(link + "x", { errorCorrectionLevel: "M" });
    let differs = false;
    for (let r = 0; r < other.modules.size && !differs; r++) for (let c = 0; c < other.modules.size; c++) if (Boolean(other.modules.get(r, c)) !== drawn.has(`${c},${r}`)) differs = true;
    expect(differs).toBe(true);
  });
});
