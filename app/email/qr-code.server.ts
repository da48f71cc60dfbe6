import QRCode from "qrcode";

/** A link as a QR code: an SVG document string, rendered on the server (no script, scales to any screen). */
export async function qrCodeSvg(link: string): Promise<string> {
  return QRCode.toString(link, { type: "svg", errorCorrectionLevel: "M", margin: 2, color: { dark: "#000000", light: "#ffffff" } });
}
