import * as fontkit from "fontkit";
const ar = fontkit.openSync("/tmp/outline/probe/node_modules/@expo-google-fonts/noto-sans-arabic/400Regular/NotoSansArabic_400Regular.ttf");
const sc = fontkit.openSync("/tmp/outline/probe/node_modules/@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf");
for (const [n,f] of [["ar",ar],["sc",sc]]) console.log(n, f.postscriptName, f.numGlyphs, "digits", f.hasGlyphForCodePoint(0x31), "A", f.hasGlyphForCodePoint(0x41), "%", f.hasGlyphForCodePoint(0x25), "—", f.hasGlyphForCodePoint(0x2014), "≥", f.hasGlyphForCodePoint(0x2265), "ar", f.hasGlyphForCodePoint(0x0645), "٪", f.hasGlyphForCodePoint(0x066a), "GSUB", !!f.GSUB);
const run = ar.layout("مرحبا بالعالم");
console.log(run.direction, run.script, run.glyphs.map(g=>g.name).join(" "));
const run2 = ar.layout("123 abc");
console.log(run2.direction, run2.script);
