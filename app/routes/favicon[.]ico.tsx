import { readFile } from "node:fs/promises";
import path from "node:path";

// Browsers ask for /favicon.ico on documents without a <link rel="icon"> (e.g. the standalone
// report pages): answer with the SVG icon instead of a 404.
export async function loader() {
  const svg = await readFile(path.join(process.cwd(), "public", "favicon.svg"));
  return new Response(svg, { headers: { "Content-Type": "image/svg+xml", "Cache-Control": "public, max-age=86400" } });
}
