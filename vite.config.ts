import { vitePlugin as remix } from "@remix-run/dev";
import { defineConfig } from "vite";
import { fileURLToPath } from "node:url";

declare module "@remix-run/node" {
  interface Future {
    v3_singleFetch: true;
  }
}

export default defineConfig({
  resolve: { alias: { "~": fileURLToPath(new URL("./app", import.meta.url)) } },
  server: { hmr: process.env.NODE_ENV === "test" ? false : undefined },
  // Pre-bundle the collaboration libraries together, so development never loads two copies of Yjs.
  optimizeDeps: { include: ["yjs", "@hocuspocus/provider", "@codemirror/state", "@codemirror/view", "y-codemirror.next", "diff"] },
  plugins: [
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
