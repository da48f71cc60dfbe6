/**
 * `npm run --silent verify -- <report URL or folder>`: check a published report's open-data bundle
 * against its manifest and recompute every number of report.json from the bundle alone.
 *   URL:    the public page of a version, http(s)://host/reports/:id/:version (files under it)
 *   folder: a folder holding the bundle's files
 * Exit 0: everything matches. Exit 1: a file was changed or is missing, or a number does not match
 * (each one named). Exit 2: the input cannot be read (a sentence on stderr says why).
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { BUNDLE_FILES, BundleError } from "../report/open-data-bundle";
import { describeMismatch, verifyOpenDataBundle } from "./verify-bundle";

function unreadable(message: string): never {
  process.stderr.write(`verify: ${message}\n`);
  process.exit(2);
}

async function fetchText(url: string): Promise<{ status: number; text: string }> {
  try {
    const response = await fetch(url, { redirect: "follow" });
    return { status: response.status, text: response.ok ? await response.text() : "" };
  } catch (error) {
    unreadable(`could not reach ${url} (${error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : String(error)}).`);
  }
}

/** manifest.json first, then every file it lists. A listed file that cannot be fetched is left out (reported as missing). */
async function readFromUrl(address: string): Promise<Record<string, string>> {
  const base = address.replace(/[?#].*$/, "").replace(/\/+$/, "");
  if (!/\/reports\/[^/]+\/\d+$/.test(base)) unreadable(`${address} is not the address of a published report version (…/reports/<id>/<version>).`);
  const manifest = await fetchText(`${base}/manifest.json`);
  if (manifest.status !== 200) unreadable(`${base}/manifest.json answered ${manifest.status}: is this a published version whose open data is public?`);
  const files: Record<string, string> = { "manifest.json": manifest.text };
  let listed: string[] = [];
  try {
    const parsed = JSON.parse(manifest.text) as { files?: { name?: unknown }[] };
    listed = (parsed.files ?? []).map((f) => f.name).filter((n): n is string => typeof n === "string" && /^[\w.-]+$/.test(n));
  } catch {
    // readOpenDataBundle says what is wrong with it
  }
  for (const name of listed) {
    const file = await fetchText(`${base}/${name}`);
    if (file.status === 200) files[name] = file.text;
  }
  return files;
}

function readFromFolder(dir: string): Record<string, string> {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) unreadable(`${dir} is neither a folder nor a report address (http(s)://…/reports/<id>/<version>).`);
  const files: Record<string, string> = {};
  const names = new Set<string>([...BUNDLE_FILES, ...readdirSync(dir)]);
  for (const name of names) {
    const file = path.join(dir, name);
    if (existsSync(file) && statSync(file).isFile()) files[name] = readFileSync(file, "utf8");
  }
  return files;
}

const target = process.argv[2];
if (!target) unreadable("give the address of a published report version or a folder with its open data, e.g. npm run --silent verify -- https://example.org/reports/abc/1");
const files = /^https?:\/\//i.test(target) ? await readFromUrl(target) : readFromFolder(target);

let result;
try {
  result = verifyOpenDataBundle(files);
} catch (error) {
  if (!(error instanceof BundleError)) throw error;
  if (error.kind === "unreadable") unreadable(error.message);
  process.stdout.write(`FAILED: ${error.message}\n`);
  process.exit(1);
}

for (const line of result.checked) process.stdout.write(`checked ${line}\n`);
for (const line of result.notRecomputable) process.stdout.write(`not recomputable from this bundle: ${line}\n`);
if (result.mismatches.length > 0) {
  for (const m of result.mismatches.slice(0, 50)) process.stdout.write(`MISMATCH ${describeMismatch(m)}\n`);
  if (result.mismatches.length > 50) process.stdout.write(`… and ${result.mismatches.length - 50} more\n`);
  process.stdout.write(`FAILED: ${result.mismatches.length} of ${result.numbers} numbers or labels do not match the bundle's data.\n`);
  process.exit(1);
}
process.stdout.write(`verified ${result.numbers} numbers in ${result.statements} statements\n`);
