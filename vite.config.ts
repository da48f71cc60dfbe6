import { vitePlugin as remix } from "@remix-run/dev";
import { defineConfig, type Plugin } from "vite";
import { fileURLToPath } from "node:url";

declare module "@remix-run/node" {
  interface Future {
    v3_singleFetch: true;
  }
}

/**
 * Worker-thread entries built beside the server bundle (build/server/<name>.js), where the code
 * that starts them looks for them (app/interop/polis-parse.server.ts,
 * app/consensus/parallel/map-stability-pool.server.ts).
 */
function serverWorkers(entries: Record<string, string>): Plugin {
  let ssr = false;
  return {
    name: "accord-server-workers",
    apply: "build",
    configResolved(config) {
      ssr = Boolean(config.build.ssr);
    },
    buildStart() {
      if (!ssr) return;
      for (const [name, id] of Object.entries(entries)) this.emitFile({ type: "chunk", id, fileName: `${name}.js` });
    },
  };
}

export default defineConfig({
  resolve: { alias: { "~": fileURLToPath(new URL("./app", import.meta.url)) } },
  server: { hmr: process.env.NODE_ENV === "test" ? false : undefined },
  // Pre-bundle the collaboration libraries together, so development never loads two copies of Yjs.
  optimizeDeps: { include: ["yjs", "@hocuspocus/provider", "@codemirror/state", "@codemirror/view", "y-codemirror.next", "diff"] },
  plugins: [
    serverWorkers({ "polis-parse-worker": "app/interop/polis-parse-worker.ts", "map-stability-worker": "app/consensus/parallel/map-stability-worker.ts", "round-consensus-worker": "app/results/round-consensus-worker.ts" }),
    remix({
      ignoredRouteFiles: ["**/*.test.*", "**/*.server.test.*"],
      future: {
        v3_fetcherPersist: true,
        v3_relativeSplatPath: true,
        v3_throwAbortReason: true,
        v3_singleFetch: true,
        v3_lazyRouteDiscovery: true,
        v3_routeConfig: true,
      },
    }),
  ],
});
