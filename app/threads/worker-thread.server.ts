/**
 * Starting a worker thread from source or from the production build. From source (tsx, Vite's dev
 * server, Vitest) the calling module is a .ts file and the worker is loaded through tsx's ESM API
 * (its `require` entry cannot register the ESM loader in a worker); from the production build the
 * worker sits beside the server bundle as plain JavaScript, emitted by the `serverWorkers` plugin in
 * vite.config.ts under `builtName`.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { Worker, type WorkerOptions } from "node:worker_threads";

function tsxEsmApi(from: string): string {
  const manifest = createRequire(from).resolve("tsx/package.json");
  const { exports } = JSON.parse(readFileSync(manifest, "utf8")) as { exports: Record<string, { import: { default: string } }> };
  const api = exports["./esm/api"];
  if (!api) throw new Error(`${manifest} has no "./esm/api" export: a worker thread cannot start under tsx.`);
  return pathToFileURL(path.join(path.dirname(manifest), api.import.default)).href;
}

/**
 * @param callerUrl the caller's `import.meta.url`
 * @param sourcePath the worker's source file, relative to the caller ("./x-worker.ts")
 * @param builtName its name beside the server bundle ("x-worker": build/server/x-worker.js)
 */
export function startWorkerThread(callerUrl: string, sourcePath: string, builtName: string, options: WorkerOptions = {}): Worker {
  if (callerUrl.endsWith(".ts")) {
    const file = new URL(sourcePath, callerUrl).href;
    const boot = `import(${JSON.stringify(tsxEsmApi(callerUrl))}).then((api) => api.tsImport(${JSON.stringify(file)}, ${JSON.stringify(callerUrl)}))`;
    return new Worker(boot, { ...options, eval: true });
  }
  return new Worker(new URL([`./${builtName}`, "js"].join("."), callerUrl), options);
}
