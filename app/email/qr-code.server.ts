import QRCode from "qrcode";

const escapeXml = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

/**
 * A link as a QR code: an SVG document rendered on the server (no script, sharp at any size on a
 * projector), titled with the link itself so a screen reader and a copy of the file say what it opens.
 */
export async function qrCodeSvg(link: string, label: string): Promise<string> {
  const svg = await QRCode.toString(link, { type: "svg", errorCorrectionLevel: "M", margin: 2, color: { dark: "#000000", light: "#ffffff" } });
  return svg.replace(/^<svg([^>]*)>/, `<svg$1 role="img" aria-label="${escapeXml(label)}"><title>${escapeXml(link)}</title>`);
}
