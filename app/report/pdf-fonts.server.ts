/**
 * The fonts of the PDF report, per language (docs/decisions/052). Latin languages use the standard
 * Helvetica family (nothing embedded, WinAnsi text). Chinese (Simplified) embeds Noto Sans SC and
 * Arabic IBM Plex Sans Arabic (both SIL Open Font License 1.1), shipped as TTF by the npm packages
 * @expo-google-fonts/noto-sans-sc and @expo-google-fonts/ibm-plex-sans-arabic; pdfkit embeds only
 * the glyphs a document uses (a subset), so a report stays small however large the font file is.
 * IBM Plex Sans Arabic, not Noto Sans Arabic: Noto draws a letter's joined form as a shared
 * skeleton plus separate dots, so a PDF's text could not say which letter a skeleton was (text
 * extraction and search read the wrong letters); Plex has one glyph per letter form.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import * as fontkit from "fontkit";
import type { Language } from "../i18n/languages";

export interface PdfFonts {
  regular: string;
  bold: string;
  italic: string;
  boldItalic: string;
  /** embedded TrueType fonts: text is kept as Unicode (glyphs it lacks are replaced); else WinAnsi */
  embedded: boolean;
  /** true when the font can draw this code point */
  covers(codePoint: number): boolean;
}

const STANDARD: PdfFonts = {
  regular: "Helvetica",
  bold: "Helvetica-Bold",
  italic: "Helvetica-Oblique",
  boldItalic: "Helvetica-BoldOblique",
  embedded: false,
  covers: () => true,
};

const FILES = {
  zh: { regular: "@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf", bold: "@expo-google-fonts/noto-sans-sc/700Bold/NotoSansSC_700Bold.ttf" },
  ar: { regular: "@expo-google-fonts/ibm-plex-sans-arabic/400Regular/IBMPlexSansArabic_400Regular.ttf", bold: "@expo-google-fonts/ibm-plex-sans-arabic/700Bold/IBMPlexSansArabic_700Bold.ttf" },
} as const;

type Embedded = keyof typeof FILES;

/** The font files, read once per process (about 10 MB each for Chinese) and only when a report in that language is drawn. */
const loaded = new Map<Embedded, { regular: Buffer; bold: Buffer; font: fontkit.Font }>();

function load(language: Embedded) {
  let fonts = loaded.get(language);
  if (!fonts) {
    const require = createRequire(import.meta.url);
    const regular = readFileSync(require.resolve(FILES[language].regular));
    const bold = readFileSync(require.resolve(FILES[language].bold));
    fonts = { regular, bold, font: fontkit.create(regular) };
    loaded.set(language, fonts);
  }
  return fonts;
}

/** Registers the language's fonts with a document and names them. */
export function registerPdfFonts(doc: PDFKit.PDFDocument, language: Language): PdfFonts {
  if (language !== "zh" && language !== "ar") return STANDARD;
  const files = load(language);
  const regular = `Accord-${language}-Regular`;
  const bold = `Accord-${language}-Bold`;
  doc.registerFont(regular, files.regular);
  doc.registerFont(bold, files.bold);
  // neither family has an italic: emphasis falls back to the upright face
  return { regular, bold, italic: regular, boldItalic: bold, embedded: true, covers: (cp) => files.font.hasGlyphForCodePoint(cp) };
}
